//! Turns per chat: the bot handles one chat's messages one at a time and in the order they
//! came, and messages of different chats at once.
//!
//! The first message of an idle chat is handled right away, by the task it arrived on; a
//! message for a busy chat is queued, and that chat's task handles it when it has finished
//! the ones before. A waiting message costs only itself: not a parked task, and not a worker
//! per chat. (teloxide can keep the order itself, with a worker per chat, but each worker's
//! queue allocates blocks of 32 updates and keeps them while the chat stays among the
//! busiest; parking a task per waiting message costs a task's memory per message. The
//! figures are in docs/PERFORMANCE.md.)
//!
//! A chat's queue is bounded: past [`ChatTurns::new`]'s limit a message is dropped, and the
//! chat is told so at most once a minute (never a reply per dropped message), so a flooded
//! group costs bounded memory and its waiting messages a bounded delay.
//!
//! Pure and synchronous: the bot calls [`ChatTurns::arrive`] when a message comes in and
//! [`ChatTurns::next`] when it has handled one; `now` is passed in, so it is tested without
//! waiting.

use std::collections::{HashMap, VecDeque};
use std::num::NonZeroUsize;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use lru::LruCache;

/// At most one "too many messages" notice per chat in this time.
const NOTICE_EVERY: Duration = Duration::from_secs(60);

/// Chats whose last notice is remembered (the least recently told are forgotten first).
const REMEMBER_NOTICES: NonZeroUsize = NonZeroUsize::new(10_000).unwrap();

/// What became of a message that came in.
#[derive(Debug, PartialEq, Eq)]
pub enum Arrival<T> {
    /// The chat was idle: handle it now, then ask [`ChatTurns::next`] for more.
    HandleNow(T),
    /// The chat is busy: it waits its turn.
    Queued,
    /// The chat's queue is full: the message is dropped; `notify` is true when the chat has
    /// not been told so in the last minute.
    Dropped { message: T, notify: bool },
}

/// The messages waiting in each busy chat. A chat is in the map exactly while a task is
/// handling its messages.
#[derive(Debug)]
pub struct ChatTurns<T> {
    max_waiting: usize,
    state: Mutex<Turns<T>>,
}

#[derive(Debug)]
struct Turns<T> {
    busy: HashMap<i64, VecDeque<T>>,
    last_notice: LruCache<i64, Instant>,
}

impl<T> ChatTurns<T> {
    /// Turns where each busy chat has at most `max_waiting` messages waiting (at least one).
    pub fn new(max_waiting: usize) -> Self {
        ChatTurns {
            max_waiting: max_waiting.max(1),
            state: Mutex::new(Turns {
                busy: HashMap::new(),
                last_notice: LruCache::new(REMEMBER_NOTICES),
            }),
        }
    }

    /// A message for `chat` came in at `now`.
    pub fn arrive(&self, chat: i64, message: T, now: Instant) -> Arrival<T> {
        let mut turns = self.lock();
        let Turns { busy, last_notice } = &mut *turns;
        match busy.get_mut(&chat) {
            Some(waiting) if waiting.len() >= self.max_waiting => {
                let notify = last_notice
                    .get(&chat)
                    .is_none_or(|told| now.saturating_duration_since(*told) >= NOTICE_EVERY);
                if notify {
                    last_notice.put(chat, now);
                }
                Arrival::Dropped { message, notify }
            }
            Some(waiting) => {
                waiting.push_back(message);
                Arrival::Queued
            }
            None => {
                busy.insert(chat, VecDeque::new());
                Arrival::HandleNow(message)
            }
        }
    }

    /// The caller has handled a message of `chat`: the next one to handle, or `None`, and the
    /// chat is idle again.
    pub fn next(&self, chat: i64) -> Option<T> {
        let mut turns = self.lock();
        let next = turns.busy.get_mut(&chat).and_then(VecDeque::pop_front);
        if next.is_none() {
            turns.busy.remove(&chat);
        }
        next
    }

