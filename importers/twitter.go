package importers

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/iqa-cli/iqa/transcript"
)

// TwitterCSV reads the "Customer Support on Twitter" data set (twcs.csv,
// published on Kaggle by ThoughtVector) and files of the same layout: one
// tweet a row with tweet_id, author_id, inbound, created_at, text,
// response_tweet_id and in_response_to_tweet_id. A conversation is a reply
// tree rebuilt from those links.
//
// A thread's tweets may be anywhere in the file, so it is read twice
// (src.Reopen) rather than held whole. The first pass keeps a compact index
// only: tweet ids and reply links as integers, the links read from both ends
// merged, joined into threads with a union-find (a 1-million-tweet file of
// 165 MB peaks at about 66 MB of heap). The second pass collects each
// thread's tweets and emits the thread as soon as its last tweet is read,
// so only threads still open are held; in the real file a thread's tweets
// sit close together, so few are open at a time.
type TwitterCSV struct{}

var tweetEntities = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">")

// Name implements Format.
func (TwitterCSV) Name() string { return "twitter-csv" }

// Expects implements Format.
func (TwitterCSV) Expects() string {
	return "Customer Support on Twitter CSV: tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id (threads rebuilt from reply links)"
}

// Detect implements Format: a header line naming tweet_id, author_id and
// inbound, in any order and case.
func (TwitterCSV) Detect(head []byte, _ string) bool {
	cols, _, ok := twitterHeader(head)
	if !ok {
		return false
	}
	for _, need := range []string{"tweet_id", "author_id", "inbound"} {
		if _, ok := cols[need]; !ok {
			return false
		}
	}
	return true
}

// twitterHeader reads the first line of head as a header: it picks the
// delimiter (comma, or the semicolon or tab a spreadsheet may save with)
// and maps each lower-cased column name to its index.
func twitterHeader(head []byte) (map[string]int, rune, bool) {
	head = bytes.TrimPrefix(head, []byte("\ufeff"))
	line, _, _ := bytes.Cut(head, []byte("\n"))
	line = bytes.TrimRight(line, "\r")
	for _, delim := range []rune{',', ';', '\t'} {
		if !bytes.ContainsRune(line, delim) {
			continue
		}
		r := csv.NewReader(bytes.NewReader(line))
		r.Comma = delim
		r.LazyQuotes = true
		fields, err := r.Read()
		if err != nil {
			continue
		}
		cols := map[string]int{}
		for i, f := range fields {
			name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(f, "\ufeff")))
			if _, dup := cols[name]; !dup {
				cols[name] = i
			}
		}
		if _, ok := cols["tweet_id"]; ok {
			return cols, delim, true
		}
	}
	return nil, 0, false
}

// tweet is one row read and checked.
type tweet struct {
	line     int
	id       uint64
	parent   uint64 // 0: none, or a damaged id (see parentDamaged)
	children []uint64
	author   string
	inbound  bool
	at       time.Time
	text     string

	parentDamaged   string // the parent id as a spreadsheet rounded it
	damagedChildren int    // how many response ids a spreadsheet rounded
}

// twitterColumns are the column indexes of a file; -1 when absent.
type twitterColumns struct {
	id, author, inbound, created, text, responses, inReplyTo, width int
}

