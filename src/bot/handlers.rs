//! The handlers: what each routed message does, in its chat's turn. Commands answer from
//! [`crate::reply::interface`]; a question goes to the conversation ([`super::respond`]) and
//! its answer is journaled and counted; operators' commands rebuild the index or report on it.
//! Nothing here lets a panic or an error escape: a handler panic would kill the dispatcher.

use std::panic::AssertUnwindSafe;
use std::sync::atomic::Ordering;
use std::time::Instant;

use futures::FutureExt;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButtonKind, Me};
use tracing::{error, info, warn};

use super::commands::{AdminCommand, Command};
use super::documents;
use super::outbox::{Outbox, Target, deliver, send, send_with, typing_while};
use super::presses::answer_press;
use super::respond::{Rendered, respond};
use super::state::{ChatKind, Incoming, Job, State, conversation};
use crate::chat_turns::Arrival;
use crate::dialogue::{Replied, Said};
use crate::feedback::{Press, StartLink};
use crate::index::{self, BuildError, NoProgress};
use crate::journal::Entry;
use crate::language::{self, Language};
use crate::ops;
use crate::reply::{self, interface};
use crate::search::SmallTalk;

/// Handles `incoming` in its chat's turn, then what the chat sent meanwhile: a chat's replies
/// keep the order of what it sent, and what waits is held compactly (see `chat_turns`), not
/// as a task per update. Never fails and never panics outward.
pub(super) async fn in_turn(bot: &Outbox, me: &Me, state: &State, chat: i64, incoming: Incoming) {
    let mut incoming = match state.turns.arrive(chat, incoming, Instant::now()) {
        Arrival::HandleNow(incoming) => incoming,
        // The chat is busy: the task handling it will take this in turn.
        Arrival::Queued => return,
        Arrival::Dropped { message, notify } => return dropped(bot, state, &message, notify).await,
    };
    loop {
        match &incoming {
            Incoming::Message(message, arrived) => {
                let (msg, job) = &**message;
                let handling = handle(bot, msg, job, *arrived, me, state);
                match AssertUnwindSafe(handling).catch_unwind().await {
                    Ok(Ok(())) => {}
                    Ok(Err(err)) => {
                        error!(error = %format!("{err:#}"), "could not handle a message")
                    }
                    Err(_) => error!("a message handler panicked; the message was dropped"),
                }
            }
            Incoming::Press(press) => answer_press(bot, press, state).await,
        }
        match state.turns.next(chat) {
            Some(queued) => incoming = queued,
            None => return,
        }
    }
}

/// An update dropped because its chat has `MOU_CHAT_QUEUE` waiting: counted, a message
/// journaled (without its text: it was never read), and the chat told at most once a minute.
async fn dropped(bot: &Outbox, state: &State, incoming: &Incoming, notify: bool) {
    match incoming {
        Incoming::Message(message, _) => {
            let (msg, _) = &**message;
            ops::chat_queue_full("message");
            warn!(
                chat = ChatKind::of(msg).map_or("other", ChatKind::name),
                "a chat's queue is full; message dropped"
            );
            if let Some(journal) = &state.journal {
                let user = msg.from.as_ref().map(|user| user.id.0);
                let entry = Entry::dropped(user.filter(|_| state.settings.log_user_ids));
                if let Err(err) = journal.append(&entry) {
                    warn!(error = %format!("{err:#}"), journal = %journal.path().display(), "cannot write the question journal");
                }
            }
            if notify {
                let code = msg.from.as_ref().and_then(|u| u.language_code.as_deref());
                let notice = interface::chat_busy(language::for_interface(code));
                if let Err(err) = send(bot, msg, notice).await {
                    warn!(error = %format!("{err:#}"), "could not say the chat is busy");
                }
            }
        }
        Incoming::Press(press) => {
            ops::chat_queue_full("press");
            // A press is answered whatever happens (its spinner waits for it); the notice
            // shows to the presser alone.
            let lang = language::for_interface(press.language_code.as_deref());
            let notice = notify.then(|| interface::chat_busy(lang).to_owned());
            if let Err(err) = bot.answer_press(press.id.clone(), notice).await {
                warn!(error = %err, "could not answer a button press");
            }
        }
    }
}

/// Who asked: their id, and the language of their Telegram interface (a hint only: people
/// write in other languages too); and when their message arrived, which the logged latency
/// counts from, time waiting behind the chat's earlier messages included.
#[derive(Debug, Clone, Copy)]
struct Asker<'a> {
    id: u64,
    language_code: Option<&'a str>,
    arrived: Instant,
    chat: ChatKind,
}

