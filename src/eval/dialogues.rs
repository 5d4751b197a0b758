//! Conversation sets: each dialogue played through the dialogue ([`crate::dialogue`]) as the
//! bot plays it, in a chat of its own, and its last turn judged.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;

use crate::question_set;
use crate::search::Answerer;

/// What happened to one conversation: what its last turn showed.
#[derive(Debug, Clone, Serialize)]
pub struct JudgedDialogue {
    pub id: String,
    pub category: String,
    /// The language the last turn was typed in (read from it), for the per-language figures.
    pub lang: &'static str,
    pub turns: Vec<String>,
    pub expected: Vec<String>,
    /// The passage the last turn showed, if any (`doc-id#paragraph`).
    pub shown: Option<String>,
    /// What the bot did otherwise: "declined", "small talk", "nothing more", "ask first" …
    pub reply: String,
    pub right: bool,
    pub error: Option<String>,
}

/// The figures of a set of conversations: the share of last turns answered right, per category
/// and per language.
#[derive(Debug, Clone, Serialize)]
pub struct DialogueReport {
    pub categories: BTreeMap<String, (usize, f64)>,
    pub languages: BTreeMap<&'static str, (usize, f64)>,
    pub right: f64,
    pub dialogues: usize,
    pub errors: usize,
    pub judged: Vec<JudgedDialogue>,
}

/// Plays every conversation through the dialogue ([`crate::dialogue`]), each in a chat of its
/// own, and judges its last turn: right when it shows a paragraph of `answers`, or, when
/// `answers` is empty, when it shows none.
pub fn evaluate_dialogues(
    answerer: &Answerer,
    dialogues: &[question_set::LabelledDialogue],
) -> DialogueReport {
    let judged: Vec<JudgedDialogue> = dialogues
        .iter()
        .map(|dialogue| judge_dialogue(answerer, dialogue))
        .collect();
    let share = |members: &[&JudgedDialogue]| {
        let n = members.len();
        (
            n,
            members.iter().filter(|j| j.right).count() as f64 / n.max(1) as f64,
        )
    };
    let mut categories = BTreeMap::new();
    let mut languages = BTreeMap::new();
    for judged_one in &judged {
        categories.entry(judged_one.category.clone()).or_insert(());
        languages.entry(judged_one.lang).or_insert(());
    }
    let categories = categories
        .into_keys()
        .map(|name| {
            let members: Vec<&JudgedDialogue> =
                judged.iter().filter(|j| j.category == name).collect();
            (name, share(&members))
        })
        .collect();
    let languages = languages
        .into_keys()
        .map(|code| {
            let members: Vec<&JudgedDialogue> = judged.iter().filter(|j| j.lang == code).collect();
            (code, share(&members))
        })
        .collect();
    let all: Vec<&JudgedDialogue> = judged.iter().collect();
    DialogueReport {
        categories,
        languages,
        right: share(&all).1,
        dialogues: judged.len(),
        errors: judged.iter().filter(|j| j.error.is_some()).count(),
        judged,
    }
}

