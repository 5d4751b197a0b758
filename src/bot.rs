//! The Telegram bot: the only module that knows teloxide. Its rooms, in the order an update
//! meets them:
//!
//! - [`transport`]: start-up, logging, long polling or the webhook (with `/healthz` and
//!   `/metrics`), and a graceful stop on SIGINT or SIGTERM.
//! - [`routing`]: the `dptree` tree that reads each update into a job — a command of
//!   [`commands`] (the admin ones behind a filter), a question, something that is not text —
//!   and queues it in its chat's turn ([`crate::chat_turns`]).
//! - [`handlers`]: what each job does; [`presses`] and [`inline`] for button presses and
//!   inline queries; [`respond`] turns the conversation's response ([`crate::dialogue`]) into
//!   the message to send, rendered by [`crate::reply`].
//! - [`outbox`]: every Bot API call, paced to Telegram's limits ([`crate::pace`]) and retried.
//! - [`state`]: what routing and handlers share (the state, the jobs, a press's fields).
//!
//! Every text the bot says comes from [`crate::reply`]; the conversation's rules live in
//! [`crate::dialogue`], which knows nothing of Telegram.

mod commands;
mod documents;
mod handlers;
mod inline;
mod outbox;
mod presses;
mod respond;
mod routing;
mod state;
mod transport;

pub use transport::serve;
