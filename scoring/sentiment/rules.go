package sentiment

// The constants below are the sizes of each rule's effect, in lexicon valence units (-4..4).
// Negation, caps, punctuation and the compound normalisation use the magnitudes VADER's authors
// measured with human raters, so that texts score on the same scale as the VADER lexicon the
// package embeds; the others are iqa's own choices, checked on testdata/sentiment.
const (
	negScalar        = -0.74 // a negated word keeps about three quarters of its strength, reversed
	capsBoost        = 0.733 // an ALL CAPS word in mixed-case text is said louder
	elongBoost       = 0.3   // "sooo good": stretched letters add emphasis too
	exclaimBoost     = 0.292 // per '!', up to maxExclaims
	maxExclaims      = 4
	questionBoost    = 0.18 // per '?' when there are several ("why??"), up to maxQuestionAmp
	maxQuestionAmp   = 0.96
	beforeContrast   = 0.5 // "it's fast, but it breaks": the clause before "but" counts half...
	afterContrast    = 1.5 // ...and the one after it counts more
	questionPositive = 0.5 // praise inside a question is mostly its topic ("any free returns?")
	negationWindow   = 3   // a negator reaches this many words ahead, within its clause
	compoundAlpha    = 15  // normalises the valence sum into (-1, 1), as VADER does
)

// boosterDecay weakens a booster with distance from the word it modifies ("very, very good").
var boosterDecay = [negationWindow]float64{1, 0.95, 0.9}

// negators reverse the words that follow them. Contractions are listed without their apostrophe
// because the tokenizer drops it ("doesn't" and "doesnt" both become "doesnt").
var negators = []string{
	"not", "no", "never", "neither", "nor", "none", "nothing", "nowhere", "without", "hardly",
	"cannot", "cant", "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "wont",
	"wouldnt", "shouldnt", "couldnt", "hasnt", "havent", "hadnt", "aint", "neednt", "mustnt",
	"nope", "nah",
}

// boosters strengthen (positive) or soften (negative) the sentiment word they precede.
var boosters = map[string]float64{
	"absolutely": 0.3, "completely": 0.3, "extremely": 0.35, "very": 0.3, "really": 0.3,
	"so": 0.3, "soo": 0.3, "super": 0.3, "totally": 0.3, "truly": 0.3, "highly": 0.3,
	"incredibly": 0.35, "deeply": 0.3, "hugely": 0.3, "utterly": 0.35, "most": 0.25,
	"such": 0.2, "too": 0.2, "much": 0.2, "quite": 0.15, "pretty": 0.2, "fucking": 0.35,
	"bloody": 0.35, "seriously": 0.2, "especially": 0.25, "particularly": 0.25, "thoroughly": 0.3,
	"entirely": 0.3, "exceptionally": 0.35, "remarkably": 0.3, "unbelievably": 0.35,
	"insanely": 0.35, "terribly": 0.3, "awfully": 0.3, "ever": 0.15,
	"slightly": -0.3, "somewhat": -0.3, "kinda": -0.3, "sorta": -0.3, "fairly": -0.15,
	"barely": -0.35, "marginally": -0.3, "partly": -0.3, "almost": -0.2, "mildly": -0.3,
	"a bit": -0.3, "a little": -0.3, "kind of": -0.3, "sort of": -0.3, "a little bit": -0.35,
	"rather": -0.1,
}

// contrasts mark a turn in a sentence: the clause after them is what the writer means most.
var contrasts = []string{"but", "however"}

// polite formulas carry little stance and are often wrapped around a complaint ("I've been
// waiting three weeks, thanks"), so they count only when nothing in the text is negative.
var polite = []string{"please", "thanks", "thank", "thank you", "thx", "cheers"}

// Service-text rules, iqa's own (see serviceRules): customers complain in ways a general
// lexicon misses, and ask for things in words that sound like complaints.
const (
	sarcasmWeight  = -0.6 // "great, another delay": praise beside a failure is meant the other way
	requestWeight  = 0.1  // "can you refund the extra charge please?" names a problem, it is not distress...
	strongNegative = 2    // ...unless a word in it is at least this negative ("charged twice")
	exasperation   = -1.6 // "now what?!": a "?!" with nothing else in the text judging
	// unmetExpectation is the valence of a negated expectation ("hasn't arrived", "didn't
	// reply"): mild, so that an agent stating a status ("we haven't received it yet") keeps a
	// neutral tone, but enough to make a customer's report of it a complaint.
	unmetExpectation = -0.7
)

// praise lists generic praise, the words sarcasm uses. Specific praise ("fixed", "quick") is
// left out: a customer rarely says it through their teeth.
var praise = []string{
	"great", "love", "loving", "loved", "awesome", "amazing", "wonderful", "fantastic", "perfect",
	"nice", "brilliant", "excellent", "lovely", "best", "fun", "thanks", "thank", "thank you",
	"good job", "great job", "well done", "way to go", "yay", "superb", "outstanding", "impressive",
	"glad", "happy", "cool", "appreciate",
}

// failures are service failures told as events. They need no sentiment word to be complaints,
// and praise in the same sentence is sarcasm.
var failures = []string{
	"delay", "delays", "delayed", "cancelled", "canceled", "stuck", "stranded", "lost", "losing",
	"late", "on hold", "still waiting", "been waiting", "waiting", "hung up", "missing", "missed",
	"broken", "damaged", "overbooked", "diverted", "bumped", "no information", "no info",
	"no response", "no reply", "no answer", "no one answered", "nobody answered", "no update",
	"can't get through", "never arrived", "not working", "doesn't work", "didn't work",
	"charged twice", "double charged", "outage", "crashed", "crashing", "error", "wrong",
	"lost my", "for hours", "hours late", "no one", "nobody", "still no", "still not", "still hasn't",
	"still haven't", "still doesn't", "still nothing", "never arrived", "never received",
}

// requestWords open a request ("could you…?") or soften one anywhere ("please").
var requestWords = []string{"can", "could", "would", "will", "may", "please"}

// expectations are what a customer expects a service, a product or a person to do. Negated
// ("my parcel hasn't arrived", "nobody replied", "the app won't open") they are the most common
// complaint there is, and carry no sentiment word.
var expectations = []string{
	"arrive", "arrived", "arriving", "receive", "received", "get", "got", "gotten", "work", "works",
	"working", "worked", "load", "loads", "loading", "loaded", "open", "opens", "opening", "opened",
	"connect", "connects", "connecting", "connected", "answer", "answered", "answering", "reply",
	"replied", "replying", "respond", "responded", "responding", "deliver", "delivered", "ship",
	"shipped", "refund", "refunded", "show", "showed", "shown", "showing", "come", "came", "update",
	"updated", "sync", "syncing", "synced", "start", "starts", "started", "send", "sent", "process",
	"processed", "call", "called", "hear", "heard", "help", "helped", "helping", "charge", "print",
	"printing", "install", "installed", "boot", "turn", "log", "sign", "pay", "paid", "accept",
	"accepted", "confirm", "confirmed", "cancel", "cancelled", "canceled",
}