impl Asker<'_> {
    /// The language to speak to them in, before they have written anything.
    fn lang(&self) -> &'static Language {
        language::for_interface(self.language_code)
    }
}

/// What a message's job does.
async fn handle(
    bot: &Outbox,
    msg: &Message,
    job: &Job,
    arrived: Instant,
    me: &Me,
    state: &State,
) -> anyhow::Result<()> {
    // Routing let through only people in private chats and groups.
    let (Some(user), Some(chat)) = (msg.from.as_ref(), ChatKind::of(msg)) else {
        return Ok(());
    };
    let asker = Asker {
        id: user.id.0,
        language_code: user.language_code.as_deref(),
        arrived,
        chat,
    };
    let lang = asker.lang();
    let place = match chat {
        ChatKind::Private => interface::Place::Private,
        ChatKind::Group => interface::Place::Group {
            bot_username: me.username(),
        },
    };
    match job {
        Job::Command(Command::Start(payload)) => {
            let info = state.answerer.info();
            // A deep link (t.me/<bot>?start=en-2) asks its question straight away.
            let question = match StartLink::parse(payload) {
                Some(StartLink::Example { lang, index }) => {
                    let lang = language::for_interface(Some(&lang));
                    reply::example_question(&info, lang, index).map(str::to_owned)
                }
                Some(StartLink::Question(question)) => Some(question),
                None => None,
            };
            match question {
                Some(question) => answer(bot, msg, me, state, asker, &question).await,
                None => {
                    let examples = reply::example_buttons(&info, lang);
                    let start = interface::start(&info, lang, place);
                    send_with(bot, msg, &start, &examples).await
                }
            }
        }
        Job::Command(Command::Help) => {
            send(bot, msg, &interface::help(me.username(), lang, place)).await
        }
        Job::Command(Command::About) => {
            send(bot, msg, &interface::about(&state.answerer.info(), lang)).await
        }
        Job::Command(Command::Ask(question)) if question.trim().is_empty() => {
            send(bot, msg, interface::ask_needs_a_question(lang)).await
        }
        Job::Command(Command::Ask(question)) | Job::Question(question) => {
            answer(bot, msg, me, state, asker, question).await
        }
        Job::Admin(AdminCommand::Docs) => documents::list(bot, msg, state, lang).await,
        Job::Admin(AdminCommand::Undo) => documents::undo(bot, msg, asker.id, state, lang).await,
        Job::Admin(AdminCommand::Reindex) => send(bot, msg, &reindex(state, lang).await).await,
        Job::Admin(AdminCommand::Stats) => {
            let mut stats = interface::stats(
                &state.answerer.info(),
                &interface::ServingStats {
                    answered: state.answered.load(Ordering::Relaxed),
                    declined: state.declined.load(Ordering::Relaxed),
                    uptime: state.started.elapsed(),
                },
                lang,
            );
            let changes = crate::documents::journal(&state.settings.corpus).unwrap_or_default();
            stats.push_str(&reply::documents::changes_line(&changes, lang));
            send(bot, msg, &stats).await
        }
        // Routing takes files from private chats only.
        Job::Document(file) => documents::on_file(bot, msg, file, state, lang).await,
        Job::DocumentRefused => {
            send(bot, msg, reply::documents::documents_for_operators(lang)).await
        }
        Job::Refused(command) => {
            warn!(user = asker.id, command = ?command, "admin command refused: user is not in ADMIN_USER_IDS");
            send(bot, msg, interface::operators_only(lang)).await
        }
        // An unknown command, or one meant for another bot: only a private chat gets a hint.
        Job::UnknownCommand if chat == ChatKind::Private => {
            send(bot, msg, interface::unknown_command(lang)).await
        }
        Job::UnknownCommand => Ok(()),
        Job::NotText => {
            let hint = interface::text_only_hint(&state.answerer.info(), lang);
            send(bot, msg, &hint).await
        }
    }
}

