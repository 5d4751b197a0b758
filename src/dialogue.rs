//! The conversation: what a message or a press of More does in its chat, given what the bot
//! remembers of it. No Telegram here: the bot ([`crate::bot`]) and `eval`'s conversation sets
//! both run it, so every rule is measured offline.
//!
//! What is remembered: every answer the bot gave, under a short *key* (which a More button
//! carries and a reply to the answer's message finds), with the question it answered, the
//! language it was searched in and the passages shown for it; and each chat's last answer. In
//! memory only, bounded ([`MAX_ANSWERS`], least recently used first) and forgotten after
//! [`TURN_TTL`] for a chat's own follow-ups.
//!
//! How a message reads ([`read`]):
//! - "more", "tell me more", "кто ещё?", "yana" ask for the next passage of the answer before
//!   (or of the one replied to); with none, the bot asks for a question first.
//! - A message with nothing of its own to search ("and when?", "где?", "nega?") or a pronoun
//!   that stands for the last topic ("when was it signed?") continues it: the previous topic is
//!   searched too, weighing less than the message's own words, and the kind of answer asked
//!   comes from the message alone. With nothing before it, the bot asks for a whole question.
//! - Any other message is a question on its own ("when was the memorandum signed?" after a
//!   question about MINExpo is about the signing, not about MINExpo).
//! - A reply to one of the bot's answers continues *that* answer, in any language: a follow-up
//!   in another language than the answer's is searched in the answer's language, asking for
//!   the kind of answer the follow-up asks, and the passage is shown in the follow-up's
//!   language (its translation, when there is one).

use std::sync::Mutex;
use std::time::{Duration, Instant};

use lru::LruCache;

use crate::kinds::Kind;
use crate::language::{self, Language};
use crate::search::{Answerer, Outcome, Passage, PassageId, Request};

mod reading;
mod turn;

pub use reading::{Reading, read};
use turn::{TOP, cut, plain_words};
pub use turn::{Turn, topic};

/// A chat's last answer is no longer followed up this long after it.
pub const TURN_TTL: Duration = Duration::from_secs(15 * 60);

/// How many answers (and chats) are remembered at most: about as many as can have been given
/// in [`TURN_TTL`], at Telegram's 30 messages a second. An answer costs a few hundred bytes.
pub const MAX_ANSWERS: usize = 30_000;

/// How many words of a forgotten answer's paragraph stand for its topic.
const MAX_RECOVERED_WORDS: usize = 8;

/// What came into a chat.
#[derive(Debug, Clone, Copy)]
pub enum Said<'a> {
    /// A message; `hint` is the sender's interface language, `replying_to` the bot's message
    /// it replies to.
    Text {
        text: &'a str,
        hint: Option<&'a str>,
        replying_to: Option<Replied<'a>>,
    },
    /// A press of More under the answer with `key` (none in data from before keys); `question`
    /// is the message that answer replied to, and `shown` the text of the answer itself, when
    /// known.
    More {
        key: Option<u32>,
        question: Option<&'a str>,
        shown: Option<&'a str>,
        hint: Option<&'a str>,
    },
}

/// One of the bot's messages that a message replies to: the key of the answer it carries
/// (read from its More button, which names it) and its text, when known.
#[derive(Debug, Clone, Copy, Default)]
pub struct Replied<'a> {
    pub key: Option<u32>,
    pub text: Option<&'a str>,
}

