//! What routing and the handlers share: the bot's state, and what an update becomes once
//! routed — a [`Job`] for a message, a [`ButtonPress`] for a press — queued in its chat's turn
//! ([`Incoming`]).

use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, AtomicU64};
use std::time::Instant;

use teloxide::types::{CallbackQuery, CallbackQueryId, ChatId, Message, MessageId, ThreadId};

use super::commands::{AdminCommand, Command};
use super::outbox::Target;
use crate::chat_turns::ChatTurns;
use crate::config::Settings;
use crate::dialogue::{self, Dialogue};
use crate::flood::FloodGuard;
use crate::journal::{self, Journal};
use crate::search::Answerer;

/// Shared by all handlers.
pub struct State {
    pub(super) answerer: Answerer,
    pub(super) journal: Option<Journal>,
    pub(super) settings: Settings,
    /// Each user's allowances, checked before anything is queued.
    pub(super) flood: Allowances,
    /// Messages and button presses waiting for their chat's previous one to be handled.
    pub(super) turns: ChatTurns<Incoming>,
    pub(super) answered: AtomicU64,
    pub(super) declined: AtomicU64,
    pub(super) started: Instant,
    /// The conversation: each answer remembered, for follow-ups, replies and More.
    pub(super) dialogue: Dialogue,
    /// The last vote per (chat, user, answer message), so a second vote replaces the first.
    pub(super) votes: Mutex<lru::LruCache<(i64, u64, i32), bool>>,
    pub(super) votes_journal: Option<Journal>,
    /// Files operators sent, previewed and waiting for Add or Cancel, by token.
    pub(super) drafts: Mutex<lru::LruCache<u32, PendingDraft>>,
    /// One document change at a time, in the order they came (tokio's lock is fair).
    pub(super) changes: tokio::sync::Mutex<()>,
    pub(super) next_token: AtomicU32,
}

/// A sent file's change, previewed, waiting for its Add.
pub struct PendingDraft {
    pub(super) plan: crate::documents::Plan,
}

/// Previews kept at once; an older one's buttons say it expired.
pub(super) const MAX_DRAFTS: usize = 32;

impl State {
    pub(super) fn new(settings: Settings, answerer: Answerer) -> anyhow::Result<State> {
        let journal = match &settings.question_log {
            Some(path) => Some(Journal::open(path, "the question journal")?),
            None => None,
        };
        let votes_journal = match &settings.question_log {
            Some(path) => Some(Journal::open(
                &journal::votes_path(path),
                "the votes journal",
            )?),
            None => None,
        };
        Ok(State {
            journal,
            flood: Allowances::new(settings.flood_limit_per_minute),
            turns: ChatTurns::new(settings.chat_queue_limit),
            answerer,
            settings,
            answered: AtomicU64::new(0),
            declined: AtomicU64::new(0),
            started: Instant::now(),
            dialogue: Dialogue::new(dialogue::MAX_ANSWERS, dialogue::TURN_TTL),
            votes: Mutex::new(lru::LruCache::unbounded()),
            votes_journal,
            drafts: Mutex::new(lru::LruCache::unbounded()),
            changes: tokio::sync::Mutex::new(()),
            // Tokens of this run differ from the last run's, whose previews are gone.
            next_token: AtomicU32::new(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(1, |since| since.subsec_nanos() ^ since.as_secs() as u32),
            ),
        })
    }
}

/// A flood allowance per kind of update, so that one kind does not use up another's: messages
/// of every kind (questions, commands, small talk, stickers) share `MOU_FLOOD_LIMIT`; button
/// presses have as many of their own; inline queries three times as many, because Telegram
/// sends one at each pause in typing.
pub struct Allowances {
    pub(super) messages: FloodGuard,
    pub(super) presses: FloodGuard,
    pub(super) inline: FloodGuard,
}

impl Allowances {
    fn new(per_minute: u32) -> Allowances {
        Allowances {
            messages: FloodGuard::new(per_minute),
            presses: FloodGuard::new(per_minute),
            inline: FloodGuard::new(per_minute.saturating_mul(3)),
        }
    }
}

/// What a message asks of the bot, as routing read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    /// A public command.
    Command(Command),
    /// An operators' command from someone in ADMIN_USER_IDS.
    Admin(AdminCommand),
    /// An operators' command from someone else.
    Refused(AdminCommand),
    /// A command the bot does not have (or one for another bot).
    UnknownCommand,
    /// A question: any text in a private chat; in a group, one meant for the bot (mention
    /// removed).
    Question(String),
    /// A sticker, a voice message, a photo without a caption… in a private chat.
    NotText,
    /// A file an operator sent in a private chat, to add to the documents.
    Document(Box<SentFile>),
    /// A file from someone who is not an operator, in a private chat.
    DocumentRefused,
}

