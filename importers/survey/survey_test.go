package survey

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func load(t *testing.T, names ...string) []File {
	t.Helper()
	var files []File
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, File{Name: n, Data: data})
	}
	return files
}

// brief is a response as one comparable line.
func brief(r Response) string {
	csat, nps := "-", "-"
	if r.CSAT != nil {
		csat = fmt.Sprint(*r.CSAT)
	}
	if r.NPS != nil {
		nps = fmt.Sprint(*r.NPS)
	}
	return fmt.Sprintf("%s:%d id=%s key=%s csat=%s nps=%s", r.File, r.Line, r.ID, r.Key, csat, nps)
}

func TestReadersNormaliseEachExport(t *testing.T) {
	for _, tc := range []struct {
		name      string
		files     []string
		kind      string
		key       string
		scale     string
		csatQ     string
		npsQ      string
		responses []string
	}{
		{
			name:  "surveymonkey bulk json decoded through its details, best choice listed first",
			files: []string{"surveymonkey-details.json", "surveymonkey-responses.json"},
			kind:  FormatSMJSON, key: "ticket_id", scale: "1-5",
			csatQ: "Overall, how satisfied were you with the support you received?",
			npsQ:  "How likely is it that you would recommend us to a friend or colleague?",
			responses: []string{
				"surveymonkey-responses.json:4 id=11800000001 key=chat-1 csat=5 nps=10",
				"surveymonkey-responses.json:24 id=11800000002 key=chat-2 csat=1 nps=3",
				"surveymonkey-responses.json:43 id=11800000003 key=chat-999 csat=4 nps=-",
			},
		},
		{
			name:  "surveymonkey csv with two header rows and label answers",
			files: []string{"surveymonkey.csv"},
			kind:  FormatSMCSV, key: "ticket_id", scale: "1-5",
			csatQ: "Overall, how satisfied were you with the support you received?",
			npsQ:  "How likely is it that you would recommend us to a friend or colleague?",
			responses: []string{
				"surveymonkey.csv:3 id=11900000001 key=chat-3 csat=4 nps=9",
				"surveymonkey.csv:4 id=11900000002 key=chat-4 csat=1 nps=0",
				"surveymonkey.csv:5 id=11900000003 key= csat=5 nps=10",
			},
		},
		{
			name:  "surveymonkey expanded csv: one column per choice, best first",
			files: []string{"surveymonkey-expanded.csv"},
			kind:  FormatSMCSV, key: "ticket_id", scale: "1-4",
			csatQ: "How would you rate your satisfaction with the help you got?",
			npsQ:  "How likely is it that you would recommend us to a friend or colleague?",
			responses: []string{
				"surveymonkey-expanded.csv:3 id=11950000001 key=chat-7 csat=3.67 nps=8",
				"surveymonkey-expanded.csv:4 id=11950000002 key=chat-8 csat=1 nps=2",
				"surveymonkey-expanded.csv:5 id=11950000003 key=chat-9 csat=5 nps=-",
			},
		},
		{
			name:  "qualtrics three header rows, NPS group column and -99 skipped",
			files: []string{"qualtrics.csv"},
			kind:  FormatQualtrics, key: "ExternalReference", scale: "1-5",
			csatQ: "How satisfied are you with how your request was handled?",
			npsQ:  "On a scale from 0-10, how likely are you to recommend us to a friend or colleague?",
			responses: []string{
				"qualtrics.csv:4 id=R_1aBcDeFgHiJkLmN key=chat-5 csat=4 nps=8",
				"qualtrics.csv:5 id=R_2aBcDeFgHiJkLmN key=chat-6 csat=2 nps=-",
				"qualtrics.csv:6 id=R_3aBcDeFgHiJkLmN key=CASE-404 csat=5 nps=10",
			},
		},
		{
			name:  "qualtrics legacy layout with BOM and trailing commas, 1-7 scale",
			files: []string{"qualtrics-legacy.csv"},
			kind:  FormatQualtricsLegacy, key: "ticket", scale: "1-7",
			csatQ: "How satisfied were you with our support today?",
			npsQ:  "How likely are you to recommend us?",
			responses: []string{
				"qualtrics-legacy.csv:3 id=R_9zYxWvUtSrQpOnM key=chat-1 csat=5 nps=10",
				"qualtrics-legacy.csv:4 id=R_8zYxWvUtSrQpOnM key=chat-2 csat=1 nps=2",
				"qualtrics-legacy.csv:5 id=R_7zYxWvUtSrQpOnM key= csat=3 nps=-",
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := load(t, tc.files...)
			if got := Kind(files[len(files)-1].Data); got != tc.kind {
				t.Fatalf("Kind = %q, want %q", got, tc.kind)
			}
			set, err := Read(files, Options{})
			if err != nil {
				t.Fatal(err)
			}
			src := set.Sources[0]
			if len(set.Sources) != 1 || src.Format != tc.kind || src.KeyColumn != tc.key || src.CSATScale != tc.scale || src.CSATQuestion != tc.csatQ || src.NPSQuestion != tc.npsQ {
				t.Errorf("sources %+v", set.Sources)
			}
			var got []string
			for _, r := range set.Responses {
				got = append(got, brief(r))
			}
			if strings.Join(got, "\n") != strings.Join(tc.responses, "\n") {
				t.Errorf("responses:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.responses, "\n"))
			}
		})
	}
}

func TestNamedKeyAndQuestion(t *testing.T) {
	set, err := Read(load(t, "qualtrics.csv"), Options{Key: "Response ID", Question: "Q2"})
	if err != nil {
		t.Fatal(err)
	}
	r := set.Responses[0]
	if set.Sources[0].KeyColumn != "ResponseId" || r.Key != "R_1aBcDeFgHiJkLmN" || r.CSAT != nil || r.NPS == nil || *r.NPS != 8 {
		t.Errorf("key column %q, first %s", set.Sources[0].KeyColumn, brief(r))
	}
	set, err = Read(load(t, "surveymonkey.csv"), Options{Key: "email address"})
	if err != nil {
		t.Fatal(err)
	}
	if set.KeyKind != KeyEmail {
		t.Errorf("an e-mail key compares as %v", set.KeyKind)
	}
}

func TestErrorsNameFileAndLine(t *testing.T) {
	details := load(t, "surveymonkey-details.json")[0]
	for _, tc := range []struct {
		name  string
		files []File
		opts  Options
		want  string
	}{
		{"not a survey", []File{{Name: "chats.csv", Data: []byte("id,text\n1,hello\n")}}, Options{},
			"chats.csv:1: not a survey export iqa reads"},
		{"details alone", []File{details}, Options{}, "no survey responses given"},
		{"responses without details", load(t, "surveymonkey-responses.json"), Options{},
			`surveymonkey-responses.json:4: responses of survey "405000001" and no details file of it`},
		{"unknown key", load(t, "qualtrics.csv"), Options{Key: "order"}, `qualtrics.csv: --survey-key: no column "order"`},
		{"unknown question", load(t, "qualtrics.csv"), Options{Question: "effort"}, `qualtrics.csv: --survey-question: no question "effort"`},
		{"no key column", []File{{Name: "s.csv", Data: []byte("Respondent ID,How satisfied were you?\n,Response\n1,5\n")}}, Options{},
			"s.csv: no column joins a response to a conversation"},
		{"unreadable answer", []File{{Name: "s.csv", Data: []byte("Respondent ID,ticket,How satisfied were you?\n,,Response\n1,t1,5\n2,t2,so-so\n")}}, Options{},
			`s.csv:4: "How satisfied were you?": cannot read "so-so" as a rating`},
		{"nps out of range", []File{{Name: "s.csv", Data: []byte("Respondent ID,ticket,How likely are you to recommend us?\n,,Response\n1,t1,11\n")}}, Options{},
			`s.csv:3: "How likely are you to recommend us?": 11 is not a 0-10 likelihood`},
		{"csat on no scale", []File{{Name: "s.csv", Data: []byte("Respondent ID,ticket,How satisfied were you?\n,,Response\n1,t1,50\n")}}, Options{},
			`s.csv: "How satisfied were you?": answers run from 50 to 50, on no usual CSAT scale`},
		{"broken json", []File{details, {Name: "r.json", Data: []byte("{\"data\": [\n{\"survey_id\": \"1\", \"pages\": [}]}")}}, Options{}, "r.json:2:"},
		{"not utf-8", []File{{Name: "s.csv", Data: []byte("Respondent ID,\xff\n")}}, Options{}, "s.csv: not UTF-8"},
		{"csv quote", []File{{Name: "s.csv", Data: []byte("Respondent ID,ticket,How satisfied?\n,,Response\n1,\"t1,5\n")}}, Options{}, "s.csv:3:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read(tc.files, tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
		})
	}
}

