package rubrics

import (
	"bytes"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Marshal writes the rubric as YAML with every default filled in: each
// criterion's kind settings sit beside its common keys, in the schema's
// field order. Parse reads the result back into an equal rubric (Source,
// Hash and positions aside).
func Marshal(r *Rubric) ([]byte, error) {
	n, err := encodeStruct(reflect.ValueOf(r).Elem())
	if err != nil {
		return nil, err
	}
	return encodeYAML(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{n}})
}

func encodeYAML(doc *yaml.Node) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// encodeStruct writes a struct's fields as a mapping in field order,
// leaving out empty omitempty fields.
func encodeStruct(v reflect.Value) (*yaml.Node, error) {
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	for _, f := range fieldsOf(v.Type()) {
		fv := v.Field(f.index)
		if f.omitEmpty && isEmpty(fv) {
			continue
		}
		val, err := encodeValue(fv)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.key, err)
		}
		m.Content = append(m.Content, keyNode(f.key), val)
	}
	return m, nil
}

// encodeCriterion writes the common keys and then the kind's own keys.
func encodeCriterion(c *Criterion) (*yaml.Node, error) {
	if c.Params == nil || c.Params.Kind() != c.Kind {
		return nil, fmt.Errorf("criterion %q: kind %q has no matching settings", c.ID, c.Kind)
	}
	m, err := encodeStruct(reflect.ValueOf(c).Elem())
	if err != nil {
		return nil, fmt.Errorf("criterion %q: %w", c.ID, err)
	}
	own, err := encodeStruct(reflect.ValueOf(c.Params).Elem())
	if err != nil {
		return nil, fmt.Errorf("criterion %q: %w", c.ID, err)
	}
	m.Content = append(m.Content, own.Content...)
	return m, nil
}

func keyNode(key string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}
}

func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Slice, reflect.Map:
		return v.Len() == 0
	}
	return v.IsZero()
}

// encodeValue writes one value of a type the schema uses.
func encodeValue(v reflect.Value) (*yaml.Node, error) {
	switch v.Type() {
	case durationType:
		return plain(formatDuration(time.Duration(v.Int()))), nil
	case reflect.TypeOf([]Criterion(nil)):
		seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for i := 0; i < v.Len(); i++ {
			n, err := encodeCriterion(v.Index(i).Addr().Interface().(*Criterion))
			if err != nil {
				return nil, err
			}
			seq.Content = append(seq.Content, n)
		}
		return seq, nil
	}
	switch v.Kind() {
	case reflect.String:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v.String()}, nil
	case reflect.Float64:
		return plain(strconv.FormatFloat(v.Float(), 'g', -1, 64)), nil
	case reflect.Int:
		return plain(strconv.FormatInt(v.Int(), 10)), nil
	case reflect.Bool:
		return plain(strconv.FormatBool(v.Bool())), nil
	case reflect.Pointer:
		if v.IsNil() {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}, nil
		}
		return encodeValue(v.Elem())
	case reflect.Struct:
		return encodeStruct(v)
	case reflect.Slice:
		seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		for i := 0; i < v.Len(); i++ {
			n, err := encodeValue(v.Index(i))
			if err != nil {
				return nil, err
			}
			seq.Content = append(seq.Content, n)
		}
		flowIfShort(seq)
		return seq, nil
	case reflect.Map:
		keys := make([]string, 0, v.Len())
		for _, k := range v.MapKeys() {
			keys = append(keys, k.String())
		}
		sort.Strings(keys)
		m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		for _, k := range keys {
			n, err := encodeValue(v.MapIndex(reflect.ValueOf(k).Convert(v.Type().Key())))
			if err != nil {
				return nil, err
			}
			m.Content = append(m.Content, keyNode(k), n)
		}
		flowIfShort(m)
		return m, nil
	}
	return nil, fmt.Errorf("cannot write a %s", v.Type())
}

// plain is a number or boolean; the encoder must not tag or quote it.
func plain(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: s} }

// flowIfShort writes a list or mapping of short scalars on one line, like
// [mon, tue] or {chat: 1m, default: 4h}.
func flowIfShort(n *yaml.Node) {
	width := 0
	for _, c := range n.Content {
		if c.Kind != yaml.ScalarNode || strings.ContainsAny(c.Value, "\n\"'\\") {
			return
		}
		width += len(c.Value) + 2
	}
	if width <= 60 {
		n.Style = yaml.FlowStyle
	}
}

// formatDuration writes "4h", "1h30m", "90s" or "500ms" rather than
// time.Duration's "4h0m0s".
func formatDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
