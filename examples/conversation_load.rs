//! Memory of `mou-bot serve` under conversations: the bot binary against the fake Bot API of
//! the tests, on 127.0.0.1, throttling off. Two phases, peak RSS (VmHWM) after each:
//!
//! 1. `--chats N` chats (default 100,000) each ask one question, a hundred at a time, so the
//!    bot remembers N conversations (it keeps at most 100,000);
//! 2. a burst of `--burst M` updates (default 10,000) from `--users U` users (default 1,000),
//!    sent at once: each user asks, follows up ("and when?", "where?"), asks for more (in
//!    words and with the More button), votes 👍 and 👎, asks another question and thanks.
//!
//! ```text
//! cargo build --release
//! cargo run --release --example conversation_load -- target/release/mou-bot
//! ```
//!
//! Give another build's binary to compare it side by side on the same load.

#[path = "../tests/it/fake_telegram.rs"]
#[allow(dead_code)]
mod fake_telegram;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Parser;
use serde_json::{Value, json};

use fake_telegram::FakeTelegram;

#[derive(Parser)]
struct Args {
    /// The `mou-bot` binary to measure.
    binary: std::path::PathBuf,
    /// Chats that each ask one question before the burst.
    #[arg(long, default_value_t = 100_000)]
    chats: i64,
    /// Updates in the burst.
    #[arg(long, default_value_t = 10_000)]
    burst: usize,
    /// Users the burst comes from.
    #[arg(long, default_value_t = 1_000)]
    users: i64,
    /// Questions only in the burst, no follow-ups or presses: for a build without buttons or
    /// follow-ups, compared on the load it knows.
    #[arg(long)]
    questions_only: bool,
}

/// What each user of the burst sends, in turn; presses are callback data.
const CONVERSATION: &[Step] = &[
    Step::Say("Who signed the memorandum?"),
    Step::Say("and when?"),
    Step::Press("more"),
    Step::Press("vote-up"),
    Step::Say("tell me more"),
    Step::Press("vote-down"),
    Step::Say("Where will MINExpo take place?"),
    Step::Say("where?"),
    Step::Press("more"),
    Step::Say("thanks!"),
];

enum Step {
    Say(&'static str),
    Press(&'static str),
}

const QUESTIONS: &[&str] = &[
    "Who signed the memorandum?",
    "When was the memorandum signed?",
    "Where will MINExpo take place?",
    "Which critical minerals are mentioned?",
    "What does the memorandum promote?",
];

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let (fake, url) = FakeTelegram::start().await;
    let work = tempfile::tempdir()?;
    let mut bot = Command::new(&args.binary)
        .arg("serve")
        // A token of Telegram's shape, made here so that none is written in the source.
        .env(
            "TELOXIDE_TOKEN",
            format!("{}:{}", 1_000_000_001, "x".repeat(35)),
        )
        .env("TELOXIDE_API_URL", &url)
        .env("MOU_THROTTLE", "off")
        .env("MOU_FLOOD_LIMIT", "1000000")
        .env("MOU_QUESTION_LOG", work.path().join("questions.jsonl"))
        // The shipped corpus, indexed afresh: another build may read another index format.
        .env("MOU_CORPUS", std::env::current_dir()?.join("corpus"))
        .env("MOU_INDEX", work.path().join("index"))
        .env("NO_PROXY", "127.0.0.1")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(work.path().join("bot.log"))?)
        .spawn()
        .with_context(|| format!("cannot start {}", args.binary.display()))?;
    let pid = bot.id();
    let result = measure(&args, &fake, pid).await;
    // Stopped as a service manager would (SIGTERM), so a profiler wrapping it writes its
    // report; killed if it has not stopped within a minute.
    let _ = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(60);
    while bot.try_wait()?.is_none() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = bot.kill();
    let _ = bot.wait();
    result
}

