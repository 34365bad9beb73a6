// Package survey reads customer survey exports (SurveyMonkey and
// Qualtrics) into responses that carry a join key and a normalised CSAT
// or NPS rating, so that they can be set beside iqa's scores.
package survey
