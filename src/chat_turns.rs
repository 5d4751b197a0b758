//! Turns per chat: the bot handles one chat's messages one at a time and in the order they
//! came, and messages of different chats at once.
//!
//! teloxide can do this itself, with a worker task per chat; but each worker owns a queue
//! whose first block holds 32 updates (62 KB), allocated when the chat first writes, a second
//! one once it has written 32 messages, and kept while the chat stays among the busiest: with
//! a hundred chats busy that was 12 MB of a 36 MB process. A turn here is an entry in a map,
//! removed when nobody waits for it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::{Mutex as TurnLock, OwnedMutexGuard};

/// Whose turn it is, per chat.
#[derive(Debug, Default)]
pub struct ChatTurns {
    chats: Mutex<HashMap<i64, Arc<TurnLock<()>>>>,
}

/// A chat's turn; the next message of the chat is handled when this is dropped.
#[derive(Debug)]
pub struct Turn<'a> {
    turns: &'a ChatTurns,
    chat: i64,
    lock: Arc<TurnLock<()>>,
    guard: Option<OwnedMutexGuard<()>>,
}

impl ChatTurns {
    /// Waits until the chat's earlier messages are handled.
    ///
    /// Turns are given in the order this is first polled (Tokio's lock is fair), so a handler
    /// must ask for its turn before it awaits anything else.
    pub async fn take(&self, chat: i64) -> Turn<'_> {
        let lock = Arc::clone(self.lock_map().entry(chat).or_default());
        let guard = Arc::clone(&lock).lock_owned().await;
        Turn {
            turns: self,
            chat,
            lock,
            guard: Some(guard),
        }
    }

    /// Chats with a message being handled or waiting.
    pub fn busy_chats(&self) -> usize {
        self.lock_map().len()
    }

    fn lock_map(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Arc<TurnLock<()>>>> {
        self.chats
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        drop(self.guard.take());
        let mut chats = self.turns.lock_map();
        // The map's handle and this one: nobody else holds or waits for this chat's turn,
        // and nobody can start to while the map is locked.
        if Arc::strong_count(&self.lock) == 2 {
            chats.remove(&self.chat);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn one_chat_in_order_and_other_chats_meanwhile() {
        let turns = Arc::new(ChatTurns::default());
        let log = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = futures::stream::FuturesUnordered::new();
        for (chat, message) in [(1, "a1"), (1, "a2"), (2, "b1"), (1, "a3")] {
            let turns = Arc::clone(&turns);
            let log = Arc::clone(&log);
            tasks.push(async move {
                let _turn = turns.take(chat).await;
                log.lock().unwrap().push(format!("{message} start"));
                // The first message of chat 1 is slow: chat 2 must not wait for it.
                if message == "a1" {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                log.lock().unwrap().push(format!("{message} end"));
            });
        }
        use futures::StreamExt;
        while tasks.next().await.is_some() {}
        let log = log.lock().unwrap().clone();
        let position = |entry: &str| log.iter().position(|e| e == entry).unwrap();
        assert!(position("a1 end") < position("a2 start"), "{log:?}");
        assert!(position("a2 end") < position("a3 start"), "{log:?}");
        assert!(position("b1 end") < position("a1 end"), "{log:?}");
        assert_eq!(turns.busy_chats(), 0, "finished chats are forgotten");
    }
}
