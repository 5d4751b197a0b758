//! The answer path over one index snapshot: an analysed question becomes a Tantivy query;
//! the paragraphs it retrieves are read against the analysis ([`super::passage`]), ranked
//! ([`Ranking::rerank`], then the orderings below), and the best one's answering sentence is
//! marked. Nothing here calls back into the analysis: it flows one way.

use anyhow::Context;
use tantivy::Term;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;

use super::outcome::{Original, Outcome, Passage, SetAside};
use super::passage::{
    self, best_sentence, coverage, highlights, marks, match_concepts, phrase_share,
    sentence_weights,
};
use super::prepared::PreparedSynonyms;
use super::query::{KnownStatistics, build_query};
use super::question::analyse;
use super::ranking::Ranking;
use super::tokens::{Token, tokens};
use crate::index::{self, Snapshot};
use crate::kinds::Kind;
use crate::language::Language;

/// A question to answer, cut into tokens: those from `carried_from` on are the previous
/// question's topic; `kinds`, when given, the kinds of answer asked instead of the question's
/// own.
pub(super) struct Asked<'a> {
    pub(super) question: &'a str,
    pub(super) tokens: Vec<Token>,
    pub(super) carried_from: usize,
    pub(super) kinds: Option<&'a [Kind]>,
    pub(super) top: usize,
    pub(super) language: &'static Language,
}

/// A retrieved paragraph while it is ranked.
struct Candidate {
    set_aside: Option<SetAside>,
    /// Whether it holds a kind of answer the question asks for.
    holds_kind: bool,
    /// Whether it answers "when" down to the day.
    precise: bool,
    official: bool,
    language: &'static str,
    translation_of: Option<Original>,
    score: f32,
    coverage: f32,
    stored: index::StoredParagraph,
    url: Option<String>,
    /// Its words, read against the question.
    marks: passage::Marks,
}

