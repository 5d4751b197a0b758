//! How a message reads in its conversation: a question of its own, a follow-up that carries
//! the last topic, "more", "who else?", a request for another language — from its words
//! alone, in its language, given the answer before it.

use super::turn::{Turn, plain_words, topic};
use crate::language::{self, Language};

/// How a message reads in its conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// A question of its own.
    New,
    /// "Tell me more": the next passage of the answer before.
    More,
    /// "Who else?": the next passage of the answer before that names a person.
    WhoElse,
    /// A follow-up: search it with this topic of the answer before.
    Continues(String),
    /// A follow-up with nothing before it to follow.
    NothingToFollow,
    /// "переведи", "in Uzbek please": the last answer again, in the language with this code.
    Translate(&'static Language),
    /// A reply to an answer with words of its own and no pronoun: searched with this topic of
    /// the answer, which weighs less than the reply's words.
    Alongside(String),
    /// A question with words of its own and a pronoun, in the chat's history (not a reply):
    /// answered on its own when it can be, else with this topic of the answer before.
    OwnFirst(String),
}

/// How `text` (in `language`) reads after `previous`, the answer it follows (if any);
/// `explicit` when the message replies to that answer.
pub fn read(
    text: &str,
    language: &'static Language,
    previous: Option<&Turn>,
    explicit: bool,
) -> Reading {
    let words = plain_words(text, language);
    let follow_up = &language.follow_up;
    // "more" and "who else" are whole messages, once what wraps them is set aside ("tell me
    // more please", "batafsilroq aytib ber").
    let unwrapped = language.unwrap(text, &language.plain_words(text));
    let message = plain_words(&unwrapped.question, language).join(" ");
    for message in [words.join(" "), message] {
        if follow_up.more.contains(&message.as_str()) {
            return Reading::More;
        }
        if follow_up.who_else.contains(&message.as_str()) {
            return Reading::WhoElse;
        }
    }
    // "а можно по-русски?", "переведи": every word asks for a language or is a stop word.
    let named = words.iter().find_map(|word| {
        follow_up
            .language_names
            .iter()
            .find(|(name, _)| name == word)
            .map(|(_, code)| *code)
    });
    let asks_to_translate = words
        .iter()
        .any(|word| follow_up.translate.contains(&word.as_str()));
    let only_that = words.iter().all(|word| {
        language.is_stop_word(word)
            || follow_up.translate.contains(&word.as_str())
            || follow_up
                .language_names
                .iter()
                .any(|(name, _)| name == word)
    });
    if only_that && (named.is_some() || asks_to_translate) {
        let target = named.and_then(language::by_code).unwrap_or(language);
        return Reading::Translate(target);
    }
    // "thanks" after an answer is thanks, not a question about the same thing.
    if words.is_empty() || language.small_talk.recognise(&words).is_some() {
        return Reading::New;
    }
    let own_topic = topic(text, language);
    let plain: Vec<&str> = words.iter().map(String::as_str).collect();
    let asks_a_kind = !language.kinds.asked_for(&plain).is_empty();
    let stands_for_it = words
        .iter()
        .any(|word| follow_up.pronouns.contains(&word.as_str()));
    // "and uzbekistan's?", "а кто участвовал?", "so when does it start?"
    let continues = words
        .first()
        .is_some_and(|first| follow_up.continuations.contains(&first.as_str()));
    let bare = own_topic.is_empty() && (asks_a_kind || stands_for_it || continues);
    let Some(previous) = previous else {
        return if bare {
            Reading::NothingToFollow
        } else {
            Reading::New
        };
    };
    let previous_topic = previous.topic();
    if previous_topic.is_empty() {
        return if bare {
            Reading::NothingToFollow
        } else {
            Reading::New
        };
    }
    if own_topic.is_empty() || continues || stands_for_it && explicit {
        Reading::Continues(previous_topic)
    } else if stands_for_it {
        Reading::OwnFirst(previous_topic)
    } else if explicit {
        // A reply to an answer follows it up, though it says what it asks in its own words.
        Reading::Alongside(previous_topic)
    } else {
        Reading::New
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language::{english::ENGLISH, russian::RUSSIAN, uzbek::UZBEK};

    fn turn(question: &str, language: &'static Language) -> Turn {
        Turn {
            question: question.into(),
            carried: None,
            kinds: None,
            asked: Box::default(),
            language,
            shown_in: language,
            shown: Vec::new(),
        }
    }

    #[test]
    fn a_message_with_nothing_of_its_own_continues_the_previous_topic() {
        let previous = turn("Who signed the memorandum?", &ENGLISH);
        let read = |text| read(text, &ENGLISH, Some(&previous), false);
        assert_eq!(
            read("and when?"),
            Reading::Continues("signed memorandum".into())
        );
        assert_eq!(
            read("when was it signed?"),
            Reading::OwnFirst("signed memorandum".into())
        );
        assert_eq!(
            super::read("when was it signed?", &ENGLISH, Some(&previous), true),
            Reading::Continues("signed memorandum".into())
        );
        assert_eq!(
            read("and in which city?"),
            Reading::Continues("signed memorandum".into())
        );
        assert_eq!(read("Where is MINExpo?"), Reading::New);
        assert_eq!(read("when was the memorandum signed?"), Reading::New);
        assert_eq!(read("thanks!"), Reading::New);
        assert_eq!(read("tell me more"), Reading::More);
        assert_eq!(read("who else?"), Reading::WhoElse);
    }

    #[test]
    fn a_follow_up_with_nothing_before_it_asks_for_a_question() {
        let read = |text, language| read(text, language, None, false);
        assert_eq!(read("and when?", &ENGLISH), Reading::NothingToFollow);
        assert_eq!(read("а где?", &RUSSIAN), Reading::NothingToFollow);
        assert_eq!(read("Who signed it?", &ENGLISH), Reading::New);
        assert_eq!(read("more", &ENGLISH), Reading::More);
    }

    #[test]
    fn russian_and_uzbek_follow_ups_read_the_same_way() {
        let previous = turn("Кто подписал меморандум?", &RUSSIAN);
        let read_ru = |text| read(text, &RUSSIAN, Some(&previous), false);
        assert_eq!(
            read_ru("а когда?"),
            Reading::Continues("подписал меморандум".into())
        );
        assert_eq!(
            read_ru("где?"),
            Reading::Continues("подписал меморандум".into())
        );
        assert_eq!(
            read_ru("а почему?"),
            Reading::Continues("подписал меморандум".into())
        );
        for more in ["ещё", "расскажи подробнее", "расскажи больше"]
        {
            assert_eq!(read_ru(more), Reading::More, "{more}");
        }
        assert_eq!(read_ru("кто ещё?"), Reading::WhoElse);
        let previous = turn("Memorandumni kim imzoladi?", &UZBEK);
        let read_uz = |text| read(text, &UZBEK, Some(&previous), false);
        assert_eq!(
            read_uz("qachon?"),
            Reading::Continues("Memorandumni imzoladi".into())
        );
        assert!(matches!(read_uz("nega?"), Reading::Continues(_)));
        for more in [
            "yana",
            "batafsil",
            "ko‘proq aytib ber",
            "batafsilroq aytib bering",
        ] {
            assert_eq!(read_uz(more), Reading::More, "{more}");
        }
        assert_eq!(read_uz("kim yana?"), Reading::WhoElse);
    }

    #[test]
    fn a_follow_up_of_a_follow_up_carries_the_first_topic() {
        let first = Turn {
            carried: Some("signed memorandum".into()),
            ..turn("and when?", &ENGLISH)
        };
        assert_eq!(
            read("where?", &ENGLISH, Some(&first), false),
            Reading::Continues("signed memorandum".into())
        );
    }

    #[test]
    fn a_request_for_another_language_shows_the_last_answer_in_it() {
        let previous = turn("Which critical minerals are mentioned?", &ENGLISH);
        assert_eq!(
            read("а можно по-русски?", &RUSSIAN, Some(&previous), true),
            Reading::Translate(language::RU)
        );
        assert_eq!(
            read("переведи пожалуйста", &RUSSIAN, Some(&previous), true),
            Reading::Translate(language::RU)
        );
        assert_eq!(
            read("buni o‘zbekcha yozib ber", &UZBEK, Some(&previous), true),
            Reading::Translate(language::UZ)
        );
        assert_eq!(
            read("in russian please", &ENGLISH, Some(&previous), false),
            Reading::Translate(language::RU)
        );
    }
}
