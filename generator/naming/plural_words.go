package naming

// irregularPlurals are the nouns whose plural no rule gives, as people
// write them in English technical prose. A word found here is never
// changed by the rules; Options.Plural overrides any of them.
var irregularPlurals = map[string]string{
	// Old English plurals.
	"person": "people", "child": "children", "man": "men", "woman": "women",
	"mouse": "mice", "louse": "lice", "goose": "geese", "foot": "feet",
	"tooth": "teeth", "ox": "oxen", "die": "dice", "quiz": "quizzes",

	// -us → -i.
	"cactus": "cacti", "fungus": "fungi", "nucleus": "nuclei", "radius": "radii",
	"stimulus": "stimuli", "alumnus": "alumni", "syllabus": "syllabi", "focus": "foci",
	"locus": "loci", "octopus": "octopi", "bacillus": "bacilli", "hippopotamus": "hippopotami",
	"calculus": "calculi", "magus": "magi", "terminus": "termini", "genus": "genera",
	"corpus": "corpora",

	// -on → -a.
	"criterion": "criteria", "phenomenon": "phenomena", "automaton": "automata",
	"polyhedron": "polyhedra",

	// -um → -a.
	"datum": "data", "medium": "media", "curriculum": "curricula", "bacterium": "bacteria",
	"millennium": "millennia", "memorandum": "memoranda", "addendum": "addenda",
	"erratum": "errata", "symposium": "symposia", "stratum": "strata", "quantum": "quanta",
	"spectrum": "spectra", "maximum": "maxima", "minimum": "minima", "optimum": "optima",
	"ovum": "ova", "referendum": "referenda", "consortium": "consortia",

	// -a → -ae.
	"vertebra": "vertebrae", "larva": "larvae", "alga": "algae", "nebula": "nebulae",
	"alumna": "alumnae", "formula": "formulae", "supernova": "supernovae",

	// -f and -fe → -ves.
	"leaf": "leaves", "loaf": "loaves", "thief": "thieves", "sheaf": "sheaves",
	"wolf": "wolves", "calf": "calves", "half": "halves", "self": "selves",
	"shelf": "shelves", "elf": "elves", "scarf": "scarves", "wharf": "wharves",
	"hoof": "hooves", "dwarf": "dwarves", "knife": "knives", "wife": "wives",
	"life": "lives", "midwife": "midwives", "housewife": "housewives",

	// -ix and -ex → -ices.
	"index": "indices", "matrix": "matrices", "vertex": "vertices", "appendix": "appendices",
	"vortex": "vortices", "helix": "helices", "codex": "codices", "cortex": "cortices",
	"radix": "radices", "simplex": "simplices",

	// -is with an irregular stem.
	"chassis": "chassis",
}

// compoundTails are irregular nouns that keep their plural at the end of
// a compound written as one word: salesperson, grandchild, bookshelf,
// penknife. Words that end unrelated nouns are left out: "man" (human,
// german), "foot" (bigfoot is fine, but "afoot" is not a noun), "die".
var compoundTails = []string{
	"person", "child", "woman", "mouse", "tooth", "goose",
	"leaf", "shelf", "knife", "wife", "self", "life", "wolf", "thief",
}

// pluralForms are plurals of irregularPlurals and words already plural:
// a model named "People" or "Data" keeps its name as the plural.
var pluralForms = func() map[string]bool {
	set := map[string]bool{}
	for _, p := range irregularPlurals {
		set[p] = true
	}
	for _, p := range []string{"criteria", "dice"} {
		set[p] = true
	}
	return set
}()

// uncountable nouns have no separate plural form.
var uncountable = setOf(
	"sheep", "fish", "deer", "moose", "bison", "salmon", "trout", "swine", "aircraft",
	"spacecraft", "offspring", "series", "species", "news", "means",
	"equipment", "information", "metadata", "software", "hardware", "firmware",
	"middleware", "malware", "feedback", "advice", "research", "traffic", "luggage",
	"baggage", "furniture", "knowledge", "music", "evidence", "rice", "money",
	"police", "jeans", "scissors", "staff", "progress", "homework", "weather",
	"chaos", "corps", "headquarters", "physics", "mathematics", "economics",
	"ethics", "analytics", "statistics", "logistics", "diabetes", "tuna",
	"pokemon", "sms", "dns", "os", "gps",
)

// oPluralEs are the words ending in -o whose plural takes -es; the others
// take -s (photo, piano, video, repo).
var oPluralEs = setOf(
	"hero", "potato", "tomato", "echo", "veto", "torpedo", "embargo", "domino",
	"volcano", "tornado", "mosquito", "buffalo", "cargo", "motto", "mango", "grotto",
)
