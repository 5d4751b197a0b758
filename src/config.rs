//! Configuration: `.env` read before anything else, for every command ([`load_dotenv`]), then
//! `serve`'s settings read once from the environment, validated, typed. A value comes from the
//! command line, else the environment, else `.env`, else its default; an error about a value
//! from `.env` names its file and line.
//!
//! The bot token lives in [`BotToken`], whose `Debug` prints no secret and which has no
//! `Display`; [`redact`] scrubs it from any text that might carry it (log lines, errors).

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use anyhow::{Context, bail};

/// The `.env` file read at start, and the line of each variable whose value came from it.
#[derive(Debug, Default)]
struct DotEnv {
    path: PathBuf,
    lines: HashMap<String, usize>,
}

static DOTENV: OnceLock<DotEnv> = OnceLock::new();

/// Reads `.env` (from the current directory or the nearest above it that has one) into the
/// environment, before the command line is parsed, for every command: a variable already set
/// in the environment keeps its value. A line that cannot be read is an error naming the file
/// and the line.
pub fn load_dotenv() -> anyhow::Result<()> {
    let before: HashSet<String> = std::env::vars_os()
        .filter_map(|(name, _)| name.into_string().ok())
        .collect();
    let Some(path) = std::env::current_dir().ok().and_then(|dir| {
        dir.ancestors()
            .map(|d| d.join(".env"))
            .find(|p| p.is_file())
    }) else {
        return Ok(());
    };
    match dotenvy::from_path(&path) {
        Ok(()) => {}
        Err(dotenvy::Error::LineParse(line, _)) => {
            let number = std::fs::read_to_string(&path)
                .ok()
                .and_then(|text| text.lines().position(|l| l.trim() == line.trim()))
                .map_or(String::new(), |at| format!(":{}", at + 1));
            bail!(
                "{}{number}: cannot read {line:?}; write each setting as NAME=value (see .env.example)",
                path.display()
            );
        }
        Err(err) => return Err(err).with_context(|| format!("cannot read {}", path.display())),
    }
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let mut lines = HashMap::new();
    for (at, line) in text.lines().enumerate() {
        let line = line.trim_start();
        let line = line.strip_prefix("export ").unwrap_or(line);
        if let Some((name, _)) = line.split_once('=') {
            let name = name.trim();
            if !name.starts_with('#') && !before.contains(name) {
                lines.insert(name.to_owned(), at + 1);
            }
        }
    }
    let _ = DOTENV.set(DotEnv { path, lines });
    Ok(())
}

/// Where the value of `name` was read from, when that was `.env`: "PATH:LINE".
pub fn dotenv_origin(name: &str) -> Option<String> {
    let dotenv = DOTENV.get()?;
    let line = dotenv.lines.get(name)?;
    Some(format!("{}:{line}", dotenv.path.display()))
}

/// `err` about a setting, prefixed with the file and line it was read from when that was
/// `.env`: the variable is the first word of the message ("MOU_FLOOD_LIMIT \"x\" must be…").
fn located(err: anyhow::Error) -> anyhow::Error {
    let message = err.to_string();
    let name: String = message
        .chars()
        .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_')
        .collect();
    match dotenv_origin(&name) {
        Some(origin) if name.len() > 2 => err.context(format!("{origin}: {name}")),
        _ => err,
    }
}

/// A Telegram bot token. Only [`BotToken::expose`] gives the secret out.
#[derive(Clone, PartialEq, Eq)]
pub struct BotToken(String);

impl fmt::Debug for BotToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BotToken([redacted])")
    }
}

