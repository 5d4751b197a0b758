//! Replies: how an [`Outcome`](crate::search::Outcome) is shown, one room per output —
//! [`telegram`] (HTML, with buttons), [`inline`] (inline mode's results), [`terminal`] (`ask`)
//! and [`json`] (`ask --json`) — and, in [`interface`], every other text the bot says ([`documents`]:
//! what it says to operators managing documents). The
//! pieces they share: [`text`] (escaping, quoting within a budget, marks) and [`examples`]
//! (the example questions offered).
//!
//! Pure functions, no I/O. Every piece of corpus or user text is escaped here. A Telegram reply
//! never exceeds [`TELEGRAM_LIMIT`] characters: the quoted text is cut at a word boundary with
//! "…" *before* markup is added, so a cut can never fall inside a tag or an entity.

pub(crate) mod documents;
mod examples;
#[cfg(test)]
mod html_check;
mod inline;
pub mod interface;
mod json;
mod telegram;
mod terminal;
mod text;

pub(crate) use examples::example_question;
pub use examples::example_questions;
#[cfg(test)]
pub use html_check::telegram_html_problem;
pub(crate) use inline::{
    InlineResult, MAX_INLINE_RESULTS, inline_answer, inline_example, inline_no_answer,
};
pub use json::{JsonOutcome, json};
pub(crate) use telegram::{ButtonRow, answer_buttons, example_buttons};
pub use telegram::{telegram, telegram_answer};
pub(crate) use terminal::terminal;
pub use text::TELEGRAM_LIMIT;
pub(crate) use text::{Markup, shorten};

#[cfg(test)]
mod tests;
