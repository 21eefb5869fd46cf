package models

import (
	"context"
	"math"
	"time"
)

// Report is what an article reports about carrying out one or more
// resolutions over a period, with its figures.
type Report struct {
	ID             int64
	Title          string
	PeriodStart    *time.Time
	PeriodEnd      *time.Time
	OrganisationID *int64
	ArticleID      *int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Key implements Identified.
func (r *Report) Key() int64 { return r.ID }

// Figure is one number a report gives: 49.356 đảng viên (97,73%), or
// 621 of 638 tổ chức đảng.
type Figure struct {
	ID       int64
	ReportID int64
	Ordinal  int
	Label    string
	Value    float64
	Unit     string
	Total    *float64
	Percent  *float64
	Sentence string
}

// ReportResolution links a report to a resolution it reports on.
type ReportResolution struct {
	ReportID     int64 `gorm:"primaryKey"`
	ResolutionID int64 `gorm:"primaryKey"`
}

func (s *Store) validateReport(ctx context.Context, r *Report, resolutionIDs []int64, figures []Figure) error {
	var v ValidationErrors
	r.Title = cleanName(r.Title)
	if r.Title == "" {
		v.Add("title", "title is required")
	}
	if r.PeriodStart != nil && r.PeriodEnd != nil && r.PeriodEnd.Before(*r.PeriodStart) {
		v.Add("periodEnd", "periodEnd %s is before periodStart %s", r.PeriodEnd.Format(time.DateOnly), r.PeriodStart.Format(time.DateOnly))
	}
	db := s.db.WithContext(ctx)
	if r.OrganisationID != nil {
		if err := db.Select("id").Take(&Organisation{}, *r.OrganisationID).Error; err != nil {
			v.Add("organisation", "organisation %d does not exist", *r.OrganisationID)
		}
	}
	if r.ArticleID != nil {
		if err := db.Select("id").Take(&Article{}, *r.ArticleID).Error; err != nil {
			v.Add("article", "article %d does not exist", *r.ArticleID)
		}
	}
	if ids := uniq(resolutionIDs); len(ids) > 0 {
		var n int64
		if err := db.Model(&Resolution{}).Where("id IN ?", ids).Count(&n).Error; err != nil || int(n) != len(ids) {
			v.Add("resolutions", "a resolution does not exist")
		}
	}
	for i := range figures {
		f := &figures[i]
		f.Label = cleanName(f.Label)
		f.Unit = cleanName(f.Unit)
		if f.Label == "" {
			v.Add("figures", "figure %d: label is required", i+1)
		}
		if math.IsNaN(f.Value) || math.IsInf(f.Value, 0) {
			v.Add("figures", "figure %d: value is not a finite number", i+1)
		}
		if f.Percent != nil && (*f.Percent < 0 || *f.Percent > 1000) {
			v.Add("figures", "figure %d: percent %g is out of range", i+1, *f.Percent)
		}
	}
	return v.Err()
}

// SaveReport inserts r (when r.ID is 0) or replaces it, with its
// resolutions and figures, in one transaction.
func (s *Store) SaveReport(ctx context.Context, r *Report, resolutionIDs []int64, figures []Figure) error {
	if err := s.validateReport(ctx, r, resolutionIDs, figures); err != nil {
		return err
	}
	return wrap("save report", s.Tx(ctx, func(tx *Store) error {
		db := tx.db.WithContext(ctx)
		if r.ID == 0 {
			if err := db.Create(r).Error; err != nil {
				return err
			}
		} else {
			var err error
			if r.CreatedAt, err = tx.createdAt(ctx, &Report{}, TypeReport, r.ID); err != nil {
				return err
			}
			if err := db.Save(r).Error; err != nil {
				return err
			}
			for _, t := range []any{&ReportResolution{}, &Figure{}} {
				if err := db.Where("report_id = ?", r.ID).Delete(t).Error; err != nil {
					return err
				}
			}
		}
		for _, id := range uniq(resolutionIDs) {
			if err := db.Create(&ReportResolution{ReportID: r.ID, ResolutionID: id}).Error; err != nil {
				return err
			}
		}
		for i := range figures {
			figures[i].ID = 0
			figures[i].ReportID = r.ID
			figures[i].Ordinal = i
		}
		if len(figures) > 0 {
			if err := db.Create(&figures).Error; err != nil {
				return err
			}
		}
		return tx.enqueue(ctx, TypeReport, r.ID, OpUpsert)
	}))
}

// DeleteReport deletes a report with its figures. Returns ENOTFOUND if none.
func (s *Store) DeleteReport(ctx context.Context, id int64) error {
	return wrap("delete report", s.Tx(ctx, func(tx *Store) error {
		var n int64
		if err := tx.db.WithContext(ctx).Model(&Report{}).Where("id = ?", id).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return NotFound(TypeReport, id)
		}
		return tx.deleteReports(ctx, []int64{id})
	}))
}