    /// Chats with a message being handled (for tests).
    #[cfg(test)]
    pub fn busy_chats(&self) -> usize {
        self.lock().busy.len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Turns<T>> {
        self.state
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use Arrival::{Dropped, HandleNow, Queued};

    #[test]
    fn a_busy_chat_queues_its_messages_in_order_and_other_chats_go_on() {
        let turns = ChatTurns::new(10);
        let now = Instant::now();
        assert_eq!(turns.arrive(1, "a1", now), HandleNow("a1"));
        assert_eq!(turns.arrive(1, "a2", now), Queued);
        assert_eq!(
            turns.arrive(2, "b1", now),
            HandleNow("b1"),
            "chat 2 does not wait for chat 1"
        );
        assert_eq!(turns.arrive(1, "a3", now), Queued);
        assert_eq!(turns.busy_chats(), 2);
        assert_eq!(turns.next(1), Some("a2"));
        assert_eq!(turns.next(2), None);
        assert_eq!(turns.next(1), Some("a3"));
        assert_eq!(turns.next(1), None);
        assert_eq!(turns.busy_chats(), 0, "idle chats are forgotten");
        assert_eq!(
            turns.arrive(1, "a4", now),
            HandleNow("a4"),
            "an idle chat starts again"
        );
    }

    #[test]
    fn past_its_limit_a_chat_drops_messages_and_is_told_at_most_once_a_minute() {
        let turns = ChatTurns::new(2);
        let start = Instant::now();
        let at = |s: u64| start + Duration::from_secs(s);
        assert_eq!(turns.arrive(1, 0, at(0)), HandleNow(0));
        assert_eq!(turns.arrive(1, 1, at(0)), Queued);
        assert_eq!(turns.arrive(1, 2, at(0)), Queued);
        let dropped = |message, notify| Dropped { message, notify };
        assert_eq!(turns.arrive(1, 3, at(1)), dropped(3, true));
        assert_eq!(turns.arrive(1, 4, at(2)), dropped(4, false));
        assert_eq!(turns.arrive(1, 5, at(59)), dropped(5, false));
        // Another chat has its own queue and its own notice.
        assert_eq!(turns.arrive(2, 0, at(2)), HandleNow(0));
        // Room again once one is handled; what was dropped never comes back.
        assert_eq!(turns.next(1), Some(1));
        assert_eq!(turns.arrive(1, 6, at(3)), Queued);
        assert_eq!(turns.arrive(1, 7, at(61)), dropped(7, true));
        assert_eq!(turns.next(1), Some(2));
        assert_eq!(turns.next(1), Some(6));
        assert_eq!(turns.next(1), None);
        // Idle again: the next burst fills the queue anew, and is told within the minute
        // only if a minute has passed since the last notice.
        assert_eq!(turns.arrive(1, 8, at(62)), HandleNow(8));
        assert_eq!(turns.arrive(1, 9, at(62)), Queued);
        assert_eq!(turns.arrive(1, 10, at(62)), Queued);
        assert_eq!(turns.arrive(1, 11, at(63)), dropped(11, false));
        assert_eq!(turns.arrive(1, 12, at(121)), dropped(12, true));
    }

    #[test]
    fn concurrent_arrivals_are_each_handled_exactly_once_in_order() {
        // Four threads send to the same three chats at once; whoever finds a chat idle
        // handles its queue.
        let turns = ChatTurns::new(usize::MAX);
        let now = Instant::now();
        let handled = Mutex::new(Vec::new());
        std::thread::scope(|scope| {
            for sender in 0..4 {
                let (turns, handled) = (&turns, &handled);
                scope.spawn(move || {
                    for i in 0..3000 {
                        let chat = i % 3;
                        let Arrival::HandleNow(mut message) = turns.arrive(chat, (sender, i), now)
                        else {
                            continue;
                        };
                        loop {
                            handled.lock().unwrap().push((chat, message));
                            match turns.next(chat) {
                                Some(queued) => message = queued,
                                None => break,
                            }
                        }
                    }
                });
            }
        });
        let handled = handled.into_inner().unwrap();
        assert_eq!(handled.len(), 4 * 3000, "each message handled exactly once");
        for chat in 0..3 {
            for sender in 0..4 {
                let order: Vec<i64> = handled
                    .iter()
                    .filter(|(c, (s, _))| *c == chat && *s == sender)
                    .map(|(_, (_, i))| *i)
                    .collect();
                assert!(
                    order.windows(2).all(|w| w[0] < w[1]),
                    "chat {chat}, sender {sender}"
                );
                assert_eq!(order.len(), 1000);
            }
        }
        assert_eq!(turns.busy_chats(), 0);
    }
}
