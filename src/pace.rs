//! Pacing: when each message may be sent so that Telegram's limits hold as Telegram counts —
//! about 30 messages a second in all, one a second in a chat, 20 a minute in a group.
//!
//! Every send reserves a slot: the earliest moment at or after now that is a whole spacing
//! away from every other reserved slot and a chat's spacing after that chat's last one. Even
//! spacing, not "30 in the last second", is what keeps a burst under the limit as the server
//! sees it: a window count lets 30 go out at its end and 30 more at the next one's start, and
//! requests released together arrive together. (teloxide's `Throttle`, which counts a window
//! by release, put 40 replies into one second of a burst of 300.)
//!
//! Pure and synchronous: the bot asks [`Pacer::reserve`] for a slot and sleeps until it.

use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Telegram's limits, as spacings between two messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Between any two messages the bot sends.
    pub overall: Duration,
    /// Between two messages in one private chat.
    pub private_chat: Duration,
    /// Between two messages in one group.
    pub group: Duration,
}

impl Limits {
    /// Telegram's FAQ: "no more than one message per second" in a chat, "no more than 20
    /// messages per minute" in a group, "about 30 messages per second" in all. The overall
    /// spacing keeps a margin (28 a second) for the jitter between sending and arriving.
    pub const TELEGRAM: Limits = Limits {
        overall: Duration::from_micros(1_000_000 / 28),
        private_chat: Duration::from_secs(1),
        group: Duration::from_secs(3),
    };
}

/// Slots reserved for sending, shared by every task that sends.
#[derive(Debug)]
pub struct Pacer {
    limits: Limits,
    state: Mutex<Reserved>,
}

#[derive(Debug, Default)]
struct Reserved {
    /// Every slot from a spacing ago on (earlier ones no longer constrain a new one).
    slots: BTreeSet<Instant>,
    /// Each chat's latest slot, kept while it still constrains that chat's next one.
    chats: HashMap<i64, Instant>,
}

impl Pacer {
    pub fn new(limits: Limits) -> Pacer {
        Pacer {
            limits,
            state: Mutex::new(Reserved::default()),
        }
    }

    /// Reserves the slot at which a message to `chat` (a group when `group`) may be sent,
    /// asked at `now`; the caller waits until then.
    pub fn reserve(&self, chat: i64, group: bool, now: Instant) -> Instant {
        let overall = self.limits.overall;
        let chat_spacing = if group {
            self.limits.group
        } else {
            self.limits.private_chat
        };
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let horizon = now.checked_sub(overall).unwrap_or(now);
        // Forget what no longer constrains anything.
        state.slots = state.slots.split_off(&horizon);
        if state.chats.len() > 1024 {
            let oldest_useful = now.checked_sub(self.limits.group).unwrap_or(now);
            state.chats.retain(|_, last| *last > oldest_useful);
        }
        let mut slot = match state.chats.get(&chat) {
            Some(&last) => now.max(last + chat_spacing),
            None => now,
        };
        // The first gap of a whole spacing either side, scanning the slots in time order.
        let from = slot.checked_sub(overall).unwrap_or(slot);
        for &taken in state.slots.range(from..) {
            if taken >= slot + overall {
                break;
            }
            if taken + overall > slot {
                slot = taken + overall;
            }
        }
        state.slots.insert(slot);
        state.chats.insert(chat, slot);
        slot
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: Limits = Limits::TELEGRAM;

    /// The most slots in any window of one second.
    fn most_in_a_second(slots: &[Instant]) -> usize {
        let mut sorted = slots.to_vec();
        sorted.sort();
        let mut most = 0;
        let mut start = 0;
        for end in 0..sorted.len() {
            while sorted[end] - sorted[start] >= Duration::from_secs(1) {
                start += 1;
            }
            most = most.max(end - start + 1);
        }
        most
    }

    #[test]
    fn a_burst_from_many_chats_never_puts_more_than_30_in_a_second() {
        let pacer = Pacer::new(LIMITS);
        let now = Instant::now();
        // 300 messages from 30 chats, all at once.
        let slots: Vec<Instant> = (0..300)
            .map(|i| pacer.reserve(i % 30, false, now))
            .collect();
        assert!(
            most_in_a_second(&slots) <= 30,
            "{}",
            most_in_a_second(&slots)
        );
        // And the burst is not paced slower than it must be: 300 at 28 a second.
        let last = slots.iter().max().unwrap();
        assert!(*last - now < Duration::from_secs(11), "{:?}", *last - now);
    }

    #[test]
    fn one_chat_gets_one_message_a_second_and_a_group_one_every_three() {
        let pacer = Pacer::new(LIMITS);
        let now = Instant::now();
        let private: Vec<Instant> = (0..3).map(|_| pacer.reserve(1, false, now)).collect();
        let group: Vec<Instant> = (0..3).map(|_| pacer.reserve(-100, true, now)).collect();
        for pair in private.windows(2) {
            assert!(pair[1] - pair[0] >= Duration::from_secs(1));
        }
        for pair in group.windows(2) {
            assert!(pair[1] - pair[0] >= Duration::from_secs(3));
        }
        // Another chat is not held up by a busy one: its slot is now, or a spacing away.
        assert!(pacer.reserve(2, false, now) - now <= LIMITS.overall * 2);
    }

    #[test]
    fn an_idle_bot_sends_at_once() {
        let pacer = Pacer::new(LIMITS);
        let now = Instant::now();
        assert_eq!(pacer.reserve(1, false, now), now);
        let later = now + Duration::from_secs(5);
        assert_eq!(pacer.reserve(1, false, later), later);
        assert_eq!(
            pacer.reserve(2, false, later + LIMITS.overall),
            later + LIMITS.overall
        );
    }

    #[test]
    fn a_slot_fits_a_gap_between_later_ones() {
        let pacer = Pacer::new(LIMITS);
        let now = Instant::now();
        // Chat 1's second message waits a second; chat 2's fits in before it.
        pacer.reserve(1, false, now);
        let waiting = pacer.reserve(1, false, now);
        let other = pacer.reserve(2, false, now);
        assert!(other < waiting, "{:?} {:?}", other - now, waiting - now);
        assert_eq!(other - now, LIMITS.overall);
    }
}
