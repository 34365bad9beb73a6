package rubrics

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// maxFileSize bounds a rubric file; real ones are a few kilobytes, a big
// lexicon a few hundred.
const maxFileSize = 8 << 20

// Load reads and parses the rubric file at path. Mistakes in the file come
// back as Errors (see Parse); a file that cannot be read gives the
// operating system's error.
func Load(path string) (*Rubric, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(data) > maxFileSize {
		return nil, Error{File: path, Line: 1, Column: 1,
			Msg: fmt.Sprintf("file is larger than %d MiB; a rubric should be far smaller", maxFileSize>>20)}
	}
	return Parse(path, data)
}

// Parse reads a rubric from YAML. name is what error messages call the
// file; it is also the rubric's Source, and its base name without extension
// is the rubric's name when the file gives none.
//
// Defaults are filled in: a criterion's kind settings start from
// NewParams and the file's keys are decoded over them (a list or map given
// in the file replaces the default one), weight defaults to 1, a criterion's
// or section's name to its id, and pass_score to 70.
//
// Every mistake found is reported, each as an Error with its line and
// column, joined with errors.Join; the rubric is nil when there is any.
func Parse(name string, data []byte) (*Rubric, error) {
	p := &parser{file: name}
	root := p.document(data)
	if root == nil {
		return nil, joinErrors(p.errs)
	}
	r := p.rubric(root)
	if len(p.errs) > 0 {
		return nil, joinErrors(p.errs)
	}
	if r.Name == "" {
		r.Name = strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	}
	sum := sha256.Sum256(data)
	r.Source = name
	r.Hash = hex.EncodeToString(sum[:])[:12]
	return r, nil
}

// parser collects the mistakes in one file as it walks the YAML nodes.
type parser struct {
	file string
	errs []Error
	// work counts the values visited; aliases and merge keys can make a
	// small file expand to a great many, so there is a limit.
	work int
}

// maxWork bounds the values one file may expand to through aliases.
const maxWork = 1 << 20

// spend counts n values visited at node at, and reports false (once with
// an error) when the file has gone over the limit.
func (p *parser) spend(at *yaml.Node, n int) bool {
	if p.work > maxWork {
		return false
	}
	p.work += n
	if p.work > maxWork {
		p.errorf(at, "the file expands to more than %d values through aliases; use fewer aliases", maxWork)
		return false
	}
	return true
}

// errorf records a mistake at n (the top of the file when n is nil).
func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	if len(p.errs) > 10*maxErrors {
		return // only the first maxErrors are reported
	}
	line, col := 1, 1
	if n != nil && n.Line > 0 {
		line, col = n.Line, n.Column
	}
	p.errs = append(p.errs, Error{File: p.file, Line: line, Column: col, Msg: fmt.Sprintf(format, args...)})
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// document parses data as one YAML document and returns its top node, or
// nil after recording why there is none.
func (p *parser) document(data []byte) (root *yaml.Node) {
	if line, col, msg, ok := badText(data); !ok {
		p.errs = append(p.errs, Error{File: p.file, Line: line, Column: col, Msg: msg})
		return nil
	}
	var doc, next yaml.Node
	err := decodeYAML(data, &doc, &next)
	switch {
	case err == io.EOF:
		p.errorf(nil, "the file is empty; a rubric needs at least criteria: (run iqa rubric init for a template)")
		return nil
	case err != nil:
		p.syntaxError(data, err)
		return nil
	case next.Kind != 0:
		p.errorf(&next, "the file holds more than one YAML document; put one rubric in each file")
		return nil
	}
	root = &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	root = resolve(root)
	if root == nil || root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		p.errorf(root, "the file is empty; a rubric needs at least criteria: (run iqa rubric init for a template)")
		return nil
	}
	if root.Kind != yaml.MappingNode {
		p.errorf(root, "a rubric must be a mapping of keys such as name:, pass_score: and criteria:, not %s", describe(root))
		return nil
	}
	return root
}

