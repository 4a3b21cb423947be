// Added to FerretDB's internal/handler package by Cổng's build overlay (see README.md).
//
// When a find's filter is nothing but an `_id` condition the backend answers exactly
// (backends.PushdownID), its sort by `_id` and its limit are pushed down too, so a page of a
// key range costs the page, not the collection. An `$in` of values of several classes (numbers,
// strings, ObjectIDs) is sorted and limited by FerretDB: SQLite's order of them is not MongoDB's.

package handler

import (
	"github.com/FerretDB/FerretDB/internal/backends"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// pushdownIDSortLimit returns the sort and limit the backend can apply for a find with this
// filter, sort, skip and limit, when the filter is an exact `_id` condition.
func (h *Handler) pushdownIDSortLimit(filter, sort *types.Document, skip, limit int64) (*types.Document, int64, bool) {
	if h.DisablePushdown || skip != 0 {
		return nil, 0, false
	}

	c := backends.PushdownID(filter)
	if c == nil || !c.Exact {
		return nil, 0, false
	}

	dir := backends.IDSortDirection(sort)
	if sort.Len() != 0 && dir == 0 {
		return nil, 0, false
	}

	if len(c.In) > 0 && !c.HomogeneousIn() {
		return nil, 0, false
	}

	if dir == 0 {
		dir = 1
	}

	return must.NotFail(types.NewDocument("_id", dir)), limit, true
}
