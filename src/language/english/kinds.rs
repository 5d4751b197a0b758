//! English words that tell the kind of answer a question asks for and a text holds
//! (`KindPatterns`): question words and pairs that ask for a kind, count and use words,
//! purpose cues, amounts, titles, bodies of people, place prepositions, months and weekdays.
//! All lower-case. Each list is the field of the same name in `KindPatterns`.

use crate::kinds::Kind;

/// Question words (and nouns people use instead) that ask for each kind.
pub(super) const ASKS_FOR: &[(&str, Kind)] = &[
    ("who", Kind::Person),
    ("whom", Kind::Person),
    ("whose", Kind::Person),
    ("name", Kind::Person),
    ("names", Kind::Person),
    ("when", Kind::Date),
    ("wen", Kind::Date),
    ("date", Kind::Date),
    ("day", Kind::Date),
    ("year", Kind::Date),
    ("where", Kind::Place),
    ("city", Kind::Place),
    ("town", Kind::Place),
    ("place", Kind::Place),
    ("location", Kind::Place),
    ("venue", Kind::Place),
    // A duration is answered by dates: "how many days does it last?".
    ("days", Kind::Date),
    ("weeks", Kind::Date),
    ("months", Kind::Date),
    ("years", Kind::Date),
    ("why", Kind::Purpose),
    ("why", Kind::Reason),
    ("purpose", Kind::Purpose),
    ("purposes", Kind::Purpose),
    ("goal", Kind::Purpose),
    ("goals", Kind::Purpose),
    ("aim", Kind::Purpose),
    ("aims", Kind::Purpose),
    ("objective", Kind::Purpose),
    ("objectives", Kind::Purpose),
    ("point", Kind::Purpose),
    ("benefit", Kind::Purpose),
    ("benefits", Kind::Purpose),
    ("achieve", Kind::Purpose),
    ("areas", Kind::Scope),
    ("fields", Kind::Scope),
    ("sectors", Kind::Scope),
    ("spheres", Kind::Scope),
    ("domains", Kind::Scope),
];

/// Two words that together ask for a kind: "how" and the word after it for an amount,
/// "what for", "lead to" for a purpose. Not "how big" or "how large", which
/// people answer with words as often as with numbers ("the largest mining event").
pub(super) const ASKS_FOR_PAIRS: &[(&str, &str, Kind)] = &[
    ("how", "many", Kind::Quantity),
    ("how", "much", Kind::Quantity),
    ("how", "old", Kind::Quantity),
    ("how", "deep", Kind::Quantity),
    // "How long?" is answered by a duration or by when it began.
    ("how", "long", Kind::Quantity),
    ("how", "long", Kind::Date),
    ("how", "far", Kind::Quantity),
    ("how", "tall", Kind::Quantity),
    ("how", "high", Kind::Quantity),
    ("what", "for", Kind::Purpose),
    ("lead", "to", Kind::Purpose),
    ("to", "do", Kind::Scope),
    ("do", "together", Kind::Scope),
];

pub(super) const ASKS_FOR_AROUND: &[(&str, &str, Kind)] = &[
    ("what", "for", Kind::Purpose),
    ("whats", "for", Kind::Purpose),
];

pub(super) const USE_WORDS: &[&str] = &[
    "good", "mean", "means", "need", "needed", "needs", "stand", "stands", "use", "used", "useful",
    "uses",
];

pub(super) const PURPOSE_CUES: &[&str] = &[
    "aim to",
    "aimed at",
    "aims to",
    "efforts to",
    "goal is",
    "goal of",
    "in order to",
    "must … to",
    "purpose is",
    "purpose of",
    "seek to",
    "seeks to",
    "so as to",
    "so that",
    "step in",
    "steps in",
    "steps toward",
    "steps towards",
    "strategy to",
    "will foster",
    "will help",
    "will promote",
    "will work together",
    "with the aim of",
];

pub(super) const PURPOSE_WORDS: &[&str] = &[
    "aim",
    "aims",
    "commitment",
    "effort",
    "efforts",
    "foster",
    "goal",
    "goals",
    "intend",
    "objective",
    "objectives",
    "purpose",
    "strategy",
];

pub(super) const AMOUNT_WORDS: &[&str] = &[
    "billion",
    "dollars",
    "euros",
    "hectares",
    "kilograms",
    "kilometres",
    "kilometers",
    "metres",
    "meters",
    "million",
    "percent",
    "sum",
    "thousand",
    "tonnes",
    "tons",
];

/// Words that, before a capitalised name, mark a person ("Ambassador Jonathan Henick").
pub(super) const TITLES: &[&str] = &[
    "ambassador",
    "ceo",
    "chairman",
    "chairwoman",
    "chancellor",
    "chief",
    "commissioner",
    "director",
    "dr",
    "envoy",
    "governor",
    "king",
    "mayor",
    "minister",
    "mr",
    "mrs",
    "ms",
    "president",
    "prof",
    "professor",
    "queen",
    "secretary",
    "senator",
    "spokesman",
    "spokesperson",
    "spokeswoman",
];

pub(super) const PEOPLE: &[&str] = &[
    "administration",
    "agency",
    "authorities",
    "commission",
    "committee",
    "company",
    "corporation",
    "council",
    "delegation",
    "department",
    "embassy",
    "government",
    "governments",
    "leaders",
    "ministry",
    "officials",
    "parliament",
    "people",
];

/// Words that, before a capitalised name, mark a place ("in Tashkent", "to Uzbekistan").
pub(super) const PLACE_PREPOSITIONS: &[&str] = &["at", "in", "near", "to", "from", "across"];

pub(super) const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

pub(super) const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
