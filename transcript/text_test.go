package transcript

import (
	"testing"
	"time"
)

func TestNormalizeText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"clean text is unchanged", "Hello Bob", "Hello Bob"},
		{"one blank line between paragraphs is kept", "a\n\nb", "a\n\nb"},
		{"runs of spaces collapse", "a  \t b", "a b"},
		{"lines are trimmed", "  a \n  b  ", "a\nb"},
		{"many blank lines become one", "a\n\n\n\n b", "a\n\nb"},
		{"windows line endings", "a\r\nb\rc", "a\nb\nc"},
		{"non-breaking space", "a\u00a0b", "a b"},
		{"zero-width and bom dropped", "\ufeffa\u200bb", "ab"},
		{"invalid utf-8 replaced", "a\xffb", "a\ufffdb"},
		{"control characters become spaces", "a\x00\x07b", "a b"},
		{"empty", "", ""},
		{"only space", " \n\t ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NormalizeText(tt.in); got != tt.want {
				t.Errorf("NormalizeText(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if got := NormalizeText(tt.want); got != tt.want {
				t.Errorf("not idempotent on %q: %q", tt.want, got)
			}
		})
	}
}

func TestFinishOrdersByTimeOnlyWhenAllTimesKnown(t *testing.T) {
	t0 := time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC)
	c := Conversation{Messages: []Message{
		{Role: Agent, Author: "Ana", Text: "second", At: t0.Add(time.Minute)},
		{Role: Customer, Author: "Bob", Text: "first", At: t0},
	}}
	c.Finish()
	if c.Messages[0].Text != "first" || !c.Start.Equal(t0) || c.Agent != "Ana" || c.Customer != "Bob" || c.Channel != Other {
		t.Fatalf("Finish gave %+v", c)
	}
	c = Conversation{Messages: []Message{
		{Role: Agent, Text: "second", At: t0.Add(time.Minute)},
		{Role: Customer, Text: "first"},
	}}
	c.Finish()
	if c.Messages[0].Text != "second" {
		t.Fatalf("file order not kept when a time is missing: %+v", c.Messages)
	}
}

// TestFinishDoesNotNameSomeoneAfterTheirRole: a sender column of "Agent"
// and "Customer" (a common helpdesk CSV) made one agent called "Agent" of
// every agent, and a customer called "Customer".
func TestFinishDoesNotNameSomeoneAfterTheirRole(t *testing.T) {
	c := Conversation{Messages: []Message{
		{Role: Customer, Author: "Customer", Text: "hi"},
		{Role: Agent, Author: "Agent", Text: "hello"},
		{Role: Agent, Author: "Ana", Text: "I can help"},
	}}
	c.Finish()
	if c.Agent != "Ana" || c.Customer != "" {
		t.Errorf("agent %q, customer %q; want Ana and no customer", c.Agent, c.Customer)
	}
}

func TestParseRoleSynonyms(t *testing.T) {
	for in, want := range map[string]Role{"Visitor": Customer, "End User": Customer, "OPERATOR": Agent, "chatbot": Bot, "note": System,
		"END_USER": Customer, "Virtual-Agent": Bot, "HUMAN_AGENT": Agent} {
		if got, ok := ParseRole(in); !ok || got != want {
			t.Errorf("ParseRole(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if _, ok := ParseRole("martian"); ok {
		t.Error("ParseRole accepted an unknown role")
	}
}

func TestParseChannelSpellings(t *testing.T) {
	for in, want := range map[string]Channel{"LIVE_CHAT": Chat, "live-chat": Chat, "Live Chat": Chat, "widget": Chat, "E-Mail": Email, "PHONE": Call} {
		if got, ok := ParseChannel(in); !ok || got != want {
			t.Errorf("ParseChannel(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}
