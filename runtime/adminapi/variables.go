package adminapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// graphQLVariables is the variables of a GraphQL request. Like GitLab's
// Gitlab::Graphql::Variables it takes a JSON object, null, or a string
// holding one: some clients send the variables as a JSON-encoded string
// (a form's field, or a body built by hand). A blank string or null is no
// variables; anything else, or a string that holds anything else, is an
// error.
type graphQLVariables map[string]any

// UnmarshalJSON reads the variables member of a request body.
func (v *graphQLVariables) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		vars, err := parseVariables(s)
		if err != nil {
			return err
		}
		*v = vars
		return nil
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return errNotObject
	}
	*v = m
	return nil
}

var errNotObject = errors.New("variables must be a JSON object, or a string holding one")

// parseVariables reads variables sent as a string: a GET's variables
// parameter, or a body's variables member that is a string. A string
// that holds a JSON string is read again, as GitLab does.
func parseVariables(s string) (graphQLVariables, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var v graphQLVariables
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		if errors.Is(err, errNotObject) {
			return nil, err
		}
		return nil, fmt.Errorf("variables are not JSON: %v", err)
	}
	return v, nil
}