/// A file as the message carries it: enough to check it before downloading it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentFile {
    pub(super) file_id: teloxide::types::FileId,
    pub(super) name: String,
    pub(super) size: u64,
    /// The caption's text, with the links of its linked words after it.
    pub(super) caption: Option<String>,
}

/// What waits for its chat's previous update to be handled: a message with its job and the
/// time it arrived, or a button press. Boxed, so a chat's queue holds pointers: a `Message`
/// is hundreds of bytes, and a queue grown to 16 places for 9 waiting messages holds them all.
pub enum Incoming {
    Message(Box<(Message, Job)>, Instant),
    Press(Box<ButtonPress>),
}

/// Where a message came from, as far as replying goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatKind {
    Private,
    Group,
}

impl ChatKind {
    /// The kind of `chat`'s chat, if the bot talks there (not in channels).
    pub(super) fn of(msg: &Message) -> Option<ChatKind> {
        if msg.chat.is_private() {
            Some(ChatKind::Private)
        } else if msg.chat.is_group() || msg.chat.is_supergroup() {
            Some(ChatKind::Group)
        } else {
            None
        }
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            ChatKind::Private => "private",
            ChatKind::Group => "group",
        }
    }
}

/// A button press, as much of it as handling it needs: queued in its chat, it holds a few
/// hundred bytes instead of the whole update.
pub struct ButtonPress {
    pub(super) id: CallbackQueryId,
    pub(super) user: u64,
    pub(super) language_code: Option<String>,
    pub(super) data: Option<String>,
    /// The chat and message the button is under.
    pub(super) chat: Option<ChatId>,
    pub(super) message_id: i32,
    /// The forum topic of that message.
    pub(super) thread: Option<ThreadId>,
    /// The text of the message the button is under.
    pub(super) text: Option<String>,
    /// The question of the answer the button is under (the message that answer replied to),
    /// and that message's id.
    pub(super) question: Option<String>,
    pub(super) question_id: Option<MessageId>,
}

impl ButtonPress {
    pub(super) fn of(press: CallbackQuery) -> ButtonPress {
        let message = press.message.as_ref();
        let regular = message.and_then(|m| m.regular_message());
        let asked = regular.and_then(|m| m.reply_to_message());
        ButtonPress {
            chat: message.map(|m| m.chat().id),
            message_id: message.map_or(0, |m| m.id().0),
            thread: regular.and_then(|m| m.thread_id.filter(|_| m.is_topic_message)),
            text: regular.and_then(|m| m.text()).map(str::to_owned),
            question: asked.and_then(|m| m.text()).map(str::to_owned),
            question_id: asked.map(|m| m.id),
            id: press.id,
            user: press.from.id.0,
            language_code: press.from.language_code,
            data: press.data,
        }
    }

    /// Where a reply to this press goes: to the question the answer under it replied to, so
    /// that every answer to a question replies to it (and its question can be read again from
    /// any of them); else to the message the button is under.
    pub(super) fn target(&self, chat: ChatId) -> Target {
        Target {
            chat,
            reply_to: self.question_id.or(Some(MessageId(self.message_id))),
            thread: self.thread,
        }
    }
}

/// Whose conversation a message continues: a private chat's, or in a group each member's
/// own, so that Alice's "and when?" follows her question, not Bob's later one. (Replies and
/// More name their answer themselves.) Group ids are negative, users' positive.
pub(super) fn conversation(chat: i64, user: u64) -> i64 {
    if chat > 0 {
        return chat;
    }
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&chat.to_le_bytes());
    bytes[8..].copy_from_slice(&user.to_le_bytes());
    // FNV-1a: stable, spread over all 64 bits; kept negative, apart from private chats.
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    (hash | 1 << 63) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_private_chat_is_one_conversation_and_each_group_member_has_their_own() {
        assert_eq!(conversation(42, 42), 42);
        assert_eq!(conversation(42, 7), 42);
        let (alice, bob) = (conversation(-100, 1), conversation(-100, 2));
        assert_ne!(alice, bob);
        assert_eq!(alice, conversation(-100, 1));
        // Never a private chat's id.
        assert!(alice < 0 && bob < 0);
        assert_ne!(conversation(-101, 1), alice);
    }
}
