//! Answer kinds: whether a paragraph names a person, a date, a place or a quantity, or states
//! an aim or a reason, and which of these a question asks for (the coarse classes of Li & Roth's
//! question taxonomy that a paragraph can be checked for, with *purpose* for "why" and "what
//! for").
//!
//! "Who signed?" is answered by a paragraph that names someone, "when?" by one with a date,
//! "where?" by one with a place, "how many?" by one with a number that is not a date, "what is
//! it for?" by one that says what something aims at ("aims to", "in order to", "направлено на",
//! "qaratilgan"), "in which areas?" by one that lists ("in exploration, mining and
//! processing"). The few paragraphs retrieved for a question that asks for a kind are checked
//! with plain patterns: those that hold it get a small boost (`Ranking::kind_weight` in
//! [`crate::search`]), and those that don't cannot be the answer (`Ranking::kinds_required`).
//! "Why" asks for a purpose or a reason, and a reason is stated in too many ways to look for,
//! so a "why" question only prefers a paragraph that states an aim. Every list holds whole word forms as
//! written (lower-case, apostrophes left out), never prefixes: a stemmer does not tell
//! "среди" from "среда". Their words belong to a language ([`crate::language`]), the logic
//! here to none.

use std::collections::HashSet;

/// What a passage can hold and a question can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Person,
    /// A body of people ("the ministry", "a delegation"): it can answer "who", but a named
    /// person answers it better.
    Group,
    Date,
    /// A date down to its day ("September 16", "16-sentyabr"): the most precise answer to
    /// "when", preferred to a month or a year where both could answer.
    Day,
    Place,
    /// A number or amount that is not a date: "how many", "how much", "how old".
    Quantity,
    /// An aim or what something is for: "what for", "the goal", "why".
    Purpose,
    /// A reason: "why". No pattern finds one (reasons are stated in too many ways), so asking
    /// for it requires nothing of a paragraph.
    Reason,
    /// What something covers, as a list: "in which areas", "what will they do".
    Scope,
}

impl Kind {
    /// True when a passage holding `found` can answer a question asking for `self`: the same
    /// kind, or a group of people for a person.
    pub fn answered_by(self, found: Kind) -> bool {
        self == found
            || self == Kind::Person && found == Kind::Group
            || self == Kind::Date && found == Kind::Day
    }

    /// Whether a paragraph must hold this kind to answer a question asking for it (when
    /// `Ranking::kinds_required`, and the question asks for no kind that is not): a reason
    /// can be stated in too many ways to require a pattern.
    pub fn required(self) -> bool {
        self != Kind::Reason
    }
}

/// True for a word that reads as a year of the last or this century ("2023").
pub fn is_year(word: &str) -> bool {
    word.len() == 4
        && word.bytes().all(|b| b.is_ascii_digit())
        && (word.starts_with("19") || word.starts_with("20"))
}

