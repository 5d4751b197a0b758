//! The outbox: every Bot API call the bot makes, and nothing else. At most [`CONNECTIONS`]
//! requests are in flight (otherwise a burst opens a connection per waiting reply, and RSS
//! grows with how slow the server answers). With throttling on, every message waits for its
//! slot from the [`Pacer`], which keeps Telegram's limits as Telegram counts them; chat
//! actions, button answers and inline answers are not messages and go at once. Every message
//! is retried on `RetryAfter`, network and server errors with back-off ([`deliver`]).

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use teloxide::prelude::*;
use teloxide::types::{
    CallbackQueryId, ChatAction, FileId, InlineKeyboardButton, InlineKeyboardMarkup, InlineQueryId,
    InlineQueryResult, InlineQueryResultArticle, InputMessageContent, InputMessageContentText,
    LinkPreviewOptions, MessageId, ParseMode, ReplyParameters, ThreadId,
};
use teloxide::{ApiError, RequestError};
use tokio::sync::Semaphore;
use tracing::warn;

use crate::ops::{self, ApiHealth};
use crate::pace::{self, Pacer};
use crate::reply::{ButtonRow, InlineResult};

/// Why a file could not be downloaded.
#[derive(Debug)]
pub(super) enum Download {
    /// It has more bytes (at least this many) than the limit.
    TooLarge(u64),
    /// The Bot API or the connection failed (the reason, without any URL).
    Failed(String),
}

/// The Bot API, with the limits and the health record every call goes through.
#[derive(Clone)]
pub struct Outbox {
    bot: Bot,
    in_flight: Arc<Semaphore>,
    pacer: Option<Arc<Pacer>>,
    /// Whether the last call reached the Bot API, for `/healthz`.
    health: Arc<ApiHealth>,
}

impl Outbox {
    pub(super) fn new(bot: Bot, throttle: bool, health: Arc<ApiHealth>) -> Outbox {
        Outbox {
            bot,
            in_flight: Arc::new(Semaphore::new(CONNECTIONS)),
            pacer: throttle.then(|| Arc::new(Pacer::new(pace::Limits::TELEGRAM))),
            health,
        }
    }

    /// Runs one Bot API call, holding an in-flight permit while it is out.
    async fn call<T>(
        &self,
        call: impl Future<Output = Result<T, RequestError>>,
    ) -> Result<T, RequestError> {
        let _permit = self.in_flight.acquire().await.ok();
        let result = call.await;
        if let Err(err) = &result {
            ops::bot_api_error(error_kind(err));
        }
        self.health.record(reached_the_api(&result));
        result
    }

    /// Sends `html` to `target` (its chat and forum topic, replying to its message, when it
    /// names one), without a link preview, with `buttons` under it, once its slot has come;
    /// returns the id of the message sent. Group and channel ids are negative, private
    /// chats' positive.
    async fn send_html(
        &self,
        target: Target,
        html: &str,
        buttons: &[ButtonRow],
    ) -> Result<i32, RequestError> {
        if let Some(pacer) = &self.pacer {
            let chat = target.chat.0;
            let slot = pacer.reserve(chat, chat < 0, Instant::now());
            tokio::time::sleep_until(slot.into()).await;
        }
        let mut request = self
            .bot
            .send_message(target.chat, html)
            .parse_mode(ParseMode::Html)
            .link_preview_options(NO_LINK_PREVIEW);
        if let Some(keyboard) = keyboard(buttons) {
            request = request.reply_markup(keyboard);
        }
        if let Some(to) = target.reply_to {
            request =
                request.reply_parameters(ReplyParameters::new(to).allow_sending_without_reply());
        }
        if let Some(thread) = target.thread {
            request = request.message_thread_id(thread);
        }
        self.call(request.send()).await.map(|sent| sent.id.0)
    }

    /// Answers a button press, with a short text the user sees (or none).
    pub(super) async fn answer_press(
        &self,
        id: CallbackQueryId,
        text: Option<String>,
    ) -> Result<(), RequestError> {
        let mut request = self.bot.answer_callback_query(id);
        if let Some(text) = text {
            request = request.text(text);
        }
        self.call(request.send()).await.map(drop)
    }

