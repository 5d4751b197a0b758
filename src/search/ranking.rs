//! The knobs of ranking, and the formula that combines them into a retrieved paragraph's final
//! score. Every knob has a default (what the question set was measured with, see docs/QUALITY.md) and
//! can be overridden in a TOML file: `mou-bot --ranking my.toml eval`.

use anyhow::Context;

use super::analysis::Via;

/// The knobs of ranking, with the values the question set was measured with (docs/QUALITY.md).
/// An operator can override any of them in a TOML file passed with `--ranking FILE`.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Ranking {
    /// Whether questions are expanded with the synonyms file's groups at all.
    pub synonyms: bool,
    /// Weight of a synonym of a typed word or phrase, relative to the typed one.
    pub synonym_weight: f32,
    /// Whether all ways of saying a concept share one rarity (IDF), as in Lucene's
    /// SynonymQuery, instead of each scoring by its own.
    pub shared_synonym_idf: bool,
    /// Weight of a typo correction, relative to a correctly typed word.
    pub typo_weight: f32,
    /// Words shorter than this (in letters) are never corrected: too many near neighbours.
    pub min_typo_chars: usize,
    /// Words at least this long may be corrected by two edits instead of one.
    pub two_typo_chars: usize,
    /// A paragraph holding all of the question's adjacent word pairs side by side has its
    /// score multiplied by 1 + this (a share of them, by a share of it).
    pub phrase_weight: f32,
    /// How much a concept matched only through a typo correction counts toward coverage.
    pub typo_coverage: f32,
    /// The answer must cover at least this share of the question's concepts.
    pub min_coverage: f32,
    /// How much the other matching alternatives of a concept add to its best one (0 = only
    /// the best counts, 1 = all add up).
    pub alternative_tie_breaker: f32,
    /// A paragraph holding the kind of answer the question asks for (a person for "who", a
    /// date for "when", a place for "where") has its score multiplied by 1 + this.
    pub kind_weight: f32,
    /// How strongly coverage scales the score: 0 = not at all, 1 = in proportion.
    pub coverage_weight: f32,
    /// Whether a number that stands on its own in a question (not a year, not beside a month,
    /// in a question that does not ask for a date) is searched for like a word.
    pub bare_numbers: bool,
    /// Whether a paragraph a document marks as a caption answers only questions about the
    /// picture ("photo", "picture" …); it is still searched and shown among the candidates.
    pub captions_answer_only_pictures: bool,
    /// Whether a question that names what it asks about ("the population of …") is answered
    /// only by a paragraph that mentions it; such paragraphs also rank first.
    pub focus_required: bool,
    /// Whether a question that asks for a person, a date, a place or an amount is answered
    /// only by a paragraph that holds one ([`crate::kinds`]).
    pub kinds_required: bool,
    /// How many paragraphs are retrieved and reranked before the best are kept.
    pub rerank_depth: usize,
    /// As `rerank_depth`, for a question that asks for a kind of answer (a person, a date, a
    /// purpose …): the paragraphs its words rank first may hold none, and the one that does
    /// ranks a little lower ("why was it signed?" ranks the signing above the aims).
    pub kind_rerank_depth: usize,
    /// BM25 length pivot for sentences, in words (Lucene's passage scorer uses ~87 chars).
    pub sentence_pivot: f32,
    /// Whether greetings, politeness, thanks and the asker's story are set aside from around
    /// a question before it is searched ([`crate::wrapping`]).
    pub unwrap_questions: bool,
    /// Whether a question asking what something is for ("why", "what for", "the goal") is
    /// also matched by the words in which documents state aims ("aim", "goal", "strategy").
    pub purpose_words: bool,
    /// How much a concept that no paragraph holds in any of its ways (a word the documents
    /// never use, with no synonym or correction they do) weighs in coverage, against 1 for
    /// the others.
    pub unknown_word_weight: f32,
    /// Whether, in a language whose words take many endings, a word no paragraph holds and
    /// no edit mends is matched by the indexed words that start as it does (a form its
    /// stemmer does not bring to the same stem), as a correction.
    pub related_forms: bool,
    /// How much a word carried into a follow-up from the previous question weighs, against 1
    /// for the follow-up's own ("when was it signed?" after a question about MINExpo is about
    /// the signing first).
    pub carried_weight: f32,
}

impl Default for Ranking {
    fn default() -> Self {
        Ranking {
            synonyms: true,
            synonym_weight: 0.8,
            shared_synonym_idf: true,
            typo_weight: 0.6,
            min_typo_chars: 4,
            two_typo_chars: 8,
            phrase_weight: 0.5,
            typo_coverage: 0.75,
            min_coverage: 0.5,
            kind_weight: 0.5,
            coverage_weight: 1.0,
            rerank_depth: 3,
            kind_rerank_depth: 8,
            bare_numbers: false,
            captions_answer_only_pictures: true,
            focus_required: true,
            kinds_required: true,
            alternative_tie_breaker: 0.1,
            sentence_pivot: 15.0,
            unwrap_questions: true,
            purpose_words: true,
            unknown_word_weight: 2.0,
            related_forms: true,
            carried_weight: 0.5,
        }
    }
}

impl Ranking {
    /// Reads overrides of the defaults from a TOML file.
    pub fn load(path: &std::path::Path) -> anyhow::Result<Ranking> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the ranking file {}", path.display()))?;
        toml::from_str(&text).with_context(|| format!("malformed ranking file {}", path.display()))
    }

    /// The final score of a retrieved paragraph: its BM25 score, scaled by how much of the
    /// question it covers, by the share of the question's word pairs it holds side by side,
    /// and by whether it holds the kind of answer asked for.
    pub(crate) fn rerank(
        &self,
        bm25: f32,
        coverage: f32,
        phrase_share: f32,
        has_kind: bool,
    ) -> f32 {
        let coverage_factor = 1.0 - self.coverage_weight + self.coverage_weight * coverage;
        let phrase_factor = 1.0 + self.phrase_weight * phrase_share;
        bm25 * coverage_factor * phrase_factor * self.kind_factor(has_kind)
    }

    /// How much holding the kind of answer asked for multiplies a paragraph's or a sentence's
    /// score.
    pub(super) fn kind_factor(&self, has_kind: bool) -> f32 {
        if has_kind {
            1.0 + self.kind_weight
        } else {
            1.0
        }
    }

    /// How many retrieved paragraphs compete for the answer to a question asking for `kinds`.
    pub(crate) fn rerank_depth_for(&self, kinds: &[crate::kinds::Kind]) -> usize {
        if kinds.is_empty() {
            self.rerank_depth
        } else {
            self.rerank_depth.max(self.kind_rerank_depth)
        }
    }

    /// Weight of an alternative, relative to a word typed right.
    pub(super) fn weight(&self, via: Via) -> f32 {
        match via {
            Via::Typed => 1.0,
            Via::Synonym => self.synonym_weight,
            Via::Typo => self.typo_weight,
        }
    }
}