/// One language's words for recognising kinds. All lower-case, whole word forms (a language
/// whose words inflect lists each form: "сентября", "сентябре"), apostrophes left out
/// ("orinbosari" for "o‘rinbosari").
#[derive(Debug)]
pub struct KindPatterns {
    /// Question words (and nouns people use instead) that ask for each kind.
    pub asks_for: &'static [(&'static str, Kind)],
    /// Pairs of words that together ask for a kind ("how many"); the second is then not
    /// content either ("old" in "how old").
    pub asks_for_pairs: &'static [(&'static str, &'static str, Kind)],
    /// A question's first and last words that together ask for a kind ("what … for?").
    pub asks_for_around: &'static [(&'static str, &'static str, Kind)],
    /// Words that make a question ask what a thing is used for or means ("what is it *good*
    /// for?", "where are they *used*?", "what does MoU *stand* for?"): that is said in what a
    /// thing is, so such a question asks for neither a purpose nor a place (a "why" still
    /// asks for a reason).
    pub use_words: &'static [&'static str],
    /// Words that make "how many" count the items of a list ("how many minerals are
    /// *listed*?"): such a question is answered by a paragraph that lists ([`Kind::Scope`]),
    /// not by a number.
    pub count_words: &'static [&'static str],
    /// Words that join the last item of a list ("and", "и", "va"): a paragraph that lists
    /// answers "in which areas?" ([`Kind::Scope`]).
    pub conjunctions: &'static [&'static str],
    /// Phrases that state an aim or a reason in a paragraph ("aims to", "in order to"); `…`
    /// stands for up to three words ("must … to"). Phrases, not single words: "for" alone
    /// also says what minerals are used for, which is no aim of an agreement.
    pub purpose_cues: &'static [&'static str],
    /// Words in which the documents state aims ("aim", "goal", "strategy"): a question that
    /// asks for a purpose is also matched by them, as by a synonym of what it asks.
    pub purpose_words: &'static [&'static str],
    /// Words that after a number make it an amount ("5 million", "40 percent").
    pub amount_words: &'static [&'static str],
    /// Numbers spelled out ("nine", "девять", "to‘qqiz"): an amount when an amount word
    /// follows ("nine billion dollars"), as a number in digits is.
    pub number_words: &'static [&'static str],
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
        if let (Some(first), Some(last)) = (words.first(), words.last())
            && words.len() > 2
        {
            for (opening, closing, kind) in self.asks_for_around {
                if first == opening && last == closing {
                    add(*kind);
                }
            }
        }
        if kinds.contains(&Kind::Quantity)
            && words.iter().any(|word| self.count_words.contains(word))
        {
            kinds.retain(|kind| *kind != Kind::Quantity);
            if !kinds.contains(&Kind::Scope) {
                kinds.push(Kind::Scope);
            }
        }
        if words.iter().any(|word| self.use_words.contains(word)) {
            kinds.retain(|kind| !matches!(kind, Kind::Purpose | Kind::Place));
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
                Kind::Day,
                Kind::Place,
                Kind::Quantity,
                Kind::Purpose,
                Kind::Scope,
            ],
        )
    }

    /// The people a paragraph names: the capitalised words after a title ("Ambassador
    /// Jonathan Henick" names "Jonathan Henick"). "Who else?" asks for someone not named yet.
    pub fn names_in<'t>(&self, text: &'t str) -> Vec<&'t str> {
        let words = words_of(text);
        let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
        let mut names = Vec::new();
        for (i, word) in words.iter().enumerate() {
            if !self.titles.iter().any(|title| matches(title, word.text)) {
                continue;
            }
            // Up to three capitalised words, not a month ("Minister in September") and not
            // another title ("Deputy Minister Omonullo").
            let name = words[i + 1..]
                .iter()
                .take(3)
                .take_while(|w| {
                    capitalised(w.text)
                        && !w.starts_sentence
                        && !self.months.iter().any(|month| matches(month, w.text))
                })
                .filter(|w| !self.titles.iter().any(|title| matches(title, w.text)));
            names.extend(name.map(|w| w.text));
        }
        names
    }

    /// True when `text` names a person that none of `before` names or mentions: a name is
    /// known when any of its words stands capitalised in one of them, compared by their
    /// first five letters so that an inflected name is the same ("Хеник", "Хеником").
    pub fn names_someone_new(&self, text: &str, before: &[&str]) -> bool {
        let stem = |word: &str| -> String {
            word.chars()
                .filter(|c| !APOSTROPHES.contains(c))
                .flat_map(char::to_lowercase)
                .take(5)
                .collect()
        };
        let known: HashSet<String> = before
            .iter()
            .flat_map(|text| words_of(text))
            .filter(|word| word.text.chars().next().is_some_and(char::is_uppercase))
            .map(|word| stem(word.text))
            .collect();
        self.names_in(text)
            .iter()
            .any(|name| !known.contains(&stem(name)))
    }

    /// The kinds among `wanted` that a paragraph holds (looking for fewer is faster: each
    /// kind's word lists are read for every word of the paragraph).
    pub fn found_among(&self, text: &str, wanted: &[Kind]) -> Vec<Kind> {
        let wants = |kind| wanted.contains(&kind);
        let words = words_of(text);
        let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
        let is_in = |list: &[&str], w: &str| list.iter().any(|item| matches(item, w));
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
            let number_at = |i: Option<usize>| {
                i.and_then(|i| words.get(i))
                    .is_some_and(|w| is_number(w.text))
            };
            number_at(at.checked_sub(1)) || number_at(Some(at + 1))
        };
        // A number within two words of a month, only numbers between: "September 24-26",
        // "24–26 сентября".
        // A day of a month beside it: "September 16", "16 сентября", not "September 2023".
        let beside_a_day = |at: usize| {
            let day_at = |i: Option<usize>| {
                i.and_then(|i| words.get(i)).is_some_and(|w| {
                    is_number(w.text) && w.text.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
                })
            };
            day_at(at.checked_sub(1)) || day_at(Some(at + 1))
        };
        let near_a_month = |at: usize| {
            (1..=2).any(|back| {
                at >= back
                    && is_month(words[at - back].text)
                    && words[at - back + 1..at].iter().all(|w| is_number(w.text))
            }) || (1..=2).any(|ahead| {
                words.get(at + ahead).is_some_and(|w| is_month(w.text))
                    && words[at + 1..at + ahead].iter().all(|w| is_number(w.text))
            })
        };
        // Cheap tests first: most words are neither numbers nor before a capital.
        for (i, word) in words.iter().enumerate() {
            let text = word.text;
            let next = words.get(i + 1).map(|w| w.text);
            if wants(Kind::Group) && is_in(self.people, text) {
                add(Kind::Group);
            }
            if wants(Kind::Date)
                && (is_year(text)
                    || beside_a_number(i) && is_month(text)
                    || is_in(self.weekdays, text))
            {
                add(Kind::Date);
            }
            if wants(Kind::Day) && is_month(text) && beside_a_day(i) {
                add(Kind::Day);
            }
            // A number that is no year and no day of a month ("September 24-26") is an
            // amount, and so is one followed by an amount word ("2023 tonnes" too).
            let before_an_amount_word = next.is_some_and(|n| is_in(self.amount_words, n));
            if wants(Kind::Quantity)
                && (is_number(text)
                    && (!is_year(text) && !near_a_month(i) || before_an_amount_word)
                    || before_an_amount_word && is_in(self.number_words, text))
            {
                add(Kind::Quantity);
            }
            if let Some(next) = next
                && capitalised(next)
            {
                if wants(Kind::Person) && is_in(self.titles, text) && !is_month(next) {
                    add(Kind::Person);
                }
                if wants(Kind::Place)
                    && is_in(self.place_prepositions, text)
                    && !is_month(next)
                    && !is_in(self.weekdays, next)
                {
                    add(Kind::Place);
                }
            }
            // "Toshkentda": a capitalised word with a locative ending, not capitalised only
            // because a sentence starts with it ("Hozirda").
            if wants(Kind::Place)
                && capitalised(text)
                && !word.starts_sentence
                && self
                    .place_suffixes
                    .iter()
                    .any(|suffix| text.len() > suffix.len() + 3 && text.ends_with(suffix))
            {
                add(Kind::Place);
            }
            if wants(Kind::Purpose) && self.purpose_cues.iter().any(|cue| cue_at(cue, &words[i..]))
            {
                add(Kind::Purpose);
            }
            // A list: a comma after a word, and "and" within the next three words of the same
            // sentence ("stated, «The United States and…»" is no list).
            let window = &words[i + 1..(i + 4).min(words.len())];
            if wants(Kind::Scope)
                && word.comma_after
                && window.iter().any(|w| is_in(self.conjunctions, w.text))
                && !window.iter().any(|w| w.starts_sentence)
            {
                add(Kind::Scope);
            }
        }
        kinds
    }
}

