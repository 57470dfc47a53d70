package artifacts

import (
	"bytes"
	"encoding/json"

	"github.com/geogen/geogen/generator"
	"github.com/geogen/geogen/generator/telemetry"
)

// statusSchemaDoc is the JSON Schema of the replicable fields of a site
// status. Field order here is output order; properties are a map, which
// encoding/json writes sorted, so the file is stable.
type statusSchemaDoc struct {
	Comment              string                    `json:"$comment"`
	Schema               string                    `json:"$schema"`
	Title                string                    `json:"title"`
	Description          string                    `json:"description"`
	Type                 string                    `json:"type"`
	Properties           map[string]schemaProperty `json:"properties"`
	AdditionalProperties bool                      `json:"additionalProperties"`
}

type schemaProperty struct {
	Description string `json:"description"`
	Type        any    `json:"type"` // a type name, or a list of them
}

// jsonTypes maps a field type to its JSON Schema type.
var jsonTypes = map[telemetry.Type]any{
	telemetry.Count:      []string{"integer", "null"},
	telemetry.Percentage: "number",
	telemetry.UnixTime:   "integer",
}

func statusSchema(p *generator.Project, _ *generator.Type) ([]byte, error) {
	doc := statusSchemaDoc{
		Comment:     generator.HeaderText,
		Schema:      "https://json-schema.org/draft/2020-12/schema",
		Title:       "Geo site status: replicated data types",
		Description: "The per-type fields of the status every site publishes; see status.md.",
		Type:        "object",
		Properties:  map[string]schemaProperty{},
		// The status carries other fields (database lag, cursors) that
		// this schema does not describe.
		AdditionalProperties: true,
	}
	for _, t := range p.Types {
		for _, f := range telemetry.For(t.Names).Fields {
			doc.Properties[f.Name] = schemaProperty{Description: f.Description, Type: jsonTypes[f.Type]}
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
