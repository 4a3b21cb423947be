package main

// FerretDB v1's SQLite backend creates the unique _id index on the expression
// `_ferretdb_sjson->"_id"`, but looks documents up and updates them with
// `_ferretdb_sjson->'$._id'`. SQLite matches index expressions by their text, so every lookup
// and update by _id scans the whole table (updates fall to a few per second at 50k documents).
// This indexer adds an index on the expression those statements use, for every collection
// table, shortly after the table appears, and a second one on the `_id` as an SQL value
// (`->>'$._id'`), which the pushdown of `_id` ranges and of the order by `_id` uses
// (pushdown/sqlite_id.go, ADR 0004). It changes no data and no result, only speed.

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite"
)

func indexIDsForever(ctx context.Context, dir string, every time.Duration, logger *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		files, _ := filepath.Glob(filepath.Join(dir, "*.sqlite"))
		for _, f := range files {
			if err := indexIDs(ctx, f); err != nil && ctx.Err() == nil {
				logger.Debug("id indexer", "file", f, "err", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func indexIDs(ctx context.Context, file string) error {
	if _, err := os.Stat(file); err != nil {
		return err
	}
	db, err := sql.Open("sqlite", "file:"+file+"?_pragma=busy_timeout(5000)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	rows, err := db.QueryContext(ctx, `SELECT t.name FROM sqlite_master t
		WHERE t.type = 'table' AND t.name NOT LIKE '\_ferretdb\_%' ESCAPE '\'
		AND NOT EXISTS (SELECT 1 FROM sqlite_master i WHERE i.type = 'index' AND i.name = t.name || '_cong_idtext')`)
	if err != nil {
		return err
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, name)
	}
	rows.Close()
	for _, table := range tables {
		quoted := strings.ReplaceAll(table, `"`, `""`)
		for _, ix := range []struct{ suffix, expr string }{
			{"_cong_id", `_ferretdb_sjson->'$._id'`},
			{"_cong_idtext", `_ferretdb_sjson->>'$._id'`},
		} {
			q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON "%s" (%s)`, table+ix.suffix, quoted, ix.expr)
			if _, err := db.ExecContext(ctx, q); err != nil {
				return err
			}
		}
	}
	return nil
}
