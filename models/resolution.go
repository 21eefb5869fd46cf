package models

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"tracuu/vntext"
)

// Resolution kinds.
var ResolutionKinds = []string{
	"nghi_quyet", "chi_thi", "ket_luan", "quy_dinh", "quyet_dinh", "huong_dan",
	"ke_hoach", "nghi_dinh", "thong_tu", "luat", "other",
}

// Resolution relations.
var ResolutionRelations = []string{"implements", "amends", "replaces"}

// Resolution is a document that articles cite: a resolution, directive,
// conclusion, regulation, decision, decree...
type Resolution struct {
	ID        int64
	Code      *string // canonical code, e.g. 05-CT/TW; nil for unnumbered documents
	CodeKey   string  // identity: the key of Code, or of kind, issuer and year for unnumbered ones
	Kind      string
	Number    string
	IssuerID  *int64
	IssuedOn  *time.Time
	Title     string
	Summary   string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Key implements Identified.
func (r *Resolution) Key() int64 { return r.ID }

// ResolutionLink relates two resolutions: From implements, amends or
// replaces To.
type ResolutionLink struct {
	ID       int64
	FromID   int64
	ToID     int64
	Relation string
}

var (
	partyCode = regexp.MustCompile(`(?i)(\d+)\s*[-–‑ ]\s*([A-ZĐ]{1,5}[a-z]?)\s*/\s*([A-ZĐƯ][A-ZĐƯ0-9]*(?:-[A-ZĐƯ0-9]+)?)`)
	lawCode   = regexp.MustCompile(`(\d+)\s*/\s*(\d{4})\s*/\s*(QH\d{1,2})\b`)
	stateCode = regexp.MustCompile(`(?i)(\d+)\s*/\s*(?:(\d{4})\s*/\s*)?([A-ZĐ]{1,10})\s*[-–]\s*([A-ZĐ][A-Za-zĐđ0-9]*)`)
)

// ParsedCode is a document code split into its parts.
type ParsedCode struct {
	Code   string // canonical spelling: 05-CT/TW, 30/2020/NĐ-CP
	Number string
	Kind   string // one of ResolutionKinds
	Issuer string // the issuer part: TW, TU, HU, CP, TTg...
}

// ParseCode finds a document code in s, in any common spelling ("05-CT/TW",
// "05 CT/TW", "Chỉ thị số 05-CT/TW", "30/2020/NĐ-CP"), and returns it in
// canonical form.
func ParseCode(s string) (ParsedCode, bool) {
	s = vntext.Clean(s)
	if m := lawCode.FindStringSubmatch(s); m != nil {
		return ParsedCode{Code: m[1] + "/" + m[2] + "/" + m[3], Number: m[1], Kind: "luat", Issuer: m[3]}, true
	}
	if m := stateCode.FindStringSubmatch(s); m != nil {
		letters := strings.ToUpper(m[3])
		issuer := m[4]
		if strings.ToUpper(issuer) == issuer || len(issuer) <= 2 {
			issuer = strings.ToUpper(issuer)
		}
		code := m[1] + "/"
		if m[2] != "" {
			code += m[2] + "/"
		}
		code += letters + "-" + issuer
		return ParsedCode{Code: code, Number: m[1], Kind: kindOfLetters(letters, false), Issuer: issuer}, true
	}
	if m := partyCode.FindStringSubmatch(s); m != nil {
		letters := m[2]
		if strings.ToUpper(letters) != letters && !strings.HasSuffix(letters, "i") {
			letters = strings.ToUpper(letters)
		}
		issuer := strings.ToUpper(m[3])
		code := m[1] + "-" + letters + "/" + issuer
		return ParsedCode{Code: code, Number: m[1], Kind: kindOfLetters(letters, true), Issuer: issuer}, true
	}
	return ParsedCode{}, false
}

func kindOfLetters(letters string, party bool) string {
	switch strings.ToUpper(vntext.Fold(letters)) {
	case "NQ":
		return "nghi_quyet"
	case "CT":
		return "chi_thi"
	case "KL":
		return "ket_luan"
	case "QDI":
		return "quy_dinh"
	case "QD":
		if party {
			return "quy_dinh"
		}
		return "quyet_dinh"
	case "HD":
		return "huong_dan"
	case "KH":
		return "ke_hoach"
	case "ND":
		return "nghi_dinh"
	case "TT":
		return "thong_tu"
	}
	return "other"
}

// CodeKey is the identity key of a code: "05-CT/TW" and "05-ct/tw" share one.
func CodeKey(code string) string { return vntext.Key(code) }

func (s *Store) validateResolution(ctx context.Context, r *Resolution) error {
	var v ValidationErrors
	r.Title = cleanName(r.Title)
	r.Summary = strings.TrimSpace(vntext.Clean(r.Summary))
	if r.Code != nil {
		c := strings.TrimSpace(*r.Code)
		if c == "" {
			r.Code = nil
		} else if pc, ok := ParseCode(c); ok {
			r.Code = &pc.Code
			if r.Number == "" {
				r.Number = pc.Number
			}
			if r.Kind == "" || r.Kind == "other" {
				r.Kind = pc.Kind
			}
		} else {
			v.Add("code", "code %q is not a document code such as 05-CT/TW or 30/2020/NĐ-CP", c)
		}
	}
	if r.Kind == "" {
		r.Kind = "other"
	}
	if !slices.Contains(ResolutionKinds, r.Kind) {
		v.Add("kind", "kind %q is not one of %v", r.Kind, ResolutionKinds)
	}
	if r.Code != nil {
		r.CodeKey = CodeKey(*r.Code)
	} else if r.CodeKey == "" {
		if r.Title == "" {
			v.Add("title", "a resolution without a code needs a title")
		}
		r.CodeKey = "title:" + vntext.Key(r.Title)
	}
	if r.IssuerID != nil {
		if err := s.db.WithContext(ctx).Select("id").Take(&Organisation{}, *r.IssuerID).Error; err != nil {
			v.Add("issuer", "issuer organisation %d does not exist", *r.IssuerID)
		}
	}
	return v.Err()
}

// CreateResolution validates and inserts r. Returns ECONFLICT when a
// resolution with the same code exists.
func (s *Store) CreateResolution(ctx context.Context, r *Resolution) error {
	r.ID = 0
	if err := s.validateResolution(ctx, r); err != nil {
		return err
	}
	return wrap("create resolution", s.Tx(ctx, func(tx *Store) error {
		if err := tx.db.WithContext(ctx).Create(r).Error; err != nil {
			return err
		}
		return tx.enqueue(ctx, TypeResolution, r.ID, OpUpsert)
	}))
}

// UpdateResolution writes r over the stored one. Returns ENOTFOUND if none.
func (s *Store) UpdateResolution(ctx context.Context, r *Resolution) error {
	if err := s.validateResolution(ctx, r); err != nil {
		return err
	}
	return wrap("update resolution", s.Tx(ctx, func(tx *Store) error {
		var err error
		if r.CreatedAt, err = tx.createdAt(ctx, &Resolution{}, TypeResolution, r.ID); err != nil {
			return err
		}
		if err := tx.db.WithContext(ctx).Save(r).Error; err != nil {
			return err
		}
		return tx.enqueue(ctx, TypeResolution, r.ID, OpUpsert)
	}))
}

// DeleteResolution deletes a resolution. Returns ENOTFOUND if none.
func (s *Store) DeleteResolution(ctx context.Context, id int64) error {
	return wrap("delete resolution", s.Tx(ctx, func(tx *Store) error {
		return tx.deleteEntity(ctx, TypeResolution, &Resolution{}, id)
	}))
}

// ResolutionByCode finds a resolution by its code in any common spelling.
// Returns ENOTFOUND if there is none, EINVALID if s holds no code.
func (s *Store) ResolutionByCode(ctx context.Context, code string) (*Resolution, error) {
	pc, ok := ParseCode(code)
	if !ok {
		return nil, Invalid("code", "%q is not a document code such as 05-CT/TW or 30/2020/NĐ-CP", code)
	}
	var r Resolution
	err := s.db.WithContext(ctx).Where("code_key = ?", CodeKey(pc.Code)).Take(&r).Error
	if err == gorm.ErrRecordNotFound {
		return nil, Errorf(ENOTFOUND, "no resolution with code %s", pc.Code)
	}
	return &r, wrap("find resolution", err)
}

// ResolutionFilter selects resolutions.
type ResolutionFilter struct {
	Kinds     []string
	IssuerIDs []int64
	Text      string // code or title contains this, accent-insensitive
	From, To  *time.Time
}

// ResolutionOrder orders resolutions.
type ResolutionOrder string

// Resolution orders.
const (
	ResolutionsCode   ResolutionOrder = "CODE"
	ResolutionsNewest ResolutionOrder = "NEWEST"
	ResolutionsOldest ResolutionOrder = "OLDEST"
)

// Resolutions lists resolutions.
func (s *Store) Resolutions(ctx context.Context, f ResolutionFilter, order ResolutionOrder, p Page) (List[Resolution], error) {
	q := s.db.WithContext(ctx).Model(&Resolution{})
	if len(f.Kinds) > 0 {
		q = q.Where("kind IN ?", f.Kinds)
	}
	if len(f.IssuerIDs) > 0 {
		q = q.Where("issuer_id IN ?", f.IssuerIDs)
	}
	if f.Text != "" {
		title := strings.ToLower(cleanName(f.Text))
		q, _ = s.narrow(q, "resolutions", vntext.Key(f.Text), title)
		q = q.Where("code_key LIKE ? ESCAPE '\\' OR "+s.lower("title")+" LIKE ? ESCAPE '\\'", likeKey(f.Text), contains(title))
	}
	if f.From != nil {
		q = q.Where("issued_on >= ?", *f.From)
	}
	if f.To != nil {
		q = q.Where("issued_on <= ?", *f.To)
	}
	ord := "code_key ASC, id ASC"
	switch order {
	case ResolutionsNewest:
		ord = "issued_on DESC, id DESC"
	case ResolutionsOldest:
		ord = "issued_on ASC, id ASC"
	}
	l, err := list[Resolution](q, ord, p)
	return l, wrap("list resolutions", err)
}

// LinkResolutions records that from implements, amends or replaces to.
func (s *Store) LinkResolutions(ctx context.Context, fromID, toID int64, relation string) (*ResolutionLink, error) {
	var v ValidationErrors
	if !slices.Contains(ResolutionRelations, relation) {
		v.Add("relation", "relation %q is not one of %v", relation, ResolutionRelations)
	}
	if fromID == toID {
		v.Add("to", "a resolution cannot relate to itself")
	}
	db := s.db.WithContext(ctx)
	for field, id := range map[string]int64{"from": fromID, "to": toID} {
		if err := db.Select("id").Take(&Resolution{}, id).Error; err != nil {
			v.Add(field, "resolution %d does not exist", id)
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	l := &ResolutionLink{FromID: fromID, ToID: toID, Relation: relation}
	return l, wrap("link resolutions", db.Create(l).Error)
}

// ResolutionLinks returns the links from or to the given resolutions.
func (s *Store) ResolutionLinks(ctx context.Context, ids []int64) ([]ResolutionLink, error) {
	var out []ResolutionLink
	err := s.db.WithContext(ctx).Where("from_id IN ? OR to_id IN ?", ids, ids).Order("id").Find(&out).Error
	return out, wrap("load resolution links", err)
}
