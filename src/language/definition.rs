//! What a language is: its analysis (a stemmer, folding, apostrophes) and its word lists, read
//! through [`Language`]'s methods — plain words, stems, stop words, the question inside a
//! message. The definitions themselves (English, Russian, Uzbek) are its sibling modules.

use std::cell::RefCell;
use std::ops::Range;
use std::sync::OnceLock;

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language as Stemming, LowerCaser, RawTokenizer, RemoveLongFilter, Stemmer,
    TextAnalyzer, TextAnalyzerBuilder, TokenStream,
};

use super::tokens::{Rewrite, WordTokenizer};
use crate::focus::FocusPatterns;
use crate::kinds::KindPatterns;
use crate::small_talk::SmallTalkPatterns;
use crate::wrapping::{PhraseBook, Pleasantries, WrappingPatterns};

/// How a language cuts words to stems.
#[derive(Debug, Clone, Copy)]
pub(crate) enum StemWith {
    /// A Snowball stemmer, as Tantivy ships them.
    Snowball(Stemming),
    /// Rules written in this project, for a language Snowball lacks.
    Rules(fn(&mut String)),
}

/// Tokens longer than this many bytes are dropped (Tantivy counts bytes, not letters).
const MAX_TOKEN_BYTES: usize = 60;

/// One language's analysis: its stemmer and its word lists.
#[derive(Debug)]
pub struct Language {
    /// ISO 639-1 code, as written in a document's `language` header.
    pub code: &'static str,
    /// The language's name in English, for messages.
    pub name: &'static str,
    /// The language's name in itself, for people.
    pub native_name: &'static str,
    /// How words are cut to stems.
    pub(super) stemmer: StemWith,
    /// Letters read alike, after lower-casing and before stemming (ё as е; Uzbek Cyrillic as
    /// Latin, every apostrophe dropped).
    pub(super) fold: Option<fn(&mut String)>,
    /// Whether an apostrophe between letters belongs to the word ("o‘zbek").
    pub(super) apostrophes: bool,
    /// Whether words take many endings, so that a synonym member matches by its stem
    /// ("меморандума" is "меморандум") rather than as written.
    pub inflects: bool,
    /// Words that carry no content in a question (sorted, for binary search).
    pub(super) stop_words: &'static [&'static str],
    /// Words that phrase a question about anything ("mean", "happen", "describe", "big"):
    /// read like stop words, so that a question's own content is what must be covered
    /// (sorted).
    pub(super) phrasing_words: &'static [&'static str],
    /// Numbers written as words ("two"), which count as numbers (sorted).
    pub(super) number_words: &'static [&'static str],
    /// How a question asks for a person, a date or a place, and how a text holds one.
    pub kinds: KindPatterns,
    /// How a question names the thing it asks about.
    pub focus: FocusPatterns,
    /// Greetings, thanks, goodbyes, "ok" and questions about the bot itself.
    pub small_talk: SmallTalkPatterns,
    /// Politeness and openers around a question ([`crate::wrapping`]).
    pub wrapping: WrappingPatterns,
    /// The words of follow-ups ([`crate::dialogue`]).
    pub follow_up: FollowUpWords,
    /// Words that make a question about a picture, which a caption may answer (sorted).
    pub(super) picture_words: &'static [&'static str],
    /// What is gathered from the lists once, on first use.
    pub(super) gathered: Gathered,
}

/// A language's lists gathered for fast lookups, once, on first use.
pub(crate) struct Gathered {
    /// Stop and phrasing words in one set: most words of every question and every paragraph
    /// read against one are looked up here.
    stop_words: OnceLock<fnv::FnvHashSet<&'static str>>,
    /// The wrapping phrases (greetings, thanks, goodbyes, acknowledgements, courtesies,
    /// openers) by their first word.
    phrase_book: OnceLock<PhraseBook>,
}

impl Gathered {
    pub const fn new() -> Gathered {
        Gathered {
            stop_words: OnceLock::new(),
            phrase_book: OnceLock::new(),
        }
    }
}

impl std::fmt::Debug for Gathered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Gathered")
    }
}

impl Default for Gathered {
    fn default() -> Self {
        Gathered::new()
    }
}