func (c twitterColumns) field(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// Decode implements Format.
func (TwitterCSV) Decode(src *Source) error {
	br := bufio.NewReaderSize(src.R, HeadSize)
	head, _ := br.Peek(HeadSize)
	names, delim, ok := twitterHeader(head)
	if !ok {
		return ErrorAt(1, "no header with tweet_id, author_id and inbound")
	}
	cols := twitterColumns{width: len(names)}
	find := func(name string) int {
		if i, ok := names[name]; ok {
			return i
		}
		return -1
	}
	cols.id, cols.author, cols.inbound = find("tweet_id"), find("author_id"), find("inbound")
	cols.created, cols.text = find("created_at"), find("text")
	cols.responses, cols.inReplyTo = find("response_tweet_id"), find("in_response_to_tweet_id")
	if cols.id < 0 || cols.author < 0 || cols.inbound < 0 || cols.text < 0 {
		return ErrorAt(1, "header needs the columns tweet_id, author_id, inbound and text")
	}

	// Pass 1: check every row, reject the bad ones, and index ids and links.
	idx := &threadIndex{}
	damaged := map[uint64]*tweet{} // rows with rounded links, resolved below
	err := eachTwitterRow(src, br, delim, cols, true, func(t *tweet) error {
		idx.addTweet(t.id)
		if t.parent != 0 {
			idx.addLink(t.id, t.parent, false)
		}
		for _, c := range t.children {
			idx.addLink(c, t.id, true)
		}
		if t.parentDamaged != "" || t.damagedChildren > 0 {
			damaged[t.id] = &tweet{line: t.line, id: t.id, parentDamaged: t.parentDamaged, damagedChildren: t.damagedChildren, children: t.children}
		}
		return nil
	})
	if err != nil {
		return err
	}
	idx.build()
	excluded := resolveDamaged(src, idx, damaged)
	idx.join(excluded)

	// Pass 2: gather each thread and emit it when its last tweet is read.
	r, err := src.Reopen()
	if err != nil {
		return err
	}
	open := map[int32][]*tweet{}
	firstLine := map[uint64]int{} // of the duplicated ids, where each was first seen
	err = eachTwitterRow(src, r, delim, cols, false, func(t *tweet) error {
		if excluded[t.id] {
			return nil
		}
		if idx.duplicated(t.id) {
			if first, dup := firstLine[t.id]; dup {
				src.Reject(t.line, "tweet_id %d appears again (first at line %d); only the first is kept", t.id, first)
				return nil
			}
			firstLine[t.id] = t.line
		}
		root := idx.thread(t.id)
		open[root] = append(open[root], t)
		if len(open[root]) < idx.size(root) {
			return nil
		}
		thread := open[root]
		delete(open, root)
		return src.Emit(twitterConversation(thread, idx))
	})
	if err != nil {
		return err
	}
	// Every thread is complete by now unless the file changed between the
	// passes; emit what is left rather than lose it.
	roots := slices.Sorted(maps.Keys(open))
	for _, root := range roots {
		if err := src.Emit(twitterConversation(open[root], idx)); err != nil {
			return err
		}
	}
	return nil
}

// resolveDamaged decides, for rows whose links a spreadsheet rounded, whether
// the link can still be made from the other side; rows where it cannot are
// rejected and returned, to be left out of the threads.
func resolveDamaged(src *Source, idx *threadIndex, damaged map[uint64]*tweet) map[uint64]bool {
	excluded := map[uint64]bool{}
	ids := make([]uint64, 0, len(damaged))
	for id := range damaged {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b uint64) int { return damaged[a].line - damaged[b].line })
	unlisted := idx.unlistedReplies(damaged)
	for _, id := range ids {
		t := damaged[id]
		if t.parentDamaged != "" && !idx.listedAsChild(id) {
			src.Reject(t.line, "in_response_to_tweet_id %q was rounded by a spreadsheet (scientific notation) and no other tweet lists this one as a reply, so its thread is lost; re-export the file with the id columns as text", t.parentDamaged)
			excluded[id] = true
			continue
		}
		if t.damagedChildren > 0 && unlisted[id] < t.damagedChildren {
			src.Reject(t.line, "response_tweet_id has %d id(s) rounded by a spreadsheet (scientific notation) whose replies do not link back, so its thread is lost; re-export the file with the id columns as text", t.damagedChildren)
			excluded[id] = true
		}
	}
	return excluded
}

// eachTwitterRow reads the rows after the header, checks each and hands the
// good ones to fn. Only the first pass reports rejects: the second reads the
// same rows and skips the same ones.
func eachTwitterRow(src *Source, r io.Reader, delim rune, cols twitterColumns, report bool, fn func(*tweet) error) error {
	cr := csv.NewReader(r)
	cr.Comma = delim
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	reject := func(line int, format string, args ...any) {
		if report {
			src.Reject(line, format, args...)
		}
	}
	seen := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		line, _ := cr.FieldPos(0)
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			reject(pe.StartLine, "unreadable CSV row: %v", pe.Err)
			continue
		}
		if err != nil {
			return err
		}
		seen++
		if seen == 1 {
			continue // the header
		}
		if seen%4096 == 0 {
			if err := src.Err(); err != nil {
				return err
			}
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		t, msg := readTweet(src, rec, cols, line)
		if msg != "" {
			reject(line, "%s", msg)
			continue
		}
		if err := fn(t); err != nil {
			return err
		}
	}
}

