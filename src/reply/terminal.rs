//! The reply as a terminal shows it (`mou-bot ask`): the quote with its source, or the
//! decline with what was searched, in colour or plain.

use crate::index::IndexInfo;
use crate::search::{Outcome, Passage};

use super::examples::example_questions;
use super::interface;
use super::text::{Markup, marked_quote, shorten};

/// The reply as `ask` prints it on a terminal: the quote, its source, then other candidates.
pub(crate) fn terminal(outcome: &Outcome, info: &IndexInfo, markup: Markup) -> String {
    let mut out = String::new();
    if let Some(kind) = outcome.small_talk {
        let lang = outcome.language;
        out.push_str(&format!(
            "Small talk, not a question about the documents; the bot would say:\n{}\n",
            interface::small_talk(kind, info, lang)
        ));
        return out;
    }
    match outcome.answer() {
        Some(passage) => {
            out.push_str(&format!(
                "“{}”\n  — {}, paragraph {}",
                marked_quote(passage, usize::MAX, markup),
                passage.title,
                passage.paragraph
            ));
            if let Some(url) = &passage.url {
                out.push_str(&format!(" ({url})"));
            }
            out.push('\n');
        }
        None => {
            out.push_str("No answer: the documents don't say. ");
            let lang = outcome.language;
            let examples = example_questions(info, lang, 3);
            if examples.is_empty() {
                out.push('\n');
            } else {
                out.push_str("Questions they answer:\n");
                for example in examples {
                    out.push_str(&format!("  • {example}\n"));
                }
            }
        }
    }
    let others: Vec<&Passage> = outcome
        .candidates
        .iter()
        .skip(usize::from(outcome.answered))
        .collect();
    if !others.is_empty() {
        out.push_str(if outcome.answered {
            "\nOther candidates:\n"
        } else {
            "\nClosest paragraphs (not enough of the question matched):\n"
        });
        for passage in others {
            out.push_str(&format!(
                "  {:>6.2}  {} ¶{}: {}\n",
                passage.score,
                passage.doc_id,
                passage.paragraph,
                shorten(&passage.text, 90)
            ));
        }
    }
    out
}
