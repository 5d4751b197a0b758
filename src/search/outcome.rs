//! What the answer path returns: the passages found for a question, ranked, and whether the
//! first answers it.

use std::ops::Range;
use std::sync::Arc;

use crate::index::IndexInfo;
use crate::kinds::Kind;
use crate::language::Language;
use crate::small_talk::SmallTalk;

/// Why a retrieved paragraph cannot be the answer, though it may be shown among the candidates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SetAside {
    /// It never mentions what the question asks about (its focus).
    MissesFocus,
    /// The question asks for a person, a date, a place or an amount, and it holds none.
    LacksAnswerKind,
    /// It is a photo's caption, and the question is not about the picture.
    Caption,
}

/// One paragraph found for a question.
#[derive(Debug, Clone, PartialEq)]
pub struct Passage {
    pub doc_id: String,
    pub title: String,
    pub url: Option<String>,
    pub paragraph: u32,
    pub text: String,
    /// The final score: BM25, scaled by coverage, phrases and answer kind
    /// ([`Ranking::rerank`]).
    pub score: f32,
    /// Share of the question's concepts this paragraph contains (0–1).
    pub coverage: f32,
    /// Byte ranges of `text` holding matched words, in order, not overlapping.
    pub highlights: Vec<Range<usize>>,
    /// Byte range of `text` holding the sentence that answers best.
    pub sentence: Range<usize>,
    /// Why it cannot be the answer, if it cannot.
    pub set_aside: Option<SetAside>,
    /// Whether its document is the publisher's text rather than an unofficial translation.
    pub official: bool,
    /// The language its document is written in (ISO 639-1).
    pub language: &'static str,
    /// The paragraph it translates, when its document is a translation.
    pub translation_of: Option<Original>,
}

/// The paragraph a translated one translates.
#[derive(Debug, Clone, PartialEq)]
pub struct Original {
    pub doc_id: String,
    pub title: String,
    pub url: Option<String>,
    pub paragraph: u32,
    /// Its text, for the answer only (the reply offers it under the translation).
    pub text: Option<String>,
}

/// A paragraph named in eight bytes, for what the bot keeps about many conversations: its
/// document by the hash of its id (as buttons name it) and its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PassageId {
    pub doc_hash: u32,
    pub paragraph: u32,
}

impl Passage {
    /// Its key in question sets and conversations: `doc-id#paragraph`.
    pub fn key(&self) -> String {
        paragraph_key(&self.doc_id, self.paragraph)
    }

    pub fn id(&self) -> PassageId {
        PassageId {
            doc_hash: doc_hash(&self.doc_id),
            paragraph: self.paragraph,
        }
    }

    pub(crate) fn sentence_text(&self) -> &str {
        self.text.get(self.sentence.clone()).unwrap_or_default()
    }
}

/// The result for one question: ranked candidates, and whether the first is the answer.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub question: String,
    /// When the message wrapped its question in greetings, politeness or a story: the
    /// question it asks, which is what was searched ([`crate::wrapping`]).
    pub searched: Option<String>,
    pub candidates: Vec<Passage>,
    pub answered: bool,
    /// The word the question names as what it asks about ("population"), as typed.
    pub focus: Option<String>,
    /// The kinds of answer the question asks for ("who" → a person).
    pub answer_kinds: Vec<Kind>,
    /// The question's words that no paragraph holds, in any way (no synonym, no correction):
    /// what the documents may be missing.
    pub unknown_words: Vec<String>,
    /// The language the question was read in, and is answered in.
    pub language: &'static Language,
    /// When its language's documents did not answer it: the question read through the
    /// glossary into English, which the English documents were searched with.
    pub via_glossary: Option<String>,
    /// When the message is small talk ("hi", "thanks"), not a question: nothing was searched.
    pub small_talk: Option<SmallTalk>,
    /// The index build it was answered from: its documents and example questions, for
    /// rendering the answer (a reindex meanwhile changes neither).
    pub info: Arc<IndexInfo>,
}

impl Outcome {
    pub fn answer(&self) -> Option<&Passage> {
        self.candidates.first().filter(|_| self.answered)
    }
}

/// The key of a paragraph in question sets and conversations: `document id#paragraph number`.
pub fn paragraph_key(doc_id: &str, paragraph: u32) -> String {
    format!("{doc_id}#{paragraph}")
}

/// A document id in eight hex digits, as buttons and [`PassageId`] carry it: FNV-1a, 32 bits
/// (the same in every build).
pub fn doc_hash(doc_id: &str) -> u32 {
    doc_id.bytes().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}