// readTweet checks one row; it returns the reason when the row cannot be
// imported.
func readTweet(src *Source, rec []string, cols twitterColumns, line int) (*tweet, string) {
	t := &tweet{line: line}
	raw := cols.field(rec, cols.id)
	id, kind := parseTweetID(raw)
	switch kind {
	case idEmpty:
		return nil, "no tweet_id"
	case idRounded:
		return nil, fmt.Sprintf("tweet_id %q was rounded by a spreadsheet (scientific notation) and cannot be recovered; re-export the file with the id columns as text", raw)
	case idInvalid:
		return nil, fmt.Sprintf("tweet_id %q is not a tweet id (digits)", truncate(raw, 30))
	}
	t.id = id
	t.author = cols.field(rec, cols.author)
	if t.author == "" {
		return nil, fmt.Sprintf("tweet %d has no author_id", id)
	}
	inbound, ok := parseInbound(cols.field(rec, cols.inbound))
	if !ok {
		return nil, fmt.Sprintf("tweet %d: inbound %q is not true or false", id, truncate(cols.field(rec, cols.inbound), 20))
	}
	t.inbound = inbound
	if cols.text >= len(rec) || strings.TrimSpace(rec[cols.text]) == "" {
		return nil, fmt.Sprintf("tweet %d has no text", id)
	}
	// Twitter's API escapes &, < and > in tweet text, and the data set
	// kept them so: "AT&amp;T" is "AT&T".
	t.text = tweetEntities.Replace(rec[cols.text])
	if n := strings.Count(t.text, "\n"); n > maxTweetLines {
		return nil, fmt.Sprintf("tweet %d: text runs over %d lines: probably an unclosed quote, and the rows after it were read as its text; fix the quote and import again", id, n+1)
	}
	var err error
	if t.at, err = src.Times.Parse(cols.field(rec, cols.created)); err != nil {
		return nil, fmt.Sprintf("tweet %d: created_at: %v", id, err)
	}
	raw = cols.field(rec, cols.inReplyTo)
	switch parent, kind := parseTweetID(raw); kind {
	case idOK:
		t.parent = parent
	case idRounded:
		t.parentDamaged = raw
	case idInvalid:
		return nil, fmt.Sprintf("tweet %d: in_response_to_tweet_id %q is not a tweet id", id, truncate(raw, 30))
	}
	for _, f := range splitIDList(cols.field(rec, cols.responses)) {
		switch child, kind := parseTweetID(f); kind {
		case idOK:
			t.children = append(t.children, child)
		case idRounded:
			t.damagedChildren++
		case idInvalid:
			return nil, fmt.Sprintf("tweet %d: response_tweet_id %q is not a list of tweet ids", id, truncate(cols.field(rec, cols.responses), 40))
		}
	}
	if t.parent == id || slices.Contains(t.children, id) {
		return nil, fmt.Sprintf("tweet %d replies to itself", id)
	}
	return t, ""
}

// maxTweetLines is more line breaks than a tweet holds: a text longer than
// that is rows swallowed by an unclosed quote.
const maxTweetLines = 100

type idKind int

const (
	idOK idKind = iota
	idEmpty
	idRounded // a spreadsheet turned it into a float that lost digits
	idInvalid
)

// parseTweetID reads a tweet id. Besides plain digits it accepts what pandas
// and spreadsheets make of an integer column with gaps: "1234.0". Scientific
// notation ("1.19E+17") lost digits and cannot be trusted.
func parseTweetID(s string) (uint64, idKind) {
	s = strings.Trim(strings.TrimSpace(s), `"'`)
	switch strings.ToLower(s) {
	case "", "nan", "null", "none", "na", "n/a":
		return 0, idEmpty
	}
	if whole, frac, ok := strings.Cut(s, "."); ok && strings.Trim(frac, "0") == "" {
		s = whole
	}
	if id, err := strconv.ParseUint(s, 10, 64); err == nil && id > 0 {
		return id, idOK
	}
	if strings.ContainsAny(s, "eE") {
		if _, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", "."), 64); err == nil {
			return 0, idRounded
		}
	}
	return 0, idInvalid
}

