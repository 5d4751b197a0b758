//! English: Tantivy's English (Porter2) stemmer, and the word lists a question in English is
//! read with.

use tantivy::tokenizer::Language as Stemming;

use super::{Language, StemWith};
use crate::focus::FocusPatterns;
use crate::kinds::{Kind, KindPatterns};
use crate::small_talk::{FollowUpWords, SmallTalkPatterns};

pub static ENGLISH: Language = Language {
    code: "en",
    name: "English",
    native_name: "English",
    stemmer: StemWith::Snowball(Stemming::English),
    fold: None,
    apostrophes: false,
    inflects: false,
    stop_words: STOP_WORDS,
    number_words: &[
        "eight", "eleven", "five", "four", "nine", "one", "seven", "six", "ten", "three", "twelve",
        "two",
    ],
    focus: FocusPatterns {
        question_words: &["what", "whats", "which", "who", "wat", "wht"],
        copulas: &["is", "are", "was", "were", "s"],
        determiners: &["the", "a", "an"],
        linkers: &["of", "in"],
        which_words: &[],
    },
    small_talk: SmallTalkPatterns {
        greetings: &[
            "good afternoon",
            "good evening",
            "good morning",
            "hello",
            "hey",
            "hi",
            "hiya",
            "howdy",
            "yo",
        ],
        thanks: &[
            "cheers",
            "great thanks",
            "many thanks",
            "thank you",
            "thank you so much",
            "thank you very much",
            "thanks",
            "thanks a lot",
            "thx",
            "ty",
        ],
        identity: &[
            "what are you",
            "who are you",
            "who made you",
            "who r u",
            "who is this",
        ],
        capabilities: &[
            "help",
            "help me",
            "how does this work",
            "how do i use you",
            "what can i ask",
            "what can you do",
            "what do you do",
            "what do you know",
        ],
        fillers: &["bot", "dear", "mou", "there"],
    },
    follow_up: FollowUpWords {
        more: &[
            "and more",
            "go on",
            "more",
            "more please",
            "next",
            "tell me more",
            "what else",
        ],
        pronouns: &["he", "it", "its", "she", "that", "them", "they", "this"],
    },
    picture_words: &[
        "caption",
        "image",
        "images",
        "photo",
        "photograph",
        "photographed",
        "photographer",
        "photos",
        "pic",
        "pics",
        "picture",
        "pictured",
        "pictures",
        "shown",
    ],
    kinds: KindPatterns {
        inflected: false,
        place_suffixes: &[],
        months_capitalised: true,
        asks_for: ASKS_FOR,
        asks_for_pairs: ASKS_FOR_PAIRS,
        amount_words: &[
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
        ],
        titles: TITLES,
        people: &[
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
        ],
        place_prepositions: PLACE_PREPOSITIONS,
        months: MONTHS,
        weekdays: WEEKDAYS,
    },
};

/// Words that carry no content in a question. Besides English function words and indefinite
/// pronouns ("anyone", "something") this lists question words, politeness and chat spellings
/// ("wat", "wen", "pls"), which people type to a bot but which say nothing about what they
/// want to find.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "anybody",
    "anyone",
    "anything",
    "are",
    "as",
    "at",
    "be",
    "been",
    "before",
    "being",
    "both",
    "but",
    "by",
    "can",
    "could",
    "d",
    "did",
    "do",
    "does",
    "doing",
    "done",
    "during",
    "each",
    "else",
    "etc",
    "ever",
    "every",
    "everybody",
    "everyone",
    "everything",
    "explain",
    "few",
    "for",
    "from",
    "further",
    "get",
    "give",
    "got",
    "had",
    "has",
    "have",
    "having",
    "he",
    "hello",
    "her",
    "here",
    "hers",
    "hey",
    "hi",
    "him",
    "his",
    "how",
    "hw",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "know",
    "let",
    "ll",
    "m",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "no",
    "nobody",
    "nor",
    "not",
    "nothing",
    "now",
    "of",
    "off",
    "ok",
    "okay",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "out",
    "over",
    "please",
    "pls",
    "plz",
    "r",
    "re",
    "s",
    "shall",
    "she",
    "should",
    "so",
    "some",
    "somebody",
    "someone",
    "something",
    "such",
    "t",
    "tell",
    "than",
    "thank",
    "thanks",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "then",
    "there",
    "these",
    "they",
    "thing",
    "things",
    "this",
    "those",
    "through",
    "to",
    "too",
    "u",
    "under",
    "until",
    "up",
    "ur",
    "us",
    "ve",
    "very",
    "wanna",
    "want",
    "was",
    "wat",
    "we",
    "wen",
    "were",
    "what",
    "whats",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "wht",
    "why",
    "will",
    "with",
    "would",
    "wut",
    "y",
    "ya",
    "yes",
    "you",
    "your",
    "yours",
];

