//! Evaluation: runs a labelled question set ([`crate::question_set`]) through the answer path
//! and measures it.
//!
//! Hit@1 counts a question when the bot *answers* with a right paragraph — what a user sees.
//! Hit@3 and MRR look at the ranking itself, whether or not the bot declined.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use serde::Serialize;

use crate::question_set::{self, Category, LabelledQuestion, paragraph_key};
use crate::search::{Answerer, Outcome};

mod dialogues;

pub use dialogues::{DialogueReport, JudgedDialogue, evaluate_dialogues, render_dialogues};

/// How many candidates are ranked per question.
const DEPTH: usize = 10;

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The question set (JSONL)
    #[arg(long, default_value = "tests/questions.jsonl", value_name = "FILE")]
    pub qa: PathBuf,
    /// Print the report as JSON
    #[arg(long)]
    pub json: bool,
    /// Also write a TREC run file and qrels into this directory
    #[arg(long, value_name = "DIR")]
    pub trec: Option<PathBuf>,
    /// Fail unless Hit@1 over answerable questions reaches this
    #[arg(long, value_name = "SHARE")]
    pub min_hit1: Option<f64>,
    /// Fail unless Hit@3 over answerable questions reaches this
    #[arg(long, value_name = "SHARE")]
    pub min_hit3: Option<f64>,
    /// Fail unless MRR over answerable questions reaches this
    #[arg(long, value_name = "SHARE")]
    pub min_mrr: Option<f64>,
    /// Fail unless this share of off-topic questions is declined
    #[arg(long, value_name = "SHARE")]
    pub min_declined: Option<f64>,
    /// Fail unless this share of near-off-topic questions is declined
    #[arg(long, value_name = "SHARE")]
    pub min_near_declined: Option<f64>,
    /// Fail if more than this share of answerable questions is declined
    #[arg(long, value_name = "SHARE")]
    pub max_wrongly_declined: Option<f64>,
}

/// What happened to one question.
#[derive(Debug, Clone, Serialize)]
pub struct Judged {
    pub id: String,
    pub question: String,
    pub category: Category,
    /// The language it was read in ("en", "ru", "uz"); empty when answering failed.
    pub lang: &'static str,
    pub expected: Vec<String>,
    /// The ranked paragraphs, best first.
    pub ranked: Vec<String>,
    pub scores: Vec<f32>,
    pub answered: bool,
    /// 1-based rank of the first right paragraph.
    pub rank: Option<usize>,
    /// The sentence the answer set apart.
    pub sentence: String,
    /// Whether it is the one that answers, for a question that names it and is answered right.
    pub sentence_right: Option<bool>,
    pub error: Option<String>,
}

impl Judged {
    pub fn hit_at_1(&self) -> bool {
        self.answered && self.rank == Some(1)
    }

    pub(crate) fn is_miss(&self) -> bool {
        match self.category {
            Category::OffTopic | Category::NearOffTopic => self.answered || self.error.is_some(),
            Category::Adversarial => self.error.is_some(),
            _ => !self.hit_at_1(),
        }
    }
}

/// The figures of one category.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CategoryReport {
    pub questions: usize,
    pub hit_at_1: f64,
    pub hit_at_3: f64,
    pub mrr: f64,
    pub declined: f64,
    /// Of the questions answered right that name their answering sentence, the share whose
    /// reply sets that sentence apart (`None` when there are none).
    pub sentence: Option<f64>,
    pub errors: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub categories: BTreeMap<&'static str, CategoryReport>,
    /// Per language the questions were read in, each category again (when there are several
    /// languages).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub languages: BTreeMap<&'static str, BTreeMap<&'static str, CategoryReport>>,
    /// Over all answerable questions.
    pub answerable: CategoryReport,
    pub off_topic_declined: f64,
    /// Share of near-off-topic questions declined (1 when the set has none).
    pub near_off_topic_declined: f64,
    pub answerable_wrongly_declined: f64,
    pub errors: usize,
    pub judged: Vec<Judged>,
}

