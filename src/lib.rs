//! mou-bot answers questions about the Uzbekistan–U.S. critical minerals memorandum by quoting
//! the paragraph of its documents that answers best.
//!
//! The data flows left to right, one module a step:
//! `corpus` (files → documents) → `paragraphs` (text → paragraphs, sentences) → `index`
//! (paragraphs → Tantivy) → `search` (question → ranked passages and a decision) → `dialogue`
//! (a message in its conversation) → `reply` (pure rendering: HTML, terminal, JSON) → `bot`
//! (Telegram, the only module that knows teloxide). `cli` wires the commands; `ask`, `eval`,
//! `bench` and the bot share [`search::Answerer`]. docs/ARCHITECTURE.md maps every module.
//!
//! The library's API is what the binary, the tests and the benches use: the modules declared
//! `pub` below, each exporting only that; the rest is the crate's own.

pub mod allocator;
mod bench;
mod bot;
mod chat_turns;
pub mod cli;
mod config;
pub mod corpus;
mod dialogue;
mod documents;
pub mod eval;
mod feedback;
mod flood;
mod focus;
pub mod index;
mod journal;
mod kinds;
pub mod language;
mod ops;
mod pace;
mod paragraphs;
pub mod question_set;
pub mod reply;
pub mod search;
mod small_talk;
mod synonyms;
mod wrapping;
