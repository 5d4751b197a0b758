//! Reading a question in Russian or Uzbek through the glossary into English, to search the
//! documents that exist in English only.
//!
//! The glossary (`[language.ru.glossary]` in the synonyms file) maps words and phrases of the
//! domain to English. Its entries are matched by stem, the longest first, so "меморандума" and
//! "меморандум" read alike. A question is read through it only when it knows every content
//! word (a name or number in Latin letters, with a capital or a digit, is kept as typed:
//! "MINExpo", "2024"): a word it
//! lacks could be what the question is about, and "Какое население Ташкента?" must not become
//! "Tashkent?".

use std::collections::BTreeMap;

use super::tokens::tokens;
use crate::language::Language;

/// A glossary analysed once per index build: each entry's stems, longest entries first.
#[derive(Debug, Default)]
pub(super) struct PreparedGlossary {
    entries: Vec<(Vec<String>, String)>,
}

impl PreparedGlossary {
    pub(super) fn new(glossary: &BTreeMap<String, String>, language: &'static Language) -> Self {
        let mut entries: Vec<(Vec<String>, String)> = glossary
            .iter()
            .map(|(words, english)| {
                let stems = tokens(words, language)
                    .into_iter()
                    .map(|t| t.stem)
                    .collect();
                (stems, english.clone())
            })
            .filter(|(stems, _): &(Vec<String>, String)| !stems.is_empty())
            .collect();
        entries.sort_by_key(|(stems, _)| std::cmp::Reverse(stems.len()));
        PreparedGlossary { entries }
    }

    /// The question in English, or `None` when the glossary lacks one of its content words.
    pub(super) fn to_english(&self, question: &str, language: &'static Language) -> Option<String> {
        let words = tokens(question, language);
        let mut english = Vec::new();
        let mut translated = false;
        let mut lacking = false;
        let mut at = 0;
        while at < words.len() {
            let found = self.entries.iter().find(|(stems, _)| {
                words
                    .get(at..at + stems.len())
                    .is_some_and(|window| window.iter().zip(stems).all(|(w, s)| w.stem == *s))
            });
            match found {
                Some((stems, meaning)) => {
                    english.push(meaning.clone());
                    translated = true;
                    at += stems.len();
                }
                None => {
                    let word = &words[at];
                    if language.is_stop_word(&word.plain) {
                        // Says nothing about what is asked.
                    } else if is_name_or_number(&word.typed) {
                        english.push(word.typed.clone());
                    } else {
                        lacking = true;
                    }
                    at += 1;
                }
            }
        }
        (translated && !lacking).then(|| english.join(" "))
    }
}

/// A word written in Latin letters or digits with a capital or a digit ("MINExpo", "2024"):
/// a name or a number, which reads the same in English.
fn is_name_or_number(word: &str) -> bool {
    word.is_ascii()
        && word
            .chars()
            .any(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language::{russian::RUSSIAN, uzbek::UZBEK};

    fn glossary(entries: &[(&str, &str)]) -> BTreeMap<String, String> {
        entries
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn words_are_read_by_stem_and_the_longest_entry_wins() {
        let prepared = PreparedGlossary::new(
            &glossary(&[
                ("кто", "who"),
                ("подписал", "signed"),
                ("меморандум", "memorandum"),
                ("редкоземельные металлы", "rare earth metals"),
                ("металлы", "metals"),
            ]),
            &RUSSIAN,
        );
        assert_eq!(
            prepared
                .to_english("Кто подписал меморандума?", &RUSSIAN)
                .as_deref(),
            Some("who signed memorandum")
        );
        assert_eq!(
            prepared
                .to_english("редкоземельных металлов", &RUSSIAN)
                .as_deref(),
            Some("rare earth metals")
        );
    }

    #[test]
    fn names_in_latin_letters_stay_and_an_unknown_word_stops_the_reading() {
        let prepared = PreparedGlossary::new(
            &glossary(&[("grafit", "graphite"), ("narx", "price")]),
            &UZBEK,
        );
        assert_eq!(
            prepared
                .to_english("MINExpo va grafitning narxi", &UZBEK)
                .as_deref(),
            Some("MINExpo graphite price")
        );
        assert_eq!(prepared.to_english("Grafitning zichligi", &UZBEK), None);
        assert_eq!(prepared.to_english("ob-havo qanday", &UZBEK), None);
    }
}
