//! The Telegram bot: the only module that knows teloxide.
//!
//! An update source (long polling, in `run`) feeds a dispatcher whose handler tree is
//! [`schema`]: one branch per kind of update. Every message goes through `on_message`, which
//! never lets a panic or an error escape (a handler panic would kill the dispatcher):
//! questions are answered on the shared answer path; every text the bot says, quote or not,
//! comes from [`crate::reply`]. Everything that is not a question gets a short hint or a
//! deliberate silence.
//!
//! Every Bot API call goes through [`Outbox`]: with throttling on, messages are paced to
//! Telegram's limits ([`crate::pace`]), and every send is retried on `RetryAfter`, network and server errors
//! with back-off. SIGINT and SIGTERM stop taking updates, let in-flight replies finish, and
//! exit 0.

use std::io::Write;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use futures::FutureExt;
use futures::future::BoxFuture;
use teloxide::dispatching::{ShutdownToken, UpdateHandler};
use teloxide::error_handlers::LoggingErrorHandler;
use teloxide::prelude::*;
use teloxide::types::AllowedUpdate;
use teloxide::types::{
    BotCommand, CallbackQueryId, ChatAction, InlineKeyboardButton, InlineKeyboardButtonKind,
    InlineKeyboardMarkup, InlineQueryId, InlineQueryResult, InlineQueryResultArticle,
    InputMessageContent, InputMessageContentText, LinkPreviewOptions, Me, MessageId, MessageKind,
    ParseMode, ReplyParameters, ThreadId,
};
use teloxide::update_listeners::{Polling, UpdateListener, webhooks};
use teloxide::utils::command::BotCommands;
use teloxide::{ApiError, RequestError};
use tokio::sync::Semaphore;
use tracing::{error, info, warn};

use crate::chat_turns::ChatTurns;
use crate::config::{self, BotToken, Settings, redact};
use crate::dialogue::{self, Dialogue, Replied, Response, Said};
use crate::feedback::{self, Press, StartLink};
use crate::flood::{FloodGuard, Verdict};
use crate::index::{self, NoProgress};
use crate::journal::{self, Entry, Journal};
use crate::language::{self, EN, Language, RU, UZ};
use crate::ops::{self, ApiHealth, Ops};
use crate::pace::{self, Pacer};
use crate::reply::{self, ButtonRow, InlineResult, interface};
use crate::search::{Answerer, Outcome, SmallTalk};

/// Where every Bot API call goes. The calls are written once, in [`BotApi`]; at most
/// [`CONNECTIONS`] requests are in flight (otherwise a burst opens a connection per waiting
/// reply, and RSS grows with how slow the server answers). With throttling on, every message
/// waits for its slot from the [`Pacer`], which keeps Telegram's limits as Telegram counts
/// them; chat actions, button answers and inline answers are not messages and go at once.
#[derive(Clone)]
pub struct Outbox {
    api: Arc<dyn BotApi>,
    in_flight: Arc<Semaphore>,
    pacer: Option<Arc<Pacer>>,
    /// Whether the last call reached the Bot API, for `/healthz`.
    health: Arc<ApiHealth>,
}

impl Outbox {
    fn new(bot: Bot, throttle: bool, health: Arc<ApiHealth>) -> Outbox {
        Outbox {
            api: Arc::new(bot),
            in_flight: Arc::new(Semaphore::new(CONNECTIONS)),
            pacer: throttle.then(|| Arc::new(Pacer::new(pace::Limits::TELEGRAM))),
            health,
        }
    }

    /// Waits for the moment a message to `chat` may go out (at once without throttling).
    /// Group and channel ids are negative, private chats' positive.
    async fn wait_for_slot(&self, chat: ChatId) {
        if let Some(pacer) = &self.pacer {
            let slot = pacer.reserve(chat.0, chat.0 < 0, Instant::now());
            tokio::time::sleep_until(slot.into()).await;
        }
    }

