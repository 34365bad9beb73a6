// Package importers reads conversation exports (helpdesk, chat, e-mail,
// call transcripts) into transcript.Conversations, one at a time, and
// accounts for every record it could not read.
//
// A format is one file in this package: a value implementing Format, listed
// in Formats. Run expands the user's inputs, detects each file's format from
// its first bytes (or takes --format), decodes it to UTF-8, and streams
// conversations to a callback. Records that cannot be read become Rejects
// that name file:line and the reason.
package importers
