//! Replies: how an [`Outcome`] is shown — Telegram HTML, terminal text, or JSON — and, in
//! [`interface`], every other text the bot says.
//!
//! Pure functions, no I/O. Every piece of corpus or user text is escaped here. A Telegram reply
//! never exceeds [`TELEGRAM_LIMIT`] characters: the quoted text is cut at a word boundary with
//! "…" *before* markup is added, so a cut can never fall inside a tag or an entity.

use std::ops::Range;

use serde::Serialize;

use crate::index::{DocumentInfo, IndexInfo};
use crate::language::Language;
use crate::search::{Kind, Outcome, Passage, SetAside, SmallTalk};

pub mod interface;

/// The original under a translated answer is cut to this many characters, so the translation
/// keeps most of the message's room.
const MAX_ORIGINAL_CHARS: usize = 1500;

/// Telegram's limit for one message, in characters.
pub const TELEGRAM_LIMIT: usize = 4096;

/// Escapes text for Telegram's HTML parse mode (and for attribute values).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    escape_into(&mut out, text);
    out
}

/// [`escape`], appending to `out`: the text between the characters to escape is copied a run
/// at a time (they are ASCII, so a byte search cannot land inside another character).
fn escape_into(out: &mut String, text: &str) {
    let mut from = 0;
    for (at, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => continue,
        };
        out.push_str(&text[from..at]);
        out.push_str(entity);
        from = at + 1;
    }
    out.push_str(&text[from..]);
}

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

/// A row of buttons: (label, callback data) each.
pub type ButtonRow = Vec<(String, String)>;

/// Buttons that ask the example questions offered to someone speaking `lang`, a row each.
pub fn example_buttons(info: &IndexInfo, lang: &'static Language) -> Vec<ButtonRow> {
    use crate::feedback::Press;
    example_questions(info, lang, 3)
        .into_iter()
        .enumerate()
        .map(|(index, question)| {
            let press = Press::Example {
                lang: lang.code.to_owned(),
                index,
            };
            vec![(shorten(question, 60), press.encode())]
        })
        .collect()
}

/// The buttons under an answer quoting `passage`: **More** (pressing it is `more`), **👍**,
/// **👎**, in one row.
pub fn answer_buttons(
    passage: &Passage,
    lang: &'static Language,
    more: &crate::feedback::Press,
) -> Vec<ButtonRow> {
    use crate::feedback::{Press, doc_hash};
    let vote = |up| Press::Vote {
        up,
        doc_hash: doc_hash(&passage.doc_id),
        paragraph: passage.paragraph,
    };
    vec![vec![
        (lang.pick("More", "Ещё", "Yana").to_owned(), more.encode()),
        ("👍".to_owned(), vote(true).encode()),
        ("👎".to_owned(), vote(false).encode()),
    ]]
}

/// The answer: the paragraph in a blockquote (matched words in `<b>`, the answering sentence
/// in `<i>`), then its source, and a note when the source is in another language than `lang`.
pub fn telegram_answer(passage: &Passage, lang: &'static Language) -> String {
    answer_under(passage, lang, "")
}

/// [`telegram_answer`] under `heading` (HTML, or nothing), the whole within Telegram's limit.
fn answer_under(passage: &Passage, lang: &'static Language, heading: &str) -> String {
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

/// "paragraph 3", "абзац 3", "3-xatboshi".
pub fn paragraph_label(lang: &'static Language, paragraph: u32) -> String {
    lang.pick(
        format!("paragraph {paragraph}"),
        format!("абзац {paragraph}"),
        format!("{paragraph}-xatboshi"),
    )
}

/// A document's title in HTML: a link to `url` when there is one, otherwise set in
/// `unlinked_tag` (such as `i` or `b`).
pub fn title_html(title: &str, url: Option<&str>, unlinked_tag: &str) -> String {
    let title = escape(title);
    match url {
        Some(url) => format!("<a href=\"{}\">{title}</a>", escape(url)),
        None => format!("<{unlinked_tag}>{title}</{unlinked_tag}>"),
    }
}

/// The first `max` characters of `text`, with "…" after them when there were more.
pub fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_owned(),
        Some((cut, _)) => format!("{}…", &text[..cut]),
    }
}

