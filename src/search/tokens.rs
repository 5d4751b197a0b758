//! A text as the answer path reads it: tokens carrying the stem, the plain (folded,
//! lower-cased) word and the spelling as typed, in the text's [`Language`].

use crate::language::Language;

/// A token of analysed text with its place in the original.
#[derive(Debug, Clone)]
pub(super) struct Token {
    pub(super) stem: String,
    pub(super) plain: String,
    pub(super) typed: String,
}

/// Analyses `text` into tokens carrying stem, unstemmed form and original spelling.
pub(super) fn tokens(text: &str, language: &'static Language) -> Vec<Token> {
    language.with_analyzers(|plain, stemmer| {
        let mut out: Vec<Token> = Vec::new();
        // The stemmer remembers the words it stemmed: a long message repeats its words.
        plain.each(text, |word, written| {
            out.push(Token {
                stem: stemmer.stem(word).to_owned(),
                plain: word.to_owned(),
                typed: text[written].to_owned(),
            });
        });
        out
    })
}

/// The tokens of `text`, whose plain words `words` already are: each stemmed, nothing read
/// twice.
pub(super) fn tokens_of_words(
    text: &str,
    words: Vec<crate::wrapping::Word>,
    language: &'static Language,
) -> Vec<Token> {
    language.with_analyzers(|_, stemmer| {
        words
            .into_iter()
            .map(|word| Token {
                stem: stemmer.stem(&word.plain).to_owned(),
                typed: text[word.at].to_owned(),
                plain: word.plain,
            })
            .collect()
    })
}

/// The stem of a word from the plain vocabulary (a typo correction).
pub(super) fn stem_of(word: &str, language: &'static Language) -> String {
    language.with_analyzers(|_, stemmer| stemmer.stem(word).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language;

    #[test]
    fn analysis_stems_folds_and_keeps_original_spelling() {
        let text = "Signing «Café» U.S.'s";
        let got: Vec<_> = tokens(text, language::DEFAULT)
            .into_iter()
            .map(|t| (t.stem, t.plain, t.typed))
            .collect();
        assert_eq!(
            got,
            [
                ("sign".into(), "signing".into(), "Signing".into()),
                ("cafe".into(), "cafe".into(), "Café".into()),
                ("u".into(), "u".into(), "U".into()),
                ("s".into(), "s".into(), "S".into()),
                ("s".into(), "s".into(), "s".into()),
            ]
        );
    }
}
