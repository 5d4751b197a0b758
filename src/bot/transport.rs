//! Start-up and transports: logging that scrubs the token, the Bot API client, the command
//! menus, the source of updates (long polling, or a webhook whose listener also serves
//! `/healthz` and `/metrics`; in polling mode they have a listener of their own when asked
//! for), and a stop on SIGINT or SIGTERM that lets the replies in flight finish.

use std::future::Future;
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use futures::FutureExt;
use teloxide::dispatching::ShutdownToken;
use teloxide::error_handlers::LoggingErrorHandler;
use teloxide::prelude::*;
use teloxide::types::{AllowedUpdate, Me};
use teloxide::update_listeners::{Polling, UpdateListener, webhooks};
use teloxide::{ApiError, RequestError};
use tracing::{info, warn};

use super::commands::menu;
use super::outbox::{CONNECTIONS, Outbox, reached_the_api};
use super::routing::schema;
use super::state::State;
use crate::config::{self, BotToken, Settings, redact};
use crate::language::{EN, RU, UZ};
use crate::ops::{self, ApiHealth, Ops};
use crate::search::Answerer;

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
    reopen_journals_on_hangup(state.clone());
    // The source of updates: a webhook, or long polling.
    match &state.settings.webhook {
        Some(webhook) => {
            let (listener, stopped, router) = webhook_listener(&bot, webhook).await?;
            // Health and metrics on their own address when one is set (kept off the public
            // listener), else beside the webhook.
            let (router, ops_server) = match (state.settings.metrics_listen, ops) {
                (Some(address), Some(ops)) => {
                    info!(listen = %address, "health and metrics listener started");
                    let server = ops::serve(address, ops::router(ops), std::future::pending());
                    (router, Some(tokio::spawn(server)))
                }
                (None, Some(ops)) => (router.merge(ops::router(ops)), None),
                (_, None) => (router, None),
            };
            let server = tokio::spawn(ops::serve(webhook.listen, router, stopped));
            info!(listen = %webhook.listen, "webhook listener started");
            dispatcher
                .dispatch_with_listener(
                    listener,
                    LoggingErrorHandler::with_custom_text("the webhook listener failed"),
                )
                .await;
            if let Some(ops_server) = ops_server {
                ops_server.abort();
            }
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
    let expected = Arc::new(secret.clone());
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
    let router = router.layer(axum::middleware::from_fn_with_state(expected, check_secret));
    Ok((listener, stopped, router))
}

/// Lets through a webhook request that carries the secret, compared in constant time (so
/// the time of a refusal says nothing of how much of a guess was right); refuses any other
/// with 401 and a log line naming its method, path and what was wrong — never the secret or
/// the body. (teloxide compares it again, plainly, once it is known to be right.)
async fn check_secret(
    axum::extract::State(expected): axum::extract::State<Arc<String>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    use subtle::ConstantTimeEq;
    let given = request.headers().get("x-telegram-bot-api-secret-token");
    let refused = match given {
        None => Some("no secret token"),
        Some(given) if !bool::from(given.as_bytes().ct_eq(expected.as_bytes())) => {
            Some("wrong secret token")
        }
        Some(_) => None,
    };
    if let Some(reason) = refused {
        let (method, path) = (request.method().clone(), request.uri().path().to_owned());
        warn!(%method, path, reason, "webhook request refused");
        return axum::http::StatusCode::UNAUTHORIZED.into_response();
    }
    next.run(request).await
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

/// On SIGHUP, reopens the journals at their paths: a log rotator has moved them aside.
fn reopen_journals_on_hangup(state: Arc<State>) {
    #[cfg(unix)]
    tokio::spawn(async move {
        use tokio::signal::unix::{SignalKind, signal};
        let mut hangups = match signal(SignalKind::hangup()) {
            Ok(hangups) => hangups,
            Err(err) => {
                warn!(error = %err, "cannot listen for SIGHUP; journals will not be reopened");
                return;
            }
        };
        while hangups.recv().await.is_some() {
            for journal in [&state.journal, &state.votes_journal].into_iter().flatten() {
                match journal.reopen() {
                    Ok(()) => {
                        info!(journal = %journal.path().display(), "journal reopened (SIGHUP)")
                    }
                    Err(err) => warn!(error = %format!("{err:#}"), "cannot reopen a journal"),
                }
            }
        }
    });
    #[cfg(not(unix))]
    let _ = state;
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
