package survey

import (
	"os"
	"testing"
)

// BenchmarkKindOnConversationHeads is the cost survey detection adds to
// every input file the importers open.
func BenchmarkKindOnConversationHeads(b *testing.B) {
	var heads [][]byte
	for _, p := range []string{"../../testdata/samples/chat-export.tsv", "../../testdata/samples/helpdesk-records.json", "../../testdata/samples/chats.jsonl"} {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		heads = append(heads, data[:min(len(data), 64<<10)])
	}
	for b.Loop() {
		for _, h := range heads {
			Kind(h)
		}
	}
}
