//! Search: a question in, ranked passages and one decision out.
//!
//! The steps, one submodule each:
//! - [`question`] reads the question in its language into *concepts* (each content word typed,
//!   or a synonym group one of its phrases belongs to), each matched by any of its
//!   *alternatives*: the typed word (weight 1), the other members of its synonym group
//!   ([`Ranking::synonym_weight`]), or for a word the index has never seen its nearest words
//!   ([`typos`], [`Ranking::typo_weight`]).
//! - [`query`] builds the Tantivy query from them in code: user text never reaches a query
//!   parser, so `text:foo AND (` is only words. Tantivy ranks the paragraphs with BM25.
//! - [`passage`] reads each of the few paragraphs returned against the question: the share of
//!   its concepts covered, the question's adjacent words side by side, the kind of answer
//!   asked for ([`crate::kinds`]); [`ranking`] combines these into the final score
//!   ([`Ranking::rerank`]). The best paragraph is the answer when it covers enough of the
//!   question ([`Ranking::min_coverage`]); otherwise the bot declines. Inside the answer,
//!   each sentence is scored as a tiny BM25 document and the best is marked.
//!
//! [`Answerer`] runs these steps: the one answer path of `ask`, `eval`, `bench` and the bot.

use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, Mutex};

use tantivy::Term;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;

use crate::index::{self, IndexInfo, SearchIndex};
pub use crate::kinds::Kind;
use crate::language::{self, Language};
pub use crate::small_talk::SmallTalk;
use passage::{
    best_sentence, coverage, highlights, marks, match_concepts, phrase_share, sentence_weights,
};
use query::{KnownStatistics, build_query};
use question::{PreparedSynonyms, analyse, prepare_synonyms, tokens, tokens_of_words};
pub use ranking::Ranking;

mod concept_query;
mod glossary;
mod passage;
mod query;
mod question;
mod ranking;
mod typo_automaton;
mod typos;

/// How many candidates "tell me more" looks through for one not shown yet.
const MORE_DEPTH: usize = 10;

/// Questions longer than this are read only up to here: nobody's question is longer, and the
/// work per question stays bounded.
pub const MAX_QUESTION_CHARS: usize = 1_000;

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
        crate::question_set::paragraph_key(&self.doc_id, self.paragraph)
    }

    pub fn id(&self) -> PassageId {
        PassageId {
            doc_hash: crate::feedback::doc_hash(&self.doc_id),
            paragraph: self.paragraph,
        }
    }

    pub fn sentence_text(&self) -> &str {
        self.text.get(self.sentence.clone()).unwrap_or_default()
    }
}

/// The result for one question: ranked candidates, and whether the first is the answer.
#[derive(Debug, Clone, PartialEq)]
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
}

impl Outcome {
    pub fn answer(&self) -> Option<&Passage> {
        self.candidates.first().filter(|_| self.answered)
    }
}

/// A question to answer, with what a conversation adds to it.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The message, as written.
    pub question: &'a str,
    /// The language it is read in, and whose documents are searched.
    pub language: &'static Language,
    /// The previous question's topic (in `language`), carried into a follow-up: searched too,
    /// weighing less than the question's own words ([`Ranking::carried_weight`]).
    pub carried: Option<&'a str>,
    /// The kinds of answer asked, when a follow-up in another language asked them ("qachon?"
    /// after an English question is searched in English, asking for a date).
    pub kinds: Option<&'a [Kind]>,
    /// Whether the carried topic weighs as much as the question's own words: a reply to the
    /// answer it comes from says what it is about.
    pub carried_in_full: bool,
    /// How many candidates to return.
    pub top: usize,
}

impl<'a> Request<'a> {
    /// `question` in `language`, on its own.
    pub fn new(question: &'a str, language: &'static Language, top: usize) -> Self {
        Request {
            question,
            language,
            carried: None,
            kinds: None,
            carried_in_full: false,
            top,
        }
    }
}

/// The answer path shared by `ask`, `eval`, `bench` and the bot.
pub struct Answerer {
    index: SearchIndex,
    ranking: Ranking,
    /// Per language, the synonym groups analysed for the index generation they were made for.
    synonyms: Mutex<Vec<(&'static str, Arc<PreparedSynonyms>)>>,
}

impl std::fmt::Debug for Answerer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Answerer")
            .field("index", &self.index)
            .field("ranking", &self.ranking)
            .finish()
    }
}