/// The reply when the documents don't answer: what the bot knows about, and what to ask.
pub fn telegram_no_answer(question: &str, info: &IndexInfo, lang: &'static Language) -> String {
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
fn no_answer_sentence(question: &str, lang: &'static Language) -> String {
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

/// The documents to name to someone speaking `lang`: those in it, or, when there are none,
/// every original.
fn documents_for<'a>(
    info: &'a IndexInfo,
    lang: &'static Language,
) -> impl Iterator<Item = &'a DocumentInfo> {
    let named = named_to(info, lang);
    info.documents.iter().filter(move |d| named(d))
}

/// Whether a document is one of [`documents_for`] `lang`.
fn named_to(info: &IndexInfo, lang: &'static Language) -> impl Fn(&DocumentInfo) -> bool {
    let in_lang = move |d: &DocumentInfo| d.meta.language.as_deref().unwrap_or("en") == lang.code;
    let any_in_lang = info.documents.iter().any(in_lang);
    move |d| {
        if any_in_lang {
            in_lang(d)
        } else {
            d.meta.translation_of.is_none()
        }
    }
}

/// Example questions from the headers of the documents in `lang` (or of all documents, when
/// none is in it), the first documents first.
pub fn example_questions<'a>(
    info: &'a IndexInfo,
    lang: &'static Language,
    count: usize,
) -> Vec<&'a str> {
    // Few documents have examples: they are looked for first, not the language of each.
    let named = named_to(info, lang);
    info.documents
        .iter()
        .filter(|d| !d.meta.examples.is_empty() && named(d))
        .flat_map(|d| d.meta.examples.iter().map(String::as_str))
        .take(count)
        .collect()
}

/// One result of an inline query ("@bot question" in any chat): what the user picks from,
/// and the message that picking it sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineResult {
    /// Unique among one query's results; at most 64 bytes, as Telegram requires.
    pub id: String,
    pub title: String,
    pub description: String,
    /// The message sent, in Telegram HTML.
    pub html: String,
}

/// The most results an inline query gets: a short list to pick from (Telegram allows 50).
pub const MAX_INLINE_RESULTS: usize = 5;

/// The result for a passage that answers `question`: titled "¶n — document", described by
/// its answering sentence; picking it sends the question in bold over the answer, as the bot
/// would reply to it (the others in the chat did not see the question).
pub fn inline_answer(question: &str, passage: &Passage, lang: &'static Language) -> InlineResult {
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
pub fn inline_example(question: &str, passage: &Passage, lang: &'static Language) -> InlineResult {
    let answer = inline_answer(question, passage, lang);
    InlineResult {
        id: format!("ex-{}", answer.id),
        title: shorten(question, MAX_INLINE_TITLE_CHARS),
        ..answer
    }
}

/// The one result for a question the documents don't answer: it says so, and picking it
/// sends only that.
pub fn inline_no_answer(question: &str, lang: &'static Language) -> InlineResult {
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

/// Example question number `index` (from 0) of those offered in `lang`, as
/// [`example_questions`] lists them.
pub fn example_question<'a>(
    info: &'a IndexInfo,
    lang: &'static Language,
    index: usize,
) -> Option<&'a str> {
    example_questions(info, lang, index.saturating_add(1))
        .get(index)
        .copied()
}

/// How emphasis is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    /// Telegram HTML: `<b>` for matched words, `<i>` for the answering sentence; escaped.
    Html,
    /// Terminal colours: bold, and italic.
    Ansi,
    /// Plain text: `*word*`, sentence unmarked.
    Plain,
}

impl Markup {
    fn word(self) -> (&'static str, &'static str) {
        match self {
            Markup::Html => ("<b>", "</b>"),
            Markup::Ansi => ("\x1b[1m", "\x1b[22m"),
            Markup::Plain => ("*", "*"),
        }
    }

    fn sentence(self) -> (&'static str, &'static str) {
        match self {
            Markup::Html => ("<i>", "</i>"),
            Markup::Ansi => ("\x1b[3m", "\x1b[23m"),
            Markup::Plain => ("", ""),
        }
    }

    fn push_text(self, out: &mut String, text: &str) {
        match self {
            Markup::Html => escape_into(out, text),
            Markup::Ansi | Markup::Plain => out.push_str(text),
        }
    }
}

