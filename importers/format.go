package importers

import (
	"fmt"
	"strings"
	"time"

	"github.com/iqa-cli/iqa/transcript"
)

// A Format reads one kind of export.
type Format interface {
	// Name is what --format takes.
	Name() string
	// Expects says in one line what the format reads, for `iqa formats`.
	Expects() string
	// Detect reports whether the first bytes of a file (decoded to UTF-8, at
	// most HeadSize) look like this format. name is the file name without a
	// .gz suffix. It must be cheap and must not claim other formats' files.
	Detect(head []byte, name string) bool
	// Decode streams the conversations in src through src.Emit and reports
	// unreadable records with src.Reject. It returns an error only when the
	// whole input cannot be read as this format.
	Decode(src *Source) error
}

// A GroupFormat is a format whose records can span files: a thread of
// e-mails exported as one .eml file per message. Run hands each run of
// consecutive inputs of the format to one DecodeGroup call instead of one
// Decode call per input.
type GroupFormat interface {
	Format
	// DecodeGroup decodes srcs, in order, as one input. Each source keeps
	// its own name, rejects, warnings and counts; R is nil and each input is
	// opened (Source.Open) and closed by DecodeGroup, one at a time.
	DecodeGroup(srcs []*Source) error
}

// HeadSize is how many bytes of a file Detect sees.
const HeadSize = 64 << 10

// Formats lists every format in detection order: the most specific first,
// the generic CSV and JSON readers last.
func Formats() []Format {
	return []Format{
		TwitterCSV{}, // first: its header would also satisfy a generic CSV reader
		WebVTT{},
		Transcribe{},
		CallAnalytics{},
		Zendesk{},
		Intercom{},
		Freshdesk{},
		HubSpot{},
		Salesforce{},
		ZohoDesk{},
		Drift{},
		HelpScout{},
		Front{},
		Gorgias{},
		Email{},
		LiveChat{},
		CCAIInsights{},
		Teams{},
		Slack{},
		Freshchat{},
		GenesysCloud{},
		TwilioConversations{},
		Crisp{},
		Native{},
		JSONRecords{},
		Csv{},
	}
}

// Lookup returns the format called name.
func Lookup(name string) (Format, error) {
	var names []string
	for _, f := range Formats() {
		if strings.EqualFold(f.Name(), name) {
			return f, nil
		}
		names = append(names, f.Name())
	}
	return nil, fmt.Errorf("unknown format %q (known: %s)", name, strings.Join(names, ", "))
}

// DateOrder says how to read a date like 03/04/2026.
type DateOrder int

// The date orders --date-order takes.
const (
	DateAuto DateOrder = iota // decide from the file, month first when it cannot tell
	DateMDY                   // US: month/day/year
	DateDMY                   // day/month/year
)

// ParseDateOrder reads a --date-order value.
func ParseDateOrder(s string) (DateOrder, error) {
	switch strings.ToLower(s) {
	case "", "auto":
		return DateAuto, nil
	case "mdy", "us", "month-first":
		return DateMDY, nil
	case "dmy", "day-first":
		return DateDMY, nil
	}
	return DateAuto, fmt.Errorf("unknown date order %q (use auto, mdy or dmy)", s)
}

// Options are the user's hints for reading exports. The zero value works.
type Options struct {
	// Format forces one format instead of detecting each file's.
	Format string
	// Columns maps a field (text, role, author, conversation_id, timestamp,
	// channel, agent, team, customer) to the header of the column that holds
	// it, overriding the built-in synonyms.
	Columns map[string]string
	// RoleMap maps a role value as it appears in the export (compared
	// case-insensitively) to a role, before the built-in synonyms.
	RoleMap map[string]transcript.Role
	// Agent names the agent for formats that cannot tell who the agent is
	// (WebVTT speakers, Zendesk comments without a users list).
	Agent string
	// AgentSpeaker is the speaker label that is the agent in a call
	// transcript (spk_0, ch_1, ...).
	AgentSpeaker string
	// AgentDomains are the e-mail domains whose senders are agents.
	AgentDomains []string
	// TZ is the zone for timestamps that carry none; nil means UTC.
	TZ *time.Location
	// DateOrder decides dates whose day and month could be swapped.
	DateOrder DateOrder
	// DefaultChannel is the channel of conversations whose export names
	// none; empty leaves them without one (transcript.Finish makes that
	// "other", and Importer.OnNoChannel is told).
	DefaultChannel transcript.Channel
}

// Role maps an export's role value to a role: first through RoleMap, then
// through the built-in synonyms.
func (o *Options) Role(value string) (transcript.Role, bool) {
	v := strings.TrimSpace(value)
	for k, r := range o.RoleMap {
		if strings.EqualFold(k, v) {
			return r, true
		}
	}
	return transcript.ParseRole(v)
}

// ParseRoleMap reads a --role-map value: "Visitor=customer,Operator=agent".
func ParseRoleMap(s string) (map[string]transcript.Role, error) {
	m := map[string]transcript.Role{}
	for _, pair := range strings.Split(s, ",") {
		if strings.TrimSpace(pair) == "" {
			continue
		}
		k, v, ok := strings.Cut(pair, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return nil, fmt.Errorf("role map entry %q is not VALUE=ROLE", pair)
		}
		r, ok := transcript.ParseRole(v)
		if !ok {
			return nil, fmt.Errorf("role map entry %q: unknown role %q (use agent, customer, bot or system)", pair, strings.TrimSpace(v))
		}
		m[strings.TrimSpace(k)] = r
	}
	return m, nil
}

// ParseColumns reads --col values: "text=Body".
func ParseColumns(pairs []string) (map[string]string, error) {
	m := map[string]string{}
	for _, pair := range pairs {
		k, v, ok := strings.Cut(pair, "=")
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		if !ok || k == "" || v == "" {
			return nil, fmt.Errorf("column override %q is not FIELD=HEADER (for example text=Body)", pair)
		}
		m[k] = v
	}
	return m, nil
}
