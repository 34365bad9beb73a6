package reports

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/iqa-cli/iqa/importers/survey"
	"github.com/iqa-cli/iqa/scoring"
	"github.com/iqa-cli/iqa/scoring/calibrate"
)

// SurveyJoin joins survey responses to results by a key, as results
// stream past: memory follows the responses and the rated conversations,
// not the corpus. Each response joins at most one conversation: with an id
// key the first by position, with an e-mail key that customer's latest
// conversation. Beside the survey files, it keeps the CSAT ratings the
// helpdesk exports carry in the conversations' meta (Zendesk's good/bad,
// Intercom's and Gorgias' 1-5), which count for a conversation no survey
// file rated.
type SurveyJoin struct {
	// Redact stores agents' names as --redact masks them, for a join that
	// observes results before they are masked (so that keys such as the
	// customer's e-mail address still join).
	Redact bool
	set    *survey.Set // nil: no survey file, only the exports' ratings
	field  string
	index  map[string][]int
	best   []surveyMatch
	export exportRatings
}

// surveyMatch is the conversation a response joined, if any.
type surveyMatch struct {
	ok    bool
	seq   int
	start time.Time
	id    string
	agent string
	team  string
	score float64
}

// NewSurveyJoin joins set's responses on field: a result field (id,
// agent, team, customer) or a meta key; "" finds it: the conversation id
// and meta keys naming a ticket, conversation, case or chat for an id key,
// the customer and meta keys naming an e-mail for an e-mail key.
// A nil set reads only the ratings in the exports.
func NewSurveyJoin(set *survey.Set, field string) *SurveyJoin {
	j := &SurveyJoin{set: set, field: field, index: map[string][]int{}}
	if set == nil {
		return j
	}
	j.best = make([]surveyMatch, len(set.Responses))
	for i, r := range set.Responses {
		if r.Key != "" {
			j.index[r.Key] = append(j.index[r.Key], i)
		}
	}
	return j
}

// keysOf are the values of r that may join a response.
func (j *SurveyJoin) keysOf(r *scoring.Result) []string {
	switch strings.ToLower(j.field) {
	case "":
	case "id", "conversation_id":
		return []string{r.ID}
	case "agent":
		return []string{r.Agent}
	case "team":
		return []string{r.Team}
	case "customer":
		return []string{strings.ToLower(r.Customer)}
	default:
		v := r.Meta[strings.TrimPrefix(j.field, "meta.")]
		if j.set.KeyKind == survey.KeyEmail {
			v = strings.ToLower(v)
		}
		return []string{v}
	}
	var keys []string
	if j.set.KeyKind == survey.KeyEmail {
		if strings.Contains(r.Customer, "@") {
			keys = append(keys, strings.ToLower(r.Customer))
		}
		for k, v := range r.Meta {
			if strings.Contains(strings.ToLower(k), "email") || strings.Contains(strings.ToLower(k), "e-mail") {
				keys = append(keys, strings.ToLower(strings.TrimSpace(v)))
			}
		}
		return keys
	}
	keys = append(keys, r.ID)
	for k, v := range r.Meta {
		k = strings.ToLower(k)
		for _, part := range []string{"ticket", "conversation", "case", "chat"} {
			if strings.Contains(k, part) {
				keys = append(keys, strings.TrimSpace(v))
				break
			}
		}
	}
	return keys
}

// Observe joins r to the responses whose key it carries, and reports
// whether it joined any. A nil join joins nothing.
func (j *SurveyJoin) Observe(r *scoring.Result) bool {
	if j == nil {
		return false
	}
	m := surveyMatch{ok: true, seq: r.Seq, start: r.Start, id: r.ID, agent: r.Agent, team: r.Team, score: r.Score}
	if j.Redact {
		m.agent = RedactName(r.Agent, "agent")
	}
	joined := false
	if j.set != nil {
		for _, k := range j.keysOf(r) {
			for _, i := range j.index[k] {
				if b := j.best[i]; !b.ok || j.better(m, b) {
					j.best[i] = m
				}
				joined = true
			}
		}
	}
	if j.export.observe(r, m) && j.csatScale() {
		joined = true
	}
	return joined
}

// csatScale reports whether the figures compare CSAT (1-5): with a CSAT
// question in the survey files, or with no survey file; NPS otherwise.
// The exports' ratings are CSAT, so they grade only on that scale.
func (j *SurveyJoin) csatScale() bool {
	return j.set == nil || j.set.HasCSAT()
}