    /// Runs one Bot API call, holding an in-flight permit while it is out (when there are
    /// permits to hold).
    async fn call<T>(
        &self,
        call: BoxFuture<'static, Result<T, RequestError>>,
    ) -> Result<T, RequestError> {
        let _permit = self.in_flight.acquire().await.ok();
        let result = call.await;
        if let Err(err) = &result {
            ops::bot_api_error(error_kind(err));
        }
        self.health.record(reached_the_api(&result));
        result
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
fn reached_the_api<T>(result: &Result<T, RequestError>) -> bool {
    match result {
        Ok(_) => true,
        Err(RequestError::Api(ApiError::InvalidToken)) => false,
        Err(err) => !matches!(error_kind(err), "network" | "server"),
    }
}

/// The Bot API calls the bot makes, written once for any teloxide requester.
trait BotApi: Send + Sync {
    /// Sends `html` to `target` (its chat and forum topic, replying to its message, when it
    /// names one), without a link preview, with `buttons` (label, callback data) under it;
    /// returns the id of the message sent.
    fn send_html(
        &self,
        target: Target,
        html: &str,
        buttons: &[ButtonRow],
    ) -> BoxFuture<'static, Result<i32, RequestError>>;
    /// Answers a button press, with a short text the user sees (or none).
    fn answer_press(
        &self,
        id: CallbackQueryId,
        text: Option<String>,
    ) -> BoxFuture<'static, Result<(), RequestError>>;
    /// Shows "typing…" in `chat`.
    fn typing(&self, chat: ChatId) -> BoxFuture<'static, Result<(), RequestError>>;
    /// Answers an inline query with `results`, which Telegram may cache for everyone for
    /// [`INLINE_CACHE`].
    fn answer_inline(
        &self,
        id: InlineQueryId,
        results: Vec<InlineResult>,
    ) -> BoxFuture<'static, Result<(), RequestError>>;
}

impl<R> BotApi for R
where
    R: Requester<Err = RequestError> + Send + Sync + 'static,
{
    fn send_html(
        &self,
        target: Target,
        html: &str,
        buttons: &[ButtonRow],
    ) -> BoxFuture<'static, Result<i32, RequestError>> {
        let request = html_message(self, target.chat, html, buttons);
        let request = match target.reply_to {
            Some(to) => {
                request.reply_parameters(ReplyParameters::new(to).allow_sending_without_reply())
            }
            None => request,
        };
        let request = match target.thread {
            Some(thread) => request.message_thread_id(thread),
            None => request,
        };
        request.send().map(|sent| sent.map(|m| m.id.0)).boxed()
    }

    fn answer_press(
        &self,
        id: CallbackQueryId,
        text: Option<String>,
    ) -> BoxFuture<'static, Result<(), RequestError>> {
        let request = self.answer_callback_query(id);
        let request = match text {
            Some(text) => request.text(text),
            None => request,
        };
        request.send().map(|sent| sent.map(drop)).boxed()
    }

    fn typing(&self, chat: ChatId) -> BoxFuture<'static, Result<(), RequestError>> {
        self.send_chat_action(chat, ChatAction::Typing)
            .send()
            .map(|sent| sent.map(drop))
            .boxed()
    }

    fn answer_inline(
        &self,
        id: InlineQueryId,
        results: Vec<InlineResult>,
    ) -> BoxFuture<'static, Result<(), RequestError>> {
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
        self.answer_inline_query(id, results)
            .cache_time(INLINE_CACHE.as_secs() as u32)
            // The results depend on the query's words only (and the asker's language when
            // the words don't tell it), so everyone asking the same may share them.
            .is_personal(false)
            .send()
            .map(|sent| sent.map(drop))
            .boxed()
    }
}

/// Where a message goes: a chat, the message it replies to, the forum topic it is in.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    chat: ChatId,
    reply_to: Option<MessageId>,
    thread: Option<ThreadId>,
}

