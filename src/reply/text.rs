//! Text pieces every output shares: HTML escaping for Telegram, quoting a passage within a
//! budget with its matched words and answering sentence marked (in HTML, or as plain text),
//! shortening, titles and paragraph labels.

use std::ops::Range;

use crate::language::Language;
use crate::search::Passage;

/// Telegram's limit for one message, in characters.
pub const TELEGRAM_LIMIT: usize = 4096;

/// Escapes text for Telegram's HTML parse mode (and for attribute values).
pub(crate) fn escape(text: &str) -> String {
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

/// "paragraph 3", "абзац 3", "3-xatboshi".
pub(crate) fn paragraph_label(lang: &'static Language, paragraph: u32) -> String {
    lang.pick(
        format!("paragraph {paragraph}"),
        format!("абзац {paragraph}"),
        format!("{paragraph}-xatboshi"),
    )
}

/// A document's title in HTML: a link to `url` when there is one, otherwise set in
/// `unlinked_tag` (such as `i` or `b`).
pub(crate) fn title_html(title: &str, url: Option<&str>, unlinked_tag: &str) -> String {
    let title = escape(title);
    match url {
        Some(url) => format!("<a href=\"{}\">{title}</a>", escape(url)),
        None => format!("<{unlinked_tag}>{title}</{unlinked_tag}>"),
    }
}

/// The first `max` characters of `text`, with "…" after them when there were more.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_owned(),
        Some((cut, _)) => format!("{}…", &text[..cut]),
    }
}

/// How emphasis is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Markup {
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
pub(crate) fn marked_quote(passage: &Passage, budget: usize, markup: Markup) -> String {
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
pub(super) fn cut_point(text: &str, budget: usize) -> (usize, bool) {
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