func (j *SurveyJoin) better(a, b surveyMatch) bool {
	if j.set.KeyKind == survey.KeyEmail && !a.start.Equal(b.start) {
		return a.start.After(b.start)
	}
	return a.seq < b.seq
}

// surveyValue is a response's rating on the scale the report compares:
// CSAT (1-5) when the survey has a CSAT question, else NPS (0-10); and as
// a 0-100 percentage beside the QA score.
func (j *SurveyJoin) surveyValue(r survey.Response) (v, pct float64, ok bool) {
	if j.csatScale() {
		if r.CSAT == nil {
			return 0, 0, false
		}
		return *r.CSAT, (*r.CSAT - 1) * 25, true
	}
	if r.NPS == nil {
		return 0, 0, false
	}
	return float64(*r.NPS), float64(*r.NPS) * 10, true
}

// Grades are the joined responses as calibration grades: the survey is
// one grader, and a conversation answered twice keeps its first response.
func (j *SurveyJoin) Grades() (*calibrate.Grades, error) {
	var rows []calibrate.Grade
	seen := map[string]bool{}
	for i, r := range j.responses() {
		m := j.best[i]
		v, _, ok := j.surveyValue(r)
		if !m.ok || !ok || seen[m.id] {
			continue
		}
		seen[m.id] = true
		rows = append(rows, calibrate.Grade{ID: m.id, Grader: "survey", Overall: v, Line: r.Line})
	}
	scale, names, fromSurveys := calibrate.Scale{Min: 1, Max: 5}, j.files(), len(rows)
	if j.csatScale() {
		for _, e := range j.export.rated {
			if !seen[e.m.id] {
				seen[e.m.id] = true
				rows = append(rows, calibrate.Grade{ID: e.m.id, Grader: "survey", Overall: e.csat})
			}
		}
		if len(rows) > fromSurveys && j.set != nil {
			names = append(names, fmt.Sprintf("the exports' ratings of %s", count(len(rows)-fromSurveys, "other conversation")))
		}
	} else {
		scale = calibrate.Scale{Min: 0, Max: 10}
	}
	if len(rows) == 0 {
		key := "no survey file"
		if j.set != nil {
			key = "key " + j.keyName(j.set.Sources[0].File)
		}
		return nil, fmt.Errorf("no survey response joined a scored conversation (%s); name the key with --survey-key FIELD=COLUMN", key)
	}
	return calibrate.NewGrades(strings.Join(names, ", "), rows, scale), nil
}

// responses are the survey files' responses; none without a file.
func (j *SurveyJoin) responses() []survey.Response {
	if j.set == nil {
		return nil
	}
	return j.set.Responses
}

// files names the survey files, or the exports' ratings without one.
func (j *SurveyJoin) files() []string {
	if j.set == nil {
		return []string{"the exports' ratings"}
	}
	return j.set.Files()
}

// fieldName is the result side of the join, as the summary says it.
func (j *SurveyJoin) fieldName() string {
	switch {
	case j.field != "":
		return j.field
	case j.set != nil && j.set.KeyKind == survey.KeyEmail:
		return "customer e-mail"
	}
	return "id"
}

// keyName is FIELD=COLUMN for the file a response came from.
func (j *SurveyJoin) keyName(file string) string {
	return j.fieldName() + "=" + j.set.Source(file).KeyColumn
}

// SurveyStats set survey results beside the QA scores of the conversations
// they joined: the --summary json "surveys" object. Its fields keep their
// meaning within the summary schema.
type SurveyStats struct {
	// Sources are the survey files: each one's key column and questions.
	// Every CSAT figure here is on 1-5, whatever scale it was asked on.
	Sources []survey.Source `json:"sources"`
	// Field is the result side of the join (id, a meta key, customer
	// e-mail).
	Field     string `json:"field"`
	Responses int    `json:"responses"`
	Joined    int    `json:"joined"`
	// Unmatched lists every response that joined no scored conversation.
	Unmatched     []SurveyUnmatched    `json:"unmatched"`
	Team          SurveyGroup          `json:"team"`
	Agents        []SurveyGroup        `json:"agents"`
	Correlation   SurveyCorrelation    `json:"correlation"`
	Disagreements []SurveyDisagreement `json:"disagreements"`
	// Export is what the figures took from the CSAT ratings the helpdesk
	// exports carry; absent when no conversation carried one.
	Export *ExportRatingStats `json:"export,omitempty"`
}

