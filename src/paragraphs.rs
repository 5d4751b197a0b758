//! Paragraphs and sentences: how a document body is cut into the passages the bot quotes.
//!
//! A paragraph is a run of non-blank lines; a line holding only whitespace (no-break spaces
//! included) is blank. Inside a paragraph every run of whitespace becomes one ordinary space,
//! so a phrase typed with spaces matches text that used no-break spaces, and no word is lost.
//! Sentences are found inside a paragraph so a reply can mark the one that answers.

use std::ops::Range;

use serde::Serialize;

/// True for a letter or digit. Cyrillic letters are told by their range: the standard
/// library's general lookup for non-ASCII characters was a fifth of answering a Russian question.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if ('\u{0400}'..='\u{04FF}').contains(&c) {
        // All of the Cyrillic block but its signs and combining marks (U+0482–U+0489).
        !('\u{0482}'..='\u{0489}').contains(&c)
    } else {
        c.is_alphanumeric()
    }
}

/// One paragraph of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paragraph {
    /// 1-based position in the document.
    pub number: u32,
    /// 1-based line of the file where the paragraph starts.
    pub line: usize,
    pub text: String,
}

/// Splits a document body into paragraphs. `first_line` is the body's line number in its file.
pub fn split(body: &str, first_line: usize) -> Vec<Paragraph> {
    let mut paragraphs = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (index, line) in body.lines().enumerate() {
        let line = line.trim_matches(char::is_whitespace);
        if line.is_empty() {
            if let Some((start, text)) = current.take() {
                push(&mut paragraphs, start, text);
            }
            continue;
        }
        let (_, text) = current.get_or_insert_with(|| (first_line + index, String::new()));
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(line);
    }
    if let Some((start, text)) = current {
        push(&mut paragraphs, start, text);
    }
    paragraphs
}

fn push(paragraphs: &mut Vec<Paragraph>, line: usize, text: String) {
    paragraphs.push(Paragraph {
        number: paragraphs.len() as u32 + 1,
        line,
        text: normalize_whitespace(&text),
    });
}

/// Replaces every run of whitespace (no-break spaces included) with one space and drops
/// control characters, which a quote cannot show.
pub fn normalize_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for ch in text.chars() {
        if ch.is_whitespace() {
            pending_space = !out.is_empty();
        } else if !ch.is_control() {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(ch);
        }
    }
    out
}

/// Byte ranges of the sentences of a paragraph, in order, covering all its text.
///
/// A sentence ends at `.`, `!`, `?` or `…` (and any closing quotes after it) followed by a space
/// and a capital, digit or opening quote — except after a single capital letter, so "U.S.
/// Ambassador" and "J. Henick" stay whole.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    // On the answer path for every candidate paragraph: a walk over byte offsets, from one
    // sentence mark to the next, allocating nothing but the result.
    let mut ranges = Vec::new();
    let mut start = 0;
    let mut from = 0;
    while let Some(found) = find_mark(&text[from..]) {
        let mark_at = from + found;
        let mark = text[mark_at..].chars().next().unwrap_or('.');
        let mut end = mark_at + mark.len_utf8();
        end += text[end..]
            .chars()
            .take_while(|&c| is_closing_quote(c))
            .map(char::len_utf8)
            .sum::<usize>();
        let mut after = text[end..].chars();
        let followed_by_start =
            after.next() == Some(' ') && after.next().is_some_and(starts_sentence);
        if followed_by_start && !(mark == '.' && ends_with_initial(&text[start..mark_at])) {
            ranges.push(start..end);
            start = end + ' '.len_utf8();
            from = start;
        } else {
            from = mark_at + mark.len_utf8();
        }
    }
    if start < text.len() {
        ranges.push(start..text.len());
    }
    ranges
}

