//! Operators: reindexing while answers are served, failures and kills that lose nothing, the
//! index format, and the question journal.

use std::process::{Child, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::util::{TestEnv, document};

/// How long a test waits for something that normally takes well under a second.
const TIMEOUT: Duration = Duration::from_secs(60);

/// Writes `documents` files of `paragraphs` paragraphs each: work for a reindex.
fn write_bulk(env: &TestEnv, documents: usize, paragraphs: usize) {
    let paragraph = "Copper and gold concentrate from the Almalyk deposit is shipped by rail to the \
                     smelter, where engineers test new flotation methods for critical minerals.";
    let body = vec![paragraph; paragraphs].join("\n\n");
    for i in 0..documents {
        env.write(
            &format!("bulk-{i:04}.md"),
            document(&format!("Bulk {i}"), &body),
        );
    }
}

/// Sends `signal` (`STOP`, `KILL`) to `child`.
fn signal(child: &Child, signal: &str) {
    let status = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success(), "kill -{signal} failed");
}

/// A `reindex` stopped (SIGSTOP) after it opened the index for writing and before it
/// committed: the moment a crash would do most harm. Tantivy's writer lock file exists
/// exactly while a writer is open, and a commit rewrites `meta.json`, so a stop that lands
/// while the lock exists and `meta.json` is unchanged is mid-build. A reindex that finished
/// first (a machine faster than this corpus is large) is tried again with four times the
/// work: whatever the machine, the test reaches the state it needs, never a state a fast
/// machine skips.
fn reindex_stopped_midway(env: &TestEnv) -> Child {
    let writer_lock = env.index.join(".tantivy-writer.lock");
    let meta = || std::fs::read(env.index.join("meta.json")).unwrap();
    let before = meta();
    let mut paragraphs = 100;
    for _ in 0..6 {
        write_bulk(env, 40, paragraphs);
        let mut child = spawn_reindex(env);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if writer_lock.exists() {
                signal(&child, "STOP");
                if writer_lock.exists() && meta() == before {
                    return child;
                }
                signal(&child, "CONT");
                break;
            }
            if child.try_wait().unwrap().is_some() {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "the reindex never opened a writer"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        assert!(child.wait().unwrap().success());
        // It committed: put the old corpus's index back before trying with more work.
        for i in 0..40 {
            std::fs::remove_file(env.corpus.join(format!("bulk-{i:04}.md"))).unwrap();
        }
        env.run(&["reindex"]).ok();
        paragraphs *= 4;
    }
    panic!("every reindex finished before it could be stopped");
}

#[test]
fn reindexing_while_questions_run_fails_none_and_switches_answers() {
    let env = TestEnv::with_article();
    let answerer = Arc::new(env.answerer());
    let stop = Arc::new(AtomicBool::new(false));
    let asked = Arc::new(AtomicU64::new(0));
    let copper_seen = Arc::new(AtomicBool::new(false));
    let loop_thread = {
        let (answerer, stop, asked, copper_seen) = (
            answerer.clone(),
            stop.clone(),
            asked.clone(),
            copper_seen.clone(),
        );
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let lithium = answerer
                    .answer("Which minerals are critical? lithium", 3)
                    .unwrap();
                let answer = lithium
                    .answer()
                    .expect("a question the corpus answers was declined");
                assert!(answer.text.contains("lithium"), "{answer:?}");
                let copper = answerer
                    .answer("Where is copper from Almalyk shipped?", 3)
                    .unwrap();
                if copper.answered {
                    copper_seen.store(true, Ordering::Relaxed);
                }
                asked.fetch_add(2, Ordering::Relaxed);
            }
        })
    };
    // Let the questions run before the corpus changes.
    let deadline = Instant::now() + TIMEOUT;
    while asked.load(Ordering::Relaxed) == 0 {
        assert!(Instant::now() < deadline, "no question was answered");
        std::thread::sleep(Duration::from_millis(5));
    }
    env.write(
        "copper.md",
        document("Copper", "Copper from Almalyk is shipped by rail."),
    );
    env.run(&["reindex"]).ok();
    // The reader polls for commits about every half second.
    let deadline = Instant::now() + Duration::from_secs(5);
    while !copper_seen.load(Ordering::Relaxed) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    stop.store(true, Ordering::Relaxed);
    loop_thread
        .join()
        .expect("a question failed during the reindex");
    assert!(
        copper_seen.load(Ordering::Relaxed),
        "the new corpus never showed"
    );
    assert!(asked.load(Ordering::Relaxed) > 10);
}

