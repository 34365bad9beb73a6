package store

import (
	"strconv"
	"strings"
)

// dialect is what differs between the databases: the driver, the
// placeholders, a few types. Every query is written once, with ?
// placeholders, and bound for the database by rebind.
type dialect struct {
	name   string // in messages: "sqlite", "postgres"
	driver string
	// dollar says placeholders are $1, $2 ... instead of ?.
	dollar bool
	// serial is the type of an auto-numbered primary key.
	serial string
	// jsonRowsFrom is a table of one column, value, whose rows are the
	// elements of the JSON array bound to its ?.
	jsonRowsFrom string
	// withoutRowid ends a CREATE TABLE whose rows are found by their
	// primary key only: SQLite then keeps one tree instead of two.
	withoutRowid string
	// migrationLock, when set, is run first in the migrations'
	// transaction, so that processes opening a new store at once apply
	// its migrations once. (SQLite's transactions start with the write
	// lock, which does the same.)
	migrationLock string
	// recordLock, when set, is run first in the transactions that record
	// or prune runs: they move the results' latest flags, so they take
	// turns. (SQLite's write lock does the same.)
	recordLock string
}

var (
	sqliteDialect = dialect{
		name:         "sqlite",
		driver:       "sqlite",
		serial:       "INTEGER PRIMARY KEY AUTOINCREMENT",
		withoutRowid: " WITHOUT ROWID",
		jsonRowsFrom: "json_each(?)",
	}
	postgresDialect = dialect{
		name:          "postgres",
		driver:        "pgx",
		dollar:        true,
		serial:        "BIGSERIAL PRIMARY KEY",
		migrationLock: "SELECT pg_advisory_xact_lock(7173001)",
		recordLock:    "SELECT pg_advisory_xact_lock(7173002)",
		jsonRowsFrom:  "jsonb_array_elements(CAST(? AS jsonb)) AS t(value)",
	}
)

// rebind turns the ? placeholders of q into the dialect's. Queries hold
// no ? in literals.
func (d dialect) rebind(q string) string {
	if !d.dollar || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// jsonRows fills a query's {{json_rows}}.
func (d dialect) jsonRows(q string) string {
	return strings.ReplaceAll(q, "{{json_rows}}", d.jsonRowsFrom)
}

// ddl fills a migration's {{serial}} and {{without_rowid}}.
func (d dialect) ddl(q string) string {
	return strings.NewReplacer("{{serial}}", d.serial, "{{without_rowid}}", d.withoutRowid).Replace(q)
}
