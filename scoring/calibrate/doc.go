// Package calibrate measures how well iqa's scores agree with a team's own
// human grades or survey scores, and learns criterion weights from them.
//
// It reads grades (grades.go), joins them to results by conversation id,
// computes agreement statistics (stats.go: Spearman, Kendall's tau-b,
// quadratic-weighted kappa, Krippendorff's alpha, bootstrap intervals) and
// fits non-negative, regularised criterion weights checked by seeded k-fold
// cross-validation (fit.go). Rendering is the reports package's.
package calibrate
