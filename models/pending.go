package models

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"strings"
	"time"
)

// Entities an import's batch creates, written together.
//
// An import links the names its articles mention to entities, creating
// the new ones. Created one at a time through GORM, each cost a few
// statements (the row, its keys, the checks of the rows it refers to),
// on PostgreSQL a round trip each: about 4 an article in the first
// thousands of articles. Pending takes the same entities, with the same
// checks made in Go, and gives each a placeholder id (negative) until
// WritePending writes them, each table's rows in the order they were
// created (so with the ids one by one would have given), and puts the
// real ids in everything that holds a placeholder: the batch's authors
// and mentions (Bulk), its changes, and what the caller asks of Resolve.

// Pending holds the entities created and not yet written.
type Pending struct {
	people    []*Person
	orgs      []*Organisation
	res       []*Resolution
	positions []*Position
	keys      []EntityKey
	last      int64           // the last placeholder given
	ids       map[int64]int64 // placeholder -> id, once written
	// resByKey holds the code keys of the resolutions created, as stored;
	// held, the positions created, by person, organisation, title key and
	// qualifier.
	resByKey map[string]int64
	held     map[PositionKey]bool
}

// PositionKey is what makes two positions the same (HasPosition).
type PositionKey struct {
	PersonID, OrganisationID int64
	TitleKey, Qualifier      string
}

// KeyOf returns the key HasPosition compares of a position with title and
// qualifier.
func KeyOf(personID, orgID int64, title, qualifier string) PositionKey {
	return PositionKey{personID, orgID, titleKey(cleanName(title)), qualifier}
}

// Empty reports whether p holds nothing to write.
func (p *Pending) Empty() bool {
	return p == nil || len(p.people)+len(p.orgs)+len(p.res)+len(p.positions)+len(p.keys) == 0
}

// Resolve returns the id of what id stands for: itself, or the real id
// of a placeholder written since.
func (p *Pending) Resolve(id int64) int64 {
	if id >= 0 || p == nil {
		return id
	}
	if r, ok := p.ids[id]; ok {
		return r
	}
	return id
}

// Placeholder reports whether id is a placeholder.
func Placeholder(id int64) bool { return id < 0 }

func (p *Pending) placeholder() int64 {
	p.last--
	return p.last
}

func (p *Pending) claim(typ string, id int64, name string, aliases []string) {
	p.keys = entityKeys(p.keys, typ, id, name, aliases)
}

// DeferPerson is CreatePerson for p's writing: pe gets a placeholder id.
func (s *Store) DeferPerson(ctx context.Context, p *Pending, pe *Person) error {
	pe.ID = 0
	pe.normalise()
	if err := pe.validate(); err != nil {
		return err
	}
	pe.ID = p.placeholder()
	p.people = append(p.people, pe)
	p.claim(TypePerson, pe.ID, pe.Name, pe.Aliases)
	return s.enqueue(ctx, TypePerson, pe.ID, OpUpsert)
}

// DeferOrganisation is CreateOrganisation for p's writing. Its parent, if
// any, is one the import linked (stored or pending): it is not looked up.
func (s *Store) DeferOrganisation(ctx context.Context, p *Pending, o *Organisation) error {
	o.ID = 0
	o.normalise()
	parent := o.ParentID
	o.ParentID = nil // checked below, not in the store
	err := s.validateOrganisation(ctx, o)
	o.ParentID = parent
	if err != nil {
		return err
	}
	o.ID = p.placeholder()
	p.orgs = append(p.orgs, o)
	p.claim(TypeOrganisation, o.ID, o.Name, o.Aliases)
	return s.enqueue(ctx, TypeOrganisation, o.ID, OpUpsert)
}

// DeferResolution is CreateResolution for p's writing, its issuer one the
// import linked.
func (s *Store) DeferResolution(ctx context.Context, p *Pending, r *Resolution) error {
	r.ID = 0
	issuer := r.IssuerID
	r.IssuerID = nil
	err := s.validateResolution(ctx, r)
	r.IssuerID = issuer
	if err != nil {
		return err
	}
	r.ID = p.placeholder()
	p.res = append(p.res, r)
	if p.resByKey == nil {
		p.resByKey = map[string]int64{}
	}
	if _, ok := p.resByKey[r.CodeKey]; !ok {
		p.resByKey[r.CodeKey] = r.ID
	}
	return s.enqueue(ctx, TypeResolution, r.ID, OpUpsert)
}

