//! Search: a question in, ranked passages and one decision out.
//!
//! The question is analysed like the paragraphs and turned into *concepts*: each content word
//! the user typed, or a synonym group one of its phrases belongs to. A concept is matched by
//! any of its *alternatives*: the typed word (weight 1), the other members of its synonym group
//! ([`Ranking::synonym_weight`]), or, for a word the index has never seen, the nearest words it
//! has within one or two edits ([`Ranking::typo_weight`]). Adjacent typed words also count as a
//! phrase ([`Ranking::phrase_weight`]). The query is built in code from these terms: user text
//! never reaches a query parser, so `text:foo AND (` is only words.
//!
//! Tantivy ranks the paragraphs with BM25. The best one is the answer when it covers enough of
//! the question's concepts ([`Ranking::min_coverage`]); otherwise the bot declines. Inside the
//! answer, each sentence is scored as a tiny BM25 document and the best is marked.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, Mutex};

use anyhow::Context;

use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, BoostQuery, DisjunctionMaxQuery, FuzzyTermQuery, Occur, PhraseQuery, Query,
    TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use tantivy::{TantivyDocument, Term};

use crate::index::{self, IndexInfo, SearchIndex, Snapshot};
use crate::kinds::{self, Kind};
use crate::paragraphs;

/// Questions longer than this are read only up to here: nobody's question is longer, and the
/// work per question stays bounded.
pub const MAX_QUESTION_CHARS: usize = 1_000;

/// At most this many concepts are searched for; the rest of a very long question is ignored.
const MAX_CONCEPTS: usize = 24;

/// Words that carry no content in a question. Besides English function words this lists
/// question words, politeness and chat spellings ("wat", "wen", "pls"), which people type to a
/// bot but which say nothing about what they want to find.
const STOP_WORDS: &[&str] = &[
    "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "anything",
    "are", "as", "at", "be", "been", "before", "being", "both", "but", "by", "can", "could", "d",
    "did", "do", "does", "doing", "done", "during", "each", "else", "etc", "ever", "every",
    "explain", "few", "for", "from", "further", "get", "give", "got", "had", "has", "have",
    "having", "he", "hello", "her", "here", "hers", "hey", "hi", "him", "his", "how", "hw", "i",
    "if", "in", "into", "is", "it", "its", "itself", "just", "know", "let", "ll", "m", "may", "me",
    "might", "more", "most", "much", "must", "my", "no", "nor", "not", "now", "of", "off", "ok",
    "okay", "on", "once", "only", "or", "other", "our", "ours", "out", "over", "please", "pls",
    "plz", "r", "re", "s", "shall", "she", "should", "so", "some", "such", "t", "tell", "than",
    "thank", "thanks", "that", "the", "their", "theirs", "them", "then", "there", "these", "they",
    "thing", "things", "this", "those", "through", "to", "too", "u", "under", "until", "up", "ur",
    "us", "ve", "very", "wanna", "want", "was", "wat", "we", "wen", "were", "what", "whats",
    "when", "where", "whether", "which", "while", "who", "whom", "whose", "wht", "why", "will",
    "with", "would", "wut", "y", "ya", "yes", "you", "your", "yours",
];

/// The knobs of ranking, with the values the question set was measured with (see README).
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
    /// Extra weight of two typed words found next to each other.
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
    /// How many paragraphs are retrieved and reranked before the best are kept.
    pub rerank_depth: usize,
    /// BM25 length pivot for sentences, in words (Lucene's passage scorer uses ~87 chars).
    pub sentence_pivot: f32,
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
            rerank_depth: 10,
            alternative_tie_breaker: 0.1,
            sentence_pivot: 15.0,
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
    /// question it covers and by whether it holds the kind of answer asked for.
    pub fn rerank(&self, bm25: f32, coverage: f32, has_kind: bool) -> f32 {
        let coverage_factor = 1.0 - self.coverage_weight + self.coverage_weight * coverage;
        let kind_factor = if has_kind {
            1.0 + self.kind_weight
        } else {
            1.0
        };
        bm25 * coverage_factor * kind_factor
    }
}