/// One language's words of follow-ups, lower-cased and folded, as the plain analyzer gives them;
/// read by [`crate::dialogue`].
#[derive(Debug)]
pub struct FollowUpWords {
    /// Whole messages that ask for the next passage: "more", "tell me more".
    pub more: &'static [&'static str],
    /// Whole messages that ask for another person: "who else".
    pub who_else: &'static [&'static str],
    /// Pronouns that stand for the previous question's topic: "it", "they".
    pub pronouns: &'static [&'static str],
    /// Words that, first in a message, continue the previous one: "and", "so", "а".
    pub continuations: &'static [&'static str],
    /// Words that ask for the last answer in the language they are written in: "translate",
    /// "переведи".
    pub translate: &'static [&'static str],
    /// Words that name a language the bot speaks: "russian", "по-русски", "o‘zbekcha".
    pub language_names: &'static [(&'static str, &'static str)],
}

impl Language {
    /// The one of three texts in this language: the bot's interface is written in each.
    pub(crate) fn pick<T>(&self, en: T, ru: T, uz: T) -> T {
        match self.code {
            "ru" => ru,
            "uz" => uz,
            _ => en,
        }
    }
}

/// Languages are statics: one is equal to another when it is the same definition.
impl PartialEq for Language {
    fn eq(&self, other: &Language) -> bool {
        self.code == other.code
    }
}

impl Eq for Language {}

impl Language {
    /// The name an index registers this language's analyzer under.
    pub(crate) fn analyzer_name(&self) -> String {
        format!("mou_{}", self.code)
    }

    /// The name an index registers this language's unstemmed analyzer under.
    pub(crate) fn plain_analyzer_name(&self) -> String {
        format!("mou_{}_plain", self.code)
    }

    /// The full analysis, shared by paragraphs and questions: tokens to stems.
    pub fn analyzer(&self) -> TextAnalyzer {
        self.with_stemmer(self.plain_builder()).build()
    }

    /// The analysis without stemming: the words as typed, lower-cased and folded. Used to
    /// recognise stop words and synonyms, and as the vocabulary typos are corrected to.
    pub(crate) fn plain_analyzer(&self) -> TextAnalyzer {
        self.plain_builder().build()
    }

    /// Stems one word that has already gone through [`Language::plain_analyzer`]: together
    /// they give what [`Language::analyzer`] gives, one step at a time.
    pub(crate) fn word_stemmer(&self) -> TextAnalyzer {
        self.with_stemmer(TextAnalyzer::builder(RawTokenizer::default()).dynamic())
            .build()
    }

    fn plain_builder(&self) -> TextAnalyzerBuilder {
        let builder = TextAnalyzer::builder(WordTokenizer::new(self.apostrophes))
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
            .filter(LowerCaser)
            .dynamic();
        let builder = match self.fold {
            Some(fold) => builder.filter_dynamic(Rewrite(fold)),
            None => builder,
        };
        builder.filter_dynamic(AsciiFoldingFilter)
    }

    fn with_stemmer(&self, builder: TextAnalyzerBuilder) -> TextAnalyzerBuilder {
        match self.stemmer {
            StemWith::Snowball(language) => builder.filter_dynamic(Stemmer::new(language)),
            StemWith::Rules(rules) => builder.filter_dynamic(Rewrite(rules)),
        }
    }

    /// True for a word (as the plain analyzer gives it) that says nothing about what the
    /// asker wants to find.
    pub(crate) fn is_stop_word(&self, plain: &str) -> bool {
        stop_words(self).contains(plain)
    }

    /// True for a number, in digits or written as a word ("two").
    pub(crate) fn is_number(&self, plain: &str) -> bool {
        (!plain.is_empty() && plain.bytes().all(|b| b.is_ascii_digit()))
            || self.number_words.binary_search(&plain).is_ok()
    }

    /// True for a word (as the plain analyzer gives it) that asks about a picture.
    pub(crate) fn is_picture_word(&self, plain: &str) -> bool {
        self.picture_words.binary_search(&plain).is_ok()
    }