/// The passage's text, cut to `budget` characters, with its matches and sentence marked.
pub fn marked_quote(passage: &Passage, budget: usize, markup: Markup) -> String {
    let text = passage.text.as_str();
    let (end, cut) = cut_point(text, budget);
    let clip = |range: &Range<usize>| range.start.min(end)..range.end.min(end);
    let sentence = clip(&passage.sentence);
    // Mark the sentence only when it sets part of the quote apart.
    let sentence = if sentence.is_empty() || (sentence.start == 0 && sentence.end >= end) {
        end..end
    } else {
        sentence
    };
    let mut out = String::with_capacity(end + 64);
    for (zone, in_sentence) in [
        (0..sentence.start, false),
        (sentence.clone(), true),
        (sentence.end..end, false),
    ] {
        if zone.is_empty() {
            continue;
        }
        let (open, close) = markup.sentence();
        if in_sentence {
            out.push_str(open);
        }
        let mut at = zone.start;
        for highlight in &passage.highlights {
            let start = highlight.start.clamp(zone.start, zone.end);
            let stop = highlight.end.clamp(zone.start, zone.end);
            if start >= stop || start < at {
                continue;
            }
            let (bold, unbold) = markup.word();
            markup.push_text(&mut out, slice(text, at..start));
            out.push_str(bold);
            markup.push_text(&mut out, slice(text, start..stop));
            out.push_str(unbold);
            at = stop;
        }
        markup.push_text(&mut out, slice(text, at..zone.end));
        if in_sentence {
            out.push_str(close);
        }
    }
    if cut {
        out.push('…');
    }
    out
}

fn slice(text: &str, range: Range<usize>) -> &str {
    text.get(range).unwrap_or_default()
}

/// Where to cut `text` to keep at most `budget` characters (the "…" included): the byte end,
/// and whether it was cut. Cuts fall at the last space inside the budget, when there is one.
fn cut_point(text: &str, budget: usize) -> (usize, bool) {
    if text.len() <= budget || text.chars().count() <= budget {
        return (text.len(), false);
    }
    let keep = budget.saturating_sub(1);
    let hard_end = text
        .char_indices()
        .nth(keep)
        .map_or(text.len(), |(index, _)| index);
    let end = match text[..hard_end].rfind(' ') {
        Some(space) if space > 0 => text[..space].trim_end().len(),
        _ => hard_end,
    };
    (end, true)
}

/// The reply as `ask` prints it on a terminal: the quote, its source, then other candidates.
pub fn terminal(outcome: &Outcome, info: &IndexInfo, markup: Markup) -> String {
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

/// Checks what Telegram's HTML parse mode accepts: only its tags, balanced, attributes
/// quoted, and `&` only in the four named entities. Returns what is wrong.
pub fn telegram_html_problem(html: &str) -> Option<String> {
    const ALLOWED: [&str; 6] = [
        "b",
        "i",
        "blockquote",
        "blockquote expandable",
        "pre",
        "code",
    ];
    let mut open: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(index) = rest.find(['<', '>', '&']) {
        let tail = &rest[index..];
        if tail.starts_with('>') {
            return Some(format!("a bare '>' at {:?}", &tail[..tail.len().min(20)]));
        }
        if tail.starts_with('&') {
            let Some(entity) = ["&amp;", "&lt;", "&gt;", "&quot;"]
                .into_iter()
                .find(|e| tail.starts_with(e))
            else {
                return Some(format!("a bare '&' at {:?}", &tail[..tail.len().min(20)]));
            };
            rest = &tail[entity.len()..];
            continue;
        }
        let Some(end) = tail.find('>') else {
            return Some("a '<' that opens no tag".to_owned());
        };
        let tag = &tail[1..end];
        if let Some(name) = tag.strip_prefix('/') {
            if open.pop().as_deref() != Some(name) {
                return Some(format!("</{name}> closes nothing open"));
            }
        } else if let Some(href) = tag.strip_prefix("a href=\"") {
            if !href.ends_with('"') || href[..href.len() - 1].contains(['"', '<']) {
                return Some(format!("a bad link: <{tag}>"));
            }
            open.push("a".to_owned());
        } else if ALLOWED.contains(&tag) {
            let name = tag.split(' ').next().unwrap_or(tag);
            if name == "blockquote" && open.iter().any(|t| t == "blockquote") {
                return Some("nested blockquote".to_owned());
            }
            open.push(name.to_owned());
        } else {
            return Some(format!("tag <{tag}> is not allowed"));
        }
        rest = &tail[end + 1..];
    }
    (!open.is_empty()).then(|| format!("unclosed {open:?}"))
}

/// One passage in `ask --json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JsonPassage {
    pub doc: String,
    pub title: String,
    pub paragraph: u32,
    pub text: String,
    pub score: f32,
    pub sentence: String,
    /// Share of the question's concepts the paragraph holds (0–1).
    pub coverage: f32,
    /// Why it cannot be the answer, if it cannot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub set_aside: Option<SetAside>,
    /// For a paragraph of a translation, the one it translates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub translation_of: Option<JsonOriginal>,
}

