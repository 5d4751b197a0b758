//! Which language a question is written in: English, Russian or Uzbek (Latin or Cyrillic).
//!
//! Questions are short, so the evidence is weighed in order of how much it says:
//! 1. Letters only Uzbek Cyrillic has (ў қ ғ ҳ) make it Uzbek.
//! 2. Otherwise each language's stop words are counted, Uzbek ones read through its
//!    Cyrillic-to-Latin folding ("нима" is "nima"): "Кто подписал?" has one Russian,
//!    "Тошкентда нима имзоланди?" one Uzbek, "Когда пройдёт MINExpo International?" one
//!    Russian, whatever the share of Latin letters.
//! 3. On a tie, Cyrillic is Russian (Uzbek Cyrillic shows its own letters or stop words,
//!    counted before), unless the asker's interface is Uzbek. In Latin letters the language
//!    whose documents hold more of the question's words wins ("litiy", "elektromobil
//!    akkumulyator": words only the Uzbek documents have); then `whatlang`, restricted to
//!    English and Uzbek (unrestricted, it calls short Uzbek questions Javanese), when it is
//!    sure; then the asker's interface language (Telegram's `language_code`), a hint and never
//!    the rule, since people switch; then English.

use super::definition::{Language, WordStemmer};
use super::known::DEFAULT;
use super::{english::ENGLISH, russian::RUSSIAN, uzbek::UZBEK};

/// Only the start of a question is read: a question's language shows in its first words, and
/// a pasted page must not cost a lookup per word.
const READ_CHARS: usize = 200;

/// Letters of Uzbek Cyrillic that Russian does not have.
const UZBEK_CYRILLIC: &[char] = &['ў', 'қ', 'ғ', 'ҳ', 'Ў', 'Қ', 'Ғ', 'Ҳ'];

/// The language `question` is written in. `hint` is the asker's interface language code, if
/// known ("ru", "uz", "en-GB" …). (Also a document's, from its first lines.)
pub(crate) fn detect(question: &str, hint: Option<&str>) -> &'static Language {
    detect_with(question, hint, |_, _| false)
}

/// As [`detect`], with `known(language, stem)` telling whether the documents in `language`
/// hold a word of the stem `stem` (the language's stem of a question's word). `known` is
/// called while the language's analyzers are in use: it must not use them itself.
pub(crate) fn detect_with(
    question: &str,
    hint: Option<&str>,
    known: impl Fn(&'static Language, &str) -> bool,
) -> &'static Language {
    let end = question
        .char_indices()
        .nth(READ_CHARS)
        .map_or(question.len(), |(at, _)| at);
    let question = &question[..end];
    if question.contains(UZBEK_CYRILLIC) {
        return &UZBEK;
    }
    let all: [&'static Language; 3] = [&ENGLISH, &RUSSIAN, &UZBEK];
    let leader = |counts: [usize; 3]| {
        let best = counts.iter().copied().max().unwrap_or(0);
        (best > 0 && counts.iter().filter(|&&n| n == best).count() == 1)
            .then(|| all[counts.iter().position(|&n| n == best).unwrap_or(0)])
    };
    if let Some(language) = leader(all.map(|language| stop_words_in(question, language))) {
        return language;
    }
    let cyrillic = question.chars().filter(|c| is_cyrillic(*c)).count();
    let latin = question.chars().filter(char::is_ascii_alphabetic).count();
    // Cyrillic without the letters or stop words only Uzbek has is Russian: Uzbek written in
    // Cyrillic all but always shows one of them. An Uzbek asker's own interface still
    // breaks the tie.
    if cyrillic > latin {
        return hinted(hint, &[&RUSSIAN, &UZBEK]).unwrap_or(&RUSSIAN);
    }
    if let Some(language) = leader(all.map(|language| known_words_in(question, language, &known))) {
        return language;
    }
    if cyrillic == 0 && latin == 0 {
        return hinted(hint, &all).unwrap_or(DEFAULT);
    }
    let script = [whatlang::Lang::Eng, whatlang::Lang::Uzb];
    let detector = whatlang::Detector::with_allowlist(script.to_vec());
    if let Some(info) = detector.detect(question)
        && info.is_reliable()
    {
        return if info.lang() == script[0] {
            &ENGLISH
        } else {
            &UZBEK
        };
    }
    hinted(hint, &[&ENGLISH, &UZBEK]).unwrap_or(&ENGLISH)
}

/// The one of `candidates` the interface language `hint` names.
fn hinted(hint: Option<&str>, candidates: &[&'static Language]) -> Option<&'static Language> {
    let code = hint?.split(['-', '_']).next()?.to_ascii_lowercase();
    candidates.iter().copied().find(|l| l.code == code)
}

fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

/// How many of the question's words are stop words of `language`, read as it reads them.
fn stop_words_in(question: &str, language: &'static Language) -> usize {
    count_words(question, language, |word, _| language.is_stop_word(word))
}

/// How many of the question's content words the documents in `language` hold.
fn known_words_in(
    question: &str,
    language: &'static Language,
    known: &dyn Fn(&'static Language, &str) -> bool,
) -> usize {
    count_words(question, language, |word, stemmer| {
        !language.is_stop_word(word) && known(language, stemmer.stem(word))
    })
}

/// How many of `question`'s words (as `language`'s plain analyzer gives them) pass `test`,
/// which has the language's stemmer at hand. Counted as they are read, keeping none: every
/// question is read this way in each language.
fn count_words(
    question: &str,
    language: &'static Language,
    test: impl Fn(&str, &mut WordStemmer) -> bool,
) -> usize {
    language.with_analyzers(|plain, stemmer| {
        let mut count = 0;
        plain.each(question, |word, _| {
            count += usize::from(test(word, stemmer))
        });
        count
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(question: &str) -> &'static str {
        detect(question, None).code
    }

    #[test]
    fn questions_are_read_in_the_language_they_are_written_in() {
        for (question, expected) in [
            ("Who signed the memorandum?", "en"),
            ("Кто подписал соглашение от США?", "ru"),
            ("Когда был подписан меморандум?", "ru"),
            ("Memorandum qayerda imzolangan?", "uz"),
            ("Memorandumni kim imzoladi?", "uz"),
            ("Тошкентда нима имзоланди?", "uz"),
            ("Ўзбекистон ва АҚШ", "uz"),
            ("Меморандум қачон имзоланган?", "uz"),
            ("Когда пройдёт выставка MINExpo International?", "ru"),
            ("lithium", "en"),
        ] {
            assert_eq!(code(question), expected, "{question}");
        }
    }

    #[test]
    fn without_stop_words_the_documents_vocabulary_decides() {
        let uzbek_words = |language: &'static Language, word: &str| {
            language.code == "uz" && ["litiy", "ozbekiston"].contains(&word)
        };
        assert_eq!(detect_with("litiy", None, uzbek_words).code, "uz");
        assert_eq!(
            detect_with("ozbekiston amerika memorandum", None, uzbek_words).code,
            "uz"
        );
        assert_eq!(detect_with("lithium", None, uzbek_words).code, "en");
    }

    #[test]
    fn the_interface_language_breaks_only_a_tie() {
        assert_eq!(detect("MINExpo", Some("ru")).code, "en");
        assert_eq!(detect("???", Some("uz-UZ")).code, "uz");
        assert_eq!(detect("???", Some("fr")).code, "en");
        assert_eq!(detect("Who signed?", Some("ru")).code, "en");
    }
}