/// One paragraph found for a question.
#[derive(Debug, Clone, PartialEq)]
pub struct Passage {
    pub doc_id: String,
    pub title: String,
    pub url: Option<String>,
    pub paragraph: u32,
    pub text: String,
    /// The BM25 score of the whole query.
    pub score: f32,
    /// Share of the question's concepts this paragraph contains (0–1).
    pub coverage: f32,
    /// Byte ranges of `text` holding matched words, in order, not overlapping.
    pub highlights: Vec<Range<usize>>,
    /// Byte range of `text` holding the sentence that answers best.
    pub sentence: Range<usize>,
}

impl Passage {
    pub fn sentence_text(&self) -> &str {
        self.text.get(self.sentence.clone()).unwrap_or_default()
    }
}

/// The result for one question: ranked candidates, and whether the first is the answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub question: String,
    pub candidates: Vec<Passage>,
    pub answered: bool,
}

impl Outcome {
    pub fn answer(&self) -> Option<&Passage> {
        self.candidates.first().filter(|_| self.answered)
    }
}

/// How an alternative relates to what the user typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Via {
    Typed,
    Synonym,
    Typo,
}

/// One way a concept can appear in a paragraph: a stemmed word, or a phrase of them.
#[derive(Debug, Clone, PartialEq)]
struct Alternative {
    stems: Vec<String>,
    via: Via,
}

#[derive(Debug, Clone, Default)]
struct Concept {
    alternatives: Vec<Alternative>,
}

/// The question as concepts and phrases, ready to query and to match paragraphs against.
#[derive(Debug, Default)]
struct Analysis {
    concepts: Vec<Concept>,
    phrases: Vec<Vec<String>>,
    kinds: Vec<Kind>,
}

/// A synonym group member, analysed once per index build.
#[derive(Debug)]
struct Member {
    plain: Vec<String>,
    stems: Vec<String>,
    /// Members that are stop words ("US") match only when typed as written, so "tell us"
    /// does not mean the United States.
    exact_case: Option<Vec<String>>,
}

#[derive(Debug)]
struct PreparedSynonyms {
    info: Arc<IndexInfo>,
    groups: Vec<Vec<Member>>,
}

/// A token of analysed text with its place in the original.
#[derive(Debug, Clone)]
struct Token {
    stem: String,
    plain: String,
    typed: String,
    offsets: Range<usize>,
}

/// The answer path shared by `ask`, `eval`, `bench` and the bot.
pub struct Answerer {
    index: SearchIndex,
    ranking: Ranking,
    synonyms: Mutex<Option<Arc<PreparedSynonyms>>>,
}

impl std::fmt::Debug for Answerer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Answerer")
            .field("index", &self.index)
            .field("ranking", &self.ranking)
            .finish()
    }
}

impl Answerer {
    pub fn new(index: SearchIndex, ranking: Ranking) -> Self {
        Answerer {
            index,
            ranking,
            synonyms: Mutex::new(None),
        }
    }

    pub fn index(&self) -> &SearchIndex {
        &self.index
    }

    pub fn ranking(&self) -> &Ranking {
        &self.ranking
    }

    /// Facts about the index currently served.
    pub fn info(&self) -> Arc<IndexInfo> {
        self.index.snapshot().info
    }

