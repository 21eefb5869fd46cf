package graph_test

import (
	"testing"

	"tracuu/models"
	"tracuu/models/modelstest"
)

// TestPositionQualifier: a position carries its qualifier (FORMER, ACTING
// or null) and former; a mutation sets and clears it, and an unknown value
// is a BAD_USER_INPUT error.
func TestPositionQualifier(t *testing.T) {
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s)
		d := e.query(`mutation { p: createPerson(input: {name: "Phùng Xuân Nhạ"}) { person { id } }
			o: createOrganisation(input: {name: "Bộ Giáo dục và Đào tạo", kind: GOVERNMENT, level: CENTRAL}) { organisation { id } } }`, nil)
		person, org := get(d, "p", "person", "id"), get(d, "o", "organisation", "id")
		d = e.query(`mutation($p: ID, $o: ID) { createPosition(input: {person: $p, organisation: $o, title: "Bộ trưởng", qualifier: FORMER}) {
			position { id title qualifier former } userErrors { field message } } }`, map[string]any{"p": person, "o": org})
		pos := get(d, "createPosition", "position")
		if get(pos, "title") != "Bộ trưởng" || get(pos, "qualifier") != "FORMER" || get(pos, "former") != true {
			t.Fatalf("created %v", d)
		}
		d = e.query(`mutation($id: ID!) { updatePosition(id: $id, input: {current: true}) { position { qualifier former } } }`, map[string]any{"id": get(pos, "id")})
		if get(d, "updatePosition", "position", "qualifier") != nil || get(d, "updatePosition", "position", "former") != false {
			t.Errorf("made current: %v", d)
		}
		d = e.query(`mutation($id: ID!) { updatePosition(id: $id, input: {qualifier: ACTING}) { position { qualifier former } } }`, map[string]any{"id": get(pos, "id")})
		if get(d, "updatePosition", "position", "qualifier") != "ACTING" {
			t.Errorf("made acting: %v", d)
		}
		d = e.query(`query($id: ID!) { person(id: $id) { current: positions(current: true) { totalCount } all: positions { nodes { qualifier } } } }`, map[string]any{"id": person})
		if get(d, "person", "current", "totalCount") != float64(1) {
			t.Errorf("an acting position is current: %v", d)
		}
		if code := e.errCode(`mutation($id: ID!) { updatePosition(id: $id, input: {qualifier: EX}) { position { id } } }`, map[string]any{"id": get(pos, "id")}, token); code != "GRAPHQL_VALIDATION_FAILED" && code != "BAD_USER_INPUT" {
			t.Errorf("unknown qualifier: code %q", code)
		}
	})
}