// PendingResolution returns the id of the resolution p created with the
// code key key, or 0.
func (p *Pending) PendingResolution(key string) int64 { return p.Resolve(p.resByKey[key]) }

// DeferPosition is CreatePosition for p's writing, its person,
// organisation and article ones the import linked or stored.
func (s *Store) DeferPosition(ctx context.Context, p *Pending, po *Position) error {
	po.ID = 0
	if err := po.normalise().Err(); err != nil {
		return wrap("create position", err)
	}
	po.ID = p.placeholder()
	p.positions = append(p.positions, po)
	if p.held == nil {
		p.held = map[PositionKey]bool{}
	}
	p.held[PositionKey{po.PersonID, po.OrganisationID, po.TitleKey, po.Qualifier}] = true
	return s.enqueue(ctx, TypePerson, po.PersonID, OpUpsert)
}

// PendingPosition reports whether p created a position with key k.
func (p *Pending) PendingPosition(k PositionKey) bool { return p.held[k] }

// HeldPositions returns the keys of the positions stored of the people
// personIDs. (A filter on the organisations too made SQLite probe its
// index for every pair of the two lists.)
func (s *Store) HeldPositions(ctx context.Context, personIDs []int64) (map[PositionKey]bool, error) {
	out := map[PositionKey]bool{}
	if len(personIDs) == 0 {
		return out, nil
	}
	var rows []PositionKey
	err := s.db.WithContext(ctx).Model(&Position{}).Select("person_id, organisation_id, title_key, qualifier").
		Where(s.inList("person_id", personIDs)).Scan(&rows).Error
	for _, r := range rows {
		out[r] = true
	}
	return out, wrap("look up positions", err)
}

// ResolutionsByKeys is ResolutionByKey of each key: the ids by key, 0
// for a key no resolution has.
func (s *Store) ResolutionsByKeys(ctx context.Context, keys []string) (map[string]int64, error) {
	out := map[string]int64{}
	if len(keys) == 0 {
		return out, nil
	}
	defer func() {
		for _, k := range keys {
			if _, ok := out[k]; !ok {
				out[k] = 0
			}
		}
	}()
	db := s.db.WithContext(ctx)
	var rows []struct {
		ID      int64
		CodeKey string
	}
	if err := db.Model(&Resolution{}).Select("id, code_key").Where(s.inList("code_key", keys)).Order("id").Scan(&rows).Error; err != nil {
		return nil, wrap("find resolutions", err)
	}
	for _, r := range rows {
		if _, ok := out[r.CodeKey]; !ok {
			out[r.CodeKey] = r.ID
		}
	}
	var rest []string
	for _, k := range keys {
		if _, ok := out[k]; !ok {
			rest = append(rest, k)
		}
	}
	if len(rest) > 0 {
		var ks []EntityKey
		cond, arg := s.inList("key", rest)
		if err := db.Where("entity_type = ? AND "+cond, TypeResolution, arg).Find(&ks).Error; err != nil {
			return nil, wrap("find resolutions", err)
		}
		for _, k := range ks {
			out[k.Key] = k.EntityID
		}
	}
	return out, nil
}

// WritePending writes what p holds and gives the real ids to the
// placeholders in p's rows, in b and in the transaction's changes.
// Inside a transaction only.
func (s *Store) WritePending(ctx context.Context, p *Pending, b *Bulk) error {
	if p.Empty() {
		return nil
	}
	if s.jobs == nil {
		return Errorf(EINTERNAL, "write pending: outside a transaction")
	}
	if p.ids == nil {
		p.ids = map[int64]int64{}
	}
	now := time.Now().UTC()
	var err error
	if s.conn != nil {
		err = s.copyPending(ctx, p, now)
	} else {
		err = s.insertPending(ctx, p, now)
	}
	if err != nil {
		return err
	}
	for i := range b.authors {
		b.authors[i].PersonID = p.Resolve(b.authors[i].PersonID)
	}
	for i := range b.mentions {
		b.mentions[i].EntityID = p.Resolve(b.mentions[i].EntityID)
	}
	for i := range s.jobs.jobs {
		s.jobs.jobs[i].EntityID = p.Resolve(s.jobs.jobs[i].EntityID)
	}
	p.people, p.orgs, p.res, p.positions, p.keys = nil, nil, nil, nil, nil
	for k := range p.held {
		if Placeholder(k.PersonID) || Placeholder(k.OrganisationID) {
			delete(p.held, k)
			k.PersonID, k.OrganisationID = p.Resolve(k.PersonID), p.Resolve(k.OrganisationID)
			p.held[k] = true
		}
	}
	return nil
}

