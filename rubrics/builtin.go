package rubrics

import (
	"embed"
	"fmt"
	"path"
	"sort"
	"strings"
)

//go:embed builtin/*.yaml
var builtinFS embed.FS

// BuiltinNames lists the built-in rubrics, sorted.
func BuiltinNames() []string {
	entries, _ := builtinFS.ReadDir("builtin")
	var names []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".yaml"); ok && !e.IsDir() {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// Builtin parses the built-in rubric called name. Its Source is
// "builtin:NAME"; errors in it (a bug in iqa) name "builtin/NAME.yaml".
func Builtin(name string) (*Rubric, error) {
	file := path.Join("builtin", name+".yaml")
	data, err := builtinFS.ReadFile(file)
	if err != nil || strings.ContainsAny(name, `/\`) {
		hint := "run iqa rubric list to see them"
		if s := suggest(name, BuiltinNames()); s != "" {
			hint = fmt.Sprintf("did you mean %q? run iqa rubric list to see them", s)
		}
		return nil, fmt.Errorf("no built-in rubric named %q (%s)", name, hint)
	}
	r, err := Parse(file, data)
	if err != nil {
		return nil, err
	}
	r.Source = "builtin:" + name
	return r, nil
}

// Resolve loads a rubric by built-in name or, when nameOrPath is not one,
// from the file at that path.
func Resolve(nameOrPath string) (*Rubric, error) {
	if contains(BuiltinNames(), nameOrPath) {
		return Builtin(nameOrPath)
	}
	r, err := Load(nameOrPath)
	if err != nil && errIsNotExist(err) {
		// What to do next (list the built-in rubrics) is the caller's hint.
		if s := suggest(nameOrPath, BuiltinNames()); s != "" {
			return nil, fmt.Errorf("no built-in rubric or file named %q (did you mean %q?)", nameOrPath, s)
		}
		return nil, fmt.Errorf("no built-in rubric or file named %q", nameOrPath)
	}
	return r, err
}