    /// Finds the `top` best paragraphs for `question` and decides whether the first answers it.
    pub fn answer(&self, question: &str, top: usize) -> anyhow::Result<Outcome> {
        let snapshot = self.index.snapshot();
        let synonyms = self.prepared_synonyms(&snapshot.info);
        let question_text: String = question.chars().take(MAX_QUESTION_CHARS).collect();
        let analysis = analyse(&question_text, &snapshot, &synonyms, &self.ranking)?;
        let mut outcome = Outcome {
            question: question.to_owned(),
            candidates: Vec::new(),
            answered: false,
        };
        let Some(query) = build_query(&analysis, &snapshot, &self.ranking) else {
            return Ok(outcome);
        };
        // Retrieve a few more than asked for, so reranking can lift a better one into view.
        let depth = top.max(1).max(self.ranking.rerank_depth);
        let hits = snapshot
            .searcher
            .search(&query, &TopDocs::with_limit(depth).order_by_score())?;
        let mut analyzer = index::analyzer();
        let mut scored = Vec::with_capacity(hits.len());
        for (bm25, address) in hits {
            let doc: TantivyDocument = snapshot.searcher.doc(address)?;
            let stored = snapshot.stored_paragraph(&doc);
            let tokens = tokens(&mut analyzer, &stored.text);
            let matched = match_concepts(&analysis, &tokens);
            let coverage = coverage(&analysis, &matched, &self.ranking);
            let has_kind = !analysis.kinds.is_empty()
                && kinds::found_in(&stored.text)
                    .iter()
                    .any(|kind| analysis.kinds.contains(kind));
            let score = self.ranking.rerank(bm25, coverage, has_kind);
            scored.push((score, coverage, stored, tokens));
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        scored.truncate(top.max(1));
        for (score, coverage, stored, tokens) in scored {
            let url = snapshot
                .info
                .document(&stored.doc_id)
                .and_then(|d| d.meta.url.clone());
            let highlights = highlights(&analysis, &tokens, &stored.text);
            let sentence =
                best_sentence(&analysis, &tokens, &stored.text, &snapshot, &self.ranking);
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
            });
        }
        outcome.answered = outcome
            .candidates
            .first()
            .is_some_and(|best| best.coverage >= self.ranking.min_coverage);
        Ok(outcome)
    }

    fn prepared_synonyms(&self, info: &Arc<IndexInfo>) -> Arc<PreparedSynonyms> {
        let mut cached = self
            .synonyms
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        if let Some(prepared) = cached.as_ref()
            && Arc::ptr_eq(&prepared.info, info)
        {
            return Arc::clone(prepared);
        }
        let prepared = Arc::new(prepare_synonyms(info));
        *cached = Some(Arc::clone(&prepared));
        prepared
    }
}

fn is_stop_word(plain: &str) -> bool {
    STOP_WORDS.binary_search(&plain).is_ok()
}

/// Analyses `text` into tokens carrying stem, unstemmed form and original spelling.
fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        let token = stream.token();
        out.push(Token {
            stem: token.text.clone(),
            plain: String::new(),
            typed: text
                .get(token.offset_from..token.offset_to)
                .unwrap_or_default()
                .to_owned(),
            offsets: token.offset_from..token.offset_to,
        });
    }
    let mut plain = index::plain_analyzer();
    let mut stream = plain.token_stream(text);
    let mut i = 0;
    while stream.advance() {
        if let Some(token) = out.get_mut(i) {
            token.plain = stream.token().text.clone();
        }
        i += 1;
    }
    out
}

fn prepare_synonyms(info: &Arc<IndexInfo>) -> PreparedSynonyms {
    let mut analyzer = index::analyzer();
    let groups = info
        .synonyms
        .groups
        .iter()
        .map(|group| {
            group
                .iter()
                .filter_map(|member| {
                    let tokens = tokens(&mut analyzer, member);
                    if tokens.is_empty() {
                        return None;
                    }
                    let all_stop = tokens.iter().all(|t| is_stop_word(&t.plain));
                    Some(Member {
                        plain: tokens.iter().map(|t| t.plain.clone()).collect(),
                        stems: tokens.iter().map(|t| t.stem.clone()).collect(),
                        exact_case: all_stop
                            .then(|| tokens.iter().map(|t| t.typed.clone()).collect()),
                    })
                })
                .collect()
        })
        .collect();
    PreparedSynonyms {
        info: Arc::clone(info),
        groups,
    }
}

