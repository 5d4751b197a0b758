//! The question journal: what the corpus is missing.
//!
//! `serve` appends one JSON line per question it handles: the time, whether it was answered and
//! the best score. Only a *declined* question's text is kept (that is what operators need to see
//! to extend the corpus), and user ids only when configured. `mou-bot stats` reads the journal
//! back: the no-answer rate per day and the most frequent declined questions.

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
}

impl Entry {
    pub fn now(answered: bool, score: f32, question: &str, user: Option<u64>) -> Entry {
        Entry {
            time: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            answered,
            score,
            question: (!answered).then(|| question.chars().take(500).collect()),
            user,
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
    file: Mutex<File>,
}

impl Journal {
    pub fn open(path: &Path) -> anyhow::Result<Journal> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .with_context(|| {
                format!(
                    "cannot open the question journal {} — set MOU_QUESTION_LOG to a writable file, or to off",
                    path.display()
                )
            })?;
        Ok(Journal {
            path: path.to_owned(),
            file: Mutex::new(file),
        })
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

/// What `mou-bot stats` reports.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub questions: u64,
    pub declined: u64,
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

/// Reads a journal, streaming, and summarises it.
pub fn summarise(path: &Path, top: usize) -> anyhow::Result<Summary> {
    let file = File::open(path).with_context(|| {
        format!(
            "no question journal at {} — `serve` writes it (MOU_QUESTION_LOG); pass --log FILE",
            path.display()
        )
    })?;
    let mut summary = Summary::default();
    let mut declined: HashMap<String, u64> = HashMap::new();
    for line in BufReader::new(file).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let Ok(entry) = serde_json::from_str::<Entry>(&line) else {
            summary.malformed_lines += 1;
            continue;
        };
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

/// Adds the votes journal beside, when there is one. A vote that replaces another undoes it.
fn summarise_votes(path: &Path, top: usize, summary: &mut Summary) -> anyhow::Result<()> {
    let Ok(file) = File::open(path) else {
        return Ok(());
    };
    let mut down: HashMap<String, (i64, Vec<String>)> = HashMap::new();
    // A voter's last vote on an answer stands for all theirs (one a voter and answer, across
    // restarts); votes written before voters were named count as they replace one another.
    let mut by_voter: HashMap<String, (String, String)> = HashMap::new();
    let mut unnamed: Vec<(String, i64)> = Vec::new();
    for line in BufReader::new(file).lines() {
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
        let journal = Journal::open(&path).unwrap();
        let entry = |time: &str, answered: bool, question: &str| Entry {
            time: time.into(),
            answered,
            score: 0.0,
            question: (!answered).then(|| question.into()),
            user: None,
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
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"not json\n")
            .unwrap();
        let summary = summarise(&path, 10).unwrap();
        assert_eq!(summary.questions, 4);
        assert_eq!(summary.declined, 3);
        assert_eq!(summary.days["2026-11-01"], (2, 1));
        assert_eq!(summary.days["2026-11-02"], (2, 2));
        assert_eq!(summary.top_declined[0], ("price of gold".to_owned(), 2));
        assert_eq!(summary.malformed_lines, 1);
        let text = render(&summary);
        assert!(text.contains("no-answer rate 75.0%"), "{text}");
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
        Journal::open(&path).unwrap();
        let votes = Journal::open(&votes_path(&path)).unwrap();
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
}
