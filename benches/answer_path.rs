//! Micro-benchmarks of the answer path's steps on the test article (`tests/fixtures/article`):
//! `cargo bench --bench answer_path`.
//!
//! - analysis: a paragraph through the index's analyzer (what indexing and reranking pay);
//! - retrieval and ranking: `Answerer::answer` for an answerable and an off-topic question;
//! - rendering: the Telegram HTML of an answer.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use mou_bot::language;
use mou_bot::reply;
use mou_bot::search::{Answerer, Ranking};
use tantivy::tokenizer::TokenStream;

fn benches(c: &mut Criterion) {
    // As `main` does, so the figures are the binary's.
    mou_bot::allocator::tune();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/article");
    let (answerer, _) = Answerer::open(&corpus, &dir.path().join("index"), Ranking::default())
        .expect("the test article indexes");
    let info = answerer.info();

    let paragraph = "The agreement was signed on September 16 in Tashkent by Deputy Minister \
                     Omonullo Nasritdinkhodjaev and U.S. Ambassador to Uzbekistan Jonathan Henick.";
    let mut analyzer = language::DEFAULT.analyzer();
    c.bench_function("analysis/paragraph", |b| {
        b.iter(|| {
            let mut stream = analyzer.token_stream(black_box(paragraph));
            let mut count = 0;
            while stream.advance() {
                count += 1;
            }
            count
        })
    });

    for (name, question) in [
        ("answer/direct", "Who signed the memorandum?"),
        ("answer/paraphrase", "Who represented America?"),
        ("answer/typo", "wen was the memorandm signd"),
        ("answer/off-topic", "What's the weather in Paris?"),
    ] {
        c.bench_function(name, |b| {
            b.iter(|| answerer.answer(black_box(question), 3).expect("answers"))
        });
    }

    let outcome = answerer
        .answer("Who signed the memorandum?", 3)
        .expect("answers");
    c.bench_function("render/telegram_html", |b| {
        b.iter(|| reply::telegram(black_box(&outcome), &info))
    });
}

criterion_group!(answer_path, benches);
criterion_main!(answer_path);
