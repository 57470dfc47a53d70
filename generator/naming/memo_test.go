package naming

import (
	"reflect"
	"testing"
)

// TestMemoKeySeesEveryOption sets each field of Options in turn, and each
// element of the ones that hold several: every change must change the key,
// or Derive would answer from another type's names. A field added to
// Options and forgotten in memoKey fails here.
func TestMemoKeySeesEveryOption(t *testing.T) {
	base := memoKey("CoolWidget", Options{})
	seen := map[string]string{base: "no options"}
	typ := reflect.TypeFor[Options]()
	for i := range typ.NumField() {
		f := typ.Field(i)
		var variants []Options
		switch f.Type.Kind() {
		case reflect.String:
			var o Options
			reflect.ValueOf(&o).Elem().Field(i).SetString("x")
			variants = append(variants, o)
		case reflect.Slice:
			for _, v := range [][]string{{"GPG"}, {"GPG", "S3"}, {"S3", "GPG"}, {"GPGS3"}} {
				var o Options
				reflect.ValueOf(&o).Elem().Field(i).Set(reflect.ValueOf(v))
				variants = append(variants, o)
			}
		case reflect.Bool:
			var o Options
			reflect.ValueOf(&o).Elem().Field(i).SetBool(true)
			variants = append(variants, o)
		case reflect.Map:
			for _, v := range []map[string]string{{"registry_fk": "a"}, {"registry_fk": "b"}, {"registry_fkb": ""}, {"registry_fk": "a", "state_pkey": "b"}} {
				var o Options
				reflect.ValueOf(&o).Elem().Field(i).Set(reflect.ValueOf(v))
				variants = append(variants, o)
			}
		default:
			t.Fatalf("Options.%s is a %s, which memoKey does not know", f.Name, f.Type)
		}
		for _, o := range variants {
			k := memoKey("CoolWidget", o)
			if prev, dup := seen[k]; dup {
				t.Errorf("Options.%s = %v has the key of %s", f.Name, reflect.ValueOf(o).Field(i), prev)
			}
			seen[k] = f.Name + " " + reflect.ValueOf(o).Field(i).String()
		}
	}
	if memoKey("CoolWidgetx", Options{}) == memoKey("CoolWidget", Options{Plural: "x"}) {
		t.Error("the input and the plural share a key")
	}
}

// TestDeriveRemembersWhatDeriveReturns: a second Derive of a type gives
// what the first did, error or names, and changing the copy returned
// changes nothing kept.
func TestDeriveRemembersWhatDeriveReturns(t *testing.T) {
	for _, c := range []struct {
		input string
		opts  Options
	}{
		{"CoolWidget", Options{}},
		{"LfsObject", Options{Initialisms: []string{"LFS"}, IndexNames: map[string]string{"registry_fk": "index_lfs_fk"}}},
		{"cool widget", Options{}}, // an error
		{"CoolWidget", Options{Plural: "Bad Plural"}},
	} {
		want, wantErr := derive(c.input, c.opts)
		first, firstErr := Derive(c.input, c.opts)
		first.ModelTable = "changed"
		again, againErr := Derive(c.input, c.opts)
		if again != want || (againErr == nil) != (wantErr == nil) || againErr != nil && againErr.Error() != wantErr.Error() || firstErr != againErr {
			t.Errorf("Derive(%q) again = %+v, %v; want %+v, %v", c.input, again, againErr, want, wantErr)
		}
	}
}

// TestNamesAreValues: Derive hands every caller the same kept Names, so
// they must copy whole; a slice, map or pointer field would be shared.
func TestNamesAreValues(t *testing.T) {
	var check func(typ reflect.Type, path string)
	check = func(typ reflect.Type, path string) {
		for i := range typ.NumField() {
			f := typ.Field(i)
			switch f.Type.Kind() {
			case reflect.String, reflect.Bool, reflect.Int, reflect.Int64:
			case reflect.Struct:
				check(f.Type, path+f.Name+".")
			default:
				t.Errorf("Names.%s%s is a %s, which callers of Derive would share", path, f.Name, f.Type)
			}
		}
	}
	check(reflect.TypeFor[Names](), "")
}
