package importers

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// JSONRecords reads flat message records: one JSON object per message, with
// the same fields as a CSV row (found by the same names, see
// fieldSynonyms), as a JSON array, an object wrapping the array, or JSON
// Lines. It is the JSON twin of Csv and shares its grouping.
type JSONRecords struct{}

// Name implements Format.
func (JSONRecords) Name() string { return "json-records" }

// Expects implements Format.
func (JSONRecords) Expects() string {
	return `one JSON object per message {"conversation_id","timestamp","role","author","text",...} ` +
		`as an array, {"messages"|"records"|"data"|"items":[...]} or JSON Lines (name other keys with --col FIELD=KEY)`
}

// recordWrapperKeys are the keys a top-level object may hold the records under.
var recordWrapperKeys = []string{"messages", "records", "data", "items", "rows", "results"}

// Detect implements Format: the first record is a flat object with a text
// field and a conversation id, role, author or time. A record holding a
// list of objects (a platform's conversation) is not flat, and an object
// with an id beside its "messages" is a conversation, not a wrapper, so
// iqa's native files and conversation-level exports are left alone.
func (JSONRecords) Detect(head []byte, _ string) bool {
	if (Native{}).Detect(head, "") {
		return false
	}
	rec, ok := firstJSONRecord(head)
	if !ok {
		return false
	}
	for _, v := range rec {
		if list, ok := v.([]any); ok && len(list) > 0 {
			if _, isObject := list[0].(map[string]any); isObject {
				return false
			}
		}
	}
	names, _ := flattenRecord(rec)
	cols, _, err := resolveColumns(names, nil)
	return err == nil && cols.at[fText] >= 0 &&
		(cols.at[fConversation] >= 0 || cols.at[fRole] >= 0 || cols.at[fAuthor] >= 0 || cols.at[fTime] >= 0)
}

// firstJSONRecord decodes the first record of a JSON head: the first
// element of an array or of a wrapper's array, the first line of JSON
// Lines, or a lone object.
func firstJSONRecord(head []byte) (map[string]any, bool) {
	t := bytes.TrimLeft(head, " \t\r\n")
	if len(t) == 0 {
		return nil, false
	}
	if (t[0] == '{' || t[0] == '[') && isJSONLines(t) {
		line, _, _ := bytes.Cut(t, []byte("\n"))
		line = bytes.TrimSpace(line)
		if page, ok := pageRecords(line, recordWrapperKeys); ok && len(page) > 0 {
			line = page[0] // a page of records, as a pagination loop writes them
		}
		var rec map[string]any
		return rec, jsonUnmarshal(line, &rec) == nil && rec != nil
	}
	dec := json.NewDecoder(bytes.NewReader(t))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, false
	}
	if tok == json.Delim('[') {
		var rec map[string]any
		return rec, dec.More() && dec.Decode(&rec) == nil && rec != nil
	}
	if tok != json.Delim('{') {
		return nil, false
	}
	rec := map[string]any{}
	for dec.More() {
		keyTok, err := dec.Token()
		if err != nil {
			return nil, false
		}
		key, _ := keyTok.(string)
		if contains(recordWrapperKeys, key) {
			if key == "messages" && hasIDKey(rec, true) {
				return nil, false // a conversation with its messages
			}
			if next, err := dec.Token(); err != nil || next != json.Delim('[') {
				return nil, false
			}
			var first map[string]any
			if !dec.More() || dec.Decode(&first) != nil || first == nil {
				return nil, false
			}
			// Under "messages", records that do not name their conversation
			// are one conversation's turns (a messages API's page): flat
			// records too, unless they are iqa's own (Detect asks Native).
			return first, true
		}
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, false
		}
		rec[key] = v
	}
	return rec, true
}

// hasIDKey reports whether an object has a conversation id, or with
// plainID any "id".
func hasIDKey(obj map[string]any, plainID bool) bool {
	for k := range obj {
		if syn, ok := synonymOf[normKey(k)]; (ok && syn.field == int(fConversation)) || (plainID && normKey(k) == "id") {
			return true
		}
	}
	return false
}

// jsonUnmarshal is json.Unmarshal keeping numbers as written.
func jsonUnmarshal(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("text after the value")
	}
	return nil
}

// flattenRecord turns a record into sorted keys and their values as text.
// Nested objects are flattened one level ("author": {"name": ...} gives
// "author.name", which matches like "author_name"); lists of scalars are
// joined with commas; lists of objects (attachments) and deeper nesting are
// left out.
func flattenRecord(rec map[string]any) (names, values []string) {
	flat := map[string]string{}
	for k, v := range rec {
		if obj, ok := v.(map[string]any); ok {
			for k2, v2 := range obj {
				if s, ok := scalarText(v2); ok {
					flat[k+"."+k2] = s
				}
			}
			continue
		}
		if s, ok := scalarText(v); ok {
			flat[k] = s
		}
	}
	names = make([]string, 0, len(flat))
	for k := range flat {
		names = append(names, k)
	}
	sort.Strings(names)
	values = make([]string, len(names))
	for i, k := range names {
		values[i] = flat[k]
	}
	return names, values
}