/// Where the first of `.`, `!`, `?` and `…` is in `text`, looked for byte by byte: `…` is the
/// only one beyond ASCII, E2 80 A6 in UTF-8, and E2 only ever starts a character.
fn find_mark(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = bytes[from..]
        .iter()
        .position(|&b| matches!(b, b'.' | b'!' | b'?' | 0xE2))
    {
        let at = from + found;
        if bytes[at] != 0xE2 || bytes[at + 1..].starts_with(&[0x80, 0xA6]) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

fn is_closing_quote(ch: char) -> bool {
    matches!(ch, '"' | '\'' | '»' | '”' | '’' | ')')
}

fn starts_sentence(ch: char) -> bool {
    ch.is_uppercase() || ch.is_numeric() || matches!(ch, '«' | '"' | '“' | '(' | '\'')
}

/// True when the text before a period ends in a lone capital letter ("U.S", " J").
fn ends_with_initial(before: &str) -> bool {
    let mut back = before.chars().rev();
    match (back.next(), back.next()) {
        (Some(last), _) if !last.is_uppercase() => false,
        (None, _) => false,
        (Some(_), None) => true,
        (Some(_), Some(prev)) => !prev.is_alphanumeric(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_characters_are_what_the_standard_library_calls_alphanumeric() {
        for c in ('\u{0}'..='\u{2FFF}').filter(|c| !('\u{0482}'..='\u{0489}').contains(c)) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    fn texts(body: &str) -> Vec<String> {
        split(body, 1).into_iter().map(|p| p.text).collect()
    }

    #[test]
    fn blank_lines_separate_paragraphs_and_lines_join() {
        assert_eq!(texts("a\nb\n\n\nc\n"), ["a b", "c"]);
    }

    #[test]
    fn lines_of_only_spaces_or_no_break_spaces_are_blank() {
        assert_eq!(texts("a\n \t\u{a0}\nb   \n"), ["a", "b"]);
    }

    #[test]
    fn trailing_spaces_and_crlf_are_dropped() {
        assert_eq!(
            texts("one  \r\ntwo\r\n\r\nthree \r\n"),
            ["one two", "three"]
        );
    }

    #[test]
    fn no_break_spaces_become_spaces_and_words_are_kept() {
        let text = "signed a\u{a0}Memorandum of\u{a0}Understanding";
        assert_eq!(texts(text), ["signed a Memorandum of Understanding"]);
    }

    #[test]
    fn the_information_emoji_paragraph_is_kept_whole() {
        let text = "ℹ️ Critical minerals are crucial.";
        assert_eq!(texts(text), [text]);
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(normalize_whitespace("a\u{0}b\u{7}c"), "abc");
    }

    #[test]
    fn paragraphs_are_numbered_with_their_lines() {
        let paragraphs = split("x\n\ny\nz\n\nw", 10);
        let got: Vec<_> = paragraphs.iter().map(|p| (p.number, p.line)).collect();
        assert_eq!(got, [(1, 10), (2, 12), (3, 15)]);
    }

    fn sentence_texts(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn sentences_split_at_full_stops() {
        assert_eq!(
            sentence_texts("The MoU was signed. It covers mining! Why? Because."),
            [
                "The MoU was signed.",
                "It covers mining!",
                "Why?",
                "Because."
            ]
        );
    }

    #[test]
    fn abbreviations_with_initials_do_not_end_sentences() {
        assert_eq!(
            sentence_texts("Signed by U.S. Ambassador Jonathan Henick. Then more."),
            ["Signed by U.S. Ambassador Jonathan Henick.", "Then more."]
        );
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        assert_eq!(
            sentence_texts("He stated, «We must.» The end \"came.\" Next"),
            ["He stated, «We must.»", "The end \"came.\"", "Next"]
        );
    }

    /// The first, plainer way of cutting sentences (over a vector of characters), kept as the
    /// reference the faster one must agree with.
    fn sentences_by_chars(text: &str) -> Vec<Range<usize>> {
        let mut ranges = Vec::new();
        let mut start = 0;
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let ends_with_initial = |before: &[(usize, char)]| match before {
            [] => false,
            [.., (_, last)] if !last.is_uppercase() => false,
            [(_, _)] => true,
            [.., (_, prev), _] => !prev.is_alphanumeric(),
        };
        let mut i = 0;
        while i < chars.len() {
            let (_, ch) = chars[i];
            if matches!(ch, '.' | '!' | '?' | '…') {
                let mut end = i + 1;
                while end < chars.len() && is_closing_quote(chars[end].1) {
                    end += 1;
                }
                let followed_by_start = end + 1 < chars.len()
                    && chars[end].1 == ' '
                    && starts_sentence(chars[end + 1].1);
                if followed_by_start && !(ch == '.' && ends_with_initial(&chars[start..i])) {
                    ranges.push(chars[start].0..chars[end].0);
                    start = end + 1;
                    i = end + 1;
                    continue;
                }
            }
            i += 1;
        }
        if start < chars.len() {
            ranges.push(chars[start].0..text.len());
        }
        ranges
    }

    proptest::proptest! {
        #[test]
        fn sentences_agree_with_the_reference(
            text in r#"([A-Za-zЎўҚқ0-9 ]|[.!?…"'»”’)«“(]| [A-Z]\.){0,60}"#
        ) {
            proptest::prop_assert_eq!(sentences(&text), sentences_by_chars(&text));
        }
    }

    #[test]
    fn sentences_cover_text_without_a_final_stop() {
        assert_eq!(sentence_texts("no stop at all"), ["no stop at all"]);
        assert!(sentences("").is_empty());
    }
}
