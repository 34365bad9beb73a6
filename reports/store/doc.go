// Package store keeps the history of scoring runs, in a SQLite file or a
// shared PostgreSQL database behind one interface, so that diffs and
// trends can be read across runs.
package store
