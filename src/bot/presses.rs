//! Button presses: an example question asked, More under an answer, a vote on a passage.
//! Every press is answered (`answerCallbackQuery`), with a short notice when it has one.

use std::panic::AssertUnwindSafe;

use anyhow::Context;
use futures::FutureExt;
use teloxide::types::MessageId;
use tracing::{error, info, warn};

use super::documents;
use super::outbox::{Outbox, Target, deliver};
use super::respond::respond;
use super::state::{ButtonPress, State, conversation};
use crate::dialogue::{self, Said};
use crate::feedback::{self, Press};
use crate::journal;
use crate::language;
use crate::reply::{self, interface};

/// Handles a press of a button under an answer, and answers it (every press is answered); a
/// failure or a panic is logged, never passed on.
pub(super) async fn answer_press(bot: &Outbox, press: &ButtonPress, state: &State) {
    let handling = handle_press(bot, press, state);
    let answer = match AssertUnwindSafe(handling).catch_unwind().await {
        Ok(Ok(answer)) => answer,
        Ok(Err(err)) => {
            error!(error = %format!("{err:#}"), "could not handle a button press");
            None
        }
        Err(_) => {
            error!("a button press handler panicked");
            None
        }
    };
    match bot.answer_press(press.id.clone(), answer).await {
        Ok(()) => info!("press answered"),
        Err(err) => warn!(error = %err, "could not answer a button press"),
    }
}

/// What a press does; returns the short text to show the user.
async fn handle_press(
    bot: &Outbox,
    press: &ButtonPress,
    state: &State,
) -> anyhow::Result<Option<String>> {
    let lang = language::for_interface(press.language_code.as_deref());
    let Some(action) = press.data.as_deref().and_then(Press::decode) else {
        return Ok(None);
    };
    match action {
        Press::Example { lang, index } => {
            let Some(chat) = press.chat else {
                return Ok(None);
            };
            let info = state.answerer.info();
            let lang = language::for_interface(Some(&lang));
            let Some(question) = reply::example_question(&info, lang, index).map(str::to_owned)
            else {
                return Ok(Some(interface::example_gone(lang).to_owned()));
            };
            let said = Said::Text {
                text: &question,
                hint: Some(lang.code),
                replying_to: None,
            };
            let example = Some((lang.code, index));
            let rendered = respond(state, conversation(chat.0, press.user), said, example)?;
            let target = Target {
                chat,
                reply_to: Some(MessageId(press.message_id)),
                thread: press.thread,
            };
            deliver(bot, target, &rendered.html, &rendered.buttons)
                .await
                .context("cannot send the answer to an example")?;
            info!("example pressed");
            Ok(None)
        }
        Press::More { key, example } => {
            let Some(chat) = press.chat else {
                return Ok(None);
            };
            let info = state.answerer.info();
            // A forgotten answer to an example is asked again from the example.
            let example_question = example.as_ref().and_then(|(lang, index)| {
                reply::example_question(&info, language::for_interface(Some(lang)), *index)
                    .map(str::to_owned)
            });
            let said = Said::More {
                key,
                question: press.question.as_deref().or(example_question.as_deref()),
                shown: press.text.as_deref(),
                hint: press.language_code.as_deref(),
            };
            let example = example
                .as_ref()
                .and_then(|(lang, index)| language::by_tag(lang).map(|l| (l.code, *index)));
            let rendered = respond(state, conversation(chat.0, press.user), said, example)?;
            if let Some(toast) = rendered.toast {
                return Ok(Some(toast));
            }
            let target = press.target(chat);
            deliver(bot, target, &rendered.html, &rendered.buttons)
                .await
                .context("cannot send the next passage")?;
            info!("more pressed");
            Ok(None)
        }
        Press::Document(action) => documents::on_press(bot, press, action, state, lang).await,
        Press::Vote {
            up,
            doc_hash,
            paragraph,
        } => {
            let info = state.answerer.info();
            let Some(document) = info.documents.iter().find(|d| {
                feedback::doc_hash(&d.id) == doc_hash && (1..=d.paragraphs).contains(&paragraph)
            }) else {
                return Ok(Some(interface::vote_gone(lang).to_owned()));
            };
            let chat = press.chat.map_or(0, |chat| chat.0);
            // Message ids are unique within a chat only: a vote is a user's on a chat's message.
            let voter = (chat, press.user, press.message_id);
            let replaced = dialogue::put_within(
                &mut state.votes.lock().unwrap_or_else(|p| p.into_inner()),
                dialogue::MAX_ANSWERS,
                voter,
                up,
            );
            if replaced == Some(up) {
                return Ok(Some(interface::thanks_for_vote(lang).to_owned()));
            }
            let mut vote =
                journal::Vote::now(&document.id, paragraph, up, press.question.as_deref());
            vote.replaces = replaced.map(|was| if was { "up" } else { "down" }.to_owned());
            vote.user = state.settings.log_user_ids.then_some(press.user);
            if !state.settings.log_questions {
                vote.question = None;
            }
            vote.voter = Some(journal::voter(
                state.settings.journal_salt.expose(),
                chat,
                press.user,
                press.message_id,
            ));
            if let Some(votes) = &state.votes_journal
                && let Err(err) = votes.append(&vote)
            {
                warn!(error = %format!("{err:#}"), journal = %votes.path().display(), "cannot write the votes journal");
            }
            info!(up, "vote");
            Ok(Some(interface::thanks_for_vote(lang).to_owned()))
        }
    }
}
