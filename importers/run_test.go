package importers

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/iqa-cli/iqa/transcript"
)

// mailFile is a small .eml: id, the ids it replies to (oldest first),
// sender and text.
func mailFile(id, from, text string, replyTo ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\nTo: help@shop.example\nSubject: Re: order 7\nDate: Mon, 2 Mar 2026 10:%02d:00 +0000\nMessage-ID: <%s>\n", from, len(replyTo), id)
	if len(replyTo) > 0 {
		refs := "<" + strings.Join(replyTo, "> <") + ">"
		fmt.Fprintf(&b, "In-Reply-To: <%s>\nReferences: %s\n", replyTo[len(replyTo)-1], refs)
	}
	fmt.Fprintf(&b, "\n%s\n", text)
	return b.String()
}

const oneChat = `{"id":"chat-1","messages":[{"role":"customer","text":"hello"}]}` + "\n"

// writeInputs writes files (name to content; "" is an empty file) to a
// temporary folder and returns them as inputs in the order given.
func writeInputs(t *testing.T, names []string, content map[string]string) []Input {
	t.Helper()
	dir := t.TempDir()
	var inputs []Input
	for _, name := range names {
		if name == Stdin {
			inputs = append(inputs, Input{Name: Stdin})
			continue
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content[name]), 0o600); err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, Input{Name: path})
	}
	return inputs
}

// TestRunGroupsRunsOfAGroupFormat: consecutive inputs of one GroupFormat
// are decoded together, so a thread across them is one conversation;
// another format, or standard input, ends the run.
func TestRunGroupsRunsOfAGroupFormat(t *testing.T) {
	content := map[string]string{
		"1.eml":      mailFile("q@c.example", "Cy <cy@c.example>", "My order 7 is late."),
		"2.eml":      mailFile("a@shop.example", "Ana <ana@shop.example>", "It ships today.", "q@c.example"),
		"3.eml":      mailFile("q2@c.example", "Cy <cy@c.example>", "Thanks, got it.", "q@c.example", "a@shop.example"),
		"2.mbox":     "From ana@shop.example Mon Mar  2 10:01:00 2026\n" + mailFile("a@shop.example", "Ana <ana@shop.example>", "It ships today.", "q@c.example"),
		"chats.json": oneChat,
		"empty.eml":  "",
	}
	tests := []struct {
		name   string
		inputs []string
		stdin  string
		// want lists the conversations in the order emitted: the id, the
		// message count and the file of the first message.
		want    []string
		rejects []string
		err     string
	}{
		{
			name:   "a folder of .eml files is one mailbox",
			inputs: []string{"1.eml", "2.eml", "3.eml"},
			want:   []string{"q@c.example 3 1.eml"},
		},
		{
			name:   "mbox and .eml files are the same format",
			inputs: []string{"1.eml", "2.mbox", "3.eml"},
			want:   []string{"q@c.example 3 1.eml"},
		},
		{
			name:   "another format ends the run, and keeps its place in the output",
			inputs: []string{"1.eml", "2.eml", "chats.json", "3.eml"},
			want:   []string{"q@c.example 2 1.eml", "chat-1 1 chats.json", "q@c.example 1 3.eml"},
		},
		{
			name:   "a mixed folder in name order",
			inputs: []string{"chats.json", "1.eml", "2.eml", "3.eml"},
			want:   []string{"chat-1 1 chats.json", "q@c.example 3 1.eml"},
		},
		{
			name:   "standard input is read on its own",
			inputs: []string{"1.eml", Stdin, "3.eml"},
			stdin:  content["2.eml"],
			want:   []string{"q@c.example 1 1.eml", "q@c.example 1 -", "q@c.example 1 3.eml"},
		},
		{
			name:    "a duplicate in a later file is rejected there",
			inputs:  []string{"1.eml", "2.eml", "2.mbox"},
			want:    []string{"q@c.example 2 1.eml"},
			rejects: []string{"2.mbox:1: duplicate of the message at 2.eml:1 (same Message-ID <a@shop.example>)"},
		},
		{
			name:   "an unreadable input stops the run after the run before it is decoded",
			inputs: []string{"1.eml", "2.eml", "empty.eml", "3.eml"},
			want:   []string{"q@c.example 2 1.eml"},
			err:    "empty.eml: file is empty",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inputs := writeInputs(t, tc.inputs, content)
			dir := ""
			for _, in := range inputs {
				if in.Name != Stdin {
					dir = filepath.Dir(in.Name) + string(filepath.Separator)
				}
			}
			var rejects []string
			im := Importer{
				Opts:     Options{AgentDomains: []string{"shop.example"}},
				Stdin:    strings.NewReader(tc.stdin),
				OnReject: func(r Reject) { rejects = append(rejects, strings.ReplaceAll(r.String(), dir, "")) },
			}
			var got []string
			stats, err := im.Run(context.Background(), inputs, func(c *transcript.Conversation) error {
				got = append(got, fmt.Sprintf("%s %d %s", c.ID, len(c.Messages), strings.TrimPrefix(c.Source.File, dir)))
				return nil
			})
			gotErr := ""
			if err != nil {
				gotErr = strings.ReplaceAll(err.Error(), dir, "")
			}
			if gotErr != tc.err {
				t.Errorf("error %q, want %q", gotErr, tc.err)
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("conversations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if strings.Join(rejects, "\n") != strings.Join(tc.rejects, "\n") {
				t.Errorf("rejects:\n%s\nwant:\n%s", strings.Join(rejects, "\n"), strings.Join(tc.rejects, "\n"))
			}
			// Stats add up over the group's inputs.
			messages := 0
			for _, g := range got {
				var n int
				fmt.Sscanf(strings.Fields(g)[1], "%d", &n)
				messages += n
			}
			if stats.Conversations != len(got) || stats.Messages != messages || stats.Rejected != len(rejects) {
				t.Errorf("stats %+v, want %d conversations, %d messages, %d rejected", stats, len(got), messages, len(rejects))
			}
		})
	}
}