/// Finds where `member` occurs in the question's tokens.
fn occurrences(member: &Member, question: &[Token]) -> Vec<Range<usize>> {
    let n = member.plain.len();
    if n == 0 || n > question.len() {
        return Vec::new();
    }
    (0..=question.len() - n)
        .filter(|&start| {
            let window = &question[start..start + n];
            match &member.exact_case {
                Some(typed) => window.iter().zip(typed).all(|(t, m)| t.typed == *m),
                None => window.iter().zip(&member.plain).all(|(t, m)| t.plain == *m),
            }
        })
        .map(|start| start..start + n)
        .collect()
}

fn analyse(
    question: &str,
    snapshot: &Snapshot,
    synonyms: &PreparedSynonyms,
    ranking: &Ranking,
) -> anyhow::Result<Analysis> {
    let mut analyzer = index::analyzer();
    let question_tokens = tokens(&mut analyzer, question);
    let mut covered = vec![false; question_tokens.len()];
    let mut analysis = Analysis::default();

    // Synonym groups first: a group any of whose members was typed becomes one concept.
    let groups: &[Vec<Member>] = if ranking.synonyms {
        &synonyms.groups
    } else {
        &[]
    };
    for group in groups {
        let mut typed_members = HashSet::new();
        for (index, member) in group.iter().enumerate() {
            for range in occurrences(member, &question_tokens) {
                typed_members.insert(index);
                covered[range].iter_mut().for_each(|c| *c = true);
            }
        }
        if typed_members.is_empty() {
            continue;
        }
        let mut concept = Concept::default();
        for (index, member) in group.iter().enumerate() {
            let via = if typed_members.contains(&index) {
                Via::Typed
            } else {
                Via::Synonym
            };
            push_alternative(&mut concept, member.stems.clone(), via);
        }
        analysis.concepts.push(concept);
    }

    // Then each other content word, corrected when the index has never seen it.
    let mut seen = HashSet::new();
    for (token, covered) in question_tokens.iter().zip(&covered) {
        if *covered
            || is_stop_word(&token.plain)
            || kinds::is_kind_word(&token.plain)
            || !seen.insert(token.stem.clone())
        {
            continue;
        }
        let mut concept = Concept::default();
        push_alternative(&mut concept, vec![token.stem.clone()], Via::Typed);
        let known = snapshot
            .searcher
            .doc_freq(&Term::from_field_text(snapshot.fields.text, &token.stem))?
            > 0;
        if !known {
            for correction in corrections(&token.plain, snapshot, ranking)? {
                let stem = stem_of(&mut analyzer, &correction);
                push_alternative(&mut concept, vec![stem], Via::Typo);
                // A corrected word brings its synonyms, as if it had been typed right.
                for group in groups {
                    if group.iter().any(|m| m.plain == [correction.as_str()]) {
                        for member in group {
                            push_alternative(&mut concept, member.stems.clone(), Via::Typo);
                        }
                    }
                }
            }
        }
        analysis.concepts.push(concept);
    }
    analysis.concepts.truncate(MAX_CONCEPTS);

    analysis.kinds = kinds::asked_for(question_tokens.iter().map(|t| t.plain.as_str()));

    // Adjacent typed content words, as a phrase.
    for pair in question_tokens.windows(2) {
        if pair.iter().all(|t| !is_stop_word(&t.plain)) && pair[0].stem != pair[1].stem {
            analysis
                .phrases
                .push(pair.iter().map(|t| t.stem.clone()).collect());
        }
    }
    analysis.phrases.truncate(MAX_CONCEPTS);
    Ok(analysis)
}

fn push_alternative(concept: &mut Concept, stems: Vec<String>, via: Via) {
    if !concept.alternatives.iter().any(|a| a.stems == stems) {
        concept.alternatives.push(Alternative { stems, via });
    }
}