/// The first `count` characters of `text`.
fn first_chars(text: &str, count: usize) -> &str {
    let cut = text
        .char_indices()
        .nth(count)
        .map_or(text.len(), |(at, _)| at);
    &text[..cut]
}

/// The words of `question` as the answer path reads them: its first [`MAX_QUESTION_CHARS`]
/// characters, tokenised in `language`.
fn question_tokens_of(question: &str, language: &'static Language) -> Vec<question::Token> {
    tokens(first_chars(question, MAX_QUESTION_CHARS), language)
}

impl Answerer {
    pub fn new(index: SearchIndex, ranking: Ranking) -> Self {
        Answerer {
            index,
            ranking,
            synonyms: Mutex::new(Vec::new()),
        }
    }

    /// Opens the index at `index_dir` for answering, building it from the corpus at `corpus`
    /// when there is none (or one of another format). The notice, if any, is for the user:
    /// the index was just built, or the corpus has changed since it was.
    pub fn open(
        corpus: &Path,
        index_dir: &Path,
        ranking: Ranking,
    ) -> anyhow::Result<(Answerer, Option<String>)> {
        let (index, notice) = index::open_or_build(corpus, index_dir)?;
        Ok((Answerer::new(index, ranking), notice))
    }

    pub fn index(&self) -> &SearchIndex {
        &self.index
    }

    /// Facts about the index currently served.
    pub fn info(&self) -> Arc<IndexInfo> {
        self.index.snapshot().info
    }

    /// Finds the `top` best paragraphs for `question`, read in the language it is written in,
    /// and decides whether the first answers it.
    pub fn answer(&self, question: &str, top: usize) -> anyhow::Result<Outcome> {
        self.answer_hinted(question, top, None)
    }

    /// As [`Answerer::answer`], with `hint` (the asker's interface language, such as Telegram's
    /// `language_code`) breaking a tie when the question's words don't tell its language.
    pub fn answer_hinted(
        &self,
        question: &str,
        top: usize,
        hint: Option<&str>,
    ) -> anyhow::Result<Outcome> {
        self.answer_in(question, top, self.language_of(question, hint))
    }

    /// The next passage for `request` that is not among `shown` and
    /// could be an answer on its own (and holds a `holding`, when given): for "tell me more"
    /// and "who else?". A translation's passage comes with its original's text, as an answer
    /// does.
    pub fn next_passage(
        &self,
        request: &Request<'_>,
        shown: &[PassageId],
        holding: Option<Kind>,
    ) -> anyhow::Result<Option<Passage>> {
        let request = Request {
            top: MORE_DEPTH,
            ..*request
        };
        let outcome = self.answer_request(&request)?;
        // "Who else?" asks for a person the passages shown do not name yet.
        let mut shown_texts = Vec::new();
        if holding == Some(Kind::Person) {
            for &id in shown {
                if let Some(passage) = self.passage(id)? {
                    shown_texts.push(passage.text);
                }
            }
        }
        let shown_texts: Vec<&str> = shown_texts.iter().map(String::as_str).collect();
        // "More" asks for more on the topic: a passage that lacks the kind of answer asked
        // for ("in which areas?" and no list) may still say more about it.
        let asked: Vec<Kind> = outcome
            .answer_kinds
            .iter()
            .copied()
            .filter(|kind| kind.required())
            .collect();
        let mut eligible = outcome.candidates.into_iter().filter(|passage| {
            let aside = matches!(passage.set_aside, None | Some(SetAside::LacksAnswerKind));
            let kinds = &language::by_code(passage.language)
                .unwrap_or(language::DEFAULT)
                .kinds;
            // "Who else?" asks for another person, named: a body of people is no one else.
            let holds = holding.is_none_or(|kind| {
                kinds.found_among(&passage.text, &[kind]).contains(&kind)
                    && (kind != Kind::Person
                        || kinds.names_someone_new(&passage.text, &shown_texts))
            });
            aside
                && holds
                && passage.coverage >= self.ranking.min_coverage
                && !shown.contains(&passage.id())
        });
        // More of the kind asked first ("the goal?", then another aim), then more on the topic.
        let first = eligible.next();
        let next = if asked.is_empty() || first.as_ref().is_none_or(|p| self.holds(p, &asked)) {
            first
        } else {
            let mut rest: Vec<Passage> = eligible.collect();
            match rest.iter().position(|passage| self.holds(passage, &asked)) {
                Some(at) => Some(rest.swap_remove(at)),
                None => first,
            }
        };
        next.map(|passage| self.with_original_text(passage))
            .transpose()
    }