impl BotToken {
    /// Checks the shape Telegram gives tokens: `<bot id>:<secret>`.
    pub fn parse(raw: &str) -> anyhow::Result<BotToken> {
        let raw = raw.trim();
        let Some((id, secret)) = raw.split_once(':') else {
            bail!(
                "TELOXIDE_TOKEN is malformed: a token looks like 123456789:AA… (the bot id, a colon, the secret) — copy it from @BotFather"
            );
        };
        let id_ok = !id.is_empty() && id.len() <= 20 && id.bytes().all(|b| b.is_ascii_digit());
        let secret_ok = secret.len() >= 20
            && secret
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !id_ok || !secret_ok {
            bail!(
                "TELOXIDE_TOKEN is malformed: a token looks like 123456789:AA… (digits, a colon, then letters, digits, '_' or '-') — copy it from @BotFather"
            );
        }
        Ok(BotToken(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The part after the colon: the part that must never be seen.
    pub fn secret(&self) -> &str {
        self.0.split_once(':').map_or(&self.0, |(_, secret)| secret)
    }
}

/// Replaces the token's secret (and so the whole token) in `text`.
pub fn redact(text: &str, token: &BotToken) -> String {
    let secret = token.secret();
    if secret.is_empty() || !text.contains(secret) {
        return text.to_owned();
    }
    text.replace(secret, "[redacted]")
}

/// A proxy for the Bot API (`TELOXIDE_PROXY`). It may carry a password, so its `Debug` shows
/// only the scheme, host and port.
#[derive(Clone, PartialEq, Eq)]
pub struct ProxyUrl(url::Url);

impl fmt::Debug for ProxyUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let url = &self.0;
        let host = url.host_str().unwrap_or_default();
        match url.port() {
            Some(port) => write!(f, "ProxyUrl({}://{host}:{port})", url.scheme()),
            None => write!(f, "ProxyUrl({}://{host})", url.scheme()),
        }
    }
}

impl ProxyUrl {
    pub fn expose(&self) -> &str {
        self.0.as_str()
    }
}

/// The secret Telegram sends with every webhook request (`MOU_WEBHOOK_SECRET`): 1–256 of
/// `A-Z a-z 0-9 _ -`. Its `Debug` prints no secret.
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookSecret(String);

impl fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WebhookSecret([redacted])")
    }
}