/// Runs every question through the answer path.
pub fn evaluate(answerer: &Answerer, questions: &[LabelledQuestion]) -> Report {
    let judged: Vec<Judged> = questions
        .iter()
        .map(|q| judge(q, answerer.answer(&q.question, DEPTH)))
        .collect();
    let mut categories = BTreeMap::new();
    for category in Category::ALL {
        let members: Vec<&Judged> = judged.iter().filter(|j| j.category == category).collect();
        if !members.is_empty() {
            categories.insert(category.name(), summarise(&members));
        }
    }
    let answerable: Vec<&Judged> = judged
        .iter()
        .filter(|j| j.category.is_answerable())
        .collect();
    let answerable = summarise(&answerable);
    let mut languages: BTreeMap<&'static str, BTreeMap<&'static str, CategoryReport>> =
        BTreeMap::new();
    let codes: std::collections::BTreeSet<&str> = judged
        .iter()
        .map(|j| j.lang)
        .filter(|l| !l.is_empty())
        .collect();
    if codes.len() > 1 {
        for code in codes {
            for category in Category::ALL {
                let members: Vec<&Judged> = judged
                    .iter()
                    .filter(|j| j.lang == code && j.category == category)
                    .collect();
                if !members.is_empty() {
                    languages
                        .entry(code)
                        .or_default()
                        .insert(category.name(), summarise(&members));
                }
            }
        }
    }
    Report {
        languages,
        near_off_topic_declined: categories
            .get("near-off-topic")
            .map_or(1.0, |c: &CategoryReport| c.declined),
        off_topic_declined: categories
            .get("off-topic")
            .map_or(1.0, |c: &CategoryReport| c.declined),
        answerable_wrongly_declined: answerable.declined,
        answerable,
        errors: judged.iter().filter(|j| j.error.is_some()).count(),
        categories,
        judged,
    }
}

fn judge(question: &LabelledQuestion, outcome: anyhow::Result<Outcome>) -> Judged {
    let mut judged = Judged {
        id: question.id.clone().unwrap_or_default(),
        question: question.question.clone(),
        category: question.category,
        lang: "",
        expected: question.answers.clone(),
        ranked: Vec::new(),
        scores: Vec::new(),
        answered: false,
        rank: None,
        sentence: String::new(),
        sentence_right: None,
        error: None,
    };
    match outcome {
        Ok(outcome) => {
            judged.answered = outcome.answered;
            judged.lang = outcome.language.code;
            for passage in &outcome.candidates {
                judged
                    .ranked
                    .push(paragraph_key(&passage.doc_id, passage.paragraph));
                judged.scores.push(passage.score);
            }
            judged.rank = judged
                .ranked
                .iter()
                .position(|key| question.answers.contains(key))
                .map(|index| index + 1);
            if let Some(best) = outcome.candidates.first() {
                judged.sentence = best.sentence_text().to_owned();
            }
            judged.sentence_right = question
                .sentence
                .as_ref()
                .filter(|_| judged.hit_at_1())
                .map(|gold| judged.sentence.contains(gold.as_str()));
        }
        Err(err) => judged.error = Some(format!("{err:#}")),
    }
    judged
}

fn summarise(members: &[&Judged]) -> CategoryReport {
    let n = members.len();
    if n == 0 {
        return CategoryReport::default();
    }
    let share = |count: usize| count as f64 / n as f64;
    CategoryReport {
        questions: n,
        hit_at_1: share(members.iter().filter(|j| j.hit_at_1()).count()),
        hit_at_3: share(
            members
                .iter()
                .filter(|j| j.rank.is_some_and(|r| r <= 3))
                .count(),
        ),
        mrr: members
            .iter()
            .map(|j| j.rank.map_or(0.0, |r| 1.0 / r as f64))
            .sum::<f64>()
            / n as f64,
        declined: share(members.iter().filter(|j| !j.answered).count()),
        sentence: {
            let judged: Vec<bool> = members.iter().filter_map(|j| j.sentence_right).collect();
            (!judged.is_empty())
                .then(|| judged.iter().filter(|&&right| right).count() as f64 / judged.len() as f64)
        },
        errors: members.iter().filter(|j| j.error.is_some()).count(),
    }
}

