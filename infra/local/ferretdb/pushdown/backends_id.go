// Added to FerretDB's internal/backends package by Cổng's build overlay (see README.md).
//
// FerretDB v1's SQLite backend evaluates a filter in SQL only when it is exactly `{_id: <value>}`,
// and pushes no sort or limit down except `$natural`. Every other query reads the whole table and
// filters, sorts and limits in Go, so `updateOne({_id, version}, …)` and every keyed page scan
// cost time proportional to the collection. This file decides which `_id` conditions the backend
// can answer with the `_id` indexes (equality and `$in` of strings, ObjectIDs and numbers, string
// ranges), and when that answer is the query's (the filter names nothing else), so that sort by
// `_id` and limit can be pushed down too. What it does not take is left to FerretDB's scan: the
// SQL may only ever narrow the table to the documents the condition matches, never miss one.

package backends

import (
	"math"

	"github.com/FerretDB/FerretDB/internal/types"
)

// maxPushdownIn is the largest `$in` list answered with the index.
const maxPushdownIn = 1000

// maxExactInteger is 2^53: every integer up to it in magnitude is a double, so an int64 and a
// double that are equal are written the same way by sjson (Go's shortest decimal, no exponent).
// Beyond it a double such as 2^60 is written as 1152921504606847000 while the equal int64 is
// 1152921504606846976: those values are left to FerretDB's scan.
const maxExactInteger = 1 << 53

// IDCondition is the part of a filter on `_id` the backend can evaluate with an index.
type IDCondition struct {
	// Eq is a string, ObjectID or number `_id` (`{_id: v}` or `{_id: {$eq: v}}`); numbers are
	// int32, int64 and float64 values IDClassOf accepts.
	Eq any
	// In holds strings, ObjectIDs and numbers (`{_id: {$in: [...]}}`).
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

// HomogeneousIn reports whether every `$in` value is of one class (all strings, all ObjectIDs or
// all numbers): then the backend's order of the matching documents (`ORDER BY ->>'$._id'`) is
// MongoDB's. Mixed classes are not: sjson writes an ObjectID as its hex string, which SQLite
// orders among the strings, where MongoDB puts every ObjectID after every string.
func (c *IDCondition) HomogeneousIn() bool {
	if len(c.In) == 0 {
		return false
	}

	first := IDClassOf(c.In[0])
	for _, v := range c.In[1:] {
		if IDClassOf(v) != first {
			return false
		}
	}

	return true
}

// IDClass is how an `_id` value is compared: values of different classes are never equal.
type IDClass int

const (
	// IDNotIndexable is a value the backend does not look up with the index.
	IDNotIndexable IDClass = iota
	// IDString is a string.
	IDString
	// IDObjectID is an ObjectID.
	IDObjectID
	// IDNumber is an int32, int64 or double: 1, NumberLong(1) and 1.0 are equal.
	IDNumber
)

// IDClassOf returns the class of an `_id` value the backend can look up with the index.
// Numbers are int32, int64 within ±2^53 and finite doubles within ±2^53 other than -0 (FerretDB
// stores -0 as 0; a query for -0 is left to the scan); NaN, ±Infinity and larger magnitudes
// are not indexable, so FerretDB's own scan answers them.
func IDClassOf(v any) IDClass {
	switch v := v.(type) {
	case string:
		return IDString
	case types.ObjectID:
		return IDObjectID
	case int32:
		return IDNumber
	case int64:
		if v >= -maxExactInteger && v <= maxExactInteger {
			return IDNumber
		}
	case float64:
		if !math.IsNaN(v) && !math.IsInf(v, 0) && !(v == 0 && math.Signbit(v)) && math.Abs(v) <= maxExactInteger {
			return IDNumber
		}
	}

	return IDNotIndexable
}

func indexableID(v any) bool {
	return IDClassOf(v) != IDNotIndexable
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