// decodeYAML decodes the first document of data into doc and the second, if
// any, into next. yaml.v3 panics on a few malformed inputs; that becomes an
// error too.
func decodeYAML(data []byte, doc, next *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(doc); err != nil {
		return err
	}
	if err := dec.Decode(next); err != nil && err != io.EOF {
		return err
	}
	return nil
}

// syntaxError turns yaml.v3's "yaml: line N: reason" into an Error at the
// line where the problem is, with a hint for the usual causes.
func (p *parser) syntaxError(data []byte, err error) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 1
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	lines := bytes.Split(data, []byte("\n"))
	if strings.Contains(msg, "end of stream") {
		// yaml.v3 reports the end of the file; the quote or bracket left
		// open is further up.
		line = 1
	}
	line = problemLine(lines, line, msg)
	text := lines[line-1]
	switch {
	case bytes.Contains(text, []byte("\t")) || strings.Contains(msg, "tab"):
		msg += " (indent with spaces; YAML does not allow tabs)"
	case strings.Contains(msg, "mapping values are not allowed"):
		msg += ` (put quotes around a value that holds ": ")`
	case strings.Contains(msg, "end of stream"):
		msg += " (a quote or bracket opened on this line is not closed)"
	case strings.Contains(msg, "did not find expected"):
		msg += " (check the indentation, brackets and quotes on this line and the one before)"
	}
	p.errs = append(p.errs, Error{File: p.file, Line: line, Msg: "invalid YAML: " + msg})
}

// problemLine finds the line a YAML syntax error is on. yaml.v3 reports
// some errors at the line where the enclosing block starts (counting from
// 0) and some at no line. A prefix of the file that takes in the problem
// fails with the same message, and shorter ones mostly do not, so a binary
// search over prefixes from the reported line on finds the line that
// makes the difference.
func problemLine(lines [][]byte, reported int, msg string) int {
	failsAlike := func(k int) bool {
		var doc, next yaml.Node
		err := decodeYAML(bytes.Join(lines[:k], []byte("\n")), &doc, &next)
		if err == nil || err == io.EOF {
			return false
		}
		got := strings.TrimPrefix(err.Error(), "yaml: ")
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			got = m[2]
		}
		return got == msg
	}
	lo, hi := max(0, min(reported, len(lines))-1), len(lines)
	if lo > 0 && failsAlike(lo) {
		lo = 0
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if failsAlike(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return max(1, hi)
}

// badText finds the first byte that is not UTF-8 or is a control
// character YAML forbids; ok when there is none.
func badText(data []byte) (line, col int, msg string, ok bool) {
	line, col = 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return line, col, "the file is not UTF-8 text (save it as UTF-8)", false
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r',
			r >= 0x7f && r <= 0x9f && r != 0x85,
			r == 0xfffe || r == 0xffff:
			return line, col, fmt.Sprintf("control character %U is not allowed in YAML (remove it)", r), false
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return 0, 0, "", true
}

// resolve follows an alias to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 8; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.AliasNode {
		return nil
	}
	return n
}

// describe names what a node holds, for "must be X, not Y" messages.
func describe(n *yaml.Node) string {
	switch {
	case n == nil:
		return "nothing"
	case n.Kind == yaml.MappingNode:
		return "a mapping"
	case n.Kind == yaml.SequenceNode:
		return "a list"
	case n.Tag == "!!null":
		return "an empty value"
	}
	v := n.Value
	if r := []rune(v); len(r) > 40 {
		v = string(r[:40]) + "..."
	}
	return strconv.Quote(v)
}

// A pair is one key and its value in a mapping.
type pair struct {
	key, value *yaml.Node
}

// pairs lists a mapping's entries, values resolved, merge keys (<<: *x)
// expanded, and reports keys given twice and keys that are not text.
func (p *parser) pairs(n *yaml.Node) []pair {
	var out []pair
	seen := map[string]*yaml.Node{}
	p.collectPairs(n, &out, seen, map[*yaml.Node]bool{}, 0, false)
	return out
}

