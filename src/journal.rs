//! The question journal: what the corpus is missing.
//!
//! `serve` appends one JSON line per question it handles: the time, whether it was answered and
//! the best score. Only a *declined* question's text is kept (that is what operators need to see
//! to extend the corpus; `MOU_LOG_QUESTIONS=off` keeps none), and user ids only when configured.
//! `mou-bot stats` reads the journal back — with the files a log rotator moved aside
//! (`questions.jsonl.1`, `questions.jsonl.2.gz`, `questions.jsonl-20261206`) — for the
//! no-answer rate per day and the most frequent declined questions. On SIGHUP the bot reopens
//! its journals, so `logrotate` can move them.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::Context;
use serde::{Deserialize, Serialize};

/// One handled question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// RFC 3339, UTC.
    pub time: String,
    pub answered: bool,
    pub score: f32,
    /// The question, for declined questions only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<u64>,
    /// The message was an edit of one already answered: answered anew, journaled again.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub edited: bool,
    /// The message was dropped unread: its chat had `MOU_CHAT_QUEUE` messages waiting. Not a
    /// question (neither answered nor declined).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub dropped: bool,
}

impl Entry {
    pub fn now(answered: bool, score: f32, question: &str, user: Option<u64>) -> Entry {
        Entry {
            time: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            answered,
            score,
            question: (!answered).then(|| question.chars().take(500).collect()),
            user,
            edited: false,
            dropped: false,
        }
    }

    /// A message dropped unread because its chat's queue was full.
    pub fn dropped(user: Option<u64>) -> Entry {
        Entry {
            question: None,
            dropped: true,
            ..Entry::now(false, 0.0, "", user)
        }
    }
}

/// One vote on a passage, from the buttons under an answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vote {
    /// RFC 3339, UTC.
    pub time: String,
    pub doc: String,
    pub paragraph: u32,
    /// "up" or "down".
    pub vote: String,
    /// The question answered, for 👎 only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// The vote this one replaces (the same user changed their mind on the same answer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<u64>,
    /// Who voted on which answer, as a salted hash of chat, user and message ([`voter`]):
    /// `stats` counts one vote per voter and answer, the last, across restarts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voter: Option<String>,
}

/// A keyed hash (HMAC-SHA-256) of `bytes` under `key`, as 32 hex digits: the same in every
/// build, and without the key no one can tell which ids it was made from.
pub fn keyed_hash(key: &str, bytes: &[u8]) -> String {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, key.as_bytes());
    let tag = ring::hmac::sign(&key, bytes);
    tag.as_ref()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The name of a voter on an answer in the votes journal: a keyed hash, under `salt` (a
/// secret setting), of the chat, the user and the answer's message, so a vote changed later is
/// known for the same voter's without the ids being written.
pub fn voter(salt: &str, chat: i64, user: u64, message: i32) -> String {
    let mut bytes = Vec::with_capacity(20);
    bytes.extend_from_slice(&chat.to_le_bytes());
    bytes.extend_from_slice(&user.to_le_bytes());
    bytes.extend_from_slice(&message.to_le_bytes());
    keyed_hash(salt, &bytes)
}

impl Vote {
    pub fn now(doc: &str, paragraph: u32, up: bool, question: Option<&str>) -> Vote {
        Vote {
            time: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            doc: doc.to_owned(),
            paragraph,
            vote: if up { "up" } else { "down" }.to_owned(),
            question: question
                .filter(|_| !up)
                .map(|q| q.chars().take(500).collect()),
            replaces: None,
            user: None,
            voter: None,
        }
    }
}

/// Where the votes journal goes: beside the question journal.
pub fn votes_path(question_journal: &Path) -> PathBuf {
    question_journal.with_file_name("votes.jsonl")
}

/// Appends entries to the journal file, one line each.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    /// What the journal is, for messages ("the question journal", "the votes journal").
    name: &'static str,
    file: Mutex<File>,
}

impl Journal {
    /// Opens (creating) the journal `name` at `path`, for appending.
    pub fn open(path: &Path, name: &'static str) -> anyhow::Result<Journal> {
        Ok(Journal {
            path: path.to_owned(),
            name,
            file: Mutex::new(open_for_appending(path, name)?),
        })
    }

