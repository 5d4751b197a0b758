//! Flood protection: how many questions one user may ask in a minute.
//!
//! Each user has a sliding one-minute window of the questions they asked. Past the limit the
//! user gets one "slow down" and then silence until their window has room again; other users
//! are not affected. Pure and clock-driven (`now` is passed in), so it is tested without waiting.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);

/// What to do with a user's message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allow,
    /// Over the limit for the first time in this window: say so, once.
    SlowDown,
    /// Over the limit and already told: ignore.
    Ignore,
}

#[derive(Debug, Default)]
struct UserWindow {
    asked: VecDeque<Instant>,
    warned: bool,
}

/// Sliding-window counters for every user, behind one lock (held for microseconds).
#[derive(Debug)]
pub struct FloodGuard {
    limit: usize,
    users: Mutex<HashMap<u64, UserWindow>>,
}

impl FloodGuard {
    pub fn new(limit_per_minute: u32) -> Self {
        FloodGuard {
            limit: limit_per_minute.max(1) as usize,
            users: Mutex::new(HashMap::new()),
        }
    }

    /// Records a question from `user` at `now` and says whether to answer it.
    pub fn check(&self, user: u64, now: Instant) -> Verdict {
        let mut users = self.users.lock().unwrap_or_else(|p| p.into_inner());
        // Forget idle users now and then, so memory stays flat however many users come by.
        if users.len() > 10_000 {
            users.retain(|_, w| {
                w.asked
                    .back()
                    .is_some_and(|t| now.duration_since(*t) < WINDOW)
            });
        }
        let window = users.entry(user).or_default();
        while window
            .asked
            .front()
            .is_some_and(|t| now.duration_since(*t) >= WINDOW)
        {
            window.asked.pop_front();
        }
        if window.asked.len() < self.limit {
            window.asked.push_back(now);
            window.warned = false;
            Verdict::Allow
        } else if !window.warned {
            window.warned = true;
            Verdict::SlowDown
        } else {
            Verdict::Ignore
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_over_the_limit_is_told_once_then_ignored_until_the_window_passes() {
        let guard = FloodGuard::new(3);
        let start = Instant::now();
        let at = |s: u64| start + Duration::from_secs(s);
        assert_eq!(guard.check(1, at(0)), Verdict::Allow);
        assert_eq!(guard.check(1, at(1)), Verdict::Allow);
        assert_eq!(guard.check(1, at(2)), Verdict::Allow);
        assert_eq!(guard.check(1, at(3)), Verdict::SlowDown);
        assert_eq!(guard.check(1, at(4)), Verdict::Ignore);
        assert_eq!(guard.check(1, at(59)), Verdict::Ignore);
        // The first question leaves the window at 60 s.
        assert_eq!(guard.check(1, at(60)), Verdict::Allow);
        assert_eq!(guard.check(1, at(60)), Verdict::SlowDown);
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