impl WebhookSecret {
    pub fn parse(raw: &str) -> anyhow::Result<WebhookSecret> {
        let raw = raw.trim();
        let allowed = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
        if !(1..=256).contains(&raw.len()) || !raw.bytes().all(allowed) {
            bail!(
                "MOU_WEBHOOK_SECRET must be 1 to 256 of A-Z, a-z, 0-9, '_' and '-' (Telegram's rule); e.g. the output of `openssl rand -hex 32`, or leave it unset to have one made at start"
            );
        }
        Ok(WebhookSecret(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Receiving updates by webhook instead of long polling.
#[derive(Debug, Clone)]
pub struct Webhook {
    /// The public https URL Telegram posts updates to (its path is the one served).
    pub url: url::Url,
    /// Where the listener binds (also serving `/healthz` and `/metrics`).
    pub listen: SocketAddr,
    /// The secret every update must carry; `None`: made at start.
    pub secret: Option<WebhookSecret>,
}

/// Where the webhook listener binds unless `MOU_LISTEN` says otherwise: a port Telegram posts to.
pub const DEFAULT_LISTEN: &str = "0.0.0.0:8443";

/// Everything `serve` needs.
#[derive(Debug, Clone)]
pub struct Settings {
    pub token: BotToken,
    /// A self-hosted (or fake) Bot API server instead of api.telegram.org.
    pub api_url: Option<url::Url>,
    /// A proxy for every Bot API request, besides the usual `HTTPS_PROXY` and `ALL_PROXY`.
    pub proxy: Option<ProxyUrl>,
    /// The corpus directory `/reindex` builds from.
    pub corpus: PathBuf,
    /// The index directory `/reindex` writes.
    pub index: PathBuf,
    /// Telegram user ids allowed to run admin commands.
    pub admin_user_ids: Vec<u64>,
    /// Keep under Telegram's rate limits (turn off only for a self-hosted server or a load test).
    pub throttle: bool,
    /// Messages one user may send per minute before being asked to slow down (button presses
    /// have an allowance of their own of the same size, inline queries one three times it).
    pub flood_limit_per_minute: u32,
    /// Messages one chat may have waiting for their turn; past it they are dropped.
    pub chat_queue_limit: usize,
    /// Whether operators may add and remove documents from Telegram here
    /// (`MOU_MANAGE_DOCUMENTS`; off on all replicas but one).
    pub manage_documents: bool,
    /// The largest document file taken from Telegram, in bytes.
    pub max_document_bytes: u64,
    /// Where handled questions are journaled (see [`crate::journal`]); `None` when off.
    pub question_log: Option<PathBuf>,
    /// Whether journal entries carry the asking user's id.
    pub log_user_ids: bool,
    /// Whether questions' text goes into the journals — a declined question's, and the one
    /// under a 👎 (`MOU_LOG_QUESTIONS`, on by default: what the documents lack is what
    /// operators add). Answered questions' text is never kept.
    pub log_questions: bool,
    /// What votes are hashed with to name their voter and answer in the votes journal without
    /// their ids (`MOU_JOURNAL_SALT`; by default derived from the token, so it is secret and
    /// the same across restarts).
    pub journal_salt: Secret,
    /// Webhook mode (`MOU_WEBHOOK_URL`); long polling when `None`.
    pub webhook: Option<Webhook>,
    /// Where `/healthz` and `/metrics` are served in polling mode (`MOU_METRICS_LISTEN`).
    pub metrics_listen: Option<SocketAddr>,
}

/// A secret setting: its `Debug` prints `[redacted]`.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

/// The default place of the question journal.
pub const DEFAULT_QUESTION_LOG: &str = "data/questions.jsonl";

/// Reads an on/off setting.
fn switch(name: &str, value: Option<String>, default: bool) -> anyhow::Result<bool> {
    let Some(value) = value else {
        return Ok(default);
    };
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "on" | "true" | "yes" => Ok(true),
        "0" | "off" | "false" | "no" => Ok(false),
        _ => bail!("{name} {value:?} must be on or off"),
    }
}

impl Settings {
    /// Reads the environment (with `.env` loaded into it at start: [`load_dotenv`]). `corpus`
    /// and `index` are where the command line says the documents and the index are. `flags`
    /// are command-line values, which win over the environment (`MOU_WEBHOOK_URL`…).
    pub fn from_env(
        corpus: &Path,
        index: &Path,
        flags: &[(&str, Option<String>)],
    ) -> anyhow::Result<Settings> {
        Settings::from_lookup(corpus, index, |name| {
            flags
                .iter()
                .find(|(flag, _)| *flag == name)
                .and_then(|(_, value)| value.clone())
                .or_else(|| std::env::var(name).ok())
        })
        .map_err(located)
    }

    /// Builds settings from any variable lookup (the environment, or a map in tests).
    pub fn from_lookup(
        corpus: &Path,
        index: &Path,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> anyhow::Result<Settings> {
        let get = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        let token = match get("TELOXIDE_TOKEN") {
            Some(raw) => BotToken::parse(&raw)?,
            None => bail!(
                "TELOXIDE_TOKEN is not set: put the token from @BotFather in .env (see .env.example) or export TELOXIDE_TOKEN=…"
            ),
        };
        let api_url = get("TELOXIDE_API_URL")
            .map(|raw| {
                let url = url::Url::parse(raw.trim()).ok().filter(|url| {
                    matches!(url.scheme(), "http" | "https") && url.host().is_some()
                });
                url.with_context(|| {
                    format!(
                        "TELOXIDE_API_URL {raw:?} is not an http(s) URL; use e.g. http://127.0.0.1:8081 or leave it unset for Telegram's own server"
                    )
                })
            })
            .transpose()?;
        let proxy = get("TELOXIDE_PROXY")
            .map(|raw| {
                let url = url::Url::parse(raw.trim()).ok().filter(|url| {
                    matches!(url.scheme(), "http" | "https") && url.host().is_some()
                });
                // The value may hold a password: the message names the variable, not the value.
                url.map(ProxyUrl).context(
                    "TELOXIDE_PROXY is not an http(s) proxy URL; use e.g. http://127.0.0.1:3128, or leave it unset",
                )
            })
            .transpose()?;
        let admin_user_ids = match get("ADMIN_USER_IDS") {
            None => Vec::new(),
            Some(raw) => raw
                .split(',')
                .map(str::trim)
                .filter(|id| !id.is_empty())
                .map(|id| {
                    id.parse::<u64>().with_context(|| {
                        format!(
                            "ADMIN_USER_IDS: {id:?} is not a Telegram user id; list numeric ids separated by commas, e.g. 12345,67890"
                        )
                    })
                })
                .collect::<anyhow::Result<_>>()?,
        };
        let throttle = switch("MOU_THROTTLE", get("MOU_THROTTLE"), true)?;
        let log_user_ids = switch("MOU_LOG_USER_IDS", get("MOU_LOG_USER_IDS"), false)?;
        let log_questions = switch("MOU_LOG_QUESTIONS", get("MOU_LOG_QUESTIONS"), true)?;
        let question_log = match get("MOU_QUESTION_LOG") {
            Some(value) if value.trim().eq_ignore_ascii_case("off") => None,
            Some(value) => Some(PathBuf::from(value.trim())),
            None => Some(PathBuf::from(DEFAULT_QUESTION_LOG)),
        };
        let flood_limit_per_minute = match get("MOU_FLOOD_LIMIT") {
            None => 20,
            Some(raw) => raw
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| *n > 0)
                .with_context(|| {
                    format!(
                        "MOU_FLOOD_LIMIT {raw:?} must be a whole number of questions per minute, at least 1"
                    )
                })?,
        };
        let chat_queue_limit = match get("MOU_CHAT_QUEUE") {
            None => 20,
            Some(raw) => raw
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|n| *n > 0)
                .with_context(|| {
                    format!(
                        "MOU_CHAT_QUEUE {raw:?} must be a whole number of messages a chat may have waiting, at least 1"
                    )
                })?,
        };
        let manage_documents = switch("MOU_MANAGE_DOCUMENTS", get("MOU_MANAGE_DOCUMENTS"), true)?;
        let max_document_bytes = match get("MOU_MAX_DOCUMENT_BYTES") {
            None => crate::documents::DEFAULT_MAX_BYTES,
            Some(raw) => raw
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|n| (1..=crate::documents::BOT_API_MAX_BYTES).contains(n))
                .with_context(|| {
                    format!(
                        "MOU_MAX_DOCUMENT_BYTES {raw:?} must be a whole number of bytes from 1 to {} (the Bot API serves bots files of at most 20 MB)",
                        crate::documents::BOT_API_MAX_BYTES
                    )
                })?,
        };
        let address = |name: &str, raw: &str| {
            raw.trim().parse::<SocketAddr>().with_context(|| {
                format!("{name} {raw:?} is not an address to listen on; use e.g. 0.0.0.0:8443 or 127.0.0.1:9184")
            })
        };
        let webhook = match get("MOU_WEBHOOK_URL") {
            None => None,
            Some(raw) => {
                let url = url::Url::parse(raw.trim()).ok().filter(|url| {
                    url.host().is_some()
                        && (url.scheme() == "https" || (url.scheme() == "http" && is_loopback(url)))
                });
                let url = url.with_context(|| {
                    format!("MOU_WEBHOOK_URL {raw:?} is not an https URL; Telegram posts updates only to https (e.g. https://bot.example.org/telegram), so put a TLS proxy in front (docs/DEPLOY.md)")
                })?;
                let listen = get("MOU_LISTEN").unwrap_or_else(|| DEFAULT_LISTEN.to_owned());
                Some(Webhook {
                    url,
                    listen: address("MOU_LISTEN", &listen)?,
                    secret: get("MOU_WEBHOOK_SECRET")
                        .map(|raw| WebhookSecret::parse(&raw))
                        .transpose()?,
                })
            }
        };
        let journal_salt = Secret(match get("MOU_JOURNAL_SALT") {
            Some(salt) if !salt.trim().is_empty() => salt.trim().to_owned(),
            // Derived from the token: stable across restarts, secret as the token is.
            _ => crate::journal::keyed_hash(token.expose(), b"mou-bot journal salt"),
        });
        let metrics_listen = get("MOU_METRICS_LISTEN")
            .map(|raw| address("MOU_METRICS_LISTEN", &raw))
            .transpose()?;
        Ok(Settings {
            webhook,
            metrics_listen,
            token,
            api_url,
            proxy,
            corpus: corpus.to_owned(),
            index: index.to_owned(),
            admin_user_ids,
            throttle,
            flood_limit_per_minute,
            chat_queue_limit,
            manage_documents,
            max_document_bytes,
            question_log,
            log_user_ids,
            log_questions,
            journal_salt,
        })
    }
}

/// Whether `url` names this machine (plain http is allowed there, for a local test).
fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// A token of the real shape, built at run time so no token-shaped string is committed.
    fn token() -> String {
        format!(
            "{}:{}{}",
            "1234567890", "AAHdqTcvCH1vGWJxfSe", "ofSAs0K5PALDsaw0"
        )
    }

