package geographql

import (
	"context"
	"errors"
	"fmt"
	"reflect"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/geogen/geogen/runtime/finder"
	"github.com/geogen/geogen/runtime/geographql/sdl"
	"github.com/geogen/geogen/runtime/registry"
	"github.com/geogen/geogen/runtime/replicable"
	"github.com/geogen/geogen/runtime/state"
)

// RegistryClassEnumValue is d's value of the GeoRegistryClass enum, as
// GitLab's graphql_enum_key writes it: "COOL_WIDGET_REGISTRY".
func RegistryClassEnumValue(d *replicable.Descriptor) string { return sdl.RegistryClassEnumValue(d) }

// notAvailable is GitLab's answer to a record that does not exist or that
// the viewer may not see; the two are not told apart.
const notAvailable = "The resource that you are attempting to access does not exist or you don't have permission to perform this action"

type updateInput struct {
	ClientMutationID *string
	RegistryClass    *string
	RegistryID       RegistryGlobalID
	Action           string
}

// updateResult is what geoRegistriesUpdate answers; updatePayload turns
// it into the payload's resolver.
type updateResult struct {
	clientMutationID *string
	errors           []string
	registry         *Registrable // nil: none to show
}

type bulkUpdateInput struct {
	ClientMutationID  *string
	RegistryClass     string
	Action            string
	IDs               *[]RegistryGlobalID
	ReplicationState  *string
	VerificationState *string
}

type bulkUpdatePayload struct {
	ClientMutationID *string     `graphql:"clientMutationId"`
	Errors           []string    `graphql:"errors"`
	RegistryClass    *string     `graphql:"registryClass"`
	JobID            *graphql.ID `graphql:"jobId"`
}

// mutations resolves the Mutation type's fields over the schema's types.
type mutations struct {
	types []*registryType
	union Union
}

func (m *mutations) byClass(class string) *registryType {
	for _, t := range m.types {
		if RegistryClassName(t.binding.Descriptor) == class {
			return t
		}
	}
	return nil
}

func (m *mutations) byEnum(value string) *registryType {
	for _, t := range m.types {
		if RegistryClassEnumValue(t.binding.Descriptor) == value {
			return t
		}
	}
	return nil
}

// actions returns t's Actions, or the message telling why this site has
// none.
func (t *registryType) actions() (Actions, string) {
	if t.binding.Finder == nil || t.binding.Actions == nil {
		return nil, fmt.Sprintf("%s registries are not tracked on this site: resync and reverify them on a secondary site", t.binding.Descriptor.Title)
	}
	return t.binding.Actions, ""
}

// update resolves geoRegistriesUpdate: one registry, one action, at once.
func (m *mutations) update(ctx context.Context, args struct{ Input updateInput }) (*updateResult, error) {
	in := args.Input
	if !ViewerFrom(ctx).Admin {
		return nil, clientErrorf("%s", notAvailable)
	}
	t := m.byClass(in.RegistryID.Class)
	if t == nil {
		return nil, clientErrorf("registryId: %s is not a registry of a type this site replicates", quoteInput(in.RegistryID.String()))
	}
	d := t.binding.Descriptor
	// registryClass is read and not used: the registry is the one
	// registryId names, whatever the class says, as GitLab's mutation
	// (Mutations::Geo::Registries::Update) does with it.
	out := &updateResult{clientMutationID: in.ClientMutationID, errors: []string{}}
	actions, why := t.actions()
	if actions == nil {
		out.errors = append(out.errors, why)
		return out, nil
	}
	if err := charge(ctx, "geoRegistriesUpdate", 1, 0); err != nil {
		return nil, err
	}
	var rec registry.Record
	var err error
	switch BulkAction(in.Action + "_ALL") {
	case BulkResyncAll:
		rec, err = actions.Resync(ctx, in.RegistryID.ID)
	case BulkReverifyAll:
		if !t.binding.Finder.VerificationEnabled() {
			out.errors = append(out.errors, fmt.Sprintf("%s for %s: cannot reverify", finder.ErrVerificationDisabled, d.Title))
			return out, nil
		}
		rec, err = actions.Reverify(ctx, in.RegistryID.ID)
	default:
		return nil, clientErrorf("action: unknown action %q", in.Action)
	}
	switch {
	case errors.Is(err, ErrRegistryNotFound):
		return nil, clientErrorf("%s", notAvailable)
	case errors.Is(err, ErrActionRefused):
		out.errors = append(out.errors, err.Error())
	case err != nil:
		return nil, fmt.Errorf("geoRegistriesUpdate %s %s: %w", in.Action, in.RegistryID, err)
	default:
		out.registry = t.registrable(rec)
	}
	return out, nil
}

