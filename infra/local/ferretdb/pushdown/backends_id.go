// Added to FerretDB's internal/backends package by Cổng's build overlay (see ../README.md).
//
// FerretDB v1's SQLite backend evaluates a filter in SQL only when it is exactly `{_id: <value>}`,
// and pushes no sort or limit down except `$natural`. Every other query reads the whole table and
// filters, sorts and limits in Go, so `updateOne({_id, version}, …)` and every keyed page scan
// cost time proportional to the collection. This file decides which `_id` conditions the backend
// can answer with the `_id` indexes, and when that answer is exact (the filter names nothing
// else), so that sort by `_id` and limit can be pushed down too.

package backends

import (
	"github.com/FerretDB/FerretDB/internal/types"
)

// maxPushdownIn is the largest `$in` list answered with the index.
const maxPushdownIn = 1000

// IDCondition is the part of a filter on `_id` the backend can evaluate with an index.
type IDCondition struct {
	// Eq is a string or ObjectID `_id` (`{_id: v}` or `{_id: {$eq: v}}`).
	Eq any
	// In holds strings and ObjectIDs (`{_id: {$in: [...]}}`).
	In []any
	// Gt, Gte, Lt, Lte are string bounds (MongoDB compares strings by their UTF-8 bytes,
	// and a string bound only matches strings).
	Gt, Gte, Lt, Lte *string
	// Exact is true when the filter has no condition but this one, so the backend's result is
	// the query's result and a sort by `_id` and a limit can be applied by the backend.
	Exact bool
}

// IsRange reports whether the condition is a string range.
func (c *IDCondition) IsRange() bool {
	return c.Gt != nil || c.Gte != nil || c.Lt != nil || c.Lte != nil
}

// HomogeneousIn reports whether every `$in` value has the same type (then the backend's order
// of the values is MongoDB's).
func (c *IDCondition) HomogeneousIn() bool {
	if len(c.In) == 0 {
		return false
	}

	_, first := c.In[0].(string)
	for _, v := range c.In[1:] {
		if _, s := v.(string); s != first {
			return false
		}
	}

	return true
}

func indexableID(v any) bool {
	switch v.(type) {
	case string, types.ObjectID:
		return true
	default:
		return false
	}
}

// PushdownID returns the `_id` condition of filter that an index can answer, or nil.
func PushdownID(filter *types.Document) *IDCondition {
	if filter == nil || !filter.Has("_id") {
		return nil
	}

	others := 0

	for _, k := range filter.Keys() {
		if k != "_id" && k != "$comment" {
			others++
		}
	}

	v, _ := filter.Get("_id")
	c := &IDCondition{Exact: others == 0}

	if indexableID(v) {
		c.Eq = v
		return c
	}

	ops, ok := v.(*types.Document)
	if !ok || ops.Len() == 0 {
		return nil
	}

	for _, op := range ops.Keys() {
		arg, _ := ops.Get(op)

		switch op {
		case "$eq":
			if !indexableID(arg) || ops.Len() != 1 {
				return nil
			}

			c.Eq = arg
		case "$in":
			arr, ok := arg.(*types.Array)
			if !ok || arr.Len() == 0 || arr.Len() > maxPushdownIn || ops.Len() != 1 {
				return nil
			}

			for i := 0; i < arr.Len(); i++ {
				e, _ := arr.Get(i)
				if !indexableID(e) {
					return nil
				}

				c.In = append(c.In, e)
			}
		case "$gt", "$gte", "$lt", "$lte":
			s, ok := arg.(string)
			if !ok {
				return nil
			}

			switch op {
			case "$gt":
				c.Gt = &s
			case "$gte":
				c.Gte = &s
			case "$lt":
				c.Lt = &s
			case "$lte":
				c.Lte = &s
			}
		default:
			return nil
		}
	}

	return c
}

// IDSortDirection returns 1 or -1 for a sort document `{_id: ±1}`, 0 otherwise.
func IDSortDirection(sort *types.Document) int64 {
	if sort.Len() != 1 {
		return 0
	}

	v, err := sort.Get("_id")
	if err != nil {
		return 0
	}

	switch d := v.(type) {
	case int64:
		if d == 1 || d == -1 {
			return d
		}
	case int32:
		if d == 1 || d == -1 {
			return int64(d)
		}
	case float64:
		if d == 1 || d == -1 {
			return int64(d)
		}
	}

	return 0
}
