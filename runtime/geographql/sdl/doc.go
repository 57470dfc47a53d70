// Package sdl writes the schema of the admin GraphQL API as text: the base
// schema every site serves, one fragment per replicable type, and the
// mutations over the types; it reads that text back (Parse), and knows
// the names it defines. geographql serves the schema it writes; the
// generator embeds the type fragments in generated code, documents the
// schema and refuses names it could not hold. This package imports
// nothing of the runtime's serving side (no GraphQL engine, no database),
// so that the generator links none of it.
package sdl
