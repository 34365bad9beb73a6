package importers

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iqa-cli/iqa/transcript"
)

func TestJSONRecordsDetect(t *testing.T) {
	tests := []struct {
		name string
		head string
		want bool
	}{
		{"array", `[{"conversation_id": 1, "role": "agent", "text": "hi"}]`, true},
		{"JSON Lines", "{\"chat_id\":\"a\",\"sender_type\":\"visitor\",\"message\":\"hi\"}\n{\"chat_id\":\"a\",\"sender_type\":\"agent\",\"message\":\"hello\"}\n", true},
		{"messages wrapper of flat records", `{"messages": [{"conversation_id": "c1", "text": "hi", "role": "customer"}]}`, true},
		{"data wrapper after other keys", `{"export": {"at": "today"}, "count": 2, "data": [{"ticket_id": 7, "body": "hi", "sender_type": "agent"}]}`, true},
		{"nested author", `[{"conversation_id": 9, "author": {"type": "admin", "name": "Ravi"}, "body": "hi"}]`, true},
		{"iqa native conversation", `{"id":"c1","channel":"chat","messages":[{"role":"agent","text":"hi"}]}`, false},
		{"native conversations wrapper", `{"conversations":[{"id":"c1","messages":[{"role":"agent","text":"hi"}]}]}`, false},
		{"conversation-level export", `[{"conversation_id": "1", "text": "summary", "parts": [{"author": "x", "body": "y"}]}]`, false},
		{"no text field", `[{"conversation_id": "1", "role": "agent", "value": 3}]`, false},
		{"text but nothing of a message", `[{"title": "x", "text": "a blog post"}]`, false},
		{"a conversation holding its messages", `{"conversation_id": "c1", "messages": [{"author": "x", "text": "hi"}]}`, false},
		{"CSV", "conversation_id,role,text\n1,agent,hi\n", false},
		{"pages of records as JSON Lines", "{\"data\":[{\"ticket_id\":7,\"body_text\":\"hi\",\"from_agent\":false}],\"meta\":{}}\n{\"data\":[{\"ticket_id\":7,\"body_text\":\"hello\",\"from_agent\":true}]}\n", true},
		{"one conversation's messages without ids", `{"messages":[{"id":"m1","received":"2026-03-22T14:00:01Z","author":{"type":"user","displayName":"Chris"},"content":{"type":"text","text":"hi"}}],"meta":{"hasMore":false}}`, true},
		{"native messages without an id", `{"messages":[{"role":"agent","text":"hi"}]}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (JSONRecords{}).Detect([]byte(tt.head), "x.json"); got != tt.want {
				t.Errorf("Detect = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestJSONRecordsDecode(t *testing.T) {
	tests := []struct {
		name    string
		json    string
		opts    Options
		want    string
		rejects []string
		err     string
	}{
		{
			name: "numbers as ids keep their digits",
			json: `[{"conversation_id": 1234567890123, "role": "customer", "text": "hi"}, {"conversation_id": 1234567890123, "role": "agent", "text": "hello"}]`,
			want: "1234567890123[c:hi a:hello]",
		},
		{
			name: "interleaved JSON Lines",
			json: "{\"chat_id\":\"a\",\"role\":\"customer\",\"text\":\"1\"}\n{\"chat_id\":\"b\",\"role\":\"customer\",\"text\":\"2\"}\n{\"chat_id\":\"a\",\"role\":\"agent\",\"text\":\"3\"}\n{\"chat_id\":\"b\",\"role\":\"agent\",\"text\":\"4\"}\n",
			want: "a[c:1 a:3] b[c:2 a:4]",
		},
		{
			name: "records wrapper and nested author role",
			json: `{"records": [{"thread_id": "t", "author": {"type": "user", "name": "Bo"}, "body": "hi"}, {"thread_id": "t", "author": {"type": "admin", "name": "Ana"}, "body": "<p>hello <b>Bo</b></p>"}]}`,
			want: "t[c:hi a:hello Bo]",
		},
		{
			name: "no ids at all: one conversation named after the file",
			json: `[{"role": "customer", "text": "hi"}, {"role": "agent", "text": "hello"}]`,
			want: "chats[c:hi a:hello]",
		},
		{
			name:    "records without the id are rejected when others have it",
			json:    "[\n{\"chat_id\": \"a\", \"role\": \"customer\", \"text\": \"hi\"},\n{\"role\": \"agent\", \"text\": \"lost\"}\n]",
			want:    "a[c:hi]",
			rejects: []string{":3: no conversation id: the record has no conversation id field (name it with --col conversation_id=NAME)"},
		},
		{
			name:    "a record that is not an object",
			json:    "[\n{\"chat_id\": \"a\", \"role\": \"customer\", \"text\": \"hi\"},\n42\n]",
			want:    "a[c:hi]",
			rejects: []string{":3: expected an object, found JSON number"},
		},
		{
			name: "--col names a key",
			json: `[{"c": "x", "sender": "Bo", "message": "hi", "kind": "Member"}]`,
			opts: Options{Columns: map[string]string{"id": "c", "role": "kind"}, RoleMap: map[string]transcript.Role{"member": transcript.Customer}},
			want: "x[c:hi]",
		},
		{
			name: "--col names a key no record has",
			json: `[{"conversation_id": "x", "role": "agent", "text": "hi"}]`,
			opts: Options{Columns: map[string]string{"text": "Body"}},
			err:  "chats.json: --col text=Body: no record has this key",
		},
		{
			name: "a syntax error names its line",
			json: "[\n{\"conversation_id\": \"x\", \"role\": \"agent\", \"text\": \"hi\"},\n{\"conversation_id\": \n]",
			err:  "chats.json:3: invalid JSON: invalid character ']' looking for beginning of value",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Format = "json-records"
			res := importString(t, "chats.json", tt.json, tt.opts)
			gotErr := ""
			if res.err != nil {
				gotErr = res.err.Error()
			}
			if gotErr != tt.err {
				t.Fatalf("err = %q, want %q", gotErr, tt.err)
			}
			if got := res.summary(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if fmt.Sprint(res.rejects) != fmt.Sprint(tt.rejects) {
				t.Errorf("rejects = %q, want %q", res.rejects, tt.rejects)
			}
		})
	}
}

// The native golden files must stay native: json-records comes after
// Native in Formats, and must not claim them either way.
func TestJSONRecordsLeavesNativeAlone(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(goldenRoot, "native", "*"))
	for _, path := range files {
		if ext := filepath.Ext(path); ext == ".golden" || ext == ".flags" {
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if (JSONRecords{}).Detect(data, filepath.Base(path)) {
			t.Errorf("json-records claims %s", path)
		}
	}
}

func FuzzJSONRecords(f *testing.F) {
	seedFromTestdata(f, "json-records")
	f.Fuzz(func(t *testing.T, data []byte) { checkDecode(t, JSONRecords{}, data) })
}

// TestLongFirstRecordIsDetected: a first message longer than the head that
// detection sees (a pasted log, a long e-mail) no longer makes the whole
// file "not a format iqa recognises".
func TestLongFirstRecordIsDetected(t *testing.T) {
	long := strings.Repeat("log line ", HeadSize/4)
	data := `[{"conversation_id":"c1","role":"customer","text":"` + long + `","timestamp":"2026-03-01T10:00:00Z"},` +
		`{"conversation_id":"c1","role":"agent","text":"hello","timestamp":"2026-03-01T10:01:00Z"}]`
	for _, format := range []string{"", "json-records"} {
		res := importString(t, "long.json", data, Options{Format: format})
		if res.err != nil || len(res.convs) != 1 || len(res.convs[0].Messages) != 2 {
			t.Errorf("format %q: err %v, %d conversations", format, res.err, len(res.convs))
		}
	}
}

// TestJSONRecordsRoleKeyByValues: as in CSV, a key whose values are role
// words ("from": Customer/Support) is the role, the author comes from
// "name", and naming the author with --col keeps the role.
func TestJSONRecordsRoleKeyByValues(t *testing.T) {
	data := `[{"conversation_id":"r1","from":"Customer","name":"Bob","text":"my parcel is late"},
 {"conversation_id":"r1","from":"Support","name":"Ana","text":"it ships today"}]`
	for _, cols := range []map[string]string{nil, {"author": "name"}, {"role": "from"}} {
		got := importString(t, "records.json", data, Options{Columns: cols})
		if len(got.convs) != 1 || len(got.rejects) > 0 {
			t.Fatalf("--col %v: convs %d rejects %q", cols, len(got.convs), got.rejects)
		}
		if r := roles(got.convs[0]); r != "customer:Bob agent:Ana" {
			t.Errorf("--col %v: roles %s", cols, r)
		}
	}
}
