//! Answer kinds: whether a paragraph names a person, a date or a place, and which of these a
//! question asks for.
//!
//! "Who signed?" is answered by a paragraph that names someone, "when?" by one with a date,
//! "where?" by one with a place. The few paragraphs retrieved for a question that asks for a
//! kind are checked with plain patterns, and those that hold it get a small boost
//! (`Ranking::kind_weight` in [`crate::search`]). The patterns are deliberately simple and never
//! decide an answer alone; their words belong to a language ([`crate::language`]), the logic
//! here to none.

/// What a passage can hold and a question can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Person,
    Date,
    Place,
}

/// True for a word that reads as a year of the last or this century ("2023").
pub fn is_year(word: &str) -> bool {
    word.len() == 4
        && word.bytes().all(|b| b.is_ascii_digit())
        && (word.starts_with("19") || word.starts_with("20"))
}

/// One language's words for recognising kinds. All lower-case.
#[derive(Debug)]
pub struct KindPatterns {
    /// Question words (and nouns people use instead) that ask for each kind.
    pub asks_for: &'static [(&'static str, Kind)],
    /// Words that, before a capitalised name, mark a person ("Ambassador Jonathan Henick").
    pub titles: &'static [&'static str],
    /// Words that, before a capitalised name, mark a place ("in Tashkent").
    pub place_prepositions: &'static [&'static str],
    /// Month names, which with a number mark a date ("September 16").
    pub months: &'static [&'static str],
    /// Weekday names, which mark a date.
    pub weekdays: &'static [&'static str],
}

impl KindPatterns {
    /// The kinds a question asks for, from its lower-cased words.
    pub fn asked_for<'a>(&self, words: impl IntoIterator<Item = &'a str>) -> Vec<Kind> {
        let mut kinds = Vec::new();
        for word in words {
            for (trigger, kind) in self.asks_for {
                if word == *trigger && !kinds.contains(kind) {
                    kinds.push(*kind);
                }
            }
        }
        kinds
    }

    /// True for a word that only says which kind of answer is wanted ("who", "date", "city"):
    /// such words are not content the answer must contain.
    pub fn is_kind_word(&self, word: &str) -> bool {
        self.asks_for.iter().any(|(trigger, _)| *trigger == word)
    }

    /// The kinds a paragraph holds.
    pub fn found_in(&self, text: &str) -> Vec<Kind> {
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
            let month_with_number = capitalised(word)
                && is_in(self.months, word)
                && next.is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()));
            if is_year(word) || month_with_number || is_in(self.weekdays, word) {
                add(Kind::Date);
            }
            if let Some(next) = next
                && capitalised(next)
                && !is_in(self.months, next)
            {
                if is_in(self.titles, word) {
                    add(Kind::Person);
                }
                if is_in(self.place_prepositions, word) && !is_in(self.weekdays, next) {
                    add(Kind::Place);
                }
            }
        }
        kinds
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Patterns of a made-up language, so the logic is tested apart from any word list.
    const TOY: KindPatterns = KindPatterns {
        asks_for: &[("kto", Kind::Person), ("kogda", Kind::Date)],
        titles: &["posol"],
        place_prepositions: &["v"],
        months: &["sentyabr"],
        weekdays: &["ponedelnik"],
    };

    #[test]
    fn a_title_or_a_preposition_before_a_capitalised_word_marks_a_person_or_a_place() {
        assert_eq!(TOY.found_in("podpisal posol Henick"), [Kind::Person]);
        assert_eq!(TOY.found_in("podpisali v Tashkente"), [Kind::Place]);
        assert!(TOY.found_in("posol skazal v gorode").is_empty());
    }

    #[test]
    fn a_month_before_a_number_a_year_or_a_weekday_marks_a_date() {
        assert_eq!(TOY.found_in("Sentyabr 16"), [Kind::Date]);
        assert_eq!(TOY.found_in("v 2023"), [Kind::Date]);
        assert_eq!(TOY.found_in("ponedelnik"), [Kind::Date]);
        // A month after a preposition is a date, not a place.
        assert_eq!(TOY.found_in("v Sentyabr 16"), [Kind::Date]);
    }

    #[test]
    fn question_words_ask_for_their_kind_once_each() {
        assert_eq!(
            TOY.asked_for(["kto", "kogda", "kto"]),
            [Kind::Person, Kind::Date]
        );
        assert!(TOY.is_kind_word("kogda"));
        assert!(!TOY.is_kind_word("podpisal"));
    }
}