// SurveyUnmatched is a response that joined no conversation, and why.
type SurveyUnmatched struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	ID     string `json:"response_id,omitempty"`
	Key    string `json:"key"`
	Reason string `json:"reason"`
}

// SurveyGroup is the survey figures of an agent's (or the team's) joined
// conversations: the mean QA score of those, the mean CSAT (1-5) and the
// NPS (% promoters - % detractors) with how many answered each. Responses
// counts survey responses; the exports' ratings, counted apart, enter the
// QA mean and the CSAT where no survey response rated the conversation.
type SurveyGroup struct {
	Name      string   `json:"name"`
	Responses int      `json:"responses"`
	QAMean    float64  `json:"qa_mean"`
	CSAT      *float64 `json:"csat"`
	// CSATN is how many ratings the CSAT averages: CSATSurveyN from survey
	// files and CSATExportN from the exports' own ratings.
	CSATN       int      `json:"csat_responses"`
	CSATSurveyN int      `json:"csat_survey_responses"`
	CSATExportN int      `json:"csat_export_ratings"`
	NPS         *float64 `json:"nps"`
	NPSN        int      `json:"nps_responses"`
	Promoters   int      `json:"promoters"`
	Passives    int      `json:"passives"`
	Detractors  int      `json:"detractors"`
	csatSum     float64
	qaSum       float64
}

// SurveyCorrelation is Spearman's rho between the QA score and the survey
// rating (CSAT, or NPS when the survey has no CSAT question) over N joined
// responses; nil below 3 or when either side is constant.
type SurveyCorrelation struct {
	Against  string   `json:"against"`
	Spearman *float64 `json:"spearman"`
	N        int      `json:"n"`
	// SurveyN of the N ratings came from survey files, ExportN from the
	// exports' own ratings.
	SurveyN int `json:"survey_n"`
	ExportN int `json:"export_n"`
}

// SurveyDisagreement is a conversation whose QA score and survey rating
// differ most, both as 0-100 (CSAT 1-5 as 0-100, NPS times 10).
type SurveyDisagreement struct {
	ID    string   `json:"id"`
	Agent string   `json:"agent,omitempty"`
	Score float64  `json:"score"`
	CSAT  *float64 `json:"csat,omitempty"`
	NPS   *int     `json:"nps,omitempty"`
	// Gap is the QA score minus the survey's percentage: above 0, iqa
	// liked the conversation more than the customer did.
	Gap float64 `json:"gap"`
	// Source is where the rating came from: "survey" (a survey file) or
	// "export" (the export's meta ExportField, holding ExportValue).
	Source      string `json:"source"`
	ExportField string `json:"export_field,omitempty"`
	ExportValue string `json:"export_value,omitempty"`
}

// SurveyDisagreementsKept is how many disagreements the stats list.
const SurveyDisagreementsKept = 10

func (g *SurveyGroup) add(r survey.Response, score float64) {
	g.Responses++
	g.qaSum += score
	if r.CSAT != nil {
		g.CSATN++
		g.CSATSurveyN++
		g.csatSum += *r.CSAT
	}
	if r.NPS != nil {
		g.NPSN++
		switch survey.NPSGroup(*r.NPS) {
		case "promoter":
			g.Promoters++
		case "passive":
			g.Passives++
		default:
			g.Detractors++
		}
	}
}

// addExport counts a conversation only its export rated, on 1-5.
func (g *SurveyGroup) addExport(csat, score float64) {
	g.CSATN++
	g.CSATExportN++
	g.csatSum += csat
	g.qaSum += score
}

func (g *SurveyGroup) settle() {
	if n := g.Responses + g.CSATExportN; n > 0 {
		g.QAMean = round1(g.qaSum / float64(n))
	}
	if g.CSATN > 0 {
		g.CSAT = ptr(math.Round(g.csatSum/float64(g.CSATN)*100) / 100)
	}
	if g.NPSN > 0 {
		g.NPS = ptr(round1(float64(g.Promoters-g.Detractors) * 100 / float64(g.NPSN)))
	}
}