    /// The words of `text` as the plain analyzer gives them, with where each was written.
    pub(crate) fn plain_words(&'static self, text: &str) -> Vec<crate::wrapping::Word> {
        self.with_analyzers(|plain, _| {
            let mut words = Vec::new();
            plain.each(text, |word, at| {
                words.push(crate::wrapping::Word {
                    plain: word.to_owned(),
                    at,
                })
            });
            words
        })
    }

    /// The question `message` asks, without the greetings, politeness and story around it
    /// ([`crate::wrapping`]); `words` are its [`Language::plain_words`].
    pub fn unwrap(
        &'static self,
        message: &str,
        words: &[crate::wrapping::Word],
    ) -> crate::wrapping::Unwrapped {
        // Most messages are a plain question: one sentence, no word a phrase starts with.
        let one_sentence = words.len() < 2
            || !message[words[0].at.end..words[words.len() - 1].at.start]
                .chars()
                .any(crate::wrapping::ends_a_sentence);
        let book = phrase_book(self);
        if one_sentence && !words.iter().any(|word| book.starts_with(&word.plain)) {
            return crate::wrapping::Unwrapped {
                question: message.to_owned(),
                changed: false,
                small_talk: None,
            };
        }
        crate::wrapping::unwrap(message, words, &self.wrapping, book)
    }

    /// Runs `work` with this language's plain analyzer and one-word stemmer, built once per
    /// thread rather than once per question.
    pub(crate) fn with_analyzers<R>(
        &'static self,
        work: impl FnOnce(&mut PlainWords, &mut WordStemmer) -> R,
    ) -> R {
        thread_local! {
            static ANALYZERS: RefCell<Vec<(&'static str, PlainWords, WordStemmer)>> =
                const { RefCell::new(Vec::new()) };
        }
        ANALYZERS.with_borrow_mut(|analyzers| {
            let at = match analyzers.iter().position(|(code, ..)| *code == self.code) {
                Some(at) => at,
                None => {
                    let stemmer = WordStemmer::new(self.word_stemmer());
                    analyzers.push((self.code, PlainWords::new(self), stemmer));
                    analyzers.len() - 1
                }
            };
            let (_, plain, stemmer) = &mut analyzers[at];
            work(plain, stemmer)
        })
    }
}

/// `language`'s wrapping phrases by their first word, gathered once.
fn phrase_book(language: &'static Language) -> &'static PhraseBook {
    language.gathered.phrase_book.get_or_init(|| {
        let talk = &language.small_talk;
        let pleasantries = Pleasantries {
            greetings: talk.greetings,
            thanks: talk.thanks,
            goodbyes: talk.goodbyes,
            acknowledgements: talk.acknowledgements,
        };
        PhraseBook::new(&language.wrapping, pleasantries)
    })
}

/// `language`'s stop and phrasing words in one set, gathered once.
fn stop_words(language: &Language) -> &fnv::FnvHashSet<&'static str> {
    language.gathered.stop_words.get_or_init(|| {
        let lists = [language.stop_words, language.phrasing_words];
        lists.into_iter().flatten().copied().collect()
    })
}

/// A language's plain analysis ([`Language::plain_analyzer`]) word by word, for the answer
/// path, which reads every retrieved paragraph: the same words, with the steps of the
/// analyzer's token stream done in one go for a word written in ASCII (most words of most
/// text), and by the analyzer itself, on that word alone, for the others.
pub(crate) struct PlainWords {
    language: &'static Language,
    analyzer: TextAnalyzer,
    word: String,
}

impl PlainWords {
    fn new(language: &'static Language) -> PlainWords {
        PlainWords {
            language,
            analyzer: language.plain_analyzer(),
            word: String::new(),
        }
    }