    /// Opens the file at the journal's path anew: after a log rotator moved the old one aside,
    /// entries go to a new file there.
    pub fn reopen(&self) -> anyhow::Result<()> {
        let file = open_for_appending(&self.path, self.name)?;
        *self.file.lock().unwrap_or_else(|p| p.into_inner()) = file;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one entry; a line is written whole, in one call.
    pub fn append(&self, entry: &impl Serialize) -> anyhow::Result<()> {
        let mut line = serde_json::to_string(entry)?;
        line.push('\n');
        let mut file = self.file.lock().unwrap_or_else(|p| p.into_inner());
        file.write_all(line.as_bytes())?;
        Ok(())
    }
}

fn open_for_appending(path: &Path, name: &str) -> anyhow::Result<File> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).with_context(|| {
            format!(
                "cannot create {} for {name} — set MOU_QUESTION_LOG to a file in a writable directory, or to off",
                parent.display()
            )
        })?;
    }
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| {
            format!(
                "cannot open {name} {} — set MOU_QUESTION_LOG to a file in a writable directory (the votes journal goes beside it), or to off",
                path.display()
            )
        })
}

/// The files of the journal at `path`, oldest first: those a log rotator moved aside
/// (`NAME.1`, `NAME.2.gz`, `NAME-20261206`, `NAME-20261206.gz`), then the journal itself.
fn journal_files(path: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return Ok(vec![path.to_owned()]);
    };
    let dir = match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(dir) => dir.to_owned(),
        None => PathBuf::from("."),
    };
    let mut rotated: Vec<(std::time::SystemTime, PathBuf)> = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for entry in entries.flatten() {
            let file_name = entry.file_name();
            let Some(file_name) = file_name.to_str() else {
                continue;
            };
            let Some(suffix) = file_name
                .strip_prefix(name)
                .and_then(|rest| rest.strip_prefix(['.', '-']))
            else {
                continue;
            };
            let stamp = suffix.strip_suffix(".gz").unwrap_or(suffix);
            if stamp.is_empty() || !stamp.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let modified = entry
                .metadata()
                .and_then(|m| m.modified())
                .unwrap_or(std::time::UNIX_EPOCH);
            rotated.push((modified, entry.path()));
        }
    }
    // Oldest first; `NAME.2` is older than `NAME.1` when their times tie.
    rotated.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(&a.1)));
    let mut files: Vec<PathBuf> = rotated.into_iter().map(|(_, path)| path).collect();
    if path.exists() {
        files.push(path.to_owned());
    }
    Ok(files)
}

/// The lines of a journal file, decompressed when it is gzipped.
fn lines_of(path: &Path) -> anyhow::Result<Box<dyn Iterator<Item = std::io::Result<String>>>> {
    let file = File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let reader: Box<dyn BufRead> = if path.extension().is_some_and(|ext| ext == "gz") {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(file)))
    } else {
        Box::new(BufReader::new(file))
    };
    Ok(Box::new(reader.lines()))
}

/// What `mou-bot stats` reports.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub questions: u64,
    pub declined: u64,
    /// Messages dropped unread because their chat had too many waiting.
    pub dropped: u64,
    /// Per day (YYYY-MM-DD): questions and declined.
    pub days: BTreeMap<String, (u64, u64)>,
    /// Most frequent declined questions (normalised), with counts, most frequent first.
    pub top_declined: Vec<(String, u64)>,
    /// Lines that could not be read.
    pub malformed_lines: u64,
    /// Votes from the buttons under answers (the journal beside): 👍 and 👎 in all.
    pub votes_up: u64,
    pub votes_down: u64,
    /// The passages with the most 👎 (`doc#paragraph`, count, the questions behind them).
    pub most_down_voted: Vec<(String, u64, Vec<String>)>,
}

/// Lower-cases and trims a question so "Price of gold?" and "price of gold" count together.
fn normalise(question: &str) -> String {
    let words: Vec<String> = question
        .split_whitespace()
        .map(|w| w.to_lowercase())
        .collect();
    words
        .join(" ")
        .trim_end_matches(['?', '!', '.', ' '])
        .to_owned()
}

