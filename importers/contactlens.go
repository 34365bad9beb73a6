package importers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/iqa-cli/iqa/transcript"
)

// CallAnalytics reads the output of Amazon Transcribe Call Analytics
// (batch jobs and post-call analytics of streams) and of Amazon Connect
// Contact Lens, which share one shape: {"JobName" or "CustomerMetadata",
// "Participants", "Transcript": [{"ParticipantRole" or "ParticipantId",
// "Content", "BeginOffsetMillis", "EndOffsetMillis", "Sentiment"}],
// "ConversationCharacteristics", "Categories"}. One job a file (read whole,
// as one call recording's analysis is one object) or one a line.
//
// Each Transcript entry is one message: the service has already cut the
// call into turns, and overlapping turns (one party talking over the
// other) keep their offsets, so interruptions stay visible. The service's
// own analytics go into Meta under stable aws_* keys; per-turn sentiment
// has no place in the model, so only the per-call summary is kept.
type CallAnalytics struct{}

// Name implements Format.
func (CallAnalytics) Name() string { return "transcribe-call-analytics" }

// Expects implements Format.
func (CallAnalytics) Expects() string {
	return `Amazon Transcribe Call Analytics or Contact Lens output: {"JobName","Transcript":[{"ParticipantRole","Content","BeginOffsetMillis","EndOffsetMillis"}],"ConversationCharacteristics"}`
}

// Detect implements Format: JSON with participant roles and either turn
// offsets or the conversation characteristics.
func (CallAnalytics) Detect(head []byte, _ string) bool {
	h := bytes.TrimLeft(head, " \t\r\n[")
	if len(h) == 0 || h[0] != '{' || !bytes.Contains(h, []byte(`"ParticipantRole"`)) {
		return false
	}
	return bytes.Contains(h, []byte(`"BeginOffsetMillis"`)) || bytes.Contains(h, []byte(`"ConversationCharacteristics"`))
}

type callAnalyticsJob struct {
	JobName         string          `json:"JobName"`
	SessionID       string          `json:"SessionId"`
	JobStatus       string          `json:"JobStatus"`
	AccountID       json.RawMessage `json:"AccountId"`
	LanguageCode    string          `json:"LanguageCode"`
	Channel         string          `json:"Channel"`
	ContentMetadata struct {
		Output string `json:"Output"`
	} `json:"ContentMetadata"`
	Participants []struct {
		ParticipantID   string `json:"ParticipantId"`
		ParticipantRole string `json:"ParticipantRole"`
	} `json:"Participants"`
	CustomerMetadata struct {
		ContactID  string `json:"ContactId"`
		InstanceID string `json:"InstanceId"`
	} `json:"CustomerMetadata"`
	Transcript []callAnalyticsTurn `json:"Transcript"`
	Categories struct {
		MatchedCategories []string `json:"MatchedCategories"`
	} `json:"Categories"`
	ConversationCharacteristics struct {
		TotalConversationDurationMillis json.RawMessage `json:"TotalConversationDurationMillis"`
		Sentiment                       struct {
			OverallSentiment map[string]json.RawMessage `json:"OverallSentiment"`
		} `json:"Sentiment"`
		Interruptions struct {
			TotalCount      json.RawMessage `json:"TotalCount"`
			TotalTimeMillis json.RawMessage `json:"TotalTimeMillis"`
		} `json:"Interruptions"`
		NonTalkTime struct {
			TotalTimeMillis json.RawMessage `json:"TotalTimeMillis"`
		} `json:"NonTalkTime"`
		TalkTime struct {
			TotalTimeMillis      json.RawMessage          `json:"TotalTimeMillis"`
			DetailsByParticipant map[string]participantMS `json:"DetailsByParticipant"`
		} `json:"TalkTime"`
		TalkSpeed struct {
			DetailsByParticipant map[string]struct {
				AverageWordsPerMinute json.RawMessage `json:"AverageWordsPerMinute"`
			} `json:"DetailsByParticipant"`
		} `json:"TalkSpeed"`
	} `json:"ConversationCharacteristics"`
}

type participantMS struct {
	TotalTimeMillis json.RawMessage `json:"TotalTimeMillis"`
}

type callAnalyticsTurn struct {
	ID                  string          `json:"Id"`
	ParticipantID       string          `json:"ParticipantId"`
	ParticipantRole     string          `json:"ParticipantRole"`
	DisplayName         string          `json:"DisplayName"`
	Content             *string         `json:"Content"`
	BeginOffsetMillis   json.RawMessage `json:"BeginOffsetMillis"`
	EndOffsetMillis     json.RawMessage `json:"EndOffsetMillis"`
	AbsoluteTime        string          `json:"AbsoluteTime"`
	Type                string          `json:"Type"`
	ContentType         string          `json:"ContentType"`
	IssuesDetected      []detectedSpan  `json:"IssuesDetected"`
	OutcomesDetected    []detectedSpan  `json:"OutcomesDetected"`
	ActionItemsDetected []detectedSpan  `json:"ActionItemsDetected"`
}

