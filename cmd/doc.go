// Package cmd is iqa's command line: cobra commands that parse flags, wire
// the importers, scoring and reports packages together, and turn errors
// into exit codes. No scoring logic lives here.
package cmd