func (s *Store) deleteReports(ctx context.Context, ids []int64) error {
	db := s.db.WithContext(ctx)
	for _, t := range []any{&ReportResolution{}, &Figure{}} {
		if err := db.Where("report_id IN ?", ids).Delete(t).Error; err != nil {
			return err
		}
	}
	if err := db.Delete(&Report{}, ids).Error; err != nil {
		return err
	}
	return s.Enqueue(ctx, TypeReport, OpDelete, ids...)
}

// ReportFilter selects reports.
type ReportFilter struct {
	OrganisationIDs []int64
	ResolutionIDs   []int64
	ArticleIDs      []int64
	From, To        *time.Time // period overlaps [From, To]
}

// Reports lists reports, latest period first.
func (s *Store) Reports(ctx context.Context, f ReportFilter, p Page) (List[Report], error) {
	q := s.db.WithContext(ctx).Model(&Report{})
	if len(f.OrganisationIDs) > 0 {
		q = q.Where("organisation_id IN ?", f.OrganisationIDs)
	}
	if len(f.ResolutionIDs) > 0 {
		q = q.Where("id IN (?)", s.db.Model(&ReportResolution{}).Select("report_id").Where("resolution_id IN ?", f.ResolutionIDs))
	}
	if len(f.ArticleIDs) > 0 {
		q = q.Where("article_id IN ?", f.ArticleIDs)
	}
	if f.From != nil {
		q = q.Where("period_end IS NULL OR period_end >= ?", *f.From)
	}
	if f.To != nil {
		q = q.Where("period_start IS NULL OR period_start <= ?", *f.To)
	}
	l, err := list[Report](q, "period_end DESC, id DESC", p)
	return l, wrap("list reports", err)
}

// FiguresOf returns the figures of each report, in order.
func (s *Store) FiguresOf(ctx context.Context, reportIDs []int64) (map[int64][]*Figure, error) {
	var rows []*Figure
	if err := s.db.WithContext(ctx).Where("report_id IN ?", uniq(reportIDs)).Order("report_id, ordinal").Find(&rows).Error; err != nil {
		return nil, wrap("load figures", err)
	}
	out := make(map[int64][]*Figure, len(reportIDs))
	for _, f := range rows {
		out[f.ReportID] = append(out[f.ReportID], f)
	}
	return out, nil
}

// ResolutionIDsOf returns the ids of the resolutions each report reports on.
func (s *Store) ResolutionIDsOf(ctx context.Context, reportIDs []int64) (map[int64][]int64, error) {
	var rows []ReportResolution
	if err := s.db.WithContext(ctx).Where("report_id IN ?", uniq(reportIDs)).Order("report_id, resolution_id").Find(&rows).Error; err != nil {
		return nil, wrap("load report resolutions", err)
	}
	out := make(map[int64][]int64, len(reportIDs))
	for _, r := range rows {
		out[r.ReportID] = append(out[r.ReportID], r.ResolutionID)
	}
	return out, nil
}
