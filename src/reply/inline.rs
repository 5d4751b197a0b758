//! Inline mode's results ("@bot question" typed in any chat): a passage each, or the example
//! questions, or one saying there is no answer.

use crate::language::Language;
use crate::search::Passage;

use super::telegram::{answer_under, no_answer_sentence};
use super::text::{escape, shorten};

/// One result of an inline query ("@bot question" in any chat): what the user picks from,
/// and the message that picking it sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InlineResult {
    /// Unique among one query's results; at most 64 bytes, as Telegram requires.
    pub id: String,
    pub title: String,
    pub description: String,
    /// The message sent, in Telegram HTML.
    pub html: String,
}

/// The most results an inline query gets: a short list to pick from (Telegram allows 50).
pub(crate) const MAX_INLINE_RESULTS: usize = 5;

/// The result for a passage that answers `question`: titled "¶n — document", described by
/// its answering sentence; picking it sends the question in bold over the answer, as the bot
/// would reply to it (the others in the chat did not see the question).
pub(crate) fn inline_answer(
    question: &str,
    passage: &Passage,
    lang: &'static Language,
) -> InlineResult {
    let heading = format!(
        "<b>{}</b>\n",
        escape(&shorten(
            &crate::paragraphs::normalize_whitespace(question),
            MAX_INLINE_HEADING_CHARS
        ))
    );
    let sentence = passage.sentence_text();
    let description = if sentence.is_empty() {
        &passage.text
    } else {
        sentence
    };
    InlineResult {
        id: format!(
            "{:08x}-{}",
            crate::feedback::doc_hash(&passage.doc_id),
            passage.paragraph
        ),
        title: shorten(
            &format!("¶{} — {}", passage.paragraph, passage.title),
            MAX_INLINE_TITLE_CHARS,
        ),
        description: shorten(description, MAX_INLINE_DESCRIPTION_CHARS),
        html: answer_under(passage, lang, &heading),
    }
}

/// The result offering an example question (for an empty inline query): titled with the
/// question, described and sent as [`inline_answer`].
pub(crate) fn inline_example(
    question: &str,
    passage: &Passage,
    lang: &'static Language,
) -> InlineResult {
    let answer = inline_answer(question, passage, lang);
    InlineResult {
        id: format!("ex-{}", answer.id),
        title: shorten(question, MAX_INLINE_TITLE_CHARS),
        ..answer
    }
}

/// The one result for a question the documents don't answer: it says so, and picking it
/// sends only that.
pub(crate) fn inline_no_answer(question: &str, lang: &'static Language) -> InlineResult {
    InlineResult {
        id: "no-answer".to_owned(),
        title: lang
            .pick(
                "No answer in my documents",
                "В моих документах ответа нет",
                "Hujjatlarimda javob yo‘q",
            )
            .to_owned(),
        description: lang
            .pick(
                "I only quote what they say. Try other words.",
                "Я только цитирую их. Попробуйте другими словами.",
                "Men faqat ulardan iqtibos keltiraman. Boshqa so‘zlar bilan urinib ko‘ring.",
            )
            .to_owned(),
        html: no_answer_sentence(question, lang),
    }
}

/// The longest question shown over an inline answer, in characters.
const MAX_INLINE_HEADING_CHARS: usize = 200;

/// Longer titles and descriptions are cut by Telegram's apps anyway; these keep them on a line
/// or two.
const MAX_INLINE_TITLE_CHARS: usize = 80;

const MAX_INLINE_DESCRIPTION_CHARS: usize = 160;
