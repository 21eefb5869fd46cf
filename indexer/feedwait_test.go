package indexer

import (
	"testing"
	"time"

	"tracuu/models"
)

// TestFeedWaitsForRoom: a full feed that waits holds the writer's Add
// until the worker takes or drops an article, and lets it go, with false,
// once waiting is turned off; a feed that does not wait refuses at once.
func TestFeedWaitsForRoom(t *testing.T) {
	art := func(id int64) *models.Article { return &models.Article{ID: id} }
	f := NewFeed(2)
	if !f.Add(1, art(10), nil, nil) || !f.Add(2, art(11), nil, nil) {
		t.Fatal("a feed with room refused an article")
	}
	if f.Add(3, art(12), nil, nil) {
		t.Fatal("a full feed that does not wait took an article")
	}

	f.Waits(true)
	added := make(chan bool, 1)
	go func() { added <- f.Add(3, art(12), nil, nil) }()
	select {
	case ok := <-added:
		t.Fatalf("Add on a full waiting feed returned %v without room", ok)
	case <-time.After(50 * time.Millisecond):
	}
	if _, ok := f.take(1, 10); !ok {
		t.Fatal("take lost an article")
	}
	if ok := <-added; !ok {
		t.Fatal("Add refused the article once there was room")
	}
	if n := f.Len(); n != 2 {
		t.Fatalf("feed holds %d articles, want 2", n)
	}

	go func() { added <- f.Add(4, art(13), nil, nil) }()
	select {
	case ok := <-added:
		t.Fatalf("Add on a full waiting feed returned %v without room", ok)
	case <-time.After(50 * time.Millisecond):
	}
	f.drop(2)
	if ok := <-added; !ok {
		t.Fatal("Add refused the article once drop made room")
	}

	go func() { added <- f.Add(5, art(14), nil, nil) }()
	select {
	case ok := <-added:
		t.Fatalf("Add on a full waiting feed returned %v without room", ok)
	case <-time.After(50 * time.Millisecond):
	}
	f.Waits(false) // the worker stops: no writer may wait for it
	if ok := <-added; ok {
		t.Fatal("Add took an article into a full feed")
	}
}