// A detectedSpan marks part of a turn's Content as an issue, an outcome or
// an action item; offsets count characters.
type detectedSpan struct {
	CharacterOffsets struct {
		Begin int `json:"Begin"`
		End   int `json:"End"`
	} `json:"CharacterOffsets"`
}

// Decode implements Format.
func (CallAnalytics) Decode(src *Source) error {
	liner := newRecordLiner(src)
	return EachJSONRecord(src, nil, func(raw json.RawMessage, line int) error {
		var job callAnalyticsJob
		if !DecodeRecord(src, raw, line, &job) {
			return nil
		}
		id := firstNonEmpty(job.JobName, job.CustomerMetadata.ContactID, job.SessionID)
		if id == "" {
			id = recordID(src.Name, line)
		}
		if len(job.Transcript) == 0 {
			src.Reject(line, "job %q has no \"Transcript\" turns (status %q)", id, job.JobStatus)
			return nil
		}
		rec := &jobRecord{src: src, raw: raw, line: line, id: id, liner: liner}
		c := &transcript.Conversation{
			ID:      id,
			Channel: transcript.Call,
			Source:  transcript.Location{File: src.Name, Line: line},
			Meta:    job.meta(),
		}
		if ch, ok := transcript.ParseChannel(job.Channel); ok {
			c.Channel = ch
		}
		roles := map[string]string{}
		for _, p := range job.Participants {
			if p.ParticipantID != "" {
				roles[p.ParticipantID] = p.ParticipantRole
			}
		}
		var issues, outcomes, actions []string
		for i := range job.Transcript {
			t := &job.Transcript[i]
			if t.isEvent() {
				continue
			}
			m, ok := rec.turn(t, i, roles)
			if !ok {
				continue
			}
			c.Messages = append(c.Messages, m)
			issues = append(issues, t.phrases(t.IssuesDetected)...)
			outcomes = append(outcomes, t.phrases(t.OutcomesDetected)...)
			actions = append(actions, t.phrases(t.ActionItemsDetected)...)
		}
		for key, list := range map[string][]string{"aws_issues": issues, "aws_outcomes": outcomes, "aws_action_items": actions} {
			if len(list) > 0 {
				c.Meta[key] = strings.Join(list, "; ")
			}
		}
		if len(c.Messages) == 0 {
			if rec.rejected == 0 { // only events
				src.Reject(line, "job %q has no turns with \"Content\"", id)
			}
			return nil
		}
		return src.Emit(c)
	})
}

// isEvent reports whether a chat analysis entry is an event (a participant
// joined or left, a transfer) rather than something someone said: events
// carry no Content and are no one's turn, so they are passed over.
func (t *callAnalyticsTurn) isEvent() bool {
	return t.Content == nil && (strings.EqualFold(t.Type, "EVENT") ||
		strings.HasPrefix(t.ContentType, "application/vnd.amazonaws.connect.event"))
}

// turn reads one Transcript entry, or rejects it at its line.
func (r *jobRecord) turn(t *callAnalyticsTurn, i int, roles map[string]string) (transcript.Message, bool) {
	path := []any{"Transcript", i}
	var m transcript.Message
	roleValue := firstNonEmpty(t.ParticipantRole, roles[t.ParticipantID], t.ParticipantID)
	role, ok := callAnalyticsRole(r.src, roleValue)
	if !ok {
		if roleValue == "" {
			r.reject(path, "turn %d has no \"ParticipantRole\"", i+1)
		} else {
			r.reject(path, "turn %d: unknown participant role %q (map it with --role-map)", i+1, roleValue)
		}
		return m, false
	}
	if t.Content == nil {
		r.reject(path, "turn %d has no \"Content\"", i+1)
		return m, false
	}
	m = transcript.Message{Role: role, Author: strings.TrimSpace(t.DisplayName), Text: *t.Content}
	var err error
	if m.At, err = r.src.Times.Parse(t.AbsoluteTime); err != nil {
		r.reject(path, "turn %d: AbsoluteTime: %v", i+1, err)
		return m, false
	}
	begin, beginErr := offsetMS(t.BeginOffsetMillis)
	end, endErr := offsetMS(t.EndOffsetMillis)
	switch {
	case beginErr != nil:
		r.reject(path, "turn %d: BeginOffsetMillis: %v", i+1, beginErr)
		return m, false
	case endErr != nil:
		r.reject(path, "turn %d: EndOffsetMillis: %v", i+1, endErr)
		return m, false
	case begin != nil && end != nil && *end < *begin:
		r.reject(path, "turn %d: EndOffsetMillis %d is before BeginOffsetMillis %d", i+1, *end, *begin)
		return m, false
	case begin == nil && m.At.IsZero():
		r.reject(path, "turn %d has no \"BeginOffsetMillis\"", i+1)
		return m, false
	}
	m.StartMS, m.EndMS = begin, end
	return m, true
}

