//! What a message or a press does in its conversation ([`crate::dialogue`]), rendered for
//! Telegram: the reply and its buttons, or a short notice for a press to show. The facts an
//! answer is rendered with (documents, examples) come from the index build that answered it.

use std::time::Instant;

use super::state::State;
use crate::dialogue::{Response, Said};
use crate::feedback::Press;
use crate::reply::{self, ButtonRow, interface};
use crate::search::{Outcome, SmallTalk};

/// What `said` in `chat` does in its conversation ([`crate::dialogue`]), rendered: the reply
/// and its buttons, or a short text for a button press to show (`toast`). `example` is the
/// example question (language, number) asked, so its More button can ask it again.
pub(super) fn respond(
    state: &State,
    chat: i64,
    said: Said<'_>,
    example: Option<(&str, usize)>,
) -> anyhow::Result<Rendered> {
    let answerer = &state.answerer;
    let response = state
        .dialogue
        .respond(answerer, chat, said, Instant::now())?;
    let more = |key: u32| Press::More {
        key: Some(key),
        example: example.map(|(code, index)| (code.to_owned(), index)),
    };
    Ok(match response {
        Response::Answer { outcome, key } => {
            let lang = outcome.language;
            let buttons = match (outcome.answer(), key) {
                (Some(answer), Some(key)) => reply::answer_buttons(answer, lang, &more(key)),
                // A decline or small talk: the example questions, a tap each; nothing under
                // thanks or a goodbye.
                _ if !matches!(
                    outcome.small_talk,
                    Some(SmallTalk::Thanks | SmallTalk::Goodbye)
                ) =>
                {
                    reply::example_buttons(&outcome.info, lang)
                }
                _ => Vec::new(),
            };
            Rendered {
                html: reply::telegram(&outcome, &outcome.info),
                buttons,
                outcome: Some(outcome),
                toast: None,
            }
        }
        Response::Next { passage, lang, key } => Rendered {
            html: reply::telegram_answer(&passage, lang),
            buttons: reply::answer_buttons(&passage, lang, &more(key)),
            outcome: None,
            toast: None,
        },
        Response::NothingMore { lang, pressed } => {
            let text = interface::nothing_more(lang).to_owned();
            if pressed {
                Rendered::toast(text)
            } else {
                Rendered::text(text)
            }
        }
        Response::AskFirst { lang } => Rendered {
            html: interface::ask_first(lang).to_owned(),
            buttons: reply::example_buttons(&answerer.info(), lang),
            outcome: None,
            toast: None,
        },
        Response::Forgotten { lang } => {
            Rendered::toast(interface::answer_forgotten(lang).to_owned())
        }
        Response::NoTranslation { lang } => {
            Rendered::text(interface::no_translation(lang).to_owned())
        }
    })
}

/// A reply rendered for Telegram.
pub(super) struct Rendered {
    pub(super) html: String,
    pub(super) buttons: Vec<ButtonRow>,
    /// The outcome when the message was a question.
    pub(super) outcome: Option<Outcome>,
    /// For a button press: a short text shown over the chat instead of a message.
    pub(super) toast: Option<String>,
}

impl Rendered {
    fn text(html: String) -> Rendered {
        Rendered {
            html,
            buttons: Vec::new(),
            outcome: None,
            toast: None,
        }
    }

    fn toast(text: String) -> Rendered {
        Rendered {
            toast: Some(text),
            ..Rendered::text(String::new())
        }
    }
}
