//! Flood protection: how many updates of one kind one user may send in a minute.
//!
//! Each user has an allowance of `limit` updates that refills steadily, one every
//! minute / `limit` (the "generic cell rate algorithm"): a user may send `limit` at once, then
//! one per refill. Past the allowance the user gets one "slow down" and then silence until it
//! refills; other users are not affected. Only one instant is kept per user, so memory does
//! not grow with how fast anyone sends. The bot keeps one guard per kind of update (messages,
//! button presses, inline queries), so typing in inline mode does not use up questions.
//!
//! A check costs the same whatever the number of users: users are kept in least-recently-seen
//! order, and each check forgets at most two of the oldest when they are idle (their allowance
//! full again, so forgetting them changes nothing). Pure and clock-driven (`now` is passed
//! in), so it is tested without waiting.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use lru::LruCache;

const WINDOW: Duration = Duration::from_secs(60);

/// Users kept before idle ones are forgotten. More may be kept while more than this many are
/// active within a minute (each one's allowance matters then).
const KEEP_USERS: usize = 10_000;

/// What to do with a user's update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allow,
    /// Over the limit for the first time since the last allowed update: say so, once.
    SlowDown,
    /// Over the limit and already told: ignore.
    Ignore,
}

#[derive(Debug, Clone, Copy)]
struct UserAllowance {
    /// When the allowance will be full again: each allowed update pushes it one refill
    /// interval later. The user may send while it is less than a minute away.
    full_at: Instant,
    warned: bool,
}

/// Allowances of every user, behind one lock (held for microseconds).
#[derive(Debug)]
pub struct FloodGuard {
    refill: Duration,
    users: Mutex<LruCache<u64, UserAllowance>>,
}

impl FloodGuard {
    pub fn new(limit_per_minute: u32) -> Self {
        FloodGuard {
            refill: WINDOW / limit_per_minute.max(1),
            users: Mutex::new(LruCache::unbounded()),
        }
    }

    /// Records an update from `user` at `now` and says whether to handle it.
    pub fn check(&self, user: u64, now: Instant) -> Verdict {
        let mut users = self.users.lock().unwrap_or_else(|p| p.into_inner());
        for _ in 0..2 {
            let oldest_is_idle = users.len() > KEEP_USERS
                && users
                    .peek_lru()
                    .is_some_and(|(_, allowance)| allowance.full_at <= now);
            if !oldest_is_idle {
                break;
            }
            users.pop_lru();
        }
        let allowance = users.get_or_insert_mut(user, || UserAllowance {
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
    fn idle_users_are_forgotten_a_few_per_check_so_memory_stays_bounded() {
        let guard = FloodGuard::new(20);
        let start = Instant::now();
        let users = KEEP_USERS as u64 + 100;
        for user in 0..users {
            guard.check(user, start);
        }
        // All active within the minute: every allowance is kept.
        assert_eq!(guard.tracked_users(), users as usize);
        // A minute later they are idle: each check forgets at most two, oldest first, so the
        // table shrinks back to its size without any one check scanning it.
        let later = start + Duration::from_secs(61);
        guard.check(users, later);
        assert_eq!(guard.tracked_users(), users as usize - 1);
        for user in users + 1..users + 200 {
            guard.check(user, later);
        }
        assert_eq!(guard.tracked_users(), KEEP_USERS + 1);
        // The forgotten were the oldest: a recent user keeps their used allowance.
        let recent = users + 150;
        for _ in 0..19 {
            assert_eq!(guard.check(recent, later), Verdict::Allow);
        }
        assert_eq!(guard.check(recent, later), Verdict::SlowDown);
    }

    #[test]
    fn an_active_user_is_never_forgotten_however_many_others_come() {
        let guard = FloodGuard::new(2);
        let start = Instant::now();
        assert_eq!(guard.check(0, start), Verdict::Allow);
        assert_eq!(guard.check(0, start), Verdict::Allow);
        for user in 1..=2 * KEEP_USERS as u64 {
            guard.check(user, start + Duration::from_secs(1));
        }
        assert_eq!(
            guard.check(0, start + Duration::from_secs(2)),
            Verdict::SlowDown,
            "user 0's spent allowance was kept"
        );
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