    /// Calls `each` with every word of `text` as the plain analyzer gives it, and the bytes of
    /// `text` it was written in.
    pub fn each(&mut self, text: &str, mut each: impl FnMut(&str, Range<usize>)) {
        let mut from = 0;
        while let Some(written) = super::tokens::next_word(text, from, self.language.apostrophes) {
            from = written.end;
            let word = &text[written.clone()];
            // As `RemoveLongFilter` does, before anything else.
            if word.len() >= MAX_TOKEN_BYTES {
                continue;
            }
            if word.is_ascii() {
                // What the analyzer's steps do to ASCII: lower-case, fold; folding to ASCII
                // has nothing left to do unless the fold wrote something else than ASCII.
                self.word.clear();
                self.word.push_str(word);
                self.word.make_ascii_lowercase();
                let still_ascii = match self.language.fold {
                    Some(fold) => {
                        fold(&mut self.word);
                        self.word.is_ascii()
                    }
                    None => true,
                };
                if still_ascii {
                    if !self.word.is_empty() {
                        each(&self.word, written);
                    }
                    continue;
                }
            }
            // A word alone is one token (or none, when folding empties it).
            let mut stream = self.analyzer.token_stream(word);
            if stream.advance() {
                each(&stream.token().text, written);
            }
        }
    }

    /// Every word of `text` as the plain analyzer gives it.
    #[cfg(test)]
    pub fn words(&mut self, text: &str) -> Vec<String> {
        let mut words = Vec::new();
        self.each(text, |word, _| words.push(word.to_owned()));
        words
    }
}

/// A language's one-word stemmer, remembering the stems it gave: a word's stem does not depend
/// on the question, and the answer path stems the same common words again and again (in
/// questions, and in every paragraph read against one).
pub(crate) struct WordStemmer {
    analyzer: TextAnalyzer,
    /// Each word remembered, with where its stem is in `stems`.
    known: fnv::FnvHashMap<String, usize>,
    stems: Vec<String>,
}

impl WordStemmer {
    /// Words remembered at most; past that the memory starts over. The most used ten thousand
    /// words are most of any text, and this bounds what a thread keeps per language (< 1 MB).
    const MAX_KNOWN: usize = 10_000;

    fn new(analyzer: TextAnalyzer) -> WordStemmer {
        WordStemmer {
            analyzer,
            known: fnv::FnvHashMap::default(),
            stems: Vec::new(),
        }
    }

