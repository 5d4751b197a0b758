//! mou-bot answers questions about the Uzbekistan–U.S. critical minerals memorandum by quoting
//! the paragraph of its documents that answers best.
//!
//! The data flows left to right, one module a step:
//! [`corpus`] (files → documents) → [`paragraphs`] (text → paragraphs, sentences) →
//! [`index`] (paragraphs → Tantivy) → [`search`] (question → ranked passages and a decision) →
//! [`reply`] (pure rendering: HTML, terminal, JSON) → [`bot`] (Telegram, the only module that
//! knows teloxide; [`chat_turns`] and [`flood`] are its per-chat order and per-user limit).
//! [`cli`] wires the commands; `ask`, `eval`, `bench` and the bot share
//! [`search::Answerer`]. [`allocator`] tunes glibc's allocator at start-up.

pub mod allocator;
pub mod bench;
pub mod bot;
pub mod chat_turns;
pub mod cli;
pub mod config;
pub mod corpus;
pub mod dialogue;
pub mod eval;
pub mod feedback;
pub mod flood;
pub mod focus;
pub mod index;
pub mod journal;
pub mod kinds;
pub mod language;
pub mod ops;
pub mod pace;
pub mod paragraphs;
pub mod question_set;
pub mod reply;
pub mod search;
pub mod small_talk;
pub mod synonyms;
pub mod wrapping;
