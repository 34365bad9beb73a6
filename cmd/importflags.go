package cmd

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/spf13/pflag"

	"github.com/iqa-cli/iqa/importers"
	"github.com/iqa-cli/iqa/transcript"
)

// importFlags are the flags of every command that reads exports.
type importFlags struct {
	format       string
	cols         []string
	roleMap      string
	agent        string
	agentSpeaker string
	agentDomains []string
	tz           string
	dateOrder    string
	rejects      string
	strict       bool
	// defaultChannel is the channel of conversations whose export names
	// none; --channel, on score, is the filter.
	defaultChannel string
}

func (f *importFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.format, "format", "", "read every input as this format instead of detecting it (see 'iqa formats')")
	fs.StringArrayVar(&f.cols, "col", nil, "CSV/JSON field to column: --col text=Body --col role=Direction (repeatable)")
	fs.StringVar(&f.roleMap, "role-map", "", `role values to roles: "Visitor=customer,Operator=agent"`)
	fs.StringVar(&f.agent, "agent-name", "", "the agent's name, for formats that cannot tell (WebVTT speakers, Zendesk without users)")
	fs.StringVar(&f.agentSpeaker, "agent-speaker", "", "the call transcript speaker label that is the agent (spk_0, ch_1)")
	fs.StringSliceVar(&f.agentDomains, "agent-domain", nil, "e-mail domain whose senders are agents (repeatable)")
	fs.StringVar(&f.tz, "tz", "UTC", "time zone for timestamps that carry none (IANA name, e.g. Europe/Berlin)")
	fs.StringVar(&f.dateOrder, "date-order", "auto", "how to read dates like 03/04/2026: auto, mdy or dmy")
	fs.StringVar(&f.rejects, "rejects", "", "write every rejected record to this file as JSON Lines (file, line, reason)")
	fs.BoolVar(&f.strict, "strict", false, "fail (exit 2) if any record is rejected")
	fs.StringVar(&f.defaultChannel, "default-channel", "", `channel of conversations whose export names none (chat, email, call, sms, social, other); without it they are "other"`)
}

func (f *importFlags) options() (importers.Options, error) {
	var opts importers.Options
	opts.Format = f.format
	if f.format != "" {
		if _, err := importers.Lookup(f.format); err != nil {
			return opts, usageError("see 'iqa formats'", "--format: %v", err)
		}
	}
	var err error
	if opts.Columns, err = importers.ParseColumns(f.cols); err != nil {
		return opts, usageError("", "--col: %v", err)
	}
	if opts.RoleMap, err = importers.ParseRoleMap(f.roleMap); err != nil {
		return opts, usageError("", "--role-map: %v", err)
	}
	if opts.TZ, err = time.LoadLocation(f.tz); err != nil {
		return opts, usageError("use an IANA name such as Europe/Berlin or America/New_York", "--tz: unknown time zone %q", f.tz)
	}
	if opts.DateOrder, err = importers.ParseDateOrder(f.dateOrder); err != nil {
		return opts, usageError("", "--date-order: %v", err)
	}
	if f.defaultChannel != "" {
		ch, ok := parseChannel(f.defaultChannel)
		if !ok {
			return opts, usageError("", "--default-channel %q: use chat, email, call, sms, social or other", f.defaultChannel)
		}
		opts.DefaultChannel = transcript.Channel(ch)
	}
	opts.Agent = f.agent
	opts.AgentSpeaker = f.agentSpeaker
	for _, d := range f.agentDomains {
		opts.AgentDomains = append(opts.AgentDomains, strings.ToLower(strings.TrimPrefix(strings.TrimSpace(d), "@")))
	}
	return opts, nil
}

// resolve checks the import flags and expands the input arguments, before
// anything is read.
func (f *importFlags) resolve(args []string) (importers.Options, []importers.Input, error) {
	opts, err := f.options()
	if err != nil {
		return opts, nil, err
	}
	inputs, err := importers.Expand(args)
	if err != nil {
		return opts, nil, usageError("", "%v", err)
	}
	return opts, inputs, nil
}

// rejectLog shows rejected records and warnings to the user: the first few
// on stderr, every one in the --rejects file. It is safe for concurrent use.
type rejectLog struct {
	mu      sync.Mutex
	err     io.Writer
	file    *json.Encoder
	quiet   bool
	count   int
	list    []importers.Reject
	maxList int
	// noChannel counts the conversations whose export named no channel
	// (importers.Importer.OnNoChannel).
	noChannel int
}

// shownRejects is how many rejects are printed on stderr before the rest
// are only counted.
const shownRejects = 10

func (l *rejectLog) reject(r importers.Reject) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.count++
	if l.count <= shownRejects && !l.quiet {
		fmt.Fprintf(l.err, "iqa: rejected %s\n", r)
	}
	if l.file != nil {
		l.file.Encode(rejectRecord{File: r.Where.File, Line: r.Where.Line, Record: r.Where.Record, Reason: r.Reason, Conversation: r.Conversation})
	}
	if len(l.list) < l.maxList {
		l.list = append(l.list, r)
	}
}

func (l *rejectLog) warn(w importers.Warning) {
	if !l.quiet {
		l.mu.Lock()
		fmt.Fprintf(l.err, "iqa: warning: %s\n", w)
		l.mu.Unlock()
	}
}

// missingChannel counts a conversation read without a channel.
func (l *rejectLog) missingChannel(*transcript.Conversation) {
	l.mu.Lock()
	l.noChannel++
	l.mu.Unlock()
}

// noChannelScored is what scoring does to a conversation without a channel.
const noChannelScored = "response-time limits of 'other' applied"

// channelHint is what to do about conversations without a channel.
const channelHint = "pass --default-channel chat, email or call"

// warnNoChannel says once, on stderr, how many conversations had no
// channel and what that did to them (consequence: "response-time limits
// of 'other' applied").
func (l *rejectLog) warnNoChannel(consequence string) {
	if l.noChannel == 0 || l.quiet {
		return
	}
	have := "have"
	if l.noChannel == 1 {
		have = "has"
	}
	fmt.Fprintf(l.err, "iqa: warning: %s %s no channel; %s — %s\n", count(l.noChannel, "conversation"), have, consequence, channelHint)
}

// summary is the closing line about rejects, or "" when there were none.
func (l *rejectLog) summary(rejectsFile string) string {
	if l.count == 0 {
		return ""
	}
	s := count(l.count, "record") + " rejected"
	switch {
	case rejectsFile != "":
		s += "; all are listed in " + rejectsFile
	case l.quiet:
		s += "; list them with --rejects FILE"
	case l.count > shownRejects:
		s += fmt.Sprintf(" (%d shown); list them all with --rejects FILE", shownRejects)
	}
	return s
}

type rejectRecord struct {
	File   string `json:"file"`
	Line   int    `json:"line,omitempty"`
	Record int    `json:"record,omitempty"`
	Reason string `json:"reason"`
	// Conversation is the id of the conversation the record was part of,
	// when the format could tell.
	Conversation string `json:"conversation,omitempty"`
}
