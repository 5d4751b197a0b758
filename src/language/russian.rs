//! Russian: Tantivy's Russian Snowball stemmer, ё read as е, and the word lists a question in
//! Russian is read with. The stop words are Snowball's Russian list with question words,
//! politeness and chat words added (BSD licence, as the Snowball project's).
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

pub(crate) static RUSSIAN: Language = Language {
    code: "ru",
    name: "Russian",
    native_name: "Русский",
    stemmer: StemWith::Snowball(Stemming::Russian),
    fold: Some(fold_yo),
    apostrophes: false,
    inflects: true,
    stop_words: words::STOP_WORDS,
    phrasing_words: words::PHRASING_WORDS,
    number_words: words::NUMBER_WORDS,
    // Russian names what it asks about without "of": "какое население Узбекистана".
    focus: FocusPatterns {
        question_words: &[],
        copulas: &[],
        determiners: &[],
        linkers: &["в", "во", "для", "из", "на", "у"],
        which_words: &[
            "какая",
            "каков",
            "какова",
            "каково",
            "каковы",
            "какое",
            "какой",
            "какие",
            "какую",
        ],
        category_prepositions: &[
            "в", "во", "для", "до", "за", "из", "к", "на", "о", "об", "от", "по", "при", "с", "со",
            "у",
        ],
        genitive_endings: &[],
        person_words: &["кем", "кого", "кто"],
        // Past tense, present and future, infinitive.
        verb_endings: &[
            "л", "ла", "ли", "ло", "лся", "лась", "лись", "ет", "ит", "ут", "ют", "ат", "ят",
            "ется", "ится", "ются", "ятся", "ть", "ться",
        ],
        focus_before_final_question_word: false,
        phrase_head: Head::First,
    },
    small_talk: SmallTalkPatterns {
        greetings: phrases::GREETINGS,
        thanks: phrases::THANKS,
        goodbyes: phrases::GOODBYES,
        acknowledgements: phrases::ACKNOWLEDGEMENTS,
        laughter: &["лол", "ржу"],
        identity: phrases::IDENTITY,
        capabilities: phrases::CAPABILITIES,
        complaints: phrases::COMPLAINTS,
        fillers: &["бот"],
    },
    wrapping: WrappingPatterns {
        courtesies: phrases::COURTESIES,
        openers: phrases::OPENERS,
        question_words: phrases::QUESTION_WORDS,
        question_starts: &[],
        question_endings: &[],
        openers_close: false,
    },
    follow_up: FollowUpWords {
        more: phrases::MORE,
        who_else: &["а кто еще", "кто еще", "кто нибудь еще"],
        pronouns: phrases::PRONOUNS,
        continuations: &["а", "и", "но", "так", "тогда"],
        translate: &["перевести", "переведи", "переведите", "перевод"],
        language_names: phrases::LANGUAGE_NAMES,
    },
    picture_words: words::PICTURE_WORDS,
    kinds: KindPatterns {
        asks_for: kinds::ASKS_FOR,
        asks_for_pairs: kinds::ASKS_FOR_PAIRS,
        asks_for_around: &[],
        count_words: kinds::COUNT_WORDS,
        use_words: kinds::USE_WORDS,
        conjunctions: &["и", "или"],
        purpose_cues: kinds::PURPOSE_CUES,
        purpose_words: kinds::PURPOSE_WORDS,
        amount_words: kinds::AMOUNT_WORDS,
        number_words: words::NUMBER_WORDS,
        titles: kinds::TITLES,
        people: kinds::PEOPLE,
        place_prepositions: &["в", "во", "из", "на"],
        place_suffixes: &[],
        months: kinds::MONTHS,
        months_capitalised: false,
        weekdays: kinds::WEEKDAYS,
    },
    gathered: Gathered::new(),
};

/// ё is written as е more often than not: both are read as е.
fn fold_yo(word: &mut String) {
    if word.contains('ё') {
        *word = word.replace('ё', "е");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kinds::Kind;

    fn stems(text: &str) -> Vec<String> {
        crate::language::definition::stems_of(&RUSSIAN, text)
    }

    #[test]
    fn word_forms_of_one_word_share_a_stem_and_yo_is_e() {
        assert_eq!(
            stems("подписал подписали подписан"),
            ["подписа", "подписа", "подписа"]
        );
        assert_eq!(
            stems("Меморандум меморандума"),
            ["меморандум", "меморандум"]
        );
        assert_eq!(stems("ещё"), stems("еще"));
    }

    #[test]
    fn question_words_are_stop_words() {
        for word in ["кто", "когда", "где", "что", "пожалуйста", "почему"]
        {
            assert!(RUSSIAN.is_stop_word(word), "{word}");
        }
        assert!(!RUSSIAN.is_stop_word("литий"));
    }

    #[test]
    fn a_day_before_a_month_is_a_date_and_a_title_before_a_name_a_person() {
        let kinds = &RUSSIAN.kinds;
        assert!(
            kinds
                .found_in("подписан 16 сентября в Ташкенте")
                .contains(&Kind::Date)
        );
        assert!(
            kinds
                .found_in("подписан 16 сентября в Ташкенте")
                .contains(&Kind::Place)
        );
        assert!(
            kinds
                .found_in("послом Джонатаном Хеником")
                .contains(&Kind::Person)
        );
        assert_eq!(kinds.asked_for(&["кто", "подписал"]), [Kind::Person]);
    }
}
