package importers

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/iqa-cli/iqa/transcript"
)

// CCAIInsights reads the conversation data JSON that Google Contact Center
// AI Insights ingests: one conversation per file, {"conversation_info":
// {"categories":[...]}, "entries":[{"text","role","user_id",
// "start_timestamp_usec"}]}. The conversation's id is the file's name.
//
// Roles: AGENT and HUMAN_AGENT are the agent, CUSTOMER and END_USER the
// customer, AUTOMATED_AGENT a bot. start_timestamp_usec counts from the
// start of the conversation, so it becomes an offset (start_ms), not a
// time of day; a value too large to be an offset (epoch microseconds, which
// some pipelines write) is read as the time instead.
type CCAIInsights struct{}

// Name implements Format.
func (CCAIInsights) Name() string { return "ccai-insights" }

// Expects implements Format.
func (CCAIInsights) Expects() string {
	return `Google Contact Center AI Insights conversation JSON {"entries":[{"text","role","user_id","start_timestamp_usec"}]}`
}

var ccaiRole = regexp.MustCompile(`"role"\s*:\s*"(AGENT|CUSTOMER|HUMAN_AGENT|AUTOMATED_AGENT|END_USER)"`)

// Detect implements Format: "entries" with CCAI roles and user_id or
// start_timestamp_usec.
func (CCAIInsights) Detect(head []byte, _ string) bool {
	return looksLikeJSONObjects(head) && hasKey(head, "entries") && ccaiRole.Match(head) &&
		(hasKey(head, "start_timestamp_usec") || hasKey(head, "user_id"))
}

type ccaiEntry struct {
	Text      string      `json:"text"`
	Role      string      `json:"role"`
	UserID    flexString  `json:"user_id"`
	StartUsec *flexString `json:"start_timestamp_usec"`
}

type ccaiConversation struct {
	Info struct {
		Categories []struct {
			DisplayName string `json:"display_name"`
		} `json:"categories"`
	} `json:"conversation_info"`
	Entries *[]ccaiEntry `json:"entries"`
}

var ccaiRoleTable = map[string]transcript.Role{
	"agent":           transcript.Agent,
	"human_agent":     transcript.Agent,
	"customer":        transcript.Customer,
	"end_user":        transcript.Customer,
	"automated_agent": transcript.Bot,
}

// epochUsec is where start_timestamp_usec stops being an offset: 1e14
// microseconds is over three years, longer than any conversation.
const epochUsec = 1e14

// Decode implements Format.
func (CCAIInsights) Decode(src *Source) error {
	base := strings.TrimSuffix(filepath.Base(src.Name), ".gz")
	id := strings.TrimSuffix(base, filepath.Ext(base))
	record := 0
	return EachJSONRecord(src, nil, func(raw json.RawMessage, line int) error {
		record++
		var cc ccaiConversation
		if !DecodeRecord(src, raw, line, &cc) {
			return nil
		}
		if cc.Entries == nil {
			src.Reject(line, `conversation has no "entries"`)
			return nil
		}
		c := &transcript.Conversation{
			ID:      id,
			Channel: transcript.Chat,
			Source:  transcript.Location{File: src.Name, Line: line},
			Meta:    map[string]string{"platform": "ccai-insights"},
		}
		if record > 1 { // several conversations in one file (JSON Lines)
			c.ID = id + "-" + strconv.Itoa(record)
		}
		var cats []string
		for _, cat := range cc.Info.Categories {
			cats = append(cats, cat.DisplayName)
		}
		setMeta(c, "categories", strings.Join(nonEmpty(cats), ","))
		for i, e := range *cc.Entries {
			text := strings.TrimSpace(e.Text)
			if text == "" {
				continue
			}
			role, ok := helpdeskRole(src.Opts, e.Role, ccaiRoleTable)
			if !ok {
				src.Reject(line, "entry %d: unknown role %q (use AGENT, CUSTOMER or AUTOMATED_AGENT, or map it with --role-map)", i+1, e.Role)
				continue
			}
			m := transcript.Message{Role: role, Text: text}
			if e.UserID != "" {
				m.Author = "user " + string(e.UserID)
			}
			if e.StartUsec != nil && *e.StartUsec != "" {
				usec, err := strconv.ParseInt(string(*e.StartUsec), 10, 64)
				switch {
				case err != nil || usec < 0:
					src.Reject(line, "entry %d: start_timestamp_usec %q is not a count of microseconds", i+1, string(*e.StartUsec))
					continue
				case usec >= epochUsec:
					m.At = time.UnixMicro(usec).UTC()
				default:
					ms := usec / 1000
					m.StartMS = &ms
				}
			}
			c.Messages = append(c.Messages, m)
		}
		ccaiEnds(c.Messages)
		return src.Emit(c)
	})
}

// ccaiEnds ends each entry with an offset where the next one starts (the
// format gives starts only); the last ends where it starts.
func ccaiEnds(msgs []transcript.Message) {
	for i := range msgs {
		if msgs[i].StartMS == nil {
			continue
		}
		end := *msgs[i].StartMS
		if i+1 < len(msgs) && msgs[i+1].StartMS != nil && *msgs[i+1].StartMS >= end {
			end = *msgs[i+1].StartMS
		}
		msgs[i].EndMS = &end
	}
}
