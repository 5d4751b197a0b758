//! Fuzzes the answer path: any bytes, read as a question, must be answered without a panic,
//! and the reply must be valid Telegram HTML of at most 4096 characters.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use mou_bot::reply::{self, TELEGRAM_LIMIT, telegram_html_problem};
use mou_bot::search::{Answerer, Ranking};

fn answerer() -> &'static Answerer {
    static ANSWERER: OnceLock<(tempfile::TempDir, Answerer)> = OnceLock::new();
    &ANSWERER
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("a temporary directory");
            let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/../corpus");
            let index = dir.path().join("index");
            let (answerer, _) = Answerer::open(corpus.as_ref(), &index, Ranking::default())
                .expect("the shipped corpus");
            (dir, answerer)
        })
        .1
}

fuzz_target!(|data: &[u8]| {
    let question = String::from_utf8_lossy(data);
    let answerer = answerer();
    let outcome = answerer
        .answer(&question, 3)
        .expect("answering never fails");
    let html = reply::telegram(&outcome, &answerer.info());
    assert!(html.chars().count() <= TELEGRAM_LIMIT);
    if let Some(problem) = telegram_html_problem(&html) {
        panic!("invalid Telegram HTML ({problem}): {html}");
    }
});
