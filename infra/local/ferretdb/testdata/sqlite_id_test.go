// Unit test of sqlite_id.go against a real SQLite file (the driver FerretDB uses), copied into
// FerretDB's internal/backends/sqlite package by ../pushdown-test.sh: each `_id` condition's WHERE
// clause returns exactly the documents MongoDB matches, and SQLite answers it with the index.

package sqlite

import (
	"database/sql"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

func congDoc(kv ...any) *types.Document { return must.NotFail(types.NewDocument(kv...)) }
func congArr(v ...any) *types.Array     { return must.NotFail(types.NewArray(v...)) }

func TestCongIDWhereClause(t *testing.T) {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "t.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	oid := types.ObjectID{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}

	// values that have the same JSON text or SQL value as others (no unique index here)
	docs := []struct {
		id    any
		label string
	}{
		{int32(1), "int 1"},
		{int64(2), "long 2"},
		{3.0, "double 3"},
		{1.5, "double 1.5"},
		{0.1 + 0.2, "double 0.30000000000000004"},
		{int32(-7), "int -7"},
		{0.0, "double 0"},
		{int64(1<<53 + 1), "long 2^53+1"},
		{"1", "string 1"},
		{"2", "string 2"},
		{oid, "oid"},
		{"000000000000000000000001", "string oid"},
		{time.UnixMilli(1).UTC(), "date 1"},
		{true, "true"},
		{false, "false"},
	}

	for _, q := range []string{
		`CREATE TABLE t (_ferretdb_sjson TEXT)`,
		`CREATE INDEX t_cong_id ON t (_ferretdb_sjson->'$._id')`,
		`CREATE INDEX t_cong_idtext ON t (_ferretdb_sjson->>'$._id')`,
	} {
		if _, err = db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}

	for _, d := range docs {
		b := must.NotFail(sjson.Marshal(congDoc("_id", d.id, "t", d.label)))
		if _, err = db.Exec(`INSERT INTO t VALUES (?)`, string(b)); err != nil {
			t.Fatal(err)
		}
	}

	for _, c := range []struct {
		filter *types.Document
		want   []string
		index  string
	}{
		{congDoc("_id", int32(1)), []string{"int 1"}, "t_cong_id"},
		{congDoc("_id", int64(1)), []string{"int 1"}, "t_cong_id"},
		{congDoc("_id", 1.0), []string{"int 1"}, "t_cong_id"},
		{congDoc("_id", int32(3)), []string{"double 3"}, "t_cong_id"},
		{congDoc("_id", congDoc("$eq", int64(3))), []string{"double 3"}, "t_cong_id"},
		{congDoc("_id", 1.5), []string{"double 1.5"}, "t_cong_id"},
		{congDoc("_id", 0.1+0.2), []string{"double 0.30000000000000004"}, "t_cong_id"},
		{congDoc("_id", int32(0)), []string{"double 0"}, "t_cong_id"},
		{congDoc("_id", int64(1<<53)), nil, "t_cong_id"},
		{congDoc("_id", "1"), []string{"string 1"}, "t_cong_id"},
		{congDoc("_id", oid), []string{"oid"}, "t_cong_id"},
		{congDoc("_id", "000000000000000000000001"), []string{"string oid"}, "t_cong_id"},
		{
			congDoc("_id", congDoc("$in", congArr(int32(1), "2", int64(2), oid, int32(9)))),
			[]string{"int 1", "long 2", "oid", "string 2"},
			"t_cong_id",
		},
		{congDoc("_id", congDoc("$gte", "0", "$lt", "9")), []string{"string 1", "string 2", "string oid"}, "t_cong_idtext"},
	} {
		where, args, ok := prepareIDWhereClause(c.filter)
		if !ok {
			t.Errorf("%v: not pushed down", c.filter)
			continue
		}

		rows, err := db.Query(`SELECT _ferretdb_sjson->>'$.t' FROM t`+where, args...)
		if err != nil {
			t.Fatalf("%v: %s: %v", c.filter, where, err)
		}

		var got []string

		for rows.Next() {
			var s string
			must.NoError(rows.Scan(&s))
			got = append(got, s)
		}

		must.NoError(rows.Close())
		slices.Sort(got)

		if !slices.Equal(got, c.want) {
			t.Errorf("%v: %s %v: got %q, want %q", c.filter, where, args, got, c.want)
		}

		plan := explainPlan(t, db, `SELECT * FROM t`+where, args)
		if !strings.Contains(plan, "USING INDEX "+c.index+" ") || strings.Contains(plan, "SCAN t") {
			t.Errorf("%v: %s: plan %q does not search %s", c.filter, where, plan, c.index)
		}
	}

	// beyond ±2^53, -0 and the like are left to FerretDB's scan
	for _, f := range []*types.Document{
		congDoc("_id", int64(1<<53+1)),
		congDoc("_id", math.Copysign(0, -1)),
		congDoc("_id", math.Inf(-1)),
	} {
		if where, _, ok := prepareIDWhereClause(f); ok {
			t.Errorf("%v: pushed down as %s", f, where)
		}
	}
}

func explainPlan(t *testing.T, db *sql.DB, q string, args []any) string {
	t.Helper()

	rows, err := db.Query(`EXPLAIN QUERY PLAN `+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()

	var details []string

	for rows.Next() {
		var id, parent, notused int
		var detail string
		must.NoError(rows.Scan(&id, &parent, &notused, &detail))
		details = append(details, detail)
	}

	return strings.Join(details, "; ")
}
