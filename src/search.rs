//! Search: a question in, ranked passages and one decision out. [`Answerer`] is the one answer
//! path of `ask`, `eval`, `bench` and the bot; each answer reads one index snapshot, and
//! everything it returns comes from it.
//!
//! The rooms, in the order a question flows through them (none calls back up):
//! - [`tokens`] cuts text into stemmed tokens in its language; [`prepared`] holds what an
//!   index build's synonyms and glossary become, once, for all questions ([`glossary`] reads a
//!   question into English through it).
//! - [`question`] reads the tokens into an [`analysis::Analysis`]: *concepts* (each content
//!   word typed, or a synonym group one of its phrases belongs to), each matched by any of its
//!   *alternatives* — the typed word (weight 1), the other members of its synonym group
//!   ([`Ranking::synonym_weight`]), or for a word the index has never seen its nearest words
//!   ([`typos`] over [`typo_automaton`], [`Ranking::typo_weight`]) — with the kinds of answer
//!   asked ([`crate::kinds`]) and the focus ([`crate::focus`]).
//! - [`retrieve`] runs the rest over one snapshot: [`query`] builds the Tantivy query in code
//!   (user text never reaches a query parser, so `text:foo AND (` is only words; one concept
//!   with several alternatives is a [`concept_query`]); Tantivy ranks paragraphs with BM25;
//!   [`passage`] reads each of the few returned against the analysis (the share of concepts
//!   covered, adjacent words side by side, the kind of answer asked); [`ranking`] combines these
//!   ([`Ranking::rerank`]). The best paragraph is the answer when it covers enough of the
//!   question ([`Ranking::min_coverage`]); otherwise the bot declines. Inside the answer, each
//!   sentence is scored as a tiny BM25 document and the best is marked.
//! - [`outcome`] holds what comes out; [`lookup`] finds paragraphs by key or id and in another
//!   language; [`more`] picks the next passage for "tell me more" and "who else?".

use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::index::{self, IndexInfo, SearchIndex, Snapshot};
pub(crate) use crate::kinds::Kind;
use crate::language::{self, Language};
pub(crate) use crate::small_talk::SmallTalk;
pub use outcome::{Original, Outcome, Passage, PassageId, SetAside, doc_hash, paragraph_key};
use prepared::{PreparedSynonyms, prepare_synonyms};
pub use ranking::Ranking;
use retrieve::Asked;
use tokens::{Token, tokens, tokens_of_words};

mod analysis;
mod concept_query;
mod glossary;
mod lookup;
mod more;
mod outcome;
mod passage;
mod prepared;
mod query;
mod question;
mod ranking;
mod retrieve;
mod tokens;
mod typo_automaton;
mod typos;

/// How many candidates "tell me more" looks through for one not shown yet.
const MORE_DEPTH: usize = 10;

/// Questions longer than this are read only up to here: nobody's question is longer, and the
/// work per question stays bounded.
pub(crate) const MAX_QUESTION_CHARS: usize = 1_000;

/// A question to answer, with what a conversation adds to it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Request<'a> {
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
fn question_tokens_of(question: &str, language: &'static Language) -> Vec<Token> {
    tokens(first_chars(question, MAX_QUESTION_CHARS), language)
}

