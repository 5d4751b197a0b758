//! Languages: everything about text analysis that depends on the language a text is written in.
//!
//! As in Lucene's per-language analysis packages, the pipeline is shared and a language is
//! data plus a stemmer: split at non-alphanumerics, drop over-long tokens, lower-case, fold to
//! ASCII, then stem with the language's stemmer. Besides the analyzer, a [`Language`] carries
//! the words a question can do without (stop words), and how to recognise the kind of answer asked
//! for and found ([`crate::kinds`]).
//!
//! English ([`english`]) is the default for documents that name no language; Russian
//! ([`russian`]) and Uzbek ([`uzbek`]) sit beside it, and another language is a sibling module
//! and a line in [`ALL`]. This module and
//! the index/search modules are the only ones that touch Tantivy (here: its tokenizer API).

mod definition;
mod detect;
pub mod english;
mod known;
pub mod russian;
mod tokens;
pub mod uzbek;

pub(crate) use definition::WordStemmer;
pub use definition::{FollowUpWords, Language};
pub(crate) use detect::{detect, detect_with};
pub use known::{ALL, DEFAULT, EN, RU, UZ, position};
pub(crate) use known::{by_code, by_tag, for_interface, of_document};
