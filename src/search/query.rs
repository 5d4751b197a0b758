//! The Tantivy query for an analysed question, and the BM25 statistics it is scored with.
//!
//! The query is built in code, never parsed from user text: one clause per concept, whose
//! alternatives are merged by [`ConceptQuery`] (a concept counts once, by its best way of being
//! said) and share one rarity when [`Ranking::shared_synonym_idf`] is on. Phrases and answer
//! kinds stay out of it and are scored on the few paragraphs it returns, which keeps the query
//! a plain disjunction of terms: what Tantivy evaluates fastest (Block-WAND).

use tantivy::Term;
use tantivy::query::{
    Bm25StatisticsProvider, BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

use super::analysis::{Analysis, Concept, idf};
use super::concept_query::ConceptQuery;
use super::ranking::Ranking;
use crate::index::Snapshot;

/// BM25's statistics from what the analysis already looked up, so that building the query
/// does not search the term dictionaries a second time for the same words.
pub(super) struct KnownStatistics<'a> {
    pub(super) snapshot: &'a Snapshot,
    pub(super) analysis: &'a Analysis,
}

impl Bm25StatisticsProvider for KnownStatistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let language = self.analysis.language;
        if field == self.snapshot.fields.of(language).text {
            Ok(self.snapshot.statistics(language).tokens)
        } else {
            self.snapshot.searcher.total_num_tokens(field)
        }
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.analysis.total_docs)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let value = term.value();
        let known = (term.field() == self.snapshot.fields.of(self.analysis.language).text)
            .then(|| value.as_str())
            .flatten()
            .and_then(|stem| self.analysis.id_of(stem))
            .map(|id| self.analysis.doc_freqs[id as usize]);
        match known {
            Some(doc_freq) => Ok(doc_freq),
            None => self.snapshot.searcher.doc_freq(term),
        }
    }
}

/// The query for `analysis`: `None` when no concept can match anything.
pub(super) fn build_query(
    analysis: &Analysis,
    snapshot: &Snapshot,
    ranking: &Ranking,
) -> Option<Box<dyn Query>> {
    let field = snapshot.fields.of(analysis.language).text;
    let words = |ids: &[u32], weight: f32| -> Option<Box<dyn Query>> {
        let term = |id: &u32| Term::from_field_text(field, &analysis.stems[*id as usize]);
        let query: Box<dyn Query> = match ids {
            [] => return None,
            [id] => Box::new(TermQuery::new(term(id), IndexRecordOption::WithFreqs)),
            _ => Box::new(PhraseQuery::new(ids.iter().map(term).collect())),
        };
        // A boost keeps a term query a term query inside Tantivy, so Block-WAND still applies.
        Some(Box::new(BoostQuery::new(query, weight)))
    };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for concept in &analysis.concepts {
        // All ways of saying a concept share one rarity, as in Lucene's SynonymQuery: a
        // paragraph saying "MoU" (rare) must not beat one saying "agreement" (common) for a
        // question about "the deal" merely because the rarer synonym scores higher.
        let shared_idf = shared_idf(analysis, concept, ranking);
        let mut alternatives: Vec<Box<dyn Query>> = concept
            .alternatives
            .iter()
            // A word no paragraph contains matches nothing; leaving it out keeps the query a
            // plain disjunction of terms where possible, which Tantivy evaluates fastest.
            .filter(|a| a.ids.iter().all(|&id| analysis.doc_freqs[id as usize] > 0))
            .filter_map(|a| {
                let own_idf = analysis.idf(&a.ids);
                let rescale = match shared_idf {
                    Some(shared) if own_idf > 0.0 => shared / own_idf,
                    _ => 1.0,
                };
                let carried = if concept.carried {
                    ranking.carried_weight
                } else {
                    1.0
                };
                words(&a.ids, ranking.weight(a.via) * rescale * carried)
            })
            .collect();
        // A concept counts once, by its best alternative: "Memorandum of Understanding (MoU)"
        // must not outscore a paragraph that says "agreement" just by naming it three ways.
        let query = match alternatives.len() {
            0 => continue,
            1 => alternatives.remove(0),
            _ => Box::new(ConceptQuery::new(
                alternatives,
                ranking.alternative_tie_breaker,
            )),
        };
        clauses.push((Occur::Should, query));
    }
    (!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
}

/// The one rarity all ways of saying `concept` score with, when they share one
/// ([`Ranking::shared_synonym_idf`]): the IDF of their combined document frequency.
pub(super) fn shared_idf(analysis: &Analysis, concept: &Concept, ranking: &Ranking) -> Option<f32> {
    if !ranking.shared_synonym_idf || concept.alternatives.len() < 2 {
        return None;
    }
    let union: u64 = concept
        .alternatives
        .iter()
        .map(|a| {
            a.ids
                .iter()
                .map(|&id| analysis.doc_freqs[id as usize])
                .min()
                .unwrap_or(0)
        })
        .sum();
    Some(idf(union.min(analysis.total_docs), analysis.total_docs))
}
