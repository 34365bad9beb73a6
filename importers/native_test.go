package importers

import (
	"strings"
	"testing"
)

func TestNativeBadMessages(t *testing.T) {
	tests := []struct {
		name, data  string
		wantConvs   int
		wantRoles   string
		wantRejects []string
	}{
		{"one bad message is rejected, the rest kept",
			`{"id":"1","messages":[{"role":"customer","text":"hi"},{"role":"customer","text":null},{"role":"agent","text":"hello"}]}`,
			1, "customer: agent:", []string{`:1: conversation "1", message 2: no "text"`}},
		{"a conversation with no readable message is rejected once",
			`{"id":"2","messages":[{"role":"martian","text":"x"},{"text":"y"}]}`,
			0, "", []string{`:1: conversation "2", message 1: unknown role "martian" (use agent, customer, bot or system, or map it with --role-map)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := importString(t, "chats.jsonl", tt.data+"\n"+`{"id":"ok","messages":[{"role":"agent","text":"fine"}]}`+"\n", Options{})
			if len(got.convs) != tt.wantConvs+1 {
				t.Fatalf("%d conversations, want %d; rejects %q", len(got.convs), tt.wantConvs+1, got.rejects)
			}
			if tt.wantConvs == 1 && roles(got.convs[0]) != tt.wantRoles {
				t.Errorf("roles %q, want %q", roles(got.convs[0]), tt.wantRoles)
			}
			if strings.Join(got.rejects, "\n") != strings.Join(tt.wantRejects, "\n") {
				t.Errorf("rejects %q, want %q", got.rejects, tt.wantRejects)
			}
		})
	}
}
