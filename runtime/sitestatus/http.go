package sitestatus

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/geogen/geogen/runtime/clock"
	"github.com/geogen/geogen/runtime/geoauth"
	"github.com/geogen/geogen/runtime/sqldb"
)

// ReportPath is where a primary takes its secondaries' status reports
// (POST) and answers who it is and what time it has (GET), both behind
// site-to-site tokens.
const ReportPath = "/api/v4/geo/status"

// APIScope is the scope of a site-to-site API request's token, as GitLab
// encodes it ({"scope":"geo_api"}).
var APIScope = geoauth.RepositoryScope("geo_api")

// maxReportBytes bounds a report's body.
const maxReportBytes = 1 << 20

// Verifier checks a site-to-site token (*geoauth.Verifier).
type Verifier interface {
	Verify(ctx context.Context, header string, want geoauth.Scope) (geoauth.Caller, error)
}

// Signer signs a site-to-site token (*geoauth.Signer).
type Signer interface {
	Sign(scope geoauth.Scope) (string, error)
}

// Pong is the primary's answer to GET ReportPath.
type Pong struct {
	Name string    `json:"name"`
	Time time.Time `json:"time"`
}

// Handler serves ReportPath on a primary: it records the reports of
// secondaries in main's list of sites. A report must come from the site
// it names: the token's issuer.
func Handler(name string, main *sqldb.DB, v Verifier, c clock.Clock, log *slog.Logger) http.Handler {
	if c == nil {
		c = clock.System{}
	}
	if log == nil {
		log = slog.Default()
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		caller, err := v.Verify(r.Context(), r.Header.Get("Authorization"), APIScope)
		if err != nil {
			status := http.StatusUnauthorized
			var ge *geoauth.Error
			if errors.As(err, &ge) {
				status = ge.HTTPStatus()
			} else {
				status = http.StatusInternalServerError
			}
			http.Error(w, err.Error(), status)
			return
		}
		switch r.Method {
		case http.MethodGet:
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(Pong{Name: name, Time: c.Now()})
		case http.MethodPost:
			var rep Report
			dec := json.NewDecoder(io.LimitReader(r.Body, maxReportBytes))
			if err := dec.Decode(&rep); err != nil {
				http.Error(w, "status report: "+err.Error(), http.StatusBadRequest)
				return
			}
			if rep.Name != caller.Site || rep.Primary {
				http.Error(w, fmt.Sprintf("status report for %q signed by %q: a secondary reports its own status", rep.Name, caller.Site), http.StatusForbidden)
				return
			}
			if err := Record(r.Context(), main, rep, c.Now()); err != nil {
				log.Error("recording a status report failed", "site", rep.Name, "error", err)
				http.Error(w, "status report not recorded", http.StatusInternalServerError)
				return
			}
			w.WriteHeader(http.StatusNoContent)
		default:
			w.Header().Set("Allow", "GET, POST")
			http.Error(w, "use GET or POST", http.StatusMethodNotAllowed)
		}
	})
}

// Client talks to a primary's ReportPath.
type Client struct {
	PrimaryURL string
	Signer     Signer
	HTTP       *http.Client // nil: a client with a 30 s timeout
}

func (c *Client) do(ctx context.Context, method string, body []byte) (*http.Response, error) {
	header, err := c.Signer.Sign(APIScope)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(c.PrimaryURL, "/")+ReportPath, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", header)
	req.Header.Set("Content-Type", "application/json")
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode >= 300 {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		resp.Body.Close()
		return nil, fmt.Errorf("%s %s: %s: %s", method, ReportPath, resp.Status, strings.TrimSpace(string(msg)))
	}
	return resp, nil
}

// Send posts a secondary's report to its primary.
func (c *Client) Send(ctx context.Context, r Report) error {
	body, err := json.Marshal(r)
	if err != nil {
		return err
	}
	resp, err := c.do(ctx, http.MethodPost, body)
	if err != nil {
		return fmt.Errorf("report status to the primary: %w", err)
	}
	resp.Body.Close()
	return nil
}

// Ping asks the primary who it is and what time it has, with a signed
// token: it proves the primary is reachable and accepts this site's
// token.
func (c *Client) Ping(ctx context.Context) (Pong, error) {
	resp, err := c.do(ctx, http.MethodGet, nil)
	if err != nil {
		return Pong{}, err
	}
	defer resp.Body.Close()
	var p Pong
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
		return Pong{}, fmt.Errorf("the primary's answer: %w", err)
	}
	return p, nil
}