/// A word of a paragraph, whether a sentence starts with it and whether a comma follows it.
struct TextWord<'a> {
    text: &'a str,
    starts_sentence: bool,
    comma_after: bool,
}

/// The words of `text` (runs of letters and digits, with an apostrophe or a hyphen between
/// letters kept inside a word: "o‘rinbosari", "tog‘-kon"), each marked when a sentence starts
/// with it.
fn words_of(text: &str) -> Vec<TextWord<'_>> {
    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    let mut starts_sentence = true;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        // An apostrophe or a hyphen between letters is inside a word ("o‘rinbosari",
        // "tog‘-kon"); a hyphen between digits is not ("24-26").
        let after_letter = start.is_some_and(|from| {
            text[from..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphabetic)
        });
        let inside = crate::paragraphs::is_word_char(c)
            || (after_letter
                && (APOSTROPHES.contains(&c) || c == '-')
                && chars.peek().is_some_and(|(_, next)| next.is_alphabetic()));
        match (inside, start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                words.push(TextWord {
                    text: &text[from..at],
                    starts_sentence,
                    comma_after: c == ',',
                });
                start = None;
                starts_sentence = false;
            }
            _ => {}
        }
        if !inside && matches!(c, '.' | '!' | '?' | '…' | '\n' | '«' | '“' | '"') {
            starts_sentence = true;
        }
    }
    if let Some(from) = start {
        words.push(TextWord {
            text: &text[from..],
            starts_sentence,
            comma_after: false,
        });
    }
    words
}

