//! A fake Telegram Bot API on 127.0.0.1: serves queued updates to `getUpdates`, records every
//! call, answers like Telegram does, and can be told to misbehave.
//!
//! A `sendMessage` is recorded once it is delivered, in the same step that answers it; one
//! that meets a fault is never recorded, so the record is exactly what users received.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};

/// The bot's own identity, as `getMe` reports it.
pub const BOT_ID: i64 = 4242;
pub const BOT_USERNAME: &str = "mou_test_bot";

/// A failure to answer with instead of the normal reply to one call.
#[derive(Debug, Clone)]
pub enum Fault {
    ServerError,
    /// Answers only after the client has given up waiting (teloxide waits 17 s).
    Hang,
    /// Waits for [`FakeTelegram::release`], then delivers: keeps the bot busy in one chat
    /// for exactly as long as a test needs.
    Hold,
    RetryAfter(u32),
    MalformedJson,
}

#[derive(Debug, Clone)]
pub struct Call {
    pub method: String,
    pub body: Value,
    /// The id of the message a `sendMessage` call sent.
    pub message_id: Option<i64>,
}

#[derive(Default)]
struct Inner {
    updates: Vec<Value>,
    next_update_id: i64,
    next_message_id: i64,
    calls: Vec<Call>,
    /// How many messages were delivered.
    sent: usize,
    /// The webhook set, as `getWebhookInfo` reports it ("" for none).
    webhook_url: String,
    /// Faults for `sendMessage`, used up in order.
    send_faults: VecDeque<Fault>,
    /// `sendMessage` calls waiting for `release`.
    held: usize,
    /// Files the bot can fetch with `getFile`, by file id.
    files: std::collections::HashMap<String, Vec<u8>>,
}

#[derive(Clone, Default)]
pub struct FakeTelegram {
    inner: Arc<Mutex<Inner>>,
    released: Arc<tokio::sync::watch::Sender<bool>>,
}

impl FakeTelegram {
    /// Starts the server on a free loopback port; returns it and its base URL.
    pub async fn start() -> (FakeTelegram, String) {
        let addr = SocketAddr::from(([127, 0, 0, 1], 0));
        let fake = FakeTelegram::default();
        let app = Router::new()
            .route("/{bot}/{method}", post(handle))
            .route("/file/{bot}/{*path}", axum::routing::get(download))
            .with_state(fake.clone());
        let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        (fake, format!("http://{addr}"))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap()
    }

    /// Queues an update; `kind` is "message", "edited_message", …
    pub fn push_update(&self, kind: &str, message: Value) {
        let mut inner = self.lock();
        inner.next_update_id += 1;
        let id = inner.next_update_id;
        inner
            .updates
            .push(json!({ "update_id": id, kind: message }));
    }

    /// Sets a webhook, as a previous run of the bot would have.
    pub fn set_webhook(&self, url: &str) {
        self.lock().webhook_url = url.to_owned();
    }

    pub fn fail_next_sends(&self, faults: impl IntoIterator<Item = Fault>) {
        self.lock().send_faults.extend(faults);
    }

    /// Makes `bytes` a file the bot can fetch as `file_id` (`getFile`, then its download).
    pub fn add_file(&self, file_id: &str, bytes: &[u8]) {
        self.lock().files.insert(file_id.to_owned(), bytes.to_vec());
    }