// Stats are the figures of the join, once every result was observed; nil
// for a nil join.
func (j *SurveyJoin) Stats() *SurveyStats {
	if j == nil || (j.set == nil && j.export.empty()) {
		return nil
	}
	s := &SurveyStats{Sources: []survey.Source{}, Field: j.fieldName(), Responses: len(j.responses()), Unmatched: []SurveyUnmatched{},
		Team: SurveyGroup{Name: "all"}, Agents: []SurveyGroup{}, Disagreements: []SurveyDisagreement{},
		Correlation: SurveyCorrelation{Against: "csat"}}
	if j.set != nil {
		s.Sources = j.set.Sources
	}
	if !j.csatScale() {
		s.Correlation.Against = "nps"
	}
	agents := map[string]*SurveyGroup{}
	group := func(agent string) *SurveyGroup {
		name := orUnknown(agent)
		if agents[name] == nil {
			agents[name] = &SurveyGroup{Name: name}
		}
		return agents[name]
	}
	var qa, rating []float64
	surveyRated := map[int]bool{} // by Seq: the conversations a survey file gave a CSAT
	for i, r := range j.responses() {
		m := j.best[i]
		if !m.ok {
			reason := fmt.Sprintf("no scored conversation has %s %q", j.keyName(r.File), r.Key)
			if r.Key == "" {
				reason = fmt.Sprintf("the response has no %s", j.set.Source(r.File).KeyColumn)
			}
			s.Unmatched = append(s.Unmatched, SurveyUnmatched{File: r.File, Line: r.Line, ID: r.ID, Key: r.Key, Reason: reason})
			continue
		}
		s.Joined++
		s.Team.add(r, m.score)
		group(m.agent).add(r, m.score)
		if r.CSAT != nil {
			surveyRated[m.seq] = true
		}
		if v, p, ok := j.surveyValue(r); ok {
			qa, rating = append(qa, m.score), append(rating, v)
			s.Disagreements = append(s.Disagreements, SurveyDisagreement{ID: m.id, Agent: m.agent, Score: m.score, CSAT: r.CSAT, NPS: r.NPS, Gap: round1(m.score - p), Source: "survey"})
		}
	}
	s.Correlation.SurveyN = len(qa)
	if !j.export.empty() {
		s.Export = j.export.stats()
	}
	for _, e := range j.export.rated {
		if surveyRated[e.m.seq] {
			s.Export.Superseded++
			continue
		}
		s.Export.Used++
		s.Team.addExport(e.csat, e.m.score)
		group(e.m.agent).addExport(e.csat, e.m.score)
		if j.csatScale() {
			qa, rating = append(qa, e.m.score), append(rating, e.csat)
			s.Disagreements = append(s.Disagreements, SurveyDisagreement{ID: e.m.id, Agent: e.m.agent, Score: e.m.score, CSAT: ptr(e.csat),
				Gap: round1(e.m.score - (e.csat-1)*25), Source: "export", ExportField: e.field, ExportValue: e.raw})
		}
	}
	s.Correlation.ExportN = len(qa) - s.Correlation.SurveyN
	s.Team.settle()
	for _, name := range sortedKeys(agents) {
		agents[name].settle()
		s.Agents = append(s.Agents, *agents[name])
	}
	s.Correlation.N = len(qa)
	if rho, ok := calibrate.Spearman(qa, rating); ok && len(qa) >= 3 {
		s.Correlation.Spearman = ptr(math.Round(rho*1000) / 1000)
	}
	slices.SortStableFunc(s.Disagreements, func(a, b SurveyDisagreement) int {
		return cmp.Or(cmp.Compare(math.Abs(b.Gap), math.Abs(a.Gap)), cmp.Compare(a.ID, b.ID))
	})
	s.Disagreements = s.Disagreements[:min(len(s.Disagreements), SurveyDisagreementsKept)]
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// unmatchedInConsole is how many unmatched responses the console lists;
// --summary json lists them all.
const unmatchedInConsole = 10

// writeSurveysText prints the survey figures beside the QA scores.
func writeSurveysText(p func(string, ...any), s *SurveyStats) {
	if len(s.Sources) > 0 {
		p("\nsurveys\t%s; %d joined on %s, %d unmatched\n", count(s.Responses, "response"), s.Joined, s.Field, len(s.Unmatched))
	} else {
		p("\nsurveys\tno survey file; the ratings the exports carry\n")
	}
	for _, src := range s.Sources {
		p("survey file\t%s\n", sourceLine(src))
	}
	if s.Export != nil {
		p("export ratings\t%s\n", exportLine(s.Export))
	}
	if s.hasCSAT() {
		p("survey csat\t%s\n", surveyCSAT(&s.Team))
	}
	if s.hasNPS() {
		p("survey nps\t%s\n", surveyNPS(&s.Team))
	}
	rho := "- (fewer than 3 ratings, or one side constant)"
	if c := s.Correlation; c.Spearman != nil {
		rho = fmt.Sprintf("spearman %.3f", *c.Spearman)
	}
	p("qa vs survey %s\t%s over n=%d%s\n", s.Correlation.Against, rho, s.Correlation.N, s.Correlation.sources())
	for _, u := range s.Unmatched[:min(len(s.Unmatched), unmatchedInConsole)] {
		p("unmatched\t%s:%d: %s\n", u.File, u.Line, u.Reason)
	}
	if more := len(s.Unmatched) - unmatchedInConsole; more > 0 {
		p("unmatched\tand %d more (--summary json lists every one)\n", more)
	}
	if len(s.Agents) > 0 && s.Team.CSATExportN > 0 {
		p("\nagent\tsurveys\texport ratings\tqa mean\tcsat\tnps\n")
		for _, a := range s.Agents {
			p("%s\t%d\t%d\t%s\t%s\t%s\n", a.Name, a.Responses, a.CSATExportN, num(a.QAMean), orDash(a.CSAT, "%.2f"), orDash(a.NPS, "%+.0f"))
		}
	} else if len(s.Agents) > 0 {
		p("\nagent\tsurveys\tqa mean\tsurvey csat\tnps\n")
		for _, a := range s.Agents {
			p("%s\t%d\t%s\t%s\t%s\n", a.Name, a.Responses, num(a.QAMean), orDash(a.CSAT, "%.2f"), orDash(a.NPS, "%+.0f"))
		}
	}
	if len(s.Disagreements) > 0 {
		p("\nqa and survey disagree\tagent\tqa score\tsurvey\tgap\n")
		for _, d := range s.Disagreements[:min(len(s.Disagreements), shownInConsole)] {
			p("%s\t%s\t%s\t%s\t%+.1f\n", d.ID, orUnknown(d.Agent), num(d.Score), d.rating(), d.Gap)
		}
	}
}

func (s *SurveyStats) hasCSAT() bool {
	return s.Team.CSATExportN > 0 || slices.ContainsFunc(s.Sources, func(x survey.Source) bool { return x.CSATQuestion != "" })
}

// sources says how many of the correlated ratings came from the exports,
// when any did: "" otherwise.
func (c SurveyCorrelation) sources() string {
	if c.ExportN == 0 {
		return ""
	}
	return fmt.Sprintf(" (%d from survey files, %d from export ratings)", c.SurveyN, c.ExportN)
}

func (s *SurveyStats) hasNPS() bool {
	return slices.ContainsFunc(s.Sources, func(x survey.Source) bool { return x.NPSQuestion != "" })
}

// sourceLine says what was read from one survey file.
func sourceLine(src survey.Source) string {
	line := fmt.Sprintf("%s (%s): key column %s", src.File, src.Format, src.KeyColumn)
	if src.CSATQuestion != "" {
		line += fmt.Sprintf("; csat %q on %s", src.CSATQuestion, src.CSATScale)
	}
	if src.NPSQuestion != "" {
		line += fmt.Sprintf("; nps %q", src.NPSQuestion)
	}
	return line
}

func surveyCSAT(g *SurveyGroup) string {
	if g.CSAT == nil {
		return "- (no joined response answered it)"
	}
	if src := csatSources(g); src != "" {
		return fmt.Sprintf("mean %.2f / 5 over %d (%s)", *g.CSAT, g.CSATN, src)
	}
	return fmt.Sprintf("mean %.2f / 5 over %d", *g.CSAT, g.CSATN)
}

func surveyNPS(g *SurveyGroup) string {
	if g.NPS == nil {
		return "- (no joined response answered it)"
	}
	return fmt.Sprintf("%+.0f over %d: %s, %s, %s", *g.NPS, g.NPSN, count(g.Promoters, "promoter"), count(g.Passives, "passive"), count(g.Detractors, "detractor"))
}

func orDash(v *float64, format string) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprintf(format, *v)
}

