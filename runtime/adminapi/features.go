package adminapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/geogen/geogen/runtime/flags"
)

// FeaturesPath is the feature flag REST API, in the shape of GitLab's
// (lib/api/features.rb): GET lists the flags, POST {name} with
// value=true|false sets one, DELETE {name} gives it its default back.
const FeaturesPath = "/api/v4/features"

// FlagAdmin is the persistent feature flag store the features API reads
// and changes (*flags.Store): the same values and history as geo flags.
type FlagAdmin interface {
	List(ctx context.Context) ([]flags.State, error)
	Set(ctx context.Context, name string, on bool, actor string) error
	Reset(ctx context.Context, name string, actor string) error
}

// readOnlyMessage is GitLab's answer to a write on a read-only site,
// with where the write goes instead.
const readOnlyMessage = "You cannot perform write operations on a read-only instance: feature flags are changed on the primary " +
	"(POST or DELETE " + FeaturesPath + "/:name on the primary's admin API, or geo flags there); replication carries them to this site"

// feature is GitLab's Entities::Feature.
type feature struct {
	Name       string            `json:"name"`
	State      string            `json:"state"`
	Gates      []featureGate     `json:"gates"`
	Definition featureDefinition `json:"definition"`
}

// featureGate is a flag's gate; geogen's flags have only the boolean one.
type featureGate struct {
	Key   string `json:"key"`
	Value bool   `json:"value"`
}

// featureDefinition is GitLab's Entities::Feature::Definition, with the
// fields a geogen definition file has.
type featureDefinition struct {
	Name           string `json:"name"`
	Description    string `json:"description"`
	Type           string `json:"type"`
	DefaultEnabled bool   `json:"default_enabled"`
}

func featureOf(st flags.State) feature {
	f := feature{
		Name: st.Name, State: "off", Gates: []featureGate{},
		Definition: featureDefinition{Name: st.Name, Description: st.Description, Type: st.Type, DefaultEnabled: st.DefaultEnabled},
	}
	if st.Enabled {
		f.State = "on"
	}
	// Only a stored value is a gate; a flag nobody set has its default.
	if st.Stored {
		f.Gates = append(f.Gates, featureGate{Key: "boolean", Value: st.Enabled})
	}
	return f
}

func (s *Server) routeFeatures(mux *http.ServeMux) {
	if s.featureFlags == nil {
		return
	}
	mux.HandleFunc("GET "+FeaturesPath, s.serveFeatures)
	mux.HandleFunc("POST "+FeaturesPath+"/{name}", s.serveFeatureSet)
	mux.HandleFunc("DELETE "+FeaturesPath+"/{name}", s.serveFeatureDelete)
}

// serveFeatures lists every defined flag (and any stored flag no
// definition names any more), by name.
func (s *Server) serveFeatures(w http.ResponseWriter, r *http.Request) {
	if _, auth := s.authenticate(r); auth != authAdmin {
		refuse(w, auth, writeMessage)
		return
	}
	list, err := s.featureFlags.List(r.Context())
	if err != nil {
		s.internalREST(w, r, "list feature flags", err)
		return
	}
	out := make([]feature, 0, len(list))
	for _, st := range list {
		out = append(out, featureOf(st))
	}
	writeJSON(w, http.StatusOK, out)
}

// serveFeatureSet turns a flag on or off and answers it (201, as GitLab's
// POST does).
func (s *Server) serveFeatureSet(w http.ResponseWriter, r *http.Request) {
	viewer, ok := s.featureWrite(w, r)
	if !ok {
		return
	}
	value, err := featureValue(r)
	if err != nil {
		writeMessage(w, http.StatusBadRequest, "400 Bad request - "+err.Error())
		return
	}
	name := r.PathValue("name")
	if err := s.featureFlags.Set(r.Context(), name, value, viewer); err != nil {
		s.featureError(w, r, name, err)
		return
	}
	s.log.InfoContext(r.Context(), "feature flag changed through the admin API", "flag", name, "enabled", value, "by", viewer)
	s.answerFeature(w, r, http.StatusCreated, name)
}