    /// True when `passage` holds one of the kinds of answer in `asked`.
    fn holds(&self, passage: &Passage, asked: &[Kind]) -> bool {
        let kinds = &language::by_code(passage.language)
            .unwrap_or(language::DEFAULT)
            .kinds;
        kinds
            .found_among(&passage.text, asked)
            .into_iter()
            .any(|found| asked.iter().any(|kind| kind.answered_by(found)))
    }

    /// `passage` with its original's text, when it translates one.
    fn with_original_text(&self, mut passage: Passage) -> anyhow::Result<Passage> {
        if let Some(original) = passage.translation_of.as_mut()
            && original.text.is_none()
        {
            let snapshot = self.index.snapshot();
            original.text = snapshot.paragraph_text(&original.doc_id, original.paragraph)?;
        }
        Ok(passage)
    }

    /// The paragraph a message quotes (the text of one of the bot's answers, which opens with
    /// its quote), if the documents hold it.
    pub fn locate(&self, quote: &str) -> anyhow::Result<Option<Passage>> {
        let opening = first_chars(quote.trim_start_matches(['“', '"', '«']), 300);
        let language = self.language_of(opening, None);
        let found = self.answer_only_in(opening, 3, language)?;
        let start: String = opening.chars().take(40).collect();
        Ok(found
            .candidates
            .into_iter()
            .find(|passage| passage.text.starts_with(start.trim()) && !start.trim().is_empty()))
    }

    /// The passage `id` names, as [`Answerer::paragraph`] gives it.
    pub fn passage(&self, id: PassageId) -> anyhow::Result<Option<Passage>> {
        let doc_id = {
            let snapshot = self.index.snapshot();
            let document = snapshot
                .info
                .documents
                .iter()
                .find(|d| crate::feedback::doc_hash(&d.id) == id.doc_hash);
            match document {
                Some(document) => document.id.clone(),
                None => return Ok(None),
            }
        };
        self.paragraph(&crate::question_set::paragraph_key(&doc_id, id.paragraph))
    }

    /// The passage of paragraph `key` (`doc-id#paragraph`) as it stands, with its original's
    /// text when its document translates one; `None` when the index has no such paragraph.
    pub fn paragraph(&self, key: &str) -> anyhow::Result<Option<Passage>> {
        let Some((doc_id, paragraph)) = key.rsplit_once('#') else {
            return Ok(None);
        };
        let Ok(paragraph) = paragraph.parse::<u32>() else {
            return Ok(None);
        };
        let snapshot = self.index.snapshot();
        let Some(document) = snapshot.info.document(doc_id) else {
            return Ok(None);
        };
        let Some(text) = snapshot.paragraph_text(doc_id, paragraph)? else {
            return Ok(None);
        };
        let original = document
            .meta
            .translation_of
            .as_deref()
            .and_then(|original| snapshot.info.document(original));
        let translation_of = match original {
            Some(original) => Some(Original {
                doc_id: original.id.clone(),
                title: original.meta.title.clone(),
                url: original.meta.url.clone(),
                paragraph,
                text: snapshot.paragraph_text(&original.id, paragraph)?,
            }),
            None => None,
        };
        Ok(Some(Passage {
            doc_id: document.id.clone(),
            title: document.meta.title.clone(),
            url: document.meta.url.clone(),
            paragraph,
            sentence: 0..text.len(),
            text,
            score: 0.0,
            coverage: 1.0,
            highlights: Vec::new(),
            set_aside: None,
            official: document.meta.official,
            language: language::of_document(document.meta.language.as_deref()).code,
            translation_of,
        }))
    }

    /// The paragraph that says what `passage` says in `language`: itself when it is in that
    /// language, else the translation of its original (or of it) into that language, with the
    /// original's text; `None` when there is no such translation.
    pub fn in_language(
        &self,
        passage: &Passage,
        language: &'static Language,
    ) -> anyhow::Result<Option<Passage>> {
        if passage.language == language.code {
            return Ok(Some(passage.clone()));
        }
        let snapshot = self.index.snapshot();
        let info = &snapshot.info;
        let original_id = passage
            .translation_of
            .as_ref()
            .map_or(passage.doc_id.as_str(), |original| original.doc_id.as_str());
        let Some(original) = info.document(original_id) else {
            return Ok(None);
        };
        let in_language = |d: &&crate::index::DocumentInfo| {
            language::of_document(d.meta.language.as_deref()).code == language.code
        };
        let translation = info
            .documents
            .iter()
            .find(|d| d.meta.translation_of.as_deref() == Some(original_id) && in_language(d));
        let Some(document) = translation.or(Some(original).filter(in_language)) else {
            return Ok(None);
        };
        let key = crate::question_set::paragraph_key(&document.id, passage.paragraph);
        Ok(self.paragraph(&key)?.map(|found| Passage {
            score: passage.score,
            coverage: passage.coverage,
            ..found
        }))
    }

