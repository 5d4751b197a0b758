//! Writes a synthetic corpus for benchmarks, deterministic from a seed.
//!
//! `cargo run --release --example gen_corpus -- --paragraphs 100000 --seed 1 --out /tmp/c100k/corpus`
//!
//! Documents of 100 paragraphs each, in the corpus format. Words are drawn from a made-up
//! vocabulary with Zipf-distributed frequencies and English suffixes (so stemming matters),
//! mixed with English function words; paragraphs are 40–120 words. Next to the corpus directory
//! it writes `questions.txt`: questions of 3–8 words, about 10% of them made only of words the
//! corpus never uses (they should be declined).

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

#[derive(Parser)]
struct Args {
    /// Paragraphs in the corpus
    #[arg(long, default_value_t = 10_000)]
    paragraphs: usize,
    /// Seed of the random generator: the same seed writes the same corpus
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The corpus directory to create
    #[arg(long)]
    out: PathBuf,
    /// Questions to write next to the corpus
    #[arg(long, default_value_t = 1_000)]
    questions: usize,
    /// Distinct stems in the vocabulary
    #[arg(long, default_value_t = 50_000)]
    vocabulary: usize,
}

const PARAGRAPHS_PER_DOCUMENT: usize = 100;
const FUNCTION_WORDS: &[&str] = &[
    "the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "as", "was", "with", "be",
    "by", "on", "not", "he", "this", "are", "or", "his", "from", "at", "which", "but", "have",
    "an", "they", "were",
];
const SUFFIXES: &[&str] = &["", "", "", "s", "ed", "ing", "er", "ly", "ation", "ness"];
const ONSETS: &[&str] = &[
    "b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "br", "st", "pl", "tr",
];
const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ai", "ou"];
/// Syllables of words that never occur in the corpus: no corpus word contains "zq".
const ABSENT_ONSETS: &[&str] = &["zq", "xq", "qz"];

fn word(rng: &mut StdRng, onsets: &[&str]) -> String {
    let syllables = rng.random_range(2..=4);
    let mut word = String::new();
    for _ in 0..syllables {
        word.push_str(onsets[rng.random_range(0..onsets.len())]);
        word.push_str(VOWELS[rng.random_range(0..VOWELS.len())]);
    }
    word
}

/// Samples ranks 0..n with probability ∝ 1/(rank+1).
struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    fn new(n: usize) -> Zipf {
        let mut total = 0.0;
        let cumulative = (1..=n)
            .map(|rank| {
                total += 1.0 / rank as f64;
                total
            })
            .collect();
        Zipf { cumulative }
    }

    fn sample(&self, rng: &mut StdRng) -> usize {
        let target = rng.random::<f64>() * self.cumulative.last().copied().unwrap_or(0.0);
        self.cumulative.partition_point(|&c| c < target)
    }
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let mut rng = StdRng::seed_from_u64(args.seed);
    let mut seen = std::collections::HashSet::new();
    let mut vocabulary = Vec::with_capacity(args.vocabulary);
    while vocabulary.len() < args.vocabulary {
        let stem = word(&mut rng, ONSETS);
        if seen.insert(stem.clone()) {
            vocabulary.push(stem);
        }
    }
    let zipf = Zipf::new(vocabulary.len());
    let content_word = |rng: &mut StdRng| {
        let stem = &vocabulary[zipf.sample(rng)];
        format!("{stem}{}", SUFFIXES[rng.random_range(0..SUFFIXES.len())])
    };

    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    let documents = args.paragraphs.div_ceil(PARAGRAPHS_PER_DOCUMENT);
    let mut written = 0;
    for number in 1..=documents {
        let mut text =
            format!("+++\ntitle = \"Synthetic document {number}\"\nlanguage = \"en\"\n+++\n");
        let count = PARAGRAPHS_PER_DOCUMENT.min(args.paragraphs - written);
        for _ in 0..count {
            text.push('\n');
            let length = rng.random_range(40..=120);
            for i in 0..length {
                let word = if rng.random_bool(0.4) {
                    FUNCTION_WORDS[rng.random_range(0..FUNCTION_WORDS.len())].to_owned()
                } else {
                    content_word(&mut rng)
                };
                if i == 0 {
                    let mut chars = word.chars();
                    if let Some(first) = chars.next() {
                        text.extend(first.to_uppercase());
                        text.push_str(chars.as_str());
                    }
                } else {
                    text.push(' ');
                    text.push_str(&word);
                }
                if i + 1 == length || (i % 17 == 16) {
                    text.push('.');
                }
            }
            text.push('\n');
        }
        written += count;
        std::fs::write(args.out.join(format!("doc-{number:06}.md")), text)?;
    }

    let mut questions = String::new();
    for _ in 0..args.questions {
        let length = rng.random_range(3..=8);
        let absent = rng.random_bool(0.1);
        let words: Vec<String> = (0..length)
            .map(|_| {
                if absent {
                    word(&mut rng, ABSENT_ONSETS)
                } else if rng.random_bool(0.25) {
                    FUNCTION_WORDS[rng.random_range(0..FUNCTION_WORDS.len())].to_owned()
                } else {
                    content_word(&mut rng)
                }
            })
            .collect();
        let _ = writeln!(questions, "{}", words.join(" "));
    }
    let questions_path = args.out.parent().map_or_else(
        || PathBuf::from("questions.txt"),
        |parent| parent.join("questions.txt"),
    );
    std::fs::write(&questions_path, questions)?;
    eprintln!(
        "wrote {} paragraphs in {documents} documents to {} and {} questions to {}",
        args.paragraphs,
        args.out.display(),
        args.questions,
        questions_path.display()
    );
    Ok(())
}
