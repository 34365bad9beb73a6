package reports

import (
	"container/heap"
	"sort"
)

// topK keeps the k items that rank first by before, in bounded memory: the
// HTML and coaching writers see every result but may keep only a few.
type topK[T any] struct {
	k      int
	before func(a, b T) bool
	items  []T // a heap whose root is the item that ranks last
}

func newTopK[T any](k int, before func(a, b T) bool) *topK[T] {
	return &topK[T]{k: k, before: before}
}

// add offers x; it is kept while it ranks among the first k.
func (t *topK[T]) add(x T) {
	switch {
	case t.k <= 0:
	case len(t.items) < t.k:
		heap.Push((*topHeap[T])(t), x)
	case t.before(x, t.items[0]):
		t.items[0] = x
		heap.Fix((*topHeap[T])(t), 0)
	}
}

// admits reports whether x would be kept, so that callers build costly
// items only when they will be kept.
func (t *topK[T]) admits(x T) bool {
	return t.k > 0 && (len(t.items) < t.k || t.before(x, t.items[0]))
}

// sorted returns the kept items, first first.
func (t *topK[T]) sorted() []T {
	out := append([]T(nil), t.items...)
	sort.SliceStable(out, func(i, j int) bool { return t.before(out[i], out[j]) })
	return out
}

// topHeap is topK seen by container/heap: the last-ranking item on top.
type topHeap[T any] topK[T]

func (h *topHeap[T]) Len() int           { return len(h.items) }
func (h *topHeap[T]) Less(i, j int) bool { return h.before(h.items[j], h.items[i]) }
func (h *topHeap[T]) Swap(i, j int)      { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *topHeap[T]) Push(x any)         { h.items = append(h.items, x.(T)) }
func (h *topHeap[T]) Pop() any {
	x := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return x
}