// splitIDList splits response_tweet_id: commas in the data set, and
// semicolons or spaces after a spreadsheet.
func splitIDList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ';' || r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '|'
	})
}

// parseInbound reads the inbound flag: pandas writes True/False, spreadsheets
// TRUE/FALSE or 1/0.
func parseInbound(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "t", "1", "1.0", "yes", "y", "wahr", "vrai", "verdadero":
		return true, true
	case "false", "f", "0", "0.0", "no", "n", "falsch", "faux", "falso":
		return false, true
	}
	return false, false
}

// twitterConversation turns one thread's tweets into a conversation.
func twitterConversation(thread []*tweet, idx *threadIndex) *transcript.Conversation {
	sort.SliceStable(thread, func(i, j int) bool {
		a, b := thread[i], thread[j]
		if !a.at.Equal(b.at) {
			return a.at.Before(b.at)
		}
		return a.id < b.id
	})
	// The root is the tweet that replies to nothing in the file; when the
	// tweet that started the thread is missing, the earliest one stands in.
	root := thread[0]
	var missing []string
	for _, t := range thread {
		if !idx.isReply(t.id) {
			root = t
			missing = nil
			break
		}
		if t.parent != 0 && !idx.present(t.parent) {
			missing = append(missing, strconv.FormatUint(t.parent, 10))
		}
	}
	c := &transcript.Conversation{
		ID:       strconv.FormatUint(root.id, 10),
		Channel:  transcript.Social,
		Meta:     map[string]string{"platform": "twitter"},
		Source:   transcript.Location{Line: root.line},
		Messages: make([]transcript.Message, 0, len(thread)),
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		c.Meta["root_missing"] = "true"
		c.Meta["in_reply_to"] = strings.Join(slices.Compact(missing), ",")
	}
	for _, t := range thread {
		m := transcript.Message{Role: transcript.Customer, Author: t.author, Text: t.text, At: t.at}
		if !t.inbound {
			m.Role = transcript.Agent
			if c.Agent == "" {
				c.Agent, c.Team = t.author, t.author
			}
		} else if c.Customer == "" {
			c.Customer = t.author
		}
		c.Messages = append(c.Messages, m)
	}
	return c
}

// threadIndex joins tweets into threads using integers only. ids holds every
// id seen (tweets and the ids they link to), sorted; links are the reply
// links as (reply, parent) pairs.
type threadIndex struct {
	tweets []uint64 // ids of the tweets in the file, sorted by build
	links  []twitterLink
	ids    []uint64 // every id, sorted and unique
	up     []int32  // union-find parent, by position in ids
	count  []int32  // tweets in the file per thread root, by position in ids
	reply  []bool   // whether a tweet replies to another, by position in ids
	dups   []uint64 // tweet ids that appear more than once, sorted
}

type twitterLink struct {
	reply, parent uint64
	from          uint8 // linkOwn, linkListed or both
}

// Where a link was read: the reply's in_response_to_tweet_id, the parent's
// response_tweet_id, or both (the usual case).
const (
	linkOwn uint8 = 1 << iota
	linkListed
)

func (x *threadIndex) addTweet(id uint64) { x.tweets = append(x.tweets, id) }

func (x *threadIndex) addLink(reply, parent uint64, listed bool) {
	from := linkOwn
	if listed {
		from = linkListed
	}
	if len(x.links) == cap(x.links) && len(x.links) >= 1<<12 {
		// Nearly every link is read twice, once from each end: merge the
		// pairs before the slice grows, which halves the index.
		x.compactLinks()
	}
	x.links = append(x.links, twitterLink{reply, parent, from})
}

// compactLinks sorts the links and merges those read from both ends.
func (x *threadIndex) compactLinks() {
	slices.SortFunc(x.links, func(a, b twitterLink) int {
		if a.reply != b.reply {
			return cmpUint(a.reply, b.reply)
		}
		return cmpUint(a.parent, b.parent)
	})
	out := x.links[:0]
	for _, l := range x.links {
		if n := len(out); n > 0 && out[n-1].reply == l.reply && out[n-1].parent == l.parent {
			out[n-1].from |= l.from
			continue
		}
		out = append(out, l)
	}
	x.links = out
}

