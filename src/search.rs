//! Search: a question in, ranked passages and one decision out.
//!
//! The question is analysed like the paragraphs and turned into *concepts*: each content word
//! the user typed, or a synonym group one of its phrases belongs to. A concept is matched by
//! any of its *alternatives*: the typed word (weight 1), the other members of its synonym group
//! ([`Ranking::synonym_weight`]), or, for a word the index has never seen, the nearest words it
//! has within one or two edits ([`Ranking::typo_weight`]). The query is built in code from these
//! terms: user text never reaches a query parser, so `text:foo AND (` is only words.
//!
//! Tantivy ranks the paragraphs with BM25. The few it returns are reranked here ([`Ranking::rerank`]):
//! by the share of the question's concepts each covers, by whether it holds the question's
//! adjacent words side by side, and by whether it holds the kind of answer asked for (see
//! [`crate::kinds`]). Keeping these out of the Tantivy query keeps that query a plain disjunction
//! of terms, which Tantivy evaluates fastest. The best paragraph is the answer when it covers
//! enough of the question ([`Ranking::min_coverage`]); otherwise the bot declines. Inside the
//! answer, each sentence is scored as a tiny BM25 document and the best is marked.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, Mutex};

use anyhow::Context;

use tantivy::collector::TopDocs;
use tantivy::query::Bm25StatisticsProvider;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use tantivy::{TantivyDocument, Term};

use crate::index::{self, IndexInfo, SearchIndex, Snapshot};
use crate::kinds::{self, Kind};
use crate::paragraphs;
use concept_query::ConceptQuery;
use typo_automaton::TypoAutomaton;