// The columns of the entities' rows, in the order of their values.
var (
	personColumns       = []string{"name", "name_key", "aliases", "created_at", "updated_at"}
	organisationColumns = []string{"name", "name_key", "aliases", "kind", "level", "parent_id", "created_at", "updated_at"}
	resolutionColumns   = []string{"code", "code_key", "kind", "number", "issuer_id", "issued_on", "title", "summary", "created_at", "updated_at"}
	positionColumns     = []string{"person_id", "organisation_id", "title", "title_key", "qualifier", "term", "started_on", "ended_on", "article_id", "created_at", "updated_at"}
)

// The rows that refer to other pending rows are built once those have
// their ids: organisations (their parent), resolutions (their issuer),
// positions (person and organisation).
func (p *Pending) orgRow(o *Organisation, now time.Time) ([]any, error) {
	a, err := o.Aliases.Value()
	if err != nil {
		return nil, err
	}
	o.CreatedAt, o.UpdatedAt = now, now
	if o.ParentID != nil {
		id := p.Resolve(*o.ParentID)
		o.ParentID = &id
	}
	return []any{o.Name, o.NameKey, a, o.Kind, o.Level, nullInt(o.ParentID), now, now}, nil
}

func (p *Pending) resolutionRow(r *Resolution, now time.Time) []any {
	r.CreatedAt, r.UpdatedAt = now, now
	if r.IssuerID != nil {
		id := p.Resolve(*r.IssuerID)
		r.IssuerID = &id
	}
	return []any{nullString(r.Code), r.CodeKey, r.Kind, r.Number, nullInt(r.IssuerID), nullTime(r.IssuedOn), r.Title, r.Summary, now, now}
}

func (p *Pending) positionRow(po *Position, now time.Time) []any {
	po.CreatedAt, po.UpdatedAt = now, now
	po.PersonID, po.OrganisationID = p.Resolve(po.PersonID), p.Resolve(po.OrganisationID)
	return []any{po.PersonID, po.OrganisationID, po.Title, po.TitleKey, po.Qualifier, po.Term, nullTime(po.StartedOn), nullTime(po.EndedOn), nullInt(po.ArticleID), now, now}
}

