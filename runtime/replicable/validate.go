package replicable

import (
	"errors"
	"fmt"
	"strings"
)

// MaxIdentifierBytes is PostgreSQL's limit for names; longer ones are
// truncated by the server without an error, which would make two names
// collide or a query miss its index.
const MaxIdentifierBytes = 63

// Validate checks that every name is usable as is.
func (d *Descriptor) Validate() error {
	var errs []error
	check := func(field, value string) {
		if err := validIdentifier(value); err != nil {
			errs = append(errs, fmt.Errorf("%s %w", field, err))
		}
	}
	check("Name", d.Name)
	check("Plural", d.Plural)
	check("ModelTable", d.ModelTable)
	check("ModelKey", d.ModelKey)
	check("ModelUpdatedAt", d.ModelUpdatedAt)
	check("RegistryTable", d.RegistryTable)
	check("ForeignKey", d.ForeignKey)
	check("StateTable", d.StateTable)
	check("ReplicationFlag", d.ReplicationFlag)
	check("VerificationFlag", d.VerificationFlag)
	for _, c := range d.SearchColumns {
		check("SearchColumns", c)
	}
	if d.Strategy != Blob && d.Strategy != Repository {
		errs = append(errs, fmt.Errorf("strategy %q is not blob or repository", d.Strategy))
	}
	if d.Title == "" || d.TitlePlural == "" {
		errs = append(errs, errors.New("title and title plural must be set"))
	}
	for field, v := range map[string]string{"GraphQLType": d.GraphQLType, "GraphQLField": d.GraphQLField, "GraphQLFKField": d.GraphQLFKField} {
		if !validGraphQLName(v) {
			errs = append(errs, fmt.Errorf("%s %q is not a GraphQL name", field, v))
		}
	}
	if strings.ContainsRune(d.Scope, ';') {
		errs = append(errs, fmt.Errorf("scope %q must be a single SQL condition", d.Scope))
	}
	if len(errs) > 0 {
		return fmt.Errorf("replicable %q: %w", d.Name, errors.Join(errs...))
	}
	return nil
}

func validIdentifier(s string) error {
	if s == "" {
		return errors.New("is empty")
	}
	if len(s) > MaxIdentifierBytes {
		return fmt.Errorf("%q is %d bytes, more than PostgreSQL's %d", s, len(s), MaxIdentifierBytes)
	}
	for i, r := range s {
		ok := r == '_' || (r >= 'a' && r <= 'z') || (i > 0 && r >= '0' && r <= '9')
		if !ok {
			return fmt.Errorf("%q is not a lower-case SQL identifier", s)
		}
	}
	return nil
}

func validGraphQLName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		ok := r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (i > 0 && r >= '0' && r <= '9')
		if !ok {
			return false
		}
	}
	return true
}