fn judge_dialogue(
    answerer: &Answerer,
    labelled: &question_set::LabelledDialogue,
) -> JudgedDialogue {
    use crate::dialogue::{Dialogue, Replied, Response, Said};
    let dialogue = Dialogue::new(64, crate::dialogue::TURN_TTL);
    let chat = 1;
    let group = labelled.chat.as_deref() == Some("group");
    let mut keys: Vec<Option<u32>> = Vec::new();
    let mut last: anyhow::Result<Response> = Err(anyhow::anyhow!("no turn"));
    let mut lang = "";
    let texts: Vec<String> = labelled
        .turns
        .iter()
        .map(|t| t.text.clone().unwrap_or_else(|| "[More]".to_owned()))
        .collect();
    for turn in &labelled.turns {
        let hint = turn.lang.as_deref();
        let said = match (&turn.text, turn.on) {
            (Some(text), _) => {
                // In a group the bot is addressed with /ask or a reply.
                let text = if group {
                    text.strip_prefix("/ask ").unwrap_or(text)
                } else {
                    text
                };
                lang = answerer.language_of(text, hint).code;
                Said::Text {
                    text,
                    hint,
                    // The answer replied to carries its key (in its More button).
                    replying_to: turn.reply_to.map(|k| Replied {
                        key: keys.get(k).copied().flatten(),
                        text: None,
                    }),
                }
            }
            (None, Some(on)) => Said::More {
                key: keys.get(on).copied().flatten(),
                question: labelled.turns[on].text.as_deref(),
                shown: None,
                hint,
            },
            (None, None) => Said::More {
                key: None,
                question: None,
                shown: None,
                hint,
            },
        };
        let response = dialogue.respond(answerer, chat, said, std::time::Instant::now());
        keys.push(response.as_ref().ok().and_then(Response::key));
        last = response;
    }
    let (shown, reply, error) = match &last {
        Ok(response) => {
            let shown = response.passage().map(|p| p.key());
            let reply = match response {
                Response::Answer { outcome, .. } if outcome.small_talk.is_some() => "small talk",
                Response::Answer { outcome, .. } if !outcome.answered => "declined",
                Response::Answer { .. } => "answered",
                Response::Next { .. } => "next passage",
                Response::NothingMore { .. } => "nothing more",
                Response::AskFirst { .. } => "asked for a question",
                Response::Forgotten { .. } => "forgotten",
                Response::NoTranslation { .. } => "no translation",
            };
            (shown, reply.to_owned(), None)
        }
        Err(err) => (None, "error".to_owned(), Some(format!("{err:#}"))),
    };
    let right = error.is_none()
        && match &shown {
            Some(key) => labelled.answers.contains(key),
            None => labelled.answers.is_empty(),
        };
    JudgedDialogue {
        id: labelled.id.clone().unwrap_or_default(),
        category: labelled.category.clone(),
        lang,
        turns: texts,
        expected: labelled.answers.clone(),
        shown,
        reply,
        right,
        error,
    }
}

/// The conversations' report as a table, then every miss.
pub fn render_dialogues(report: &DialogueReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{:<18} {:>4} {:>7}", "category", "n", "right");
    for (name, (n, right)) in &report.categories {
        let _ = writeln!(out, "{name:<18} {n:>4} {right:>7.3}");
    }
    let _ = writeln!(
        out,
        "{:<18} {:>4} {:>7.3}",
        "all", report.dialogues, report.right
    );
    if report.languages.len() > 1 {
        for (code, (n, right)) in &report.languages {
            let _ = writeln!(
                out,
                "{:<18} {n:>4} {right:>7.3}",
                format!("last turn {code}")
            );
        }
    }
    let misses: Vec<&JudgedDialogue> = report.judged.iter().filter(|j| !j.right).collect();
    if misses.is_empty() {
        let _ = writeln!(out, "\nNo misses.");
        return out;
    }
    let _ = writeln!(out, "\nMisses ({}):", misses.len());
    for miss in misses {
        let expected = if miss.expected.is_empty() {
            "nothing quoted".to_owned()
        } else {
            miss.expected.join(" or ")
        };
        let got = match (&miss.error, &miss.shown) {
            (Some(error), _) => format!("error: {error}"),
            (None, Some(shown)) => format!("{} {shown}", miss.reply),
            (None, None) => miss.reply.clone(),
        };
        let _ = writeln!(
            out,
            "  [{}] {} {}\n      expected {expected}; {got}",
            miss.category,
            miss.id,
            miss.turns.join(" → ")
        );
    }
    out
}

/// `mou-bot eval` of a file of conversations: `min_hit1` is the share of last turns right.
pub(super) fn run(
    answerer: &Answerer,
    file: &Path,
    json: bool,
    min_hit1: Option<f64>,
) -> anyhow::Result<ExitCode> {
    let dialogues = question_set::load_dialogues(file)?;
    let report = evaluate_dialogues(answerer, &dialogues);
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", render_dialogues(&report));
    }
    let mut failures = Vec::new();
    if let Some(limit) = min_hit1
        && report.right < limit
    {
        failures.push(format!(
            "the share right is {:.3}, below {limit}",
            report.right
        ));
    }
    if report.errors > 0 {
        failures.push(format!(
            "{} conversations failed with an error",
            report.errors
        ));
    }
    for failure in &failures {
        eprintln!("mou-bot: eval: {failure}");
    }
    Ok(if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