func (p *parser) collectPairs(n *yaml.Node, out *[]pair, seen map[string]*yaml.Node, visited map[*yaml.Node]bool,
	depth int, merged bool) {
	if n == nil || n.Kind != yaml.MappingNode || visited[n] || !p.spend(n, len(n.Content)/2+1) {
		return
	}
	visited[n] = true
	if depth > 8 {
		p.errorf(n, "merge keys (<<) nest too deeply")
		return
	}
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			merges = append(merges, v)
			continue
		}
		if k.Kind != yaml.ScalarNode || k.Tag == "!!null" {
			p.errorf(k, "a key must be a plain word, not %s", describe(k))
			continue
		}
		if v == nil {
			p.errorf(k, "the alias under %q refers to itself", k.Value)
			continue
		}
		if first, ok := seen[k.Value]; ok {
			if !merged {
				p.errorf(k, "key %q is given twice (first at line %d); keep one", k.Value, first.Line)
			}
			continue
		}
		seen[k.Value] = k
		*out = append(*out, pair{k, v})
	}
	// Keys written in the mapping win over merged ones, and earlier merges
	// over later ones.
	for _, m := range merges {
		var list []*yaml.Node
		switch {
		case m == nil:
		case m.Kind == yaml.MappingNode:
			list = []*yaml.Node{m}
		case m.Kind == yaml.SequenceNode:
			for _, item := range m.Content {
				list = append(list, resolve(item))
			}
		}
		for _, item := range list {
			if item == nil || item.Kind != yaml.MappingNode {
				p.errorf(m, "<< must merge a mapping or a list of mappings")
				continue
			}
			p.collectPairs(item, out, seen, visited, depth+1, true)
		}
		if len(list) == 0 {
			p.errorf(m, "<< must merge a mapping or a list of mappings")
		}
	}
}

// unknownKey reports a key that is not among valid.
func (p *parser) unknownKey(k *yaml.Node, where string, valid []string) {
	if s := suggest(k.Value, valid); s != "" {
		p.errorf(k, "unknown key %q %s (did you mean %q?)", k.Value, where, s)
		return
	}
	p.errorf(k, "unknown key %q %s (valid keys: %s)", k.Value, where, strings.Join(valid, ", "))
}

// The top-level keys, in the order Marshal writes them.
var topKeys = []string{"name", "version", "description", "pass_score", "pass_mark", "sections", "criteria", "lexicon"}

// rubric decodes the top-level mapping.
func (p *parser) rubric(root *yaml.Node) *Rubric {
	r := &Rubric{PassScore: 70, PassMark: 60}
	var sectionsNode, criteriaNode *yaml.Node
	pairs := p.pairs(root)
	// Sections first, so that criteria can be checked against them
	// wherever they are in the file.
	for _, kv := range pairs {
		if kv.key.Value == "sections" {
			sectionsNode = kv.value
			r.Sections = p.sections(kv.value)
		}
	}
	for _, kv := range pairs {
		k, v := kv.key, kv.value
		switch k.Value {
		case "name":
			r.Name, _ = p.str(k.Value, v)
		case "version":
			r.Version, _ = p.str(k.Value, v)
		case "description":
			r.Description, _ = p.str(k.Value, v)
		case "pass_score":
			if f, ok := p.float(k.Value, v); ok {
				if f < 0 || f > 100 {
					p.errorf(v, "pass_score must be between 0 and 100, not %s", v.Value)
				}
				r.PassScore = f
			}
		case "pass_mark":
			if f, ok := p.float(k.Value, v); ok {
				if f < 0 || f > 100 {
					p.errorf(v, "pass_mark must be between 0 and 100, not %s", v.Value)
				}
				r.PassMark = f
			}
		case "sections":
		case "criteria":
			criteriaNode = k
			r.Criteria = p.criteria(v, r.Sections, sectionsNode)
		case "lexicon":
			r.Lexicon = p.lexicon(v)
		default:
			p.unknownKey(k, "at the top level", topKeys)
		}
	}
	if criteriaNode == nil {
		p.errorf(root, "the rubric has no criteria: list (add one, or run iqa rubric init for a template)")
	} else if v := resolve(criteriaValue(root)); v != nil && v.Kind == yaml.SequenceNode && len(v.Content) == 0 {
		p.errorf(criteriaNode, "criteria is empty; a rubric needs at least one criterion")
	}
	return r
}

