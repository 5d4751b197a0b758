//! `mou-bot serve` end to end: the real binary against the fake Bot API on 127.0.0.1.

use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde_json::{Value, json};

use crate::fake_telegram::{BOT_ID, BOT_USERNAME, Call, FakeTelegram, Fault, Outage};
use crate::util::TestEnv;

/// How long a test waits for something that normally takes milliseconds: generous, because
/// the suite's tests share two cores with a load test.
pub(crate) const TIMEOUT: Duration = Duration::from_secs(60);

/// A fresh token of Telegram's shape, so a leak check has something unique to look for.
fn fresh_token() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let secret = format!("Sekret{:0>29}", std::process::id() as u64 * 1000 + n);
    format!("{}:{secret}", 1_000_000_000 + n)
}

/// The bot process, killed when dropped.
pub(crate) struct BotProcess {
    child: Child,
    token: String,
    log: std::path::PathBuf,
    pub(crate) env: TestEnv,
}

impl BotProcess {
    pub(crate) fn start(api_url: &str, extra: &[(&str, &str)]) -> BotProcess {
        // The article and its Russian and Uzbek translations.
        let env = TestEnv::with_article();
        env.add_files_of(&crate::util::fixture("translations"));
        let token = fresh_token();
        let log = env.dir.path().join("bot.log");
        let mut command: Command = env.command();
        command
            .arg("serve")
            .env("TELOXIDE_TOKEN", &token)
            .env("TELOXIDE_API_URL", api_url)
            .env("MOU_THROTTLE", "off")
            .env("RUST_LOG", "info")
            .env("NO_PROXY", "127.0.0.1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap());
        for (key, value) in extra {
            command.env(key, value);
        }
        let child = command.spawn().unwrap();
        BotProcess {
            child,
            token,
            log,
            env,
        }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// The log once it contains `needle` (lines are written after the reply is sent); fails
    /// the test when it never does.
    pub(crate) async fn log_with(&self, needle: &str) -> String {
        let deadline = std::time::Instant::now() + TIMEOUT;
        loop {
            let log = self.log();
            if log.contains(needle) {
                return log;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the log never said {needle:?}:\n{log}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    fn secret(&self) -> &str {
        self.token.split_once(':').unwrap().1
    }

    /// Sends SIGTERM and waits for the exit status.
    fn terminate(mut self) -> std::process::ExitStatus {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        let deadline = std::time::Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the bot did not stop on SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for BotProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

static MESSAGE_ID: AtomicU64 = AtomicU64::new(100);

pub(crate) fn user(id: i64) -> Value {
    json!({ "id": id, "is_bot": false, "first_name": format!("User{id}") })
}

pub(crate) fn message(chat: Value, from: i64, fields: Value) -> Value {
    let mut message = json!({
        "message_id": MESSAGE_ID.fetch_add(1, Ordering::Relaxed),
        "date": 1_726_444_800,
        "chat": chat,
        "from": user(from),
    });
    for (key, value) in fields.as_object().unwrap() {
        message[key] = value.clone();
    }
    message
}

pub(crate) fn private_chat(user: i64) -> Value {
    json!({ "id": user, "type": "private", "first_name": format!("User{user}") })
}

fn group_chat(id: i64) -> Value {
    json!({ "id": id, "type": "group", "title": "Minerals chat" })
}

pub(crate) fn private_text(user: i64, text: &str) -> Value {
    message(private_chat(user), user, json!({ "text": text }))
}

/// A private message from a user whose Telegram interface is in `language_code`.
fn private_text_in(user: i64, language_code: &str, text: &str) -> Value {
    let mut message = private_text(user, text);
    message["from"]["language_code"] = json!(language_code);
    message
}

fn group_text(chat: i64, user: i64, text: &str) -> Value {
    message(group_chat(chat), user, json!({ "text": text }))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_private_question_gets_typing_then_a_quoted_html_reply() {
    let (fake, url) = FakeTelegram::start().await;
    let bot = BotProcess::start(&url, &[]);
    let question = private_text(7, "Who signed the memorandum?");
    let asked_id = question["message_id"].clone();
    fake.push_update("message", question);
    let replies = fake.wait_for_replies(7, 1, TIMEOUT).await;
    let reply = &replies[0];
    assert!(reply.starts_with("<blockquote>"), "{reply}");
    assert!(reply.contains("<b>signed</b>"), "{reply}");
    assert!(reply.contains("Nasritdinkhodjaev"), "{reply}");
    assert!(reply.contains("paragraph 3"), "{reply}");
    let sent = &fake.calls("sendMessage")[0].body;
    assert_eq!(sent["parse_mode"], "HTML");
    assert_eq!(sent["reply_parameters"]["message_id"], asked_id);
    assert_eq!(sent["link_preview_options"]["is_disabled"], true);
    let typing = fake.calls("sendChatAction");
    assert_eq!(typing[0].body["action"], "typing");
    let log = bot.log_with("answered=true").await;
    assert!(
        log.contains("question") && log.contains("answered=true"),
        "{log}"
    );
    assert!(
        !log.contains("Who signed"),
        "message text must not be logged at info: {log}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_menu_is_registered_and_every_command_answers() {
    let (fake, url) = FakeTelegram::start().await;
    let _bot = BotProcess::start(&url, &[]);
    for text in [
        "/start",
        "/help",
        "/about",
        "/ask where is minexpo",
        "/ask",
        "/nosuch",
    ] {
        fake.push_update("message", private_text(8, text));
    }
    let replies = fake.wait_for_replies(8, 6, TIMEOUT).await;
    assert!(
        replies[0].contains("Hello") && replies[0].contains("Who signed the memorandum?"),
        "{}",
        replies[0]
    );
    assert!(
        replies[1].contains("/ask") && replies[1].contains("@mou_test_bot"),
        "{}",
        replies[1]
    );
    assert!(
        replies[2].contains("Uzbekistan and USA Agree to Cooperate on Critical Minerals")
            && replies[2].contains("9 paragraphs"),
        "{}",
        replies[2]
    );
    assert!(replies[3].contains("Las Vegas"), "{}", replies[3]);
    assert!(
        replies[4].contains("Put your question after the command"),
        "{}",
        replies[4]
    );
    assert!(
        replies[5].contains("don't know that command"),
        "{}",
        replies[5]
    );
    let commands = fake.calls("setMyCommands");
    let names: Vec<&str> = commands[0].body["commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["command"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["start", "help", "about", "ask"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn people_are_answered_in_the_language_they_write_in() {
    let (fake, url) = FakeTelegram::start().await;
    let _bot = BotProcess::start(&url, &[]);
    for (text, language_code) in [
        ("/start", "ru"),
        ("Кто подписал меморандум?", "ru"),
        // Written in Uzbek from a Russian interface: the words decide.
        ("Memorandumni kim imzoladi?", "ru"),
        ("Какая погода в Москве?", "en"),
        ("/help", "uz-UZ"),
    ] {
        fake.push_update("message", private_text_in(9, language_code, text));
    }
    let replies = fake.wait_for_replies(9, 5, TIMEOUT).await;
    assert!(
        replies[0].starts_with("Здравствуйте!") && replies[0].contains("Кто подписал меморандум?"),
        "{}",
        replies[0]
    );
    assert!(
        replies[1].contains("Насритдинходжаев")
            && replies[1].contains("Неофициальный перевод; оригинал"),
        "{}",
        replies[1]
    );
    assert!(
        replies[2].contains("Nasritdinxo‘jayev") && replies[2].contains("Norasmiy tarjima"),
        "{}",
        replies[2]
    );
    assert!(
        replies[3].starts_with("Я не нашёл ответа"),
        "{}",
        replies[3]
    );
    assert!(replies[4].starts_with("Savolingizni"), "{}", replies[4]);
    // A command menu per language, the English one the default.
    let menus = fake.calls("setMyCommands");
    let codes: Vec<&Value> = menus.iter().map(|c| &c.body["language_code"]).collect();
    assert_eq!(codes, [&Value::Null, &json!("ru"), &json!("uz")]);
    assert_eq!(
        menus[1].body["commands"][0]["description"],
        "Поздороваться и показать, о чём спросить"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn small_talk_gets_a_friendly_reply_and_follow_ups_are_read_with_the_last_question() {
    let (fake, url) = FakeTelegram::start().await;
    let bot = BotProcess::start(&url, &[]);
    for text in [
        "hi",
        "tell me more",
        "Who signed the memorandum?",
        "and when?",
        "tell me more",
        "thanks!",
    ] {
        fake.push_update("message", private_text(10, text));
    }
    let replies = fake.wait_for_replies(10, 6, TIMEOUT).await;
    assert!(
        replies[0].starts_with("Hello! Ask me anything"),
        "{}",
        replies[0]
    );
    assert!(
        replies[1].contains("Ask me a question first"),
        "{}",
        replies[1]
    );
    assert!(replies[2].contains("Henick") && replies[2].contains("paragraph 3"));
    // "and when?" asks for the date of the same signing.
    assert!(
        replies[3].contains("September 16") && replies[3].contains("paragraph 3"),
        "{}",
        replies[3]
    );
    // "tell me more" quotes another paragraph, not the one shown.
    assert!(
        replies[4].starts_with("<blockquote>") && !replies[4].contains("paragraph 3"),
        "{}",
        replies[4]
    );
    assert!(replies[5].starts_with("You're welcome"), "{}", replies[5]);
    // Small talk and "more" are not questions: two answered, none declined.
    let log = bot.log_with("conversation").await;
    assert_eq!(log.matches("answered=true").count(), 2, "{log}");
    assert!(!log.contains("answered=false"), "{log}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_answer_is_friendly_and_offers_examples() {
    let (fake, url) = FakeTelegram::start().await;
    let _bot = BotProcess::start(&url, &[]);
    fake.push_update("message", private_text(9, "What's the weather in Paris?"));
    let reply = &fake.wait_for_replies(9, 1, TIMEOUT).await[0];
    assert!(
        reply.contains("couldn't find an answer to “What's the weather in Paris?”"),
        "{reply}"
    );
    assert!(reply.contains("• Who signed the memorandum?"), "{reply}");
    assert!(!reply.contains("<blockquote>"), "{reply}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stickers_photos_and_edits_get_sensible_replies() {
    let (fake, url) = FakeTelegram::start().await;
    let journal_dir = tempfile::tempdir().unwrap();
    let journal = journal_dir.path().join("questions.jsonl");
    let _bot = BotProcess::start(&url, &[("MOU_QUESTION_LOG", journal.to_str().unwrap())]);
    let sticker = json!({
        "file_id": "s1", "file_unique_id": "u1", "type": "regular", "width": 512, "height": 512,
        "is_animated": false, "is_video": false
    });
    let photo = json!([{ "file_id": "p1", "file_unique_id": "pu1", "width": 90, "height": 90 }]);
    fake.push_update(
        "message",
        message(private_chat(10), 10, json!({ "sticker": sticker })),
    );
    fake.push_update(
        "message",
        message(private_chat(10), 10, json!({ "photo": photo })),
    );
    fake.push_update(
        "message",
        message(
            private_chat(10),
            10,
            json!({ "photo": photo, "caption": "where is minexpo?" }),
        ),
    );
    fake.push_update(
        "edited_message",
        message(
            private_chat(10),
            10,
            json!({ "text": "lithium", "edit_date": 1_726_444_900 }),
        ),
    );
    fake.push_update(
        "message",
        message(
            private_chat(10),
            10,
            json!({ "location": { "latitude": 41.3, "longitude": 69.2 } }),
        ),
    );
    let replies = fake.wait_for_replies(10, 5, TIMEOUT).await;
    assert!(replies[0].contains("text questions only"), "{}", replies[0]);
    assert!(replies[1].contains("text questions only"), "{}", replies[1]);
    assert!(replies[2].contains("Las Vegas"), "{}", replies[2]);
    assert!(replies[3].contains("<b>lithium</b>"), "{}", replies[3]);
    assert!(replies[4].contains("text questions only"), "{}", replies[4]);
    // An edit is answered anew, and journaled as an edit.
    let lines: Vec<Value> = std::fs::read_to_string(&journal)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let edited: Vec<bool> = lines.iter().map(|l| l["edited"] == true).collect();
    assert_eq!(edited, [false, true], "{lines:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_groups_only_mentions_replies_and_ask_are_answered() {
    let (fake, url) = FakeTelegram::start().await;
    let _bot = BotProcess::start(&url, &[]);
    let chat = -500;
    fake.push_update(
        "message",
        group_text(chat, 11, "who signed the memorandum? anyone?"),
    );
    fake.push_update(
        "message",
        group_text(chat, 12, "/ask@other_bot where is minexpo"),
    );
    fake.push_update(
        "message",
        group_text(chat, 11, &format!("@{BOT_USERNAME} where is minexpo")),
    );
    fake.push_update(
        "message",
        group_text(chat, 12, &format!("/ask@{BOT_USERNAME} lithium")),
    );
    // A message of the bot's from before it started (its answer forgotten, its text no quote).
    let bot_message = json!({
        "message_id": 999_999, "date": 1_726_444_800, "chat": group_chat(chat),
        "from": { "id": BOT_ID, "is_bot": true, "first_name": "MoU Bot", "username": BOT_USERNAME },
        "text": "an earlier answer"
    });
    fake.push_update(
        "message",
        message(
            group_chat(chat),
            13,
            json!({ "text": "and who signed it?", "reply_to_message": bot_message }),
        ),
    );
    // A chat's messages are handled in order: once the last one is answered, any reply to
    // the chatter before it would have been sent already.
    let replies = fake.wait_for_replies(chat, 3, TIMEOUT).await;
    assert_eq!(replies.len(), 3, "chatter was answered: {replies:?}");
    assert!(replies[0].contains("Las Vegas"), "{}", replies[0]);
    assert!(replies[1].contains("<b>lithium</b>"), "{}", replies[1]);
    assert!(replies[2].contains("Henick"), "{}", replies[2]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn user_html_comes_back_escaped() {
    let (fake, url) = FakeTelegram::start().await;
    let _bot = BotProcess::start(&url, &[]);
    fake.push_update("message", private_text(14, "<b>& weather</b> <script>"));
    fake.push_update("message", private_text(14, "<i>lithium</i> & cobalt"));
    let replies = fake.wait_for_replies(14, 2, TIMEOUT).await;
    assert!(
        replies[0].contains("“&lt;b&gt;&amp; weather&lt;/b&gt; &lt;script&gt;”"),
        "{}",
        replies[0]
    );
    assert!(replies[1].contains("<b>lithium</b>"), "{}", replies[1]);
    for reply in &replies {
        for tag in reply.match_indices('<').map(|(i, _)| &reply[i..]) {
            let allowed = [
                "<b>",
                "</b>",
                "<i>",
                "</i>",
                "<blockquote>",
                "</blockquote>",
                "<a href=",
                "</a>",
            ];
            assert!(
                allowed.iter().any(|a| tag.starts_with(a)),
                "unexpected tag in {reply}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_of_update_is_flood_limited_each_with_its_own_allowance() {
    let (fake, url) = FakeTelegram::start().await;
    let metrics = free_address();
    let _bot = BotProcess::start(
        &url,
        &[
            ("MOU_FLOOD_LIMIT", "3"),
            ("MOU_METRICS_LISTEN", &metrics.to_string()),
        ],
    );
    let metrics = format!("http://{metrics}/metrics");
    let client = reqwest::Client::new();
    // Messages of every kind share one allowance: three questions, then one "slow down"; the
    // rest, the command included, get nothing.
    for _ in 0..6 {
        fake.push_update("message", private_text(15, "lithium"));
    }
    fake.push_update("message", private_text(15, "/about"));
    fake.push_update("message", private_text(16, "lithium"));
    let other = fake.wait_for_replies(16, 1, TIMEOUT).await;
    assert!(other[0].contains("<blockquote>"), "{}", other[0]);
    let counted = metrics_with(
        &client,
        &metrics,
        "mou_flood_limited_total{update=\"message\"} 4",
    )
    .await;
    assert!(
        counted.contains("mou_flood_limited_total{update=\"message\"} 4"),
        "{counted}"
    );
    let replies = fake.wait_for_replies(15, 4, TIMEOUT).await;
    assert_eq!(replies.len(), 4, "{replies:?}");
    let slow_downs = replies
        .iter()
        .filter(|r| r.contains("Please wait a minute"))
        .count();
    assert_eq!(slow_downs, 1, "{replies:?}");
    assert_eq!(
        replies
            .iter()
            .filter(|r| r.contains("<blockquote>"))
            .count(),
        3
    );
    // Presses have an allowance of their own (the questions' is spent): three handled, the
    // fourth answered with the notice, the fifth not at all.
    for i in 0..5 {
        let press = press(15, &format!("f{i}"), "none", "lithium");
        fake.push_update("callback_query", press);
    }
    metrics_with(
        &client,
        &metrics,
        "mou_flood_limited_total{update=\"press\"} 2",
    )
    .await;
    let presses = wait_for_calls(&fake, "answerCallbackQuery", 4).await;
    assert_eq!(presses.len(), 4);
    let notices: Vec<&str> = presses
        .iter()
        .filter_map(|call| call.body["text"].as_str())
        .collect();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].contains("Please wait a minute"));
    // Inline queries, one per pause in typing, have three times the allowance: nine answered
    // of twelve.
    for i in 0..12 {
        let query = inline_query(15, &format!("q{i}"), "lithium", "en");
        fake.push_update("inline_query", query);
    }
    let limited = metrics_with(
        &client,
        &metrics,
        "mou_flood_limited_total{update=\"inline\"} 3",
    )
    .await;
    assert!(
        limited.contains("mou_flood_limited_total{update=\"inline\"} 3"),
        "{limited}"
    );
    assert_eq!(inline_answers(&fake, 9).await.len(), 9);
}

/// The calls of `method` once there are `count` of them (or when the time is up).
async fn wait_for_calls(fake: &FakeTelegram, method: &str, count: usize) -> Vec<Call> {
    let deadline = std::time::Instant::now() + TIMEOUT;
    loop {
        let calls = fake.calls(method);
        if calls.len() >= count || std::time::Instant::now() > deadline {
            return calls;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flooded_chat_keeps_a_bounded_queue_and_says_once_that_it_dropped_messages() {
    let (fake, url) = FakeTelegram::start().await;
    let journal_dir = tempfile::tempdir().unwrap();
    let journal = journal_dir.path().join("questions.jsonl");
    let metrics = free_address();
    let _bot = BotProcess::start(
        &url,
        &[
            ("MOU_CHAT_QUEUE", "2"),
            ("MOU_QUESTION_LOG", journal.to_str().unwrap()),
            ("MOU_METRICS_LISTEN", &metrics.to_string()),
        ],
    );
    // A busy group: the first answer is held at Telegram, so the chat's turn stays taken.
    let chat = -700;
    let ask = |user: i64, text: &str| group_text(chat, user, &format!("@{BOT_USERNAME} {text}"));
    fake.fail_next_sends([Fault::Hold]);
    fake.push_update("message", ask(71, "who signed the memorandum?"));
    fake.wait_for_held(1, TIMEOUT).await;
    // Five more people ask: two wait their turn, three are dropped.
    for user in 72..77 {
        fake.push_update("message", ask(user, "lithium"));
    }
    let dropped = || {
        std::fs::read_to_string(&journal)
            .unwrap_or_default()
            .lines()
            .filter(|line| line.contains("\"dropped\":true"))
            .count()
    };
    let deadline = std::time::Instant::now() + TIMEOUT;
    while dropped() < 3 {
        assert!(std::time::Instant::now() < deadline, "never dropped three");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let counted = metrics_with(
        &reqwest::Client::new(),
        &format!("http://{metrics}/metrics"),
        "mou_chat_queue_dropped_total{update=\"message\"} 3",
    )
    .await;
    assert!(
        counted.contains("mou_chat_queue_dropped_total{update=\"message\"} 3"),
        "{counted}"
    );
    fake.release();
    // A later question is answered after those that waited, and nothing else comes: what was
    // dropped would have come before it.
    fake.push_update("message", ask(80, "where is minexpo?"));
    let replies = fake.wait_for_replies(chat, 5, TIMEOUT).await;
    assert!(replies[4].contains("MINExpo"), "{}", replies[4]);
    let notices = replies
        .iter()
        .filter(|r| r.contains("Too many messages here"))
        .count();
    assert_eq!(notices, 1, "one notice, not one per dropped: {replies:?}");
    assert_eq!(
        replies
            .iter()
            .filter(|r| r.contains("<blockquote>"))
            .count(),
        4,
        "{replies:?}"
    );
    assert_eq!(fake.sent_to(chat).len(), 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_token_never_appears_in_logs_even_when_the_api_fails() {
    let (fake, url) = FakeTelegram::start().await;
    fake.fail_next_sends([Fault::RetryAfter(1), Fault::MalformedJson]);
    let bot = BotProcess::start(&url, &[("RUST_LOG", "trace")]);
    fake.push_update("message", private_text(17, "lithium"));
    let replies = fake.wait_for_replies(17, 1, TIMEOUT).await;
    assert!(replies[0].contains("lithium"));
    let log = bot.log_with("answered=").await;
    assert!(log.contains("rate-limited by Telegram"), "{log}");
    assert!(log.contains("sending failed; retrying"), "{log}");
    assert!(!log.contains(bot.secret()), "the token leaked into the log");
    assert!(!log.contains(&bot.token), "the token leaked into the log");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_stops_the_bot_with_status_zero() {
    let (fake, url) = FakeTelegram::start().await;
    let bot = BotProcess::start(&url, &[]);
    fake.push_update("message", private_text(18, "lithium"));
    fake.wait_for_replies(18, 1, TIMEOUT).await;
    let status = bot.terminate();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn a_missing_token_is_a_one_line_error() {
    let env = TestEnv::with_article();
    let run = env.run(&["serve"]);
    assert_eq!(run.code(), Some(1));
    assert_eq!(run.stderr().lines().count(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains("TELOXIDE_TOKEN is not set"),
        "{}",
        run.stderr()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_commands_are_for_admins_only() {
    let (fake, url) = FakeTelegram::start().await;
    let bot = BotProcess::start(&url, &[("ADMIN_USER_IDS", "20, 22")]);
    fake.push_update("message", private_text(21, "/stats"));
    fake.push_update("message", private_text(21, "/reindex"));
    fake.push_update("message", private_text(20, "lithium"));
    fake.push_update("message", private_text(20, "price of gold"));
    fake.push_update("message", private_text(20, "/stats"));
    fake.push_update("message", private_text(20, "/reindex"));
    let refused = fake.wait_for_replies(21, 2, TIMEOUT).await;
    assert!(
        refused
            .iter()
            .all(|r| r.contains("only for the bot's operators")),
        "{refused:?}"
    );
    let admin = fake.wait_for_replies(20, 4, TIMEOUT).await;
    assert!(
        admin[2].contains("3 documents, 27 paragraphs"),
        "{}",
        admin[2]
    );
    assert!(
        admin[2].contains("2 questions, 1 answered, no-answer rate 50%"),
        "{}",
        admin[2]
    );
    assert!(
        admin[3].starts_with("Reindexed: 3 documents, 27 paragraphs"),
        "{}",
        admin[3]
    );
    let log = bot.log_with("admin command refused").await;
    assert!(log.contains("admin command refused"), "{log}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn declined_questions_are_journaled_without_user_ids() {
    let (fake, url) = FakeTelegram::start().await;
    let journal_dir = tempfile::tempdir().unwrap();
    let journal = journal_dir.path().join("questions.jsonl");
    let _bot = BotProcess::start(&url, &[("MOU_QUESTION_LOG", journal.to_str().unwrap())]);
    fake.push_update("message", private_text(23, "lithium"));
    fake.push_update("message", private_text(23, "What is the price of gold?"));
    fake.wait_for_replies(23, 2, TIMEOUT).await;
    let lines: Vec<Value> = std::fs::read_to_string(&journal)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0]["answered"], true);
    assert!(
        lines[0].get("question").is_none(),
        "answered questions keep no text"
    );
    assert_eq!(lines[1]["answered"], false);
    assert_eq!(lines[1]["question"], "What is the price of gold?");
    assert!(lines.iter().all(|l| l.get("user").is_none()));
}

/// A press of the button with `data` under the bot's answer to `question` in `user`'s chat.
fn press(user: i64, id: &str, data: &str, question: &str) -> Value {
    json!({
        "id": id,
        "from": self::user(user),
        "chat_instance": "1",
        "data": data,
        "message": {
            "message_id": 999,
            "date": 1_726_444_800,
            "chat": private_chat(user),
            "from": { "id": 1, "is_bot": true, "first_name": "mou" },
            "text": "quote",
            "reply_to_message": private_text(user, question),
        },
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_carry_buttons_and_a_changed_vote_replaces_the_first_in_the_journal() {
    let (fake, url) = FakeTelegram::start().await;
    let journal_dir = tempfile::tempdir().unwrap();
    let journal = journal_dir.path().join("questions.jsonl");
    let bot = BotProcess::start(&url, &[("MOU_QUESTION_LOG", journal.to_str().unwrap())]);
    let question = "Who signed the memorandum?";
    fake.push_update("message", private_text(24, question));
    fake.wait_for_replies(24, 1, TIMEOUT).await;
    let sent = &fake.calls("sendMessage")[0].body;
    let buttons = sent["reply_markup"]["inline_keyboard"][0]
        .as_array()
        .unwrap();
    let labels: Vec<&str> = buttons
        .iter()
        .map(|b| b["text"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["More", "👍", "👎"]);
    let data = |at: usize| buttons[at]["callback_data"].as_str().unwrap().to_owned();
    assert!(
        buttons
            .iter()
            .all(|b| b["callback_data"].as_str().unwrap().len() <= 64)
    );
    fake.push_update("callback_query", press(24, "c1", &data(1), question));
    fake.push_update("callback_query", press(24, "c2", &data(2), question));
    // A press on a passage no index holds.
    fake.push_update("callback_query", press(24, "c3", "v+:00000000:3", question));
    // Every press is answered: wait for the third answer.
    let deadline = std::time::Instant::now() + TIMEOUT;
    while bot.log().matches("press answered").count() < 3 {
        assert!(std::time::Instant::now() < deadline, "{}", bot.log());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let log = bot.log();
    assert!(
        log.contains("vote up=true") && log.contains("vote up=false"),
        "{log}"
    );
    let presses = fake.calls("answerCallbackQuery");
    let texts: Vec<&Value> = presses.iter().map(|c| &c.body["text"]).collect();
    assert!(texts.contains(&&json!("Thanks!")), "{texts:?}");
    assert!(
        texts.contains(&&json!("That passage is no longer in my documents.")),
        "{texts:?}"
    );
    let votes: Vec<Value> = std::fs::read_to_string(journal_dir.path().join("votes.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(votes.len(), 2, "{votes:?}");
    assert_eq!(votes[0]["vote"], "up");
    assert!(votes[0].get("question").is_none(), "👍 keeps no text");
    assert_eq!(votes[1]["vote"], "down");
    assert_eq!(votes[1]["replaces"], "up");
    assert_eq!(votes[1]["question"], question);
    assert_eq!(votes[1]["paragraph"], 3);
    assert!(votes.iter().all(|v| v.get("user").is_none()));
    let env = crate::util::TestEnv::with_article();
    let stats = env.run(&["stats", "--log", journal.to_str().unwrap()]).ok();
    assert!(stats.contains("Votes on answers: 0 👍, 1 👎"), "{stats}");
    assert!(stats.contains(&format!("“{question}”")), "{stats}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn example_questions_are_buttons_that_ask_them() {
    let (fake, url) = FakeTelegram::start().await;
    let _bot = BotProcess::start(&url, &[]);
    fake.push_update("message", private_text(25, "/start"));
    fake.wait_for_replies(25, 1, TIMEOUT).await;
    let sent = &fake.calls("sendMessage")[0].body;
    let rows = sent["reply_markup"]["inline_keyboard"].as_array().unwrap();
    let labels: Vec<&str> = rows
        .iter()
        .map(|r| r[0]["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        [
            "Who signed the memorandum?",
            "Where will MINExpo take place?",
            "Which critical minerals are mentioned?"
        ]
    );
    let data = rows[1][0]["callback_data"].as_str().unwrap();
    fake.push_update("callback_query", press(25, "e1", data, "/start"));
    let replies = fake.wait_for_replies(25, 2, TIMEOUT).await;
    assert!(replies[1].contains("Las Vegas"), "{}", replies[1]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bot_waits_out_an_unreachable_api_and_failing_or_hanging_sends_answering_each_question_once()
 {
    // The API cannot be reached yet: the bot must keep trying, not die.
    let outage = Outage::down().await;
    let bot = BotProcess::start(&outage.url(), &[("RUST_LOG", "debug")]);
    bot.log_with("cannot reach the Bot API").await;
    let (fake, upstream) = FakeTelegram::start().await;
    outage.restore(&upstream);
    fake.fail_next_sends([
        Fault::ServerError,
        Fault::RetryAfter(1),
        Fault::Hang,
        Fault::MalformedJson,
        Fault::RetryAfter(1),
    ]);
    // Each user asks, then sends /about: a chat's messages are handled in order, so a second
    // reply to the question would come before the reply to /about.
    for user in 30..34 {
        fake.push_update("message", private_text(user, "lithium"));
        fake.push_update("message", private_text(user, "/about"));
    }
    for user in 30..34 {
        let replies = fake.wait_for_replies(user, 2, TIMEOUT).await;
        assert_eq!(replies.len(), 2, "user {user}: {replies:?}");
        assert!(replies[0].contains("<b>lithium</b>"), "{}", replies[0]);
        assert!(replies[1].starts_with("I quote from"), "{}", replies[1]);
    }
    let log = bot.log_with("answered=").await;
    // "typing…" was shown again and again while the hanging send kept a reply waiting (until
    // the HTTP client gives up on it, after about 17 s), and the latency logged counts that wait.
    let typing = fake.count("sendChatAction");
    assert!(typing >= 4 + 4, "{typing} chat actions");
    let slowest = log
        .lines()
        .filter_map(|l| l.split("latency_ms=").nth(1))
        .filter_map(|v| v.split_whitespace().next()?.parse::<f64>().ok())
        .fold(0.0, f64::max);
    assert!(slowest >= 15_000.0, "{log}");
    assert!(log.contains("sending failed; retrying"), "{log}");
    assert!(log.contains("rate-limited by Telegram"), "{log}");
    assert!(!log.contains(bot.secret()), "the token leaked into the log");
    let status = bot.terminate();
    assert_eq!(status.code(), Some(0), "the bot died along the way");
}

/// Peak resident memory of a process, from /proc (Linux); a test that cannot read it fails
/// rather than passing unmeasured.
fn peak_rss_kib(pid: u32) -> u64 {
    let path = format!("/proc/{pid}/status");
    let status = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("cannot measure memory: {path}: {err}"));
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|line| line.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or_else(|| panic!("cannot measure memory: no VmHWM line in {path}"))
}

/// The load test's ceiling on peak memory: the figure in docs/RELIABILITY.md (72 MiB with the
/// debug build) and a third more for the allocator's and the machine's variation.
const LOAD_PEAK_RSS_KIB: u64 = 96 * 1024;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_questions_from_a_thousand_users_are_answered_once_each_in_order() {
    const USERS: i64 = 1_000;
    const PER_USER: usize = 10;
    let (fake, url) = FakeTelegram::start().await;
    let bot = BotProcess::start(
        &url,
        &[("MOU_FLOOD_LIMIT", "100"), ("MOU_QUESTION_LOG", "off")],
    );
    let started = std::time::Instant::now();
    // Off-topic questions, so each reply quotes its question back and order can be checked.
    for round in 0..PER_USER {
        for user in 0..USERS {
            fake.push_update(
                "message",
                private_text(100_000 + user, &format!("weather report {round}")),
            );
        }
    }
    fake.wait_for_sent(USERS as usize * PER_USER, Duration::from_secs(600))
        .await;
    let elapsed = started.elapsed();
    // A last question from everyone: each chat's replies come in order, so once every chat
    // has its last reply, no earlier question can still get a second one.
    for user in 0..USERS {
        fake.push_update(
            "message",
            private_text(100_000 + user, "weather report end"),
        );
    }
    fake.wait_for_sent(USERS as usize * (PER_USER + 1), TIMEOUT)
        .await;
    let by_chat = fake.sent_by_chat();
    assert_eq!(by_chat.len(), USERS as usize);
    for (chat, replies) in &by_chat {
        assert_eq!(replies.len(), PER_USER + 1, "chat {chat}: {replies:?}");
        for (round, reply) in replies[..PER_USER].iter().enumerate() {
            assert!(
                reply.contains(&format!("weather report {round}”")),
                "chat {chat}: {replies:?}"
            );
        }
        assert!(
            replies[PER_USER].contains("weather report end”"),
            "chat {chat}: {replies:?}"
        );
    }
    let sent = USERS as usize * PER_USER;
    let peak = peak_rss_kib(bot.child.id());
    println!(
        "load: {sent} questions from {USERS} users in {elapsed:.1?} ({:.0}/s), peak RSS {} MiB",
        sent as f64 / elapsed.as_secs_f64(),
        peak / 1024
    );
    assert!(peak < LOAD_PEAK_RSS_KIB, "peak RSS {peak} KiB");
    assert!(!bot.log().contains(bot.secret()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outage_midway_loses_no_question() {
    let (fake, upstream) = FakeTelegram::start().await;
    let outage = Outage::down().await;
    outage.restore(&upstream);
    let bot = BotProcess::start(&outage.url(), &[]);
    fake.push_update("message", private_text(40, "lithium"));
    fake.wait_for_replies(40, 1, TIMEOUT).await;
    outage.cut();
    // Questions arrive while the bot cannot reach the API; it comes back once the bot has
    // noticed.
    fake.push_update("message", private_text(40, "where is minexpo"));
    fake.push_update("message", private_text(41, "who signed the memorandum"));
    bot.log_with("polling failed").await;
    outage.restore(&upstream);
    // Then /about from both: its reply comes after any second reply to their questions.
    fake.push_update("message", private_text(40, "/about"));
    fake.push_update("message", private_text(41, "/about"));
    let replies = fake.wait_for_replies(40, 3, TIMEOUT).await;
    assert_eq!(replies.len(), 3, "{replies:?}");
    assert!(replies[1].contains("Las Vegas"), "{}", replies[1]);
    assert!(replies[2].starts_with("I quote from"), "{}", replies[2]);
    let replies = fake.wait_for_replies(41, 2, TIMEOUT).await;
    assert_eq!(replies.len(), 2, "{replies:?}");
    assert!(replies[0].contains("Henick"), "{}", replies[0]);
    assert!(!bot.log().contains(bot.secret()));
    assert_eq!(bot.terminate().code(), Some(0));
}

/// An inline query ("@bot …" typed in any chat) from `user`.
fn inline_query(user: i64, id: &str, query: &str, language_code: &str) -> Value {
    let mut from = self::user(user);
    from["language_code"] = json!(language_code);
    json!({ "id": id, "from": from, "query": query, "offset": "", "chat_type": "sender" })
}

/// The bot's answers to inline queries, once there are `count`, in the order given.
async fn inline_answers(fake: &FakeTelegram, count: usize) -> Vec<Value> {
    let deadline = std::time::Instant::now() + TIMEOUT;
    loop {
        let answers: Vec<Value> = fake
            .calls("answerInlineQuery")
            .into_iter()
            .map(|c| c.body)
            .collect();
        if answers.len() >= count {
            return answers;
        }
        assert!(std::time::Instant::now() < deadline, "{answers:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inline_queries_get_passages_examples_or_an_honest_no() {
    let (fake, url) = FakeTelegram::start().await;
    let _bot = BotProcess::start(&url, &[]);
    let queries = [
        ("i1", "who signed", "en"),
        ("i2", "", "ru"),
        ("i3", "population of Mars", "en"),
        ("i4", "Кто подписал меморандум?", "en"),
    ];
    for (id, query, lang) in queries {
        fake.push_update("inline_query", inline_query(26, id, query, lang));
        // One at a time, so the answers come in the order asked.
        inline_answers(&fake, fake.count("answerInlineQuery") + 1).await;
    }
    let answers = inline_answers(&fake, queries.len()).await;
    for (answer, (id, query, _)) in answers.iter().zip(queries) {
        assert_eq!(answer["inline_query_id"], id);
        assert_eq!(answer["cache_time"], 300, "{query}");
        assert_eq!(answer["is_personal"], false, "{query}");
        let results = answer["results"].as_array().unwrap();
        assert!((1..=5).contains(&results.len()), "{query}: {results:?}");
        let mut ids = std::collections::HashSet::new();
        for result in results {
            let id = result["id"].as_str().unwrap();
            assert!(id.len() <= 64 && ids.insert(id), "{id}");
            let content = &result["input_message_content"];
            assert_eq!(content["parse_mode"], "HTML");
            let html = content["message_text"].as_str().unwrap();
            assert_eq!(
                crate::html_check::telegram_html_problem(html),
                None,
                "{html}"
            );
        }
    }
    let titles = |at: usize| -> Vec<String> {
        answers[at]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["title"].as_str().unwrap().to_owned())
            .collect()
    };
    // The signing paragraph first, its message the question over the quote and its source.
    let signing = &answers[0]["results"][0];
    assert!(titles(0)[0].starts_with("¶3 — "), "{:?}", titles(0));
    let html = signing["input_message_content"]["message_text"]
        .as_str()
        .unwrap();
    assert!(
        html.starts_with("<b>who signed</b>\n<blockquote>"),
        "{html}"
    );
    assert!(
        html.contains("Nasritdinkhodjaev") && html.contains("paragraph 3"),
        "{html}"
    );
    // Nothing typed yet: the example questions for a Russian interface, answered.
    assert_eq!(
        titles(1),
        [
            "Кто подписал меморандум?",
            "Где пройдёт MINExpo?",
            "Какие критически важные минералы упоминаются?"
        ]
    );
    // No answer: one result that says so and sends nothing else.
    assert_eq!(titles(2), ["No answer in my documents"]);
    let html = answers[2]["results"][0]["input_message_content"]["message_text"]
        .as_str()
        .unwrap();
    assert!(
        html.contains("“population of Mars”") && !html.contains("<blockquote>"),
        "{html}"
    );
    // Read in the language it is written in, whatever the interface.
    assert!(titles(3)[0].starts_with("¶3 — "), "{:?}", titles(3));
    assert!(
        answers[3]["results"][0]["input_message_content"]["message_text"]
            .as_str()
            .unwrap()
            .contains("абзац 3")
    );
    // Inline queries are not questions asked in a chat: nothing was sent.
    assert_eq!(fake.sent_count(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deep_links_answer_the_question_they_name() {
    let (fake, url) = FakeTelegram::start().await;
    let _bot = BotProcess::start(&url, &[]);
    // t.me/<bot>?start=en-2: the second example question offered in English.
    fake.push_update("message", private_text(27, "/start en-2"));
    let replies = fake.wait_for_replies(27, 1, TIMEOUT).await;
    assert!(replies[0].contains("Las Vegas"), "{}", replies[0]);
    // t.me/<bot>?start=who_signed_the_memorandum: the words as a question.
    fake.push_update(
        "message",
        private_text(27, "/start who_signed_the_memorandum"),
    );
    let replies = fake.wait_for_replies(27, 2, TIMEOUT).await;
    assert!(replies[1].contains("Nasritdinkhodjaev"), "{}", replies[1]);
    // A link to an example that is gone opens the chat as /start does.
    fake.push_update("message", private_text(27, "/start en-99"));
    let replies = fake.wait_for_replies(27, 3, TIMEOUT).await;
    fake.push_update("message", private_text(27, "/start"));
    let replies_then = fake.wait_for_replies(27, 4, TIMEOUT).await;
    assert_eq!(replies[2], replies_then[3]);
    assert!(!replies[2].contains("<blockquote>"), "{}", replies[2]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_press_waits_for_the_answers_to_what_its_chat_sent_before() {
    let (fake, url) = FakeTelegram::start().await;
    let _bot = BotProcess::start(&url, &[]);
    // Sent together: the question is answered first, so More has a question to go on.
    let question = "Who signed the memorandum?";
    fake.push_update("message", private_text(28, question));
    fake.push_update("callback_query", press(28, "m1", "more", question));
    let replies = fake.wait_for_replies(28, 2, TIMEOUT).await;
    assert!(replies[0].contains("paragraph 3"), "{}", replies[0]);
    assert!(
        replies[1].contains("<blockquote>") && !replies[1].contains("paragraph 3"),
        "{}",
        replies[1]
    );
}

/// A loopback address no one listens on now.
fn free_address() -> std::net::SocketAddr {
    let socket = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    socket.local_addr().unwrap()
}

/// GETs `url` until its status is `status`, or fails the test; returns the body.
async fn get_until(client: &reqwest::Client, url: &str, status: u16) -> String {
    let deadline = std::time::Instant::now() + TIMEOUT;
    loop {
        if let Ok(response) = client.get(url).send().await
            && response.status().as_u16() == status
        {
            return response.text().await.unwrap();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{url} never said {status}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The metrics at `url` once they hold `line` (or when the time is up): a question is counted
/// just after its reply is sent, so the reply can arrive first.
async fn metrics_with(client: &reqwest::Client, url: &str, line: &str) -> String {
    let deadline = std::time::Instant::now() + TIMEOUT;
    loop {
        let metrics = get_until(client, url, 200).await;
        if metrics.contains(line) || std::time::Instant::now() > deadline {
            return metrics;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_mode_checks_the_secret_and_serves_health_and_metrics() {
    let outage = Outage::down().await;
    let (fake, upstream) = FakeTelegram::start().await;
    outage.restore(&upstream);
    let listen = free_address();
    let secret = "test-secret_0123456789";
    let bot = BotProcess::start(
        &outage.url(),
        &[
            (
                "MOU_WEBHOOK_URL",
                "https://bot.example.org/telegram/updates",
            ),
            ("MOU_LISTEN", &listen.to_string()),
            ("MOU_WEBHOOK_SECRET", secret),
        ],
    );
    let client = reqwest::Client::new();
    let base = format!("http://{listen}");
    assert_eq!(
        get_until(&client, &format!("{base}/healthz"), 200).await,
        "ok\n"
    );
    let set = fake.calls("setWebhook");
    assert_eq!(set.len(), 1, "{set:?}");
    assert_eq!(
        set[0].body["url"],
        "https://bot.example.org/telegram/updates"
    );
    assert_eq!(set[0].body["secret_token"], secret);
    // Telegram posts to the URL's path, with the secret in a header.
    let update = |id: i64, text: &str| {
        json!({ "update_id": id, "message": private_text(29, text) }).to_string()
    };
    let post = |body: String, secret: Option<&str>| {
        let request = client
            .post(format!("{base}/telegram/updates"))
            .header("content-type", "application/json")
            .body(body);
        match secret {
            Some(secret) => request.header("X-Telegram-Bot-Api-Secret-Token", secret),
            None => request,
        }
        .send()
    };
    let refused = post(update(1, "Who signed the memorandum?"), None)
        .await
        .unwrap();
    assert_eq!(refused.status().as_u16(), 401);
    let wrong = post(update(2, "Who signed the memorandum?"), Some("wrong"))
        .await
        .unwrap();
    assert_eq!(wrong.status().as_u16(), 401);
    // A header no token could be (Telegram's are 1-256 of A-Z a-z 0-9 _ -): refused and
    // logged like any other, not a silent 400.
    let malformed = post(
        update(2, "Who signed the memorandum?"),
        Some("not a token!"),
    )
    .await
    .unwrap();
    assert_eq!(malformed.status().as_u16(), 401);
    let accepted = post(update(3, "Where will MINExpo take place?"), Some(secret))
        .await
        .unwrap();
    assert_eq!(accepted.status().as_u16(), 200);
    let replies = fake.wait_for_replies(29, 1, TIMEOUT).await;
    assert!(replies[0].contains("Las Vegas"), "{}", replies[0]);
    let log = bot.log_with("webhook request refused").await;
    for reason in ["no secret token", "wrong secret token"] {
        assert!(
            log.contains(&format!("reason=\"{reason}\"")) || log.contains(reason),
            "{reason}:\n{log}"
        );
    }
    assert_eq!(log.matches("webhook request refused").count(), 3, "{log}");
    assert!(log.contains("/telegram/updates"), "{log}");
    assert!(
        !log.contains("Who signed"),
        "a refused body was logged:\n{log}"
    );
    assert!(!log.contains(secret), "the secret was logged:\n{log}");
    let answered = "mou_questions_total{outcome=\"answered\"} 1";
    let metrics = metrics_with(&client, &format!("{base}/metrics"), answered).await;
    assert!(metrics.contains(answered), "{metrics}");
    assert!(metrics.contains("mou_paragraphs "), "{metrics}");
    assert!(
        metrics.contains("mou_answer_latency_seconds_bucket"),
        "{metrics}"
    );
    // Only the one accepted update was answered: one more accepted, its reply is the second
    // message of all (a chat's replies keep their order).
    let last = post(update(4, "Who signed the memorandum?"), Some(secret))
        .await
        .unwrap();
    assert_eq!(last.status().as_u16(), 200);
    let replies = fake.wait_for_replies(29, 2, TIMEOUT).await;
    assert!(replies[1].contains("Henick"), "{}", replies[1]);
    assert_eq!(fake.sent_count(), 2);
    // The Bot API goes away: unhealthy, saying why.
    outage.cut();
    let reason = get_until(&client, &format!("{base}/healthz"), 503).await;
    assert!(reason.contains("Bot API"), "{reason}");
    assert_eq!(bot.terminate().code(), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn polling_deletes_a_webhook_left_behind_and_serves_health_on_its_own_address() {
    let (fake, url) = FakeTelegram::start().await;
    fake.set_webhook("https://bot.example.org/telegram/updates");
    let listen = free_address();
    let bot = BotProcess::start(&url, &[("MOU_METRICS_LISTEN", &listen.to_string())]);
    let client = reqwest::Client::new();
    assert_eq!(
        get_until(&client, &format!("http://{listen}/healthz"), 200).await,
        "ok\n"
    );
    fake.push_update("message", private_text(30, "hi"));
    fake.wait_for_replies(30, 1, TIMEOUT).await;
    let small_talk = "mou_questions_total{outcome=\"small_talk\"} 1";
    let metrics = metrics_with(&client, &format!("http://{listen}/metrics"), small_talk).await;
    assert!(metrics.contains(small_talk), "{metrics}");
    assert_eq!(fake.count("deleteWebhook"), 1);
    bot.log_with("a webhook was set; deleting it to poll").await;
}

/// A press of the button with `data` by `user` under the bot's message `message_id` in `chat`,
/// whose text is `text` and which replies to `question` (a user's message), when given.
fn press_under(
    chat: Value,
    user: i64,
    id: &str,
    data: &str,
    (message_id, text): (i64, &str),
    question: Option<Value>,
) -> Value {
    let mut message = json!({
        "message_id": message_id,
        "date": 1_726_444_800,
        "chat": chat,
        "from": { "id": BOT_ID, "is_bot": true, "first_name": "MoU Bot", "username": BOT_USERNAME },
        "text": text,
    });
    if let Some(question) = question {
        message["reply_to_message"] = question;
    }
    json!({
        "id": id,
        "from": self::user(user),
        "chat_instance": "1",
        "data": data,
        "message": message,
    })
}

/// The callback data of the button labelled `label` on a sent message.
fn button_data(sent: &Value, label: &str) -> String {
    sent["reply_markup"]["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row.as_array().into_iter().flatten())
        .find(|button| button["text"] == label)
        .and_then(|button| button["callback_data"].as_str())
        .unwrap_or_else(|| panic!("no {label:?} button on {sent}"))
        .to_owned()
}

/// Waits until the bot has answered `count` button presses in all.
async fn wait_for_press_answers(fake: &FakeTelegram, count: usize) -> Vec<Value> {
    let deadline = std::time::Instant::now() + TIMEOUT;
    loop {
        let answers = fake.calls("answerCallbackQuery");
        if answers.len() >= count {
            return answers.into_iter().map(|call| call.body).collect();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{} of {count} presses answered",
            answers.len()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn more_continues_the_answer_it_sits_under_and_ends_with_a_toast() {
    let (fake, url) = FakeTelegram::start().await;
    let _bot = BotProcess::start(&url, &[]);
    let chat = -700;
    // Alice asks in English, then Bob asks in Russian about something else.
    let alice_question = group_text(chat, 41, "/ask who signed the memorandum?");
    fake.push_update("message", alice_question.clone());
    fake.wait_for_replies(chat, 1, TIMEOUT).await;
    fake.push_update("message", group_text(chat, 42, "/ask где пройдёт MINExpo?"));
    fake.wait_for_replies(chat, 2, TIMEOUT).await;
    let sent = fake.messages_to(chat);
    let (alice_answer_id, alice_answer) = &sent[0];
    assert!(
        alice_answer["text"]
            .as_str()
            .unwrap()
            .contains("paragraph 3")
    );
    // Alice presses More under her own answer, after Bob's question.
    let more = button_data(alice_answer, "More");
    assert!(more.len() <= 64, "{more}");
    let under = (
        *alice_answer_id,
        "The agreement was signed on September 16…",
    );
    fake.push_update(
        "callback_query",
        press_under(
            group_chat(chat),
            41,
            "p1",
            &more,
            under,
            Some(alice_question.clone()),
        ),
    );
    let replies = fake.wait_for_replies(chat, 3, TIMEOUT).await;
    // The next passage of her question, in English: not Bob's MINExpo paragraph, not Russian.
    assert!(replies[2].starts_with("<blockquote>"), "{}", replies[2]);
    assert!(!replies[2].contains("paragraph 3"), "{}", replies[2]);
    assert!(!replies[2].contains("Las Vegas"), "{}", replies[2]);
    assert!(!replies[2].contains("Источник"), "{}", replies[2]);
    // It replies to her question, so that it can be followed up again after a restart.
    let next = &fake.messages_to(chat)[2].1;
    assert_eq!(
        next["reply_parameters"]["message_id"], alice_question["message_id"],
        "{next}"
    );
    // Pressed again and again: each press is answered; once nothing is left, with a toast
    // and no new message.
    for press in 2..=12 {
        fake.push_update(
            "callback_query",
            press_under(
                group_chat(chat),
                41,
                &format!("p{press}"),
                &more,
                under,
                Some(alice_question.clone()),
            ),
        );
        wait_for_press_answers(&fake, press).await;
    }
    let answers = fake.calls("answerCallbackQuery");
    let last_two: Vec<&Value> = answers[answers.len() - 2..]
        .iter()
        .map(|call| &call.body["text"])
        .collect();
    assert!(
        last_two.iter().all(|text| text
            .as_str()
            .is_some_and(|t| t.contains("all my documents say"))),
        "{last_two:?}"
    );
    let messages = fake.sent_to(chat).len();
    // The article has 9 paragraphs: fewer messages than presses, and no two the same.
    assert!(messages < 2 + 12, "{messages}");
    let replies = fake.sent_to(chat);
    let mut distinct = replies[2..].to_vec();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), replies.len() - 2, "{replies:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn more_after_a_restart_reads_the_question_from_the_message_its_answer_replies_to() {
    let (fake, url) = FakeTelegram::start().await;
    let _bot = BotProcess::start(&url, &[]);
    // A More button from before a restart: its key names nothing this process remembers.
    let question = private_text(43, "Who signed the memorandum?");
    fake.push_update(
        "callback_query",
        press_under(
            private_chat(43),
            43,
            "r1",
            "more:4242",
            (
                5,
                "The agreement was signed on September 16 in Tashkent by Deputy Minister",
            ),
            Some(question),
        ),
    );
    let replies = fake.wait_for_replies(43, 1, TIMEOUT).await;
    assert!(replies[0].starts_with("<blockquote>"), "{}", replies[0]);
    assert!(!replies[0].contains("paragraph 3"), "{}", replies[0]);
    // With no question to read (a message that replies to nothing), it says so politely.
    fake.push_update(
        "callback_query",
        press_under(
            private_chat(43),
            43,
            "r2",
            "more:4243",
            (6, "a quote"),
            None,
        ),
    );
    let answers = wait_for_press_answers(&fake, 2).await;
    let said = answers
        .iter()
        .chain(fake.calls("sendMessage").iter().map(|call| &call.body))
        .map(|body| body["text"].as_str().unwrap_or_default().to_owned())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(said.contains("ask"), "{said}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_in_another_language_follows_up_the_answer_it_replies_to() {
    let (fake, url) = FakeTelegram::start().await;
    let _bot = BotProcess::start(&url, &[]);
    let question = private_text(44, "Who signed the memorandum?");
    fake.push_update("message", question.clone());
    fake.wait_for_replies(44, 1, TIMEOUT).await;
    // Another question in between: the reply, not the last question, decides.
    fake.push_update(
        "message",
        private_text(44, "Where will MINExpo take place?"),
    );
    fake.wait_for_replies(44, 2, TIMEOUT).await;
    let (answer_id, answer) = fake.messages_to(44)[0].clone();
    let bot_answer = json!({
        "message_id": answer_id, "date": 1_726_444_800, "chat": private_chat(44),
        "from": { "id": BOT_ID, "is_bot": true, "first_name": "MoU Bot", "username": BOT_USERNAME },
        "text": answer["text"], "reply_to_message": question,
        // Telegram gives the message replied to with its buttons; More names the answer.
        "reply_markup": answer["reply_markup"],
    });
    fake.push_update(
        "message",
        message(
            private_chat(44),
            44,
            json!({ "text": "а где это было?", "reply_to_message": bot_answer }),
        ),
    );
    let replies = fake.wait_for_replies(44, 3, TIMEOUT).await;
    // In Russian, from the Russian translation of the signing paragraph: Tashkent.
    assert!(replies[2].contains("Ташкент"), "{}", replies[2]);
    assert!(!replies[2].contains("Лас-Вегас"), "{}", replies[2]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_in_a_group_says_how_to_ask_there_and_links_read_in_any_case() {
    let (fake, url) = FakeTelegram::start().await;
    let _bot = BotProcess::start(&url, &[]);
    fake.push_update(
        "message",
        group_text(-800, 45, &format!("/start@{BOT_USERNAME}")),
    );
    let replies = fake.wait_for_replies(-800, 1, TIMEOUT).await;
    assert!(
        replies[0].contains(&format!("@{BOT_USERNAME}")),
        "{}",
        replies[0]
    );
    assert!(replies[0].contains("/ask"), "{}", replies[0]);
    assert!(!replies[0].contains("Just type"), "{}", replies[0]);
    fake.push_update("message", private_text(45, "/start EN-2"));
    let replies = fake.wait_for_replies(45, 1, TIMEOUT).await;
    assert!(replies[0].contains("Las Vegas"), "{}", replies[0]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_a_group_a_follow_up_continues_its_askers_own_question() {
    let (fake, url) = FakeTelegram::start().await;
    let _bot = BotProcess::start(&url, &[]);
    let chat = -900;
    fake.push_update(
        "message",
        group_text(chat, 51, "/ask who signed the memorandum?"),
    );
    fake.push_update(
        "message",
        group_text(chat, 52, "/ask where will MINExpo take place?"),
    );
    fake.push_update("message", group_text(chat, 51, "/ask and when?"));
    fake.push_update("message", group_text(chat, 52, "/ask and when?"));
    let replies = fake.wait_for_replies(chat, 4, TIMEOUT).await;
    // Alice's "and when?" asks when her memorandum was signed; Bob's, when his MINExpo is.
    assert!(replies[2].contains("September 16"), "{}", replies[2]);
    assert!(replies[3].contains("September 24-26"), "{}", replies[3]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_webhook_mode_health_and_metrics_are_on_their_own_address_when_one_is_set() {
    let (fake, url) = FakeTelegram::start().await;
    let (listen, metrics) = (free_address(), free_address());
    let _bot = BotProcess::start(
        &url,
        &[
            (
                "MOU_WEBHOOK_URL",
                "https://bot.example.org/telegram/updates",
            ),
            ("MOU_LISTEN", &listen.to_string()),
            ("MOU_METRICS_LISTEN", &metrics.to_string()),
            ("MOU_WEBHOOK_SECRET", "ops_test_secret"),
        ],
    );
    let client = reqwest::Client::new();
    assert_eq!(
        get_until(&client, &format!("http://{metrics}/healthz"), 200).await,
        "ok\n"
    );
    let text = get_until(&client, &format!("http://{metrics}/metrics"), 200).await;
    assert!(text.contains("mou_paragraphs "), "{text}");
    // The public listener serves the webhook only: without the secret it refuses everything,
    // and with it there is no /metrics there.
    let public = |secret: Option<&str>| {
        let mut request = client.get(format!("http://{listen}/metrics"));
        if let Some(secret) = secret {
            request = request.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        async move { request.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(public(None).await, 401);
    assert_eq!(public(Some("ops_test_secret")).await, 404);
    assert_eq!(fake.calls("setWebhook").len(), 1);
}