/// The paragraph a translated one translates, in `ask --json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JsonOriginal {
    pub doc: String,
    pub paragraph: u32,
}

/// The object `ask --json` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JsonOutcome {
    pub question: String,
    /// The question the message asks, as searched, when greetings, politeness or a story
    /// were set aside from around it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub searched: Option<String>,
    pub answer: Option<JsonPassage>,
    pub candidates: Vec<JsonPassage>,
    /// What the question names as asked about ("population"), if it does.
    pub focus: Option<String>,
    /// The kinds of answer it asks for: person, date, place, quantity, purpose, reason, scope.
    pub answer_type: Vec<Kind>,
    /// Its words that no paragraph holds in any way (no synonym, no typo correction).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unknown_words: Vec<String>,
    /// The language it was read and answered in.
    pub lang: &'static str,
    /// "answer", "no_answer" or "small_talk".
    pub kind: &'static str,
    /// For small talk, which: "greeting", "thanks", "goodbye", "acknowledgement", "laughter",
    /// "identity", "capabilities", "complaint".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub small_talk: Option<SmallTalk>,
    /// The question in English, when it was read through the glossary to search documents
    /// that exist in English only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via_glossary: Option<String>,
}

impl From<&Passage> for JsonPassage {
    fn from(passage: &Passage) -> Self {
        JsonPassage {
            doc: passage.doc_id.clone(),
            title: passage.title.clone(),
            paragraph: passage.paragraph,
            text: passage.text.clone(),
            score: passage.score,
            sentence: passage.sentence_text().to_owned(),
            coverage: passage.coverage,
            set_aside: passage.set_aside,
            translation_of: passage
                .translation_of
                .as_ref()
                .map(|original| JsonOriginal {
                    doc: original.doc_id.clone(),
                    paragraph: original.paragraph,
                }),
        }
    }
}

