package rubrics

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"regexp/syntax"
	"strings"

	"gopkg.in/yaml.v3"
)

// A field is a struct field and the YAML key that names it.
type field struct {
	key       string
	index     int
	omitEmpty bool
}

// fieldsOf lists a struct type's YAML keys in field order, leaving out
// fields tagged "-".
func fieldsOf(t reflect.Type) []field {
	var out []field
	for i := 0; i < t.NumField(); i++ {
		tag := t.Field(i).Tag.Get("yaml")
		key, opts, _ := strings.Cut(tag, ",")
		if key == "-" || key == "" {
			continue
		}
		out = append(out, field{key: key, index: i, omitEmpty: opts == "omitempty"})
	}
	return out
}

func keysOf(fields []field) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = f.key
	}
	return out
}

func findField(fields []field, key string) (field, bool) {
	for _, f := range fields {
		if f.key == key {
			return f, true
		}
	}
	return field{}, false
}

// given records which keys a mapping gave and which of them could not be
// decoded, so that later checks point at the right value and stay quiet
// about values already reported.
type given struct {
	node  *yaml.Node            // the mapping
	value map[string]*yaml.Node // value nodes by key
	bad   map[string]bool       // keys whose value had the wrong form
}

func newGiven(n *yaml.Node) *given {
	return &given{node: n, value: map[string]*yaml.Node{}, bad: map[string]bool{}}
}

// ok reports whether none of keys had a value of the wrong form.
func (g *given) ok(keys ...string) bool {
	for _, k := range keys {
		if g.bad[k] {
			return false
		}
	}
	return true
}

// at returns the value node of the first of keys that was given, or the
// mapping itself.
func (g *given) at(keys ...string) *yaml.Node {
	for _, k := range keys {
		if n := g.value[k]; n != nil {
			return n
		}
	}
	return g.node
}

// decodeStruct decodes mapping n into the struct ptr points to, key by
// key, reporting unknown keys.
func (p *parser) decodeStruct(n *yaml.Node, ptr any, where string) *given {
	v := reflect.ValueOf(ptr).Elem()
	fields := fieldsOf(v.Type())
	g := newGiven(n)
	for _, kv := range p.pairs(n) {
		f, ok := findField(fields, kv.key.Value)
		if !ok {
			p.unknownKey(kv.key, where, keysOf(fields))
			continue
		}
		g.value[f.key] = kv.value
		if !p.decodeValue(f.key, kv.value, v.Field(f.index)) {
			g.bad[f.key] = true
		}
	}
	return g
}

var (
	durationType      = reflect.TypeOf(Duration(0))
	phraseType        = reflect.TypeOf(Phrase(""))
	businessHoursType = reflect.TypeOf((*BusinessHours)(nil))
)

// decodeValue decodes n into v, which has one of the types the schema uses,
// and reports whether it could.
func (p *parser) decodeValue(key string, n *yaml.Node, v reflect.Value) bool {
	switch v.Type() {
	case durationType:
		d, ok := p.duration(key, n)
		if ok {
			v.SetInt(int64(d))
		}
		return ok
	case businessHoursType:
		if n.Kind != yaml.MappingNode {
			p.errorf(n, "%s must be a mapping with days:, start:, end: and time_zone:, not %s", key, describe(n))
			return false
		}
		bh := &BusinessHours{}
		g := p.decodeStruct(n, bh, "in business_hours")
		p.checkBusinessHours(bh, g)
		v.Set(reflect.ValueOf(bh))
		return true
	}
	switch v.Kind() {
	case reflect.String:
		s, ok := p.str(key, n)
		if ok {
			v.SetString(s)
		}
		return ok
	case reflect.Float64:
		f, ok := p.float(key, n)
		if ok {
			v.SetFloat(f)
		}
		return ok
	case reflect.Int:
		i, ok := p.int(key, n)
		if ok {
			v.SetInt(int64(i))
		}
		return ok
	case reflect.Bool:
		b, ok := p.bool(key, n)
		if ok {
			v.SetBool(b)
		}
		return ok
	case reflect.Slice:
		list, ok := p.strList(key, n)
		if !ok {
			return false
		}
		out := reflect.MakeSlice(v.Type(), len(list), len(list))
		for i, s := range list {
			out.Index(i).SetString(s)
		}
		if v.Type().Elem() == phraseType {
			for i, item := range n.Content {
				p.checkPhrase(key, resolve(item), Phrase(list[i]))
			}
		}
		v.Set(out)
		return true
	case reflect.Map:
		return p.channelMap(key, n, v)
	}
	p.errorf(n, "%s cannot be read (internal: unsupported type %s)", key, v.Type())
	return false
}

// channelMap decodes a mapping from channel names (and "default") to
// values; every map among a kind's settings is one.
func (p *parser) channelMap(key string, n *yaml.Node, v reflect.Value) bool {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s must be a mapping from channel to value, like {chat: ..., default: ...}, not %s", key, describe(n))
		return false
	}
	out := reflect.MakeMap(v.Type())
	ok := true
	for _, kv := range p.pairs(n) {
		ch := kv.key.Value
		if !isChannel(ch) && ch != "default" {
			p.errorf(kv.key, "unknown channel %q in %s%s", ch, key, channelHint(ch, true))
			ok = false
			continue
		}
		elem := reflect.New(v.Type().Elem()).Elem()
		if !p.decodeValue(key+" for "+ch, kv.value, elem) {
			ok = false
			continue
		}
		out.SetMapIndex(reflect.ValueOf(ch).Convert(v.Type().Key()), elem)
	}
	v.Set(out)
	return ok
}

// checkPhrase reports an empty phrase or a "re:" phrase whose pattern does
// not compile.
func (p *parser) checkPhrase(key string, n *yaml.Node, ph Phrase) {
	switch {
	case strings.TrimSpace(string(ph)) == "":
		p.errorf(n, "%s holds an empty phrase; remove it", key)
	case strings.HasPrefix(string(ph), "re:") && strings.TrimSpace(string(ph[3:])) == "":
		p.errorf(n, "phrase %q has no pattern after \"re:\"", string(ph))
	case ph.IsRegexp():
		if _, err := regexp.Compile(ph.Pattern()); err != nil {
			reason := err.Error()
			var se *syntax.Error
			if errors.As(err, &se) {
				reason = se.Code.String()
				if se.Expr != "" && se.Expr != ph.Pattern() {
					reason += fmt.Sprintf(" %q", se.Expr)
				}
			}
			p.errorf(n, "invalid regular expression %q: %s (fix the pattern, or drop \"re:\" to match the words as written)",
				ph.Pattern(), reason)
		}
	}
}
