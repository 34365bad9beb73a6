// Package sentiment scores the sentiment of short customer-service texts with a lexicon and a few
// fast rules (negation, boosters, "but", caps, punctuation, emoji and service phrases), giving
// VADER-style scores without allocating per token.
package sentiment