// callAnalyticsRole maps a ParticipantRole: --role-map and the usual
// synonyms first, then the roles only Amazon Connect uses.
func callAnalyticsRole(src *Source, value string) (transcript.Role, bool) {
	if value == "" {
		return "", false
	}
	if role, ok := src.Opts.Role(value); ok {
		return role, true
	}
	switch strings.ToUpper(strings.TrimSpace(value)) {
	case "SUPERVISOR":
		return transcript.Agent, true
	case "CUSTOM_BOT":
		return transcript.Bot, true
	}
	return "", false
}

// offsetMS reads a millisecond offset, a number or a numeric string; nil
// when absent.
func offsetMS(raw json.RawMessage) (*int64, error) {
	s, err := scalarString(raw)
	if err != nil {
		return nil, err
	}
	if s == "" {
		return nil, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || f < 0 || f > 1e12 {
		return nil, fmt.Errorf("%q is not a number of milliseconds", truncate(s, 20))
	}
	v := int64(f)
	return &v, nil
}

// phrases returns the parts of the turn's Content that spans mark, such as
// the caller's issue, for a QA lead to read beside the score.
func (t *callAnalyticsTurn) phrases(spans []detectedSpan) []string {
	if t.Content == nil || len(spans) == 0 {
		return nil
	}
	runes := []rune(*t.Content)
	var out []string
	for _, span := range spans {
		b, e := span.CharacterOffsets.Begin, span.CharacterOffsets.End
		if b < 0 || e > len(runes) || b >= e {
			continue
		}
		if phrase := strings.TrimSpace(string(runes[b:e])); phrase != "" && utf8.ValidString(phrase) {
			out = append(out, phrase)
		}
	}
	return out
}

// meta keeps the service's analytics under stable keys, so rubrics and
// reports can read them whatever the output's version.
func (job *callAnalyticsJob) meta() map[string]string {
	meta := map[string]string{"platform": "transcribe-call-analytics"}
	if job.CustomerMetadata.ContactID != "" || job.CustomerMetadata.InstanceID != "" {
		meta["platform"] = "contact-lens"
	}
	set := func(key string, raw json.RawMessage) {
		if s, err := scalarString(raw); err == nil && s != "" {
			meta[key] = s
		}
	}
	setString := func(key, value string) {
		if value = strings.TrimSpace(value); value != "" {
			meta[key] = value
		}
	}
	setString("status", strings.ToLower(job.JobStatus))
	setString("language", job.LanguageCode)
	set("account_id", job.AccountID)
	setString("contact_id", job.CustomerMetadata.ContactID)
	setString("instance_id", job.CustomerMetadata.InstanceID)
	if strings.EqualFold(job.ContentMetadata.Output, "Redacted") {
		meta["redacted"] = "true"
	}
	cc := &job.ConversationCharacteristics
	set("aws_duration_ms", cc.TotalConversationDurationMillis)
	set("aws_interruptions_count", cc.Interruptions.TotalCount)
	set("aws_interruptions_ms", cc.Interruptions.TotalTimeMillis)
	set("aws_non_talk_ms", cc.NonTalkTime.TotalTimeMillis)
	set("aws_talk_ms", cc.TalkTime.TotalTimeMillis)
	for party, d := range cc.TalkTime.DetailsByParticipant {
		set("aws_talk_ms_"+strings.ToLower(party), d.TotalTimeMillis)
	}
	for party, d := range cc.TalkSpeed.DetailsByParticipant {
		set("aws_wpm_"+strings.ToLower(party), d.AverageWordsPerMinute)
	}
	// Chat analyses nest the scores one level down.
	overall := cc.Sentiment.OverallSentiment
	if nested, ok := overall["DetailsByParticipantRole"]; ok {
		overall = nil
		_ = json.Unmarshal(nested, &overall)
	}
	for party, score := range overall {
		set("aws_sentiment_"+strings.ToLower(party), score)
	}
	if cats := job.Categories.MatchedCategories; len(cats) > 0 {
		cats = append([]string(nil), cats...)
		sort.Strings(cats)
		meta["aws_categories"] = strings.Join(cats, ",")
	}
	return meta
}
