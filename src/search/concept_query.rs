//! The query for one concept: the best of its alternatives, plus a little of the others.
//!
//! It scores exactly as Tantivy's `DisjunctionMaxQuery` (the best alternative's score plus
//! `tie_breaker` times the sum of the others'), but merges the alternatives' matches one
//! document at a time. Tantivy runs a disjunction as a buffered union: a window of 4,096 score
//! accumulators (48 KiB) set up and cleared for every concept, on every segment, for every
//! question. A concept has a handful of alternatives, so comparing their current documents is
//! cheaper than that window; on the shipped corpus the window was most of the time spent
//! searching.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, TantivyError, Term};

/// Matches a paragraph when any alternative does.
#[derive(Debug)]
pub(crate) struct ConceptQuery {
    alternatives: Vec<Box<dyn Query>>,
    tie_breaker: Score,
}

impl Clone for ConceptQuery {
    fn clone(&self) -> Self {
        ConceptQuery {
            alternatives: self.alternatives.iter().map(|a| a.box_clone()).collect(),
            tie_breaker: self.tie_breaker,
        }
    }
}

impl ConceptQuery {
    pub fn new(alternatives: Vec<Box<dyn Query>>, tie_breaker: Score) -> Self {
        ConceptQuery {
            alternatives,
            tie_breaker,
        }
    }
}

impl Query for ConceptQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let alternatives = self
            .alternatives
            .iter()
            .map(|alternative| alternative.weight(enable_scoring))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(ConceptWeight {
            alternatives,
            tie_breaker: self.tie_breaker,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for alternative in &self.alternatives {
            alternative.query_terms(visitor);
        }
    }
}

struct ConceptWeight {
    alternatives: Vec<Box<dyn Weight>>,
    tie_breaker: Score,
}

impl Weight for ConceptWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut alternatives = Vec::with_capacity(self.alternatives.len());
        for weight in &self.alternatives {
            let scorer = weight.scorer(reader, boost)?;
            if scorer.doc() != TERMINATED {
                alternatives.push(scorer);
            }
        }
        let mut scorer = ConceptScorer {
            alternatives,
            doc: TERMINATED,
            tie_breaker: self.tie_breaker,
        };
        scorer.settle();
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document {doc} matches no alternative"
            )));
        }
        Ok(Explanation::new(
            "best alternative + tie_breaker × the others",
            scorer.score(),
        ))
    }
}

struct ConceptScorer {
    /// The alternatives that still have documents to give.
    alternatives: Vec<Box<dyn Scorer>>,
    /// The smallest current document among them: the one this scorer is on.
    doc: DocId,
    tie_breaker: Score,
}

impl ConceptScorer {
    /// Drops finished alternatives and moves to the smallest document of the others.
    fn settle(&mut self) -> DocId {
        self.alternatives
            .retain(|alternative| alternative.doc() != TERMINATED);
        self.doc = self
            .alternatives
            .iter()
            .map(|alternative| alternative.doc())
            .min()
            .unwrap_or(TERMINATED);
        self.doc
    }
}

impl DocSet for ConceptScorer {
    fn advance(&mut self) -> DocId {
        let doc = self.doc;
        for alternative in &mut self.alternatives {
            if alternative.doc() == doc {
                alternative.advance();
            }
        }
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for alternative in &mut self.alternatives {
            if alternative.doc() < target {
                alternative.seek(target);
            }
        }
        self.settle()
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.alternatives
            .iter()
            .map(|alternative| alternative.size_hint())
            .fold(0, u32::saturating_add)
    }
}

impl Scorer for ConceptScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        let (mut best, mut sum) = (0.0, 0.0);
        for alternative in &mut self.alternatives {
            if alternative.doc() == doc {
                let score = alternative.score();
                best = Score::max(best, score);
                sum += score;
            }
        }
        best + (sum - best) * self.tie_breaker
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::query::{BoostQuery, DisjunctionMaxQuery, TermQuery};
    use tantivy::schema::{IndexRecordOption, STORED, Schema, TEXT};
    use tantivy::{Index, doc};

    /// Scores every paragraph of a small index with both queries: they must agree on which
    /// paragraphs match and on every score, in every segment.
    #[test]
    fn scores_as_tantivys_disjunction_max_query() {
        let mut builder = Schema::builder();
        let text = builder.add_text_field("text", TEXT | STORED);
        let index = Index::create_in_ram(builder.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let paragraphs = [
            "deal signed in tashkent",
            "the agreement is a deal",
            "memorandum memorandum agreement",
            "nothing relevant here",
            "agreement",
            "a deal a deal a deal",
        ];
        for (i, paragraph) in paragraphs.iter().enumerate() {
            writer.add_document(doc!(text => *paragraph)).unwrap();
            if i == 2 {
                writer.commit().unwrap(); // a second segment
            }
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 2);

        let alternatives = || -> Vec<Box<dyn Query>> {
            ["deal", "agreement", "memorandum", "absent"]
                .iter()
                .zip([1.0, 0.8, 0.5, 0.7])
                .map(|(word, boost)| {
                    let term = TermQuery::new(
                        Term::from_field_text(text, word),
                        IndexRecordOption::WithFreqs,
                    );
                    Box::new(BoostQuery::new(Box::new(term), boost)) as Box<dyn Query>
                })
                .collect()
        };
        let top = TopDocs::with_limit(10).order_by_score();
        let ours = searcher
            .search(&ConceptQuery::new(alternatives(), 0.1), &top)
            .unwrap();
        let theirs = searcher
            .search(
                &DisjunctionMaxQuery::with_tie_breaker(alternatives(), 0.1),
                &top,
            )
            .unwrap();
        assert_eq!(ours.len(), 5);
        assert_eq!(ours.len(), theirs.len());
        for ((our_score, our_doc), (their_score, their_doc)) in ours.iter().zip(&theirs) {
            assert_eq!(our_doc, their_doc);
            assert!(
                (our_score - their_score).abs() < 1e-6,
                "{ours:?} vs {theirs:?}"
            );
        }
    }

    #[test]
    fn explains_a_match_and_refuses_a_non_match() {
        let mut builder = Schema::builder();
        let text = builder.add_text_field("text", TEXT);
        let index = Index::create_in_ram(builder.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer.add_document(doc!(text => "deal")).unwrap();
        writer.add_document(doc!(text => "other")).unwrap();
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let query = ConceptQuery::new(
            vec![Box::new(TermQuery::new(
                Term::from_field_text(text, "deal"),
                IndexRecordOption::WithFreqs,
            ))],
            0.1,
        );
        let weight = query
            .weight(EnableScoring::enabled_from_searcher(&searcher))
            .unwrap();
        let segment = &searcher.segment_readers()[0];
        assert!(weight.explain(segment, 0).unwrap().value() > 0.0);
        assert!(weight.explain(segment, 1).is_err());
    }
}