// TestRunGroupForcedFormat: --format email groups as detection does, and
// still refuses a file that is not mail.
func TestRunGroupForcedFormat(t *testing.T) {
	content := map[string]string{
		"1.txt":  mailFile("q@c.example", "Cy <cy@c.example>", "My order 7 is late."),
		"2.txt":  mailFile("a@shop.example", "Ana <ana@shop.example>", "It ships today.", "q@c.example"),
		"3.json": oneChat,
	}
	inputs := writeInputs(t, []string{"1.txt", "2.txt", "3.json"}, content)
	im := Importer{Opts: Options{Format: "email"}}
	var got []string
	stats, err := im.Run(context.Background(), inputs, func(c *transcript.Conversation) error {
		got = append(got, fmt.Sprintf("%s %d", c.ID, len(c.Messages)))
		return nil
	})
	if err == nil || !strings.Contains(err.Error(), "3.json: does not look like email input") {
		t.Errorf("error %v, want 3.json refused", err)
	}
	if strings.Join(got, ",") != "q@c.example 2" || stats.Inputs != 3 {
		t.Errorf("got %v, stats %+v; want one thread of 2 messages from the two mail files", got, stats)
	}
}

// TestRunGroupStops: ErrStopped from emit ends a group's decoding and the
// run, without an error.
func TestRunGroupStops(t *testing.T) {
	content := map[string]string{
		"1.eml": mailFile("x1@c.example", "Cy <cy@c.example>", "First question."),
		"2.eml": mailFile("x2@d.example", "Di <di@d.example>", "Second question."),
	}
	inputs := writeInputs(t, []string{"1.eml", "2.eml"}, content)
	im := Importer{}
	n := 0
	_, err := im.Run(context.Background(), inputs, func(*transcript.Conversation) error {
		n++
		return ErrStopped
	})
	if err != nil || n != 1 {
		t.Errorf("err %v after %d conversations, want nil after 1", err, n)
	}
}

