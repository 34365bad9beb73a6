package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// AgentQuery asks for one agent's figures per period, counted as a trend
// counts them: each conversation once, with its result in the latest run
// that has it, by the conversations' start in UTC.
type AgentQuery struct {
	Agent  string
	Period string // Week or Month
	// Since and Until bound the conversations' start as in TrendQuery.
	Since, Until time.Time
	// Weakest is how many of the lowest-scoring criteria each period
	// names; 0 names none.
	Weakest int
}

// AgentPeriod is one agent's figures in one period.
type AgentPeriod struct {
	// Period is the period's first day, as in TrendRow.
	Period        string   `json:"period"`
	Conversations int      `json:"conversations"`
	Mean          float64  `json:"mean"`
	Passed        int      `json:"passed"`
	PassRate      float64  `json:"pass_rate"`
	CSAT          *float64 `json:"predicted_csat,omitempty"`
	// Criteria are the criteria that applied to the agent's conversations
	// in the period, by id.
	Criteria []CriterionFigures `json:"criteria"`
	// Weakest are the ids of the criteria with the lowest mean score,
	// the lowest first (ties by id), among those that failed at least once
	// in the period: a criterion always passed is nothing to coach on.
	Weakest []string `json:"weakest"`
}

// CriterionFigures are a criterion's figures over the conversations it
// applied to.
type CriterionFigures struct {
	ID            string  `json:"id"`
	Conversations int     `json:"conversations"`
	Mean          float64 `json:"mean"`
	Passed        int     `json:"passed"`
	PassRate      float64 `json:"pass_rate"`
}

// ErrNoAgent is returned (wrapped) when no stored result has the agent.
var ErrNoAgent = fmt.Errorf("no such agent")

