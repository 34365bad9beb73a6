package importers

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"sort"
	"strings"
	"time"
)

// mailHead is what threading needs of one message, kept for every message
// of the inputs between the two passes: a few short strings, never the
// body.
type mailHead struct {
	file       int // index of the input (Source) the message is in
	line       int
	id         string   // Message-ID without <>
	parents    []string // References, then In-Reply-To, without <>
	threadKeys []string // a mail program's own thread id, if any
	subject    string   // decoded, without Re: and tags
	subjectKey string   // subject in lower case, as threading compares it
	from, to   string   // lower-case addresses (first To)
	fromDomain string
	date       time.Time
	bad        bool // rejected in the first pass; not threaded
}

// A mailThread is one conversation: indices into the heads, in input
// order.
type mailThread struct {
	members []int
	id      string
	subject string
	agent   map[int]bool // by head index: sent by the agent side
}

// subjectPrefix matches one reply or forward marker at the start of a
// subject, in the languages mail clients write them ("Re:", "AW:", "SV:",
// "Antw:", "Re[2]:", "Fwd:") or one bracketed tag ("[ticket #123]",
// "[EXTERNAL]").
var subjectPrefix = regexp.MustCompile(`(?i)^\s*((re|fw|fwd|aw|wg|sv|vs|antw|antwort|rif|tr|réf|ref|res|enc|odp|fs|vá|r)\s*(\[\d+\]|\(\d+\))?\s*[:：]|\[[^\]]*\])\s*`)

// subjectTag matches a bracketed tag at the end of a subject, where
// helpdesks put ticket numbers ("Refund request [#4521]").
var subjectTag = regexp.MustCompile(`\s*\[[^\]]*\]\s*$`)

// cleanSubject removes from a subject what changes along a thread: reply
// and forward markers, bracketed tags, runs of spaces.
func cleanSubject(s string) string {
	for {
		loc := subjectPrefix.FindStringIndex(s)
		if loc == nil {
			break
		}
		s = s[loc[1]:]
	}
	for {
		t := subjectTag.ReplaceAllString(s, "")
		if t == s {
			break
		}
		s = t
	}
	return strings.Join(strings.Fields(s), " ")
}

// unionFind joins message nodes into threads.
type unionFind []int

func (u *unionFind) add() int { *u = append(*u, len(*u)); return len(*u) - 1 }

func (u unionFind) find(x int) int {
	for u[x] != x {
		u[x] = u[u[x]]
		x = u[x]
	}
	return x
}

func (u unionFind) union(a, b int) {
	ra, rb := u.find(a), u.find(b)
	if ra < rb {
		u[rb] = ra
	} else if rb < ra {
		u[ra] = rb
	}
}

// threadMessages groups the good messages of the inputs into threads: first by
// Message-ID links (References and In-Reply-To, including ids of messages
// that are not in the inputs) and mail programs' thread ids, then a message with no links of its own joins
// an earlier-seen message with the same subject key between the same two
// addresses. Threads come out in the order of their first message in the
// inputs.
func threadMessages(heads []mailHead) []*mailThread {
	uf := make(unionFind, len(heads))
	for i := range uf {
		uf[i] = i
	}
	byID := map[string]int{}
	node := func(id string) int {
		n, ok := byID[id]
		if !ok {
			n = uf.add()
			byID[id] = n
		}
		return n
	}
	for i := range heads {
		h := &heads[i]
		if h.bad {
			continue
		}
		if h.id != "" {
			uf.union(i, node(h.id))
		}
		for _, p := range h.parents {
			uf.union(i, node(p))
		}
		for _, k := range h.threadKeys {
			uf.union(i, node(k))
		}
	}
	// Subject fallback, for mailers that drop the link headers. The pair of
	// addresses keeps two customers' "Order problem" apart.
	type subjectPair struct{ key, a, b string }
	pairOf := func(h *mailHead) subjectPair {
		a, b := h.from, h.to
		if b < a {
			a, b = b, a
		}
		return subjectPair{h.subjectKey, a, b}
	}
	firstWith := map[subjectPair]int{}
	for i := range heads {
		h := &heads[i]
		if h.bad || h.subjectKey == "" {
			continue
		}
		p := pairOf(h)
		if first, ok := firstWith[p]; ok {
			if len(h.parents) == 0 && len(h.threadKeys) == 0 {
				uf.union(i, first)
			}
			continue
		}
		firstWith[p] = i
	}

	var threads []*mailThread
	byRoot := map[int]*mailThread{}
	for i := range heads {
		if heads[i].bad {
			continue
		}
		r := uf.find(i)
		t := byRoot[r]
		if t == nil {
			t = &mailThread{}
			byRoot[r] = t
			threads = append(threads, t)
		}
		t.members = append(t.members, i)
	}
	for _, t := range threads {
		root := &heads[t.rootIndex(heads)]
		t.subject = root.subject
		t.id = threadID(root)
	}
	return threads
}

