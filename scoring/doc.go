// Package scoring judges conversations against a rubric and says why.
//
// An Engine is built once from a rubric: every criterion is compiled into a
// check (phrase matchers, thresholds). Scoring a conversation analyses it
// once (tokens, sentences, per-message sentiment, timings) and lets every
// check read that analysis; each check returns a score from 0 to 100, a
// status (pass, fail, not applicable) and the evidence: which message,
// which span, what was found or measured.
//
// The overall score is the weighted mean over applicable criteria,
// Σ(weight·score)/Σweight; a failed critical criterion sets it to 0 and fails
// the conversation; a conversation passes when its score reaches the
// rubric's pass_score and no critical criterion failed.
package scoring