pub fn json(outcome: &Outcome) -> JsonOutcome {
    JsonOutcome {
        question: outcome.question.clone(),
        searched: outcome.searched.clone(),
        answer: outcome.answer().map(JsonPassage::from),
        candidates: outcome.candidates.iter().map(JsonPassage::from).collect(),
        focus: outcome.focus.clone(),
        answer_type: outcome.answer_kinds.clone(),
        unknown_words: outcome.unknown_words.clone(),
        lang: outcome.language.code,
        kind: if outcome.small_talk.is_some() {
            "small_talk"
        } else if outcome.answered {
            "answer"
        } else {
            "no_answer"
        },
        small_talk: outcome.small_talk,
        via_glossary: outcome.via_glossary.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::DocumentMeta;
    use crate::index::DocumentInfo;
    use crate::language::{EN, RU, UZ};

    fn passage(text: &str) -> Passage {
        Passage {
            doc_id: "doc".into(),
            title: "A <Title> & more".into(),
            url: None,
            paragraph: 3,
            text: text.into(),
            score: 1.5,
            coverage: 1.0,
            highlights: Vec::new(),
            sentence: 0..0,
            set_aside: None,
            official: true,
            language: "en",
            translation_of: None,
        }
    }

    #[test]
    fn a_translation_names_its_original_and_folds_its_text_within_the_limit() {
        let mut translated = passage(&"слово ".repeat(900));
        translated.official = false;
        translated.language = "ru";
        translated.translation_of = Some(crate::search::Original {
            doc_id: "orig".into(),
            title: "Original <title>".into(),
            url: None,
            paragraph: 3,
            text: Some("word & more ".repeat(400)),
        });
        for lang in [RU, UZ, EN] {
            let html = telegram_answer(&translated, lang);
            assert_eq!(telegram_html_problem(&html), None, "{html}");
            assert!(
                html.chars().count() <= TELEGRAM_LIMIT,
                "{}",
                html.chars().count()
            );
            assert!(html.contains("<i>Original &lt;title&gt;</i>"), "{html}");
            assert!(
                html.contains("<blockquote expandable>word &amp; more"),
                "{html}"
            );
        }
        let html = telegram_answer(&translated, RU);
        assert!(html.contains("Неофициальный перевод; оригинал:"), "{html}");
        assert!(html.contains("абзац 3"), "{html}");
        assert!(telegram_answer(&translated, UZ).contains("Norasmiy tarjima; asl matn:"));
    }

    fn info_with_examples(examples: &[&str]) -> IndexInfo {
        IndexInfo {
            documents: vec![DocumentInfo {
                id: "doc".into(),
                meta: DocumentMeta {
                    title: "Minerals <MoU>".into(),
                    id: None,
                    source: None,
                    url: None,
                    published: None,
                    language: None,
                    examples: examples.iter().map(|e| e.to_string()).collect(),
                    captions: Vec::new(),
                    translation_of: None,
                    official: true,
                },
                paragraphs: 9,
            }],
            ..IndexInfo::default()
        }
    }

    #[test]
    fn an_inline_answer_is_titled_by_paragraph_described_by_its_sentence_and_valid() {
        let mut p = passage(&format!(
            "Signed in Tashkent. {}",
            "More <words> & ".repeat(400)
        ));
        p.doc_id = "d".repeat(200);
        p.sentence = 0..19;
        let question = format!("Who <signed>? {}", "and why ".repeat(100));
        let result = inline_answer(&question, &p, EN);
        assert_eq!(result.title, "¶3 — A <Title> & more");
        assert_eq!(result.description, "Signed in Tashkent.");
        assert!(result.id.len() <= 64, "{}", result.id);
        assert!(
            result.html.starts_with("<b>Who &lt;signed&gt;? and why"),
            "{}",
            result.html
        );
        assert!(result.html.chars().count() <= TELEGRAM_LIMIT);
        assert_eq!(telegram_html_problem(&result.html), None, "{}", result.html);
        // Another paragraph of the same document is another result.
        let mut next = p.clone();
        next.paragraph = 4;
        assert_ne!(inline_answer(&question, &next, EN).id, result.id);
        let example = inline_example("Who signed?", &p, EN);
        assert_eq!(example.title, "Who signed?");
        assert_ne!(example.id, result.id);
    }

    #[test]
    fn the_inline_no_answer_result_sends_only_that_there_is_no_answer() {
        let result = inline_no_answer("population of <Mars>?", RU);
        assert_eq!(result.title, "В моих документах ответа нет");
        assert!(
            result.html.contains("«population of &lt;Mars&gt;?»"),
            "{}",
            result.html
        );
        assert!(!result.html.contains("<blockquote>"));
        assert_eq!(telegram_html_problem(&result.html), None);
    }

    #[test]
    fn example_questions_are_numbered_from_zero_in_the_order_offered() {
        let info = info_with_examples(&["First?", "Second?"]);
        assert_eq!(example_question(&info, EN, 1), Some("Second?"));
        assert_eq!(example_question(&info, EN, 2), None);
        assert_eq!(example_question(&info, EN, usize::MAX), None);
    }

    #[test]
    fn a_quote_from_a_document_in_another_language_says_so_within_the_limit() {
        let mut p = passage(&"word ".repeat(2000));
        p.language = "en";
        let html = telegram_answer(&p, RU);
        assert!(html.ends_with("Источник на английском языке: перевода этого документа пока нет."));
        assert!(html.chars().count() <= TELEGRAM_LIMIT);
        assert!(!telegram_answer(&p, EN).contains("Источник"));
    }

    #[test]
    fn escaping_covers_the_four_html_entities() {
        assert_eq!(
            escape(r#"<b>&"x"</b>"#),
            "&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;"
        );
    }

    #[test]
    fn matched_words_are_bold_and_the_answering_sentence_italic() {
        let mut p = passage("First one. Signed in Tashkent. Last.");
        p.highlights = vec![11..17, 21..29];
        p.sentence = 11..30;
        assert_eq!(
            telegram_answer(&p, EN),
            "<blockquote>First one. <i><b>Signed</b> in <b>Tashkent</b>.</i> Last.</blockquote>\n\
             — <i>A &lt;Title&gt; &amp; more</i>, paragraph 3"
        );
    }

    #[test]
    fn a_one_sentence_paragraph_is_not_set_apart() {
        let mut p = passage("Only one.");
        p.sentence = 0..9;
        assert!(telegram_answer(&p, EN).starts_with("<blockquote>Only one.</blockquote>"));
    }

    #[test]
    fn the_source_links_to_the_document_url_escaped() {
        let mut p = passage("Text.");
        p.url = Some("https://example.org/?a=1&b=\"2\"".into());
        assert!(
            telegram_answer(&p, EN)
                .ends_with("<a href=\"https://example.org/?a=1&amp;b=&quot;2&quot;\">A &lt;Title&gt; &amp; more</a>, paragraph 3"),
            "{}",
            telegram_answer(&p, EN)
        );
    }

    #[test]
    fn corpus_text_is_escaped_inside_the_quote() {
        let mut p = passage("a <b>&amp; c");
        p.highlights.push(0..1);
        assert!(
            telegram_answer(&p, EN)
                .starts_with("<blockquote><b>a</b> &lt;b&gt;&amp;amp; c</blockquote>")
        );
    }

    #[test]
    fn an_overlong_passage_is_cut_at_a_word_with_an_ellipsis_and_fits() {
        let word = "Tashkent&<> ";
        let mut p = passage(&word.repeat(1000));
        p.highlights = (0..1000).map(|i| i * 12..i * 12 + 8).collect();
        p.sentence = 0..6000;
        let reply = telegram_answer(&p, EN);
        assert!(
            reply.chars().count() <= TELEGRAM_LIMIT,
            "{}",
            reply.chars().count()
        );
        // Cut after a whole word (its entities complete), with the ellipsis inside the quote.
        assert!(reply.contains("&gt;…</blockquote>"), "{reply}");
        assert!(
            reply.chars().count() > TELEGRAM_LIMIT - 40,
            "the quote was cut more than needed"
        );
        // Never a cut entity or tag: every '&' starts a whole entity.
        for (index, _) in reply.match_indices('&') {
            let rest = &reply[index..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;"]
                    .iter()
                    .any(|e| rest.starts_with(e)),
                "{}",
                &rest[..10.min(rest.len())]
            );
        }
        assert_eq!(reply.matches("<b>").count(), reply.matches("</b>").count());
    }

    #[test]
    fn cutting_never_splits_a_multibyte_character() {
        let text = "Ўзбекистон ".repeat(500);
        let (end, cut) = cut_point(&text, 100);
        assert!(cut);
        assert!(text.is_char_boundary(end));
        assert!(text[..end].chars().count() < 100);
        assert!(text[..end].ends_with('н'));
    }

    #[test]
    fn the_no_answer_reply_offers_examples_escaped() {
        let reply = telegram_no_answer(
            "<b>&weather</b>\n in Paris",
            &info_with_examples(&["Who <signed>?", "Where?"]),
            EN,
        );
        assert!(
            reply.contains("“&lt;b&gt;&amp;weather&lt;/b&gt; in Paris”"),
            "{reply}"
        );
        assert!(reply.contains("<i>Minerals &lt;MoU&gt;</i>"), "{reply}");
        assert!(reply.contains("• Who &lt;signed&gt;?\n• Where?"), "{reply}");
    }

    #[test]
    fn shortening_counts_characters_and_marks_the_cut() {
        assert_eq!(shorten("Ўзбекистон", 10), "Ўзбекистон");
        assert_eq!(shorten("Ўзбекистон", 3), "Ўзб…");
        assert_eq!(shorten("", 0), "");
    }

    #[test]
    fn plain_markup_stars_matched_words() {
        let mut p = passage("Signed in Tashkent.");
        p.highlights.push(10..18);
        assert_eq!(
            marked_quote(&p, usize::MAX, Markup::Plain),
            "Signed in *Tashkent*."
        );
    }
}