mod concept_query;
mod typo_automaton;

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
            rerank_depth: 3,
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
    /// question it covers, by the share of the question's word pairs it holds side by side,
    /// and by whether it holds the kind of answer asked for.
    pub fn rerank(&self, bm25: f32, coverage: f32, phrase_share: f32, has_kind: bool) -> f32 {
        let coverage_factor = 1.0 - self.coverage_weight + self.coverage_weight * coverage;
        let phrase_factor = 1.0 + self.phrase_weight * phrase_share;
        let kind_factor = if has_kind {
            1.0 + self.kind_weight
        } else {
            1.0
        };
        bm25 * coverage_factor * phrase_factor * kind_factor
    }

    /// Weight of an alternative, relative to a word typed right.
    fn weight(&self, via: Via) -> f32 {
        match via {
            Via::Typed => 1.0,
            Via::Synonym => self.synonym_weight,
            Via::Typo => self.typo_weight,
        }
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

/// One way a concept can appear in a paragraph: a stemmed word, or a phrase of them, as ids
/// of [`Analysis::stems`].
#[derive(Debug, Clone, PartialEq)]
struct Alternative {
    ids: Vec<u32>,
    via: Via,
}

#[derive(Debug, Clone, Default)]
struct Concept {
    alternatives: Vec<Alternative>,
}

/// The question as concepts and phrases, ready to query and to match paragraphs against.
/// Every stem is interned once, so matching a paragraph compares numbers, not strings.
#[derive(Debug, Default)]
struct Analysis {
    concepts: Vec<Concept>,
    phrases: Vec<Vec<u32>>,
    kinds: Vec<Kind>,
    stems: Vec<String>,
    ids: fnv::FnvHashMap<String, u32>,
    /// The start every word must have to stem to one of the question's stems (see [`marks`]).
    prefixes: Vec<String>,
    /// Per stem id: how many paragraphs contain it.
    doc_freqs: Vec<u64>,
    total_docs: u64,
}

impl Analysis {
    /// True when `word` (lower-cased, folded) starts like a question stem, so its stem might
    /// be one. See [`marks`].
    fn could_stem_to_a_question_stem(&self, word: &str) -> bool {
        self.prefixes
            .iter()
            .any(|prefix| word.starts_with(prefix.as_str()))
    }

    fn intern(&mut self, stem: &str) -> u32 {
        if let Some(&id) = self.ids.get(stem) {
            return id;
        }
        let prefix = stem_prefix(stem).to_owned();
        if !self.prefixes.contains(&prefix) {
            self.prefixes.push(prefix);
        }
        let id = self.stems.len() as u32;
        self.stems.push(stem.to_owned());
        self.ids.insert(stem.to_owned(), id);
        id
    }

    fn intern_all(&mut self, stems: &[String]) -> Vec<u32> {
        stems.iter().map(|stem| self.intern(stem)).collect()
    }

    /// BM25 IDF of an alternative: the sum over its words, as Tantivy scores phrases.
    fn idf(&self, ids: &[u32]) -> f32 {
        ids.iter()
            .map(|&id| idf(self.doc_freqs[id as usize], self.total_docs))
            .sum()
    }
}

/// A word of a paragraph: which question stem it is, if any, and where it stands.
#[derive(Debug, Clone)]
struct Mark {
    id: Option<u32>,
    offsets: Range<usize>,
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
    /// (group, member) indexes by the member's first word, so a question is matched against
    /// the members that start with one of its words rather than against every member.
    by_first_word: HashMap<String, Vec<(usize, usize)>>,
}

/// A token of analysed text with its place in the original.
#[derive(Debug, Clone)]
struct Token {
    stem: String,
    plain: String,
    typed: String,
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
        // Retrieve at least the reranking depth, so reranking can lift a better one into view.
        let depth = top.max(1).max(self.ranking.rerank_depth);
        let statistics = KnownStatistics {
            snapshot: &snapshot,
            analysis: &analysis,
        };
        let hits = snapshot.searcher.search_with_statistics_provider(
            &query,
            &TopDocs::with_limit(depth).order_by_score(),
            &statistics,
        )?;
        let mut scored = Vec::with_capacity(hits.len());
        for (bm25, address) in hits {
            let doc: TantivyDocument = snapshot.searcher.doc(address)?;
            let stored = snapshot.stored_paragraph(&doc);
            let tokens = marks(&stored.text, &analysis);
            let matched = match_concepts(&analysis, &tokens);
            let coverage = coverage(&analysis, &matched, &self.ranking);
            let has_kind = !analysis.kinds.is_empty()
                && kinds::found_in(&stored.text)
                    .iter()
                    .any(|kind| analysis.kinds.contains(kind));
            let phrases = phrase_share(&analysis, &tokens);
            let score = self.ranking.rerank(bm25, coverage, phrases, has_kind);
            scored.push((score, coverage, stored, tokens));
        }
        // Only the first `rerank_depth` hits compete for the answer, however many candidates
        // were asked for: so `eval` (which asks for ten) judges the answer the bot gives.
        let head = self.ranking.rerank_depth.min(scored.len());
        let (reranked, rest) = scored.split_at_mut(head);
        reranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        rest.sort_by(|a, b| b.0.total_cmp(&a.0));
        scored.truncate(top.max(1));
        for (score, coverage, stored, tokens) in scored {
            let url = snapshot
                .info
                .document(&stored.doc_id)
                .and_then(|d| d.meta.url.clone());
            let highlights = highlights(&analysis, &tokens, &stored.text);
            let sentence = best_sentence(&analysis, &tokens, &stored.text, &self.ranking);
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

    /// The engine's floor, for benchmarks only: the question's content words as a plain
    /// disjunction of term queries, top `top` by BM25, nothing fetched or ranked further.
    /// Returns how many paragraphs were found.
    pub fn bare_search(&self, question: &str, top: usize) -> anyhow::Result<usize> {
        let snapshot = self.index.snapshot();
        let clauses: Vec<(Occur, Box<dyn Query>)> = tokens(question)
            .into_iter()
            .filter(|t| !is_stop_word(&t.plain))
            .map(|t| {
                let term = Term::from_field_text(snapshot.fields.text, &t.stem);
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

/// BM25's statistics from what the analysis already looked up, so that building the query
/// does not search the term dictionaries a second time for the same words.
struct KnownStatistics<'a> {
    snapshot: &'a Snapshot,
    analysis: &'a Analysis,
}

impl Bm25StatisticsProvider for KnownStatistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        if field == self.snapshot.fields.text {
            Ok(self.snapshot.text_tokens)
        } else {
            self.snapshot.searcher.total_num_tokens(field)
        }
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.analysis.total_docs)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let value = term.value();
        let known = (term.field() == self.snapshot.fields.text)
            .then(|| value.as_str())
            .flatten()
            .and_then(|stem| self.analysis.ids.get(stem))
            .map(|&id| self.analysis.doc_freqs[id as usize]);
        match known {
            Some(doc_freq) => Ok(doc_freq),
            None => self.snapshot.searcher.doc_freq(term),
        }
    }
}

fn is_stop_word(plain: &str) -> bool {
    STOP_WORDS.binary_search(&plain).is_ok()
}

thread_local! {
    /// The plain analyzer and the one-word stemmer, built once per thread rather than per
    /// question. Together they analyse as [`index::analyzer`] does, one step at a time, so a
    /// word can be stemmed only when it matters.
    static ANALYZERS: RefCell<(TextAnalyzer, TextAnalyzer)> =
        RefCell::new((index::plain_analyzer(), index::word_stemmer()));
}

/// Stems one word that the plain analyzer produced.
fn stem_with(stemmer: &mut TextAnalyzer, word: &str) -> String {
    let mut stream = stemmer.token_stream(word);
    if stream.advance() {
        stream.token().text.clone()
    } else {
        word.to_owned()
    }
}

/// Analyses `text` into tokens carrying stem, unstemmed form and original spelling.
fn tokens(text: &str) -> Vec<Token> {
    ANALYZERS.with_borrow_mut(|(plain, stemmer)| {
        let mut out: Vec<Token> = Vec::new();
        // Each distinct word is stemmed once: a long message repeats its words.
        let mut earlier: fnv::FnvHashMap<String, usize> = fnv::FnvHashMap::default();
        let mut stream = plain.token_stream(text);
        while stream.advance() {
            let token = stream.token();
            let stem = match earlier.get(&token.text) {
                Some(&at) => out[at].stem.clone(),
                None => {
                    earlier.insert(token.text.clone(), out.len());
                    stem_with(stemmer, &token.text)
                }
            };
            out.push(Token {
                stem,
                plain: token.text.clone(),
                typed: text
                    .get(token.offset_from..token.offset_to)
                    .unwrap_or_default()
                    .to_owned(),
            });
        }
        out
    })
}

/// How a word must start for English stemming to possibly turn it into `stem`: all of the
/// stem but its last three letters, and at least its first letter.
///
/// The English (Porter2) stemmer only rewrites a word's ending: it removes a suffix and may
/// then change or add up to three letters where it cut ("conditional" → "condit" + "ion",
/// "possibility" → "possib" + "l", "happy" → "happ" + "i", "hoping" → "hop" + "e"). Its few
/// whole-word exceptions have stems of at most four letters ("dying" → "die", "early" →
/// "earli"), where only the first letter is kept anyway.
fn stem_prefix(stem: &str) -> &str {
    let keep = stem.chars().count().saturating_sub(3).max(1);
    let end = stem
        .char_indices()
        .nth(keep)
        .map_or(stem.len(), |(at, _)| at);
    &stem[..end]
}

/// Analyses a paragraph into marks: each word's question stem id (if any) and its place.
///
/// Stemming is most of the cost of reading a paragraph, so a word is stemmed only when it
/// starts like one of the question's stems (see [`stem_prefix`]).
fn marks(text: &str, analysis: &Analysis) -> Vec<Mark> {
    ANALYZERS.with_borrow_mut(|(plain, stemmer)| {
        let mut out = Vec::with_capacity(text.len() / 6);
        let mut stream = plain.token_stream(text);
        while stream.advance() {
            let token = stream.token();
            let word = token.text.as_str();
            let id = if analysis.could_stem_to_a_question_stem(word) {
                analysis.ids.get(&stem_with(stemmer, word)).copied()
            } else {
                None
            };
            out.push(Mark {
                id,
                offsets: token.offset_from..token.offset_to,
            });
        }
        out
    })
}

/// The stem of a word from the plain vocabulary (a typo correction).
fn stem_of(word: &str) -> String {
    ANALYZERS.with_borrow_mut(|(_, stemmer)| stem_with(stemmer, word))
}

fn prepare_synonyms(info: &Arc<IndexInfo>) -> PreparedSynonyms {
    let groups: Vec<Vec<Member>> = info
        .synonyms
        .groups
        .iter()
        .map(|group| {
            group
                .iter()
                .filter_map(|member| {
                    let tokens = tokens(member);
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
    let mut by_first_word: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
    for (g, group) in groups.iter().enumerate() {
        for (m, member) in group.iter().enumerate() {
            if let Some(first) = member.plain.first() {
                by_first_word.entry(first.clone()).or_default().push((g, m));
            }
        }
    }
    PreparedSynonyms {
        info: Arc::clone(info),
        groups,
        by_first_word,
    }
}

/// True when `member` occurs in the question's tokens from `start` on.
fn occurs_at(member: &Member, question: &[Token], start: usize) -> bool {
    let Some(window) = question.get(start..start + member.plain.len()) else {
        return false;
    };
    match &member.exact_case {
        Some(typed) => window.iter().zip(typed).all(|(t, m)| t.typed == *m),
        None => window.iter().zip(&member.plain).all(|(t, m)| t.plain == *m),
    }
}

fn analyse(
    question: &str,
    snapshot: &Snapshot,
    synonyms: &PreparedSynonyms,
    ranking: &Ranking,
) -> anyhow::Result<Analysis> {
    let question_tokens = tokens(question);
    let mut covered = vec![false; question_tokens.len()];
    let mut analysis = Analysis::default();

    // Synonym groups first: a group any of whose members was typed becomes one concept.
    let groups: &[Vec<Member>] = if ranking.synonyms {
        &synonyms.groups
    } else {
        &[]
    };
    // The members typed, per group, in the order of the synonyms file.
    let mut typed: BTreeMap<usize, HashSet<usize>> = BTreeMap::new();
    if ranking.synonyms {
        for (start, token) in question_tokens.iter().enumerate() {
            for &(g, m) in synonyms
                .by_first_word
                .get(&token.plain)
                .into_iter()
                .flatten()
            {
                let member = &groups[g][m];
                if occurs_at(member, &question_tokens, start) {
                    typed.entry(g).or_default().insert(m);
                    covered[start..start + member.plain.len()]
                        .iter_mut()
                        .for_each(|c| *c = true);
                }
            }
        }
    }
    for (g, typed_members) in typed {
        let mut concept = Concept::default();
        for (index, member) in groups[g].iter().enumerate() {
            let via = if typed_members.contains(&index) {
                Via::Typed
            } else {
                Via::Synonym
            };
            push_alternative(&mut analysis, &mut concept, &member.stems, via);
        }
        analysis.concepts.push(concept);
    }

    // Then each other content word, corrected when the index has never seen it.
    let mut seen = HashSet::new();
    for (token, covered) in question_tokens.iter().zip(&covered) {
        if analysis.concepts.len() >= MAX_CONCEPTS {
            break;
        }
        if *covered
            || is_stop_word(&token.plain)
            || kinds::is_kind_word(&token.plain)
            || !seen.insert(token.stem.clone())
        {
            continue;
        }
        let mut concept = Concept::default();
        push_alternative(
            &mut analysis,
            &mut concept,
            std::slice::from_ref(&token.stem),
            Via::Typed,
        );
        let known = snapshot
            .searcher
            .doc_freq(&Term::from_field_text(snapshot.fields.text, &token.stem))?
            > 0;
        if !known {
            for correction in corrections(&token.plain, snapshot, ranking)? {
                let stem = stem_of(&correction);
                push_alternative(&mut analysis, &mut concept, &[stem], Via::Typo);
                // A corrected word brings its synonyms, as if it had been typed right.
                for group in groups {
                    if group.iter().any(|m| m.plain == [correction.as_str()]) {
                        for member in group {
                            push_alternative(&mut analysis, &mut concept, &member.stems, Via::Typo);
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
        if analysis.phrases.len() < MAX_CONCEPTS
            && pair.iter().all(|t| !is_stop_word(&t.plain))
            && pair[0].stem != pair[1].stem
        {
            let ids = analysis.intern_all(&[pair[0].stem.clone(), pair[1].stem.clone()]);
            analysis.phrases.push(ids);
        }
    }

    // How rare each stem is, looked up once for ranking and for choosing the sentence.
    analysis.total_docs = snapshot.searcher.num_docs();
    analysis.doc_freqs = analysis
        .stems
        .iter()
        .map(|stem| {
            snapshot
                .searcher
                .doc_freq(&Term::from_field_text(snapshot.fields.text, stem))
        })
        .collect::<tantivy::Result<_>>()?;
    // An alternative with a word no paragraph contains can match nothing: drop it before it
    // costs a query clause. (A concept keeps its typed word, so coverage still counts it.)
    let doc_freqs = &analysis.doc_freqs;
    for concept in &mut analysis.concepts {
        concept
            .alternatives
            .retain(|a| a.via == Via::Typed || a.ids.iter().all(|&id| doc_freqs[id as usize] > 0));
    }
    Ok(analysis)
}

fn push_alternative(analysis: &mut Analysis, concept: &mut Concept, stems: &[String], via: Via) {
    let ids = analysis.intern_all(stems);
    if !concept.alternatives.iter().any(|a| a.ids == ids) {
        concept.alternatives.push(Alternative { ids, via });
    }
}

/// The indexed words nearest to an unknown word, with the same first letter: fewest edits
/// first, then the most frequent.
fn corrections(word: &str, snapshot: &Snapshot, ranking: &Ranking) -> anyhow::Result<Vec<String>> {
    let chars = word.chars().count();
    if chars < ranking.min_typo_chars || word.chars().any(|c| c.is_ascii_digit()) {
        return Ok(Vec::new());
    }
    // One edit first; two only for long words that one edit cannot fix. The nearest words
    // win anyway, and a two-edit automaton costs several times more to build.
    let mut found = words_within(word, 1, snapshot)?;
    if found.is_empty() && chars >= ranking.two_typo_chars {
        found = words_within(word, 2, snapshot)?;
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

/// Indexed words (unstemmed) within `distance` edits of `word` that start with its first
/// letter, with how many paragraphs hold each.
fn words_within(
    word: &str,
    distance: u8,
    snapshot: &Snapshot,
) -> anyhow::Result<HashMap<String, u64>> {
    let field = snapshot.fields.text_plain;
    // People rarely mistype a word's first letter: looking only at words that start with
    // the same one makes the search through the vocabulary many times shorter.
    let Some(first) = word.chars().next() else {
        return Ok(HashMap::new());
    };
    let mut buffer = [0u8; 4];
    let lower = first.encode_utf8(&mut buffer).as_bytes().to_vec();
    let mut upper = lower.clone();
    if let Some(last) = upper.last_mut() {
        *last = last.saturating_add(1);
    }
    let Some(automaton) = TypoAutomaton::new(word, distance) else {
        return Ok(HashMap::new());
    };
    let mut found: HashMap<String, u64> = HashMap::new();
    for segment in snapshot.searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted
            .terms()
            .search(&automaton)
            .ge(&lower)
            .lt(&upper)
            .into_stream()?;
        while stream.advance() {
            if let Ok(term) = std::str::from_utf8(stream.key()) {
                *found.entry(term.to_owned()).or_default() += u64::from(stream.value().doc_freq);
            }
        }
    }
    Ok(found)
}

fn build_query(
    analysis: &Analysis,
    snapshot: &Snapshot,
    ranking: &Ranking,
) -> Option<Box<dyn Query>> {
    let field = snapshot.fields.text;
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
        let shared_idf = if ranking.shared_synonym_idf && concept.alternatives.len() > 1 {
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
        } else {
            None
        };
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
                words(&a.ids, ranking.weight(a.via) * rescale)
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

/// BM25's inverse document frequency, as Tantivy computes it.
fn idf(doc_freq: u64, total: u64) -> f32 {
    let (df, n) = (doc_freq as f32, total as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// Where the stem sequence `ids` occurs in `marks`, as index ranges of `marks`.
fn find(ids: &[u32], marks: &[Mark]) -> Vec<Range<usize>> {
    let n = ids.len();
    if n == 0 || n > marks.len() {
        return Vec::new();
    }
    (0..=marks.len() - n)
        .filter(|&start| {
            marks[start..start + n]
                .iter()
                .zip(ids)
                .all(|(mark, id)| mark.id == Some(*id))
        })
        .map(|start| start..start + n)
        .collect()
}

/// For each concept, the best way it was matched in the paragraph, if at all.
fn match_concepts(analysis: &Analysis, marks: &[Mark]) -> Vec<Option<Via>> {
    analysis
        .concepts
        .iter()
        .map(|concept| {
            concept
                .alternatives
                .iter()
                .filter(|a| !find(&a.ids, marks).is_empty())
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

/// Share of the question's adjacent word pairs found side by side in the paragraph.
fn phrase_share(analysis: &Analysis, marks: &[Mark]) -> f32 {
    if analysis.phrases.is_empty() {
        return 0.0;
    }
    let found = analysis
        .phrases
        .iter()
        .filter(|phrase| !find(phrase, marks).is_empty())
        .count();
    found as f32 / analysis.phrases.len() as f32
}

/// Byte ranges of the words to emphasise. Neighbouring matches joined only by punctuation
/// ("U.S") become one range, so a reply reads `<b>U.S</b>.` rather than `<b>U</b>.<b>S</b>.`.
fn highlights(analysis: &Analysis, marks: &[Mark], text: &str) -> Vec<Range<usize>> {
    let mut marked = vec![false; marks.len()];
    for alternative in analysis.concepts.iter().flat_map(|c| &c.alternatives) {
        for range in find(&alternative.ids, marks) {
            marked[range].iter_mut().for_each(|m| *m = true);
        }
    }
    let joins = |gap: &str| {
        !gap.is_empty()
            && gap.len() <= 2
            && gap
                .chars()
                .all(|c| !c.is_whitespace() && !c.is_alphanumeric())
    };
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for (mark, _) in marks.iter().zip(&marked).filter(|(_, m)| **m) {
        match ranges.last_mut() {
            Some(last) if text.get(last.end..mark.offsets.start).is_some_and(joins) => {
                last.end = mark.offsets.end;
            }
            _ => ranges.push(mark.offsets.clone()),
        }
    }
    ranges
}

/// The sentence that answers best: each sentence scored as a small BM25 document over the
/// question's terms, the earlier one winning a tie.
fn best_sentence(
    analysis: &Analysis,
    marks: &[Mark],
    text: &str,
    ranking: &Ranking,
) -> Range<usize> {
    const K1: f32 = 1.2;
    const B: f32 = 0.75;
    let sentences = paragraphs::sentences(text);
    let Some(first) = sentences.first().cloned() else {
        return 0..text.len();
    };
    let weighted: Vec<(&Alternative, f32)> = analysis
        .concepts
        .iter()
        .flat_map(|c| &c.alternatives)
        .map(|a| (a, ranking.weight(a.via) * analysis.idf(&a.ids)))
        .collect();
    let mut best = (0.0f32, first);
    let mut start = 0;
    for sentence in sentences {
        // Marks are in text order, so a sentence's marks are one slice.
        let from = start + marks[start..].partition_point(|m| m.offsets.start < sentence.start);
        let to = from + marks[from..].partition_point(|m| m.offsets.end <= sentence.end);
        start = to;
        let inside = &marks[from..to];
        let length_norm = 1.0 - B + B * inside.len() as f32 / ranking.sentence_pivot;
        let score: f32 = weighted
            .iter()
            .map(|(alternative, weight)| {
                let tf = find(&alternative.ids, inside).len() as f32;
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
    fn every_word_starts_with_the_prefix_of_its_stem() {
        // The article's words, and words whose stems the English stemmer rewrites the most.
        let article = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/corpus/uzbekistan-us-critical-minerals-mou.md"
        ))
        .unwrap();
        let hard = "dying lying tying skies skis idly gently ugly early only singly news \
            conditional possibility possibly happy happiness hoping hopping agreed agreement \
            organization organizational rationally sensational generously effectiveness \
            activities activity vietnamization digitizer operator feudalism formality \
            hopefulness callousness fruitfully lawlessly archaeology apologies cried \
            ties crying studies studying abilities responsibly dependencies";
        let mut checked = 0;
        for token in tokens(&format!("{article} {hard}")) {
            let prefix = stem_prefix(&token.stem);
            assert!(
                token.plain.starts_with(prefix),
                "{:?} stems to {:?}, which does not start like it ({prefix:?})",
                token.plain,
                token.stem
            );
            checked += 1;
        }
        assert!(checked > 400, "{checked}");
        assert_eq!(stem_prefix("memorandum"), "memoran");
        assert_eq!(stem_prefix("die"), "d");
        assert_eq!(stem_prefix("ўзбек"), "ўз");
    }

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
    fn analysis_stems_folds_and_keeps_original_spelling() {
        let text = "Signing «Café» U.S.'s";
        let got: Vec<_> = tokens(text)
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

    fn analysis_of(stems: &[&str]) -> Analysis {
        let mut analysis = Analysis::default();
        for stem in stems {
            analysis.intern(stem);
        }
        analysis
    }

    /// `marks` stems only words that start like a question stem; this guards the assumption
    /// that stemming keeps a word's first two letters, on the corpus and on English's
    /// irregular cases.
    #[test]
    fn selective_stemming_finds_every_stem_full_stemming_finds() {
        let corpus = crate::corpus::load_all(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"),
        )
        .unwrap();
        let mut texts: Vec<String> = corpus
            .iter()
            .flat_map(|d| d.paragraphs.iter().map(|p| p.text.clone()))
            .collect();
        texts.push(
            "dying lying tying skies news gently ugly early only singly idly inning outing \
             canning herring earring proceed exceed succeed generate generously communism \
             arsenal ies yes a I"
                .to_owned(),
        );
        let mut analyzer = index::analyzer();
        for text in &texts {
            // Full stemming, as the index does it.
            let mut full: Vec<(String, Range<usize>)> = Vec::new();
            let mut stream = analyzer.token_stream(text);
            while stream.advance() {
                let token = stream.token();
                full.push((token.text.clone(), token.offset_from..token.offset_to));
            }
            let stems: Vec<&str> = full.iter().map(|(stem, _)| stem.as_str()).collect();
            let analysis = analysis_of(&stems);
            let marked = marks(text, &analysis);
            assert_eq!(marked.len(), full.len());
            for (mark, (stem, offsets)) in marked.iter().zip(&full) {
                assert_eq!(mark.offsets, *offsets);
                assert_eq!(
                    mark.id,
                    analysis.ids.get(stem).copied(),
                    "{:?} in {text:?}",
                    &text[offsets.clone()]
                );
            }
        }
    }

    #[test]
    fn highlights_join_initials_across_their_dots() {
        let text = "The U.S. and Uzbekistan";
        let mut analysis = analysis_of(&["u", "s"]);
        analysis.concepts.push(Concept {
            alternatives: vec![Alternative {
                ids: vec![0, 1],
                via: Via::Synonym,
            }],
        });
        let marks = marks(text, &analysis);
        let ranges = highlights(&analysis, &marks, text);
        let got: Vec<_> = ranges.into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, ["U.S"]);
    }
}
