//! What the bot remembers of each chat, to read follow-ups ("and when?", "tell me more"): the
//! last question answered there, the language it was read in, and the passages shown for it.
//!
//! In memory only, never written anywhere. Bounded: a turn expires after [`TURN_TTL`], and at
//! most `capacity` chats are remembered, the least recently active forgotten first.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use lru::LruCache;

/// A chat's last turn is forgotten this long after it.
pub const TURN_TTL: Duration = Duration::from_secs(15 * 60);

/// How many chats are remembered at most: as many as can have had an answer within
/// [`TURN_TTL`], since Telegram lets a bot send about 30 messages a second in all (30 × 900 s
/// = 27,000). A turn costs about 300 bytes (measured: 100,000 of them took 30 MB), so a
/// remembered chat that could not be recent would be memory spent on nothing.
pub const MAX_CHATS: usize = 30_000;

/// A remembered question is cut to this many characters: enough for any real question.
const MAX_QUESTION_CHARS: usize = 300;

/// The last question answered in a chat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    /// What was searched (for a follow-up, the question read with the one before).
    pub question: String,
    /// The language it was read in (ISO 639-1).
    pub language: &'static str,
    /// The passages shown for it, as `doc-id#paragraph`.
    pub shown: Vec<String>,
}

/// The turns of many chats.
pub struct Memory {
    chats: Mutex<LruCache<i64, (Turn, Instant)>>,
    capacity: usize,
    ttl: Duration,
}

impl Memory {
    pub fn new(capacity: usize, ttl: Duration) -> Memory {
        Memory {
            chats: Mutex::new(LruCache::unbounded()),
            capacity: capacity.max(1),
            ttl,
        }
    }

    /// The chat's last turn, unless it has expired.
    pub fn recall(&self, chat: i64, now: Instant) -> Option<Turn> {
        let mut chats = self.lock();
        let fresh = chats
            .get(&chat)
            .is_some_and(|(_, at)| now.saturating_duration_since(*at) < self.ttl);
        if fresh {
            chats.get(&chat).map(|(turn, _)| turn.clone())
        } else {
            chats.pop(&chat);
            None
        }
    }

    /// Remembers `turn` as the chat's last.
    pub fn remember(&self, chat: i64, mut turn: Turn, now: Instant) {
        if let Some((cut, _)) = turn.question.char_indices().nth(MAX_QUESTION_CHARS) {
            turn.question.truncate(cut);
        }
        put_within(&mut self.lock(), self.capacity, chat, (turn, now));
    }

    /// Adds a passage to those shown for the chat's last turn.
    pub fn shown(&self, chat: i64, passage: String, now: Instant) {
        if let Some((turn, at)) = self.lock().get_mut(&chat) {
            turn.shown.push(passage);
            *at = now;
        }
    }

    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, LruCache<i64, (Turn, Instant)>> {
        self.chats
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn turn(question: &str) -> Turn {
        Turn {
            question: question.into(),
            language: "en",
            shown: vec!["doc#3".into()],
        }
    }

    #[test]
    fn a_turn_is_recalled_until_it_expires() {
        let memory = Memory::new(10, Duration::from_secs(60));
        let start = Instant::now();
        memory.remember(1, turn("Who signed?"), start);
        memory.shown(1, "doc#2".into(), start);
        let recalled = memory.recall(1, start + Duration::from_secs(59)).unwrap();
        assert_eq!(recalled.shown, ["doc#3", "doc#2"]);
        assert_eq!(memory.recall(1, start + Duration::from_secs(61)), None);
        assert!(memory.is_empty());
        assert_eq!(memory.recall(2, start), None);
    }

    #[test]
    fn the_least_recently_active_chat_is_forgotten_first() {
        let memory = Memory::new(2, Duration::from_secs(60));
        let now = Instant::now();
        memory.remember(1, turn("one"), now);
        memory.remember(2, turn("two"), now);
        memory.recall(1, now);
        memory.remember(3, turn("three"), now);
        assert!(memory.recall(1, now).is_some());
        assert_eq!(memory.recall(2, now), None);
        assert_eq!(memory.len(), 2);
    }

    #[test]
    fn a_long_question_is_remembered_cut() {
        let memory = Memory::new(1, Duration::from_secs(60));
        let now = Instant::now();
        memory.remember(1, turn(&"ё".repeat(1000)), now);
        assert_eq!(memory.recall(1, now).unwrap().question.chars().count(), 300);
    }
}
