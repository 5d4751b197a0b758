//! Answer kinds: whether a paragraph names a person, a date or a place, and which of these a
//! question asks for.
//!
//! "Who signed?" is answered by a paragraph that names someone, "when?" by one with a date,
//! "where?" by one with a place. The few paragraphs retrieved for a question that asks for a
//! kind are checked with the plain patterns below, and those that hold it get a small boost
//! ([`crate::search::Ranking::kind_weight`]). The patterns are deliberately simple and
//! language-specific (English), and never decide an answer alone.

/// What a passage can hold and a question can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Person,
    Date,
    Place,
}

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

/// The kinds a question asks for, from its lower-cased words.
pub fn asked_for<'a>(words: impl IntoIterator<Item = &'a str>) -> Vec<Kind> {
    let mut kinds = Vec::new();
    for word in words {
        for (trigger, kind) in ASKS_FOR {
            if word == *trigger && !kinds.contains(kind) {
                kinds.push(*kind);
            }
        }
    }
    kinds
}

/// True for a word that only says which kind of answer is wanted ("who", "date", "city"):
/// such words are not content the answer must contain.
pub fn is_kind_word(word: &str) -> bool {
    ASKS_FOR.iter().any(|(trigger, _)| *trigger == word)
}

/// The kinds a paragraph holds.
pub fn found_in(text: &str) -> Vec<Kind> {
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let is_in = |list: &[&str], w: &str| list.iter().any(|item| item.eq_ignore_ascii_case(w));
    let mut kinds = Vec::new();
    let mut add = |kind| {
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    };
    for (i, word) in words.iter().enumerate() {
        let next = words.get(i + 1).copied();
        let is_year = word.len() == 4
            && word.chars().all(|c| c.is_ascii_digit())
            && (word.starts_with("19") || word.starts_with("20"));
        let month_with_number = capitalised(word)
            && is_in(MONTHS, word)
            && next.is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()));
        if is_year || month_with_number || is_in(WEEKDAYS, word) {
            add(Kind::Date);
        }
        if let Some(next) = next
            && capitalised(next)
            && !is_in(MONTHS, next)
        {
            if is_in(TITLES, word) {
                add(Kind::Person);
            }
            if is_in(PLACE_PREPOSITIONS, word) && !is_in(WEEKDAYS, next) {
                add(Kind::Place);
            }
        }
    }
    kinds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_before_names_mark_people() {
        assert_eq!(
            found_in("signed by U.S. Ambassador Jonathan Henick"),
            [Kind::Person]
        );
        assert!(!found_in("the ambassador said").contains(&Kind::Person));
    }

    #[test]
    fn months_with_days_and_years_mark_dates() {
        assert_eq!(found_in("It was signed on September 16."), [Kind::Date]);
        assert_eq!(found_in("back in 2023 already"), [Kind::Date]);
        assert!(found_in("it may happen").is_empty());
    }

    #[test]
    fn prepositions_before_capitalised_names_mark_places() {
        assert_eq!(found_in("held in Las Vegas, Nevada"), [Kind::Place]);
        assert!(!found_in("began in September 2023").contains(&Kind::Place));
    }

    #[test]
    fn question_words_ask_for_kinds() {
        assert_eq!(asked_for(["who", "signed"]), [Kind::Person]);
        assert_eq!(
            asked_for(["signing", "date", "city"]),
            [Kind::Date, Kind::Place]
        );
        assert!(asked_for(["what", "minerals"]).is_empty());
    }
}
