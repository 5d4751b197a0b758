//! Routing: which handler an update goes to, as a `dptree` tree of branches and filters (as
//! teloxide's own examples route). A message becomes a [`Job`] — a public command, an
//! operators' command (behind the admin filter), an unknown command, a question, or something
//! that is not text — and is queued in its chat's turn, so that a chat's replies keep the order
//! of what it sent whatever branch each message took. Group chatter not meant for the bot
//! matches no branch and is left alone. Button presses queue in their chat's turn too; inline
//! queries are answered at once. Every update is weighed against its user's flood allowance
//! for its kind before it is queued, so a flood costs neither memory nor a place in the queue.

use std::sync::Arc;
use std::time::Instant;

use teloxide::dispatching::UpdateHandler;
use teloxide::prelude::*;
use teloxide::types::{Me, MessageKind};
use teloxide::utils::command::BotCommands;
use tracing::{info, warn};

use super::commands::{self, AdminCommand, Command};
use super::handlers::in_turn;
use super::inline::on_inline_query;
use super::outbox::{Outbox, send};
use super::presses::answer_press;
use super::state::{ButtonPress, ChatKind, Incoming, Job, SentFile, State};
use crate::flood::Verdict;
use crate::language;
use crate::ops;
use crate::reply::interface;

/// The handler tree: new and edited messages alike, button presses, inline queries.
pub fn schema() -> UpdateHandler<anyhow::Error> {
    dptree::entry()
        .branch(Update::filter_message().chain(messages()))
        .branch(Update::filter_edited_message().chain(messages()))
        .branch(Update::filter_callback_query().endpoint(on_press))
        .branch(Update::filter_inline_query().endpoint(on_inline_query))
}

/// A message from a person in a private chat or a group, by what it asks.
fn messages() -> UpdateHandler<anyhow::Error> {
    dptree::filter(from_a_person)
        // A file sent in a private chat: an operator's document, whatever its caption says.
        .branch(
            dptree::filter_map(sent_file)
                .branch(
                    dptree::filter(from_an_admin)
                        .map(|file: SentFile| Job::Document(Box::new(file)))
                        .endpoint(queue),
                )
                .map(|| Job::DocumentRefused)
                .endpoint(queue),
        )
        .branch(
            dptree::filter_map(command::<Command>)
                .map(Job::Command)
                .endpoint(queue),
        )
        .branch(
            dptree::filter_map(command::<AdminCommand>)
                .branch(
                    dptree::filter(from_an_admin)
                        .map(Job::Admin)
                        .endpoint(queue),
                )
                .map(Job::Refused)
                .endpoint(queue),
        )
        .branch(
            dptree::filter(is_a_command)
                .map(|| Job::UnknownCommand)
                .endpoint(queue),
        )
        .branch(
            dptree::filter_map(question)
                .map(Job::Question)
                .endpoint(queue),
        )
        .branch(
            dptree::filter(is_not_text)
                .map(|| Job::NotText)
                .endpoint(queue),
        )
}

/// The file a message in a private chat carries (groups' files are the group's business).
fn sent_file(msg: Message) -> Option<SentFile> {
    if ChatKind::of(&msg) != Some(ChatKind::Private) {
        return None;
    }
    let document = msg.document()?;
    // Linked words in the caption carry their link apart from the text: the link is the
    // document's `url`, so it goes after the text.
    let caption = msg.caption().map(|text| {
        let links = msg
            .caption_entities()
            .unwrap_or_default()
            .iter()
            .filter_map(|e| match &e.kind {
                teloxide::types::MessageEntityKind::TextLink { url } => Some(url.to_string()),
                _ => None,
            });
        std::iter::once(text.to_owned())
            .chain(links)
            .collect::<Vec<_>>()
            .join(" ")
    });
    Some(SentFile {
        file_id: document.file.id.clone(),
        name: document.file_name.clone().unwrap_or_default(),
        size: u64::from(document.file.size),
        caption,
    })
}

/// From a person (not a bot), in a chat the bot talks in (not a channel).
fn from_a_person(msg: Message) -> bool {
    msg.from.as_ref().is_some_and(|user| !user.is_bot) && ChatKind::of(&msg).is_some()
}

/// The words of a message: its text, or a photo's caption.
fn words(msg: &Message) -> Option<&str> {
    msg.text().or(msg.caption())
}

/// The message as a command of `C`, its command word in any case.
fn command<C: BotCommands>(msg: Message, me: Me) -> Option<C> {
    commands::parse(words(&msg)?, me.username())
}

fn from_an_admin(msg: Message, state: Arc<State>) -> bool {
    msg.from
        .as_ref()
        .is_some_and(|user| state.settings.admin_user_ids.contains(&user.id.0))
}

fn is_a_command(msg: Message) -> bool {
    words(&msg).is_some_and(|text| text.trim_start().starts_with('/'))
}

/// The question a message asks the bot: any text in a private chat; in a group, a message
/// that mentions the bot (the mention removed) or replies to one of its messages.
fn question(msg: Message, me: Me) -> Option<String> {
    let text = words(&msg)?;
    match ChatKind::of(&msg)? {
        ChatKind::Private => Some(text.to_owned()),
        ChatKind::Group => addressed_question(text, &msg, &me),
    }
}

