// Added to FerretDB's internal/backends/sqlite package by Cổng's build overlay (see ../README.md).
//
// WHERE and ORDER BY clauses for the `_id` conditions of backends.PushdownID. Equality and `$in`
// use the expression FerretDB itself uses for `_id` (the JSON text, `_ferretdb_sjson->'$._id'`);
// string ranges and the order by `_id` use the SQL text value (`->>`), whose BINARY comparison is
// MongoDB's byte order for strings, guarded by `json_type = 'text'` so that no other type matches.
// Cổng's id indexer (../idindex.go) creates an index on each of the two expressions.

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

// prepareIDWhereClause returns the WHERE clause for the filter's `_id` condition, its
// arguments, and whether there is one.
func prepareIDWhereClause(filter *types.Document) (string, []any, bool) {
	c := backends.PushdownID(filter)
	if c == nil {
		return "", nil, false
	}

	switch {
	case c.Eq != nil:
		return fmt.Sprintf(` WHERE %s = ?`, metadata.IDColumn), []any{string(must.NotFail(sjson.MarshalSingleValue(c.Eq)))}, true

	case len(c.In) > 0:
		placeholders := make([]string, len(c.In))
		args := make([]any, len(c.In))

		for i, v := range c.In {
			placeholders[i] = "?"
			args[i] = string(must.NotFail(sjson.MarshalSingleValue(v)))
		}

		return fmt.Sprintf(` WHERE %s IN (%s)`, metadata.IDColumn, strings.Join(placeholders, ", ")), args, true

	case c.IsRange():
		conds := []string{fmt.Sprintf(`json_type(%s, '$._id') = 'text'`, metadata.DefaultColumn)}
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