    /// Waits until `count` sends are held by [`Fault::Hold`].
    pub async fn wait_for_held(&self, count: usize, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        while self.lock().held < count {
            assert!(Instant::now() < deadline, "no send was held");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Lets the sends held by [`Fault::Hold`] (and any later ones) through.
    pub fn release(&self) {
        self.released.send_replace(true);
    }

    /// How many calls of `method` the bot made.
    pub fn count(&self, method: &str) -> usize {
        self.lock()
            .calls
            .iter()
            .filter(|c| c.method.eq_ignore_ascii_case(method))
            .count()
    }

    pub fn calls(&self, method: &str) -> Vec<Call> {
        self.lock()
            .calls
            .iter()
            .filter(|c| c.method.eq_ignore_ascii_case(method))
            .cloned()
            .collect()
    }

    /// The texts sent to `chat`, in order.
    pub fn sent_to(&self, chat: i64) -> Vec<String> {
        self.calls("sendMessage")
            .into_iter()
            .filter(|c| c.body["chat_id"] == chat)
            .map(|c| c.body["text"].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    /// The messages sent to `chat`, in order: each one's id and request.
    pub fn messages_to(&self, chat: i64) -> Vec<(i64, Value)> {
        self.calls("sendMessage")
            .into_iter()
            .filter(|c| c.body["chat_id"] == chat)
            .map(|c| (c.message_id.unwrap_or_default(), c.body))
            .collect()
    }

    /// How many messages the bot has sent, to any chat.
    pub fn sent_count(&self) -> usize {
        self.lock().sent
    }

    /// Every chat's received texts, in order.
    pub fn sent_by_chat(&self) -> std::collections::HashMap<i64, Vec<String>> {
        let mut by_chat: std::collections::HashMap<i64, Vec<String>> = Default::default();
        for call in self.lock().calls.iter() {
            if call.method.eq_ignore_ascii_case("sendMessage") {
                let chat = call.body["chat_id"].as_i64().unwrap_or(0);
                let text = call.body["text"].as_str().unwrap_or_default().to_owned();
                by_chat.entry(chat).or_default().push(text);
            }
        }
        by_chat
    }

    /// Waits until the bot has sent `count` messages in all, or panics after `timeout`.
    pub async fn wait_for_sent(&self, count: usize, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        while self.sent_count() < count {
            assert!(
                Instant::now() < deadline,
                "{} of {count} messages after {timeout:?}",
                self.sent_count()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until `chat` has received `count` messages, or panics after `timeout`.
    pub async fn wait_for_replies(
        &self,
        chat: i64,
        count: usize,
        timeout: Duration,
    ) -> Vec<String> {
        let deadline = Instant::now() + timeout;
        loop {
            let sent = self.sent_to(chat);
            if sent.len() >= count {
                return sent;
            }
            assert!(
                Instant::now() < deadline,
                "chat {chat}: {} of {count} replies after {timeout:?}: {sent:?}",
                sent.len()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

fn ok(result: Value) -> Response {
    axum::Json(json!({ "ok": true, "result": result })).into_response()
}

async fn handle(
    State(fake): State<FakeTelegram>,
    Path((bot, method)): Path<(String, String)>,
    body: String,
) -> Response {
    if !bot.starts_with("bot") {
        return StatusCode::NOT_FOUND.into_response();
    }
    // JSON, or for methods that may upload a file (setWebhook), a multipart form: its fields.
    let body: Value = serde_json::from_str(&body).unwrap_or_else(|_| form_fields(&body));
    let method_lower = method.to_ascii_lowercase();
    // Polls are recorded by `get_updates`, sends by `send_message` when delivered.
    if !["getupdates", "sendmessage"].contains(&method_lower.as_str()) {
        fake.lock().calls.push(Call {
            method: method.clone(),
            body: body.clone(),
            message_id: None,
        });
    }
    match method_lower.as_str() {
        "getme" => ok(json!({
            "id": BOT_ID, "is_bot": true, "first_name": "MoU Bot", "username": BOT_USERNAME,
            "can_join_groups": true, "can_read_all_group_messages": false,
            "supports_inline_queries": true, "can_connect_to_business": false,
            "has_main_web_app": false
        })),
        "getupdates" => get_updates(&fake, body).await,
        "sendmessage" => {
            let waits = {
                let mut inner = fake.lock();
                let waits = inner.send_faults.front().cloned();
                match waits {
                    Some(Fault::Hang) => inner.send_faults.pop_front(),
                    Some(Fault::Hold) => {
                        inner.held += 1;
                        inner.send_faults.pop_front()
                    }
                    _ => None,
                }
            };
            match waits {
                Some(Fault::Hang) => {
                    tokio::time::sleep(Duration::from_secs(20)).await;
                    return StatusCode::GATEWAY_TIMEOUT.into_response();
                }
                Some(Fault::Hold) => {
                    let mut released = fake.released.subscribe();
                    let _ = released.wait_for(|released| *released).await;
                }
                _ => {}
            }
            send_message(&fake, body)
        }
        "getfile" => {
            let id = body["file_id"].as_str().unwrap_or_default().to_owned();
            let size = fake.lock().files.get(&id).map(Vec::len);
            match size {
                Some(size) => ok(json!({
                    "file_id": id, "file_unique_id": format!("u-{id}"), "file_size": size,
                    "file_path": format!("documents/{id}.bin")
                })),
                None => (
                    StatusCode::BAD_REQUEST,
                    axum::Json(json!({
                        "ok": false, "error_code": 400,
                        "description": "Bad Request: invalid file_id"
                    })),
                )
                    .into_response(),
            }
        }
        "getwebhookinfo" => ok(json!({
            "url": fake.lock().webhook_url, "has_custom_certificate": false,
            "pending_update_count": 0
        })),
        "setwebhook" => {
            fake.lock().webhook_url = body["url"].as_str().unwrap_or_default().to_owned();
            ok(json!(true))
        }
        "deletewebhook" => {
            fake.lock().webhook_url.clear();
            ok(json!(true))
        }
        _ => ok(json!(true)),
    }
}

/// A file's download (`/file/bot<token>/<file_path>`), as `getFile` named it.
async fn download(
    State(fake): State<FakeTelegram>,
    Path((bot, path)): Path<(String, String)>,
) -> Response {
    let id = path
        .trim_start_matches("documents/")
        .trim_end_matches(".bin")
        .to_owned();
    fake.lock().calls.push(Call {
        method: "download".into(),
        body: json!({ "path": path }),
        message_id: None,
    });
    match fake.lock().files.get(&id) {
        Some(bytes) if bot.starts_with("bot") => bytes.clone().into_response(),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The text fields of a multipart form, as a JSON object.
fn form_fields(body: &str) -> Value {
    let mut fields = serde_json::Map::new();
    for part in body
        .split("Content-Disposition: form-data; name=\"")
        .skip(1)
    {
        let Some((name, rest)) = part.split_once('"') else {
            continue;
        };
        let Some((_, value)) = rest.split_once("\r\n\r\n") else {
            continue;
        };
        let value = value.split("\r\n--").next().unwrap_or_default();
        fields.insert(name.to_owned(), Value::String(value.to_owned()));
    }
    Value::Object(fields)
}

/// Long polling: answers as soon as there are updates past `offset`, or after a short wait.
async fn get_updates(fake: &FakeTelegram, body: Value) -> Response {
    let offset = body["offset"].as_i64().unwrap_or(0);
    let limit = body["limit"].as_u64().unwrap_or(100).clamp(1, 100) as usize;
    fake.lock().calls.push(Call {
        method: "getUpdates".into(),
        body: body.clone(),
        message_id: None,
    });
    let deadline = Instant::now() + Duration::from_millis(300);
    let update_id = |u: &Value| u["update_id"].as_i64().unwrap_or(0);
    // As Telegram does, updates before `offset` are confirmed, and forgotten.
    fake.lock().updates.retain(|u| update_id(u) >= offset);
    loop {
        let pending: Vec<Value> = fake
            .lock()
            .updates
            .iter()
            .filter(|u| update_id(u) >= offset)
            .take(limit)
            .cloned()
            .collect();
        if !pending.is_empty() || Instant::now() >= deadline {
            return ok(Value::Array(pending));
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

fn send_message(fake: &FakeTelegram, body: Value) -> Response {
    let mut inner = fake.lock();
    if let Some(fault) = inner.send_faults.pop_front() {
        // A failed attempt delivers nothing, so it is not recorded.
        return match fault {
            Fault::ServerError => (
                StatusCode::INTERNAL_SERVER_ERROR,
                r#"{"ok":false,"error_code":500,"description":"Internal Server Error"}"#,
            )
                .into_response(),
            Fault::RetryAfter(seconds) => (
                StatusCode::TOO_MANY_REQUESTS,
                axum::Json(json!({
                    "ok": false, "error_code": 429,
                    "description": format!("Too Many Requests: retry after {seconds}"),
                    "parameters": { "retry_after": seconds }
                })),
            )
                .into_response(),
            Fault::MalformedJson => (StatusCode::OK, "{\"ok\": tru").into_response(),
            Fault::Hang | Fault::Hold => unreachable!("handled before the reply is built"),
        };
    }
    inner.next_message_id += 1;
    inner.sent += 1;
    let chat_id = body["chat_id"].as_i64().unwrap_or(0);
    let message_id = inner.next_message_id;
    inner.calls.push(Call {
        method: "sendMessage".into(),
        body: body.clone(),
        message_id: Some(message_id),
    });
    ok(json!({
        "message_id": inner.next_message_id,
        "date": 1_726_444_800,
        "chat": { "id": chat_id, "type": if chat_id < 0 { "group" } else { "private" }, "title": "Group", "first_name": "User" },
        "from": { "id": BOT_ID, "is_bot": true, "first_name": "MoU Bot", "username": BOT_USERNAME },
        "text": body["text"].clone(),
    }))
}

/// A TCP relay in front of the fake server that can be down (every connection it accepts is
/// closed at once, and those it relays are cut) and come back, on one port it holds all along:
/// the bot meets an unreachable API and broken keep-alive connections, and no other socket can
/// take the port meanwhile.
pub struct Outage {
    addr: SocketAddr,
    /// Where connections are relayed to; `None` while down.
    upstream: tokio::sync::watch::Sender<Option<SocketAddr>>,
}

impl Outage {
    /// Holds a free loopback port, down until [`Outage::restore`].
    pub async fn down() -> Outage {
        let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let (upstream, watch) = tokio::sync::watch::channel(None::<SocketAddr>);
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let Some(target) = *watch.borrow() else {
                    continue; // down: the connection is dropped, so closed, right away
                };
                let mut cut = watch.clone();
                tokio::spawn(async move {
                    let Ok(mut outbound) = tokio::net::TcpStream::connect(target).await else {
                        return;
                    };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                        _ = cut.wait_for(Option::is_none) => {}
                    }
                });
            }
        });
        Outage { addr, upstream }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Goes down: cuts every relayed connection and closes new ones.
    pub fn cut(&self) {
        self.upstream.send_replace(None);
    }

    /// Relays again, to the fake server at `upstream` (its base URL).
    pub fn restore(&self, upstream: &str) {
        let upstream: SocketAddr = upstream.trim_start_matches("http://").parse().unwrap();
        self.upstream.send_replace(Some(upstream));
    }
}