/// The language `question` is written in ([`language::detect_with`]), with the words each
/// language's documents in `snapshot` hold as evidence.
fn detect(snapshot: &Snapshot, question: &str, hint: Option<&str>) -> &'static Language {
    // A word counts as the documents' when its stem is theirs: "elektromobil" is in the
    // Uzbek documents as "elektromobillar".
    language::detect_with(question, hint, |language, stem| {
        snapshot.stem(language, stem).is_some()
    })
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

    /// The ranking it answers with.
    pub fn ranking(&self) -> &Ranking {
        &self.ranking
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
    pub(crate) fn answer_hinted(
        &self,
        question: &str,
        top: usize,
        hint: Option<&str>,
    ) -> anyhow::Result<Outcome> {
        let snapshot = self.index.snapshot();
        let language = detect(&snapshot, question, hint);
        self.answer_request_in(&snapshot, &Request::new(question, language, top))
    }

    /// The language `question` is written in ([`language::detect_with`]), with the words each
    /// language's documents hold as evidence.
    pub(crate) fn language_of(&self, question: &str, hint: Option<&str>) -> &'static Language {
        detect(&self.index.snapshot(), question, hint)
    }

    /// As [`Answerer::answer`], with the question read in `language` and searched among the
    /// paragraphs written in it (small talk, such as "hi", is recognised first and searches
    /// nothing: [`crate::small_talk`]); when they don't answer it and the language has a glossary,
    /// the question is read through it into English and the English documents are searched
    /// (documents nobody has translated yet).
    pub(crate) fn answer_in(
        &self,
        question: &str,
        top: usize,
        language: &'static Language,
    ) -> anyhow::Result<Outcome> {
        self.answer_request(&Request::new(question, language, top))
    }

    /// As [`Answerer::answer_in`], with what a conversation adds ([`Request`]).
    pub(crate) fn answer_request(&self, request: &Request<'_>) -> anyhow::Result<Outcome> {
        self.answer_request_in(&self.index.snapshot(), request)
    }

    /// [`Answerer::answer_request`] in `snapshot`: everything the answer returns comes from it.
    fn answer_request_in(
        &self,
        snapshot: &Snapshot,
        request: &Request<'_>,
    ) -> anyhow::Result<Outcome> {
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
            info: snapshot.info.clone(),
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
        let asked = Asked {
            question,
            tokens: question_tokens,
            carried_from,
            kinds: request.kinds,
            top,
            language,
        };
        let mut outcome = self.retrieve(snapshot, asked)?;
        outcome.searched = searched.clone();
        if outcome.answered || language == language::DEFAULT || follow_up {
            return Ok(outcome);
        }
        let synonyms = self.prepared_synonyms(&snapshot.info, language);
        let Some(english) = synonyms
            .glossary
            .as_ref()
            .and_then(|glossary| glossary.to_english(text, language))
        else {
            return Ok(outcome);
        };
        let mut in_english = self.answer_only_in(snapshot, &english, top, language::DEFAULT)?;
        if !in_english.answered {
            return Ok(outcome);
        }
        // Found through the glossary, the passage may have a translation in the question's
        // language after all ("ishlatiladi" where it says "qo‘llaniladi"): shown, if so.
        if let Some(best) = in_english.candidates.first_mut()
            && let Some(translated) = lookup::in_language(snapshot, best, language)?
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
        snapshot: &Snapshot,
        question: &str,
        top: usize,
        language: &'static Language,
    ) -> anyhow::Result<Outcome> {
        let tokens = question_tokens_of(question, language);
        let asked = Asked {
            question,
            carried_from: tokens.len(),
            tokens,
            kinds: None,
            top,
            language,
        };
        self.retrieve(snapshot, asked)
    }

    fn retrieve(&self, snapshot: &Snapshot, asked: Asked<'_>) -> anyhow::Result<Outcome> {
        let synonyms = self.prepared_synonyms(&snapshot.info, asked.language);
        retrieve::answer(snapshot, &synonyms, &self.ranking, asked)
    }

    /// The next passage for `request` that is not among `shown` and could be an answer on its
    /// own (and holds a `holding`, when given): for "tell me more" and "who else?". A
    /// translation's passage comes with its original's text, as an answer does.
    pub(crate) fn next_passage(
        &self,
        request: &Request<'_>,
        shown: &[PassageId],
        holding: Option<Kind>,
    ) -> anyhow::Result<Option<Passage>> {
        let snapshot = self.index.snapshot();
        let request = Request {
            top: MORE_DEPTH,
            ..*request
        };
        let outcome = self.answer_request_in(&snapshot, &request)?;
        // "Who else?" asks for a person the passages shown do not name yet.
        let mut shown_texts = Vec::new();
        if holding == Some(Kind::Person) {
            for &id in shown {
                if let Some(passage) = lookup::by_id(&snapshot, id)? {
                    shown_texts.push(passage.text);
                }
            }
        }
        let shown_texts: Vec<&str> = shown_texts.iter().map(String::as_str).collect();
        let next = more::next(
            outcome,
            shown,
            &shown_texts,
            holding,
            self.ranking.min_coverage,
        );
        next.map(|passage| lookup::with_original_text(&snapshot, passage))
            .transpose()
    }

    /// The paragraph a message quotes (the text of one of the bot's answers, which opens with
    /// its quote), if the documents hold it.
    pub(crate) fn locate(&self, quote: &str) -> anyhow::Result<Option<Passage>> {
        let snapshot = self.index.snapshot();
        let opening = first_chars(quote.trim_start_matches(['“', '"', '«']), 300);
        let language = detect(&snapshot, opening, None);
        let found = self.answer_only_in(&snapshot, opening, 3, language)?;
        let start: String = opening.chars().take(40).collect();
        Ok(found
            .candidates
            .into_iter()
            .find(|passage| passage.text.starts_with(start.trim()) && !start.trim().is_empty()))
    }

    /// The passage `id` names, as [`Answerer::paragraph`] gives it; `None` when the index
    /// served now has no such paragraph (it was reindexed away).
    pub fn passage(&self, id: PassageId) -> anyhow::Result<Option<Passage>> {
        lookup::by_id(&self.index.snapshot(), id)
    }

    /// The passage of paragraph `key` (`doc-id#paragraph`) as it stands, with its original's
    /// text when its document translates one; `None` when the index has no such paragraph.
    pub fn paragraph(&self, key: &str) -> anyhow::Result<Option<Passage>> {
        lookup::paragraph(&self.index.snapshot(), key)
    }

    /// The paragraph that says what `passage` says in `language`: itself when it is in that
    /// language, else the translation of its original (or of it) into that language, with the
    /// original's text; `None` when there is no such translation.
    pub(crate) fn in_language(
        &self,
        passage: &Passage,
        language: &'static Language,
    ) -> anyhow::Result<Option<Passage>> {
        lookup::in_language(&self.index.snapshot(), passage, language)
    }

    /// Whether a candidate could be an answer on its own: not set aside, and covering enough of
    /// the question. The answer is the first candidate when it could; "tell me more" and inline
    /// mode offer the others that could.
    pub(crate) fn could_answer(&self, passage: &Passage) -> bool {
        passage.set_aside.is_none() && passage.coverage >= self.ranking.min_coverage
    }

    /// The engine's floor, for benchmarks only: the question's content words as a plain
    /// disjunction of term queries, top `top` by BM25, nothing fetched or ranked further.
    /// Returns how many paragraphs were found.
    pub(crate) fn bare_search(&self, question: &str, top: usize) -> anyhow::Result<usize> {
        let snapshot = self.index.snapshot();
        let language = detect(&snapshot, question, None);
        retrieve::bare_search(&snapshot, question, language, top)
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