/// Reads a journal and the files rotated from it, streaming, and summarises them.
pub fn summarise(path: &Path, top: usize) -> anyhow::Result<Summary> {
    let files = journal_files(path)?;
    if files.is_empty() {
        anyhow::bail!(
            "no question journal at {} — `serve` writes it (MOU_QUESTION_LOG); pass --log FILE",
            path.display()
        );
    }
    let mut summary = Summary::default();
    let mut declined: HashMap<String, u64> = HashMap::new();
    for line in files
        .iter()
        .map(|file| lines_of(file))
        .collect::<anyhow::Result<Vec<_>>>()?
        .into_iter()
        .flatten()
    {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let Ok(entry) = serde_json::from_str::<Entry>(&line) else {
            summary.malformed_lines += 1;
            continue;
        };
        if entry.dropped {
            summary.dropped += 1;
            continue;
        }
        summary.questions += 1;
        let day = entry.time.get(..10).unwrap_or("unknown").to_owned();
        let counts = summary.days.entry(day).or_default();
        counts.0 += 1;
        if !entry.answered {
            summary.declined += 1;
            counts.1 += 1;
            if let Some(question) = entry.question {
                *declined.entry(normalise(&question)).or_default() += 1;
            }
        }
    }
    let mut ranked: Vec<(String, u64)> = declined.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked.truncate(top);
    summary.top_declined = ranked;
    summarise_votes(&votes_path(path), top, &mut summary)?;
    Ok(summary)
}

/// Adds the votes journal beside (and the files rotated from it), when there is one. A vote
/// that replaces another undoes it.
fn summarise_votes(path: &Path, top: usize, summary: &mut Summary) -> anyhow::Result<()> {
    let files = journal_files(path)?;
    let mut down: HashMap<String, (i64, Vec<String>)> = HashMap::new();
    // A voter's last vote on an answer stands for all theirs (one a voter and answer, across
    // restarts); votes written before voters were named count as they replace one another.
    let mut by_voter: HashMap<String, (String, String)> = HashMap::new();
    let mut unnamed: Vec<(String, i64)> = Vec::new();
    for line in files
        .iter()
        .map(|file| lines_of(file))
        .collect::<anyhow::Result<Vec<_>>>()?
        .into_iter()
        .flatten()
    {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let Ok(vote) = serde_json::from_str::<Vote>(&line) else {
            summary.malformed_lines += 1;
            continue;
        };
        let passage = format!("{}#{}", vote.doc, vote.paragraph);
        if let Some(question) = &vote.question {
            let questions = &mut down.entry(passage.clone()).or_default().1;
            if !questions.contains(question) {
                questions.push(question.clone());
            }
        }
        match vote.voter {
            Some(voter) => {
                by_voter.insert(voter, (vote.vote, passage));
            }
            None => {
                if let Some(replaced) = &vote.replaces {
                    unnamed.push((format!("{replaced}\t{passage}"), -1));
                }
                unnamed.push((format!("{}\t{passage}", vote.vote), 1));
            }
        }
    }
    let counted = by_voter
        .into_values()
        .map(|(kind, passage)| (format!("{kind}\t{passage}"), 1))
        .chain(unnamed);
    for (what, by) in counted {
        let (kind, passage) = what.split_once('\t').unwrap_or((&what, ""));
        if kind == "up" {
            summary.votes_up = summary.votes_up.saturating_add_signed(by);
        } else {
            summary.votes_down = summary.votes_down.saturating_add_signed(by);
            down.entry(passage.to_owned()).or_default().0 += by;
        }
    }
    let mut ranked: Vec<(String, u64, Vec<String>)> = down
        .into_iter()
        .filter(|(_, (count, _))| *count > 0)
        .map(|(passage, (count, questions))| (passage, count as u64, questions))
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked.truncate(top);
    summary.most_down_voted = ranked;
    Ok(())
}

fn rate(declined: u64, total: u64) -> String {
    if total == 0 {
        "—".to_owned()
    } else {
        format!("{:.1}%", declined as f64 * 100.0 / total as f64)
    }
}

