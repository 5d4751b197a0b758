//! Follow-ups: a question read with the chat's previous one.
//!
//! "and when?", "where?", "why?" have nothing of their own to search; "when was it signed?"
//! stands "it" for the last topic. Such a question is read with the previous question's
//! *topic* (its content words, without the words that only said what kind of answer it
//! wanted), so "Who signed the memorandum?" then "and when?" searches "and when? signed
//! memorandum": the new answer kind replaces the old. "more" and "tell me more" ask for the
//! next passage of the previous question instead. The words are the language's
//! ([`crate::language`]).

use super::question::tokens;
use crate::language::Language;
pub use crate::small_talk::FollowUpWords;

/// How a message reads after the chat's previous question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// A question of its own.
    New,
    /// "Tell me more": the next passage for the previous question.
    More,
    /// A question that continues the previous one: this is what to search.
    Continues(String),
}

/// The words of `question` that say what it is about: content words as typed, without stop
/// words and the words that only ask for a kind of answer.
pub fn topic(question: &str, language: &'static Language) -> String {
    let words = tokens(question, language);
    let plain: Vec<&str> = words.iter().map(|t| t.plain.as_str()).collect();
    let kind_words = language.kinds.kind_words(&plain);
    words
        .iter()
        .zip(kind_words)
        .filter(|(word, is_kind_word)| !is_kind_word && !language.is_stop_word(&word.plain))
        .map(|(word, _)| word.typed.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// How `question` reads after `previous` (the question last answered in the chat).
pub fn read(question: &str, previous: &str, language: &'static Language) -> Reading {
    let words: Vec<String> = tokens(question, language)
        .into_iter()
        .map(|t| t.plain)
        .collect();
    let message = words.join(" ");
    if language.follow_up.more.contains(&message.as_str()) {
        return Reading::More;
    }
    // "thanks" after an answer is thanks, not a question about the same thing.
    if language.small_talk.recognise(&words).is_some() {
        return Reading::New;
    }
    let previous_topic = topic(previous, language);
    if previous_topic.is_empty() || words.is_empty() {
        return Reading::New;
    }
    let own_topic = topic(question, language);
    let stands_for_it = words
        .iter()
        .any(|word| language.follow_up.pronouns.contains(&word.as_str()));
    if own_topic.is_empty() || stands_for_it {
        // The topic joins the question's sentence, not a sentence after it.
        let question = question.trim_end_matches(|c: char| !c.is_alphanumeric());
        Reading::Continues(format!("{question} {previous_topic}"))
    } else {
        Reading::New
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language::{english::ENGLISH, russian::RUSSIAN};

    #[test]
    fn a_question_with_nothing_of_its_own_continues_the_previous_topic() {
        let previous = "Who signed the memorandum?";
        assert_eq!(
            read("and when?", previous, &ENGLISH),
            Reading::Continues("and when signed memorandum".into())
        );
        assert_eq!(
            read("when was it signed?", previous, &ENGLISH),
            Reading::Continues("when was it signed signed memorandum".into())
        );
        assert_eq!(read("Where is MINExpo?", previous, &ENGLISH), Reading::New);
        assert_eq!(read("thanks!", previous, &ENGLISH), Reading::New);
        assert_eq!(read("hi", previous, &ENGLISH), Reading::New);
        assert_eq!(read("tell me more", previous, &ENGLISH), Reading::More);
        assert_eq!(read("More", previous, &ENGLISH), Reading::More);
    }

    #[test]
    fn russian_follow_ups_read_the_same_way() {
        assert_eq!(
            read("а когда?", "Кто подписал меморандум?", &RUSSIAN),
            Reading::Continues("а когда подписал меморандум".into())
        );
        assert_eq!(
            read("ещё", "Кто подписал меморандум?", &RUSSIAN),
            Reading::More
        );
    }
}