fn stem_of(analyzer: &mut TextAnalyzer, word: &str) -> String {
    let mut stream = analyzer.token_stream(word);
    if stream.advance() {
        stream.token().text.clone()
    } else {
        word.to_owned()
    }
}

/// The indexed words nearest to an unknown word: fewest edits first, then the most frequent.
fn corrections(word: &str, snapshot: &Snapshot, ranking: &Ranking) -> anyhow::Result<Vec<String>> {
    let chars = word.chars().count();
    if chars < ranking.min_typo_chars || word.chars().any(|c| c.is_ascii_digit()) {
        return Ok(Vec::new());
    }
    let max_distance: u8 = if chars >= ranking.two_typo_chars {
        2
    } else {
        1
    };
    let field = snapshot.fields.text_plain;
    let fuzzy = FuzzyTermQuery::new(Term::from_field_text(field, word), max_distance, true);
    let mut found: HashMap<String, u64> = HashMap::new();
    for segment in snapshot.searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted.terms().search(fuzzy.automaton()?).into_stream()?;
        while stream.advance() {
            if let Ok(term) = std::str::from_utf8(stream.key()) {
                *found.entry(term.to_owned()).or_default() += u64::from(stream.value().doc_freq);
            }
        }
    }
    let mut ranked: Vec<(usize, std::cmp::Reverse<u64>, String)> = found
        .into_iter()
        .filter(|(term, _)| !is_stop_word(term))
        .map(|(term, freq)| {
            (
                strsim::damerau_levenshtein(word, &term),
                std::cmp::Reverse(freq),
                term,
            )
        })
        .collect();
    ranked.sort();
    let best = ranked.first().map(|(distance, _, _)| *distance);
    Ok(ranked
        .into_iter()
        .take_while(|(distance, _, _)| Some(*distance) == best)
        .take(2)
        .map(|(_, _, term)| term)
        .collect())
}

fn build_query(
    analysis: &Analysis,
    snapshot: &Snapshot,
    ranking: &Ranking,
) -> Option<Box<dyn Query>> {
    let field = snapshot.fields.text;
    let weight_of = |via| match via {
        Via::Typed => 1.0,
        Via::Synonym => ranking.synonym_weight,
        Via::Typo => ranking.typo_weight,
    };
    let words = |stems: &[String], weight: f32| -> Option<Box<dyn Query>> {
        let query: Box<dyn Query> = match stems {
            [] => return None,
            [stem] => Box::new(TermQuery::new(
                Term::from_field_text(field, stem),
                IndexRecordOption::WithFreqs,
            )),
            _ => Box::new(PhraseQuery::new(
                stems
                    .iter()
                    .map(|s| Term::from_field_text(field, s))
                    .collect(),
            )),
        };
        // A boost keeps a term query a term query inside Tantivy, so Block-WAND still applies.
        Some(Box::new(BoostQuery::new(query, weight)))
    };
    let searcher = &snapshot.searcher;
    let total = searcher.num_docs();
    let df = |stem: &String| {
        searcher
            .doc_freq(&Term::from_field_text(field, stem))
            .unwrap_or(0)
    };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for concept in &analysis.concepts {
        // All ways of saying a concept share one rarity, as in Lucene's SynonymQuery: a
        // paragraph saying "MoU" (rare) must not beat one saying "agreement" (common) for a
        // question about "the deal" merely because the rarer synonym scores higher.
        let concept_idf = if ranking.shared_synonym_idf && concept.alternatives.len() > 1 {
            let union: u64 = concept
                .alternatives
                .iter()
                .map(|a| a.stems.iter().map(df).min().unwrap_or(0))
                .sum();
            Some(idf(union.min(total), total))
        } else {
            None
        };
        let mut alternatives: Vec<Box<dyn Query>> = concept
            .alternatives
            .iter()
            .filter_map(|a| {
                let own_idf: f32 = a.stems.iter().map(|s| idf(df(s), total)).sum();
                let rescale = match concept_idf {
                    Some(shared) if own_idf > 0.0 => shared / own_idf,
                    _ => 1.0,
                };
                words(&a.stems, weight_of(a.via) * rescale)
            })
            .collect();
        // A concept counts once, by its best alternative: "Memorandum of Understanding (MoU)"
        // must not outscore a paragraph that says "agreement" just by naming it three ways.
        let query = match alternatives.len() {
            0 => continue,
            1 => alternatives.remove(0),
            _ => Box::new(DisjunctionMaxQuery::with_tie_breaker(
                alternatives,
                ranking.alternative_tie_breaker,
            )),
        };
        clauses.push((Occur::Should, query));
    }
    if clauses.is_empty() {
        return None;
    }
    if ranking.phrase_weight > 0.0 {
        for phrase in &analysis.phrases {
            clauses.extend(words(phrase, ranking.phrase_weight).map(|q| (Occur::Should, q)));
        }
    }
    Some(Box::new(BooleanQuery::new(clauses)))
}

