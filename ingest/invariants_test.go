package ingest

import (
	"strings"
	"testing"
)

// checkMentions asserts what every mention must satisfy: its offsets lie in
// its field, the field's runes there are its text, and its sentence, found
// at SentenceStart, contains it.
func checkMentions(t testing.TB, a Article, x Extraction) {
	t.Helper()
	field := func(m Mention) []rune {
		switch m.Field {
		case FieldTitle:
			return []rune(a.Title)
		case FieldLead:
			return []rune(a.Lead)
		case FieldBody:
			return []rune(a.Body)
		case FieldAttribution:
			return []rune(a.Attribution)
		case FieldCaption:
			if m.Index < len(a.Captions) {
				return []rune(a.Captions[m.Index])
			}
		}
		t.Fatalf("mention in unknown field %q/%d", m.Field, m.Index)
		return nil
	}
	all := append([]Mention(nil), x.Mentions...)
	for _, p := range x.Positions {
		all = append(all, p.Mention)
	}
	for _, m := range all {
		rs := field(m)
		if m.Start < 0 || m.End > len(rs) || m.Start >= m.End {
			t.Fatalf("mention %q: offsets %d..%d outside %s (%d runes)", m.Text, m.Start, m.End, m.Field, len(rs))
		}
		if got := string(rs[m.Start:m.End]); got != m.Text {
			t.Fatalf("mention %q: %s[%d:%d] is %q", m.Text, m.Field, m.Start, m.End, got)
		}
		sr := []rune(m.Sentence)
		if m.SentenceStart < 0 || m.SentenceStart+len(sr) > len(rs) || string(rs[m.SentenceStart:m.SentenceStart+len(sr)]) != m.Sentence {
			t.Fatalf("mention %q: sentence %q not at %d", m.Text, m.Sentence, m.SentenceStart)
		}
		if !strings.Contains(m.Sentence, m.Text) || m.Start < m.SentenceStart || m.End > m.SentenceStart+len(sr) {
			t.Fatalf("mention %q outside its sentence %q", m.Text, m.Sentence)
		}
	}
}

func TestMentionsInvariant(t *testing.T) {
	for _, path := range fixtures(t) {
		a := readFixture(t, path)
		checkMentions(t, a, Extract(a))
	}
}