// updateField returns the resolver of geoRegistriesUpdate: update, its
// result as a payload struct with a registry field of the union's type
// when the schema has the union.
func (m *mutations) updateField() reflect.Value {
	fields := []reflect.StructField{
		structField("clientMutationId", reflect.TypeFor[*string]()),
		structField("errors", reflect.TypeFor[[]string]()),
	}
	if m.union.ptr != nil {
		fields = append(fields, structField("registry", m.union.ptr))
	}
	payload := reflect.StructOf(fields)
	fn := reflect.FuncOf(
		[]reflect.Type{contextType, reflect.TypeFor[struct{ Input updateInput }]()},
		[]reflect.Type{reflect.PointerTo(payload), errorType}, false)
	return reflect.MakeFunc(fn, func(in []reflect.Value) []reflect.Value {
		res, err := m.update(in[0].Interface().(context.Context), in[1].Interface().(struct{ Input updateInput }))
		if err != nil {
			return resultValues(fn.Out(0), reflect.Value{}, err)
		}
		p := reflect.New(payload)
		p.Elem().Field(0).Set(reflect.ValueOf(res.clientMutationID))
		p.Elem().Field(1).Set(reflect.ValueOf(res.errors))
		if m.union.ptr != nil && res.registry != nil {
			p.Elem().Field(2).Set(m.union.value(res.registry))
		}
		return resultValues(fn.Out(0), p, nil)
	})
}

// bulkUpdate resolves geoRegistriesBulkUpdate: it starts the background
// job and returns at once.
func (m *mutations) bulkUpdate(ctx context.Context, args struct{ Input bulkUpdateInput }) (*bulkUpdatePayload, error) {
	in := args.Input
	if !ViewerFrom(ctx).Admin {
		return nil, clientErrorf("%s", notAvailable)
	}
	t := m.byEnum(in.RegistryClass)
	if t == nil {
		return nil, clientErrorf("registryClass: unknown registry class %q", in.RegistryClass)
	}
	d := t.binding.Descriptor
	req := BulkRequest{Action: BulkAction(in.Action)}
	if in.IDs != nil {
		if budget := budgetFrom(ctx); budget != nil && len(*in.IDs) > budget.MaxIDs {
			return nil, clientErrorf("ids: %w: %d ids, at most %d", ErrOverBudget, len(*in.IDs), budget.MaxIDs)
		}
		// GitLab's mutation takes the number of each id, whatever registry
		// class it names, and selects that id in registryClass's table
		// (BulkUpdate#registry_update_params): only an id of a class that
		// is no registry type is refused.
		for _, id := range *in.IDs {
			if m.byClass(id.Class) == nil {
				return nil, clientErrorf("ids: %s does not represent an instance of Geo::BaseRegistry", quoteInput(id.String()))
			}
			req.IDs = append(req.IDs, id.ID)
		}
	}
	if in.ReplicationState != nil {
		s, err := state.ParseReplication(*in.ReplicationState)
		if err != nil {
			return nil, clientErrorf("replicationState: %w", err)
		}
		req.ReplicationState = &s
	}
	if in.VerificationState != nil {
		s, err := state.ParseVerification(*in.VerificationState)
		if err != nil {
			return nil, clientErrorf("verificationState: %w", err)
		}
		req.VerificationState = &s
	}
	class := RegistryClassEnumValue(d)
	out := &bulkUpdatePayload{ClientMutationID: in.ClientMutationID, Errors: []string{}, RegistryClass: &class}
	actions, why := t.actions()
	if actions == nil {
		out.Errors = append(out.Errors, why)
		return out, nil
	}
	if req.Action != BulkResyncAll && req.Action != BulkReverifyAll {
		return nil, clientErrorf("action: unknown action %q", in.Action)
	}
	if (req.Action == BulkReverifyAll || req.VerificationState != nil) && !t.binding.Finder.VerificationEnabled() {
		out.Errors = append(out.Errors, fmt.Sprintf("%s for %s: cannot reverify or filter by verification state", finder.ErrVerificationDisabled, d.Title))
		return out, nil
	}
	if err := charge(ctx, "geoRegistriesBulkUpdate", 0, len(req.IDs)); err != nil {
		return nil, err
	}
	job, err := actions.Bulk(ctx, req)
	if errors.Is(err, ErrActionRefused) {
		out.Errors = append(out.Errors, err.Error())
		return out, nil
	}
	if err != nil {
		return nil, fmt.Errorf("geoRegistriesBulkUpdate %s %s: %w", in.Action, class, err)
	}
	jobID := graphql.ID(job.ID)
	out.JobID = &jobID
	return out, nil
}
