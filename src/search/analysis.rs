//! The question as the answer path reads it: *concepts* (each content word typed, or a synonym
//! group one of its phrases belongs to), each matched by any of its *alternatives*, with the
//! kinds of answer asked and the focus. [`super::question`] makes one; query building,
//! retrieval and ranking read it and never change it.
//!
//! Every stem is interned once, so matching a paragraph later compares numbers, not strings.

use crate::kinds::Kind;
use crate::language::Language;

/// At most this many concepts are searched for; the rest of a very long question is ignored.
pub(super) const MAX_CONCEPTS: usize = 24;

/// Bits of [`Analysis`]'s filter of the paragraphs' stem ids the question has: 128 bytes, so
/// that few of a paragraph's other words pass it by chance.
const STEM_FILTER_BITS: usize = 1024;

/// How an alternative relates to what the user typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Via {
    Typed,
    Synonym,
    Typo,
}

/// One way a concept can appear in a paragraph: a stemmed word, or a phrase of them, as ids
/// of [`Analysis::stems`].
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Alternative {
    pub(super) ids: Vec<u32>,
    pub(super) via: Via,
}

#[derive(Debug, Clone, Default)]
pub(super) struct Concept {
    pub(super) alternatives: Vec<Alternative>,
    /// The question's words it stands for, as typed (none for the words of an answer kind).
    pub(super) typed: String,
    /// Whether it was carried from the conversation's previous question rather than asked
    /// ([`Ranking::carried_weight`]).
    pub(super) carried: bool,
}

/// The question as concepts and phrases, ready to query and to match paragraphs against.
/// Every stem is interned once, so matching a paragraph compares numbers, not strings.
#[derive(Debug)]
pub(super) struct Analysis {
    /// The language the question is read in; paragraphs are matched against it in the same.
    pub(super) language: &'static Language,
    pub(super) concepts: Vec<Concept>,
    pub(super) phrases: Vec<Vec<u32>>,
    pub(super) kinds: Vec<Kind>,
    /// Whether the question is about a picture (a photo's caption may answer it).
    pub(super) about_a_picture: bool,
    /// The concept the question asks about, when it names one ([`crate::focus`]).
    pub(super) focus: Option<usize>,
    /// The focus's word as typed.
    pub(super) focus_word: Option<String>,
    /// The question's stems, by id: typed, synonyms and corrections (a few dozen, a hundred or
    /// so for a long question full of synonyms: an id is found by a scan, without a map that
    /// would copy each stem once more).
    pub(super) stems: Vec<String>,
    /// The question's stems that paragraphs hold, as pairs of the paragraphs' id for the stem
    /// ([`Snapshot::stem`]) and the question's: how a paragraph's words are read
    /// against the question.
    pub(super) paragraph_stem_ids: Vec<(u32, u32)>,
    /// A bit per paragraph stem id, modulo [`STEM_FILTER_BITS`], of those in
    /// `paragraph_stem_ids`: most of a paragraph's words are none of the question's, and this
    /// says so without a scan (a question with typo corrections and synonyms has dozens).
    paragraph_stem_filter: [u64; STEM_FILTER_BITS / 64],
    /// Per stem id: how many paragraphs contain it.
    pub(super) doc_freqs: Vec<u64>,
    pub(super) total_docs: u64,
}

impl Analysis {
    pub(super) fn new(language: &'static Language) -> Analysis {
        Analysis {
            language,
            concepts: Vec::new(),
            phrases: Vec::new(),
            kinds: Vec::new(),
            about_a_picture: false,
            focus: None,
            focus_word: None,
            stems: Vec::new(),
            paragraph_stem_ids: Vec::new(),
            paragraph_stem_filter: [0; STEM_FILTER_BITS / 64],
            doc_freqs: Vec::new(),
            total_docs: 0,
        }
    }

    /// The question's id for the stem the paragraphs' id `paragraph_stem` stands for, if it is
    /// one of the question's.
    pub(super) fn question_stem(&self, paragraph_stem: u32) -> Option<u32> {
        let bit = paragraph_stem as usize % STEM_FILTER_BITS;
        if self.paragraph_stem_filter[bit / 64] & (1 << (bit % 64)) == 0 {
            return None;
        }
        let ids = &self.paragraph_stem_ids;
        // A question has a few stems: a scan beats a search.
        ids.iter()
            .find(|(paragraphs, _)| *paragraphs == paragraph_stem)
            .map(|&(_, question)| question)
    }

