package importers

import (
	"bytes"
	"context"
	"io"
	"net/mail"
	"net/textproto"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/iqa-cli/iqa/transcript"
)

func TestStripQuoted(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain text is kept", "Hi Bob,\n\nyour refund is on its way.\n\nBest regards,\nAna", "Hi Bob,\n\nyour refund is on its way.\n\nBest regards,\nAna"},
		{"closing without a delimiter is kept", "Thanks!\n\nKind regards,\nAna Ribeiro\nCustomer Care", "Thanks!\n\nKind regards,\nAna Ribeiro\nCustomer Care"},
		{"gmail attribution and quotes", "Sure, done.\n\nOn Mon, 2 Mar 2026 at 09:13, Bob <bob@x.com> wrote:\n> Can you help?\n> Thanks", "Sure, done."},
		{"gmail attribution wrapped over two lines", "Done.\n\nOn Mon, 2 Mar 2026 at 09:13, Bob Smith <\nbob@x.com> wrote:\n\n> Can you help?", "Done."},
		{"apple mail attribution inside the quote", "Great.\n\n> On 3 Mar 2026, at 10:02, Ana <ana@x.com> wrote:\n>\n> Hi", "Great."},
		{"html mail: attribution then unmarked earlier text", "Thanks!\nOn Wed, 4 Mar 2026 at 18:12, Priya <p@x.uk> wrote:\nHello, the shade is missing.", "Thanks!"},
		{"french attribution", "Merci !\n\nLe lun. 2 mars 2026 à 09:13, Paul <p@x.fr> a écrit :\n> Bonjour", "Merci !"},
		{"german attribution", "Danke!\n\nAm Mo., 2. März 2026 um 09:13 Uhr schrieb Lukas <l@x.de>:\n> Hallo", "Danke!"},
		{"spanish attribution", "Gracias.\n\nEl lun, 2 mar 2026 a las 09:13, Ana (<a@x.es>) escribió:\n> Hola", "Gracias."},
		{"dutch attribution", "Bedankt.\n\nOp ma 2 mrt 2026 om 09:13 schreef Jan <j@x.nl>:\n> Hoi", "Bedankt."},
		{"inline reply keeps the answers", "On Mon, Bob wrote:\n> Which size?\nMedium.\n> Which colour?\nBlue.", "Medium.\nBlue."},
		{"quoted lines without attribution are dropped", "> old text\nnew text", "new text"},
		{"outlook original message", "Refund sent.\n\n-----Original Message-----\nFrom: Bob\nSent: Monday\n\nHelp!", "Refund sent."},
		{"german outlook original message", "Erledigt.\n\n-----Ursprüngliche Nachricht-----\nVon: Lukas", "Erledigt."},
		{"outlook header block", "Done.\n\nFrom: Bob Smith <bob@x.com>\nSent: Monday, March 2, 2026 11:20 AM\nTo: help@x.com\nSubject: Help\n\nOld text", "Done."},
		{"outlook header block in bold after html", "Done.\n*From:* Bob <bob@x.com>\n*Sent:* Monday\n*To:* help@x.com\nOld", "Done."},
		{"french outlook header block", "Fait.\n\nDe : Paul <p@x.fr>\nEnvoyé : lundi 2 mars 2026 09:13\nÀ : help@x.com\nObjet : Aide", "Fait."},
		{"from and to in the customer's own text stay", "My flight:\nFrom: London\nTo: Paris\nDate: 3 March\nPlease rebook.", "My flight:\nFrom: London\nTo: Paris\nDate: 3 March\nPlease rebook."},
		{"underscore separator", "Thanks!\n\n________________________________\nFrom: Luis\nSent: Tuesday", "Thanks!"},
		{"signature after the delimiter", "See you.\n\nBest regards,\nAna\n\n-- \nAna Ribeiro | Customer Care\n+49 341 000", "See you.\n\nBest regards,\nAna"},
		{"delimiter without its trailing space", "See you.\n--\nAna Ribeiro", "See you."},
		{"a dash line in text is not a signature", "Options:\n- one\n--- two", "Options:\n- one\n--- two"},
		{"sent from my iphone", "Yes please.\n\nSent from my iPhone", "Yes please."},
		{"get outlook for android", "Ok.\n\nGet Outlook for Android", "Ok."},
		{"german mobile footer", "Ja.\n\nVon meinem iPhone gesendet", "Ja."},
		{"a sentence that starts like a footer stays", "Sent from my laptop yesterday, but no reply. Please check.\nThanks", "Sent from my laptop yesterday, but no reply. Please check.\nThanks"},
		{"entirely quoted", "On Mon, Bob wrote:\n> Hello\n> there", ""},
		{"on at the start of a sentence is not an attribution", "On Monday I wrote to you about my order.\nStill waiting.", "On Monday I wrote to you about my order.\nStill waiting."},
		{"name-only attribution before quotes", "Fixed.\n\nBob Smith <bob@x.com> wrote:\n> broken", "Fixed."},
		{"wrote: in the text without quotes after it stays", "My colleague wrote:\nplease call back.", "My colleague wrote:\nplease call back."},
		{"helpdesk reply marker", "Thanks, that helps.\n\n##- Please type your reply above this line -##\n\nAna (Lumen)\nMar 2, 09:14\nHi Bob", "Thanks, that helps."},
		{"crlf line ends", "Hi\r\n\r\n> old\r\n", "Hi"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := stripQuoted(tt.in); got != tt.want {
				t.Errorf("stripQuoted(%q)\n got: %q\nwant: %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCleanSubject(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Charger not working", "Charger not working"},
		{"Re: Charger not working", "Charger not working"},
		{"RE: RE: Fwd:  Charger   not working ", "Charger not working"},
		{"AW: WG: Rücksendung", "Rücksendung"},
		{"SV: Beställning", "Beställning"},
		{"Antw: Bestelling", "Bestelling"},
		{"Re[2]: Invoice", "Invoice"},
		{"[ticket #123] Re: Invoice", "Invoice"},
		{"Re: [Acme Support] Invoice [#4521]", "Invoice"},
		{"Invoice [ticket #4530]", "Invoice"},
		{"Réf : Commande", "Commande"},
		{"Reply needed for order", "Reply needed for order"},
		{"Resolution of case", "Resolution of case"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := cleanSubject(tt.in); got != tt.want {
			t.Errorf("cleanSubject(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestThreadMessages(t *testing.T) {
	day := func(h int) time.Time { return time.Date(2026, 3, 2, h, 0, 0, 0, time.UTC) }
	head := func(id, subject, from, to string, h int, parents ...string) mailHead {
		return mailHead{id: id, parents: parents, subject: subject, subjectKey: strings.ToLower(subject), from: from, to: to, date: day(h)}
	}
	tests := []struct {
		name  string
		heads []mailHead
		want  [][]int
		ids   []string
	}{
		{
			name: "references chain",
			heads: []mailHead{
				head("a", "Help", "c@x.com", "s@acme.com", 1),
				head("b", "Help", "s@acme.com", "c@x.com", 2, "a"),
				head("c", "Help", "c@x.com", "s@acme.com", 3, "a", "b"),
			},
			want: [][]int{{0, 1, 2}}, ids: []string{"a"},
		},
		{
			name: "replies linked through a message not in the file",
			heads: []mailHead{
				head("b", "Help", "s@acme.com", "c@x.com", 2, "root"),
				head("c", "Help", "c@x.com", "s@acme.com", 3, "root", "b"),
			},
			want: [][]int{{0, 1}}, ids: []string{"root"},
		},
		{
			name: "unlinked reply joins by subject between the same people",
			heads: []mailHead{
				head("a", "Refund", "c@x.com", "s@acme.com", 1),
				head("b", "Refund", "s@acme.com", "c@x.com", 2),
			},
			want: [][]int{{0, 1}}, ids: []string{"a"},
		},
		{
			name: "same subject from two customers stays apart",
			heads: []mailHead{
				head("a", "Order problem", "c1@x.com", "s@acme.com", 1),
				head("b", "Order problem", "c2@y.com", "s@acme.com", 2),
			},
			want: [][]int{{0}, {1}}, ids: []string{"a", "b"},
		},
		{
			name: "a linked reply does not join by subject",
			heads: []mailHead{
				head("a", "Help", "c@x.com", "s@acme.com", 1),
				head("b", "Help", "c@x.com", "s@acme.com", 2, "elsewhere"),
			},
			want: [][]int{{0}, {1}}, ids: []string{"a", "elsewhere"},
		},
		{
			name: "rejected messages are left out and the root is the earliest",
			heads: []mailHead{
				head("b", "Help", "s@acme.com", "c@x.com", 5, "a"),
				{bad: true},
				head("a", "Help", "c@x.com", "s@acme.com", 1),
			},
			want: [][]int{{0, 2}}, ids: []string{"a"},
		},
		{
			name: "gmail and outlook thread ids join messages without references",
			heads: []mailHead{
				{id: "a", subjectKey: "x", from: "c@x.com", date: day(1), threadKeys: []string{"x-gm-thrid:1790"}},
				{id: "b", subjectKey: "y", from: "s@acme.com", date: day(2), threadKeys: []string{"x-gm-thrid:1790"}},
				{id: "c", subjectKey: "z", from: "s@acme.com", date: day(3), threadKeys: []string{"x-gm-thrid:1791"}},
			},
			want: [][]int{{0, 1}, {2}}, ids: []string{"a", "c"},
		},
		{
			name:  "empty subjects do not thread",
			heads: []mailHead{head("", "", "c@x.com", "s@acme.com", 1), head("", "", "c@x.com", "s@acme.com", 2)},
			want:  [][]int{{0}, {1}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			threads := threadMessages(tt.heads)
			var got [][]int
			var ids []string
			for _, th := range threads {
				got = append(got, th.members)
				ids = append(ids, th.id)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("threads = %v, want %v", got, tt.want)
			}
			if tt.ids != nil && !reflect.DeepEqual(ids, tt.ids) {
				t.Errorf("ids = %v, want %v", ids, tt.ids)
			}
		})
	}
}

func TestThreadIDWithoutMessageIDIsStableHash(t *testing.T) {
	h := mailHead{from: "c@x.com", to: "s@acme.com", subjectKey: "help", date: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	a, b := threadID(&h), threadID(&h)
	h.subjectKey = "other"
	if a != b || !strings.HasPrefix(a, "email-") || threadID(&h) == a {
		t.Errorf("hash ids: %q %q %q", a, b, threadID(&h))
	}
}

func TestAgentDomains(t *testing.T) {
	domains := []string{"acme.com"}
	for d, want := range map[string]bool{"acme.com": true, "support.acme.com": true, "notacme.com": false, "acme.com.evil.io": false} {
		if got := inDomains(d, domains); got != want {
			t.Errorf("inDomains(%q) = %v", d, got)
		}
	}
	if !inDomains("acme.com", []string{" @Acme.com "}) {
		t.Error("--agent-domain @Acme.com should match acme.com")
	}
}

func TestGuessAgentDomains(t *testing.T) {
	day := func(h int) time.Time { return time.Date(2026, 3, 2, h, 0, 0, 0, time.UTC) }
	heads := []mailHead{
		{id: "a", fromDomain: "customer.pl", date: day(1)},
		{id: "b", parents: []string{"a"}, fromDomain: "acme.com", date: day(2)},
		{id: "c", parents: []string{"a"}, fromDomain: "gmail.com", date: day(3)}, // a colleague cc'd from webmail
		{id: "d", fromDomain: "other.de", date: day(4)},
	}
	threads := threadMessages(heads)
	if got := guessAgentDomains(heads, threads); !reflect.DeepEqual(got, []string{"acme.com"}) {
		t.Errorf("guessAgentDomains = %v, want [acme.com]", got)
	}
}

func TestEmailDetect(t *testing.T) {
	tests := []struct {
		name, file, head string
		want             bool
	}{
		{"eml by name", "a.eml", "anything", true},
		{"mbox by name", "Inbox.MBOX", "", true},
		{"mbox separator and headers", "Inbox", "From a@b.c Mon Mar  2 09:14:00 2026\nFrom: a@b.c\nSubject: x\n\nbody", true},
		{"headers with folding", "msg", "Received: from x\n\tby y\nFrom: a@b.c\nTo: d@e.f\nSubject: x\n\nbody", true},
		{"headers without a mail field", "msg", "From: a@b.c\nTo: d@e.f\n\nbody", false},
		{"prose starting with From", "notes.txt", "From the desk of Ana: please call.\nThanks", false},
		{"csv with mail columns", "export.csv", "From,To,Subject,Date\na@b.c,d@e.f,Hi,2026-03-02\n", false},
		{"json", "x.json", `{"From": "a", "Subject": "b"}`, false},
		{"native jsonl", "x.jsonl", `{"id":"1","messages":[{"role":"agent","text":"hi"}]}`, false},
		{"http headers are not mail", "resp", "HTTP/1.1 200 OK\nDate: x\nFrom: y\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (Email{}).Detect([]byte(tt.head), tt.file); got != tt.want {
				t.Errorf("Detect = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDecodeTextPart(t *testing.T) {
	tests := []struct{ name, encoding, charset, in, want string }{
		{"quoted-printable windows-1252", "quoted-printable", "windows-1252", "caf=E9 =80 5 =96 it=92s", "café € 5 – it’s"},
		{"quoted-printable soft breaks", "Quoted-Printable", "utf-8", "one =\ntwo=C3=A9", "one twoé"},
		{"base64 utf-8 with line breaks", "base64", "UTF-8", "SMOpbGzDtiB3\nb3JsZA==", "Héllö world"},
		{"base64 iso-8859-1", "base64", "iso-8859-1", "R3L832U=", "Grüße"},
		{"8bit already utf-8", "8bit", "iso-8859-1", "déjà", "déjà"},
		{"8bit latin-1 bytes left undecoded", "8bit", "iso-8859-1", "d\xe9j\xe0", "déjà"},
		{"unknown charset falls back", "quoted-printable", "x-unknown", "caf=E9", "café"},
		{"quoted charset name", "base64", `"utf-8"`, "b2s=", "ok"},
		{"base64 without its padding", "base64", "utf-8", "SGVsbG8gd29ybGQ", "Hello world"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeTextPart(tt.encoding, tt.charset, strings.NewReader(tt.in))
			if err != nil || got != tt.want {
				t.Errorf("decodeTextPart = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	if _, err := decodeTextPart("base64", "utf-8", strings.NewReader("!!!notbase64")); err == nil {
		t.Error("bad base64 was accepted")
	}
}

func TestDecodeHeader(t *testing.T) {
	for in, want := range map[string]string{
		"=?UTF-8?B?UmU6IENoYXJnZXIg4pyF?=":             "Re: Charger ✅",
		"=?iso-8859-1?q?R=FCcksendung?= Lamp":          "Rücksendung Lamp",
		"=?windows-1252?Q?It=92s_here?=":               "It’s here",
		"plain subject":                                "plain subject",
		"=?bogus-charset?q?x?= stays as it was":        "=?bogus-charset?q?x?= stays as it was",
		"=?utf-8?q?a?= =?utf-8?q?b?= (adjacent words)": "ab (adjacent words)",
	} {
		if got := decodeHeader(in); got != want {
			t.Errorf("decodeHeader(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseMailAddress(t *testing.T) {
	tests := []struct{ in, name, addr string }{
		{"Jonas Weber <Jonas.Weber@Gmail.com>", "Jonas Weber", "jonas.weber@gmail.com"},
		{`"Kowalska, Marta" <marta@k.pl>`, "Kowalska, Marta", "marta@k.pl"},
		{"ingrid.s@gmail.com", "ingrid.s@gmail.com", "ingrid.s@gmail.com"},
		{"Ana Ribeiro via Lumen Support <ana@lumen.com>", "Ana Ribeiro", "ana@lumen.com"},
		{"=?UTF-8?Q?Ren=C3=A9_Dupont?= <rene@x.fr>", "René Dupont", "rene@x.fr"},
		{"Dr. J. Smith, Jr. <js@x.com>", "Dr. J. Smith, Jr.", "js@x.com"},
		{"Undisclosed", "Undisclosed", ""},
	}
	for _, tt := range tests {
		name, addr := parseMailAddress(tt.in)
		if name != tt.name || addr != tt.addr {
			t.Errorf("parseMailAddress(%q) = %q, %q; want %q, %q", tt.in, name, addr, tt.name, tt.addr)
		}
	}
}

func TestEachMailMessageSplitsMbox(t *testing.T) {
	mbox := "From a@x.com Mon Mar  2 09:14:00 2026\nFrom: a@x.com\n\nline one\n>From the start\n>>From quoted twice\n\nFrom here on it is body text.\n\n" +
		"From b@y.com Mon Mar  2 10:00:00 2026\nFrom: b@y.com\n\nsecond\n"
	var got []rawMail
	err := eachMailMessage(strings.NewReader(mbox), false, func(m rawMail) error { got = append(got, m); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].line != 1 || got[1].line != 10 {
		t.Fatalf("messages at %+v", got)
	}
	want := "From: a@x.com\n\nline one\nFrom the start\n>From quoted twice\n\nFrom here on it is body text.\n\n"
	if string(got[0].data) != want {
		t.Errorf("first message\n got: %q\nwant: %q", got[0].data, want)
	}
	var heads []rawMail
	_ = eachMailMessage(strings.NewReader(mbox), true, func(m rawMail) error { heads = append(heads, m); return nil })
	if len(heads) != 2 || string(heads[0].data) != "From: a@x.com\n\n" {
		t.Errorf("headers-only pass kept %q", heads[0].data)
	}
	var one []rawMail
	_ = eachMailMessage(strings.NewReader("\nFrom: a@x.com\nSubject: s\n\nFrom me to you\n"), false, func(m rawMail) error { one = append(one, m); return nil })
	if len(one) != 1 || one[0].line != 2 || !strings.Contains(string(one[0].data), "From me to you") {
		t.Errorf("an .eml is one message: %+v", one)
	}
}

func TestEnvelopeDate(t *testing.T) {
	want := time.Date(2026, 3, 2, 9, 14, 0, 0, time.UTC)
	for _, line := range []string{"From a@x.com Mon Mar  2 09:14:00 2026", "From 1591@xxx Mon Mar 02 10:14:00 +0100 2026"} {
		if got := envelopeDate(line); !got.Equal(want) {
			t.Errorf("envelopeDate(%q) = %v", line, got)
		}
	}
	if !envelopeDate("From a@x.com").IsZero() {
		t.Error("a short From line has no date")
	}
}

// TestEmailRejectsWithLines decodes a small mbox and checks each outcome by
// line: the golden files show the whole output, this pins the rules.
func TestEmailRejectsWithLines(t *testing.T) {
	mbox := strings.Join([]string{
		"From c@x.com Mon Mar  2 09:00:00 2026", // 1
		"From: Carla <c@x.com>",
		"Subject: Help",
		"Message-ID: <m1@x.com>",
		"",
		"Where is my order?",
		"",
		"From s@acme.com Mon Mar  2 10:00:00 2026", // 8
		"From: Sam <s@acme.com>",
		"Subject: Re: Help",
		"Message-ID: <m2@acme.com>",
		"In-Reply-To: <m1@x.com>",
		"",
		"On Mon, Carla wrote:",
		"> Where is my order?",
		"",
		"From s@acme.com Mon Mar  2 10:05:00 2026", // 17
		"From: Sam <s@acme.com>",
		"Subject: Re: Help",
		"Message-ID: <m3@acme.com>",
		"In-Reply-To: <m1@x.com>",
		"",
		"It ships today.",
		"",
	}, "\n")
	path := filepath.Join(t.TempDir(), "box.mbox")
	if err := os.WriteFile(path, []byte(mbox), 0o600); err != nil {
		t.Fatal(err)
	}
	var rejects []string
	var convs []*transcript.Conversation
	im := Importer{Opts: Options{AgentDomains: []string{"acme.com"}}, OnReject: func(r Reject) { rejects = append(rejects, r.String()) }}
	if _, err := im.Run(context.Background(), []Input{{Name: path}}, func(c *transcript.Conversation) error {
		convs = append(convs, c)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if want := []string{path + ":8: message has no text of its own (only quoted text or a signature)"}; !reflect.DeepEqual(rejects, want) {
		t.Errorf("rejects = %q, want %q", rejects, want)
	}
	if len(convs) != 1 || convs[0].ID != "m1@x.com" || len(convs[0].Messages) != 2 ||
		convs[0].Messages[1].Role != transcript.Agent || convs[0].Agent != "Sam" || convs[0].Customer != "Carla" {
		t.Errorf("conversations: %+v", convs)
	}
	var warnings []string
	im = Importer{Opts: Options{AgentDomains: []string{"acme.org"}}, OnWarn: func(w Warning) { warnings = append(warnings, w.String()) }}
	if _, err := im.Run(context.Background(), []Input{{Name: path}}, func(*transcript.Conversation) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "no sender is in --agent-domain acme.org") {
		t.Errorf("a domain that matches no one should warn once: %q", warnings)
	}
}

func FuzzEmail(f *testing.F) {
	seedFromTestdata(f, "email")
	seedFromTestdata(f, "email-folder/Inbox")
	seedFromTestdata(f, "email-folder/Sent Items")
	f.Fuzz(func(t *testing.T, data []byte) {
		checkDecode(t, Email{}, data)
		decodeEmailDirectly(t, data)
		decodeEmailGroup(t, data)
	})
}

// decodeEmailGroup cuts data in two at a line near its middle and decodes
// the halves as a group of two files (DecodeGroup), checking that every
// reject and conversation is located in one of them and that each half is
// opened and closed once per pass.
func decodeEmailGroup(t *testing.T, data []byte) {
	cut := len(data) / 2
	if i := bytes.IndexByte(data[cut:], '\n'); i >= 0 {
		cut += i + 1
	}
	halves := map[string][]byte{"a.eml": data[:cut], "b.eml": data[cut:]}
	var srcs []*Source
	opened := map[string]int{}
	for _, name := range []string{"a.eml", "b.eml"} {
		srcs = append(srcs, &Source{
			Name:  name,
			Opts:  &Options{AgentDomains: []string{"example.com"}},
			Times: &TimeParser{},
			ctx:   context.Background(),
			open: func() (io.ReadCloser, error) {
				opened[name]++
				return io.NopCloser(bytes.NewReader(halves[name])), nil
			},
			emit: func(c *transcript.Conversation) error {
				if c.ID == "" || len(c.Messages) == 0 || halves[c.Source.File] == nil || c.Source.Line <= 0 {
					t.Errorf("conversation without id, messages or location: %+v", c)
				}
				return nil
			},
			reject: func(r Reject) {
				if r.Where.File != name || r.Where.Line <= 0 || r.Reason == "" {
					t.Errorf("reject of %s without its location or a reason: %+v", name, r)
				}
			},
			warn: func(Warning) {},
		})
	}
	if err := (Email{}).DecodeGroup(srcs); err != nil {
		t.Errorf("DecodeGroup failed on in-memory input: %v", err)
	}
	if opened["a.eml"] != 2 || opened["b.eml"] != 2 {
		t.Errorf("files opened %v times, want twice each (one per pass)", opened)
	}
}

// decodeEmailDirectly runs the decoder without Detect in front of it, so
// that the fuzzer's mutations that no longer look like mail still reach
// the parser, and checks the same invariants as checkDecode.
func decodeEmailDirectly(t *testing.T, data []byte) {
	src := &Source{
		Name:  "fuzz.mbox",
		R:     bytes.NewReader(data),
		Opts:  &Options{},
		Times: &TimeParser{},
		ctx:   context.Background(),
		open:  func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil },
		emit: func(c *transcript.Conversation) error {
			if c.ID == "" || len(c.Messages) == 0 {
				t.Errorf("conversation without id or messages: %+v", c)
			}
			return nil
		},
		reject: func(r Reject) {
			if r.Where.Line <= 0 || r.Reason == "" {
				t.Errorf("reject without a line or reason: %+v", r)
			}
		},
		warn: func(Warning) {},
	}
	if err := (Email{}).Decode(src); err != nil {
		t.Errorf("Decode failed on in-memory input: %v", err)
	}
}

func TestReadMailBody(t *testing.T) {
	tests := []struct{ name, msg, want, err string }{
		{"plain wins in alternative", "Content-Type: multipart/alternative; boundary=x\n\n--x\nContent-Type: text/html\n\n<p>html</p>\n--x\nContent-Type: text/plain\n\nplain\n--x--\n", "plain", ""},
		{"html only", "Content-Type: text/html; charset=utf-8\n\n<p>Hello &amp; bye</p>", "\nHello & bye\n", ""},
		{"format=flowed lines are joined", "Content-Type: text/plain; format=flowed\n\nThe refund was sent \ntoday.\n\n-- \nAna", "The refund was sent today.\n\n-- \nAna", ""},
		{"format=flowed with delsp", "Content-Type: text/plain; format=flowed; delsp=yes\n\nThe re \nfund.\n >From stuffed", "The refund.\n>From stuffed", ""},
		{"no content type is text", "\nJust text", "Just text", ""},
		{"missing closing boundary keeps the part", "Content-Type: multipart/alternative; boundary=x\n\n--x\nContent-Type: text/plain\n\nHello there\n", "Hello there", ""},
		{"nested mixed and alternative with attachment", "Content-Type: multipart/mixed; boundary=m\n\n--m\nContent-Type: multipart/alternative; boundary=a\n\n--a\nContent-Type: text/plain\n\nbody\n--a--\n--m\nContent-Type: application/pdf\nContent-Disposition: attachment; filename=x.pdf\n\nPDF\n--m--\n", "body", ""},
		{"inline text parts around an image", "Content-Type: multipart/mixed; boundary=m\n\n--m\nContent-Type: text/plain\n\nbefore\n--m\nContent-Type: image/png\nContent-ID: <i1>\n\nPNG\n--m\nContent-Type: text/plain\n\nafter\n--m--\n", "before\n\nafter", ""},
		{"multipart without its boundary", "Content-Type: multipart/mixed; boundary=m\n\nno parts", "", `multipart/mixed body has no part with boundary "m"`},
		{"multipart with no boundary parameter", "Content-Type: multipart/mixed\n\nno parts", "", "multipart/mixed has no boundary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg, err := mail.ReadMessage(strings.NewReader("From: a@b.c\n" + tt.msg))
			if err != nil {
				t.Fatal(err)
			}
			var b mailBody
			err = readMailBody(textproto.MIMEHeader(msg.Header), msg.Body, 0, &b)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("error = %v, want %q", err, tt.err)
				}
				return
			}
			if tt.name == "nested mixed and alternative with attachment" && b.attachments != 1 ||
				tt.name == "inline text parts around an image" && b.attachments != 0 {
				t.Errorf("attachments = %d", b.attachments)
			}
			if err != nil || b.text() != tt.want {
				t.Errorf("text = %q, %v; want %q", b.text(), err, tt.want)
			}
		})
	}
}

func TestParseMailHead(t *testing.T) {
	src := &Source{Times: &TimeParser{}}
	tests := []struct {
		name, header, reason, from, domain, subject string
		parents                                     []string
	}{
		{"usual reply", "From: Ana <Ana@Support.Acme.com>\nSubject: RE: Help [#12]\nMessage-ID: <r1@acme.com>\nIn-Reply-To: <q1@x.com>\nReferences: <q0@x.com> <q1@x.com>\n\n",
			"", "ana@support.acme.com", "support.acme.com", "Help", []string{"q0@x.com", "q1@x.com"}},
		{"exchange address without a domain is kept", "From: Ana Ribeiro </O=EXCHANGELABS/OU=EXCHANGE/CN=ANA>\nSubject: Hi\n\n",
			"", "ana ribeiro </o=exchangelabs/ou=exchange/cn=ana>", "", "Hi", nil},
		{"sender stands in for from", "Sender: bot@acme.com\nSubject: Hi\n\n", "", "bot@acme.com", "acme.com", "Hi", nil},
		{"no sender at all", "To: a@b.c\nSubject: Hi\n\n", "message has no From: header, so its sender is unknown", "", "", "", nil},
		{"references without brackets and itself", "From: a@b.c\nMessage-ID: <m@b.c>\nReferences: p@b.c m@b.c\n\n", "", "a@b.c", "b.c", "", []string{"p@b.c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, reason := parseMailHead(src, rawMail{line: 7, data: []byte(tt.header)})
			if reason != tt.reason {
				t.Fatalf("reason = %q, want %q", reason, tt.reason)
			}
			if reason != "" {
				return
			}
			if h.from != tt.from || h.fromDomain != tt.domain || h.subject != tt.subject || len(h.parents) != len(tt.parents) ||
				(len(tt.parents) > 0 && !reflect.DeepEqual(h.parents, tt.parents)) {
				t.Errorf("head = %+v", h)
			}
		})
	}
}

func TestMailboxName(t *testing.T) {
	sources := func(names ...string) []*Source {
		var srcs []*Source
		for _, n := range names {
			srcs = append(srcs, &Source{Name: filepath.FromSlash(n)})
		}
		return srcs
	}
	tests := []struct {
		names []string
		want  string
	}{
		{[]string{"mail/a.eml"}, "mail/a.eml"},
		{[]string{"mail/inbox/a.eml", "mail/sent/b.eml", "mail/c.eml"}, "mail/ (3 e-mail files)"},
		{[]string{"/tmp/x/a.eml", "/tmp/x/b.eml"}, "/tmp/x/ (2 e-mail files)"},
		{[]string{"mail/a.eml", "mailbox/b.eml"}, "mail/a.eml and 1 more e-mail file(s)"},
		{[]string{"a.eml", "b.eml"}, "a.eml and 1 more e-mail file(s)"},
		{[]string{"/a.eml", "/b.eml"}, "/a.eml and 1 more e-mail file(s)"},
	}
	for _, tc := range tests {
		if got := mailboxName(sources(tc.names...)); got != filepath.FromSlash(tc.want) {
			t.Errorf("mailboxName(%q) = %q, want %q", tc.names, got, tc.want)
		}
	}
}
