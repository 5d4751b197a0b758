//! `mou-bot bench`: questions per second and latency percentiles of the whole answer path
//! (analyse, retrieve, rank, choose the sentence, render the Telegram reply), in one process.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::Args;

use crate::index::IndexInfo;
use crate::reply;
use crate::search::Answerer;

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Questions, one a line, or a labelled question set (see `eval`)
    #[arg(long, value_name = "FILE")]
    pub questions: PathBuf,
    /// Threads asking at once
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub threads: u16,
    /// Candidates per question, as the bot uses
    #[arg(long, default_value_t = 3)]
    pub top: usize,
    /// Times each question is asked (the first round warms caches and is not counted)
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u16).range(2..=1000))]
    pub rounds: u16,
    /// Measure the bare engine instead: content words as a plain term disjunction, top K by
    /// BM25, nothing fetched, ranked further or rendered (the floor the answer path builds on)
    #[arg(long)]
    pub bare: bool,
    /// Measure the answer path and the bare engine in one run, round by round in turn (one
    /// thread), and print both with their ratio: it drifts less with whatever else the machine
    /// is doing than the ratio of two separate runs
    #[arg(long, conflicts_with_all = ["bare", "threads"])]
    pub against_bare: bool,
    /// Also list the N slowest questions by their median latency
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub slowest: usize,
}

/// What one run measured.
#[derive(Debug, Clone)]
pub struct BenchReport {
    pub questions: usize,
    pub threads: usize,
    pub answered: usize,
    pub wall: Duration,
    /// Every measured latency, sorted.
    pub latencies: Vec<Duration>,
    /// Each question's median latency, slowest first.
    pub by_question: Vec<(Duration, String)>,
}

impl BenchReport {
    pub fn percentile(&self, p: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let index = ((self.latencies.len() - 1) as f64 * p).round() as usize;
        self.latencies[index]
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        let per_second = self.latencies.len() as f64 / self.wall.as_secs_f64();
        let _ = writeln!(
            out,
            "{} answers ({} questions × {} measured rounds, {} answered) on {} thread{} in {:.2?}: {:.0} questions/s",
            self.latencies.len(),
            self.questions,
            self.latencies.len() / self.questions.max(1),
            self.answered,
            self.threads,
            if self.threads == 1 { "" } else { "s" },
            self.wall,
            per_second
        );
        let _ = writeln!(
            out,
            "latency p50 {:.1?}  p95 {:.1?}  p99 {:.1?}  max {:.1?}",
            self.percentile(0.50),
            self.percentile(0.95),
            self.percentile(0.99),
            self.latencies.last().copied().unwrap_or_default()
        );
        out
    }

    /// The `n` slowest questions, one a line.
    pub fn render_slowest(&self, n: usize) -> String {
        let mut out = String::new();
        for (median, question) in self.by_question.iter().take(n) {
            let _ = writeln!(out, "{median:>10.1?}  {question}");
        }
        out
    }
}

/// Asks every question `rounds` times (the first round only warms up) on `threads` threads.
pub fn run(
    answerer: &Answerer,
    questions: &[String],
    threads: usize,
    top: usize,
    rounds: usize,
    bare: bool,
) -> anyhow::Result<BenchReport> {
    let info = answerer.info();
    let answer_one = |question: &str| ask(answerer, &info, question, top, bare);
    let mut answered = 0;
    for question in questions {
        answered += usize::from(answer_one(question)?);
    }
    let threads = threads.max(1);
    let started = Instant::now();
    let per_thread: Vec<anyhow::Result<Vec<(Duration, usize)>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let answer_one = &answer_one;
                scope.spawn(move || {
                    let mut latencies = Vec::new();
                    for _ in 1..rounds {
                        for (i, question) in questions.iter().enumerate().skip(t).step_by(threads) {
                            let start = Instant::now();
                            answer_one(question)?;
                            latencies.push((start.elapsed(), i));
                        }
                    }
                    Ok(latencies)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("a bench thread panicked")))
            })
            .collect()
    });
    let wall = started.elapsed();
    let mut per_question = vec![Vec::new(); questions.len()];
    for thread in per_thread {
        for (latency, i) in thread? {
            per_question[i].push(latency);
        }
    }
    Ok(BenchReport {
        threads,
        ..report(questions, wall, per_question, answered)
    })
}

/// The answer path and the bare engine side by side in one run: each round asks every question
/// of one, then of the other (which goes first alternates), `rounds` times, the first round
/// only warming up.
pub fn run_against_bare(
    answerer: &Answerer,
    questions: &[String],
    top: usize,
    rounds: usize,
) -> anyhow::Result<(BenchReport, BenchReport)> {
    let info = answerer.info();
    let (mut answered, mut found) = (0, 0);
    for question in questions {
        answered += usize::from(ask(answerer, &info, question, top, false)?);
        found += usize::from(ask(answerer, &info, question, top, true)?);
    }
    // [answer path, bare engine]: each question's latencies.
    let mut times = [
        vec![Vec::new(); questions.len()],
        vec![Vec::new(); questions.len()],
    ];
    // A pass over all the questions each, not both in turn per question: the second to ask a
    // question would find the first's postings in the CPU caches.
    for round in 1..rounds {
        for pass in [round % 2, 1 - round % 2] {
            for (i, question) in questions.iter().enumerate() {
                let start = Instant::now();
                ask(answerer, &info, question, top, pass == 1)?;
                times[pass][i].push(start.elapsed());
            }
        }
    }
    let [answer_times, bare_times] = times;
    let wall = |times: &[Vec<Duration>]| times.iter().flatten().sum();
    Ok((
        report(questions, wall(&answer_times), answer_times, answered),
        report(questions, wall(&bare_times), bare_times, found),
    ))
}

/// One question through the answer path, reply rendered (or through the bare engine when
/// `bare`): whether it was answered (found anything).
fn ask(
    answerer: &Answerer,
    info: &IndexInfo,
    question: &str,
    top: usize,
    bare: bool,
) -> anyhow::Result<bool> {
    if bare {
        return Ok(answerer.bare_search(question, top)? > 0);
    }
    let outcome = answerer.answer(question, top)?;
    std::hint::black_box(reply::telegram(&outcome, info));
    Ok(outcome.answered)
}

/// How `answer` compares with `bare` (from [`run_against_bare`]), one line.
pub fn render_ratio(answer: &BenchReport, bare: &BenchReport) -> String {
    let ratio = |p: f64| answer.percentile(p).as_secs_f64() / bare.percentile(p).as_secs_f64();
    format!(
        "answer path / bare engine: p50 {:.2}x  p95 {:.2}x  p99 {:.2}x\n",
        ratio(0.50),
        ratio(0.95),
        ratio(0.99)
    )
}

/// The report of `per_question` latencies, as measured on one thread ([`run`] says how many).
fn report(
    questions: &[String],
    wall: Duration,
    mut per_question: Vec<Vec<Duration>>,
    answered: usize,
) -> BenchReport {
    let mut latencies: Vec<Duration> = per_question.iter().flatten().copied().collect();
    latencies.sort_unstable();
    let mut by_question: Vec<(Duration, String)> = per_question
        .iter_mut()
        .zip(questions)
        .filter(|(runs, _)| !runs.is_empty())
        .map(|(runs, question)| {
            runs.sort_unstable();
            (runs[runs.len() / 2], question.clone())
        })
        .collect();
    by_question.sort_by_key(|(median, _)| std::cmp::Reverse(*median));
    BenchReport {
        questions: questions.len(),
        threads: 1,
        answered,
        wall,
        latencies,
        by_question,
    }
}