// scalarText renders a JSON value as text when it is one: strings, numbers
// (as written), booleans, null (as empty), and lists of those.
func scalarText(v any) (string, bool) {
	switch v := v.(type) {
	case nil:
		return "", true
	case string:
		return v, true
	case json.Number:
		return v.String(), true
	case bool:
		return fmt.Sprint(v), true
	case []any:
		parts := make([]string, 0, len(v))
		for _, x := range v {
			s, ok := scalarText(x)
			if !ok {
				return "", false
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, ","), true
	}
	return "", false
}

// decodeFlatRecord reads one record, keeping numbers as written (an id
// such as 1234567890123 must not become 1.234567890123e+12).
func decodeFlatRecord(raw json.RawMessage) (map[string]any, bool) {
	var rec map[string]any
	if jsonUnmarshal(raw, &rec) != nil || rec == nil {
		return nil, false
	}
	return rec, true
}

// recordSample is the first records of a file as rows over the union of
// their keys, for finding a key whose values are role words.
type recordSample struct {
	names []string
	at    map[string]int // key to its column in names
	rows  [][]string
}

// maxSampleKeys bounds the keys a recordSample keeps.
const maxSampleKeys = 200

func (rs *recordSample) add(names, values []string) {
	if len(rs.rows) >= maxSampleRows {
		return
	}
	row := make([]string, len(rs.names), len(rs.names)+len(names))
	for i, k := range names {
		j, ok := rs.at[k]
		if !ok {
			if len(rs.names) >= maxSampleKeys {
				continue
			}
			j = len(rs.names)
			rs.at[k] = j
			rs.names = append(rs.names, k)
			row = append(row, "")
		}
		row[j] = values[i]
	}
	rs.rows = append(rs.rows, row)
}

// roleKey is the key that holds role words when no key is the role by its
// name or by --col (a "from" of Customer/Support beside a "name"), or "".
func (rs *recordSample) roleKey(overrides map[string]string, opts *Options) string {
	cols, _, _ := resolveColumns(rs.names, overrides)
	if !cols.needsRole(opts) {
		return ""
	}
	cols.roleFromValues(rs.rows, opts)
	if cols.at[fRole] < 0 {
		return ""
	}
	return rs.names[cols.at[fRole]]
}

// Decode implements Format. Pass one finds each conversation's last record
// (and whether the file has conversation ids at all); pass two reads the
// messages, grouped as Csv groups rows.
func (JSONRecords) Decode(src *Source) error {
	overrides := src.Opts.Columns
	if _, _, err := resolveColumns(nil, overrides); err != nil {
		return err
	}
	g := newGrouper(src)
	sample := &recordSample{at: map[string]int{}}
	seenOverride := map[string]bool{}
	hasIDs := false
	n := 0
	// Pass one reads through a silent Source: pass two reports every bad
	// record, once.
	quiet := &Source{Name: src.Name, R: src.R, Opts: src.Opts, Times: &TimeParser{}, ctx: src.ctx,
		reject: func(Reject) {}, warn: func(Warning) {}}
	err := EachJSONRecord(quiet, recordWrapperKeys, func(raw json.RawMessage, _ int) error {
		n++
		if n%4096 == 0 {
			if err := src.Err(); err != nil {
				return err
			}
		}
		rec, ok := decodeFlatRecord(raw)
		if !ok {
			return nil
		}
		names, values := flattenRecord(rec)
		sample.add(names, values)
		cols, missing, _ := resolveColumns(names, overrides)
		for k, v := range overrides {
			if !contains(missing, k+"="+v) {
				seenOverride[k] = true
			}
		}
		if i := cols.at[fConversation]; i >= 0 {
			hasIDs = true
			g.see(strings.TrimSpace(values[i]), n)
		}
		return nil
	})
	if err != nil {
		return err
	}
	var never []string
	for k, v := range overrides {
		if !seenOverride[k] {
			never = append(never, k+"="+v)
		}
	}
	if len(never) > 0 {
		sort.Strings(never)
		return fmt.Errorf("--col %s: no record has this key", strings.Join(never, ", --col "))
	}
	if !hasIDs {
		g.single = fileConversationID(src.Name)
	}
	roleKey := sample.roleKey(overrides, src.Opts)

	text, err := src.Reopen()
	if err != nil {
		return err
	}
	if _, ok := text.(*bufio.Reader); !ok {
		text = bufio.NewReaderSize(text, HeadSize)
	}
	src.R = text
	n = 0
	err = EachJSONRecord(src, recordWrapperKeys, func(raw json.RawMessage, line int) error {
		n++
		rec, ok := decodeFlatRecord(raw)
		if !ok {
			// Let DecodeRecord say what is wrong with it.
			var probe map[string]any
			if DecodeRecord(src, raw, line, &probe) {
				src.Reject(line, "expected an object, found JSON %s", truncate(string(raw), 20))
			}
			return nil
		}
		names, values := flattenRecord(rec)
		cols, _, _ := resolveColumns(names, overrides)
		cols.noun = "field"
		if i := slices.Index(names, roleKey); i >= 0 && cols.needsRole(src.Opts) && !cols.held(i) {
			cols.setRole(i, src.Opts)
		}
		if cols.at[fText] < 0 {
			src.Reject(line, "no message text field (keys: %s); name it with --col text=KEY", quoteAll(names))
			return nil
		}
		return g.add(n, &record{line: line, cols: &cols, values: values})
	})
	if err != nil {
		return err
	}
	return g.finish()
}