/// Question words (and nouns people use instead) that ask for each kind.
const ASKS_FOR: &[(&str, Kind)] = &[
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
    ("place", Kind::Place),
    ("location", Kind::Place),
    ("venue", Kind::Place),
];

/// "How" and the word after it that ask for an amount. Not "how big" or "how large", which
/// people answer with words as often as with numbers ("the largest mining event").
const ASKS_FOR_PAIRS: &[(&str, &str, Kind)] = &[
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
];

/// Words that, before a capitalised name, mark a person ("Ambassador Jonathan Henick").
const TITLES: &[&str] = &[
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

/// Words that, before a capitalised name, mark a place ("in Tashkent", "to Uzbekistan").
const PLACE_PREPOSITIONS: &[&str] = &["at", "in", "near", "to", "from", "across"];

const MONTHS: &[&str] = &[
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

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_words_and_chat_spellings_are_stop_words() {
        for word in ["who", "when", "where", "what", "wen", "wat", "pls", "the"] {
            assert!(ENGLISH.is_stop_word(word), "{word}");
        }
        for word in ["signed", "lithium", "tashkent"] {
            assert!(!ENGLISH.is_stop_word(word), "{word}");
        }
    }

    #[test]
    fn the_focus_is_the_word_before_of_or_in() {
        // The question's words as the answer path reads them: through the plain analyzer.
        let focus = |question: &str| {
            let words = ENGLISH.with_analyzers(|plain, _| plain.words(question));
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            ENGLISH.focus.find(&words).map(|at| words[at].to_owned())
        };
        assert_eq!(
            focus("What is the population of Uzbekistan?").as_deref(),
            Some("population")
        );
        assert_eq!(
            focus("what's the weather in Tashkent").as_deref(),
            Some("weather")
        );
        assert_eq!(
            focus("Who is the mayor of Tashkent?").as_deref(),
            Some("mayor")
        );
        assert_eq!(
            focus("What is the exchange rate of the sum?").as_deref(),
            Some("rate")
        );
        assert_eq!(focus("Who signed the memorandum?"), None);
        assert_eq!(focus("What is the MoU meant to accomplish?"), None);
    }

    #[test]
    fn titles_before_names_mark_people() {
        let kinds = &ENGLISH.kinds;
        assert_eq!(
            kinds.found_in("signed by U.S. Ambassador Jonathan Henick"),
            [Kind::Person]
        );
        assert!(
            !kinds
                .found_in("the ambassador said")
                .contains(&Kind::Person)
        );
    }

    #[test]
    fn months_with_days_and_years_mark_dates() {
        let kinds = &ENGLISH.kinds;
        assert_eq!(
            kinds.found_in("It was signed on September 16."),
            [Kind::Date]
        );
        assert_eq!(kinds.found_in("back in 2023 already"), [Kind::Date]);
        assert!(kinds.found_in("it may happen").is_empty());
    }

    #[test]
    fn prepositions_before_capitalised_names_mark_places() {
        let kinds = &ENGLISH.kinds;
        assert_eq!(kinds.found_in("held in Las Vegas, Nevada"), [Kind::Place]);
        assert!(
            !kinds
                .found_in("began in September 2023")
                .contains(&Kind::Place)
        );
    }

    #[test]
    fn question_words_ask_for_kinds() {
        let kinds = &ENGLISH.kinds;
        assert_eq!(kinds.asked_for(&["who", "signed"]), [Kind::Person]);
        assert_eq!(
            kinds.asked_for(&["signing", "date", "city"]),
            [Kind::Date, Kind::Place]
        );
        assert!(kinds.asked_for(&["what", "minerals"]).is_empty());
    }
}