func TestNPSGroup(t *testing.T) {
	for v, want := range map[int]string{0: "detractor", 6: "detractor", 7: "passive", 8: "passive", 9: "promoter", 10: "promoter"} {
		if got := NPSGroup(v); got != want {
			t.Errorf("NPSGroup(%d) = %s, want %s", v, got, want)
		}
	}
}

func TestChoicesInOrderOfPositionBestLast(t *testing.T) {
	vals, scale := choiceValues([]smChoice{{ID: "a", Text: "Poor", Position: 1}, {ID: "b", Text: "Fair", Position: 2}, {ID: "c", Text: "Great", Position: 3}})
	if vals["a"] != 1 || vals["c"] != 3 || scale == nil || *scale != [2]float64{1, 3} {
		t.Errorf("values %v scale %v", vals, scale)
	}
	vals, _ = choiceValues([]smChoice{{ID: "a", Text: "Excellent"}, {ID: "b", Text: "Good"}, {ID: "c", Text: "Poor"}})
	if vals["a"] != 3 || vals["c"] != 1 {
		t.Errorf("a list starting with its best choice: %v", vals)
	}
}

func TestSurveyMonkeyPagesConcatenatedOrListed(t *testing.T) {
	files := load(t, "surveymonkey-details.json", "surveymonkey-responses.json")
	page := files[1].Data
	for name, data := range map[string][]byte{
		"concatenated": append(append(append([]byte{}, page...), '\n'), page...),
		"listed":       append(append(append(append([]byte("["), page...), ','), page...), ']'),
	} {
		t.Run(name, func(t *testing.T) {
			set, err := Read([]File{files[0], {Name: "r.json", Data: data}}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(set.Responses) != 6 {
				t.Fatalf("%d responses, want 6", len(set.Responses))
			}
			// The second page's responses are located in the second page.
			if first, again := set.Responses[0].Line, set.Responses[3].Line; again <= first+40 {
				t.Errorf("lines %d and %d: the second page's response is not located after the first page", first, again)
			}
		})
	}
}

func TestKeysOfDifferentKindsAreRefused(t *testing.T) {
	email := File{Name: "e.csv", Data: []byte("Respondent ID,Email Address,How satisfied were you?\n,,Response\n1,a@b.c,5\n")}
	_, err := Read(append(load(t, "qualtrics.csv"), email), Options{})
	if err == nil || !strings.Contains(err.Error(), "e.csv: joins on an e-mail address, and qualtrics.csv on an id") {
		t.Errorf("err = %v", err)
	}
}

func TestKeyFoundByNameSkipsEmptyColumns(t *testing.T) {
	data := []byte("Respondent ID,Email Address,ticket_id,How satisfied were you?\n,,,Response\n1,a@b.c,,5\n2,D@E.F,,4\n")
	set, err := Read([]File{{Name: "s.csv", Data: data}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if set.Sources[0].KeyColumn != "Email Address" || set.KeyKind != KeyEmail || set.Responses[1].Key != "d@e.f" {
		t.Errorf("key %q kind %v second %q", set.Sources[0].KeyColumn, set.KeyKind, set.Responses[1].Key)
	}
}

func TestDetailsMentioningDataAreStillDetails(t *testing.T) {
	d := []byte(`{"id":"1","pages":[{"questions":[{"id":"q","headings":[{"heading":"How satisfied are you with how we handle your data?"}],"answers":{"choices":[]}}]}]}`)
	if got := Kind(d); got != FormatSMDetails {
		t.Errorf("Kind = %q", got)
	}
	if got := Kind([]byte(`{"title":"x"}`)); got != "" {
		t.Errorf("an unrelated JSON object is %q", got)
	}
}

func TestOneSurveyMonkeyResponse(t *testing.T) {
	one := []byte(`{"id": "5", "survey_id": "405000001", "custom_variables": {"ticket_id": "t-5"},
 "pages": [{"id": "36700001", "questions": [{"id": "152000001", "answers": [{"choice_id": "1100000002"}]}]}]}`)
	if Kind(one) != FormatSMJSON {
		t.Fatalf("Kind = %q", Kind(one))
	}
	set, err := Read(append(load(t, "surveymonkey-details.json"), File{Name: "one.json", Data: one}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := brief(set.Responses[0]); got != "one.json:1 id=5 key=t-5 csat=4 nps=-" {
		t.Errorf("got %s", got)
	}
}
