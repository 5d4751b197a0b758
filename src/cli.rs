//! The command line: parses arguments once, then runs `ask`, `reindex`, `eval`, `serve`,
//! `bench` or `stats`.
//!
//! Every command that answers opens the index through [`Answerer::open`], which builds it on
//! first use and says when the corpus has changed since it was built.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::index::{self, NoProgress};
use crate::language::EN;
use crate::language::{self, Language};
use crate::reply::interface::{self, Noun};
use crate::reply::{self, Markup};
use crate::search::{Answerer, Ranking};
use crate::{allocator, bench, bot, config, documents, eval, journal, question_set};

#[derive(Debug, Parser)]
#[command(
    name = "mou-bot",
    version,
    about = "Answers questions about the Uzbekistan–U.S. critical minerals MoU by quoting its sources",
    propagate_version = true
)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub paths: Paths,
    #[command(subcommand)]
    pub command: Command,
}

/// Where the corpus and the index live.
#[derive(Debug, Clone, Args)]
pub(crate) struct Paths {
    /// Directory of corpus documents
    #[arg(
        long,
        global = true,
        env = "MOU_CORPUS",
        default_value = "corpus",
        value_name = "DIR"
    )]
    pub corpus: PathBuf,
    /// Directory of the search index (built from the corpus when missing)
    #[arg(
        long,
        global = true,
        env = "MOU_INDEX",
        default_value = "data/index",
        value_name = "DIR"
    )]
    pub index: PathBuf,
    /// TOML file overriding ranking knobs (see docs/QUALITY.md)
    #[arg(long, global = true, env = "MOU_RANKING", value_name = "FILE")]
    pub ranking: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Answer one question, offline, as the bot would
    Ask(AskArgs),
    /// Build the index from the corpus (validating every file first)
    Reindex(ReindexArgs),
    /// Measure retrieval quality on a question set
    Eval(eval::EvalArgs),
    /// Run the Telegram bot (configuration from the environment and .env)
    Serve(ServeArgs),
    /// Measure the answer path's speed on a file of questions
    Bench(bench::BenchArgs),
    /// Summarise the journals: no-answer rate, most frequent declined questions, votes, and
    /// the changes operators made to the documents from Telegram
    Stats(StatsArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Receive updates by webhook at this public https URL instead of long polling [env: MOU_WEBHOOK_URL]
    #[arg(long, value_name = "URL")]
    pub webhook_url: Option<String>,
    /// Where the webhook listener binds [env: MOU_LISTEN] [default: 0.0.0.0:8443]
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<String>,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// The journal `serve` writes
    #[arg(long, env = "MOU_QUESTION_LOG", default_value = config::DEFAULT_QUESTION_LOG, value_name = "FILE")]
    pub log: PathBuf,
    /// How many declined questions to list
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct AskArgs {
    /// The question (several words are joined with spaces)
    #[arg(value_name = "QUESTION", num_args = 0.., trailing_var_arg = true, allow_hyphen_values = true)]
    pub question: Vec<String>,
    /// How many candidate paragraphs to consider and show
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..=100))]
    pub top: u16,
    /// Print a JSON object instead of text
    #[arg(long, conflicts_with = "html")]
    pub json: bool,
    /// Print the Telegram HTML the bot would send
    #[arg(long)]
    pub html: bool,
    /// Read the question in this language (en, ru, uz) instead of the one it is written in
    #[arg(long, value_name = "CODE", value_parser = parse_language)]
    pub lang: Option<&'static Language>,
}

/// A language code the project has analysis for.
fn parse_language(code: &str) -> Result<&'static Language, String> {
    language::by_code(code).ok_or_else(|| {
        let known: Vec<&str> = language::ALL.iter().map(|l| l.code).collect();
        format!("no language {code:?}; known: {}", known.join(", "))
    })
}

#[derive(Debug, Args)]
pub struct ReindexArgs {
    /// Validate the corpus without writing the index
    #[arg(long)]
    pub check: bool,
}

