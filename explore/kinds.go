// Package explore answers relationship questions over the archive: which
// entities are mentioned together (Related), what happened to an entity and
// when (Timeline), the neighbourhood of a few entities as a bounded graph
// (Network) and the shortest chains of relations between two entities (Path),
// each edge with its provenance: the article and sentence, or the position,
// resolution or report record that asserts it.
//
// The topology of the graph (which articles mention which entities, and the
// position, parent, issuer and report links) is held in memory as compact
// adjacency arrays loaded from the database, so that hubs mentioned in tens
// of thousands of articles cost milliseconds, not a self-join of the
// mentions table. Labels, sentences and records are read from the database
// for the handful of nodes and edges an answer returns. The in-memory graph
// follows the database's change log in the background: the entities the
// log names are read again and the next graph is built from the last one
// (see Explorer.MaxAge, Explorer.Refresh and graph.apply).
package explore

import (
	"fmt"
	"slices"
	"strings"

	"tracuu/models"
)

// Edge kinds.
const (
	KindPosition          = "position"           // Person → Organisation
	KindParent            = "parent"             // Organisation → its parent Organisation
	KindIssuedBy          = "issued_by"          // Resolution → Organisation
	KindReportsOn         = "reports_on"         // Report → Resolution, Organisation or Article
	KindMentionedTogether = "mentioned_together" // entity — entity, weighted by shared articles
	KindMentions          = "mentions"           // Article → entity
	KindAuthored          = "authored"           // Article → Person
)

// EdgeKinds lists every edge kind, in a stable order.
var EdgeKinds = []string{KindPosition, KindParent, KindIssuedBy, KindReportsOn, KindMentionedTogether, KindMentions, KindAuthored}

// type codes index models.EntityTypes.
const (
	tArticle uint8 = iota
	tOrganisation
	tPerson
	tResolution
	tReport
	numTypes
)

// kind codes index EdgeKinds.
const (
	kPosition uint8 = iota
	kParent
	kIssuedBy
	kReportsOn
	kMentionedTogether
	kMentions
	kAuthored
)

func typeCode(t string) (uint8, bool) {
	i := slices.Index(models.EntityTypes, t)
	return uint8(i), i >= 0
}

// parseID reads an entity id: "Type:id" (Person:12) or the global id of
// it. Returns an EINVALID error naming what is wrong.
func parseID(s string) (models.Ref, error) {
	s = strings.TrimSpace(s)
	parse := models.ParseRef
	if !strings.Contains(s, ":") {
		parse = models.ParseGlobalID
	}
	r, err := parse(s)
	if err == nil && !r.IsEntity() {
		return models.Ref{}, models.Invalid("id", "%q: type %q is not one of %s", s, r.Type, strings.Join(models.EntityTypes, ", "))
	}
	return r, err
}

// typeMask turns a list of type names into a bit set; an empty list gives def.
func typeMask(field string, types []string, def uint8) (uint8, error) {
	if len(types) == 0 {
		return def, nil
	}
	var m uint8
	for _, t := range types {
		c, ok := typeCode(t)
		if !ok {
			return 0, models.Invalid(field, "type %q is not one of %s", t, strings.Join(models.EntityTypes, ", "))
		}
		m |= 1 << c
	}
	return m, nil
}

// kindMask turns a list of edge kinds into a bit set; an empty list allows all.
func kindMask(field string, kinds []string) (uint8, error) {
	if len(kinds) == 0 {
		return 0xff, nil
	}
	var m uint8
	for _, k := range kinds {
		found := false
		for i, s := range EdgeKinds {
			if s == k {
				m |= 1 << i
				found = true
			}
		}
		if !found {
			return 0, models.Invalid(field, "kind %q is not one of %s", k, strings.Join(EdgeKinds, ", "))
		}
	}
	return m, nil
}

const allEntities = 1<<tOrganisation | 1<<tPerson | 1<<tResolution | 1<<tReport

func notFound(r models.Ref) error { return models.NotFound(r.Type, r.ID) }

func errorf(format string, args ...any) error { return fmt.Errorf("explore: "+format, args...) }
