// Package reports renders scoring results: the console summary, JSON Lines,
// CSV, JUnit XML, Excel, the HTML report and the coaching pages. Every
// writer takes results one at a time and shares one mergeable Summary of the
// whole run; RedactResult masks personal data before any of them sees it.
package reports