/// The apostrophes people type inside Uzbek words, left out when words are compared.
const APOSTROPHES: &[char] = &['\'', '`', '‘', '’', 'ʻ', 'ʼ', '´'];

/// True when `words` start with `cue`, whose `…` stands for up to three words.
fn cue_at(cue: &str, words: &[TextWord<'_>]) -> bool {
    let mut at = 0;
    let mut parts = cue.split(' ').peekable();
    while let Some(part) = parts.next() {
        if part == "…" {
            let Some(next) = parts.next() else {
                return true;
            };
            let found = (at..(at + 4).min(words.len())).find(|&i| matches(next, words[i].text));
            match found {
                Some(i) => at = i + 1,
                None => return false,
            }
            continue;
        }
        match words.get(at) {
            Some(word) if matches(part, word.text) => at += 1,
            _ => return false,
        }
    }
    true
}

/// True when `word` (as written) is `item` (lower-case, no apostrophes), ignoring case and
/// the apostrophes in `word`.
fn matches(item: &str, word: &str) -> bool {
    // Most words are ASCII without apostrophes: compare bytes, lower-casing nothing.
    if word.is_ascii() && !word.contains(['\'', '`']) {
        return word.eq_ignore_ascii_case(item);
    }
    let mut lower = word
        .chars()
        .filter(|c| !APOSTROPHES.contains(c))
        .flat_map(char::to_lowercase);
    let mut item_chars = item.chars();
    loop {
        match (item_chars.next(), lower.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a == b => {}
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Patterns of a made-up language, so the logic is tested apart from any word list.
    const TOY: KindPatterns = KindPatterns {
        place_suffixes: &["da"],
        months_capitalised: true,
        asks_for: &[
            ("kto", Kind::Person),
            ("kogda", Kind::Date),
            ("zachem", Kind::Purpose),
        ],
        asks_for_pairs: &[("skolko", "let", Kind::Quantity)],
        asks_for_around: &[("chto", "dlya", Kind::Purpose)],
        use_words: &["horosho"],
        count_words: &["perechisleno"],
        conjunctions: &["i"],
        purpose_cues: &["napravleno na", "dolzhny … chtoby", "yolida"],
        purpose_words: &["cel"],
        amount_words: &["tonn"],
        number_words: &["dva", "devyat"],
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
        assert_eq!(TOY.found_in("Sentyabr 16"), [Kind::Date, Kind::Day]);
        assert_eq!(TOY.found_in("Sentyabr 2023"), [Kind::Date]);
        assert_eq!(TOY.found_in("v 2023"), [Kind::Date]);
        assert_eq!(TOY.found_in("ponedelnik"), [Kind::Date]);
        // A month after a preposition is a date, not a place.
        assert_eq!(TOY.found_in("v Sentyabr 16"), [Kind::Date, Kind::Day]);
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
            TOY.asked_for(&["skolko", "let", "perechisleno"]),
            [Kind::Scope]
        );
        assert_eq!(
            TOY.kind_words(&["skolko", "let", "let"]),
            [false, true, false]
        );
    }

    #[test]
    fn purpose_cues_are_phrases_with_up_to_three_words_in_a_gap() {
        assert_eq!(
            TOY.found_in("soglashenie napravleno na ukreplenie"),
            [Kind::Purpose]
        );
        assert_eq!(
            TOY.found_in("strany dolzhny vmeste rabotat chtoby"),
            [Kind::Purpose]
        );
        assert!(
            TOY.found_in("dolzhny odin dva tri chetyre chtoby")
                .is_empty()
        );
        assert!(TOY.found_in("napravleno").is_empty());
        // An apostrophe inside a word is left out: "yo‘lida" is "yolida".
        assert_eq!(TOY.found_in("amalga oshirish yo‘lida"), [Kind::Purpose]);
    }

    #[test]
    fn words_are_whole_forms_not_prefixes() {
        assert!(TOY.found_in("posoly Henick").is_empty());
        assert_eq!(TOY.found_in("posol Henick"), [Kind::Person]);
    }

    #[test]
    fn a_capitalised_locative_is_a_place_unless_it_starts_a_sentence() {
        assert_eq!(TOY.found_in("imzolandi Toshkentda"), [Kind::Place]);
        assert!(TOY.found_in("Hozirda imzolandi. Bugunda").is_empty());
    }

    #[test]
    fn a_question_opening_and_closing_with_two_words_asks_for_their_kind() {
        assert_eq!(TOY.asked_for(&["chto", "eto", "dlya"]), [Kind::Purpose]);
        assert!(TOY.asked_for(&["chto", "dlya"]).is_empty());
        assert_eq!(TOY.asked_for(&["zachem", "eto"]), [Kind::Purpose]);
        assert!(
            TOY.asked_for(&["chto", "eto", "horosho", "dlya"])
                .is_empty()
        );
    }

    #[test]
    fn a_comma_and_a_conjunction_after_it_make_a_list() {
        assert_eq!(
            TOY.found_in("sotrudnichat v razvedke, dobyche i pererabotke"),
            [Kind::Scope]
        );
        assert!(TOY.found_in("Tashkent, Uzbekistan").is_empty());
        assert!(TOY.found_in("skazal, «Amerika i Uzbekistan").is_empty());
    }

    #[test]
    fn a_number_that_is_no_date_is_a_quantity() {
        assert_eq!(TOY.found_in("bylo 40 posol"), [Kind::Quantity]);
        assert_eq!(TOY.found_in("Sentyabr 24-26"), [Kind::Date, Kind::Day]);
        assert_eq!(TOY.found_in("24-26 Sentyabr"), [Kind::Date, Kind::Day]);
        assert_eq!(TOY.found_in("v 2023"), [Kind::Date]);
        assert!(TOY.found_in("2023 tonn").contains(&Kind::Quantity));
        // Spelled out, a number is an amount with an amount word after it, and only then.
        assert_eq!(TOY.found_in("bylo devyat tonn"), [Kind::Quantity]);
        assert!(TOY.found_in("dva posol").is_empty());
    }
}
