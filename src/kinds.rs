//! Answer kinds: whether a paragraph names a person, a date, a place or a quantity, and which
//! of these a question asks for (the coarse classes of Li & Roth's question taxonomy that a
//! paragraph can be checked for).
//!
//! "Who signed?" is answered by a paragraph that names someone, "when?" by one with a date,
//! "where?" by one with a place, "how many?" by one with a number that is not a date. The few
//! paragraphs retrieved for a question that asks for a kind are checked with plain patterns:
//! those that hold it get a small boost (`Ranking::kind_weight` in [`crate::search`]), and those
//! that don't cannot be the answer (`Ranking::kinds_required`). Their words belong to a language
//! ([`crate::language`]), the logic here to none.

/// What a passage can hold and a question can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Person,
    /// A body of people ("the ministry", "a delegation"): it can answer "who", but a named
    /// person answers it better.
    Group,
    Date,
    Place,
    /// A number or amount that is not a date: "how many", "how much", "how old".
    Quantity,
}

impl Kind {
    /// True when a passage holding `found` can answer a question asking for `self`: the same
    /// kind, or a group of people for a person.
    pub fn answered_by(self, found: Kind) -> bool {
        self == found || self == Kind::Person && found == Kind::Group
    }
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
    /// Whether the lists below hold stems that a word matches by its start ("сентябр" for
    /// "сентября"), as in languages whose words inflect; otherwise whole words.
    pub inflected: bool,
    /// Question words (and nouns people use instead) that ask for each kind.
    pub asks_for: &'static [(&'static str, Kind)],
    /// Pairs of words that together ask for a kind ("how many"); the second is then not
    /// content either ("old" in "how old").
    pub asks_for_pairs: &'static [(&'static str, &'static str, Kind)],
    /// Words that after a number make it an amount ("5 million", "40 percent").
    pub amount_words: &'static [&'static str],
    /// Words that, before a capitalised name, mark a person ("Ambassador Jonathan Henick").
    pub titles: &'static [&'static str],
    /// Words that name a body of people on their own ("leaders", "ministry"): "who" can be
    /// answered by a group as well as by a person (Li & Roth's HUM:gr).
    pub people: &'static [&'static str],
    /// Words that, before a capitalised name, mark a place ("in Tashkent").
    pub place_prepositions: &'static [&'static str],
    /// Endings that make a capitalised word a place ("Toshkentda"), in languages that say
    /// "in" with an ending.
    pub place_suffixes: &'static [&'static str],
    /// Month names, which with a number mark a date ("September 16").
    pub months: &'static [&'static str],
    /// Whether a month is only a month when capitalised (English "may" is not "May").
    pub months_capitalised: bool,
    /// Weekday names, which mark a date.
    pub weekdays: &'static [&'static str],
}

impl KindPatterns {
    /// The kinds a question asks for, from its lower-cased words.
    pub fn asked_for(&self, words: &[&str]) -> Vec<Kind> {
        let mut kinds = Vec::new();
        let mut add = |kind| {
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
        };
        for (i, word) in words.iter().enumerate() {
            for (trigger, kind) in self.asks_for {
                if word == trigger {
                    add(*kind);
                }
            }
            if let Some(next) = words.get(i + 1) {
                for (first, second, kind) in self.asks_for_pairs {
                    if word == first && next == second {
                        add(*kind);
                    }
                }
            }
        }
        kinds
    }

    /// Per word of a question: true when it only says which kind of answer is wanted ("who",
    /// "date", "city", "old" after "how"): such words are not content the answer must contain.
    pub fn kind_words(&self, words: &[&str]) -> Vec<bool> {
        (0..words.len())
            .map(|i| {
                let word = words[i];
                self.asks_for.iter().any(|(trigger, _)| *trigger == word)
                    || i > 0
                        && self
                            .asks_for_pairs
                            .iter()
                            .any(|(first, second, _)| *first == words[i - 1] && *second == word)
            })
            .collect()
    }

    /// The kinds a paragraph holds.
    pub fn found_in(&self, text: &str) -> Vec<Kind> {
        self.found_among(
            text,
            &[
                Kind::Person,
                Kind::Group,
                Kind::Date,
                Kind::Place,
                Kind::Quantity,
            ],
        )
    }

