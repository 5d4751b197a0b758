//! Flood protection: how many questions one user may ask in a minute.
//!
//! Each user has an allowance of `limit` questions that refills steadily, one question every
//! minute / `limit` (the "generic cell rate algorithm"): a user may ask `limit` questions at
//! once, then one per refill. Past the allowance the user gets one "slow down" and then
//! silence until it refills; other users are not affected. Only one instant is kept per user,
//! so memory does not grow with how fast anyone asks. Pure and clock-driven (`now` is passed
//! in), so it is tested without waiting.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);

/// Users tracked before idle ones (whose allowance is full again) are forgotten.
const FORGET_IDLE_AFTER_USERS: usize = 10_000;

/// What to do with a user's message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allow,
    /// Over the limit for the first time since the last allowed question: say so, once.
    SlowDown,
    /// Over the limit and already told: ignore.
    Ignore,
}

#[derive(Debug, Clone, Copy)]
struct UserAllowance {
    /// When the allowance will be full again: each allowed question pushes it one refill
    /// interval later. The user may ask while it is less than a minute away.
    full_at: Instant,
    warned: bool,
}

/// Allowances of every user, behind one lock (held for microseconds).
#[derive(Debug)]
pub struct FloodGuard {
    refill: Duration,
    users: Mutex<HashMap<u64, UserAllowance>>,
}

impl FloodGuard {
    pub fn new(limit_per_minute: u32) -> Self {
        FloodGuard {
            refill: WINDOW / limit_per_minute.max(1),
            users: Mutex::new(HashMap::new()),
        }
    }

    /// Records a question from `user` at `now` and says whether to answer it.
    pub fn check(&self, user: u64, now: Instant) -> Verdict {
        let mut users = self.users.lock().unwrap_or_else(|p| p.into_inner());
        if users.len() > FORGET_IDLE_AFTER_USERS {
            users.retain(|_, allowance| allowance.full_at > now);
        }
        let allowance = users.entry(user).or_insert(UserAllowance {
            full_at: now,
            warned: false,
        });
        let full_at = allowance.full_at.max(now) + self.refill;
        if full_at.duration_since(now) <= WINDOW {
            allowance.full_at = full_at;
            allowance.warned = false;
            Verdict::Allow
        } else if !allowance.warned {
            allowance.warned = true;
            Verdict::SlowDown
        } else {
            Verdict::Ignore
        }
    }

    /// Users currently tracked (for tests).
    #[cfg(test)]
    pub fn tracked_users(&self) -> usize {
        self.users.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_over_the_limit_is_told_once_then_ignored_until_the_allowance_refills() {
        // Three a minute: one refill every 20 s.
        let guard = FloodGuard::new(3);
        let start = Instant::now();
        let at = |s: u64| start + Duration::from_secs(s);
        assert_eq!(guard.check(1, at(0)), Verdict::Allow);
        assert_eq!(guard.check(1, at(1)), Verdict::Allow);
        assert_eq!(guard.check(1, at(2)), Verdict::Allow);
        assert_eq!(guard.check(1, at(3)), Verdict::SlowDown);
        assert_eq!(guard.check(1, at(4)), Verdict::Ignore);
        assert_eq!(guard.check(1, at(19)), Verdict::Ignore);
        // One question's worth has refilled 20 s after the first.
        assert_eq!(guard.check(1, at(20)), Verdict::Allow);
        assert_eq!(guard.check(1, at(20)), Verdict::SlowDown);
        // After a quiet minute the whole allowance is back.
        for _ in 0..3 {
            assert_eq!(guard.check(1, at(100)), Verdict::Allow);
        }
        assert_eq!(guard.check(1, at(100)), Verdict::SlowDown);
    }

    #[test]
    fn a_steady_user_at_the_limit_is_never_refused() {
        let guard = FloodGuard::new(20);
        let start = Instant::now();
        for i in 0..200 {
            let now = start + Duration::from_secs(3 * i);
            assert_eq!(guard.check(1, now), Verdict::Allow, "question {i}");
        }
    }

    #[test]
    fn idle_users_are_forgotten_so_memory_stays_bounded() {
        let guard = FloodGuard::new(20);
        let start = Instant::now();
        for user in 0..=FORGET_IDLE_AFTER_USERS as u64 {
            guard.check(user, start);
        }
        assert_eq!(guard.tracked_users(), FORGET_IDLE_AFTER_USERS + 1);
        guard.check(0, start + Duration::from_secs(61));
        assert_eq!(guard.tracked_users(), 1);
    }

    #[test]
    fn other_users_are_not_affected() {
        let guard = FloodGuard::new(1);
        let now = Instant::now();
        assert_eq!(guard.check(1, now), Verdict::Allow);
        assert_eq!(guard.check(1, now), Verdict::SlowDown);
        assert_eq!(guard.check(2, now), Verdict::Allow);
    }
}
