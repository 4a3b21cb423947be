// Added to FerretDB's internal/backends/sqlite package by Cổng's build overlay (see README.md).
//
// WHERE and ORDER BY clauses for the `_id` conditions of backends.PushdownID.
//
// How sjson stores an `_id`: strings as JSON strings, ObjectIDs as their hex digits in a JSON
// string, and int32, int64 and double all as bare JSON numbers written by Go (1, NumberLong(1)
// and 1.0 are all `1`; 1.5 is `1.5`); the BSON type is kept apart in the document's schema
// (`$s.p._id.t`: "string", "objectId", "int", "long", "double", "date", "bool", …). Dates and
// timestamps are bare numbers too, and `->>` reads `true` as the integer 1.
//
// Equality and `$in` compare the JSON text (`_ferretdb_sjson->'$._id'`, FerretDB's own
// expression, indexed by `<table>_cong_id`): two equal values of one class have one text (for
// numbers within ±2^53, see backends.IDClassOf), and the schema type guard keeps out what has the
// same text but another class (a string holding an ObjectID's hex digits, a date holding a
// number). String ranges and the order by `_id` use the SQL value (`->>'$._id'`, indexed by
// `<table>_cong_idtext`), whose BINARY comparison is MongoDB's byte order for strings, guarded by
// the schema type "string". So the rows SQLite returns are exactly the condition's documents,
// and a limit can be applied in SQL. Cổng's id indexer (../idindex.go) creates both indexes.

package sqlite

import (
	"fmt"
	"strings"

	"github.com/FerretDB/FerretDB/internal/backends"
	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// idTextColumn is the `_id` as an SQL value (text for string ids).
const idTextColumn = metadata.DefaultColumn + "->>'$._id'"

// idTypeColumn is the BSON type of the `_id` recorded in the document's sjson schema.
const idTypeColumn = metadata.DefaultColumn + `->>'$."$s".p._id.t'`

// idTypes are the schema types of each class of `_id` values.
var idTypes = map[backends.IDClass]string{
	backends.IDString:   `= 'string'`,
	backends.IDObjectID: `= 'objectId'`,
	backends.IDNumber:   `IN ('int', 'long', 'double')`,
}

// prepareIDWhereClause returns the WHERE clause for the filter's `_id` condition, its
// arguments, and whether there is one.
func prepareIDWhereClause(filter *types.Document) (string, []any, bool) {
	c := backends.PushdownID(filter)
	if c == nil {
		return "", nil, false
	}

	switch {
	case c.Eq != nil:
		q, args := idEqualityClause([]any{c.Eq})
		return ` WHERE ` + q, args, true

	case len(c.In) > 0:
		q, args := idEqualityClause(c.In)
		return ` WHERE ` + q, args, true

	case c.IsRange():
		conds := []string{fmt.Sprintf(`%s %s`, idTypeColumn, idTypes[backends.IDString])}
		var args []any

		for _, b := range []struct {
			op string
			v  *string
		}{{">", c.Gt}, {">=", c.Gte}, {"<", c.Lt}, {"<=", c.Lte}} {
			if b.v != nil {
				conds = append(conds, fmt.Sprintf(`%s %s ?`, idTextColumn, b.op))
				args = append(args, *b.v)
			}
		}

		return ` WHERE ` + strings.Join(conds, " AND "), args, true
	}

	return "", nil, false
}

// idEqualityClause matches any of values: one index look-up per value, each guarded by the
// schema type of its class (`(… IN (…) AND type …) OR …` when the classes are mixed).
func idEqualityClause(values []any) (string, []any) {
	var classes []backends.IDClass
	texts := map[backends.IDClass][]any{}

	for _, v := range values {
		class := backends.IDClassOf(v)
		if _, seen := texts[class]; !seen {
			classes = append(classes, class)
		}

		texts[class] = append(texts[class], string(must.NotFail(sjson.MarshalSingleValue(v))))
	}

	conds := make([]string, len(classes))
	var args []any

	for i, class := range classes {
		in := texts[class]

		cmp := `= ?`
		if len(in) > 1 {
			cmp = `IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(in)), ", ") + `)`
		}

		conds[i] = fmt.Sprintf(`%s %s AND %s %s`, metadata.IDColumn, cmp, idTypeColumn, idTypes[class])
		args = append(args, in...)
	}

	if len(conds) == 1 {
		return conds[0], args
	}

	return `(` + strings.Join(conds, `) OR (`) + `)`, args
}

// prepareIDOrderByClause returns the ORDER BY clause for a sort document `{_id: ±1}`.
func prepareIDOrderByClause(sort *types.Document) string {
	switch backends.IDSortDirection(sort) {
	case 1:
		return ` ORDER BY ` + idTextColumn
	case -1:
		return ` ORDER BY ` + idTextColumn + ` DESC`
	default:
		return ""
	}
}