// TestRunGroupKeepsFewFilesOpen: a folder of many .eml files is never held
// open at once, and everything is closed when the run ends.
func TestRunGroupKeepsFewFilesOpen(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("counts open files in /proc/self/fd")
	}
	openFiles := func() int {
		fds, err := os.ReadDir("/proc/self/fd")
		if err != nil {
			t.Skip(err)
		}
		return len(fds)
	}
	var names []string
	content := map[string]string{}
	for i := range 300 {
		name := fmt.Sprintf("%03d.eml", i)
		names = append(names, name)
		if i == 0 {
			content[name] = mailFile("root@c.example", "Cy <cy@c.example>", "Question.")
		} else {
			content[name] = mailFile(fmt.Sprintf("r%d@shop.example", i), "Ana <ana@shop.example>", fmt.Sprintf("Answer %d.", i), "root@c.example")
		}
	}
	inputs := writeInputs(t, names, content)
	before := openFiles()
	most := 0
	im := Importer{Opts: Options{AgentDomains: []string{"shop.example"}}}
	im.OnReject = func(r Reject) { t.Errorf("unexpected reject %s", r) }
	var messages int
	_, err := im.Run(context.Background(), inputs, func(c *transcript.Conversation) error {
		most = max(most, openFiles())
		messages += len(c.Messages)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if messages != 300 {
		t.Errorf("%d messages, want 300 in one thread", messages)
	}
	if most > before+4 {
		t.Errorf("%d files open while decoding, %d before: the group's files are held open", most, before)
	}
	if after := openFiles(); after != before {
		t.Errorf("%d files open after the run, %d before", after, before)
	}
}

// TestRunCountsEachInputOnce: progress (OnRead) sees every byte of every
// input once, grouped or not, however often a format reads it.
func TestRunCountsEachInputOnce(t *testing.T) {
	content := map[string]string{
		"1.eml":      mailFile("q@c.example", "Cy <cy@c.example>", "My order 7 is late."),
		"2.eml":      mailFile("a@shop.example", "Ana <ana@shop.example>", "It ships today.", "q@c.example"),
		"chats.json": oneChat,
	}
	names := []string{"1.eml", "chats.json", "2.eml"}
	inputs := writeInputs(t, names, content)
	want := 0
	for _, name := range names {
		want += len(content[name])
	}
	read := 0
	im := Importer{OnRead: func(n int) { read += n }}
	if _, err := im.Run(context.Background(), inputs, func(*transcript.Conversation) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if read != want {
		t.Errorf("OnRead counted %d bytes, want the inputs' %d", read, want)
	}
}

// TestRunDefaultChannel: a conversation whose export names no channel
// takes Options.DefaultChannel; without one it becomes "other" and
// OnNoChannel is told, once per conversation. A named channel is kept.
func TestRunDefaultChannel(t *testing.T) {
	const csv = "conversation_id,role,text,channel\n1,customer,hello,\n1,agent,hi,\n2,customer,mail me,email\n"
	for _, tc := range []struct {
		name      string
		def       transcript.Channel
		want      map[string]transcript.Channel
		noChannel []string
	}{
		{"no default", "", map[string]transcript.Channel{"1": transcript.Other, "2": transcript.Email}, []string{"1"}},
		{"chat default", transcript.Chat, map[string]transcript.Channel{"1": transcript.Chat, "2": transcript.Email}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inputs := writeInputs(t, []string{"chats.csv"}, map[string]string{"chats.csv": csv})
			var told []string
			im := Importer{Opts: Options{DefaultChannel: tc.def}, OnNoChannel: func(c *transcript.Conversation) { told = append(told, c.ID) }}
			got := map[string]transcript.Channel{}
			if _, err := im.Run(context.Background(), inputs, func(c *transcript.Conversation) error {
				got[c.ID] = c.Channel
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("channels %v, want %v", got, tc.want)
			}
			if fmt.Sprint(told) != fmt.Sprint(tc.noChannel) {
				t.Errorf("OnNoChannel told of %v, want %v", told, tc.noChannel)
			}
		})
	}
}