    fn settings(vars: &[(&str, &str)]) -> anyhow::Result<Settings> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Settings::from_lookup(Path::new("corpus"), Path::new("data/index"), |name| {
            map.get(name).cloned()
        })
    }

    #[test]
    fn a_missing_token_says_how_to_set_it() {
        let err = settings(&[]).unwrap_err().to_string();
        assert!(
            err.contains("TELOXIDE_TOKEN is not set") && err.contains(".env"),
            "{err}"
        );
    }

    #[test]
    fn a_malformed_token_is_refused_without_echoing_it() {
        let err = settings(&[("TELOXIDE_TOKEN", "not-a-token-secretvalue")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("malformed"), "{err}");
        assert!(!err.contains("secretvalue"), "{err}");
    }

    #[test]
    fn debug_output_never_shows_the_token() {
        let settings = settings(&[("TELOXIDE_TOKEN", &token())]).unwrap();
        let debug = format!("{settings:?}");
        assert!(!debug.contains("AAHdqTcv"), "{debug}");
        assert!(debug.contains("redacted"));
    }

    #[test]
    fn a_proxy_is_read_and_its_password_never_shown() {
        let s = settings(&[
            ("TELOXIDE_TOKEN", &token()),
            ("TELOXIDE_PROXY", "http://user:hunter22@127.0.0.1:3128"),
        ])
        .unwrap();
        let proxy = s.proxy.as_ref().unwrap();
        assert_eq!(proxy.expose(), "http://user:hunter22@127.0.0.1:3128/");
        let debug = format!("{s:?}");
        assert!(debug.contains("ProxyUrl(http://127.0.0.1:3128)"), "{debug}");
        assert!(!debug.contains("hunter22"), "{debug}");
        let err = settings(&[
            ("TELOXIDE_TOKEN", &token()),
            ("TELOXIDE_PROXY", "not a url hunter22"),
        ])
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("TELOXIDE_PROXY is not an http(s) proxy URL"),
            "{err}"
        );
        assert!(!err.contains("hunter22"), "{err}");
    }

    #[test]
    fn redact_removes_the_secret_from_urls() {
        let token = BotToken::parse(&token()).unwrap();
        let line = format!(
            "error sending request for url (http://x/bot{}/GetMe)",
            token.expose()
        );
        let clean = redact(&line, &token);
        assert!(!clean.contains(token.secret()), "{clean}");
        assert!(clean.contains("[redacted]"));
    }

    #[test]
    fn defaults_and_overrides_are_read() {
        let s = settings(&[("TELOXIDE_TOKEN", &token())]).unwrap();
        assert!(s.throttle);
        assert_eq!(s.flood_limit_per_minute, 20);
        assert_eq!(s.chat_queue_limit, 20);
        assert!(s.manage_documents);
        assert_eq!(s.max_document_bytes, 1_000_000);
        assert!(s.admin_user_ids.is_empty());
        let s = settings(&[
            ("TELOXIDE_TOKEN", &token()),
            ("TELOXIDE_API_URL", "http://127.0.0.1:9999"),
            ("ADMIN_USER_IDS", " 1, 22 ,"),
            ("MOU_THROTTLE", "off"),
            ("MOU_FLOOD_LIMIT", "5"),
            ("MOU_CHAT_QUEUE", "3"),
        ])
        .unwrap();
        assert_eq!(s.api_url.unwrap().as_str(), "http://127.0.0.1:9999/");
        assert_eq!(s.admin_user_ids, [1, 22]);
        assert!(!s.throttle);
        assert_eq!(s.flood_limit_per_minute, 5);
        assert_eq!(s.chat_queue_limit, 3);
    }

    #[test]
    fn bad_values_name_their_variable() {
        for (name, value) in [
            ("TELOXIDE_API_URL", "ftp://x"),
            ("ADMIN_USER_IDS", "12,abc"),
            ("MOU_THROTTLE", "maybe"),
            ("MOU_FLOOD_LIMIT", "0"),
            ("MOU_CHAT_QUEUE", "none"),
            ("MOU_MAX_DOCUMENT_BYTES", "30000000"),
            ("MOU_MANAGE_DOCUMENTS", "perhaps"),
            ("MOU_METRICS_LISTEN", "localhost"),
            ("MOU_WEBHOOK_URL", "http://bot.example.org/telegram"),
            ("MOU_WEBHOOK_URL", "not a url"),
        ] {
            let err = settings(&[("TELOXIDE_TOKEN", &token()), (name, value)])
                .unwrap_err()
                .to_string();
            assert!(err.contains(name), "{name}: {err}");
        }
    }

    #[test]
    fn webhook_mode_needs_https_a_listen_address_and_a_valid_secret() {
        let s = settings(&[
            ("TELOXIDE_TOKEN", &token()),
            ("MOU_WEBHOOK_URL", "https://bot.example.org/telegram"),
            ("MOU_WEBHOOK_SECRET", "abc_DEF-123"),
        ])
        .unwrap();
        let webhook = s.webhook.unwrap();
        assert_eq!(webhook.url.path(), "/telegram");
        assert_eq!(webhook.listen.to_string(), DEFAULT_LISTEN);
        assert_eq!(webhook.secret.as_ref().unwrap().expose(), "abc_DEF-123");
        assert!(!format!("{webhook:?}").contains("abc_DEF"));
        // Plain http only to this machine, for a local test.
        let local = settings(&[
            ("TELOXIDE_TOKEN", &token()),
            ("MOU_WEBHOOK_URL", "http://127.0.0.1:8443/hook"),
            ("MOU_LISTEN", "127.0.0.1:9000"),
        ])
        .unwrap();
        assert_eq!(local.webhook.unwrap().listen.port(), 9000);
        for secret in ["", "has space", "ünïcode", &"x".repeat(257)] {
            let err = settings(&[
                ("TELOXIDE_TOKEN", &token()),
                ("MOU_WEBHOOK_URL", "https://bot.example.org/telegram"),
                ("MOU_WEBHOOK_SECRET", secret),
            ]);
            // An empty value counts as unset: a secret is made at start.
            match secret {
                "" => assert!(err.unwrap().webhook.unwrap().secret.is_none()),
                _ => assert!(
                    err.unwrap_err().to_string().contains("MOU_WEBHOOK_SECRET"),
                    "{secret}"
                ),
            }
        }
        let polling = settings(&[("TELOXIDE_TOKEN", &token())]).unwrap();
        assert!(polling.webhook.is_none() && polling.metrics_listen.is_none());
    }
}
