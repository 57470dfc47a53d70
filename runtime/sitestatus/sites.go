package sitestatus

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/geogen/geogen/runtime/sqldb"
)

// Known is a site the primary has heard from, with its last report.
type Known struct {
	ID         int64 // the site's id (geo_node_id); the primary is 1
	Report     Report
	ReportedAt time.Time
}

// Silent reports whether the site has not reported within after.
func (k Known) Silent(now time.Time, after time.Duration) bool {
	return now.Sub(k.ReportedAt) > after
}

// Current returns the report as the primary serves it: a silent site is
// unhealthy, whatever it said last.
func (k Known) Current(now time.Time, silentAfter time.Duration) Report {
	r := k.Report
	if k.Silent(now, silentAfter) {
		reasons := append([]string{fmt.Sprintf("silent: last status report %s ago, more than %s",
			now.Sub(k.ReportedAt).Round(time.Second), silentAfter)}, r.Health...)
		r.setHealth(reasons)
	}
	return r
}

// Record stores a site's report in the primary's list of sites (the main
// database's geo_site_statuses), replacing its previous one.
func Record(ctx context.Context, db *sqldb.DB, r Report, now time.Time) error {
	body, err := json.Marshal(r)
	if err != nil {
		return err
	}
	_, err = db.ExecContext(ctx,
		`INSERT INTO geo_site_statuses (name, url, primary_site, cursor_event_id, healthy, report, reported_at)
		 VALUES ($1, $2, $3, $4, $5, $6, $7)
		 ON CONFLICT (name) DO UPDATE SET url = excluded.url, primary_site = excluded.primary_site,
		   cursor_event_id = excluded.cursor_event_id, healthy = excluded.healthy, report = excluded.report,
		   reported_at = excluded.reported_at`,
		r.Name, r.URL, r.Primary, r.CursorEventID, r.Healthy, string(body), now)
	if err != nil {
		return fmt.Errorf("record the status of site %s: %w", r.Name, err)
	}
	return nil
}

// Forget removes a site from the list: a secondary taken out of service,
// which would otherwise hold back event pruning as a silent site.
func Forget(ctx context.Context, db *sqldb.DB, name string) (bool, error) {
	res, err := db.ExecContext(ctx, "DELETE FROM geo_site_statuses WHERE name = $1", name)
	if err != nil {
		return false, fmt.Errorf("forget site %s: %w", name, err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// List returns every site the primary has heard from, by id.
func List(ctx context.Context, db *sqldb.DB) ([]Known, error) {
	rows, err := db.QueryContext(ctx, "SELECT id, report, reported_at FROM geo_site_statuses ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("read the list of sites: %w", err)
	}
	defer rows.Close()
	var out []Known
	for rows.Next() {
		var body string
		var k Known
		if err := rows.Scan(&k.ID, &body, &k.ReportedAt); err != nil {
			return nil, fmt.Errorf("read the list of sites: %w", err)
		}
		if err := json.Unmarshal([]byte(body), &k.Report); err != nil {
			return nil, fmt.Errorf("read the list of sites: a stored report: %w", err)
		}
		k.ReportedAt = k.ReportedAt.UTC()
		out = append(out, k)
	}
	return out, rows.Err()
}
