//! Inline mode: "@bot question" typed in any chat lists the passages that answer it, the
//! example questions when nothing is typed yet, or one result saying there is no answer.
//! Not journaled: Telegram sends a query as the user types, so most are a question's first
//! words.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Instant;

use teloxide::types::InlineQuery;
use tracing::{error, info, warn};

use super::outbox::Outbox;
use super::state::State;
use crate::flood::Verdict;
use crate::language;
use crate::ops;
use crate::reply::{self, InlineResult};

/// Answers an inline query ("@bot question" typed in any chat); a failure or a panic is
/// logged, never passed on. Not journaled: Telegram sends a query as the user types, so most
/// are a question's first words.
pub(super) async fn on_inline_query(
    bot: Outbox,
    query: InlineQuery,
    state: Arc<State>,
) -> anyhow::Result<()> {
    let started = Instant::now();
    // Past the allowance a query is left unanswered: Telegram shows no results, and the user
    // typing on gets them again once it refills.
    if state.flood.inline.check(query.from.id.0, started) != Verdict::Allow {
        ops::flood_limited("inline");
        return Ok(());
    }
    let hint = query.from.language_code.as_deref();
    let found = std::panic::catch_unwind(AssertUnwindSafe(|| {
        inline_results(&state, &query.query, hint)
    }));
    let results = match found {
        Ok(Ok(results)) => results,
        Ok(Err(err)) => {
            error!(error = %format!("{err:#}"), "inline search failed");
            return Ok(());
        }
        Err(_) => {
            error!("inline search panicked");
            return Ok(());
        }
    };
    let count = results.len();
    match bot.answer_inline(query.id, results).await {
        Ok(()) => info!(
            results = count,
            query_chars = query.query.chars().count(),
            latency_ms = started.elapsed().as_secs_f64() * 1000.0,
            "inline query"
        ),
        Err(err) => warn!(error = %err, "could not answer an inline query"),
    }
    Ok(())
}

/// The results for an inline query: the passages that answer it, best first; for an empty
/// query or small talk, the example questions, answered; otherwise one result saying the
/// documents don't answer.
fn inline_results(
    state: &State,
    query: &str,
    hint: Option<&str>,
) -> anyhow::Result<Vec<InlineResult>> {
    let answerer = &state.answerer;
    let language = answerer.language_of(query, hint);
    let lang = language;
    let outcome = if query.trim().is_empty() {
        None
    } else {
        Some(answerer.answer_in(query, reply::MAX_INLINE_RESULTS, language)?)
    };
    match outcome {
        Some(outcome) if outcome.small_talk.is_none() => {
            if !outcome.answered {
                return Ok(vec![reply::inline_no_answer(query, lang)]);
            }
            Ok(outcome
                .candidates
                .iter()
                .filter(|passage| answerer.could_answer(passage))
                .map(|passage| reply::inline_answer(query, passage, lang))
                .collect())
        }
        // Nothing asked yet ("@bot " alone), or "hi": what could be asked, answered, in the
        // language of the greeting or else of the asker's interface.
        small_talk => {
            let info = answerer.info();
            let lang = match small_talk {
                Some(_) => lang,
                None => language::for_interface(hint),
            };
            let mut results = Vec::new();
            for example in reply::example_questions(&info, lang, reply::MAX_INLINE_RESULTS) {
                let outcome = answerer.answer_hinted(example, 1, Some(lang.code))?;
                if let Some(passage) = outcome.answer() {
                    results.push(reply::inline_example(example, passage, lang));
                }
            }
            Ok(results)
        }
    }
}
