package console

import (
	"net/http"
	"strconv"
	"strings"
)

// sitesView is the sites overview.
type sitesView struct {
	Sites []siteRow
	Alone bool // this site knows no other
}

type siteRow struct {
	Name, URL     string
	Role          string
	Current       bool
	Health        string // "healthy", "unhealthy" or "unknown"
	HealthReasons string
	Reported      timeView
	EventLag      string
	ConsoleURL    string // the site's own replication list, for a secondary
	Bars          []progressBar
}

// progressBar is one labelled percentage.
type progressBar struct {
	ID      string // the meter's id, for its label
	Label   string
	Value   string // "66.7"; "" when not computed or when there is nothing to count
	Percent string // "66.7%"
	// Nothing says there are no records, so no percentage (0 of 0 is
	// neither done nor behind): "nothing to replicate".
	Nothing string
}

func (c *Console) serveSites(w http.ResponseWriter, r *http.Request, _ *session) {
	sites, err := c.backend.Sites(r.Context())
	if err != nil {
		c.internal(w, r, "list sites", err)
		return
	}
	now := c.clock.Now()
	v := sitesView{Alone: len(sites) <= 1}
	for i, s := range sites {
		row := siteRow{Name: s.Name, URL: s.URL, Role: "secondary", Current: s.Current, HealthReasons: s.HealthReasons,
			Reported: when(s.ReportedAt, now), EventLag: "unknown"}
		if s.Primary {
			row.Role = "primary"
			row.EventLag = "not applicable"
		}
		switch strings.ToLower(s.Health) {
		case "healthy":
			row.Health = "healthy"
		case "unhealthy":
			row.Health = "unhealthy"
		default:
			row.Health = "unknown"
		}
		if s.EventLag != nil {
			row.EventLag = duration(*s.EventLag)
		}
		if !s.Primary && s.URL != "" && len(s.Types) > 0 {
			row.ConsoleURL = strings.TrimSuffix(s.URL, "/") + ReplicationPath + "/" + s.Types[0].Type.Plural
			if s.Current {
				row.ConsoleURL = ReplicationPath + "/" + s.Types[0].Type.Plural
			}
		}
		for _, t := range s.Types {
			id := "site" + strconv.Itoa(i) + "-" + t.Type.Plural
			replicated := bar(id+"-replicated", t.Type.TitlePlural+" replicated", t.Replicated)
			verified := bar(id+"-verified", t.Type.TitlePlural+" verified", t.Verified)
			if t.Records != nil && *t.Records == 0 {
				if !s.Primary {
					replicated = progressBar{ID: replicated.ID, Label: replicated.Label, Nothing: "nothing to replicate (no records)"}
				}
				verified = progressBar{ID: verified.ID, Label: verified.Label, Nothing: "nothing to verify (no records)"}
			}
			row.Bars = append(row.Bars, replicated, verified)
		}
		v.Sites = append(v.Sites, row)
	}
	c.render(w, r, http.StatusOK, "sites", view{Title: "Geo sites", Section: "sites", Data: v})
}

func bar(id, label string, pct *float64) progressBar {
	b := progressBar{ID: id, Label: label}
	if pct != nil {
		b.Value = strconv.FormatFloat(*pct, 'f', 1, 64)
		b.Percent = b.Value + "%"
	}
	return b
}
