//! Replies in Telegram HTML: the answer quoted with its source (and the original under a
//! translation), the no-answer reply with examples, and the buttons under them — described as
//! what pressing them does ([`Press`]); the bot encodes them as callback data.

use crate::feedback::Press;
use crate::index::IndexInfo;
use crate::language::Language;
use crate::search::{Outcome, Passage};

use super::examples::{documents_for, example_questions};
use super::interface;
use super::text::{
    Markup, TELEGRAM_LIMIT, escape, marked_quote, paragraph_label, shorten, title_html,
};

/// The original under a translated answer is cut to this many characters, so the translation
/// keeps most of the message's room.
const MAX_ORIGINAL_CHARS: usize = 1500;

/// The reply to a question in Telegram HTML, in the question's language: the answer quoted,
/// or the no-answer reply.
pub fn telegram(outcome: &Outcome, info: &IndexInfo) -> String {
    let lang = outcome.language;
    if let Some(kind) = outcome.small_talk {
        return interface::small_talk(kind, info, lang);
    }
    match outcome.answer() {
        Some(passage) => telegram_answer(passage, lang),
        None => telegram_no_answer(&outcome.question, info, lang),
    }
}

/// A button under a message: its label, and what pressing it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Button {
    pub label: String,
    pub press: Press,
}

/// A row of buttons.
pub(crate) type ButtonRow = Vec<Button>;

/// Buttons that ask the example questions offered to someone speaking `lang`, a row each.
pub(crate) fn example_buttons(info: &IndexInfo, lang: &'static Language) -> Vec<ButtonRow> {
    example_questions(info, lang, 3)
        .into_iter()
        .enumerate()
        .map(|(index, question)| {
            let press = Press::Example {
                lang: lang.code.to_owned(),
                index,
            };
            vec![Button {
                label: shorten(question, 60),
                press,
            }]
        })
        .collect()
}

/// The buttons under an answer quoting `passage`: **More** (pressing it is `more`), **👍**,
/// **👎**, in one row.
pub(crate) fn answer_buttons(
    passage: &Passage,
    lang: &'static Language,
    more: &Press,
) -> Vec<ButtonRow> {
    let vote = |up| Press::Vote {
        up,
        doc_hash: crate::search::doc_hash(&passage.doc_id),
        paragraph: passage.paragraph,
    };
    let button = |label: &str, press| Button {
        label: label.to_owned(),
        press,
    };
    vec![vec![
        button(lang.pick("More", "Ещё", "Yana"), more.clone()),
        button("👍", vote(true)),
        button("👎", vote(false)),
    ]]
}

/// The answer: the paragraph in a blockquote (matched words in `<b>`, the answering sentence
/// in `<i>`), then its source, and a note when the source is in another language than `lang`.
pub fn telegram_answer(passage: &Passage, lang: &'static Language) -> String {
    answer_under(passage, lang, "")
}

/// [`telegram_answer`] under `heading` (HTML, or nothing), the whole within Telegram's limit.
pub(super) fn answer_under(passage: &Passage, lang: &'static Language, heading: &str) -> String {
    let mut source = source_line_html(passage, lang);
    if passage.language != lang.code {
        source.push('\n');
        source.push_str(interface::source_in_another_language(
            lang,
            passage.language,
        ));
    }
    // Under a translation, after the line naming its original, the original's text, folded
    // (Telegram shows an expandable quote closed until tapped).
    let original = passage
        .translation_of
        .as_ref()
        .and_then(|original| original.text.as_deref())
        .map(|text| {
            format!(
                "\n<blockquote expandable>{}</blockquote>",
                escape(&shorten(text, MAX_ORIGINAL_CHARS))
            )
        })
        .unwrap_or_default();
    let render = |budget| {
        let quote = marked_quote(passage, budget, Markup::Html);
        format!("{heading}<blockquote>{quote}</blockquote>\n{source}{original}")
    };
    // A reply of no more bytes than the limit has no more characters either: counted only
    // when it could matter.
    let fits =
        |reply: &String| reply.len() <= TELEGRAM_LIMIT || reply.chars().count() <= TELEGRAM_LIMIT;
    let whole = render(usize::MAX);
    if fits(&whole) {
        return whole;
    }
    // Markup and escaping take room too: find the longest quote whose reply fits. The whole
    // message is kept under the limit, so it fits however Telegram counts.
    let (mut fitting, mut too_long) = (0, passage.text.chars().count());
    while fitting + 1 < too_long {
        let middle = (fitting + too_long) / 2;
        if fits(&render(middle)) {
            fitting = middle;
        } else {
            too_long = middle;
        }
    }
    render(fitting)
}

fn source_line_html(passage: &Passage, lang: &'static Language) -> String {
    let title = title_html(&passage.title, passage.url.as_deref(), "i");
    let mut line = format!("— {title}, {}", paragraph_label(lang, passage.paragraph));
    if let Some(original) = &passage.translation_of {
        let original_title = title_html(&original.title, original.url.as_deref(), "i");
        let paragraph = paragraph_label(lang, original.paragraph);
        let translation = if passage.official {
            lang.pick("Translation", "Перевод", "Tarjima")
        } else {
            lang.pick(
                "Unofficial translation",
                "Неофициальный перевод",
                "Norasmiy tarjima",
            )
        };
        let original_word = lang.pick("original", "оригинал", "asl matn");
        line.push_str(&format!(
            "\n{translation}; {original_word}: {original_title}, {paragraph}"
        ));
    }
    line
}

/// The reply when the documents don't answer: what the bot knows about, and what to ask.
pub(crate) fn telegram_no_answer(
    question: &str,
    info: &IndexInfo,
    lang: &'static Language,
) -> String {
    let mut reply = no_answer_sentence(question, lang);
    let topics: Vec<String> = documents_for(info, lang)
        .take(3)
        .map(|d| format!("<i>{}</i>", escape(&d.meta.title)))
        .collect();
    if !topics.is_empty() {
        let label = lang.pick("I know about", "Я знаю о теме", "Men biladigan mavzular");
        reply.push_str(&format!("\n\n{label}: {}.", topics.join("; ")));
    }
    let examples = example_questions(info, lang, 3);
    if !examples.is_empty() {
        reply.push_str(lang.pick(
            "\n\nYou could ask:",
            "\n\nМожно спросить:",
            "\n\nMasalan, so‘rang:",
        ));
        for example in examples {
            reply.push_str(&format!("\n• {}", escape(example)));
        }
    }
    reply
}

/// The first sentence of the no-answer reply: the question was not answered, and why.
pub(super) fn no_answer_sentence(question: &str, lang: &'static Language) -> String {
    // On one line, and at most 100 characters with the ellipsis.
    let shown = shorten(&crate::paragraphs::normalize_whitespace(question), 99);
    if shown.is_empty() {
        lang.pick(
            "I couldn't find that in my documents, and I only quote what they say.",
            "Я не нашёл этого в своих документах, а я только цитирую то, что в них сказано.",
            "Buni hujjatlarimdan topa olmadim, men esa faqat ularda yozilganini keltiraman.",
        )
        .to_owned()
    } else {
        let shown = escape(&shown);
        lang.pick(
format!(
                "I couldn't find an answer to “{shown}” in my documents, and I only quote what they say."
            ),
format!(
                "Я не нашёл ответа на «{shown}» в своих документах, а я только цитирую то, что в них сказано."
            ),
format!(
                "«{shown}» savoliga hujjatlarimdan javob topa olmadim, men esa faqat ularda yozilganini keltiraman."
            ),
        )
    }
}