/// A sticker, a voice message, a location… in a private chat (service messages and group
/// chatter get silence).
fn is_not_text(msg: Message) -> bool {
    ChatKind::of(&msg) == Some(ChatKind::Private)
        && words(&msg).is_none()
        && matches!(msg.kind, MessageKind::Common(_))
}

/// Queues the message and its job in its chat's turn (handled now when the chat is idle),
/// when its user is within their allowance for messages; past it they are told once.
async fn queue(
    bot: Outbox,
    msg: Message,
    job: Job,
    me: Me,
    state: Arc<State>,
) -> anyhow::Result<()> {
    let Some(user) = msg.from.as_ref() else {
        return Ok(());
    };
    match state.flood.messages.check(user.id.0, Instant::now()) {
        Verdict::Allow => {}
        verdict => {
            ops::flood_limited("message");
            if verdict == Verdict::SlowDown {
                info!(
                    update = "message",
                    "flood limit reached; asking to slow down"
                );
                let lang = language::for_interface(user.language_code.as_deref());
                if let Err(err) = send(&bot, &msg, interface::slow_down(lang)).await {
                    warn!(error = %format!("{err:#}"), "could not ask to slow down");
                }
            }
            return Ok(());
        }
    }
    let chat = msg.chat.id.0;
    let incoming = Incoming::Message(Box::new((msg, job)), Instant::now());
    in_turn(&bot, &me, &state, chat, incoming).await;
    Ok(())
}

/// Handles a press of a button in its chat's turn (a press under no chat's message, at once).
async fn on_press(
    bot: Outbox,
    press: CallbackQuery,
    me: Me,
    state: Arc<State>,
) -> anyhow::Result<()> {
    let press = ButtonPress::of(press);
    match state.flood.presses.check(press.user, Instant::now()) {
        Verdict::Allow => {}
        verdict => {
            ops::flood_limited("press");
            // Only the first press past the allowance is answered, with the notice: answering
            // each would be the flood's work done by the bot.
            if verdict == Verdict::SlowDown {
                info!(update = "press", "flood limit reached; asking to slow down");
                let lang = language::for_interface(press.language_code.as_deref());
                let notice = interface::slow_down(lang).to_owned();
                if let Err(err) = bot.answer_press(press.id, Some(notice)).await {
                    warn!(error = %err, "could not ask to slow down");
                }
            }
            return Ok(());
        }
    }
    match press.chat {
        Some(chat) => in_turn(&bot, &me, &state, chat.0, Incoming::Press(Box::new(press))).await,
        None => answer_press(&bot, &press, &state).await,
    }
    Ok(())
}

/// In a group: the question, when the message is for this bot (a mention, or a reply to one
/// of its messages).
fn addressed_question(text: &str, msg: &Message, me: &Me) -> Option<String> {
    let mention = format!("@{}", me.username());
    if let Some(stripped) = strip_mention(text, &mention) {
        return Some(stripped);
    }
    let replies_to_bot = msg
        .reply_to_message()
        .and_then(|replied| replied.from.as_ref())
        .is_some_and(|author| author.id == me.id);
    replies_to_bot.then(|| text.to_owned())
}

/// Removes every `@botname` (any case) from `text`, or `None` when there is none. Only a
/// whole username counts: `@mou_bot_helper` does not mention `@mou_bot`. Usernames are ASCII,
/// so matching byte by byte never splits a character of the text.
fn strip_mention(text: &str, mention: &str) -> Option<String> {
    let (haystack, needle) = (text.as_bytes(), mention.as_bytes());
    if needle.is_empty() || !mention.is_ascii() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut found = false;
    let mut i = 0;
    while i + needle.len() <= haystack.len() {
        let whole = haystack
            .get(i + needle.len())
            .is_none_or(|&next| !(next.is_ascii_alphanumeric() || next == b'_'));
        if whole && haystack[i..i + needle.len()].eq_ignore_ascii_case(needle) {
            out.push_str(&text[at..i]);
            out.push(' ');
            i += needle.len();
            at = i;
            found = true;
        } else {
            i += 1;
        }
    }
    out.push_str(&text[at..]);
    found.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_are_stripped_in_any_case() {
        assert_eq!(
            strip_mention("@MouBot who signed?", "@moubot").as_deref(),
            Some("  who signed?")
        );
        assert_eq!(
            strip_mention("so @moubot, when?", "@MouBot").as_deref(),
            Some("so  , when?")
        );
        assert_eq!(strip_mention("no mention here", "@moubot"), None);
        // Another bot whose name starts the same is not this one.
        assert_eq!(strip_mention("@moubot_helper who?", "@moubot"), None);
        assert_eq!(
            strip_mention("@moubot_helper and @moubot: who?", "@moubot").as_deref(),
            Some("@moubot_helper and  : who?")
        );
        // Letters whose lower case has another length must not break the slicing.
        assert_eq!(
            strip_mention("İẞ @MOUBOT ß?", "@moubot").as_deref(),
            Some("İẞ   ß?")
        );
    }
}