fn spawn_reindex(env: &TestEnv) -> Child {
    env.command()
        .arg("reindex")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn a_reindex_killed_midway_leaves_the_old_index_serving_and_the_next_one_works() {
    let env = TestEnv::with_article();
    env.run(&["reindex"]).ok();
    let mut child = reindex_stopped_midway(&env);
    signal(&child, "KILL");
    let status = child.wait().unwrap();
    assert_eq!(
        std::os::unix::process::ExitStatusExt::signal(&status),
        Some(9)
    );
    let json = env
        .run(&["ask", "--json", "Who signed the memorandum?"])
        .json();
    assert_eq!(json["answer"]["paragraph"], 3, "{json}");
    let bulk = env
        .run(&["ask", "--json", "Almalyk flotation smelter"])
        .json();
    assert!(
        bulk["answer"].is_null(),
        "half a reindex became visible: {bulk}"
    );
    let out = env.reindex();
    assert!(out.contains("41 documents"), "{out}");
}

#[test]
fn a_second_concurrent_reindex_refuses_and_says_so() {
    let env = TestEnv::with_article();
    env.run(&["reindex"]).ok();
    // Another build holds the lock (as a running reindex does, for as long as it runs).
    let lock = std::fs::File::options()
        .write(true)
        .open(env.index.join(".mou-bot-build.lock"))
        .unwrap();
    lock.lock().unwrap();
    let second = env.run(&["reindex"]);
    assert_eq!(second.code(), Some(1), "{}", second.stdout());
    assert!(
        second.stderr().contains("another reindex is writing"),
        "{}",
        second.stderr()
    );
    // Once it is done, a reindex goes ahead.
    drop(lock);
    let out = env.reindex();
    assert!(out.contains("9 paragraphs"), "{out}");
}

#[test]
fn an_index_of_an_older_format_is_rebuilt_on_first_use() {
    let env = TestEnv::with_article();
    env.run(&["reindex"]).ok();
    let meta_path = env.index.join("meta.json");
    let format = |n: u32| format!("\\\"format\\\":{n}");
    let current = mou_bot::index::INDEX_FORMAT;
    let meta = std::fs::read_to_string(&meta_path).unwrap();
    std::fs::write(
        &meta_path,
        meta.replace(&format(current), &format(current - 1)),
    )
    .unwrap();
    assert!(
        std::fs::read_to_string(&meta_path)
            .unwrap()
            .contains(&format(current - 1))
    );
    let run = env.run(&["ask", "--json", "Who signed the memorandum?"]);
    assert_eq!(run.json()["answer"]["paragraph"], 3);
    assert!(run.stderr().contains("built the index"), "{}", run.stderr());
    assert!(
        std::fs::read_to_string(&meta_path)
            .unwrap()
            .contains(&format(current))
    );
}

#[test]
fn stats_summarises_the_question_journal() {
    let env = TestEnv::empty();
    let log = env.dir.path().join("questions.jsonl");
    std::fs::write(
        &log,
        concat!(
            "{\"time\":\"2026-11-01T10:00:00Z\",\"answered\":true,\"score\":3.1}\n",
            "{\"time\":\"2026-11-01T10:05:00Z\",\"answered\":false,\"score\":0.2,\"question\":\"Price of gold?\"}\n",
            "{\"time\":\"2026-11-02T08:00:00Z\",\"answered\":false,\"score\":0.0,\"question\":\"price of gold\"}\n",
        ),
    )
    .unwrap();
    let out = env.run(&["stats", "--log", log.to_str().unwrap()]).ok();
    assert!(
        out.contains("3 questions, 2 declined: no-answer rate 66.7%"),
        "{out}"
    );
    assert!(out.contains("2026-11-02"), "{out}");
    assert!(out.contains("     2  price of gold"), "{out}");
    let missing = env.run(&["stats", "--log", "nope.jsonl"]);
    assert_eq!(missing.code(), Some(1));
    assert!(
        missing.stderr().contains("no question journal"),
        "{}",
        missing.stderr()
    );
}

/// A journal with one declined question, `question`, at `path`.
fn journal_with(path: &std::path::Path, question: &str) {
    let line = serde_json::json!({
        "time": "2026-11-01T10:00:00Z", "answered": false, "score": 0.1, "question": question
    });
    std::fs::write(path, format!("{line}\n")).unwrap();
}

#[test]
fn settings_come_from_the_flag_then_the_environment_then_dot_env_then_the_default() {
    let env = TestEnv::with_article();
    let dir = env.dir.path();
    journal_with(&dir.join("from-dotenv.jsonl"), "asked in dotenv's journal");
    journal_with(
        &dir.join("from-env.jsonl"),
        "asked in the environment's journal",
    );
    journal_with(&dir.join("from-flag.jsonl"), "asked in the flag's journal");
    std::fs::write(
        dir.join(".env"),
        "# operators' settings\nMOU_QUESTION_LOG=from-dotenv.jsonl\n",
    )
    .unwrap();
    let stats = |extra_env: Option<&str>, flag: Option<&str>| {
        let mut command = env.command();
        command.arg("stats");
        if let Some(log) = extra_env {
            command.env("MOU_QUESTION_LOG", log);
        }
        if let Some(log) = flag {
            command.args(["--log", log]);
        }
        crate::util::Run(command.output().unwrap()).ok()
    };
    assert!(stats(None, None).contains("asked in dotenv's journal"));
    assert!(stats(Some("from-env.jsonl"), None).contains("asked in the environment's journal"));
    assert!(
        stats(Some("from-env.jsonl"), Some("from-flag.jsonl"))
            .contains("asked in the flag's journal")
    );
    // Paths for `ask` (and every command that opens the index) too: .env names the corpus.
    let elsewhere = dir.join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::fs::write(
        elsewhere.join("doc.md"),
        crate::util::document(
            "Elsewhere",
            "The lighthouse keeper counted seventeen gulls.",
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join(".env"),
        "MOU_CORPUS=elsewhere\nMOU_INDEX=elsewhere-index\n",
    )
    .unwrap();
    let mut ask = env.command();
    ask.env_remove("MOU_CORPUS").env_remove("MOU_INDEX");
    let answer = crate::util::Run(ask.args(["ask", "how many gulls?"]).output().unwrap()).ok();
    assert!(answer.contains("seventeen gulls"), "{answer}");
    // Without .env the default corpus/ (this environment's) is used.
    std::fs::remove_file(dir.join(".env")).unwrap();
    let mut ask = env.command();
    ask.env_remove("MOU_CORPUS").env_remove("MOU_INDEX");
    let answer = crate::util::Run(
        ask.args(["ask", "who signed the memorandum"])
            .output()
            .unwrap(),
    )
    .ok();
    assert!(answer.contains("Henick"), "{answer}");
}

#[test]
fn a_wrong_value_in_dot_env_is_named_with_its_file_and_line() {
    let env = TestEnv::with_article();
    let dir = env.dir.path();
    // A token of Telegram's shape, built here so that no token-shaped text is committed.
    let token = format!("123456789:{}", "AAbbcc".repeat(6).get(..35).unwrap());
    std::fs::write(
        dir.join(".env"),
        format!("TELOXIDE_TOKEN={token}\n\n# limits\nMOU_FLOOD_LIMIT=many\n"),
    )
    .unwrap();
    let run = env.run(&["serve"]);
    assert_eq!(run.code(), Some(1));
    let err = run.stderr();
    assert!(err.contains(".env:4: MOU_FLOOD_LIMIT"), "{err}");
    assert!(!err.contains("AAbbcc"), "the token never shows: {err}");
    // A line that is no setting at all.
    std::fs::write(dir.join(".env"), "MOU_THROTTLE=on\nthis is not a setting\n").unwrap();
    let err = env.run(&["stats"]).stderr();
    assert!(err.contains(".env:2: cannot read"), "{err}");
    // The journal turned off: stats says so rather than looking for a file named "off".
    std::fs::write(dir.join(".env"), "MOU_QUESTION_LOG=off\n").unwrap();
    let run = env.run(&["stats"]);
    assert_eq!(run.code(), Some(1));
    assert!(
        run.stderr().contains("the question journal is off"),
        "{}",
        run.stderr()
    );
}