// build sorts the index so that lookups can search it.
func (x *threadIndex) build() {
	slices.Sort(x.tweets)
	x.compactLinks()
	x.links = slices.Clip(x.links)
	// ids: the tweets and the ids they link to that are not in the file.
	var absent []uint64
	for _, l := range x.links {
		for _, id := range [2]uint64{l.reply, l.parent} {
			if _, ok := slices.BinarySearch(x.tweets, id); !ok {
				absent = append(absent, id)
			}
		}
	}
	x.ids = make([]uint64, 0, len(x.tweets)+len(absent))
	x.ids = append(append(x.ids, x.tweets...), absent...)
	slices.Sort(x.ids)
	x.ids = slices.Compact(x.ids)
}

// join unites the tweets of each thread, leaving out the excluded tweets'
// own links, and counts each thread's tweets. The links are not needed
// after it.
func (x *threadIndex) join(excluded map[uint64]bool) {
	x.up = make([]int32, len(x.ids))
	x.reply = make([]bool, len(x.ids))
	for i := range x.up {
		x.up[i] = int32(i)
	}
	for _, l := range x.links {
		if !(l.from&linkOwn != 0 && !excluded[l.reply] || l.from&linkListed != 0 && !excluded[l.parent]) {
			continue // read only from an excluded tweet's own row
		}
		x.union(x.pos(l.reply), x.pos(l.parent))
		x.reply[x.pos(l.reply)] = true
	}
	x.links = nil
	x.count = make([]int32, len(x.ids))
	kept := x.tweets[:0]
	for i, id := range x.tweets {
		if i > 0 && x.tweets[i-1] == id {
			if len(x.dups) == 0 || x.dups[len(x.dups)-1] != id {
				x.dups = append(x.dups, id)
			}
			continue
		}
		if !excluded[id] {
			x.count[x.find(x.pos(id))]++
			kept = append(kept, id)
		}
	}
	// An excluded tweet counts as missing from the file from now on.
	x.tweets = kept
}

// duplicated reports whether more than one row has this tweet_id.
func (x *threadIndex) duplicated(id uint64) bool {
	_, ok := slices.BinarySearch(x.dups, id)
	return ok
}

// isReply reports whether a tweet replies to another by either link.
func (x *threadIndex) isReply(id uint64) bool { return x.reply[x.pos(id)] }

func (x *threadIndex) pos(id uint64) int32 {
	i, _ := slices.BinarySearch(x.ids, id)
	return int32(i)
}

func (x *threadIndex) find(i int32) int32 {
	for x.up[i] != i {
		x.up[i] = x.up[x.up[i]]
		i = x.up[i]
	}
	return i
}

func (x *threadIndex) union(a, b int32) {
	ra, rb := x.find(a), x.find(b)
	if ra != rb {
		x.up[max(ra, rb)] = min(ra, rb)
	}
}

// present reports whether id is a tweet of the file.
func (x *threadIndex) present(id uint64) bool {
	_, ok := slices.BinarySearch(x.tweets, id)
	return ok
}

// thread returns the thread of a tweet of the file.
func (x *threadIndex) thread(id uint64) int32 { return x.find(x.pos(id)) }

// size is how many tweets of the file a thread has.
func (x *threadIndex) size(root int32) int { return int(x.count[root]) }

// listedAsChild reports whether some tweet's response_tweet_id names id.
func (x *threadIndex) listedAsChild(id uint64) bool {
	i, _ := slices.BinarySearchFunc(x.links, id, func(l twitterLink, id uint64) int { return cmpUint(l.reply, id) })
	for ; i < len(x.links) && x.links[i].reply == id; i++ {
		if x.links[i].from&linkListed != 0 {
			return true
		}
	}
	return false
}

// unlistedReplies counts, for each damaged tweet with rounded ids in its
// response_tweet_id, the tweets that reply to it by their own link but are
// not among the clean ids of that list: the replies a rounded id may have
// stood for. One pass over the links.
func (x *threadIndex) unlistedReplies(damaged map[uint64]*tweet) map[uint64]int {
	n := map[uint64]int{}
	for _, l := range x.links {
		if t := damaged[l.parent]; t != nil && t.damagedChildren > 0 && l.from&linkListed == 0 && !slices.Contains(t.children, l.reply) {
			n[l.parent]++
		}
	}
	return n
}

func cmpUint(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