// rootIndex is the thread's first message: the earliest dated one, file
// order breaking ties and standing in for missing dates.
func (t *mailThread) rootIndex(heads []mailHead) int {
	order := t.byDate(heads)
	return order[0]
}

// byDate returns the members ordered by date, undated ones where the file
// has them relative to each other and after the dated ones.
func (t *mailThread) byDate(heads []mailHead) []int {
	order := append([]int(nil), t.members...)
	sort.SliceStable(order, func(i, j int) bool {
		a, b := heads[order[i]].date, heads[order[j]].date
		switch {
		case a.IsZero() || b.IsZero():
			return !a.IsZero() && b.IsZero()
		default:
			return a.Before(b)
		}
	})
	return order
}

// threadID names a thread after its root message: the first id in its
// References when it is itself a reply (the thread began before this
// file), else its own Message-ID, else a hash of what identifies it, so
// that the same mail gives the same id on every run.
func threadID(root *mailHead) string {
	switch {
	case len(root.parents) > 0:
		return root.parents[0]
	case root.id != "":
		return root.id
	}
	sum := sha256.Sum256([]byte(root.from + "\x00" + root.to + "\x00" + root.subjectKey + "\x00" + root.date.UTC().Format(time.RFC3339)))
	return "email-" + hex.EncodeToString(sum[:8])
}

// inDomains reports whether domain is one of domains or a subdomain of one.
func inDomains(domain string, domains []string) bool {
	for _, d := range domains {
		d = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(d), "@"))
		if d != "" && (domain == d || strings.HasSuffix(domain, "."+d)) {
			return true
		}
	}
	return false
}

// webmailDomains are consumer mail services: a support team does not
// answer from them, so they are never guessed to be the agent's.
var webmailDomains = []string{
	"gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
	"yahoo.com", "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me",
	"protonmail.com", "gmx.com", "gmx.de", "gmx.net", "web.de", "t-online.de", "orange.fr",
	"free.fr", "laposte.net", "yandex.ru", "mail.ru", "qq.com", "163.com", "zoho.com",
}

// guessAgentDomains is used without --agent-domain: a domain that replies
// to a thread begun by another domain is taken to be the agent's. It
// returns the guessed domains, sorted.
func guessAgentDomains(heads []mailHead, threads []*mailThread) []string {
	guessed := map[string]bool{}
	for _, t := range threads {
		order := t.byDate(heads)
		first := heads[order[0]].fromDomain
		for _, i := range order[1:] {
			d := heads[i].fromDomain
			if d != "" && d != first && !inDomains(d, webmailDomains) {
				guessed[d] = true
			}
		}
	}
	out := make([]string, 0, len(guessed))
	for d := range guessed {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}

// assignRoles marks each thread's agent messages: senders in the agent
// domains.
func assignRoles(heads []mailHead, threads []*mailThread, agentDomains []string) {
	for _, t := range threads {
		t.agent = map[int]bool{}
		for _, i := range t.members {
			t.agent[i] = inDomains(heads[i].fromDomain, agentDomains)
		}
	}
}

func anyAgent(threads []*mailThread) bool {
	for _, t := range threads {
		for _, agent := range t.agent {
			if agent {
				return true
			}
		}
	}
	return false
}

func anyReply(threads []*mailThread) bool {
	for _, t := range threads {
		if len(t.members) > 1 {
			return true
		}
	}
	return false
}
