//! English: Tantivy's English (Porter2) stemmer, and the word lists a question in English is
//! read with.
//!
//! The definition is here; its longer lists live beside it: `words` (stop, phrasing, number and
//! picture words), `phrases` (small talk, what wraps a question, follow-ups) and `kinds` (what
//! asks for and marks each kind of answer).

use tantivy::tokenizer::Language as Stemming;

use super::definition::{FollowUpWords, Gathered, Language, StemWith};
use crate::focus::{FocusPatterns, Head};
use crate::kinds::KindPatterns;
use crate::small_talk::SmallTalkPatterns;
use crate::wrapping::WrappingPatterns;

mod kinds;
mod phrases;
mod words;

pub(crate) static ENGLISH: Language = Language {
    code: "en",
    name: "English",
    native_name: "English",
    stemmer: StemWith::Snowball(Stemming::English),
    fold: None,
    apostrophes: false,
    inflects: false,
    stop_words: words::STOP_WORDS,
    phrasing_words: words::PHRASING_WORDS,
    number_words: words::NUMBER_WORDS,
    focus: FocusPatterns {
        question_words: &["what", "whats", "which", "who", "wat", "wht"],
        copulas: &["is", "are", "was", "were", "s"],
        determiners: &["the", "a", "an"],
        linkers: &["of", "in", "for"],
        which_words: &[],
        category_prepositions: &[],
        genitive_endings: &[],
        person_words: &[],
        verb_endings: &[],
        focus_before_final_question_word: false,
        phrase_head: Head::Last,
    },
    small_talk: SmallTalkPatterns {
        greetings: phrases::GREETINGS,
        thanks: phrases::THANKS,
        goodbyes: phrases::GOODBYES,
        acknowledgements: phrases::ACKNOWLEDGEMENTS,
        laughter: &["lmao", "lol", "rofl"],
        identity: phrases::IDENTITY,
        capabilities: phrases::CAPABILITIES,
        complaints: phrases::COMPLAINTS,
        fillers: &["bot", "dear", "mou", "there"],
    },
    wrapping: WrappingPatterns {
        courtesies: phrases::COURTESIES,
        openers: phrases::OPENERS,
        question_words: phrases::QUESTION_WORDS,
        question_starts: phrases::QUESTION_STARTS,
        question_endings: &[],
        openers_close: false,
    },
    follow_up: FollowUpWords {
        more: phrases::MORE,
        who_else: &["and who else", "anyone else", "who else"],
        pronouns: phrases::PRONOUNS,
        continuations: &["also", "and", "but", "so", "then"],
        translate: &["translate", "translation"],
        language_names: &[("english", "en"), ("russian", "ru"), ("uzbek", "uz")],
    },
    picture_words: words::PICTURE_WORDS,
    kinds: KindPatterns {
        place_suffixes: &[],
        months_capitalised: true,
        asks_for: kinds::ASKS_FOR,
        asks_for_pairs: kinds::ASKS_FOR_PAIRS,
        asks_for_around: kinds::ASKS_FOR_AROUND,
        count_words: &["listed", "mentioned", "named"],
        use_words: kinds::USE_WORDS,
        conjunctions: &["and", "or"],
        purpose_cues: kinds::PURPOSE_CUES,
        purpose_words: kinds::PURPOSE_WORDS,
        amount_words: kinds::AMOUNT_WORDS,
        number_words: words::NUMBER_WORDS,
        titles: kinds::TITLES,
        people: kinds::PEOPLE,
        place_prepositions: kinds::PLACE_PREPOSITIONS,
        months: kinds::MONTHS,
        weekdays: kinds::WEEKDAYS,
    },
    gathered: Gathered::new(),
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::Kind;

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
            let is_content = |at: usize| !ENGLISH.is_stop_word(words[at]);
            ENGLISH
                .focus
                .find(&words, ENGLISH.wrapping.question_words, is_content)
                .map(|at| words[at].to_owned())
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
            [Kind::Date, Kind::Day]
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