    /// Downloads the file `file_id` through the Bot API (`getFile`, then the file itself),
    /// refusing one over `limit` bytes as soon as its size is known — before the download when
    /// Telegram says it, during it when it does not.
    pub(super) async fn download(&self, file_id: FileId, limit: u64) -> Result<Vec<u8>, Download> {
        use futures::StreamExt;
        use teloxide::net::Download as _;
        let file = self
            .call(self.bot.get_file(file_id).send())
            .await
            .map_err(|err| match err {
                // Telegram's own words ("file is too big"); a network error's text would
                // hold the request's URL, and so the token.
                RequestError::Api(api) => Download::Failed(format!("the Bot API said: {api}")),
                _ => Download::Failed("the Bot API could not be reached".to_owned()),
            })?;
        if u64::from(file.size) > limit {
            return Err(Download::TooLarge(u64::from(file.size)));
        }
        let _permit = self.in_flight.acquire().await.ok();
        let mut stream = self.bot.download_file_stream(&file.path);
        let mut bytes = Vec::new();
        while let Some(chunk) = stream.next().await {
            // The error's text holds the file's URL, and so the token: never passed on.
            let chunk = chunk.map_err(|_| Download::Failed("the download failed".to_owned()))?;
            bytes.extend_from_slice(&chunk);
            if bytes.len() as u64 > limit {
                return Err(Download::TooLarge(bytes.len() as u64));
            }
        }
        Ok(bytes)
    }

    /// Shows "typing…" in `chat`; a failure only loses the hint.
    pub(super) async fn show_typing(&self, chat: ChatId) {
        let _ = self
            .call(self.bot.send_chat_action(chat, ChatAction::Typing).send())
            .await;
    }

    /// Answers an inline query with `results`, which Telegram may cache for everyone for
    /// [`INLINE_CACHE`].
    pub(super) async fn answer_inline(
        &self,
        id: InlineQueryId,
        results: Vec<InlineResult>,
    ) -> Result<(), RequestError> {
        let results = results.into_iter().map(|result| {
            let message = InputMessageContentText::new(result.html)
                .parse_mode(ParseMode::Html)
                .link_preview_options(NO_LINK_PREVIEW);
            InlineQueryResult::Article(
                InlineQueryResultArticle::new(
                    result.id,
                    result.title,
                    InputMessageContent::Text(message),
                )
                .description(result.description),
            )
        });
        let request = self
            .bot
            .answer_inline_query(id, results)
            .cache_time(INLINE_CACHE.as_secs() as u32)
            // The results depend on the query's words only (and the asker's language when
            // the words don't tell it), so everyone asking the same may share them.
            .is_personal(false);
        self.call(request.send()).await.map(drop)
    }
}

/// How a failed Bot API call failed, for the metrics.
fn error_kind(err: &RequestError) -> &'static str {
    match err {
        RequestError::RetryAfter(_) => "rate_limited",
        RequestError::Network(_) | RequestError::Io(_) => "network",
        err if is_transient(err) => "server",
        _ => "api",
    }
}

/// Whether a call's result came from the Bot API (an error it sent counts; a network failure,
/// a server error or a refused token does not).
pub(super) fn reached_the_api<T>(result: &Result<T, RequestError>) -> bool {
    match result {
        Ok(_) => true,
        Err(RequestError::Api(ApiError::InvalidToken)) => false,
        Err(err) => !matches!(error_kind(err), "network" | "server"),
    }
}

/// Where a message goes: a chat, the message it replies to, the forum topic it is in.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    pub(super) chat: ChatId,
    pub(super) reply_to: Option<MessageId>,
    pub(super) thread: Option<ThreadId>,
}

impl Target {
    /// A reply to `msg`, in its chat and forum topic.
    pub(super) fn reply_to(msg: &Message) -> Target {
        Target {
            chat: msg.chat.id,
            reply_to: Some(msg.id),
            thread: msg.thread_id.filter(|_| msg.is_topic_message),
        }
    }
}

/// How long Telegram may keep an inline query's results for anyone typing the same: a
/// reindex shows in inline mode within this time.
const INLINE_CACHE: Duration = Duration::from_secs(300);