/// What to reply.
#[derive(Debug, Clone)]
pub enum Response {
    /// The reply to a message: an answer, a decline or small talk, in the language to reply
    /// in. `key` names an answer for its More button.
    Answer { outcome: Outcome, key: Option<u32> },
    /// The next passage of an earlier answer (or the same one in another language), in `lang`.
    Next {
        passage: Passage,
        lang: &'static Language,
        key: u32,
    },
    /// Every passage for that answer has been shown; `pressed` when a button asked.
    NothingMore {
        lang: &'static Language,
        pressed: bool,
    },
    /// "more" or "and when?" with nothing asked before.
    AskFirst { lang: &'static Language },
    /// A More press whose answer is forgotten and whose question cannot be read.
    Forgotten { lang: &'static Language },
    /// The last answer was asked for in a language its passage has no translation into.
    NoTranslation { lang: &'static Language },
}

impl Response {
    /// The key of the answer shown, if one is.
    pub fn key(&self) -> Option<u32> {
        match self {
            Response::Answer { key, .. } => *key,
            Response::Next { key, .. } => Some(*key),
            _ => None,
        }
    }

    /// The passage shown, if one is.
    pub fn passage(&self) -> Option<&Passage> {
        match self {
            Response::Answer { outcome, .. } => outcome.answer(),
            Response::Next { passage, .. } => Some(passage),
            _ => None,
        }
    }
}

/// Every answer and chat remembered.
pub struct Dialogue {
    state: Mutex<State>,
    ttl: Duration,
}

struct State {
    answers: LruCache<u32, Turn>,
    /// Each chat's last answer, and when it was given.
    chats: LruCache<i64, (u32, Instant)>,
    next_key: u32,
    capacity: usize,
}

impl Dialogue {
    pub fn new(capacity: usize, ttl: Duration) -> Dialogue {
        Dialogue {
            state: Mutex::new(State {
                answers: LruCache::unbounded(),
                chats: LruCache::unbounded(),
                next_key: 1,
                capacity: capacity.max(1),
            }),
            ttl,
        }
    }

    /// The turn remembered under `key`.
    pub fn turn(&self, key: u32) -> Option<Turn> {
        self.lock().answers.get(&key).cloned()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }

    /// What `said` in `chat` does, answered on `answerer`'s answer path.
    pub fn respond(
        &self,
        answerer: &Answerer,
        chat: i64,
        said: Said<'_>,
        now: Instant,
    ) -> anyhow::Result<Response> {
        match said {
            Said::Text {
                text,
                hint,
                replying_to,
            } => self.respond_to_text(answerer, chat, text, hint, replying_to, now),
            Said::More {
                key,
                question,
                shown: shown_text,
                hint,
            } => {
                let remembered = key.and_then(|key| self.turn(key).map(|turn| (key, turn)));
                if let Some((key, turn)) = remembered {
                    return self.next(answerer, chat, (key, turn), true, None, now);
                }
                // Forgotten (a restart, or long ago): the question is in the message the answer
                // replied to.
                let Some(question) = question.filter(|q| !q.trim().is_empty()) else {
                    return Ok(Response::Forgotten {
                        lang: language::for_interface(hint),
                    });
                };
                let language = answerer.language_of(question, hint);
                let outcome = answerer.answer_request(&Request::new(question, language, TOP))?;
                // The answer the button is under may be a later passage than the first.
                let mut shown: Vec<PassageId> =
                    outcome.answer().map(Passage::id).into_iter().collect();
                if let Some(under) = shown_text
                    .map(|text| answerer.locate(text))
                    .transpose()?
                    .flatten()
                    && !shown.contains(&under.id())
                {
                    shown.push(under.id());
                }
                let turn = Turn {
                    question: cut(question),
                    carried: None,
                    kinds: None,
                    asked: outcome.answer_kinds.as_slice().into(),
                    language,
                    shown_in: language,
                    shown,
                };
                let key = self.remember(chat, turn.clone(), now);
                self.next(answerer, chat, (key, turn), true, None, now)
            }
        }
    }

    fn respond_to_text(
        &self,
        answerer: &Answerer,
        chat: i64,
        text: &str,
        hint: Option<&str>,
        replying_to: Option<Replied<'_>>,
        now: Instant,
    ) -> anyhow::Result<Response> {
        let language = answerer.language_of(text, hint);
        // What the message follows: the answer it replies to, else the chat's last one.
        let previous = match replying_to {
            Some(replied) => self.replied(answerer, replied)?,
            None => self.last(chat, now),
        };
        let explicit = replying_to.is_some();
        let reading = read(
            text,
            language,
            previous.as_ref().map(|(_, turn)| turn),
            explicit,
        );
        match (reading, previous) {
            (Reading::Translate(target), Some((key, turn))) => {
                let shown = match turn.shown.last() {
                    Some(&shown) => answerer.passage(shown)?,
                    None => None,
                };
                let Some(shown) = shown else {
                    return Ok(Response::AskFirst { lang: target });
                };
                Ok(match answerer.in_language(&shown, target)? {
                    Some(passage) => Response::Next {
                        passage,
                        lang: target,
                        key,
                    },
                    None => Response::NoTranslation { lang: target },
                })
            }
            (Reading::Translate(target), None) => Ok(Response::AskFirst { lang: target }),
            (Reading::OwnFirst(topic), Some(_)) => {
                // "who signed it?" after a question about MINExpo: the memorandum, when the
                // question finds an answer on its own.
                let own = self.ask(answerer, chat, text, None, false, language, now)?;
                if matches!(&own, Response::Answer { outcome, .. } if outcome.answered) {
                    return Ok(own);
                }
                self.ask(answerer, chat, text, Some(topic), false, language, now)
            }
            (Reading::NothingToFollow, _) | (Reading::More, None) => {
                Ok(Response::AskFirst { lang: language })
            }
            (Reading::More, Some((key, turn))) => {
                self.next(answerer, chat, (key, turn), false, None, now)
            }
            (Reading::WhoElse, Some((key, turn))) => {
                self.next(answerer, chat, (key, turn), false, Some(Kind::Person), now)
            }
            (Reading::WhoElse, None) => Ok(Response::AskFirst { lang: language }),
            (Reading::Continues(topic), Some((_, turn))) if turn.language != language => {
                // A follow-up in another language than the answer's: searched in the answer's
                // language, for the kind of answer the follow-up asks, shown in its own.
                let searched_in = turn.language;
                let words = plain_words(text, language);
                let words: Vec<&str> = words.iter().map(String::as_str).collect();
                let mut kinds = language.kinds.asked_for(&words);
                if kinds.is_empty() {
                    kinds = turn.asked.to_vec();
                }
                let request = Request {
                    question: "",
                    language: searched_in,
                    carried: Some(&topic),
                    kinds: Some(&kinds),
                    carried_in_full: false,
                    top: TOP,
                };
                let mut outcome = answerer.answer_request(&request)?;
                outcome.question = text.to_owned();
                let shown = outcome.answer().map(Passage::id).into_iter().collect();
                if let Some(best) = outcome.candidates.first_mut().filter(|_| outcome.answered)
                    && let Some(translated) = answerer.in_language(best, language)?
                {
                    *best = translated;
                }
                outcome.language = language;
                let turn = Turn {
                    question: "".into(),
                    carried: Some(topic.into()),
                    asked: kinds.as_slice().into(),
                    kinds: Some(kinds.into()),
                    language: searched_in,
                    shown_in: language,
                    shown,
                };
                let key = self.remember(chat, turn, now);
                Ok(Response::Answer {
                    key: outcome.answered.then_some(key),
                    outcome,
                })
            }
            (Reading::Continues(topic), Some((_, turn))) => {
                // The kind of answer asked comes from the message; when it asks none ("а со
                // стороны США?"), the one the answer before asked for.
                let words = plain_words(text, language);
                let words: Vec<&str> = words.iter().map(String::as_str).collect();
                let mut kinds = language.kinds.asked_for(&words);
                if kinds.is_empty() {
                    kinds = turn.asked.to_vec();
                }
                // "How many?" after a list counts it ("how old is he?" after a list of
                // names does not: it names what it asks about).
                if kinds == [Kind::Quantity]
                    && self::topic(text, language).is_empty()
                    && shows_a_list(answerer, &turn)?
                {
                    kinds.push(Kind::Scope);
                }
                self.ask_with(
                    answerer,
                    chat,
                    text,
                    Some(topic),
                    Some(kinds),
                    explicit,
                    language,
                    now,
                )
            }
            (Reading::Alongside(topic), Some(_)) => {
                self.ask(answerer, chat, text, Some(topic), false, language, now)
            }
            (_, _) => self.ask(answerer, chat, text, None, false, language, now),
        }
    }

    /// Answers `text` (with `carried`, a follow-up's topic, weighing in full when the
    /// message replies to the answer it comes from) and remembers the answer.
    #[allow(clippy::too_many_arguments)]
    fn ask(
        &self,
        answerer: &Answerer,
        chat: i64,
        text: &str,
        carried: Option<String>,
        carried_in_full: bool,
        language: &'static Language,
        now: Instant,
    ) -> anyhow::Result<Response> {
        self.ask_with(
            answerer,
            chat,
            text,
            carried,
            None,
            carried_in_full,
            language,
            now,
        )
    }

    /// As [`Dialogue::ask`], asking for `kinds` when given.
    #[allow(clippy::too_many_arguments)]
    fn ask_with(
        &self,
        answerer: &Answerer,
        chat: i64,
        text: &str,
        carried: Option<String>,
        kinds: Option<Vec<Kind>>,
        carried_in_full: bool,
        language: &'static Language,
        now: Instant,
    ) -> anyhow::Result<Response> {
        let request = Request {
            question: text,
            language,
            carried: carried.as_deref(),
            kinds: kinds.as_deref(),
            carried_in_full,
            top: TOP,
        };
        let outcome = answerer.answer_request(&request)?;
        if outcome.small_talk.is_some() {
            return Ok(Response::Answer { outcome, key: None });
        }
        // A declined question is the chat's last too: "more" after it does not continue an
        // older one.
        let turn = Turn {
            question: cut(outcome.searched.as_deref().unwrap_or(text)),
            carried: carried.map(String::into_boxed_str),
            kinds: kinds.map(Vec::into_boxed_slice),
            asked: outcome.answer_kinds.as_slice().into(),
            language,
            shown_in: language,
            shown: outcome.answer().map(Passage::id).into_iter().collect(),
        };
        let key = self.remember(chat, turn, now);
        Ok(Response::Answer {
            key: outcome.answered.then_some(key),
            outcome,
        })
    }

    /// The next passage of the answer `key` (its `turn`), remembered as shown.
    fn next(
        &self,
        answerer: &Answerer,
        chat: i64,
        (key, turn): (u32, Turn),
        pressed: bool,
        holding: Option<Kind>,
        now: Instant,
    ) -> anyhow::Result<Response> {
        let lang = turn.shown_in;
        let next = answerer.next_passage(&turn.request(), &turn.shown, holding)?;
        let Some(passage) = next else {
            return Ok(Response::NothingMore { lang, pressed });
        };
        {
            let mut state = self.lock();
            if let Some(turn) = state.answers.get_mut(&key) {
                turn.shown.push(passage.id());
            }
            let capacity = state.capacity;
            put_within(&mut state.chats, capacity, chat, (key, now));
        }
        let passage = answerer.in_language(&passage, lang)?.unwrap_or(passage);
        Ok(Response::Next { passage, lang, key })
    }

    /// Remembers `turn` as the chat's last answer; returns its key.
    fn remember(&self, chat: i64, turn: Turn, now: Instant) -> u32 {
        let mut state = self.lock();
        let key = state.next_key;
        // Keys wrap around long after the answer they named was forgotten; 0 is never one.
        state.next_key = state.next_key.checked_add(1).unwrap_or(1);
        let capacity = state.capacity;
        put_within(&mut state.answers, capacity, key, turn);
        put_within(&mut state.chats, capacity, chat, (key, now));
        key
    }

    /// The chat's last answer, unless it is too old to follow up.
    fn last(&self, chat: i64, now: Instant) -> Option<(u32, Turn)> {
        let mut state = self.lock();
        let (key, at) = *state.chats.get(&chat)?;
        if now.saturating_duration_since(at) >= self.ttl {
            state.chats.pop(&chat);
            return None;
        }
        state.answers.get(&key).cloned().map(|turn| (key, turn))
    }

    /// The answer the bot's message `message` carries: remembered, or read again from its text
    /// (the quoted paragraph), whose words then stand for the topic.
    fn replied(
        &self,
        answerer: &Answerer,
        replied: Replied<'_>,
    ) -> anyhow::Result<Option<(u32, Turn)>> {
        let remembered = replied
            .key
            .and_then(|key| self.turn(key).map(|turn| (key, turn)));
        if remembered.is_some() {
            return Ok(remembered);
        }
        let quote = replied.text;
        // Forgotten (a restart): the answer's message opens with the paragraph it quoted,
        // whose first sentence's words stand for its topic.
        let Some(passage) = quote.map(|q| answerer.locate(q)).transpose()?.flatten() else {
            return Ok(None);
        };
        let language = language::by_code(passage.language).unwrap_or(language::DEFAULT);
        let first_sentence = passage
            .text
            .split_inclusive(['.', '!', '?'])
            .next()
            .unwrap_or(&passage.text);
        let words: Vec<String> = topic(first_sentence, language)
            .split(' ')
            .take(MAX_RECOVERED_WORDS)
            .map(str::to_owned)
            .collect();
        Ok(Some((
            0,
            Turn {
                question: "".into(),
                carried: Some(words.join(" ").into()),
                kinds: None,
                asked: Box::default(),
                language,
                shown_in: language,
                shown: vec![passage.id()],
            },
        )))
    }
}

/// Puts `key` in `cache`, dropping the least recently used entries beyond `capacity`; returns
/// the value `key` had. (The caches are made unbounded and kept within their capacity here:
/// `LruCache::new(capacity)` allocates its table for the whole capacity at once, and a few
/// thousand chats spread over a table for 30,000 touch a megabyte of it.)
pub fn put_within<K: std::hash::Hash + Eq, V>(
    cache: &mut LruCache<K, V>,
    capacity: usize,
    key: K,
    value: V,
) -> Option<V> {
    let old = cache.put(key, value);
    while cache.len() > capacity {
        cache.pop_lru();
    }
    old
}

/// True when the last passage shown for `turn` lists things ("lithium, cobalt and nickel").
fn shows_a_list(answerer: &Answerer, turn: &Turn) -> anyhow::Result<bool> {
    let Some(key) = turn.shown.last() else {
        return Ok(false);
    };
    Ok(answerer.passage(*key)?.is_some_and(|passage| {
        language::by_code(passage.language)
            .unwrap_or(language::DEFAULT)
            .kinds
            .found_among(&passage.text, &[Kind::Scope])
            .contains(&Kind::Scope)
    }))
}