/// Answers `asked` among the paragraphs of `snapshot` in its language: the question analysed,
/// the query built from the analysis, the paragraphs retrieved, read against the analysis and
/// ranked, and the answer's sentence marked.
pub(super) fn answer(
    snapshot: &Snapshot,
    synonyms: &PreparedSynonyms,
    ranking: &Ranking,
    asked: Asked<'_>,
) -> anyhow::Result<Outcome> {
    let Asked {
        question,
        tokens: question_tokens,
        carried_from,
        kinds,
        top,
        language,
    } = asked;
    let analysis = analyse(
        question_tokens,
        carried_from,
        kinds,
        language,
        snapshot,
        synonyms,
        ranking,
    )?;
    let mut outcome = Outcome {
        question: question.to_owned(),
        searched: None,
        candidates: Vec::new(),
        answered: false,
        focus: analysis.focus_word.clone(),
        answer_kinds: analysis.kinds.clone(),
        unknown_words: analysis.unknown_words(),
        language,
        via_glossary: None,
        small_talk: None,
        info: snapshot.info.clone(),
    };
    let Some(query) = build_query(&analysis, snapshot, ranking) else {
        return Ok(outcome);
    };
    // Retrieve at least the reranking depth, so reranking can lift a better one into view.
    let rerank_depth = ranking.rerank_depth_for(&analysis.kinds);
    let depth = top.max(1).max(rerank_depth);
    let statistics = KnownStatistics {
        snapshot,
        analysis: &analysis,
    };
    let hits = snapshot.searcher.search_with_statistics_provider(
        &query,
        &TopDocs::with_limit(depth).order_by_score(),
        &statistics,
    )?;
    let mut scored = Vec::with_capacity(hits.len());
    for (bm25, address) in hits {
        let stored = snapshot.stored_paragraph(address)?;
        let document = snapshot.info.documents.get(stored.document);
        let marks = marks(&stored.words, &stored.text, &stored.sentences, &analysis)
            .context("the index's paragraph file is damaged — run `mou-bot reindex`")?;
        let matched = match_concepts(&analysis, &marks.marks);
        let coverage = coverage(&analysis, &matched, ranking);
        let kinds = analysis.kinds_in(&stored.text);
        let has_kind = analysis.holds_asked_kind(&kinds);
        let phrases = phrase_share(&analysis, &marks.marks);
        let score = ranking.rerank(bm25, coverage, phrases, has_kind);
        let misses_focus = analysis.focus.is_some_and(|focus| matched[focus].is_none());
        // A caption is searched like any paragraph, but it describes the photo, not the
        // news: it answers only a question about the picture.
        let is_caption = document.is_some_and(|d| d.meta.captions.contains(&stored.paragraph));
        let lacks_kind = ranking.kinds_required && !analysis.could_hold_asked_kind(&kinds);
        let set_aside = if misses_focus {
            Some(SetAside::MissesFocus)
        } else if lacks_kind {
            Some(SetAside::LacksAnswerKind)
        } else if ranking.captions_answer_only_pictures && is_caption && !analysis.about_a_picture {
            Some(SetAside::Caption)
        } else {
            None
        };
        let translation_of = document
            .and_then(|d| d.meta.translation_of.as_deref())
            .and_then(|original| snapshot.info.document(original))
            .map(|original| Original {
                doc_id: original.id.clone(),
                title: original.meta.title.clone(),
                url: original.meta.url.clone(),
                paragraph: stored.paragraph,
                text: None,
            });
        scored.push(Candidate {
            set_aside,
            holds_kind: has_kind,
            precise: analysis.kinds.contains(&Kind::Date) && kinds.contains(&Kind::Day),
            official: document.is_none_or(|d| d.meta.official),
            language: analysis.language.code,
            translation_of,
            score,
            coverage,
            url: document.and_then(|d| d.meta.url.clone()),
            stored,
            marks,
        });
    }
    // Only the first `rerank_depth` hits compete for the answer, however many candidates
    // were asked for: so `eval` (which asks for ten) judges the answer the bot gives.
    // Those set aside go after the others.
    let head = rerank_depth.min(scored.len());
    // A paragraph that could answer and holds the kind asked for ranks before one that
    // only could: "why was it signed?" is answered by a stated aim when one is there,
    // though a reason (which no pattern finds) lets the others answer too.
    // (Only at the best coverage among those that could answer: a stated aim does not
    // outrank a paragraph that says more of what was asked.)
    let min_coverage = ranking.min_coverage;
    let best_coverage = scored[..head]
        .iter()
        .filter(|c| c.set_aside.is_none())
        .map(|c| c.coverage)
        .fold(0.0_f32, f32::max);
    let at_best = |c: &Candidate| c.coverage >= min_coverage && c.coverage >= best_coverage;
    let preferred = |c: &Candidate| c.holds_kind && at_best(c);
    // And a day before a month or a year: "September 16" answers "when" better than
    // "mid-September 2024".
    let precise = |c: &Candidate| c.precise && at_best(c);
    let order = |a: &Candidate, b: &Candidate| {
        a.set_aside
            .is_some()
            .cmp(&b.set_aside.is_some())
            .then(preferred(b).cmp(&preferred(a)))
            .then(precise(b).cmp(&precise(a)))
            .then(b.score.total_cmp(&a.score))
    };
    let (reranked, rest) = scored.split_at_mut(head);
    reranked.sort_by(order);
    rest.sort_by(order);
    let best_set_aside = scored.first().is_some_and(|best| best.set_aside.is_some());
    scored.truncate(top.max(1));
    let weights = sentence_weights(&analysis, ranking);
    for Candidate {
        holds_kind: _,
        precise: _,
        score,
        coverage,
        stored,
        url,
        marks,
        set_aside,
        official,
        language,
        translation_of,
    } in scored
    {
        let highlights = highlights(&analysis, &marks.marks, &stored.text);
        let sentence = best_sentence(
            &weights,
            &analysis,
            &marks,
            &stored.text,
            &stored.sentences,
            ranking,
        );
        outcome.candidates.push(Passage {
            doc_id: stored.doc_id,
            title: stored.title,
            url,
            paragraph: stored.paragraph,
            text: stored.text,
            score,
            coverage,
            highlights,
            sentence,
            set_aside,
            official,
            language,
            translation_of,
        });
    }
    // The answer's original text, when it is a translation: one more stored paragraph read.
    if let Some(original) = outcome
        .candidates
        .first_mut()
        .and_then(|best| best.translation_of.as_mut())
    {
        original.text = snapshot.paragraph_text(&original.doc_id, original.paragraph)?;
    }
    outcome.answered = !best_set_aside
        && outcome
            .candidates
            .first()
            .is_some_and(|best| best.coverage >= ranking.min_coverage);
    Ok(outcome)
}

/// The engine's floor, for benchmarks only: the question's content words as a plain
/// disjunction of term queries, top `top` by BM25, nothing fetched or ranked further.
/// Returns how many paragraphs were found.
pub(super) fn bare_search(
    snapshot: &Snapshot,
    question: &str,
    language: &'static Language,
    top: usize,
) -> anyhow::Result<usize> {
    let field = snapshot.fields.of(language).text;
    let clauses: Vec<(Occur, Box<dyn Query>)> = tokens(question, language)
        .into_iter()
        .filter(|t| !language.is_stop_word(&t.plain))
        .map(|t| {
            let term = Term::from_field_text(field, &t.stem);
            let query: Box<dyn Query> =
                Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
            (Occur::Should, query)
        })
        .collect();
    let query = BooleanQuery::new(clauses);
    let hits = snapshot
        .searcher
        .search(&query, &TopDocs::with_limit(top.max(1)).order_by_score())?;
    Ok(hits.len())
}