/// The summary as text.
pub fn render(summary: &Summary) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} questions, {} declined: no-answer rate {}",
        summary.questions,
        summary.declined,
        rate(summary.declined, summary.questions)
    );
    if !summary.days.is_empty() {
        let _ = writeln!(
            out,
            "\n{:<12} {:>9} {:>9} {:>8}",
            "day", "questions", "declined", "rate"
        );
        for (day, (total, declined)) in &summary.days {
            let _ = writeln!(
                out,
                "{day:<12} {total:>9} {declined:>9} {:>8}",
                rate(*declined, *total)
            );
        }
    }
    if !summary.top_declined.is_empty() {
        let _ = writeln!(out, "\nMost frequent declined questions:");
        for (question, count) in &summary.top_declined {
            let _ = writeln!(out, "{count:>6}  {question}");
        }
    }
    if summary.dropped > 0 {
        let _ = writeln!(
            out,
            "\n{} messages dropped unread: their chat already had MOU_CHAT_QUEUE waiting",
            summary.dropped
        );
    }
    if summary.votes_up + summary.votes_down > 0 {
        let _ = writeln!(
            out,
            "\nVotes on answers: {} 👍, {} 👎",
            summary.votes_up, summary.votes_down
        );
        if !summary.most_down_voted.is_empty() {
            let _ = writeln!(
                out,
                "Passages with the most 👎, and the questions behind them:"
            );
            for (passage, count, questions) in &summary.most_down_voted {
                let _ = writeln!(out, "{count:>6}  {passage}");
                for question in questions.iter().take(5) {
                    let _ = writeln!(out, "        “{question}”");
                }
            }
        }
    }
    if summary.malformed_lines > 0 {
        let _ = writeln!(
            out,
            "\n({} unreadable lines skipped)",
            summary.malformed_lines
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_declined_questions_keep_their_text() {
        assert_eq!(Entry::now(true, 3.0, "who signed", None).question, None);
        assert_eq!(
            Entry::now(false, 0.1, "price of gold", Some(5))
                .question
                .as_deref(),
            Some("price of gold")
        );
    }

    #[test]
    fn a_journal_is_summarised_by_day_and_by_question() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("q.jsonl");
        let journal = Journal::open(&path, "the question journal").unwrap();
        let entry = |time: &str, answered: bool, question: &str| Entry {
            edited: false,
            time: time.into(),
            answered,
            score: 0.0,
            question: (!answered).then(|| question.into()),
            user: None,
            dropped: false,
        };
        journal
            .append(&entry("2026-11-01T10:00:00Z", true, ""))
            .unwrap();
        journal
            .append(&entry("2026-11-01T11:00:00Z", false, "Price of gold?"))
            .unwrap();
        journal
            .append(&entry("2026-11-02T09:00:00Z", false, "price  of gold"))
            .unwrap();
        journal
            .append(&entry("2026-11-02T09:30:00Z", false, "weather"))
            .unwrap();
        // Dropped unread: counted apart, not as questions.
        journal.append(&Entry::dropped(None)).unwrap();
        journal.append(&Entry::dropped(Some(7))).unwrap();
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"not json\n")
            .unwrap();
        let summary = summarise(&path, 10).unwrap();
        assert_eq!(summary.questions, 4);
        assert_eq!(summary.declined, 3);
        assert_eq!(summary.dropped, 2);
        assert_eq!(summary.days["2026-11-01"], (2, 1));
        assert_eq!(summary.days["2026-11-02"], (2, 2));
        assert_eq!(summary.top_declined[0], ("price of gold".to_owned(), 2));
        assert_eq!(summary.malformed_lines, 1);
        let text = render(&summary);
        assert!(text.contains("no-answer rate 75.0%"), "{text}");
        assert!(text.contains("2 messages dropped unread"), "{text}");
    }

    #[test]
    fn voters_are_named_by_a_keyed_hash_of_chat_user_and_message() {
        let name = voter("salt", -100, 7, 42);
        assert_eq!(name, voter("salt", -100, 7, 42));
        assert_eq!(name.len(), 32);
        // Message ids repeat across chats: each of the three tells voters apart.
        for other in [
            voter("salt", -101, 7, 42),
            voter("salt", -100, 8, 42),
            voter("salt", -100, 7, 43),
            voter("another salt", -100, 7, 42),
        ] {
            assert_ne!(name, other);
        }
    }

    #[test]
    fn a_vote_changed_after_a_restart_counts_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("q.jsonl");
        Journal::open(&path, "the question journal").unwrap();
        let votes = Journal::open(&votes_path(&path), "the votes journal").unwrap();
        let vote = |up, voter: &str| Vote {
            voter: Some(voter.to_owned()),
            ..Vote::now("doc", 3, up, Some("who signed?"))
        };
        // Before a restart: 👍; after it the bot has forgotten, so no `replaces`: 👎.
        votes.append(&vote(true, "a")).unwrap();
        votes.append(&vote(false, "a")).unwrap();
        // Another voter on the same answer counts on its own.
        votes.append(&vote(false, "b")).unwrap();
        let summary = summarise(&path, 10).unwrap();
        assert_eq!((summary.votes_up, summary.votes_down), (0, 2));
    }

    #[test]
    fn stats_read_the_files_a_rotator_moved_aside_oldest_first_gzipped_or_not() {
        use std::io::Write as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("questions.jsonl");
        let entry = |question: &str| {
            let mut line = serde_json::to_string(&Entry::now(false, 0.1, question, None)).unwrap();
            line.push('\n');
            line
        };
        // Two rotations ago, compressed; one ago, plain; and today's file.
        let gz = File::create(dir.path().join("questions.jsonl.2.gz")).unwrap();
        let mut encoder = flate2::write::GzEncoder::new(gz, flate2::Compression::default());
        encoder
            .write_all(entry("price of gold").as_bytes())
            .unwrap();
        encoder.finish().unwrap();
        std::fs::write(dir.path().join("questions.jsonl.1"), entry("price of gold")).unwrap();
        std::fs::write(&path, entry("weather")).unwrap();
        // Not the journal's: another file whose name starts the same.
        std::fs::write(dir.path().join("questions.jsonl.bak"), entry("x")).unwrap();
        let summary = summarise(&path, 10).unwrap();
        assert_eq!(summary.questions, 3, "{summary:?}");
        assert_eq!(summary.top_declined[0], ("price of gold".to_owned(), 2));
        // A vote changed after the rotation still counts once.
        let votes = votes_path(&path);
        let vote = |up| {
            let mut line = serde_json::to_string(&Vote {
                voter: Some("v".into()),
                ..Vote::now("doc", 3, up, Some("q"))
            })
            .unwrap();
            line.push('\n');
            line
        };
        std::fs::write(dir.path().join("votes.jsonl.1"), vote(true)).unwrap();
        std::fs::write(&votes, vote(false)).unwrap();
        let summary = summarise(&path, 10).unwrap();
        assert_eq!((summary.votes_up, summary.votes_down), (0, 1));
    }

    #[test]
    fn a_reopened_journal_writes_to_a_new_file_at_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("questions.jsonl");
        let journal = Journal::open(&path, "the question journal").unwrap();
        journal.append(&Entry::now(true, 1.0, "a", None)).unwrap();
        std::fs::rename(&path, dir.path().join("questions.jsonl.1")).unwrap();
        // Before reopening, entries follow the moved file; after, they go to a new one.
        journal.append(&Entry::now(true, 1.0, "b", None)).unwrap();
        journal.reopen().unwrap();
        journal.append(&Entry::now(true, 1.0, "c", None)).unwrap();
        let lines = |name: &str| {
            std::fs::read_to_string(dir.path().join(name))
                .unwrap()
                .lines()
                .count()
        };
        assert_eq!(
            (lines("questions.jsonl.1"), lines("questions.jsonl")),
            (2, 1)
        );
        assert_eq!(summarise(&path, 10).unwrap().questions, 3);
    }

    #[test]
    fn a_journal_that_cannot_be_opened_is_named_as_what_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let blocked = dir.path().join("file");
        std::fs::write(&blocked, "").unwrap();
        let err = Journal::open(&blocked.join("votes.jsonl"), "the votes journal").unwrap_err();
        let message = format!("{err:#}");
        assert!(message.contains("the votes journal"), "{message}");
        assert!(!message.contains("the question journal"), "{message}");
    }
}