/// The report as a table, then every miss.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<18} {:>4} {:>6} {:>6} {:>6} {:>9} {:>9} {:>6}",
        "category", "n", "Hit@1", "Hit@3", "MRR", "declined", "sentence", "errors"
    );
    let mut row = |name: &str, c: &CategoryReport| {
        let sentence = c.sentence.map_or("—".to_owned(), |s| format!("{s:.3}"));
        let _ = writeln!(
            out,
            "{:<18} {:>4} {:>6.3} {:>6.3} {:>6.3} {:>9.3} {:>9} {:>6}",
            name, c.questions, c.hit_at_1, c.hit_at_3, c.mrr, c.declined, sentence, c.errors
        );
    };
    for (name, category) in &report.categories {
        row(name, category);
    }
    row("answerable", &report.answerable);
    for (code, categories) in &report.languages {
        for (name, category) in categories {
            row(&format!("{code} {name}"), category);
        }
    }
    let _ = writeln!(
        out,
        "\noff-topic declined: {:.3}   near-off-topic declined: {:.3}   answerable wrongly declined: {:.3}   errors: {}",
        report.off_topic_declined,
        report.near_off_topic_declined,
        report.answerable_wrongly_declined,
        report.errors
    );
    let wrong_sentences: Vec<&Judged> = report
        .judged
        .iter()
        .filter(|j| j.sentence_right == Some(false))
        .collect();
    if !wrong_sentences.is_empty() {
        let _ = writeln!(
            out,
            "\nRight paragraph, other sentence set apart ({}):",
            wrong_sentences.len()
        );
        for judged in wrong_sentences {
            let question: String = judged.question.chars().take(80).collect();
            let _ = writeln!(
                out,
                "  [{}] {} {question:?}\n      marked {:?}",
                judged.category.name(),
                judged.id,
                crate::reply::shorten(&judged.sentence, 100)
            );
        }
    }
    let misses: Vec<&Judged> = report.judged.iter().filter(|j| j.is_miss()).collect();
    if misses.is_empty() {
        let _ = writeln!(out, "\nNo misses.");
        return out;
    }
    let _ = writeln!(out, "\nMisses ({}):", misses.len());
    for miss in misses {
        let question: String = miss.question.chars().take(80).collect();
        let got = match (&miss.error, miss.ranked.first()) {
            (Some(error), _) => format!("error: {error}"),
            (None, None) => "nothing found".to_owned(),
            (None, Some(first)) => format!(
                "{} {first} (score {:.2}){}",
                if miss.answered {
                    "answered"
                } else {
                    "declined, best"
                },
                miss.scores[0],
                miss.rank
                    .map(|r| format!(", right one at rank {r}"))
                    .unwrap_or_default()
            ),
        };
        let expected = if miss.expected.is_empty() {
            "no answer".to_owned()
        } else {
            miss.expected.join(" or ")
        };
        let _ = writeln!(
            out,
            "  [{}] {} {question:?}\n      expected {expected}; {got}",
            miss.category.name(),
            miss.id
        );
    }
    out
}

/// Writes `run.txt` and `qrels.txt` in TREC format into `dir`.
pub(crate) fn write_trec(report: &Report, dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut run = String::new();
    let mut qrels = String::new();
    for judged in &report.judged {
        for (rank, (key, score)) in judged.ranked.iter().zip(&judged.scores).enumerate() {
            let _ = writeln!(run, "{} Q0 {key} {} {score} mou-bot", judged.id, rank + 1);
        }
        for key in &judged.expected {
            let _ = writeln!(qrels, "{} 0 {key} 1", judged.id);
        }
    }
    std::fs::write(dir.join("run.txt"), run)?;
    std::fs::write(dir.join("qrels.txt"), qrels)?;
    Ok(())
}

/// `mou-bot eval`: prints the report and fails when a threshold is not met.
pub fn run(answerer: &Answerer, args: &EvalArgs) -> anyhow::Result<ExitCode> {
    if question_set::holds_dialogues(&args.qa)? {
        return dialogues::run(answerer, &args.qa, args.json, args.min_hit1);
    }
    let questions = question_set::load_labelled(&args.qa)?;
    let report = evaluate(answerer, &questions);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", render(&report));
    }
    if let Some(dir) = &args.trec {
        write_trec(&report, dir)?;
        eprintln!(
            "mou-bot: wrote {0}/run.txt and {0}/qrels.txt",
            dir.display()
        );
    }
    let a = &report.answerable;
    let failures: Vec<String> = [
        (args.min_hit1, a.hit_at_1, "Hit@1", true),
        (args.min_hit3, a.hit_at_3, "Hit@3", true),
        (args.min_mrr, a.mrr, "MRR", true),
        (
            args.min_declined,
            report.off_topic_declined,
            "off-topic declined",
            true,
        ),
        (
            args.min_near_declined,
            report.near_off_topic_declined,
            "near-off-topic declined",
            true,
        ),
        (
            args.max_wrongly_declined,
            report.answerable_wrongly_declined,
            "answerable wrongly declined",
            false,
        ),
    ]
    .into_iter()
    .filter_map(|(limit, value, name, at_least)| {
        let limit = limit?;
        let failed = if at_least {
            value < limit
        } else {
            value > limit
        };
        failed.then(|| {
            format!(
                "{name} is {value:.3}, {} {limit}",
                if at_least { "below" } else { "above" }
            )
        })
    })
    .chain((report.errors > 0).then(|| format!("{} questions failed with an error", report.errors)))
    .collect();
    if failures.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        for failure in failures {
            eprintln!("mou-bot: eval: {failure}");
        }
        Ok(ExitCode::FAILURE)
    }
}
