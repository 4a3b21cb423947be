// Unit test of backends_id.go, copied into FerretDB's internal/backends package by
// ../pushdown-test.sh (the build itself never copies it).

package backends

import (
	"math"
	"testing"

	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

func congDoc(kv ...any) *types.Document { return must.NotFail(types.NewDocument(kv...)) }
func congArr(v ...any) *types.Array     { return must.NotFail(types.NewArray(v...)) }

func TestCongIDClassOf(t *testing.T) {
	for _, c := range []struct {
		v    any
		want IDClass
	}{
		{"1", IDString},
		{types.ObjectID{1}, IDObjectID},
		{int32(1), IDNumber},
		{int32(math.MinInt32), IDNumber},
		{int64(1 << 53), IDNumber},
		{int64(-(1 << 53)), IDNumber},
		{int64(1<<53 + 1), IDNotIndexable},
		{int64(-(1 << 53) - 1), IDNotIndexable},
		{0.0, IDNumber},
		{1.5, IDNumber},
		{0.1 + 0.2, IDNumber},
		{float64(1 << 53), IDNumber},
		{float64(1 << 54), IDNotIndexable},
		{math.Copysign(0, -1), IDNotIndexable},
		{math.NaN(), IDNotIndexable},
		{math.Inf(1), IDNotIndexable},
		{math.Inf(-1), IDNotIndexable},
		{true, IDNotIndexable},
		{types.Null, IDNotIndexable},
		{congDoc("a", int32(1)), IDNotIndexable},
	} {
		if got := IDClassOf(c.v); got != c.want {
			t.Errorf("IDClassOf(%#v) = %v, want %v", c.v, got, c.want)
		}
	}
}

func TestCongPushdownID(t *testing.T) {
	// one value the index cannot answer exactly: nothing is pushed down (a superset of nothing
	// would miss it)
	for _, f := range []*types.Document{
		congDoc("_id", math.NaN()),
		congDoc("_id", math.Copysign(0, -1)),
		congDoc("_id", int64(1<<60)),
		congDoc("_id", congDoc("$in", congArr(int32(1), math.Inf(1)))),
		congDoc("_id", congDoc("$in", congArr("a", true))),
		congDoc("_id", congDoc("$eq", math.NaN())),
	} {
		if c := PushdownID(f); c != nil {
			t.Errorf("PushdownID(%v) = %+v, want nil", f, c)
		}
	}

	c := PushdownID(congDoc("_id", int32(7), "portalId", "x"))
	if c == nil || c.Eq != int32(7) || c.Exact {
		t.Errorf("numeric equality with another condition: %+v", c)
	}

	for _, h := range []struct {
		in   *types.Array
		want bool
	}{
		{congArr("a", "b"), true},
		{congArr(types.ObjectID{1}, types.ObjectID{2}), true},
		{congArr(int32(1), int64(2), 2.5), true},
		{congArr(int32(1), "1"), false},
		{congArr(types.ObjectID{1}, int32(3)), false},
		{congArr("a", types.ObjectID{1}), false},
	} {
		c := PushdownID(congDoc("_id", congDoc("$in", h.in)))
		if c == nil || c.HomogeneousIn() != h.want {
			t.Errorf("HomogeneousIn(%v) = %+v, want %v", h.in, c, h.want)
		}
	}
}