func nullInt(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

// copyPending is WritePending on PostgreSQL: the ids of every table in
// one statement, the keys in one INSERT, then each table's rows by COPY.
//
// Another writer (a serve's ingestArticle, another import) may have
// created a person or organisation of p since the batch looked its name
// up: the key of its name is then the other's (the INSERT waits for the
// other's transaction, and leaves the key to it). Such an entity is the
// other's: it is not written, its placeholder stands for the other's id
// (raced), and a position of it the other's holds already is not written
// either. Created one at a time, it was a second entity with no key.
func (s *Store) copyPending(ctx context.Context, p *Pending, now time.Time) error {
	counts := map[string]int{"people": len(p.people), "organisations": len(p.orgs), "resolutions": len(p.res), "positions": len(p.positions)}
	ids, err := s.takeManyIDs(ctx, counts)
	if err != nil {
		return wrap("create entities", err)
	}
	for i, pe := range p.people {
		p.ids[pe.ID] = ids["people"][i]
	}
	for i, o := range p.orgs {
		p.ids[o.ID] = ids["organisations"][i]
	}
	for i, r := range p.res {
		p.ids[r.ID] = ids["resolutions"][i]
		r.ID = ids["resolutions"][i]
	}
	for i, po := range p.positions {
		po.ID = ids["positions"][i]
	}
	inserted, err := s.insertKeys(ctx, p)
	if err != nil {
		return err
	}
	lost, err := s.raced(ctx, p, inserted)
	if err != nil {
		return err
	}
	rows := make([][]any, 0, len(p.people))
	for _, pe := range p.people {
		ph := pe.ID
		pe.ID = p.ids[ph]
		if lost[ph] {
			continue
		}
		a, err := pe.Aliases.Value()
		if err != nil {
			return err
		}
		pe.CreatedAt, pe.UpdatedAt = now, now
		rows = append(rows, []any{pe.ID, pe.Name, pe.NameKey, a, now, now})
	}
	if err := s.copyRows(ctx, "people", append([]string{"id"}, personColumns...), rows); err != nil {
		return wrap("create person", err)
	}
	rows = rows[:0]
	for _, o := range p.orgs {
		ph := o.ID
		o.ID = p.ids[ph]
		if lost[ph] {
			continue
		}
		r, err := p.orgRow(o, now)
		if err != nil {
			return err
		}
		rows = append(rows, append([]any{o.ID}, r...))
	}
	if err := s.copyRows(ctx, "organisations", append([]string{"id"}, organisationColumns...), rows); err != nil {
		return wrap("create organisation", err)
	}
	rows = rows[:0]
	for _, r := range p.res {
		rows = append(rows, append([]any{r.ID}, p.resolutionRow(r, now)...))
	}
	if err := s.copyRows(ctx, "resolutions", append([]string{"id"}, resolutionColumns...), rows); err != nil {
		return wrap("create resolution", err)
	}
	rows = rows[:0]
	for _, po := range p.positions {
		if lost[po.PersonID] || lost[po.OrganisationID] {
			// The other writer's person or organisation may hold it.
			held, err := s.HasPosition(ctx, p.Resolve(po.PersonID), p.Resolve(po.OrganisationID), po.Title, po.Qualifier)
			if err != nil {
				return err
			}
			if held {
				po.PersonID, po.OrganisationID, po.ID = p.Resolve(po.PersonID), p.Resolve(po.OrganisationID), 0
				continue
			}
		}
		rows = append(rows, append([]any{po.ID}, p.positionRow(po, now)...))
	}
	if err := s.copyRows(ctx, "positions", append([]string{"id"}, positionColumns...), rows); err != nil {
		return wrap("create position", err)
	}
	return nil
}

// insertKeys writes p's entity keys, the ids resolved, a key some entity
// has already left as it is (as claimKeys), and returns those it wrote.
//
// The keys go in the order of their type and key (of two rows with one
// key, the first created first, which then has it): the order in which
// any other batch takes them too, so that two batches naming some of the
// same new entities wait for each other at the first key both write and
// never hold a key the other waits for (a deadlock, which failed one of
// them). Rows that refer to a key's holder are written after all of them.
func (s *Store) insertKeys(ctx context.Context, p *Pending) (map[EntityKey]bool, error) {
	db := s.write(ctx)
	out := map[EntityKey]bool{}
	keys := slices.Clone(p.keys)
	slices.SortStableFunc(keys, func(a, b EntityKey) int {
		return cmp.Or(strings.Compare(a.EntityType, b.EntityType), strings.Compare(a.Key, b.Key))
	})
	err := insertRows(len(keys), entityKeyInsert, 3, func(i int) []any {
		k := keys[i]
		return []any{k.EntityType, k.Key, p.Resolve(k.EntityID)}
	}, func(q string, args []any) error {
		var rows []EntityKey
		if err := db.Raw(q+" ON CONFLICT DO NOTHING RETURNING entity_type, key, entity_id", args...).Scan(&rows).Error; err != nil {
			return err
		}
		for _, r := range rows {
			out[r] = true
		}
		return nil
	})
	return out, wrap("claim keys", err)
}

// raced finds the people and organisations of p whose name's key is
// neither theirs (inserted) nor another of p's: another writer's entity,
// created since the batch looked the name up. Each placeholder of those
// then stands for the other's entity, which takes the keys written for it
// too. raced returns their placeholders.
func (s *Store) raced(ctx context.Context, p *Pending, inserted map[EntityKey]bool) (map[int64]bool, error) {
	first := map[EntityKey]int64{} // type and key -> the first of p to claim it
	for _, k := range p.keys {
		tk := EntityKey{EntityType: k.EntityType, Key: k.Key}
		if _, ok := first[tk]; !ok {
			first[tk] = k.EntityID
		}
	}
	type named struct {
		typ, name string
		ph        int64
	}
	var all []named
	for _, pe := range p.people {
		all = append(all, named{TypePerson, pe.Name, pe.ID})
	}
	for _, o := range p.orgs {
		all = append(all, named{TypeOrganisation, o.Name, o.ID})
	}
	lost := map[int64]bool{}
	db := s.write(ctx)
	for _, e := range all {
		k := MatchKey(e.typ, e.name)
		id := p.ids[e.ph]
		if k == "" || first[EntityKey{EntityType: e.typ, Key: k}] != e.ph || inserted[EntityKey{EntityType: e.typ, Key: k, EntityID: id}] {
			continue
		}
		var holder EntityKey
		if err := db.Where("entity_type = ? AND key = ?", e.typ, k).Limit(1).Find(&holder).Error; err != nil {
			return nil, wrap("claim keys", err)
		}
		if holder.EntityID == 0 || holder.EntityID == id {
			continue
		}
		if err := db.Model(&EntityKey{}).Where("entity_type = ? AND entity_id = ?", e.typ, id).Update("entity_id", holder.EntityID).Error; err != nil {
			return nil, wrap("claim keys", err)
		}
		lost[e.ph] = true
		p.ids[e.ph] = holder.EntityID
	}
	return lost, nil
}

// takeManyIDs is takeIDs for several tables in one statement: each
// table's ids ascending, as a multi-row INSERT of its rows would have
// taken them.
func (s *Store) takeManyIDs(ctx context.Context, counts map[string]int) (map[string][]int64, error) {
	var parts []string
	var args []any
	for _, t := range slices.Sorted(maps.Keys(counts)) {
		if n := counts[t]; n > 0 {
			parts = append(parts, "SELECT ?::text, nextval(pg_get_serial_sequence(?, 'id')) FROM generate_series(1, ?)")
			args = append(args, t, t, n)
		}
	}
	out := map[string][]int64{}
	if len(parts) == 0 {
		return out, nil
	}
	rows, err := s.write(ctx).Raw(strings.Join(parts, " UNION ALL "), args...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var t string
		var id int64
		if err := rows.Scan(&t, &id); err != nil {
			return nil, err
		}
		out[t] = append(out[t], id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for t, n := range counts {
		if len(out[t]) != n {
			return nil, Errorf(EINTERNAL, "%s: %d ids taken of %d", t, len(out[t]), n)
		}
		slices.Sort(out[t])
	}
	return out, nil
}

// insertPending is WritePending on SQLite: a run of a prepared statement
// a row, each row's id the one SQLite gives it, in the order created.
func (s *Store) insertPending(ctx context.Context, p *Pending, now time.Time) error {
	ins := func(table string, cols []string) string {
		return "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES " + tuple(len(cols))
	}
	person, org, res, pos := ins("people", personColumns), ins("organisations", organisationColumns), ins("resolutions", resolutionColumns), ins("positions", positionColumns)
	key := "INSERT INTO entity_keys (entity_type, key, entity_id) VALUES (?,?,?) ON CONFLICT DO NOTHING"
	exec, done, err := s.rowWriter(ctx, person, org, res, pos, key)
	if err != nil {
		return wrap("create entities", err)
	}
	defer done()
	run := func(op, q string, args []any) (int64, error) {
		s.statements.Add(1)
		r, err := exec(ctx, q, args...)
		if err != nil {
			return 0, wrap(op, s.translate(err))
		}
		id, err := r.LastInsertId()
		return id, wrap(op, err)
	}
	for _, pe := range p.people {
		a, err := pe.Aliases.Value()
		if err != nil {
			return err
		}
		pe.CreatedAt, pe.UpdatedAt = now, now
		id, err := run("create person", person, []any{pe.Name, pe.NameKey, a, now, now})
		if err != nil {
			return err
		}
		p.ids[pe.ID], pe.ID = id, id
	}
	for _, o := range p.orgs {
		r, err := p.orgRow(o, now)
		if err != nil {
			return err
		}
		id, err := run("create organisation", org, r)
		if err != nil {
			return err
		}
		p.ids[o.ID], o.ID = id, id
	}
	for _, k := range p.keys {
		if _, err := run("claim keys", key, []any{k.EntityType, k.Key, p.Resolve(k.EntityID)}); err != nil {
			return err
		}
	}
	for _, r := range p.res {
		id, err := run("create resolution", res, p.resolutionRow(r, now))
		if err != nil {
			return err
		}
		p.ids[r.ID], r.ID = id, id
	}
	for _, po := range p.positions {
		id, err := run("create position", pos, p.positionRow(po, now))
		if err != nil {
			return err
		}
		po.ID = id
	}
	return nil
}
