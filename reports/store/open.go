package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	// The database drivers: both pure Go, so iqa stays one static binary.
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"
)

// OpenOptions say how a store is opened.
type OpenOptions struct {
	// MustExist refuses a SQLite file that does not exist yet, instead
	// of creating it: commands that only read the history use it.
	MustExist bool
	// schema is the version to migrate to; 0 means SchemaVersion.
	// Tests set it to build stores of an older schema.
	schema int
}

// IsPostgres reports whether url names a PostgreSQL database.
func IsPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

// Open opens the store at url: postgres://... (or postgresql://...) for
// PostgreSQL, anything else a SQLite file path (sqlite: before it is
// allowed). The schema is migrated to this iqa's version on open.
func Open(ctx context.Context, url string, opts OpenOptions) (Store, error) {
	d, dsn, name, err := source(url, opts.MustExist)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open(d.driver, dsn)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %v", name, err)
	}
	upTo := opts.schema
	if upTo == 0 {
		upTo = SchemaVersion()
	}
	if err := migrate(ctx, db, d, upTo); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %v", name, cleanErr(err))
	}
	return &sqlStore{db: db, d: d, name: name, schema: upTo}, nil
}

// DisplayName is how messages name the store at url: a PostgreSQL URL
// without its password.
func DisplayName(url string) string {
	if IsPostgres(url) {
		return redactedURL(url)
	}
	return strings.TrimPrefix(url, "sqlite:")
}

func redactedURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "the PostgreSQL database"
	}
	if u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
	}
	return u.Redacted()
}

// source turns a --db URL into a dialect, a driver DSN and the name
// messages give the store (a PostgreSQL URL without its password).
func source(raw string, mustExist bool) (dialect, string, string, error) {
	if raw == "" {
		return dialect{}, "", "", fmt.Errorf("no store given: pass --db FILE or --db postgres://...")
	}
	if IsPostgres(raw) {
		return postgresDialect, raw, redactedURL(raw), nil
	}
	path := strings.TrimPrefix(raw, "sqlite:")
	if strings.ContainsAny(path, "?#") || strings.HasPrefix(path, "file:") {
		return dialect{}, "", "", fmt.Errorf("store %s: a SQLite path may not hold ? or # nor start with file:; rename it", raw)
	}
	info, err := os.Stat(path)
	switch {
	case err == nil && info.IsDir():
		return dialect{}, "", "", fmt.Errorf("store %s is a folder: give a file such as %s", path, filepath.Join(path, "iqa.db"))
	case errors.Is(err, os.ErrNotExist) && mustExist:
		return dialect{}, "", "", fmt.Errorf("no store at %s: record runs into it first with 'iqa score --db %s'", path, path)
	case errors.Is(err, os.ErrNotExist):
		if dir, derr := os.Stat(filepath.Dir(path)); derr != nil || !dir.IsDir() {
			return dialect{}, "", "", fmt.Errorf("cannot create store %s: folder %s does not exist", path, filepath.Dir(path))
		}
	case err != nil:
		return dialect{}, "", "", fmt.Errorf("store %s: %v", path, unwrapPath(err))
	}
	// WAL lets readers run beside a writer; every write transaction
	// takes the write lock at its start (immediate), so writers queue
	// behind the busy timeout instead of failing on a lock upgrade.
	dsn := path + "?_busy_timeout=60000&_journal_mode=WAL&_synchronous=NORMAL&_txlock=immediate&_foreign_keys=1"
	return sqliteDialect, dsn, path, nil
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// cleanErr makes a driver's message one line.
func cleanErr(err error) error {
	msg := strings.Join(strings.Fields(err.Error()), " ")
	return errors.New(msg)
}
