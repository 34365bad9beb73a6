// Package stats holds the correlation helpers iqa's evaluation tests share; each refuses input
// on which a correlation is undefined instead of returning NaN.
package stats