    /// The kinds among `wanted` that a paragraph holds (looking for fewer is faster: each
    /// kind's word lists are read for every word of the paragraph).
    pub fn found_among(&self, text: &str, wanted: &[Kind]) -> Vec<Kind> {
        let wants = |kind| wanted.contains(&kind);
        let words: Vec<&str> = text
            .split(|c: char| !crate::paragraphs::is_word_char(c))
            .filter(|w| !w.is_empty())
            .collect();
        let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
        let is_in = |list: &[&str], w: &str| list.iter().any(|item| self.matches(item, w));
        let mut kinds = Vec::new();
        let mut add = |kind| {
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
        };
        let is_number = |w: &str| w.bytes().all(|b| b.is_ascii_digit());
        let is_month =
            |w: &str| (!self.months_capitalised || capitalised(w)) && is_in(self.months, w);
        // A month within two words of a number: "September 24-26", "16 сентября".
        let beside_a_number = |at: usize| {
            let number_at =
                |i: Option<usize>| i.and_then(|i| words.get(i)).is_some_and(|w| is_number(w));
            number_at(at.checked_sub(1)) || number_at(Some(at + 1))
        };
        let near_a_month = |at: usize| {
            (1..=2).any(|back| {
                at >= back
                    && is_month(words[at - back])
                    && words[at - back + 1..at].iter().all(|w| is_number(w))
            }) || words.get(at + 1).is_some_and(|w| is_month(w))
        };
        // Cheap tests first: most words are neither numbers nor before a capital.
        for (i, word) in words.iter().enumerate() {
            let next = words.get(i + 1).copied();
            if wants(Kind::Group) && is_in(self.people, word) {
                add(Kind::Group);
            }
            if wants(Kind::Date)
                && (is_year(word)
                    || beside_a_number(i) && is_month(word)
                    || is_in(self.weekdays, word))
            {
                add(Kind::Date);
            }
            // A number that is no year and no day of a month ("September 24-26") is an
            // amount, and so is one followed by an amount word ("2023 tonnes" too).
            if wants(Kind::Quantity)
                && is_number(word)
                && (!is_year(word) && !near_a_month(i)
                    || next.is_some_and(|n| is_in(self.amount_words, n)))
            {
                add(Kind::Quantity);
            }
            if let Some(next) = next
                && capitalised(next)
            {
                if wants(Kind::Person) && is_in(self.titles, word) && !is_month(next) {
                    add(Kind::Person);
                }
                if wants(Kind::Place)
                    && is_in(self.place_prepositions, word)
                    && !is_month(next)
                    && !is_in(self.weekdays, next)
                {
                    add(Kind::Place);
                }
            }
            // "Toshkentda": a capitalised word with a locative ending.
            if wants(Kind::Place)
                && capitalised(word)
                && self
                    .place_suffixes
                    .iter()
                    .any(|suffix| word.len() > suffix.len() + 3 && word.ends_with(suffix))
            {
                add(Kind::Place);
            }
        }
        kinds
    }

    /// True when `word` (as written) is `item` of a list, ignoring case; in a language whose
    /// lists hold stems, when it starts with it.
    fn matches(&self, item: &str, word: &str) -> bool {
        // Most words are ASCII: compare bytes, without lower-casing anything.
        if word.is_ascii() {
            let bytes = word.as_bytes();
            return if self.inflected {
                bytes.len() >= item.len()
                    && bytes[..item.len()].eq_ignore_ascii_case(item.as_bytes())
            } else {
                bytes.eq_ignore_ascii_case(item.as_bytes())
            };
        }
        let mut lower = word.chars().flat_map(char::to_lowercase);
        let mut item_chars = item.chars();
        loop {
            match (item_chars.next(), lower.next()) {
                (None, None) => return true,
                (None, Some(_)) => return self.inflected,
                (Some(_), None) => return false,
                (Some(a), Some(b)) if a != b => return false,
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Patterns of a made-up language, so the logic is tested apart from any word list.
    const TOY: KindPatterns = KindPatterns {
        inflected: false,
        place_suffixes: &[],
        months_capitalised: true,
        asks_for: &[("kto", Kind::Person), ("kogda", Kind::Date)],
        asks_for_pairs: &[("skolko", "let", Kind::Quantity)],
        amount_words: &["tonn"],
        titles: &["posol"],
        people: &["ministerstvo"],
        place_prepositions: &["v"],
        months: &["sentyabr"],
        weekdays: &["ponedelnik"],
    };

    #[test]
    fn a_title_or_a_preposition_before_a_capitalised_word_marks_a_person_or_a_place() {
        assert_eq!(TOY.found_in("podpisal posol Henick"), [Kind::Person]);
        assert_eq!(TOY.found_in("podpisali v Tashkente"), [Kind::Place]);
        assert!(TOY.found_in("posol skazal v gorode").is_empty());
        assert_eq!(TOY.found_in("skazalo ministerstvo"), [Kind::Group]);
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
            TOY.asked_for(&["kto", "kogda", "kto"]),
            [Kind::Person, Kind::Date]
        );
        assert_eq!(
            TOY.kind_words(&["kogda", "podpisal", "posol"]),
            [true, false, false]
        );
    }

    #[test]
    fn a_pair_of_words_asks_for_a_kind_and_both_are_kind_words() {
        assert_eq!(TOY.asked_for(&["skolko", "let", "posol"]), [Kind::Quantity]);
        assert!(TOY.asked_for(&["let", "skolko"]).is_empty());
        assert_eq!(
            TOY.kind_words(&["skolko", "let", "let"]),
            [false, true, false]
        );
    }

    #[test]
    fn a_number_that_is_no_date_is_a_quantity() {
        assert_eq!(TOY.found_in("bylo 40 posol"), [Kind::Quantity]);
        assert_eq!(TOY.found_in("Sentyabr 24-26"), [Kind::Date]);
        assert_eq!(TOY.found_in("v 2023"), [Kind::Date]);
        assert!(TOY.found_in("2023 tonn").contains(&Kind::Quantity));
    }
}