// rating is the response's ratings as people read them: "csat 4" or
// "nps 9" or both, or "csat 5 (export csat good)" from an export.
func (d SurveyDisagreement) rating() string {
	var parts []string
	if d.Source == "export" {
		return fmt.Sprintf("csat %g (export %s %s)", *d.CSAT, d.ExportField, d.ExportValue)
	}
	if d.CSAT != nil {
		parts = append(parts, fmt.Sprintf("csat %g", *d.CSAT))
	}
	if d.NPS != nil {
		parts = append(parts, fmt.Sprintf("nps %d", *d.NPS))
	}
	return strings.Join(parts, ", ")
}

// surveyView is the HTML report's survey section, as text.
type surveyView struct {
	*SurveyStats
	CSAT, NPS, Rho string
	RhoFrom        string
	HasCSAT        bool
	HasNPS         bool
	HasExport      bool
	Files          []string
	Agents         []surveyAgentRow
	Gaps           []surveyGapRow
}

type surveyAgentRow struct {
	Name, QAMean, CSAT, NPS string
	Responses, Exports      int
}

type surveyGapRow struct{ ID, Agent, Score, Rating, Gap string }

func newSurveyView(s *SurveyStats) *surveyView {
	if s == nil {
		return nil
	}
	v := &surveyView{SurveyStats: s, CSAT: surveyCSAT(&s.Team), NPS: surveyNPS(&s.Team), Rho: "–", HasCSAT: s.hasCSAT(), HasNPS: s.hasNPS(),
		HasExport: s.Team.CSATExportN > 0, RhoFrom: s.Correlation.sources()}
	for _, src := range s.Sources {
		v.Files = append(v.Files, sourceLine(src))
	}
	if s.Export != nil {
		v.Files = append(v.Files, "export ratings: "+exportLine(s.Export))
	}
	if s.Correlation.Spearman != nil {
		v.Rho = fmt.Sprintf("%.3f", *s.Correlation.Spearman)
	}
	for _, a := range s.Agents {
		v.Agents = append(v.Agents, surveyAgentRow{Name: a.Name, Responses: a.Responses, Exports: a.CSATExportN, QAMean: num(a.QAMean), CSAT: orDash(a.CSAT, "%.2f"), NPS: orDash(a.NPS, "%+.0f")})
	}
	for _, d := range s.Disagreements {
		v.Gaps = append(v.Gaps, surveyGapRow{ID: d.ID, Agent: orUnknown(d.Agent), Score: num(d.Score), Rating: d.rating(), Gap: fmt.Sprintf("%+.1f", d.Gap)})
	}
	return v
}

