package scoring

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/iqa-cli/iqa/transcript"
)

// fuzzConversation builds a conversation from bytes: the first byte picks
// the channel, then each line is one message whose first byte picks the
// role (and whether it is internal), second byte the time (none, a time,
// call offsets that may overlap or run backwards), and the rest is the
// text, which need not be valid UTF-8.
func fuzzConversation(data []byte) *transcript.Conversation {
	c := &transcript.Conversation{ID: "fuzz"}
	if len(data) == 0 {
		return c
	}
	c.Channel = transcript.Channels[int(data[0])%len(transcript.Channels)]
	roles := []transcript.Role{transcript.Agent, transcript.Customer, transcript.Bot, transcript.System, "martian"}
	at := t0
	var pos int64
	for i, line := range bytes.Split(data[1:], []byte{'\n'}) {
		if len(line) < 2 {
			if i == 0 {
				c.Customer = string(line)
			}
			continue
		}
		m := transcript.Message{Role: roles[int(line[0])%len(roles)], Internal: line[0]&0x80 != 0, Text: string(line[2:])}
		switch t := line[1]; t % 4 {
		case 1:
			at = at.Add(time.Duration(t) * 7 * time.Second)
			m.At = at
		case 2:
			at = at.Add(-time.Duration(t) * time.Second) // out of order
			m.At = at
		case 3:
			start := pos + int64(t)*37 - 2000
			end := start + int64(len(line))*50 - 500
			m.StartMS, m.EndMS = &start, &end
			pos = end
		}
		c.Messages = append(c.Messages, m)
	}
	return c
}

func FuzzScore(f *testing.F) {
	f.Add([]byte("\x00\x01\x01Hello, I'm Dana. My order is late!!\n\x00\x01Hi Dana, I'm SO SORRY. What is the order no.?\n\x01\x01That worked, thanks"))
	f.Add([]byte("\x02Maria\n\x00\x03Thank you for calling.\n\x01\x03I was charged twice\n\x00\x03I understand, refunded."))
	f.Add([]byte("\x01\n\x81\x00note: idiot\n\x02\x02\xff\xfe\xe2\x80\x99 re: \x00"))
	for _, c := range generated(5) {
		var b bytes.Buffer
		b.WriteByte(byte(len(c.Channel)))
		for _, m := range c.Messages {
			role := byte(0)
			if m.Role == transcript.Customer {
				role = 1
			}
			b.Write([]byte{'\n', role, 1})
			b.WriteString(m.Text)
		}
		f.Add(b.Bytes())
	}
	engines := []*Engine{defaultEngine(f), chatbotEngine(f)}
	f.Fuzz(func(t *testing.T, data []byte) {
		c := fuzzConversation(data)
		done := make(chan struct{})
		go func() {
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				panic(fmt.Sprintf("scoring took over 5s on %q", data))
			}
		}()
		defer close(done)
		for _, e := range engines {
			res := e.Score(c)
			checkInvariants(t, res)
			if _, err := json.Marshal(res); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func chatbotEngine(t testing.TB) *Engine {
	t.Helper()
	e, err := New(builtin(t, "chatbot"))
	if err != nil {
		t.Fatal(err)
	}
	return e
}
