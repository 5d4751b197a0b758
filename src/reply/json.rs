//! The reply as JSON (`mou-bot ask --json`): everything the answer path decided, for scripts.

use serde::Serialize;

use crate::search::{Kind, Outcome, Passage, SetAside, SmallTalk};

/// One passage in `ask --json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JsonPassage {
    pub doc: String,
    pub title: String,
    pub paragraph: u32,
    pub text: String,
    pub score: f32,
    pub sentence: String,
    /// Share of the question's concepts the paragraph holds (0–1).
    pub coverage: f32,
    /// Why it cannot be the answer, if it cannot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub set_aside: Option<SetAside>,
    /// For a paragraph of a translation, the one it translates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub translation_of: Option<JsonOriginal>,
}

/// The paragraph a translated one translates, in `ask --json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JsonOriginal {
    pub doc: String,
    pub paragraph: u32,
}

/// The object `ask --json` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JsonOutcome {
    pub question: String,
    /// The question the message asks, as searched, when greetings, politeness or a story
    /// were set aside from around it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub searched: Option<String>,
    pub answer: Option<JsonPassage>,
    pub candidates: Vec<JsonPassage>,
    /// What the question names as asked about ("population"), if it does.
    pub focus: Option<String>,
    /// The kinds of answer it asks for: person, date, place, quantity, purpose, reason, scope.
    pub answer_type: Vec<Kind>,
    /// Its words that no paragraph holds in any way (no synonym, no typo correction).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unknown_words: Vec<String>,
    /// The language it was read and answered in.
    pub lang: &'static str,
    /// "answer", "no_answer" or "small_talk".
    pub kind: &'static str,
    /// For small talk, which: "greeting", "thanks", "goodbye", "acknowledgement", "laughter",
    /// "identity", "capabilities", "complaint".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub small_talk: Option<SmallTalk>,
    /// The question in English, when it was read through the glossary to search documents
    /// that exist in English only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via_glossary: Option<String>,
}

impl From<&Passage> for JsonPassage {
    fn from(passage: &Passage) -> Self {
        JsonPassage {
            doc: passage.doc_id.clone(),
            title: passage.title.clone(),
            paragraph: passage.paragraph,
            text: passage.text.clone(),
            score: passage.score,
            sentence: passage.sentence_text().to_owned(),
            coverage: passage.coverage,
            set_aside: passage.set_aside,
            translation_of: passage
                .translation_of
                .as_ref()
                .map(|original| JsonOriginal {
                    doc: original.doc_id.clone(),
                    paragraph: original.paragraph,
                }),
        }
    }
}

pub fn json(outcome: &Outcome) -> JsonOutcome {
    JsonOutcome {
        question: outcome.question.clone(),
        searched: outcome.searched.clone(),
        answer: outcome.answer().map(JsonPassage::from),
        candidates: outcome.candidates.iter().map(JsonPassage::from).collect(),
        focus: outcome.focus.clone(),
        answer_type: outcome.answer_kinds.clone(),
        unknown_words: outcome.unknown_words.clone(),
        lang: outcome.language.code,
        kind: if outcome.small_talk.is_some() {
            "small_talk"
        } else if outcome.answered {
            "answer"
        } else {
            "no_answer"
        },
        small_talk: outcome.small_talk,
        via_glossary: outcome.via_glossary.clone(),
    }
}