// surveyFigure is an agent's survey rating for their coaching page, and
// whether the run has surveys at all.
func surveyFigure(s *SurveyStats, agent string) (figure, bool) {
	if s == nil {
		return figure{}, false
	}
	f := figure{Label: "survey CSAT", Value: "–", Note: "no survey response joined their conversations"}
	if !s.hasCSAT() {
		f.Label = "survey NPS"
	}
	i := slices.IndexFunc(s.Agents, func(g SurveyGroup) bool { return g.Name == orUnknown(agent) })
	if i < 0 {
		return f, true
	}
	g := s.Agents[i]
	switch f.Note = count(g.Responses, "survey response"); {
	case g.CSATExportN > 0 && g.Responses == 0:
		f.Note = count(g.CSATExportN, "rating") + " from the export"
	case g.CSATExportN > 0:
		f.Note += fmt.Sprintf(" and %s from the export", count(g.CSATExportN, "rating"))
	}
	switch {
	case s.hasCSAT() && g.CSAT != nil:
		f.Value, f.Class = fmt.Sprintf("%.2f / 5", *g.CSAT), csatClass(*g.CSAT)
		if s.Team.CSAT != nil {
			f.Note += fmt.Sprintf("; team average %.2f", *s.Team.CSAT)
		}
		if g.NPS != nil {
			f.Note += fmt.Sprintf("; NPS %+.0f", *g.NPS)
		}
	case g.NPS != nil:
		f.Value = fmt.Sprintf("%+.0f", *g.NPS)
		if s.Team.NPS != nil {
			f.Note += fmt.Sprintf("; team %+.0f", *s.Team.NPS)
		}
	}
	return f, true
}