// criteriaValue returns the value of the top-level criteria key.
func criteriaValue(root *yaml.Node) *yaml.Node {
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "criteria" {
			return root.Content[i+1]
		}
	}
	return nil
}

// sections decodes the sections list and checks its ids.
func (p *parser) sections(n *yaml.Node) []Section {
	if !p.isList("sections", n) || !p.spend(n, len(n.Content)+1) {
		return nil
	}
	var out []Section
	seen := map[string]*yaml.Node{}
	for _, item := range n.Content {
		item = resolve(item)
		if item == nil || item.Kind != yaml.MappingNode {
			p.errorf(item, "a section must be a mapping with id: and name:, not %s", describe(item))
			continue
		}
		var s Section
		g := p.decodeStruct(item, &s, "in a section")
		switch {
		case g.value["id"] == nil:
			p.errorf(item, "section has no id (add id: a-short-name)")
		case !g.ok("id"):
		case s.ID == "":
			p.errorf(g.at("id"), "section id is empty")
		case seen[s.ID] != nil:
			p.errorf(g.at("id"), "duplicate section id %q (first at line %d); ids must be unique", s.ID, seen[s.ID].Line)
		default:
			seen[s.ID] = g.at("id")
		}
		if s.Name == "" {
			s.Name = s.ID
		}
		out = append(out, s)
	}
	return out
}

// lexicon decodes the word valences.
func (p *parser) lexicon(n *yaml.Node) map[string]float64 {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "lexicon must be a mapping of words to valences from -4 to 4, like {great: 3}, not %s", describe(n))
		return nil
	}
	out := map[string]float64{}
	for _, kv := range p.pairs(n) {
		if strings.TrimSpace(kv.key.Value) == "" {
			p.errorf(kv.key, "lexicon word is empty")
			continue
		}
		f, ok := p.float(fmt.Sprintf("lexicon valence of %q", kv.key.Value), kv.value)
		if !ok {
			continue
		}
		if f < -4 || f > 4 {
			p.errorf(kv.value, "lexicon valence of %q must be between -4 and 4, not %s", kv.key.Value, kv.value.Value)
		}
		out[kv.key.Value] = f
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// isList reports whether n is a list, recording a mistake when it is not.
func (p *parser) isList(key string, n *yaml.Node) bool {
	if n.Kind == yaml.SequenceNode {
		return true
	}
	p.errorf(n, "%s must be a list (one item per line starting with \"- \", or [a, b]), not %s", key, describe(n))
	return false
}

// scalar checks that n is a single value and not empty.
func (p *parser) scalar(key string, n *yaml.Node, want string) bool {
	switch {
	case n.Kind != yaml.ScalarNode:
		p.errorf(n, "%s must be %s, not %s", key, want, describe(n))
	case n.Tag == "!!null":
		p.errorf(n, "%s has no value; give %s or remove the key", key, want)
	default:
		return true
	}
	return false
}

// str decodes text; any single value is taken as text, and an empty value
// as "".
func (p *parser) str(key string, n *yaml.Node) (string, bool) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return "", true
	}
	if !p.scalar(key, n, "text") {
		return "", false
	}
	return n.Value, true
}