// serveFeatureDelete gives a flag its definition's default back (204).
func (s *Server) serveFeatureDelete(w http.ResponseWriter, r *http.Request) {
	viewer, ok := s.featureWrite(w, r)
	if !ok {
		return
	}
	name := r.PathValue("name")
	if err := s.featureFlags.Reset(r.Context(), name, viewer); err != nil {
		s.featureError(w, r, name, err)
		return
	}
	s.log.InfoContext(r.Context(), "feature flag reset to its default through the admin API", "flag", name, "by", viewer)
	w.WriteHeader(http.StatusNoContent)
}

// featureWrite checks a change's credentials and that this site is the
// primary, and returns who makes the change, as its history records it.
func (s *Server) featureWrite(w http.ResponseWriter, r *http.Request) (string, bool) {
	viewer, auth := s.authenticate(r)
	if auth != authAdmin {
		refuse(w, auth, writeMessage)
		return "", false
	}
	if !s.site.Primary {
		writeMessage(w, http.StatusForbidden, readOnlyMessage)
		return "", false
	}
	who := viewer.Name
	if who == "" {
		who = "admin API"
	}
	return who, true
}

// featureValue reads value from the query or a form or JSON body. Only
// GitLab's boolean values are taken: a percentage or an actor gate would
// be ignored by every site, so it is refused.
func featureValue(r *http.Request) (bool, error) {
	var value string
	var gates []string
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "application/json" {
		var body map[string]any
		if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&body); err != nil {
			return false, fmt.Errorf("the JSON body does not parse: %v", err)
		}
		switch v := body["value"].(type) {
		case bool:
			value = fmt.Sprint(v)
		case string:
			value = v
		case nil:
		default:
			value = fmt.Sprint(v)
		}
		for _, k := range gateParams {
			if _, ok := body[k]; ok {
				gates = append(gates, k)
			}
		}
	} else {
		if err := r.ParseForm(); err != nil {
			return false, fmt.Errorf("the form does not parse: %v", err)
		}
		value = r.Form.Get("value")
		for _, k := range gateParams {
			if r.Form.Has(k) {
				gates = append(gates, k)
			}
		}
	}
	if len(gates) > 0 {
		return false, fmt.Errorf("%s: geogen's feature flags are on or off for every site (send only value=true or value=false)", strings.Join(gates, ", "))
	}
	switch value {
	case "true":
		return true, nil
	case "false", "0":
		return false, nil
	case "":
		return false, errors.New("value is missing (send value=true or value=false)")
	}
	return false, fmt.Errorf("value %q: geogen's feature flags are on or off, not a percentage (send value=true or value=false)", value)
}

// gateParams are the parameters of GitLab's POST that set gates other
// than the boolean one.
var gateParams = []string{"key", "feature_group", "user", "group", "project", "namespace", "repository"}

// featureError answers a failed change: 404 for a flag no definition
// names, 500 otherwise.
func (s *Server) featureError(w http.ResponseWriter, r *http.Request, name string, err error) {
	if errors.Is(err, flags.ErrUnknownFlag) {
		var names []string
		if list, lerr := s.featureFlags.List(r.Context()); lerr == nil {
			for _, st := range list {
				names = append(names, st.Name)
			}
		}
		writeMessage(w, http.StatusNotFound, fmt.Sprintf("404 Feature %q Not Found: no definition names it (the flags are: %s)", name, strings.Join(names, ", ")))
		return
	}
	s.internalREST(w, r, "change feature flag", err)
}

// answerFeature writes one flag as it now is.
func (s *Server) answerFeature(w http.ResponseWriter, r *http.Request, status int, name string) {
	list, err := s.featureFlags.List(r.Context())
	if err != nil {
		s.internalREST(w, r, "read feature flag", err)
		return
	}
	for _, st := range list {
		if st.Name == name {
			writeJSON(w, status, featureOf(st))
			return
		}
	}
	s.internalREST(w, r, "read feature flag", fmt.Errorf("%s was set but is not listed", name))
}