    /// The stem of `word`, a word the plain analyzer produced.
    pub fn stem(&mut self, word: &str) -> &str {
        // One lookup for a word seen before: the place of its stem, not the stem itself, so
        // nothing stays borrowed when a new word has to be added.
        let at = match self.known.get(word) {
            Some(&at) => at,
            None => {
                if self.known.len() >= Self::MAX_KNOWN {
                    self.known.clear();
                    self.stems.clear();
                }
                let mut stream = self.analyzer.token_stream(word);
                let stem = if stream.advance() {
                    stream.token().text.clone()
                } else {
                    word.to_owned()
                };
                self.stems.push(stem);
                self.known.insert(word.to_owned(), self.stems.len() - 1);
                self.stems.len() - 1
            }
        };
        &self.stems[at]
    }
}

/// The stems `language`'s analysis gives `text`, for tests.
#[cfg(test)]
pub(crate) fn stems_of(language: &'static Language, text: &str) -> Vec<String> {
    language.with_analyzers(|plain, stemmer| {
        let mut out = Vec::new();
        plain.each(text, |word, _| out.push(stemmer.stem(word).to_owned()));
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language::{ALL, DEFAULT, by_code, english};
    use proptest::strategy::Strategy;

    #[test]
    fn the_stemmer_remembers_stems_it_gave_and_keeps_its_memory_bounded() {
        let mut remembering = WordStemmer::new(DEFAULT.word_stemmer());
        let mut fresh = DEFAULT.word_stemmer();
        let stem_afresh = |word: &str, analyzer: &mut TextAnalyzer| {
            let mut stream = analyzer.token_stream(word);
            stream.advance();
            stream.token().text.clone()
        };
        for word in ["signed", "agreements", "minerals", "signed", "cooperation"] {
            assert_eq!(
                remembering.stem(word),
                stem_afresh(word, &mut fresh),
                "{word}"
            );
        }
        assert_eq!(remembering.known.len(), 4);
        for n in 0..WordStemmer::MAX_KNOWN + 10 {
            remembering.stem(&format!("word{n}"));
            assert!(remembering.known.len() <= WordStemmer::MAX_KNOWN);
        }
        assert_eq!(remembering.stem("signed"), "sign");
    }

    #[test]
    fn every_language_is_found_by_its_code_and_the_default_is_one_of_them() {
        for language in ALL {
            assert!(std::ptr::eq(by_code(language.code).unwrap(), language));
        }
        assert!(by_code(DEFAULT.code).is_some());
        assert!(by_code("xx").is_none());
    }

    #[test]
    fn every_stop_word_list_is_sorted_so_binary_search_works() {
        for language in ALL {
            for list in [
                language.stop_words,
                language.phrasing_words,
                language.number_words,
                language.picture_words,
            ] {
                let mut sorted = list.to_vec();
                sorted.sort_unstable();
                sorted.dedup();
                assert_eq!(sorted, list, "{}", language.code);
            }
        }
    }

    /// What the plain analyzer's token stream gives `text`: each word and where it was written.
    fn plain_tokens(language: &'static Language, text: &str) -> Vec<(String, Range<usize>)> {
        let mut analyzer = language.plain_analyzer();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let token = stream.token();
            out.push((token.text.clone(), token.offset_from..token.offset_to));
        }
        out
    }

    fn plain_words(language: &'static Language, text: &str) -> Vec<(String, Range<usize>)> {
        language.with_analyzers(|plain, _| {
            let mut out = Vec::new();
            plain.each(text, |word, written| out.push((word.to_owned(), written)));
            out
        })
    }

    /// Letters of the three languages in both cases, digits, apostrophes, letters that fold
    /// (ё, é, ß, ﬁ) or lower-case to two (İ), Cyrillic signs that are no letters, separators.
    const MIXED: &[char] = &[
        'a', 'B', 'o', 'Z', '7', '0', 'ё', 'Ё', 'Ў', 'ў', 'Қ', 'ғ', 'ҳ', 'ж', 'Щ', 'é', 'É', 'ß',
        'İ', 'ı', 'ﬁ', 'ǅ', '\u{0483}', '\u{0482}', '\'', '`', '‘', '’', 'ʻ', 'ʼ', '´', ' ', ' ',
        '.', '-', '«', '\n', '😀',
    ];

    /// Whether every language's plain words of `text` are what its plain analyzer gives.
    fn same_as_the_analyzer(text: &str) -> Result<(), proptest::test_runner::TestCaseError> {
        for language in ALL {
            proptest::prop_assert_eq!(
                plain_words(language, text),
                plain_tokens(language, text),
                "{}",
                language.code
            );
        }
        Ok(())
    }

    proptest::proptest! {
        #[test]
        fn plain_words_are_what_the_plain_analyzer_gives(
            text in proptest::collection::vec(proptest::sample::select(MIXED), 0..120)
                .prop_map(|chars| chars.into_iter().collect::<String>())
        ) {
            same_as_the_analyzer(&text)?;
        }

        #[test]
        fn plain_words_of_any_text_are_what_the_plain_analyzer_gives(text in "\\PC{0,80}") {
            same_as_the_analyzer(&text)?;
        }
    }

    #[test]
    fn plain_words_drop_what_the_analyzer_drops() {
        let long = "x".repeat(MAX_TOKEN_BYTES);
        let text = format!("ok {long} O‘zbekiston’ ЁЛКА Café");
        for language in ALL {
            assert_eq!(plain_words(language, &text), plain_tokens(language, &text));
        }
        assert_eq!(
            plain_words(&english::ENGLISH, &text)
                .into_iter()
                .map(|(word, _)| word)
                .collect::<Vec<_>>(),
            ["ok", "o", "zbekiston", "ёлка", "cafe"]
        );
    }

    #[test]
    fn the_analyzer_is_the_plain_analyzer_then_the_word_stemmer() {
        let text = "Signing «Café» U.S.'s agreements, ЎЗБЕКИСТОН o‘zbek подписали ещё";
        for language in ALL {
            let mut full = language.analyzer();
            let mut stream = full.token_stream(text);
            let mut whole = Vec::new();
            while stream.advance() {
                whole.push(stream.token().text.clone());
            }
            let stepwise: Vec<String> = language.with_analyzers(|plain, stemmer| {
                let mut out = Vec::new();
                plain.each(text, |word, _| out.push(stemmer.stem(word).to_owned()));
                out
            });
            assert_eq!(whole, stepwise, "{}", language.code);
        }
    }
}
