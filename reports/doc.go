// Package reports renders scoring results: the console summary, JSON Lines,
// CSV, JUnit XML, Excel and HTML. Every writer takes results one at a time
// and shares one mergeable Summary of the whole run.
package reports
