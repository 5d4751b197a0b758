//! One remembered answer ([`Turn`]) and the words of a message that say what it is about.

use crate::kinds::Kind;
use crate::language::Language;
use crate::search::{PassageId, Request};

/// A remembered question is cut to this many characters: enough for any real question.
pub(super) const MAX_QUESTION_CHARS: usize = 300;

/// How many candidates an answer carries: the one the reply shows.
pub(super) const TOP: usize = 1;

/// One answer the bot gave (or one question it declined), as remembered.
#[derive(Debug, Clone, PartialEq)]
pub struct Turn {
    /// What the message asked in its own words.
    pub question: Box<str>,
    /// The topic carried into it from the answer before, for a follow-up.
    pub carried: Option<Box<str>>,
    /// The kinds of answer searched for, when not the question's own (a follow-up in another
    /// language, or one that asks none of its own).
    pub kinds: Option<Box<[Kind]>>,
    /// The kinds of answer it asked for, which a follow-up asking none carries on.
    pub asked: Box<[Kind]>,
    /// The language searched (ISO 639-1).
    pub language: &'static Language,
    /// The language its passages are shown in.
    pub shown_in: &'static Language,
    /// The passages shown for it, in the language searched.
    pub shown: Vec<PassageId>,
}

impl Turn {
    /// What a follow-up of this turn carries: its own topic, or the one it carried.
    pub(super) fn topic(&self) -> String {
        let language = self.language;
        let own = topic(&self.question, language);
        if own.is_empty() {
            self.carried.as_deref().unwrap_or_default().to_owned()
        } else {
            own
        }
    }

    pub(super) fn request(&self) -> Request<'_> {
        let language = self.language;
        Request {
            question: &self.question,
            language,
            carried: self.carried.as_deref(),
            kinds: self.kinds.as_deref(),
            carried_in_full: false,
            top: TOP,
        }
    }
}

/// `question` cut to [`MAX_QUESTION_CHARS`].
pub(super) fn cut(question: &str) -> Box<str> {
    match question.char_indices().nth(MAX_QUESTION_CHARS) {
        Some((at, _)) => question[..at].into(),
        None => question.into(),
    }
}

pub(super) fn plain_words(text: &str, language: &'static Language) -> Vec<String> {
    language
        .plain_words(text)
        .into_iter()
        .map(|word| word.plain)
        .collect()
}

/// The words of `question` that say what it is about: content words as typed, without stop
/// words and the words that only ask for a kind of answer.
pub fn topic(question: &str, language: &'static Language) -> String {
    let words = language.plain_words(question);
    let plain: Vec<&str> = words.iter().map(|w| w.plain.as_str()).collect();
    let kind_words = language.kinds.kind_words(&plain);
    words
        .iter()
        .zip(kind_words)
        .filter(|(word, is_kind_word)| !is_kind_word && !language.is_stop_word(&word.plain))
        .map(|(word, _)| &question[word.at.clone()])
        .collect::<Vec<_>>()
        .join(" ")
}
