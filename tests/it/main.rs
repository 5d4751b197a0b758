//! mou-bot's integration tests: the real binary, a real index on disk, a fake Telegram.
//!
//! - `ask`: the offline main job, through the binary, with text and JSON output.
//! - `reindex`: corpus validation and what a failed build leaves behind.
//! - `quality`: the question set through the answer path, against the thresholds.
//! - `reading`: a question inside greetings and stories, purpose questions, focus in every
//!   language, each mechanism shown deciding a question.
//! - `mechanisms`: each ranking mechanism turned off (`tests/ablations/`) fails a check.
//! - `operators`: reindexing under load, kills, the index format, the question journal.
//! - `bot`: `mou-bot serve` against a fake Bot API on 127.0.0.1.
//! - `documents`: operators adding, replacing, removing and undoing documents from Telegram.
//! - `properties`: arbitrary Unicode through the answer path: no panic, valid Telegram HTML.
//! - `util`: the shared test environment (temporary corpus and index, running the binary).
//! - `fake_telegram`: the fake Bot API server.
//! - `layout`: the shape of the code: no import loops; Tantivy and teloxide each in their place.
//! - `html_check`: whether a text is HTML Telegram accepts (the library's own checker, shared).

mod ask;
mod bot;
mod documents;
mod fake_telegram;
#[path = "../../src/reply/html_check.rs"]
mod html_check;
mod layout;
mod mechanisms;
mod operators;
mod properties;
mod quality;
mod reading;
mod reindex;
mod util;