async fn measure(args: &Args, fake: &FakeTelegram, pid: u32) -> anyhow::Result<()> {
    // Started: it has polled once.
    let deadline = Instant::now() + Duration::from_secs(120);
    while fake.calls("getUpdates").is_empty() {
        anyhow::ensure!(Instant::now() < deadline, "the bot never polled");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    report("started", pid, Duration::ZERO);

    // Steady traffic, not a burst: a hundred questions at a time, each hundred once the
    // previous one is answered.
    let started = Instant::now();
    for chat in 0..args.chats {
        let question = QUESTIONS[chat as usize % QUESTIONS.len()];
        fake.push_update("message", text(1_000_000 + chat, question));
        if (chat + 1) % 100 == 0 {
            wait_for(fake, chat as usize + 1, 0).await?;
        }
    }
    wait_for(fake, args.chats as usize, 0).await?;
    report(
        &format!("{} chats asked a question each", args.chats),
        pid,
        started.elapsed(),
    );

    let started = Instant::now();
    let (mut messages, mut presses) = (0, 0);
    for n in 0..args.burst {
        let user = (n as i64) % args.users;
        let step = if args.questions_only {
            &Step::Say(QUESTIONS[n % QUESTIONS.len()])
        } else {
            &CONVERSATION[(n / args.users as usize) % CONVERSATION.len()]
        };
        match step {
            Step::Say(said) => {
                fake.push_update("message", text(user, said));
                messages += 1;
            }
            Step::Press(what) => {
                fake.push_update("callback_query", press(user, n, what));
                presses += 1;
            }
        }
    }
    // Every message gets one reply; "More" sends one too.
    let more = if args.questions_only {
        0
    } else {
        CONVERSATION
            .iter()
            .filter(|s| matches!(s, Step::Press("more")))
            .count()
            * (args.burst / CONVERSATION.len())
    };
    wait_for(fake, args.chats as usize + messages + more, presses).await?;
    report(
        &format!(
            "a burst of {} updates from {} users ({messages} messages, {presses} presses)",
            args.burst, args.users
        ),
        pid,
        started.elapsed(),
    );
    Ok(())
}

/// Waits until the bot has sent `messages` and answered `presses` button presses.
async fn wait_for(fake: &FakeTelegram, messages: usize, presses: usize) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(1800);
    loop {
        let (sent, answered) = (fake.sent_count(), fake.count("answerCallbackQuery"));
        if sent >= messages && answered >= presses {
            return Ok(());
        }
        anyhow::ensure!(
            Instant::now() < deadline,
            "{sent} of {messages} messages and {answered} of {presses} presses answered"
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

fn report(phase: &str, pid: u32, took: Duration) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kib| kib.parse::<f64>().ok())
            .map_or(f64::NAN, |kib| kib / 1024.0)
    };
    println!(
        "{phase}: RSS {:.1} MiB, peak {:.1} MiB ({:.1} s)",
        field("VmRSS:"),
        field("VmHWM:"),
        took.as_secs_f64()
    );
}

fn user(id: i64) -> Value {
    json!({ "id": id, "is_bot": false, "first_name": "User", "language_code": "en" })
}

fn text(user_id: i64, text: &str) -> Value {
    json!({
        "message_id": 1,
        "date": 1_726_444_800,
        "chat": { "id": user_id, "type": "private", "first_name": "User" },
        "from": user(user_id),
        "text": text,
    })
}

/// A press of a button under an answer to the first question: More, or a vote on the
/// signing paragraph.
fn press(user_id: i64, n: usize, what: &str) -> Value {
    let doc_hash = mou_bot::search::doc_hash("uzbekistan-us-critical-minerals-mou");
    let data = match what {
        "vote-up" => format!("v+:{doc_hash:08x}:3"),
        "vote-down" => format!("v-:{doc_hash:08x}:3"),
        _ => "more".to_owned(),
    };
    json!({
        "id": format!("press-{n}"),
        "from": user(user_id),
        "chat_instance": "1",
        "data": data,
        "message": {
            "message_id": 2,
            "date": 1_726_444_800,
            "chat": { "id": user_id, "type": "private", "first_name": "User" },
            "from": { "id": fake_telegram::BOT_ID, "is_bot": true, "first_name": "mou" },
            "text": "quote",
            "reply_to_message": text(user_id, "Who signed the memorandum?"),
        },
    })
}