/// Answers a question on the shared answer path and replies with the quote.
async fn answer(
    bot: &Outbox,
    msg: &Message,
    me: &Me,
    state: &State,
    asker: Asker<'_>,
    question: &str,
) -> anyhow::Result<()> {
    let user = asker.id;
    let lang = asker.lang();
    let chat = asker.chat;
    if question.trim().is_empty() {
        // A bare mention ("@bot") in a group: a hello and what to ask.
        let hello = interface::small_talk(SmallTalk::Greeting, &state.answerer.info(), lang);
        return send(bot, msg, &hello).await;
    }
    bot.show_typing(msg.chat.id).await;
    // Answering takes well under a millisecond of CPU, so it runs right here: handing it to
    // another thread would cost more than it saves, and under a burst would spawn a thread
    // per waiting chat.
    let chat_id = msg.chat.id.0;
    // A reply to one of the bot's answers follows that answer up.
    let replying_to = msg
        .reply_to_message()
        .filter(|replied| replied.from.as_ref().is_some_and(|from| from.id == me.id))
        .map(|replied| Replied {
            key: answer_key(replied),
            text: replied.text(),
        });
    let said = Said::Text {
        text: question,
        hint: asker.language_code,
        replying_to,
    };
    let responded = std::panic::catch_unwind(AssertUnwindSafe(|| {
        respond(state, conversation(chat_id, user), said, None)
    }));
    let rendered = match responded {
        Ok(Ok(rendered)) => rendered,
        Ok(Err(err)) => {
            error!(error = %format!("{err:#}"), "search failed");
            return send(bot, msg, interface::something_went_wrong(lang)).await;
        }
        Err(_) => {
            error!("search panicked");
            return send(bot, msg, interface::something_went_wrong(lang)).await;
        }
    };
    let target = Target::reply_to(msg);
    let deliver = |rendered: &Rendered| {
        let (html, buttons) = (rendered.html.clone(), rendered.buttons.clone());
        async move { deliver(bot, target, &html, &buttons).await }
    };
    let small_talk = rendered
        .outcome
        .as_ref()
        .is_some_and(|o| o.small_talk.is_some());
    let Some(outcome) = rendered.outcome.as_ref().filter(|_| !small_talk) else {
        // Small talk or "tell me more": neither answered nor declined, and not journaled.
        let sent = typing_while(bot, msg.chat.id, deliver(&rendered)).await;
        if small_talk {
            ops::question("small_talk", asker.arrived.elapsed());
        }
        info!(chat = chat.name(), "conversation");
        return sent.map(drop);
    };
    let counter = if outcome.answered {
        &state.answered
    } else {
        &state.declined
    };
    counter.fetch_add(1, Ordering::Relaxed);
    let best_score = outcome.candidates.first().map_or(0.0, |p| p.score);
    if let Some(journal) = &state.journal {
        let user = state.settings.log_user_ids.then_some(user);
        let mut entry = Entry::now(outcome.answered, best_score, question, user);
        if !state.settings.log_questions {
            entry.question = None;
        }
        entry.edited = msg.edit_date().is_some();
        if let Err(err) = journal.append(&entry) {
            warn!(error = %format!("{err:#}"), journal = %journal.path().display(), "cannot write the question journal");
        }
    }
    let sent = typing_while(bot, msg.chat.id, deliver(&rendered)).await;
    info!(
        chat = chat.name(),
        question_chars = question.chars().count(),
        answered = outcome.answered,
        score = best_score,
        latency_ms = asker.arrived.elapsed().as_secs_f64() * 1000.0,
        "question"
    );
    let kind = if outcome.answered {
        "answered"
    } else {
        "declined"
    };
    ops::question(kind, asker.arrived.elapsed());
    sent.map(drop)
}

/// The answer a message of the bot's carries: its More button names it. (Telegram gives the
/// message replied to with its buttons, so the bot keeps no map of its messages.)
fn answer_key(message: &Message) -> Option<u32> {
    let keyboard = message.reply_markup()?;
    keyboard
        .inline_keyboard
        .iter()
        .flatten()
        .find_map(|button| match &button.kind {
            InlineKeyboardButtonKind::CallbackData(data) => match Press::decode(data) {
                Some(Press::More { key, .. }) => key,
                _ => None,
            },
            _ => None,
        })
}

/// Rebuilds the index from the corpus and serves it; the reply says how it went.
async fn reindex(state: &State, lang: &'static Language) -> String {
    let (corpus, index_dir) = (&state.settings.corpus, &state.settings.index);
    let built = tokio::task::block_in_place(|| index::build(corpus, index_dir, false, &NoProgress));
    match built {
        Ok(report) => {
            if let Err(err) = state.answerer.index().reload() {
                warn!(error = %err, "reload after reindex failed; the new index shows within a second");
            }
            info!(
                documents = report.documents,
                paragraphs = report.paragraphs,
                "reindexed on request"
            );
            interface::reindexed(&report, lang)
        }
        Err(BuildError::Busy { .. }) => {
            info!("reindex on request refused: another is running");
            interface::reindex_busy(lang).to_owned()
        }
        Err(err) => {
            warn!(error = %format!("{err:#}"), "reindex on request failed");
            interface::reindex_failed(&format!("{err:#}"), lang)
        }
    }
}
