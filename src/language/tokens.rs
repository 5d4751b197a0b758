//! The two pieces of analysis Tantivy does not have: a tokenizer that keeps an apostrophe inside
//! a word (Uzbek writes "o‘zbek", "ma'lumot": splitting there would cut words in two), and a
//! token filter that rewrites each token's text with a plain function (a language's letter
//! folding, or a stemmer written here). Both keep each token's offsets into the original text,
//! so matched words are still highlighted where they were written.

use std::ops::Range;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use crate::paragraphs::is_word_char;

/// The characters people type for Uzbek's modifier letter (o‘, g‘) and its tutuq belgisi (ʼ).
pub(crate) const APOSTROPHES: &[char] = &['\'', '`', '‘', '’', 'ʻ', 'ʼ', '´'];

/// Splits text into runs of letters and digits, as Tantivy's `SimpleTokenizer` does; with
/// `apostrophes`, an apostrophe between two letters stays inside the word.
#[derive(Clone, Default)]
pub(crate) struct WordTokenizer {
    pub apostrophes: bool,
    token: Token,
}

impl WordTokenizer {
    pub fn new(apostrophes: bool) -> Self {
        WordTokenizer {
            apostrophes,
            token: Token::default(),
        }
    }
}

pub(crate) struct WordStream<'a> {
    text: &'a str,
    /// Where the next word is looked for, in bytes.
    at: usize,
    apostrophes: bool,
    token: &'a mut Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        WordStream {
            text,
            at: 0,
            apostrophes: self.apostrophes,
            token: &mut self.token,
        }
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        self.token.position = self.token.position.wrapping_add(1);
        let Some(word) = next_word(self.text, self.at, self.apostrophes) else {
            self.at = self.text.len();
            return false;
        };
        self.at = word.end;
        self.token.text.push_str(&self.text[word.clone()]);
        self.token.offset_from = word.start;
        self.token.offset_to = word.end;
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// The character at byte `at` of `text` (a char boundary), read without decoding when ASCII.
fn char_at(text: &str, at: usize) -> Option<char> {
    match text.as_bytes().get(at) {
        Some(&byte) if byte.is_ascii() => Some(char::from(byte)),
        Some(_) => text[at..].chars().next(),
        None => None,
    }
}

/// Where the first word of `text` at or after byte `from` (a char boundary) stands: a run of
/// [`is_word_char`]s; with `apostrophes`, an apostrophe followed by a letter stays inside it
/// ("o‘zbek", not "Uzbekistan’").
pub(crate) fn next_word(text: &str, from: usize, apostrophes: bool) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let mut at = from;
    let start = loop {
        // ASCII, most of most text, is told apart byte by byte; anything else by its char.
        match bytes.get(at) {
            Some(byte) if byte.is_ascii_alphanumeric() => break at,
            Some(byte) if byte.is_ascii() => at += 1,
            Some(_) => {
                let c = char_at(text, at)?;
                if is_word_char(c) {
                    break at;
                }
                at += c.len_utf8();
            }
            None => return None,
        }
    };
    loop {
        match bytes.get(at) {
            Some(byte) if byte.is_ascii_alphanumeric() => at += 1,
            Some(_) => {
                let Some(c) = char_at(text, at) else { break };
                let inside = (!c.is_ascii() && is_word_char(c))
                    || (apostrophes
                        && APOSTROPHES.contains(&c)
                        && char_at(text, at + c.len_utf8()).is_some_and(char::is_alphabetic));
                if !inside {
                    break;
                }
                at += c.len_utf8();
            }
            None => break,
        }
    }
    Some(start..at)
}

/// A token filter that rewrites each token's text in place with `rewrite`. A token rewritten
/// to nothing is dropped.
#[derive(Clone, Copy)]
pub(crate) struct Rewrite(pub fn(&mut String));