    /// Reads a paragraph's stem `paragraph_stem` as the question's stem `id`.
    pub(super) fn add_paragraph_stem(&mut self, paragraph_stem: u32, id: u32) {
        self.paragraph_stem_ids.push((paragraph_stem, id));
        let bit = paragraph_stem as usize % STEM_FILTER_BITS;
        self.paragraph_stem_filter[bit / 64] |= 1 << (bit % 64);
    }

    /// The id of `stem`, if it is one of the question's.
    pub(super) fn id_of(&self, stem: &str) -> Option<u32> {
        self.stems
            .iter()
            .position(|known| known == stem)
            .map(|id| id as u32)
    }

    pub(super) fn intern(&mut self, stem: &str) -> u32 {
        if let Some(id) = self.id_of(stem) {
            return id;
        }
        self.stems.push(stem.to_owned());
        self.stems.len() as u32 - 1
    }

    pub(super) fn intern_all(&mut self, stems: &[String]) -> Vec<u32> {
        stems.iter().map(|stem| self.intern(stem)).collect()
    }

    /// The kinds of answer `text` holds, when the question asks for any (else none are looked
    /// for).
    pub(super) fn kinds_in(&self, text: &str) -> Vec<Kind> {
        if self.kinds.is_empty() {
            return Vec::new();
        }
        // What could answer: the kinds asked for, and a group of people for a person.
        let mut wanted = self.kinds.clone();
        if wanted.contains(&Kind::Person) {
            wanted.push(Kind::Group);
        }
        if wanted.contains(&Kind::Date) {
            wanted.push(Kind::Day);
        }
        self.language.kinds.found_among(text, &wanted)
    }

    /// True when the question asks for a kind of answer (a person, a date, a place) and
    /// `found` (a text's kinds) holds exactly that kind.
    pub(super) fn holds_asked_kind(&self, found: &[Kind]) -> bool {
        found.iter().any(|kind| self.kinds.contains(kind))
    }

    /// True unless the question asks only for kinds of answer a paragraph must hold
    /// ([`Kind::required`]) and `found` (a text's kinds) holds nothing that could be one (a
    /// group of people can answer "who").
    pub(super) fn could_hold_asked_kind(&self, found: &[Kind]) -> bool {
        self.kinds.iter().any(|kind| !kind.required())
            || self.kinds.is_empty()
            || self
                .kinds
                .iter()
                .any(|asked| found.iter().any(|&kind| asked.answered_by(kind)))
    }

    /// Whether some paragraph holds `concept` in one of its ways.
    pub(super) fn is_known(&self, concept: &Concept) -> bool {
        concept.alternatives.iter().any(|alternative| {
            alternative
                .ids
                .iter()
                .all(|&id| self.doc_freqs[id as usize] > 0)
        })
    }

    /// The question's words that no paragraph holds in any way (no synonym, no correction).
    pub(super) fn unknown_words(&self) -> Vec<String> {
        self.concepts
            .iter()
            .filter(|concept| !concept.typed.is_empty() && !self.is_known(concept))
            .map(|concept| concept.typed.clone())
            .collect()
    }

    /// BM25 IDF of an alternative: the sum over its words, as Tantivy scores phrases.
    pub(super) fn idf(&self, ids: &[u32]) -> f32 {
        ids.iter()
            .map(|&id| idf(self.doc_freqs[id as usize], self.total_docs))
            .sum()
    }
}

/// BM25's inverse document frequency, as Tantivy computes it.
pub(super) fn idf(doc_freq: u64, total: u64) -> f32 {
    let (df, n) = (doc_freq as f32, total as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language;

    #[test]
    fn a_stem_is_interned_once_and_read_back_from_the_paragraphs_id() {
        let mut analysis = Analysis::new(language::DEFAULT);
        let ids = analysis.intern_all(&["memorandum".into(), "sign".into(), "memorandum".into()]);
        assert_eq!(ids, [0, 1, 0]);
        analysis.add_paragraph_stem(70, 1);
        analysis.add_paragraph_stem(12, 0);
        assert_eq!(analysis.question_stem(12), Some(0));
        assert_eq!(analysis.question_stem(70), Some(1));
        assert_eq!(analysis.question_stem(13), None);
    }
}