    /// Whether a candidate could be an answer on its own: not set aside, and covering enough of
    /// the question. The answer is the first candidate when it could; "tell me more" and inline
    /// mode offer the others that could.
    pub fn could_answer(&self, passage: &Passage) -> bool {
        passage.set_aside.is_none() && passage.coverage >= self.ranking.min_coverage
    }

    /// The language `question` is written in ([`language::detect_with`]), with the words each
    /// language's documents hold as evidence.
    pub fn language_of(&self, question: &str, hint: Option<&str>) -> &'static Language {
        let snapshot = self.index.snapshot();
        // A word counts as the documents' when its stem is theirs: "elektromobil" is in the
        // Uzbek documents as "elektromobillar".
        language::detect_with(question, hint, |language, stem| {
            snapshot.stem(language, stem).is_some()
        })
    }

    /// As [`Answerer::answer`], with the question read in `language` and searched among the
    /// paragraphs written in it (small talk, such as "hi", is recognised first and searches
    /// nothing: [`crate::small_talk`]); when they don't answer it and the language has a glossary,
    /// the question is read through it into English and the English documents are searched
    /// (documents nobody has translated yet).
    pub fn answer_in(
        &self,
        question: &str,
        top: usize,
        language: &'static Language,
    ) -> anyhow::Result<Outcome> {
        self.answer_request(&Request::new(question, language, top))
    }

    /// As [`Answerer::answer_in`], with what a conversation adds ([`Request`]).
    pub fn answer_request(&self, request: &Request<'_>) -> anyhow::Result<Outcome> {
        let Request {
            question,
            language,
            top,
            ..
        } = *request;
        let message = first_chars(question, MAX_QUESTION_CHARS);
        let words = language.plain_words(message);
        let small_talk = |kind| Outcome {
            question: question.to_owned(),
            searched: None,
            candidates: Vec::new(),
            answered: false,
            focus: None,
            answer_kinds: Vec::new(),
            unknown_words: Vec::new(),
            language,
            via_glossary: None,
            small_talk: Some(kind),
        };
        let follow_up = request.carried.is_some() || request.kinds.is_some();
        if words.is_empty() && !follow_up {
            return Ok(small_talk(crate::small_talk::of_symbols(message)));
        }
        let plain: Vec<&str> = words.iter().map(|word| word.plain.as_str()).collect();
        if let Some(kind) = language.small_talk.recognise(&plain)
            && !follow_up
        {
            return Ok(small_talk(kind));
        }
        // The question inside the message: greetings, politeness and the asker's story set
        // aside ([`crate::wrapping`]).
        let searched = if self.ranking.unwrap_questions {
            let unwrapped = language.unwrap(message, &words);
            if unwrapped.changed {
                if unwrapped.question.trim().is_empty() && !follow_up {
                    return Ok(small_talk(
                        unwrapped.small_talk.unwrap_or(SmallTalk::Acknowledgement),
                    ));
                }
                Some(unwrapped.question)
            } else {
                None
            }
        } else {
            None
        };
        let text = searched.as_deref().unwrap_or(message);
        let mut question_tokens = match &searched {
            Some(searched) => tokens(searched, language),
            None => tokens_of_words(message, words, language),
        };
        let carried_from = question_tokens.len();
        if let Some(carried) = request.carried {
            question_tokens.extend(question_tokens_of(carried, language));
        }
        // A topic that weighs in full is the question's own.
        let carried_from = if request.carried_in_full {
            question_tokens.len()
        } else {
            carried_from
        };
        let mut outcome = self.answer_tokens(
            question,
            question_tokens,
            carried_from,
            request.kinds,
            top,
            language,
        )?;
        outcome.searched = searched.clone();
        if outcome.answered || language == language::DEFAULT || follow_up {
            return Ok(outcome);
        }
        let synonyms = self.prepared_synonyms(&self.index.snapshot().info, language);
        let Some(english) = synonyms
            .glossary
            .as_ref()
            .and_then(|glossary| glossary.to_english(text, language))
        else {
            return Ok(outcome);
        };
        let mut in_english = self.answer_only_in(&english, top, language::DEFAULT)?;
        if !in_english.answered {
            return Ok(outcome);
        }
        // Found through the glossary, the passage may have a translation in the question's
        // language after all ("ishlatiladi" where it says "qo‘llaniladi"): shown, if so.
        if let Some(best) = in_english.candidates.first_mut()
            && let Some(translated) = self.in_language(best, language)?
        {
            *best = translated;
            return Ok(Outcome {
                question: outcome.question,
                searched,
                language,
                ..in_english
            });
        }
        Ok(Outcome {
            question: outcome.question,
            searched,
            language,
            via_glossary: Some(english),
            ..in_english
        })
    }

    fn answer_only_in(
        &self,
        question: &str,
        top: usize,
        language: &'static Language,
    ) -> anyhow::Result<Outcome> {
        let tokens = question_tokens_of(question, language);
        let end = tokens.len();
        self.answer_tokens(question, tokens, end, None, top, language)
    }

    /// Answers `question`, already cut into `question_tokens` ([`question_tokens`]), among the
    /// paragraphs in `language`.
    fn answer_tokens(
        &self,
        question: &str,
        question_tokens: Vec<question::Token>,
        carried_from: usize,
        kinds: Option<&[Kind]>,
        top: usize,
        language: &'static Language,
    ) -> anyhow::Result<Outcome> {
        let snapshot = self.index.snapshot();
        let synonyms = self.prepared_synonyms(&snapshot.info, language);
        let analysis = analyse(
            question_tokens,
            carried_from,
            kinds,
            language,
            &snapshot,
            &synonyms,
            &self.ranking,
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
        };
        let Some(query) = build_query(&analysis, &snapshot, &self.ranking) else {
            return Ok(outcome);
        };
        // Retrieve at least the reranking depth, so reranking can lift a better one into view.
        let rerank_depth = self.ranking.rerank_depth_for(&analysis.kinds);
        let depth = top.max(1).max(rerank_depth);
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
            let stored = snapshot.stored_paragraph(address)?;
            let document = snapshot.info.documents.get(stored.document);
            let marks = marks(&stored.words, &stored.sentences, &analysis);
            let matched = match_concepts(&analysis, &marks.marks);
            let coverage = coverage(&analysis, &matched, &self.ranking);
            let kinds = analysis.kinds_in(&stored.text);
            let has_kind = analysis.holds_asked_kind(&kinds);
            let phrases = phrase_share(&analysis, &marks.marks);
            let score = self.ranking.rerank(bm25, coverage, phrases, has_kind);
            let misses_focus = analysis.focus.is_some_and(|focus| matched[focus].is_none());
            // A caption is searched like any paragraph, but it describes the photo, not the
            // news: it answers only a question about the picture.
            let is_caption = document.is_some_and(|d| d.meta.captions.contains(&stored.paragraph));
            let lacks_kind = self.ranking.kinds_required && !analysis.could_hold_asked_kind(&kinds);
            let set_aside = if misses_focus {
                Some(SetAside::MissesFocus)
            } else if lacks_kind {
                Some(SetAside::LacksAnswerKind)
            } else if self.ranking.captions_answer_only_pictures
                && is_caption
                && !analysis.about_a_picture
            {
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
        let min_coverage = self.ranking.min_coverage;
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
        let weights = sentence_weights(&analysis, &self.ranking);
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
                &self.ranking,
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
                .is_some_and(|best| best.coverage >= self.ranking.min_coverage);
        Ok(outcome)
    }

    /// The engine's floor, for benchmarks only: the question's content words as a plain
    /// disjunction of term queries, top `top` by BM25, nothing fetched or ranked further.
    /// Returns how many paragraphs were found.
    pub fn bare_search(&self, question: &str, top: usize) -> anyhow::Result<usize> {
        let snapshot = self.index.snapshot();
        let language = self.language_of(question, None);
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

    fn prepared_synonyms(
        &self,
        info: &Arc<IndexInfo>,
        language: &'static Language,
    ) -> Arc<PreparedSynonyms> {
        let mut cached = self
            .synonyms
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        cached.retain(|(_, prepared)| Arc::ptr_eq(&prepared.info, info));
        if let Some((_, prepared)) = cached.iter().find(|(code, _)| *code == language.code) {
            return Arc::clone(prepared);
        }
        let prepared = Arc::new(prepare_synonyms(info, language));
        cached.push((language.code, Arc::clone(&prepared)));
        prepared
    }
}