func (p *parser) float(key string, n *yaml.Node) (float64, bool) {
	if !p.scalar(key, n, "a number") {
		return 0, false
	}
	var f float64
	if (n.Tag != "!!int" && n.Tag != "!!float") || n.Decode(&f) != nil {
		p.errorf(n, "%s must be a number, not %s", key, describe(n))
		return 0, false
	}
	if f != f || f > 1e15 || f < -1e15 {
		p.errorf(n, "%s must be a finite number, not %s", key, n.Value)
		return 0, false
	}
	return f, true
}

func (p *parser) int(key string, n *yaml.Node) (int, bool) {
	if !p.scalar(key, n, "a whole number") {
		return 0, false
	}
	var i int64
	if n.Tag != "!!int" || n.Decode(&i) != nil {
		p.errorf(n, "%s must be a whole number, not %s", key, describe(n))
		return 0, false
	}
	if i < -1e9 || i > 1e9 {
		p.errorf(n, "%s is out of range: %s", key, n.Value)
		return 0, false
	}
	if i < 0 {
		p.errorf(n, "%s must not be negative, not %d", key, i)
		return 0, false
	}
	return int(i), true
}

func (p *parser) bool(key string, n *yaml.Node) (bool, bool) {
	if !p.scalar(key, n, "true or false") {
		return false, false
	}
	var b bool
	if n.Decode(&b) != nil {
		p.errorf(n, "%s must be true or false, not %s", key, describe(n))
		return false, false
	}
	return b, true
}

// duration decodes "90s", "4h", "1h30m" or a number of seconds.
func (p *parser) duration(key string, n *yaml.Node) (Duration, bool) {
	const want = `a duration like "60s", "4h" or "1h30m", or a number of seconds`
	if !p.scalar(key, n, want) {
		return 0, false
	}
	d, err := parseDuration(n.Value)
	switch err {
	case nil:
		return d, true
	case errNegative:
		p.errorf(n, "%s must not be negative, not %s", key, n.Value)
	case errOutOfRange:
		p.errorf(n, "%s is out of range: %s", key, n.Value)
	default:
		p.errorf(n, "%s must be %s, not %s", key, want, describe(n))
	}
	return 0, false
}

var (
	errNegative   = errors.New("negative")
	errOutOfRange = errors.New("out of range")
)

// parseDuration reads "90s", "4h", "1h30m" or a plain number of seconds.
func parseDuration(s string) (Duration, error) {
	s = strings.TrimSpace(s)
	if secs, err := strconv.ParseFloat(s, 64); err == nil {
		switch {
		case secs != secs || secs > 1e9 || secs < -1e9:
			return 0, errOutOfRange
		case secs < 0:
			return 0, errNegative
		}
		return Duration(secs * 1e9), nil
	}
	d, err := time.ParseDuration(s)
	switch {
	case err != nil:
		return 0, err
	case d < 0:
		return 0, errNegative
	}
	return Duration(d), nil
}

// strList decodes a list of text values.
func (p *parser) strList(key string, n *yaml.Node) ([]string, bool) {
	if !p.isList(key, n) || !p.spend(n, len(n.Content)+1) {
		return nil, false
	}
	out := make([]string, 0, len(n.Content))
	ok := true
	itemKey := "items of " + key
	for _, item := range n.Content {
		item = resolve(item)
		if item == nil || !p.scalar(itemKey, item, "text") {
			if item == nil {
				p.errorf(n, "%s holds an alias that refers to itself", key)
			}
			ok = false
			continue
		}
		out = append(out, item.Value)
	}
	return out, ok
}

// items returns a list node's items, resolved; nil entries for broken aliases.
func items(n *yaml.Node) []*yaml.Node {
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, len(n.Content))
	for i, item := range n.Content {
		out[i] = resolve(item)
	}
	return out
}

// errIsNotExist reports whether err says a file is missing.
func errIsNotExist(err error) bool { return errors.Is(err, os.ErrNotExist) }
