package importers

import (
	"strings"

	"github.com/iqa-cli/iqa/transcript"
)

// setMeta records a metadata value unless it is blank or the key already
// has one: the first value an export gives for a conversation stands.
func setMeta(c *transcript.Conversation, key, value string) {
	value = strings.TrimSpace(value)
	if value == "" {
		return
	}
	if c.Meta == nil {
		c.Meta = map[string]string{}
	}
	if _, ok := c.Meta[key]; !ok {
		c.Meta[key] = value
	}
}

// firstNonEmpty returns the first value that is not blank, trimmed.
func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}