// Agents lists the agents of the stored results, sorted.
func Agents(ctx context.Context, st Store) ([]string, error) {
	s, err := asSQL(st)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT agent FROM results ORDER BY agent`)
	if err != nil {
		return nil, s.errorf("agents: %v", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, s.errorf("agents: %v", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, s.errorf("agents: %v", err)
	}
	return out, nil
}

// AgentHistory returns the agent's figures per period, oldest first; an
// error wrapping ErrNoAgent when no stored result has the agent.
func AgentHistory(ctx context.Context, st Store, q AgentQuery) ([]AgentPeriod, error) {
	s, err := asSQL(st)
	if err != nil {
		return nil, err
	}
	period := map[string]string{Week: "week", Month: "month"}[q.Period]
	if period == "" {
		return nil, fmt.Errorf("agent history period %q: use week or month", q.Period)
	}
	var known int
	if err := s.db.QueryRowContext(ctx, s.d.rebind(`SELECT COUNT(*) FROM results WHERE agent = ?`), q.Agent).Scan(&known); err != nil {
		return nil, s.errorf("agent history: %v", err)
	}
	if known == 0 {
		return nil, fmt.Errorf("agent %q: %w in the store %s", q.Agent, ErrNoAgent, s.name)
	}
	span, args := startSpan(q.Since, q.Until, []any{q.Agent})
	where := ` WHERE latest = 1 AND agent = ?` + span
	latest := `WITH latest AS (SELECT run_seq, pos, week, month, score_tenths, passed, csat_tenths FROM results` + where + `) `

	byPeriod := map[string]*AgentPeriod{}
	overall := latest + `SELECT ` + period + `, COUNT(*), SUM(score_tenths), SUM(passed), SUM(csat_tenths), COUNT(csat_tenths) FROM latest GROUP BY ` + period
	err = s.query(ctx, "agent history", overall, args, func(rows *sql.Rows) error {
		var p string
		var n, sum, passed, csatN int64
		var csatSum sql.NullInt64
		if err := rows.Scan(&p, &n, &sum, &passed, &csatSum, &csatN); err != nil {
			return err
		}
		a := &AgentPeriod{Period: p, Conversations: int(n), Passed: int(passed), Mean: meanHundredths(sum, n), PassRate: percent(passed, n)}
		if csatN > 0 {
			v := meanHundredths(csatSum.Int64, csatN)
			a.CSAT = &v
		}
		byPeriod[p] = a
		return nil
	})
	if err != nil {
		return nil, err
	}

	names, err := s.criteriaLists(ctx)
	if err != nil {
		return nil, err
	}
	type key struct{ period, crit string }
	type acc struct{ n, sum, passed int64 }
	accs := map[key]*acc{}
	perCrit := latest + `SELECT l.` + period + `, l.run_seq, c.crit, COUNT(*), SUM(c.score_tenths), SUM(CASE WHEN c.status = 'pass' THEN 1 ELSE 0 END)
		FROM latest l JOIN criteria c ON c.run_seq = l.run_seq AND c.pos = l.pos
		WHERE c.status <> 'n/a' GROUP BY l.` + period + `, l.run_seq, c.crit`
	err = s.query(ctx, "agent history", perCrit, args, func(rows *sql.Rows) error {
		var p string
		var seq, crit, n, sum, passed int64
		if err := rows.Scan(&p, &seq, &crit, &n, &sum, &passed); err != nil {
			return err
		}
		list := names[seq]
		if crit < 0 || int(crit) >= len(list) {
			return fmt.Errorf("criterion %d of run %d is not in the run's list", crit, seq)
		}
		k := key{p, list[crit].ID}
		a := accs[k]
		if a == nil {
			a = &acc{}
			accs[k] = a
		}
		a.n, a.sum, a.passed = a.n+n, a.sum+sum, a.passed+passed
		return nil
	})
	if err != nil {
		return nil, err
	}
	for k, a := range accs {
		if p := byPeriod[k.period]; p != nil {
			p.Criteria = append(p.Criteria, CriterionFigures{ID: k.crit, Conversations: int(a.n), Mean: meanHundredths(a.sum, a.n), Passed: int(a.passed), PassRate: percent(a.passed, a.n)})
		}
	}

	out := make([]AgentPeriod, 0, len(byPeriod))
	for _, p := range byPeriod {
		slices.SortFunc(p.Criteria, func(a, b CriterionFigures) int { return strings.Compare(a.ID, b.ID) })
		weak := slices.Clone(p.Criteria)
		slices.SortStableFunc(weak, func(a, b CriterionFigures) int { return cmp.Compare(a.Mean, b.Mean) })
		p.Weakest = []string{}
		for _, c := range weak {
			if len(p.Weakest) < q.Weakest && c.Passed < c.Conversations {
				p.Weakest = append(p.Weakest, c.ID)
			}
		}
		if p.Criteria == nil {
			p.Criteria = []CriterionFigures{}
		}
		out = append(out, *p)
	}
	slices.SortFunc(out, func(a, b AgentPeriod) int { return strings.Compare(a.Period, b.Period) })
	return out, nil
}

// query runs q and calls each for every row, naming what in errors.
func (s *sqlStore) query(ctx context.Context, what, q string, args []any, each func(*sql.Rows) error) error {
	rows, err := s.db.QueryContext(ctx, s.d.rebind(q), args...)
	if err != nil {
		return s.errorf("%s: %v", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows); err != nil {
			return s.errorf("%s: %v", what, err)
		}
	}
	if err := rows.Err(); err != nil {
		return s.errorf("%s: %v", what, err)
	}
	return nil
}

// percent is part / whole in percent to one decimal.
func percent(part, whole int64) float64 {
	if whole == 0 {
		return 0
	}
	return math.Round(float64(part)*1000/float64(whole)) / 10
}

// asSQL is the store's SQL implementation: both kinds of store are one.
func asSQL(st Store) (*sqlStore, error) {
	s, ok := st.(*sqlStore)
	if !ok {
		return nil, fmt.Errorf("store %T cannot read agent history", st)
	}
	return s, nil
}