impl TokenFilter for Rewrite {
    type Tokenizer<T: Tokenizer> = RewriteFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> RewriteFilter<T> {
        RewriteFilter {
            inner: tokenizer,
            rewrite: self.0,
        }
    }
}

#[derive(Clone)]
pub(crate) struct RewriteFilter<T> {
    inner: T,
    rewrite: fn(&mut String),
}

impl<T: Tokenizer> Tokenizer for RewriteFilter<T> {
    type TokenStream<'a> = RewriteStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        RewriteStream {
            tail: self.inner.token_stream(text),
            rewrite: self.rewrite,
        }
    }
}

pub(crate) struct RewriteStream<S> {
    tail: S,
    rewrite: fn(&mut String),
}

impl<S: TokenStream> TokenStream for RewriteStream<S> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            (self.rewrite)(&mut self.tail.token_mut().text);
            if !self.tail.token().text.is_empty() {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::TextAnalyzer;

    fn words(apostrophes: bool, text: &str) -> Vec<(String, usize, usize)> {
        let mut analyzer = TextAnalyzer::builder(WordTokenizer::new(apostrophes))
            .filter(Rewrite(|t| t.retain(|c| c != 'x')))
            .build();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.offset_from, t.offset_to));
        }
        out
    }

    /// Words as a plain reading of the rule finds them, char by char: the reference
    /// [`next_word`] is checked against.
    fn words_by_chars(text: &str, apostrophes: bool) -> Vec<Range<usize>> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let end_of = |i: usize| chars.get(i).map_or(text.len(), |&(at, _)| at);
        let mut words = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if !is_word_char(chars[i].1) {
                i += 1;
                continue;
            }
            let start = i;
            while i < chars.len() {
                let c = chars[i].1;
                let kept_apostrophe = apostrophes
                    && APOSTROPHES.contains(&c)
                    && chars
                        .get(i + 1)
                        .is_some_and(|&(_, next)| next.is_alphabetic());
                if is_word_char(c) || kept_apostrophe {
                    i += 1;
                } else {
                    break;
                }
            }
            words.push(end_of(start)..end_of(i));
        }
        words
    }

    fn words_by_next_word(text: &str, apostrophes: bool) -> Vec<Range<usize>> {
        let mut words = Vec::new();
        let mut from = 0;
        while let Some(word) = next_word(text, from, apostrophes) {
            from = word.end;
            words.push(word);
        }
        words
    }

    proptest::proptest! {
        #[test]
        fn next_word_finds_the_words_the_rule_says(
            text in proptest::collection::vec(
                proptest::sample::select(&[
                    'a', 'Z', '5', 'ё', 'Ў', 'é', 'ß', '\u{0483}', '\u{0482}', '\'', '`', '‘', '’',
                    'ʻ', 'ʼ', '´', ' ', '.', '-', '\n', '😀', '٣', '中',
                ][..]),
                0..60,
            ),
            apostrophes in proptest::bool::ANY,
        ) {
            let text: String = text.into_iter().collect();
            proptest::prop_assert_eq!(
                words_by_next_word(&text, apostrophes),
                words_by_chars(&text, apostrophes)
            );
        }
    }

    #[test]
    fn an_apostrophe_between_letters_stays_inside_the_word_only_when_asked() {
        assert_eq!(
            words(true, "O‘zbekiston’ ma'lumot"),
            [
                ("O‘zbekiston".to_owned(), 0, 13),
                ("ma'lumot".to_owned(), 17, 25)
            ]
        );
        assert_eq!(
            words(false, "ma'lumot"),
            [("ma".to_owned(), 0, 2), ("lumot".to_owned(), 3, 8)]
        );
    }

    #[test]
    fn a_rewrite_keeps_offsets_and_drops_what_it_empties() {
        assert_eq!(
            words(false, "axb xx c"),
            [("ab".to_owned(), 0, 3), ("c".to_owned(), 7, 8)]
        );
    }
}