/// Answers quote documents, whose links need no preview card.
const NO_LINK_PREVIEW: LinkPreviewOptions = LinkPreviewOptions {
    is_disabled: true,
    url: None,
    prefer_small_media: false,
    prefer_large_media: false,
    show_above_text: false,
};

/// Sends are tried this many times on network errors, server errors and `RetryAfter`: with
/// back-off doubling from 0.5 s to [`MAX_BACKOFF`], about half a minute of outage.
const SEND_ATTEMPTS: u32 = 8;

/// The longest wait between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(8);

/// Connections to the Bot API kept open for reuse, and requests in flight at most: unbounded,
/// a burst opens a connection per reply in flight, and their buffers stay.
pub(super) const CONNECTIONS: usize = 16;

/// Telegram shows "typing…" for 5 seconds; it is shown again this often while a reply waits
/// (for the chat's rate limit, or a retry).
const TYPING_REFRESH: Duration = Duration::from_secs(4);

/// Runs `sending` with "typing…" shown in `chat` until it is done, so a reply held back by the
/// rate limit does not wait in silence. (The pacer does not hold chat actions back.)
pub(super) async fn typing_while<T>(
    bot: &Outbox,
    chat: ChatId,
    sending: impl Future<Output = T>,
) -> T {
    let mut sending = std::pin::pin!(sending);
    loop {
        tokio::select! {
            done = &mut sending => return done,
            _ = tokio::time::sleep(TYPING_REFRESH) => bot.show_typing(chat).await,
        }
    }
}

/// The rows of inline buttons, or none.
fn keyboard(buttons: &[ButtonRow]) -> Option<InlineKeyboardMarkup> {
    (!buttons.is_empty()).then(|| {
        InlineKeyboardMarkup::new(buttons.iter().map(|row| {
            row.iter()
                .map(|button| InlineKeyboardButton::callback(&button.label, button.press.encode()))
                .collect::<Vec<_>>()
        }))
    })
}

/// Replies to `msg` in HTML, retrying what can be retried.
pub(super) async fn send(bot: &Outbox, msg: &Message, html: &str) -> anyhow::Result<()> {
    send_with(bot, msg, html, &[]).await
}

/// Replies to `msg` in HTML with `buttons` under it, retrying what can be retried.
pub(super) async fn send_with(
    bot: &Outbox,
    msg: &Message,
    html: &str,
    buttons: &[ButtonRow],
) -> anyhow::Result<()> {
    deliver(bot, Target::reply_to(msg), html, buttons)
        .await
        .map(drop)
}

/// Sends `html` with `buttons` to `target`, retrying network errors, server errors and
/// Telegram's "retry after" with back-off; returns the id of the message sent. Every message
/// the bot sends goes through here.
pub(super) async fn deliver(
    bot: &Outbox,
    target: Target,
    html: &str,
    buttons: &[ButtonRow],
) -> anyhow::Result<i32> {
    let mut delay = Duration::from_millis(500);
    for attempt in 1..=SEND_ATTEMPTS {
        match bot.send_html(target, html, buttons).await {
            Ok(id) => return Ok(id),
            Err(RequestError::RetryAfter(wait)) if attempt < SEND_ATTEMPTS => {
                warn!(retry_in = ?wait.duration(), "rate-limited by Telegram");
                tokio::time::sleep(wait.duration()).await;
            }
            Err(err) if attempt < SEND_ATTEMPTS && is_transient(&err) => {
                warn!(error = %err, retry_in = ?delay, "sending failed; retrying");
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(MAX_BACKOFF);
            }
            Err(err) => return Err(err).context("cannot send the reply"),
        }
    }
    anyhow::bail!("cannot send the reply after {SEND_ATTEMPTS} attempts")
}

/// Failures that a later attempt can get past: the network, or the server itself (HTTP 5xx
/// reach us as API errors whose description is the status text).
fn is_transient(err: &RequestError) -> bool {
    match err {
        RequestError::Network(_) | RequestError::Io(_) | RequestError::InvalidJson { .. } => true,
        RequestError::Api(ApiError::Unknown(description)) => [
            "Internal Server Error",
            "Bad Gateway",
            "Service Unavailable",
            "Gateway Timeout",
        ]
        .iter()
        .any(|status| description.contains(status)),
        _ => false,
    }
}
