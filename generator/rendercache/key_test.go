package rendercache

import (
	"reflect"
	"testing"

	"github.com/geogen/geogen/generator"
)

// The key encodes the project as JSON, which sees exported fields only
// and writes pointers, interfaces and functions in ways that do not
// identify their content. Every field reachable from generator.Project
// must therefore be exported and plain, or two projects that render
// differently could share a key.
func TestProjectEncodingIsComplete(t *testing.T) {
	var walk func(typ reflect.Type, path string)
	walk = func(typ reflect.Type, path string) {
		switch typ.Kind() {
		case reflect.String, reflect.Bool,
			reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		case reflect.Slice, reflect.Array:
			walk(typ.Elem(), path+"[]")
		case reflect.Struct:
			for i := range typ.NumField() {
				f := typ.Field(i)
				if !f.IsExported() {
					t.Errorf("%s.%s is unexported: JSON leaves it out of the cache key", path, f.Name)
				}
				if tag := f.Tag.Get("json"); tag == "-" {
					t.Errorf("%s.%s is tagged json:\"-\": JSON leaves it out of the cache key", path, f.Name)
				}
				walk(f.Type, path+"."+f.Name)
			}
		default:
			t.Errorf("%s is a %s: the cache key cannot encode it faithfully", path, typ.Kind())
		}
	}
	walk(reflect.TypeFor[generator.Project](), "Project")
}
