package naming

import "testing"

// TestPluralWord is the table of plurals people expect, one class of noun
// per block: every member of a class must follow it, and the regular
// words beside each class must not be caught by it.
func TestPluralWord(t *testing.T) {
	cases := map[string]string{
		// Regular.
		"widget": "widgets", "box": "boxes", "fox": "foxes", "tax": "taxes", "suffix": "suffixes",
		"church": "churches", "wish": "wishes", "bus": "buses", "gas": "gases", "status": "statuses",
		"virus": "viruses", "campus": "campuses", "bonus": "bonuses", "census": "censuses",
		"alias": "aliases", "canvas": "canvases", "lens": "lenses", "process": "processes",
		"city": "cities", "repository": "repositories", "day": "days", "key": "keys", "toy": "toys",
		"quiz": "quizzes", "waltz": "waltzes", "photo": "photos", "piano": "pianos", "video": "videos",
		"repo": "repos", "memo": "memos", "hero": "heroes", "potato": "potatoes", "echo": "echoes",
		"album": "albums", "forum": "forums", "museum": "museums", "stadium": "stadiums",
		"person2": "person2s", "widget2": "widget2s", "human": "humans", "german": "germans",
		"schema": "schemas", "mailbox": "mailboxes", "complex": "complexes",
		// Old English.
		"person": "people", "child": "children", "man": "men", "woman": "women", "mouse": "mice",
		"goose": "geese", "foot": "feet", "tooth": "teeth", "ox": "oxen", "die": "dice",
		"salesperson": "salespeople", "grandchild": "grandchildren", "dormouse": "dormice",
		// -us → -i.
		"cactus": "cacti", "fungus": "fungi", "nucleus": "nuclei", "radius": "radii", "stimulus": "stimuli",
		"alumnus": "alumni", "syllabus": "syllabi", "focus": "foci", "octopus": "octopi",
		"genus": "genera", "corpus": "corpora",
		// -on → -a.
		"criterion": "criteria", "phenomenon": "phenomena", "automaton": "automata",
		// -um → -a.
		"datum": "data", "medium": "media", "curriculum": "curricula", "bacterium": "bacteria",
		"millennium": "millennia", "memorandum": "memoranda", "addendum": "addenda", "erratum": "errata",
		"spectrum": "spectra", "maximum": "maxima", "minimum": "minima",
		// -a → -ae.
		"vertebra": "vertebrae", "larva": "larvae", "formula": "formulae", "nebula": "nebulae",
		// -f, -fe → -ves, and the -f words that keep -fs.
		"leaf": "leaves", "loaf": "loaves", "thief": "thieves", "wolf": "wolves", "calf": "calves",
		"half": "halves", "self": "selves", "shelf": "shelves", "elf": "elves", "scarf": "scarves",
		"hoof": "hooves", "knife": "knives", "wife": "wives", "life": "lives", "bookshelf": "bookshelves",
		"penknife": "penknives", "chief": "chiefs", "roof": "roofs", "belief": "beliefs",
		"proof": "proofs", "chef": "chefs", "cliff": "cliffs", "safe": "safes", "cafe": "cafes",
		"giraffe": "giraffes", "gaffe": "gaffes",
		// -is → -es.
		"analysis": "analyses", "basis": "bases", "crisis": "crises", "thesis": "theses",
		"hypothesis": "hypotheses", "diagnosis": "diagnoses", "synopsis": "synopses", "axis": "axes",
		"oasis": "oases", "parenthesis": "parentheses", "ellipsis": "ellipses",
		// -ix, -ex → -ices.
		"index": "indices", "matrix": "matrices", "vertex": "vertices", "appendix": "appendices",
		"vortex": "vortices", "helix": "helices", "codex": "codices",
		// Uncountable, and words already plural.
		"sheep": "sheep", "fish": "fish", "deer": "deer", "series": "series", "species": "species",
		"news": "news", "equipment": "equipment", "information": "information", "metadata": "metadata",
		"software": "software", "firmware": "firmware", "feedback": "feedback", "chassis": "chassis",
		"staff": "staff", "analytics": "analytics", "people": "people", "data": "data", "criteria": "criteria",
		"children": "children", "media": "media", "indices": "indices",
		// Mixed-case terms.
		"ipv6": "ipv6s", "oauth": "oauths", "ios": "ios", "macos": "macos", "graphql": "graphqls",
	}
	for word, want := range cases {
		if got := pluralWord(word); got != want {
			t.Errorf("pluralWord(%q) = %q, want %q", word, got, want)
		}
	}
}

// TestPluralTitleKeepsCase checks that a Title override's plural keeps
// the case of its last word, whatever class the word is in.
func TestPluralTitleKeepsCase(t *testing.T) {
	for title, want := range map[string]string{
		"Cactus":      "Cacti",
		"Tree Leaf":   "Tree Leaves",
		"LFS File":    "LFS Files",
		"iOS Device":  "iOS Devices",
		"Big IPv6":    "Big IPv6s",
		"Test Matrix": "Test Matrices",
		"sheep":       "sheep",
	} {
		if got := pluralTitle(title); got != want {
			t.Errorf("pluralTitle(%q) = %q, want %q", title, got, want)
		}
	}
}