/// Parses the command line and runs it.
pub fn run() -> anyhow::Result<ExitCode> {
    // Before the arguments: clap reads MOU_CORPUS, MOU_INDEX… from the environment, which
    // `.env` fills in (a flag wins over both).
    config::load_dotenv()?;
    let cli = Cli::parse();
    match cli.command {
        Command::Ask(args) => ask(&cli.paths, &args),
        Command::Reindex(args) => reindex(&cli.paths, &args),
        Command::Eval(args) => {
            let answerer = open_answerer(&cli.paths)?;
            eval::run(&answerer, &args)
        }
        Command::Serve(args) => {
            allocator::one_heap();
            let flags = [
                ("MOU_WEBHOOK_URL", args.webhook_url),
                ("MOU_LISTEN", args.listen),
            ];
            let settings = config::Settings::from_env(&cli.paths.corpus, &cli.paths.index, &flags)?;
            let answerer = open_answerer(&cli.paths)?;
            bot::serve(settings, answerer)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench(args) => {
            let answerer = open_answerer(&cli.paths)?;
            let questions = question_set::load_texts(&args.questions)?;
            if args.against_bare {
                let (answer, bare) = bench::run_against_bare(
                    &answerer,
                    &questions,
                    args.top,
                    usize::from(args.rounds),
                )?;
                print!("answer path: {}", answer.render());
                print!("bare engine: {}", bare.render());
                print!("{}", bench::render_ratio(&answer, &bare));
                if args.slowest > 0 {
                    println!("slowest questions on the answer path (median):");
                    print!("{}", answer.render_slowest(args.slowest));
                }
                return Ok(ExitCode::SUCCESS);
            }
            let report = bench::run(
                &answerer,
                &questions,
                usize::from(args.threads),
                args.top,
                usize::from(args.rounds),
                args.bare,
            )?;
            print!("{}", report.render());
            if args.slowest > 0 {
                println!("slowest questions (median):");
                print!("{}", report.render_slowest(args.slowest));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Stats(args) => {
            if args.log.as_os_str().eq_ignore_ascii_case("off") {
                anyhow::bail!(
                    "the question journal is off (MOU_QUESTION_LOG=off), so there is nothing to summarise; pass --log FILE to read one"
                );
            }
            let summary = journal::summarise(&args.log, args.top)?;
            // The changes operators made from Telegram, journaled with the corpus.
            let changes = documents::journal(&cli.paths.corpus)?;
            if args.json {
                #[derive(serde::Serialize)]
                struct Stats<'a> {
                    #[serde(flatten)]
                    summary: &'a journal::Summary,
                    document_changes: &'a [documents::Change],
                }
                let stats = Stats {
                    summary: &summary,
                    document_changes: &changes,
                };
                println!("{}", serde_json::to_string_pretty(&stats)?);
            } else {
                print!("{}", journal::render(&summary));
                print!("{}", documents::render_changes(&changes, args.top));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn ask(paths: &Paths, args: &AskArgs) -> anyhow::Result<ExitCode> {
    let question = args.question.join(" ");
    if question.trim().is_empty() {
        eprintln!("mou-bot: ask needs a question, e.g. mou-bot ask \"Who signed the memorandum?\"");
        return Ok(ExitCode::from(2));
    }
    let answerer = open_answerer(paths)?;
    let outcome = match args.lang {
        Some(language) => answerer.answer_in(&question, usize::from(args.top), language)?,
        None => answerer.answer(&question, usize::from(args.top))?,
    };
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut stdout, &reply::json(&outcome))?;
        writeln!(stdout)?;
    } else if args.html {
        let info = answerer.info();
        writeln!(stdout, "{}", reply::telegram(&outcome, &info))?;
    } else {
        let markup = if std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
            Markup::Ansi
        } else {
            Markup::Plain
        };
        let info = answerer.info();
        write!(stdout, "{}", reply::terminal(&outcome, &info, markup))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn reindex(paths: &Paths, args: &ReindexArgs) -> anyhow::Result<ExitCode> {
    let report = if std::io::stderr().is_terminal() {
        index::build(
            &paths.corpus,
            &paths.index,
            args.check,
            &TerminalProgress::default(),
        )?
    } else {
        index::build(&paths.corpus, &paths.index, args.check, &NoProgress)?
    };
    for note in &report.notes {
        eprintln!("mou-bot: note: {note}");
    }
    let what = format!(
        "{}, {}",
        interface::count(EN, report.documents as u64, Noun::Document),
        interface::count(EN, report.paragraphs, Noun::Paragraph)
    );
    if args.check {
        println!("The corpus at {} is valid: {what}.", paths.corpus.display());
    } else {
        println!(
            "Indexed {what} from {} into {} in {:.2?}.",
            paths.corpus.display(),
            report.index_dir.display(),
            report.elapsed
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// A progress bar on the terminal while documents are indexed.
#[derive(Default)]
struct TerminalProgress {
    bar: std::sync::OnceLock<indicatif::ProgressBar>,
    paragraphs: std::sync::atomic::AtomicU64,
}

impl index::Progress for TerminalProgress {
    fn start(&self, documents: usize) {
        let bar = indicatif::ProgressBar::new(documents as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{spinner} indexing [{bar:30}] {pos}/{len} documents, {msg} paragraphs ({eta})",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        let _ = self.bar.set(bar);
    }

    fn document_done(&self, paragraphs: usize) {
        if let Some(bar) = self.bar.get() {
            let done = self
                .paragraphs
                .fetch_add(paragraphs as u64, std::sync::atomic::Ordering::Relaxed);
            bar.set_message((done + paragraphs as u64).to_string());
            bar.inc(1);
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}

/// Opens the answer path on the index at `paths`, building it on first use; tells the user on
/// stderr when it was built or is out of date.
fn open_answerer(paths: &Paths) -> anyhow::Result<Answerer> {
    let ranking = match &paths.ranking {
        Some(path) => Ranking::load(path)?,
        None => Ranking::default(),
    };
    let (answerer, notice) = Answerer::open(&paths.corpus, &paths.index, ranking)?;
    if let Some(notice) = notice {
        eprintln!("mou-bot: {notice}");
    }
    Ok(answerer)
}
