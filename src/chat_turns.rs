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
//! Pure and synchronous: the bot calls [`ChatTurns::arrive`] when a message comes in and
//! [`ChatTurns::next`] when it has handled one.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

/// The messages waiting in each busy chat. A chat is in the map exactly while a task is
/// handling its messages.
#[derive(Debug)]
pub struct ChatTurns<T> {
    busy: Mutex<HashMap<i64, VecDeque<T>>>,
}

impl<T> Default for ChatTurns<T> {
    fn default() -> Self {
        ChatTurns {
            busy: Mutex::new(HashMap::new()),
        }
    }
}

impl<T> ChatTurns<T> {
    /// A message for `chat` came in. Returns it when the chat was idle: the caller handles it
    /// now, then asks [`ChatTurns::next`] for more. Otherwise queues it and returns `None`.
    pub fn arrive(&self, chat: i64, message: T) -> Option<T> {
        let mut busy = self.lock();
        match busy.get_mut(&chat) {
            Some(waiting) => {
                waiting.push_back(message);
                None
            }
            None => {
                busy.insert(chat, VecDeque::new());
                Some(message)
            }
        }
    }

    /// The caller has handled a message of `chat`: the next one to handle, or `None`, and the
    /// chat is idle again.
    pub fn next(&self, chat: i64) -> Option<T> {
        let mut busy = self.lock();
        let next = busy.get_mut(&chat).and_then(VecDeque::pop_front);
        if next.is_none() {
            busy.remove(&chat);
        }
        next
    }

    /// Chats with a message being handled (for tests).
    #[cfg(test)]
    pub fn busy_chats(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, VecDeque<T>>> {
        self.busy
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_busy_chat_queues_its_messages_in_order_and_other_chats_go_on() {
        let turns = ChatTurns::default();
        assert_eq!(turns.arrive(1, "a1"), Some("a1"));
        assert_eq!(turns.arrive(1, "a2"), None);
        assert_eq!(
            turns.arrive(2, "b1"),
            Some("b1"),
            "chat 2 does not wait for chat 1"
        );
        assert_eq!(turns.arrive(1, "a3"), None);
        assert_eq!(turns.busy_chats(), 2);
        assert_eq!(turns.next(1), Some("a2"));
        assert_eq!(turns.next(2), None);
        assert_eq!(turns.next(1), Some("a3"));
        assert_eq!(turns.next(1), None);
        assert_eq!(turns.busy_chats(), 0, "idle chats are forgotten");
        assert_eq!(
            turns.arrive(1, "a4"),
            Some("a4"),
            "an idle chat starts again"
        );
    }

    #[test]
    fn concurrent_arrivals_are_each_handled_exactly_once_in_order() {
        // Four threads send to the same three chats at once; whoever finds a chat idle
        // handles its queue.
        let turns = ChatTurns::default();
        let handled = Mutex::new(Vec::new());
        std::thread::scope(|scope| {
            for sender in 0..4 {
                let (turns, handled) = (&turns, &handled);
                scope.spawn(move || {
                    for i in 0..3000 {
                        let chat = i % 3;
                        let Some(mut message) = turns.arrive(chat, (sender, i)) else {
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
