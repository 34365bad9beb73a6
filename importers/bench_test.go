package importers

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/iqa-cli/iqa/transcript"
)

var benchWords = strings.Fields(`the order refund account delivery please thanks sorry issue password
login payment card charged twice still waiting update tracking number help understand email address
change cancel subscription plan invoice today tomorrow week days working again fixed problem support`)

// writeNativeCorpus writes n realistic-sized conversations (12 messages of
// about 35 words) as native JSON Lines and returns the path.
func writeNativeCorpus(tb testing.TB, n int) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "corpus.jsonl")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	for i := range n {
		c := transcript.Conversation{ID: fmt.Sprintf("c%07d", i), Channel: transcript.Chat, Agent: fmt.Sprintf("agent%02d", i%40)}
		at := start.Add(time.Duration(i) * time.Minute)
		for m := range 12 {
			role := transcript.Customer
			if m%2 == 1 {
				role = transcript.Agent
			}
			words := make([]string, 20+rng.IntN(30))
			for k := range words {
				words[k] = benchWords[rng.IntN(len(benchWords))]
			}
			at = at.Add(time.Duration(20+rng.IntN(90)) * time.Second)
			c.Messages = append(c.Messages, transcript.Message{Role: role, Author: string(role), Text: strings.Join(words, " ") + ".", At: at})
		}
		if err := enc.Encode(c); err != nil {
			tb.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	f.Close()
	return path
}

const benchConversations = 5000

// BenchmarkImportNative is the importer on native JSON Lines; compare it
// with BenchmarkDecodeJSONBaseline, plain encoding/json on the same file.
func BenchmarkImportNative(b *testing.B) {
	path := writeNativeCorpus(b, benchConversations)
	info, _ := os.Stat(path)
	b.SetBytes(info.Size())
	b.ResetTimer()
	for b.Loop() {
		n := 0
		im := Importer{}
		if _, err := im.Run(context.Background(), []Input{{Name: path}}, func(*transcript.Conversation) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
		if n != benchConversations {
			b.Fatalf("imported %d", n)
		}
	}
}

func BenchmarkDecodeJSONBaseline(b *testing.B) {
	path := writeNativeCorpus(b, benchConversations)
	info, _ := os.Stat(path)
	b.SetBytes(info.Size())
	b.ResetTimer()
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		dec := json.NewDecoder(bufio.NewReaderSize(f, 64<<10))
		n := 0
		for dec.More() {
			var c transcript.Conversation
			if err := dec.Decode(&c); err != nil {
				b.Fatal(err)
			}
			n++
		}
		f.Close()
		if n != benchConversations {
			b.Fatalf("decoded %d", n)
		}
	}
}