/// BM25's inverse document frequency, as Tantivy computes it.
fn idf(doc_freq: u64, total: u64) -> f32 {
    let (df, n) = (doc_freq as f32, total as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// Where `stems` occurs in `tokens`, as token index ranges.
fn find(stems: &[String], tokens: &[Token]) -> Vec<Range<usize>> {
    let n = stems.len();
    if n == 0 || n > tokens.len() {
        return Vec::new();
    }
    (0..=tokens.len() - n)
        .filter(|&start| {
            tokens[start..start + n]
                .iter()
                .zip(stems)
                .all(|(t, s)| t.stem == *s)
        })
        .map(|start| start..start + n)
        .collect()
}

/// For each concept, the best way it was matched in the paragraph, if at all.
fn match_concepts(analysis: &Analysis, tokens: &[Token]) -> Vec<Option<Via>> {
    analysis
        .concepts
        .iter()
        .map(|concept| {
            concept
                .alternatives
                .iter()
                .filter(|a| !find(&a.stems, tokens).is_empty())
                .map(|a| a.via)
                .min_by_key(|via| match via {
                    Via::Typed => 0,
                    Via::Synonym => 1,
                    Via::Typo => 2,
                })
        })
        .collect()
}

fn coverage(analysis: &Analysis, matched: &[Option<Via>], ranking: &Ranking) -> f32 {
    if analysis.concepts.is_empty() {
        return 0.0;
    }
    let credit: f32 = matched
        .iter()
        .map(|m| match m {
            Some(Via::Typed | Via::Synonym) => 1.0,
            Some(Via::Typo) => ranking.typo_coverage,
            None => 0.0,
        })
        .sum();
    credit / analysis.concepts.len() as f32
}

/// Byte ranges of the words to emphasise. Neighbouring matches joined only by punctuation
/// ("U.S") become one range, so a reply reads `<b>U.S</b>.` rather than `<b>U</b>.<b>S</b>.`.
fn highlights(analysis: &Analysis, tokens: &[Token], text: &str) -> Vec<Range<usize>> {
    let mut marked = vec![false; tokens.len()];
    for alternative in analysis.concepts.iter().flat_map(|c| &c.alternatives) {
        for range in find(&alternative.stems, tokens) {
            marked[range].iter_mut().for_each(|m| *m = true);
        }
    }
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for (token, _) in tokens.iter().zip(&marked).filter(|(_, m)| **m) {
        match ranges.last_mut() {
            Some(last)
                if text.get(last.end..token.offsets.start).is_some_and(|gap| {
                    !gap.is_empty()
                        && gap
                            .chars()
                            .all(|c| !c.is_whitespace() && !c.is_alphanumeric())
                        && gap.len() <= 2
                }) =>
            {
                last.end = token.offsets.end;
            }
            _ => ranges.push(token.offsets.clone()),
        }
    }
    ranges
}

/// The sentence that answers best: each sentence scored as a small BM25 document over the
/// question's terms, the earlier one winning a tie.
fn best_sentence(
    analysis: &Analysis,
    tokens: &[Token],
    text: &str,
    snapshot: &Snapshot,
    ranking: &Ranking,
) -> Range<usize> {
    let searcher = &snapshot.searcher;
    let sentences = paragraphs::sentences(text);
    let Some(first) = sentences.first().cloned() else {
        return 0..text.len();
    };
    let total = searcher.num_docs();
    let term_idf = |stem: &str| {
        let df = searcher
            .doc_freq(&Term::from_field_text(snapshot.fields.text, stem))
            .unwrap_or(0);
        idf(df, total)
    };
    let weighted: Vec<(&Alternative, f32)> = analysis
        .concepts
        .iter()
        .flat_map(|c| &c.alternatives)
        .map(|a| {
            let weight = match a.via {
                Via::Typed => 1.0,
                Via::Synonym => ranking.synonym_weight,
                Via::Typo => ranking.typo_weight,
            };
            let idf: f32 = a.stems.iter().map(|s| term_idf(s)).sum();
            (a, weight * idf)
        })
        .collect();
    const K1: f32 = 1.2;
    const B: f32 = 0.75;
    let mut best = (0.0f32, first);
    for sentence in sentences {
        let inside: Vec<Token> = tokens
            .iter()
            .filter(|t| t.offsets.start >= sentence.start && t.offsets.end <= sentence.end)
            .cloned()
            .collect();
        let length_norm = 1.0 - B + B * inside.len() as f32 / ranking.sentence_pivot;
        let score: f32 = weighted
            .iter()
            .map(|(alternative, weight)| {
                let tf = find(&alternative.stems, &inside).len() as f32;
                weight * tf * (K1 + 1.0) / (tf + K1 * length_norm)
            })
            .sum();
        if score > best.0 {
            best = (score, sentence);
        }
    }
    best.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stop_word_list_is_sorted_so_binary_search_works() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, STOP_WORDS);
    }

    #[test]
    fn question_words_and_chat_spellings_are_stop_words() {
        for word in ["who", "when", "where", "what", "wen", "wat", "pls", "the"] {
            assert!(is_stop_word(word), "{word}");
        }
        for word in ["signed", "lithium", "tashkent"] {
            assert!(!is_stop_word(word), "{word}");
        }
    }

    #[test]
    fn analysis_stems_folds_and_keeps_original_offsets() {
        let mut analyzer = index::analyzer();
        let text = "Signing «Café» U.S.'s";
        let got: Vec<_> = tokens(&mut analyzer, text)
            .into_iter()
            .map(|t| (t.stem, t.plain, t.typed))
            .collect();
        assert_eq!(
            got,
            [
                ("sign".into(), "signing".into(), "Signing".into()),
                ("cafe".into(), "cafe".into(), "Café".into()),
                ("u".into(), "u".into(), "U".into()),
                ("s".into(), "s".into(), "S".into()),
                ("s".into(), "s".into(), "s".into()),
            ]
        );
    }

    #[test]
    fn highlights_join_initials_across_their_dots() {
        let mut analyzer = index::analyzer();
        let text = "The U.S. and Uzbekistan";
        let tokens = tokens(&mut analyzer, text);
        let analysis = Analysis {
            concepts: vec![Concept {
                alternatives: vec![Alternative {
                    stems: vec!["u".into(), "s".into()],
                    via: Via::Synonym,
                }],
            }],
            phrases: vec![],
            kinds: vec![],
        };
        let ranges = highlights(&analysis, &tokens, text);
        let got: Vec<_> = ranges.into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, ["U.S"]);
    }
}