impl Target {
    /// A reply to `msg`, in its chat and forum topic.
    fn reply_to(msg: &Message) -> Target {
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

/// The commands everyone can use; their descriptions, for the menu and `/help`, are in
/// [`interface::COMMANDS`].
#[derive(BotCommands, Clone, Debug, PartialEq, Eq)]
#[command(rename_rule = "lowercase")]
pub enum Command {
    /// With a deep link's payload, or none.
    Start(String),
    Help,
    About,
    Ask(String),
}

/// Commands for the operators listed in ADMIN_USER_IDS (rebuild the index; documents,
/// questions answered, no-answer rate, index age); not shown in the menu.
#[derive(BotCommands, Clone, Debug, PartialEq, Eq)]
#[command(rename_rule = "lowercase")]
pub enum AdminCommand {
    Reindex,
    Stats,
}

/// The public commands as Telegram's menu wants them, described in `lang`.
pub fn menu(lang: &'static Language) -> Vec<BotCommand> {
    interface::COMMANDS
        .iter()
        .map(|(name, descriptions)| {
            BotCommand::new(*name, interface::command_description(descriptions, lang))
        })
        .collect()
}

/// Shared by all handlers.
pub struct State {
    answerer: Answerer,
    journal: Option<Journal>,
    settings: Settings,
    flood: FloodGuard,
    /// Messages and button presses waiting for their chat's previous one to be handled.
    turns: ChatTurns<Incoming>,
    answered: AtomicU64,
    declined: AtomicU64,
    started: Instant,
    /// The conversation: each answer remembered, for follow-ups, replies and More.
    dialogue: Dialogue,
    /// The last vote per (chat, user, answer message), so a second vote replaces the first.
    votes: std::sync::Mutex<lru::LruCache<(i64, u64, i32), bool>>,
    votes_journal: Option<Journal>,
}

impl State {
    fn new(settings: Settings, answerer: Answerer) -> anyhow::Result<State> {
        let journal = match &settings.question_log {
            Some(path) => Some(Journal::open(path)?),
            None => None,
        };
        let votes_journal = match &settings.question_log {
            Some(path) => Some(Journal::open(&journal::votes_path(path))?),
            None => None,
        };
        Ok(State {
            journal,
            flood: FloodGuard::new(settings.flood_limit_per_minute),
            turns: ChatTurns::default(),
            answerer,
            settings,
            answered: AtomicU64::new(0),
            declined: AtomicU64::new(0),
            started: Instant::now(),
            dialogue: Dialogue::new(dialogue::MAX_ANSWERS, dialogue::TURN_TTL),
            votes: std::sync::Mutex::new(lru::LruCache::unbounded()),
            votes_journal,
        })
    }
}

/// Runs the bot until SIGINT or SIGTERM.
pub fn serve(settings: Settings, answerer: Answerer) -> anyhow::Result<()> {
    init_logging(&settings.token);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(run(settings, answerer))
}

/// Logs go to stderr through a writer that scrubs the token from every line, whatever the
/// level and whichever library wrote it.
fn init_logging(token: &BotToken) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let token = token.clone();
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(move || RedactingWriter {
            token: token.clone(),
            inner: std::io::stderr(),
        })
        .try_init();
}

struct RedactingWriter {
    token: BotToken,
    inner: std::io::Stderr,
}

impl Write for RedactingWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // The formatter writes each event in one call, so a token is never split across calls.
        let text = String::from_utf8_lossy(buf);
        self.inner
            .write_all(redact(&text, &self.token).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Connections to the Bot API kept open for reuse, and requests in flight at most. A burst of a hundred users had opened a connection per reply in flight, and their
/// buffers stayed: RSS 18.3 MB after 1,000 questions, 21.7 MB after 60,000.
const CONNECTIONS: usize = 16;

/// teloxide's HTTP client settings (timeouts, no Nagle), with a bounded pool and the proxy.
/// (`Bot::new` would build the client itself, and panic on a malformed TELOXIDE_PROXY.)
fn http_client(settings: &Settings) -> anyhow::Result<reqwest::Client> {
    let mut builder = teloxide::net::default_reqwest_settings().pool_max_idle_per_host(CONNECTIONS);
    if let Some(proxy) = &settings.proxy {
        let proxy = reqwest::Proxy::all(proxy.expose())
            .map_err(|_| anyhow::anyhow!("TELOXIDE_PROXY is not a proxy URL reqwest accepts"))?;
        builder = builder.proxy(proxy);
    }
    builder.build().context("cannot set up the HTTP client")
}

async fn run(settings: Settings, answerer: Answerer) -> anyhow::Result<()> {
    let bot = connect(&settings)?;
    let me = tokio::select! {
        me = get_me(&bot) => me?,
        _ = shutdown_signal() => {
            info!("stopped before start-up finished");
            return Ok(());
        }
    };
    // The default menu in English, and one per language the bot speaks: Telegram shows each
    // user the one for their interface language.
    if let Err(err) = bot.set_my_commands(menu(EN)).await {
        warn!(error = %err, "could not register the command menu");
    }
    for lang in [RU, UZ] {
        if let Err(err) = bot
            .set_my_commands(menu(lang))
            .language_code(lang.code)
            .await
        {
            warn!(error = %err, lang = lang.code, "could not register the command menu");
        }
    }
    let health = Arc::new(ApiHealth::default());
    health.record(true);
    let outbox = Outbox::new(bot.clone(), settings.throttle, health.clone());
    let state = Arc::new(State::new(settings, answerer)?);
    let info = state.answerer.info();
    info!(
        bot = %me.username(),
        documents = info.documents.len(),
        paragraphs = info.paragraph_count(),
        throttle = state.settings.throttle,
        webhook = state.settings.webhook.is_some(),
        "serving"
    );
    // Metrics are recorded only when something serves them.
    let settings = &state.settings;
    let ops = if settings.webhook.is_some() || settings.metrics_listen.is_some() {
        Some(Ops {
            metrics: ops::install_metrics()?,
            api: health,
            probe: probe(bot.clone()),
            index: {
                let state = state.clone();
                Arc::new(move || state.answerer.info())
            },
        })
    } else {
        None
    };
    let mut dispatcher = Dispatcher::builder(bot.clone(), schema())
        .dependencies(dptree::deps![state.clone(), outbox])
        // Every update is handled as it comes; `on_message` keeps each chat's replies in order
        // (see `chat_turns`), which costs far less memory than a worker per chat.
        .distribution_function(|_| None::<()>)
        .default_handler(|_| async {})
        .error_handler(LoggingErrorHandler::with_custom_text("a handler failed"))
        .build();
    stop_on_signal(dispatcher.shutdown_token());
    // The source of updates: a webhook, or long polling.
    match &state.settings.webhook {
        Some(webhook) => {
            let (listener, stopped, router) = webhook_listener(&bot, webhook).await?;
            let router = match ops {
                Some(ops) => router.merge(ops::router(ops)),
                None => router,
            };
            let server = tokio::spawn(ops::serve(webhook.listen, router, stopped));
            info!(listen = %webhook.listen, "webhook listener started");
            dispatcher
                .dispatch_with_listener(
                    listener,
                    LoggingErrorHandler::with_custom_text("the webhook listener failed"),
                )
                .await;
            server.await.context("the webhook listener panicked")??;
        }
        None => {
            let server = match (state.settings.metrics_listen, ops) {
                (Some(address), Some(ops)) => {
                    info!(listen = %address, "health and metrics listener started");
                    Some(tokio::spawn(ops::serve(
                        address,
                        ops::router(ops),
                        std::future::pending(),
                    )))
                }
                _ => None,
            };
            let listener = polling(bot).await;
            let dispatched = dispatcher
                .try_dispatch_with_listener(
                    listener,
                    LoggingErrorHandler::with_custom_text("polling failed; retrying"),
                )
                .await
                .context("cannot start dispatching");
            if let Some(server) = server {
                server.abort();
            }
            dispatched?;
        }
    }
    info!("stopped");
    Ok(())
}

/// Sets the webhook (with the secret every update must carry, and the kinds of update handled)
/// and returns the listener its requests feed, a future that resolves when it stops, and the
/// route to serve. Requests without the secret get 401 and a log line, never their body.
/// (Stopping leaves the webhook set: another replica may be serving it.)
async fn webhook_listener(
    bot: &Bot,
    webhook: &config::Webhook,
) -> anyhow::Result<(
    impl UpdateListener<Err = std::convert::Infallible>,
    impl Future<Output = ()> + Send + 'static,
    axum::Router,
)> {
    let mut options = webhooks::Options::new(webhook.listen, webhook.url.clone());
    if let Some(secret) = &webhook.secret {
        options = options.secret_token(secret.expose().to_owned());
    }
    // None given: one is made now, for this process's lifetime.
    let secret = options.get_or_gen_secret_token().to_owned();
    bot.set_webhook(webhook.url.clone())
        .secret_token(secret)
        .allowed_updates([
            AllowedUpdate::Message,
            AllowedUpdate::EditedMessage,
            AllowedUpdate::CallbackQuery,
            AllowedUpdate::InlineQuery,
        ])
        .await
        .context("Telegram refused the webhook (setWebhook); check MOU_WEBHOOK_URL")?;
    info!(
        host = webhook.url.host_str().unwrap_or_default(),
        "webhook set"
    );
    let (listener, stopped, router) = webhooks::axum_no_setup(options);
    let router = router.layer(axum::middleware::from_fn(log_refused));
    Ok((listener, stopped, router))
}

/// Logs a webhook request refused for a missing or wrong secret: its method and path only.
async fn log_refused(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let (method, path) = (request.method().clone(), request.uri().path().to_owned());
    let response = next.run(request).await;
    if response.status() == axum::http::StatusCode::UNAUTHORIZED {
        warn!(%method, path, "webhook request refused: no or wrong secret token");
    }
    response
}

/// Tries the Bot API (`getMe`, within 5 s) for `/healthz`.
fn probe(bot: Bot) -> ops::Probe {
    Arc::new(move || {
        let bot = bot.clone();
        async move {
            let tried = tokio::time::timeout(Duration::from_secs(5), bot.get_me().send()).await;
            matches!(tried, Ok(result) if reached_the_api(&result))
        }
        .boxed()
    })
}

/// The Bot API client, built from the settings (teloxide's `Bot::from_env` would panic on a
/// missing or malformed variable).
fn connect(settings: &Settings) -> anyhow::Result<Bot> {
    let mut bot = Bot::with_client(settings.token.expose(), http_client(settings)?);
    if let Some(url) = &settings.api_url {
        bot = bot.set_api_url(url.clone());
    }
    Ok(bot)
}

/// Long polling, after removing any webhook left behind (a set webhook makes polling fail).
async fn polling(bot: Bot) -> impl UpdateListener<Err = RequestError> {
    if let Ok(info) = bot.get_webhook_info().await
        && let Some(url) = info.url
    {
        info!(
            host = url.host_str().unwrap_or_default(),
            "a webhook was set; deleting it to poll"
        );
    }
    Polling::builder(bot)
        .timeout(Duration::from_secs(10))
        .delete_webhook()
        .await
        .build()
}

/// On SIGINT or SIGTERM: stop taking updates, let the replies in flight finish.
fn stop_on_signal(shutdown: ShutdownToken) {
    tokio::spawn(async move {
        shutdown_signal().await;
        info!("stopping: finishing replies in flight");
        loop {
            match shutdown.shutdown() {
                Ok(done) => {
                    done.await;
                    break;
                }
                // Not dispatching yet: try again in a moment.
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    });
}

/// Asks Telegram who the bot is, retrying network failures with back-off. A refused token
/// is an error: retrying cannot fix it.
async fn get_me(bot: &Bot) -> anyhow::Result<Me> {
    let mut delay = Duration::from_millis(500);
    loop {
        match bot.get_me().await {
            Ok(me) => return Ok(me),
            Err(RequestError::Api(ApiError::InvalidToken)) => {
                anyhow::bail!(
                    "Telegram refused the bot token (check TELOXIDE_TOKEN, and TELOXIDE_API_URL if set)"
                )
            }
            Err(err) => {
                warn!(error = %err, retry_in = ?delay, "cannot reach the Bot API");
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(Duration::from_secs(30));
            }
        }
    }
}

/// Resolves on SIGINT or SIGTERM.
async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(signal) => signal,
                Err(err) => {
                    warn!(error = %err, "cannot listen for SIGTERM");
                    let _ = interrupt.await;
                    return;
                }
            };
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}

/// The handler tree: new and edited messages alike.
pub fn schema() -> UpdateHandler<anyhow::Error> {
    dptree::entry()
        .branch(Update::filter_message().endpoint(on_message))
        .branch(Update::filter_edited_message().endpoint(on_message))
        .branch(Update::filter_callback_query().endpoint(on_press))
        .branch(Update::filter_inline_query().endpoint(on_inline_query))
}

/// Answers an inline query ("@bot question" typed in any chat); a failure or a panic is
/// logged, never passed on. Not journaled: Telegram sends a query as the user types, so most
/// are a question's first words.
async fn on_inline_query(bot: Outbox, query: InlineQuery, state: Arc<State>) -> anyhow::Result<()> {
    let started = Instant::now();
    let hint = query.from.language_code.as_deref();
    let found = std::panic::catch_unwind(AssertUnwindSafe(|| {
        inline_results(&state, &query.query, hint)
    }));
    let results = match found {
        Ok(Ok(results)) => results,
        Ok(Err(err)) => {
            error!(error = %format!("{err:#}"), "inline search failed");
            return Ok(());
        }
        Err(_) => {
            error!("inline search panicked");
            return Ok(());
        }
    };
    let count = results.len();
    match bot.call(bot.api.answer_inline(query.id, results)).await {
        Ok(()) => info!(
            results = count,
            query_chars = query.query.chars().count(),
            latency_ms = started.elapsed().as_secs_f64() * 1000.0,
            "inline query"
        ),
        Err(err) => warn!(error = %err, "could not answer an inline query"),
    }
    Ok(())
}

/// The results for an inline query: the passages that answer it, best first; for an empty
/// query or small talk, the example questions, answered; otherwise one result saying the
/// documents don't answer.
fn inline_results(
    state: &State,
    query: &str,
    hint: Option<&str>,
) -> anyhow::Result<Vec<InlineResult>> {
    let answerer = &state.answerer;
    let language = answerer.language_of(query, hint);
    let lang = language;
    let outcome = if query.trim().is_empty() {
        None
    } else {
        Some(answerer.answer_in(query, reply::MAX_INLINE_RESULTS, language)?)
    };
    match outcome {
        Some(outcome) if outcome.small_talk.is_none() => {
            if !outcome.answered {
                return Ok(vec![reply::inline_no_answer(query, lang)]);
            }
            Ok(outcome
                .candidates
                .iter()
                .filter(|passage| answerer.could_answer(passage))
                .map(|passage| reply::inline_answer(query, passage, lang))
                .collect())
        }
        // Nothing asked yet ("@bot " alone), or "hi": what could be asked, answered, in the
        // language of the greeting or else of the asker's interface.
        small_talk => {
            let info = answerer.info();
            let lang = match small_talk {
                Some(_) => lang,
                None => language::for_interface(hint),
            };
            let mut results = Vec::new();
            for example in reply::example_questions(&info, lang, reply::MAX_INLINE_RESULTS) {
                let outcome = answerer.answer_hinted(example, 1, Some(lang.code))?;
                if let Some(passage) = outcome.answer() {
                    results.push(reply::inline_example(example, passage, lang));
                }
            }
            Ok(results)
        }
    }
}

/// A button press, as much of it as handling it needs: queued in its chat, it holds a few
/// hundred bytes instead of the whole update.
struct ButtonPress {
    id: CallbackQueryId,
    user: u64,
    language_code: Option<String>,
    data: Option<String>,
    /// The chat and message the button is under.
    chat: Option<ChatId>,
    message_id: i32,
    /// The forum topic of that message.
    thread: Option<ThreadId>,
    /// The text of the message the button is under.
    text: Option<String>,
    /// The question of the answer the button is under (the message that answer replied to),
    /// and that message's id.
    question: Option<String>,
    question_id: Option<MessageId>,
}

impl ButtonPress {
    fn of(press: CallbackQuery) -> ButtonPress {
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
    fn target(&self, chat: ChatId) -> Target {
        Target {
            chat,
            reply_to: self.question_id.or(Some(MessageId(self.message_id))),
            thread: self.thread,
        }
    }
}

/// What waits for its chat's previous update to be handled: a message, with the time it
/// arrived, or a button press. Boxed, so a chat's queue holds pointers: a `Message` is
/// hundreds of bytes, and a queue grown to 16 places for 9 waiting messages held them all
/// (14 MB in a burst from 1,000 chats, by massif).
enum Incoming {
    Message(Box<Message>, Instant),
    Press(Box<ButtonPress>),
}

/// Handles a message, and then whatever its chat sent meanwhile.
async fn on_message(bot: Outbox, msg: Message, me: Me, state: Arc<State>) -> anyhow::Result<()> {
    let chat = msg.chat.id.0;
    in_turn(
        &bot,
        &me,
        &state,
        chat,
        Incoming::Message(Box::new(msg), Instant::now()),
    )
    .await;
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
    match press.chat {
        Some(chat) => in_turn(&bot, &me, &state, chat.0, Incoming::Press(Box::new(press))).await,
        None => answer_press(&bot, &press, &state).await,
    }
    Ok(())
}

/// Handles `incoming` in its chat's turn, then what the chat sent meanwhile: a chat's replies
/// keep the order of what it sent, and what waits is held compactly (see `chat_turns`), not
/// as a task per update. Never fails and never panics outward.
async fn in_turn(bot: &Outbox, me: &Me, state: &State, chat: i64, incoming: Incoming) {
    // The chat is busy: the task handling it will take this in turn.
    let Some(mut incoming) = state.turns.arrive(chat, incoming) else {
        return;
    };
    loop {
        match &incoming {
            Incoming::Message(msg, arrived) => {
                let handling = handle_message(bot, msg, *arrived, me, state);
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

/// Handles a press of a button under an answer, and answers it (every press is answered); a
/// failure or a panic is logged, never passed on.
async fn answer_press(bot: &Outbox, press: &ButtonPress, state: &State) {
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
    match bot
        .call(bot.api.answer_press(press.id.clone(), answer))
        .await
    {
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

/// Where a message came from, as far as replying goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ChatKind {
    Private,
    Group,
}

impl ChatKind {
    fn name(self) -> &'static str {
        match self {
            ChatKind::Private => "private",
            ChatKind::Group => "group",
        }
    }
}

async fn handle_message(
    bot: &Outbox,
    msg: &Message,
    arrived: Instant,
    me: &Me,
    state: &State,
) -> anyhow::Result<()> {
    let Some(user) = msg.from.as_ref() else {
        return Ok(());
    };
    if user.is_bot {
        return Ok(());
    }
    let chat = if msg.chat.is_private() {
        ChatKind::Private
    } else if msg.chat.is_group() || msg.chat.is_supergroup() {
        ChatKind::Group
    } else {
        return Ok(());
    };
    let asker = Asker {
        id: user.id.0,
        language_code: user.language_code.as_deref(),
        arrived,
    };
    let Some(text) = msg.text().or(msg.caption()) else {
        // Stickers, voice, locations…: a hint in private chats; service messages and group
        // chatter get silence.
        if chat == ChatKind::Private && matches!(msg.kind, MessageKind::Common(_)) {
            let hint = interface::text_only_hint(&state.answerer.info(), asker.lang());
            send(bot, msg, &hint).await?;
        }
        return Ok(());
    };
    if text.trim_start().starts_with('/') {
        return handle_command(bot, msg, me, state, chat, asker, text).await;
    }
    let question = match chat {
        ChatKind::Private => Some(text.to_owned()),
        ChatKind::Group => addressed_question(text, msg, me),
    };
    match question {
        Some(question) => answer(bot, msg, me, state, chat, asker, &question).await,
        None => Ok(()),
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
}

impl Asker<'_> {
    /// The language to speak to them in, before they have written anything.
    fn lang(&self) -> &'static Language {
        language::for_interface(self.language_code)
    }
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

/// Removes every `@botname` (any case) from `text`, or `None` when there is none.
/// Usernames are ASCII, so matching byte by byte never splits a character of the text.
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
        if haystack[i..i + needle.len()].eq_ignore_ascii_case(needle) {
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

async fn handle_command(
    bot: &Outbox,
    msg: &Message,
    me: &Me,
    state: &State,
    chat: ChatKind,
    asker: Asker<'_>,
    text: &str,
) -> anyhow::Result<()> {
    let text = command_in_lower_case(text.trim_start());
    let text = text.as_str();
    let lang = asker.lang();
    let place = match chat {
        ChatKind::Private => interface::Place::Private,
        ChatKind::Group => interface::Place::Group {
            bot_username: me.username(),
        },
    };
    if let Ok(command) = Command::parse(text, me.username()) {
        let reply = match command {
            Command::Start(payload) => {
                let info = state.answerer.info();
                // A deep link (t.me/<bot>?start=en-2) asks its question straight away.
                let question = match StartLink::parse(&payload) {
                    Some(StartLink::Example { lang, index }) => {
                        reply::example_question(&info, language::for_interface(Some(&lang)), index)
                            .map(str::to_owned)
                    }
                    Some(StartLink::Question(question)) => Some(question),
                    None => None,
                };
                if let Some(question) = question {
                    return answer(bot, msg, me, state, chat, asker, &question).await;
                }
                let examples = reply::example_buttons(&info, lang);
                return send_with(bot, msg, &interface::start(&info, lang, place), &examples).await;
            }
            Command::Help => interface::help(me.username(), lang, place),
            Command::About => interface::about(&state.answerer.info(), lang),
            Command::Ask(question) if question.trim().is_empty() => {
                interface::ask_needs_a_question(lang).to_owned()
            }
            Command::Ask(question) => {
                return answer(bot, msg, me, state, chat, asker, &question).await;
            }
        };
        return send(bot, msg, &reply).await;
    }
    if let Ok(command) = AdminCommand::parse(text, me.username()) {
        let user = asker.id;
        if !state.settings.admin_user_ids.contains(&user) {
            warn!(user, command = ?command, "admin command refused: user is not in ADMIN_USER_IDS");
            return send(bot, msg, interface::operators_only(lang)).await;
        }
        let reply = match command {
            AdminCommand::Reindex => reindex(state, lang).await,
            AdminCommand::Stats => interface::stats(
                &state.answerer.info(),
                &interface::ServingStats {
                    answered: state.answered.load(Ordering::Relaxed),
                    declined: state.declined.load(Ordering::Relaxed),
                    uptime: state.started.elapsed(),
                },
                lang,
            ),
        };
        return send(bot, msg, &reply).await;
    }
    // An unknown command, or one meant for another bot: only a private chat gets a hint.
    if chat == ChatKind::Private {
        send(bot, msg, interface::unknown_command(lang)).await?;
    }
    Ok(())
}

/// Answers a question on the shared answer path and replies with the quote.
async fn answer(
    bot: &Outbox,
    msg: &Message,
    me: &Me,
    state: &State,
    chat: ChatKind,
    asker: Asker<'_>,
    question: &str,
) -> anyhow::Result<()> {
    let user = asker.id;
    let lang = asker.lang();
    match state.flood.check(user, Instant::now()) {
        Verdict::Allow => {}
        Verdict::SlowDown => {
            info!(
                chat = chat.name(),
                "flood limit reached; asking to slow down"
            );
            ops::flood_limited();
            return send(bot, msg, interface::slow_down(lang)).await;
        }
        Verdict::Ignore => return Ok(()),
    }
    if question.trim().is_empty() {
        // A bare mention ("@bot") in a group: a hello and what to ask.
        let hello = interface::small_talk(SmallTalk::Greeting, &state.answerer.info(), lang);
        return send(bot, msg, &hello).await;
    }
    show_typing(bot, msg.chat.id).await;
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
        let entry = Entry::now(outcome.answered, best_score, question, user);
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

/// What `said` in `chat` does in its conversation ([`crate::dialogue`]), rendered: the reply
/// and its buttons, or a short text for a button press to show (`toast`). `example` is the
/// example question (language, number) asked, so its More button can ask it again.
fn respond(
    state: &State,
    chat: i64,
    said: Said<'_>,
    example: Option<(&str, usize)>,
) -> anyhow::Result<Rendered> {
    let answerer = &state.answerer;
    let response = state
        .dialogue
        .respond(answerer, chat, said, Instant::now())?;
    let info = answerer.info();
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
                    reply::example_buttons(&info, lang)
                }
                _ => Vec::new(),
            };
            Rendered {
                html: reply::telegram(&outcome, &info),
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
            buttons: reply::example_buttons(&info, lang),
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

/// Whose conversation a message continues: a private chat's, or in a group each member's
/// own, so that Alice's "and when?" follows her question, not Bob's later one. (Replies and
/// More name their answer themselves.) Group ids are negative, users' positive.
fn conversation(chat: i64, user: u64) -> i64 {
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

/// A reply rendered for Telegram.
struct Rendered {
    html: String,
    buttons: Vec<ButtonRow>,
    /// The outcome when the message was a question.
    outcome: Option<Outcome>,
    /// For a button press: a short text shown over the chat instead of a message.
    toast: Option<String>,
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

/// Shows "typing…" in `chat`. A courtesy: a failure to show it must not stop the answer.
async fn show_typing(bot: &Outbox, chat: ChatId) {
    let _ = bot.call(bot.api.typing(chat)).await;
}

/// Telegram shows "typing…" for 5 seconds; it is shown again this often while a reply waits
/// (for the chat's rate limit, or a retry).
const TYPING_REFRESH: Duration = Duration::from_secs(4);

/// Runs `sending` with "typing…" shown in `chat` until it is done, so a reply held back by the
/// rate limit does not wait in silence. (The pacer does not hold chat actions back.)
async fn typing_while<T>(bot: &Outbox, chat: ChatId, sending: impl Future<Output = T>) -> T {
    let mut sending = std::pin::pin!(sending);
    loop {
        tokio::select! {
            done = &mut sending => return done,
            _ = tokio::time::sleep(TYPING_REFRESH) => show_typing(bot, chat).await,
        }
    }
}

/// `text` with its command word in lower case: phones capitalise the first letter ("/Ask …"),
/// and people type "/ASK"; the bot's name after `@` and the arguments stay as written.
fn command_in_lower_case(text: &str) -> String {
    let end = text.find([' ', '@', '\n']).unwrap_or(text.len());
    format!("{}{}", text[..end].to_lowercase(), &text[end..])
}

/// A message of `html` to `chat`, without a link preview, with `buttons` under it.
fn html_message<R: Requester>(
    bot: &R,
    chat: ChatId,
    html: &str,
    buttons: &[ButtonRow],
) -> R::SendMessage {
    let request = bot
        .send_message(chat, html)
        .parse_mode(ParseMode::Html)
        .link_preview_options(NO_LINK_PREVIEW);
    match keyboard(buttons) {
        Some(keyboard) => request.reply_markup(keyboard),
        None => request,
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
async fn send(bot: &Outbox, msg: &Message, html: &str) -> anyhow::Result<()> {
    send_with(bot, msg, html, &[]).await
}

/// Replies to `msg` in HTML with `buttons` under it, retrying what can be retried.
async fn send_with(
    bot: &Outbox,
    msg: &Message,
    html: &str,
    buttons: &[ButtonRow],
) -> anyhow::Result<()> {
    deliver(bot, Target::reply_to(msg), html, buttons)
        .await
        .map(drop)
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

/// Sends `html` with `buttons` to `target`, retrying network errors, server errors and
/// Telegram's "retry after" with back-off; returns the id of the message sent. Every message
/// the bot sends goes through here.
async fn deliver(
    bot: &Outbox,
    target: Target,
    html: &str,
    buttons: &[ButtonRow],
) -> anyhow::Result<i32> {
    let mut delay = Duration::from_millis(500);
    for attempt in 1..=SEND_ATTEMPTS {
        bot.wait_for_slot(target.chat).await;
        match bot.call(bot.api.send_html(target, html, buttons)).await {
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
        Err(err) => {
            warn!(error = %format!("{err:#}"), "reindex on request failed");
            interface::reindex_failed(&format!("{err:#}"), lang)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_words_are_read_in_any_case_and_the_rest_as_written() {
        assert_eq!(command_in_lower_case("/Ask Who?"), "/ask Who?");
        assert_eq!(
            command_in_lower_case("/ASK@Mou_Bot Who?"),
            "/ask@Mou_Bot Who?"
        );
        assert_eq!(command_in_lower_case("/start"), "/start");
        assert_eq!(command_in_lower_case("/Ё"), "/ё");
    }

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
        // Letters whose lower case has another length must not break the slicing.
        assert_eq!(
            strip_mention("İẞ @MOUBOT ß?", "@moubot").as_deref(),
            Some("İẞ   ß?")
        );
    }

    #[test]
    fn the_menu_lists_the_public_commands_only() {
        let names: Vec<String> = menu(EN).into_iter().map(|c| c.command).collect();
        assert_eq!(names, ["start", "help", "about", "ask"]);
        for lang in [EN, RU, UZ] {
            assert!(menu(lang).iter().all(|c| !c.description.is_empty()));
        }
    }

    #[test]
    fn every_command_in_the_menu_parses_and_every_command_is_in_the_menu() {
        let parsed: Vec<String> = Command::bot_commands()
            .into_iter()
            .map(|c| c.command.trim_start_matches('/').to_owned())
            .collect();
        let listed: Vec<&str> = interface::COMMANDS.iter().map(|(name, _)| *name).collect();
        assert_eq!(parsed, listed);
        for name in listed {
            assert!(
                Command::parse(&format!("/{name} x"), "bot").is_ok(),
                "{name}"
            );
        }
    }
}
