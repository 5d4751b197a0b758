//! The question inside a message: what people wrap around a question, set aside before it is
//! searched.
//!
//! People write to a bot as they write to a person: "Good morning! Could you please tell me who
//! signed the memorandum? Thank you very much in advance." Searched whole, "morning", "advance"
//! and "thank" count as words the answer should hold, and the question is declined. So a
//! message is read sentence by sentence (a sentence ends at `.`, `!`, `?`, `…`, a line break or
//! an emoji):
//!
//! 1. In each sentence, greetings, thanks and goodbyes (the language's small-talk phrases) and
//!    courtesies ("please", "sorry to bother you", "you are a great bot") are set aside.
//! 2. An *opener* ("could you tell me", "I wonder", "подскажите", "aytib bera olasizmi") is set
//!    aside too, and so is what stands before it in its sentence when that holds no question
//!    word: "I was reading the news today and I wonder who signed…" asks "who signed…".
//! 3. A sentence *asks* when it ends with `?`; less plainly, when it holds a question word
//!    ("who", "кто", "kim"), starts with one that opens a question ("does", "is") or has a word
//!    with a question ending (Uzbek "-mi"). The sentences that ask most plainly are the
//!    question ("I run a small import business. What are the two countries hoping to
//!    achieve?"); when none asks, every sentence with something left is ("geological
//!    exploration deal").
//!
//! A message with nothing left ("Thanks! 🙏", "ok, good morning") is small talk, not a search.
//! The phrases are the language's ([`crate::language`]); the rule here belongs to none. Words
//! are compared as the plain analyzer gives them (lower-cased, folded).

use std::collections::HashMap;
use std::ops::Range;

use crate::small_talk::{SmallTalk, squeeze};

/// One language's words for telling a question from what is wrapped around it. Phrases are
/// words separated by single spaces, as the plain analyzer gives them.
#[derive(Debug)]
pub struct WrappingPatterns {
    /// Politeness that asks nothing: "please", "sorry to bother you", "you are a great bot".
    pub courtesies: &'static [&'static str],
    /// Phrases that introduce a question: "could you tell me", "i wonder", "do you know".
    pub openers: &'static [&'static str],
    /// Words that make a sentence a question wherever they stand: "who", "when".
    pub question_words: &'static [&'static str],
    /// Words that make a sentence a question when it starts with them: "does", "is".
    pub question_starts: &'static [&'static str],
    /// Endings that make a word a question (Uzbek "-mi": "bormi", "imzolanganmi").
    pub question_endings: &'static [&'static str],
    /// Whether an opener may come after the question it introduces, as the verb ends an
    /// Uzbek sentence ("Memorandumni kim imzolagan, aytib bera olasizmi?"): then, when it ends
    /// its sentence, what stands before it is the question, never a story to set aside.
    pub openers_close: bool,
}

/// The small-talk phrases of a language that wrap questions too.
#[derive(Debug, Clone, Copy)]
pub struct Pleasantries<'a> {
    pub greetings: &'a [&'a str],
    pub thanks: &'a [&'a str],
    pub goodbyes: &'a [&'a str],
    pub acknowledgements: &'a [&'a str],
}

/// A word of the message: as the plain analyzer gives it, and where it was written.
#[derive(Debug, Clone)]
pub struct Word {
    pub plain: String,
    pub at: Range<usize>,
}

/// What a message asks, once its wrapping is set aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unwrapped {
    /// The question, as written: the sentences that ask, without what wrapped them. Empty
    /// when the message is only wrapping.
    pub question: String,
    /// Whether anything was set aside (else `question` is the message itself).
    pub changed: bool,
    /// The small talk the wrapping was, most telling first (thanks, a goodbye, a greeting).
    pub small_talk: Option<SmallTalk>,
}

/// How plainly a sentence asks, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Asks {
    No,
    WithQuestionWord,
    WithQuestionMark,
}

/// Which phrases a pass over a sentence looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    Pleasantries,
    Openers,
}

/// How a phrase found in a sentence is set aside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Found {
    SmallTalk(SmallTalk),
    Courtesy,
    Opener,
}

/// Reads `message`, whose words are `words` (in order), into the question it asks.
pub fn unwrap(
    message: &str,
    words: &[Word],
    patterns: &WrappingPatterns,
    book: &PhraseBook,
) -> Unwrapped {
    let mut small_talk: Vec<SmallTalk> = Vec::new();
    let mut kept_sentences: Vec<(Vec<usize>, Asks)> = Vec::new();
    let mut changed = false;
    for sentence in sentences(message, words) {
        let mut removed = vec![false; sentence.len()];
        // Pleasantries and courtesies first, so that an opener is found with "please" inside
        // it ("could you please tell me").
        for pass in [Pass::Pleasantries, Pass::Openers] {
            let alive: Vec<usize> = (0..sentence.len()).filter(|&i| !removed[i]).collect();
            let mut n = 0;
            while n < alive.len() {
                let rest: Vec<usize> = alive[n..].iter().map(|&i| sentence[i]).collect();
                let Some((length, found)) = longest_phrase(words, &rest, pass, book) else {
                    n += 1;
                    continue;
                };
                for &i in &alive[n..n + length] {
                    removed[i] = true;
                }
                match found {
                    Found::SmallTalk(kind) => small_talk.push(kind),
                    Found::Courtesy => {}
                    Found::Opener => {
                        // What the asker tells before "I wonder" is their story, unless it
                        // asks.
                        let before = alive[n];
                        let story_asks = (0..before).any(|i| {
                            !removed[i] && is_question_word(&words[sentence[i]].plain, patterns)
                        });
                        // An opener that ends its sentence closes the question before it.
                        let closes = patterns.openers_close && n + length == alive.len();
                        if !story_asks && !closes {
                            removed[..before].fill(true);
                        }
                    }
                }
                n += length;
            }
        }
        let kept: Vec<usize> = sentence
            .iter()
            .zip(&removed)
            .filter(|(_, gone)| !**gone)
            .map(|(&w, _)| w)
            .collect();
        if kept.len() < sentence.len() {
            changed = true;
        }
        if kept.is_empty() {
            continue;
        }
        let last = *sentence.last().unwrap_or(&kept[0]);
        let ends_with_question_mark = message[words[last].at.end..]
            .chars()
            .take_while(|c| !c.is_alphanumeric())
            .any(|c| c == '?' || c == '？' || c == '¿');
        let asks = if ends_with_question_mark {
            Asks::WithQuestionMark
        } else if kept
            .iter()
            .any(|&w| is_question_word(&words[w].plain, patterns))
            || patterns
                .question_starts
                .contains(&words[kept[0]].plain.as_str())
        {
            Asks::WithQuestionWord
        } else {
            Asks::No
        };
        kept_sentences.push((kept, asks));
    }
    // A question mark says more than a question word, which may only join a clause ("всё,
    // что связано с США").
    let strongest = kept_sentences
        .iter()
        .map(|(_, asks)| *asks)
        .max()
        .unwrap_or(Asks::No);
    let total = kept_sentences.len();
    kept_sentences.retain(|(_, asks)| *asks == strongest);
    if kept_sentences.len() < total {
        changed = true;
    }
    let small_talk = [
        SmallTalk::Thanks,
        SmallTalk::Goodbye,
        SmallTalk::Greeting,
        SmallTalk::Acknowledgement,
    ]
    .into_iter()
    .find(|kind| small_talk.contains(kind));
    if !changed {
        return Unwrapped {
            question: message.to_owned(),
            changed: false,
            small_talk,
        };
    }
    let question = kept_sentences
        .iter()
        .map(|(kept, asks)| sentence_text(message, words, kept, *asks != Asks::No))
        .collect::<Vec<_>>()
        .join(" ");
    Unwrapped {
        question,
        changed: true,
        small_talk,
    }
}

/// True for a word that makes its sentence a question.
fn is_question_word(plain: &str, patterns: &WrappingPatterns) -> bool {
    patterns.question_words.contains(&plain)
        || patterns
            .question_endings
            .iter()
            .any(|ending| plain.len() > ending.len() + 2 && plain.ends_with(ending))
}

/// The text of a sentence's kept words, as written: a run of kept words as it stands in the
/// message, runs joined by a space; a question mark after a sentence that asks.
fn sentence_text(message: &str, words: &[Word], kept: &[usize], asks: bool) -> String {
    let mut text = String::new();
    let mut run_start = words[kept[0]].at.start;
    for (n, &w) in kept.iter().enumerate() {
        let next_in_run = kept.get(n + 1).is_some_and(|&next| next == w + 1);
        if !next_in_run {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&message[run_start..words[w].at.end]);
            if let Some(&next) = kept.get(n + 1) {
                run_start = words[next].at.start;
            }
        }
    }
    if asks {
        text.push('?');
    }
    text
}

/// A language's wrapping phrases, found by their first word: a sentence is read against the
/// few that start as it does, not against every list.
pub struct PhraseBook {
    by_first: HashMap<&'static str, Vec<Phrase>>,
}

/// A phrase of the book: its words after the first, and how it is set aside.
struct Phrase {
    rest: Vec<&'static str>,
    pass: Pass,
    found: Found,
}

impl PhraseBook {
    pub fn new(patterns: &'static WrappingPatterns, pleasantries: Pleasantries<'static>) -> Self {
        let lists: [(&[&'static str], Pass, Found); 6] = [
            (
                pleasantries.thanks,
                Pass::Pleasantries,
                Found::SmallTalk(SmallTalk::Thanks),
            ),
            (
                pleasantries.goodbyes,
                Pass::Pleasantries,
                Found::SmallTalk(SmallTalk::Goodbye),
            ),
            (
                pleasantries.greetings,
                Pass::Pleasantries,
                Found::SmallTalk(SmallTalk::Greeting),
            ),
            (
                pleasantries.acknowledgements,
                Pass::Pleasantries,
                Found::SmallTalk(SmallTalk::Acknowledgement),
            ),
            (patterns.courtesies, Pass::Pleasantries, Found::Courtesy),
            (patterns.openers, Pass::Openers, Found::Opener),
        ];
        let mut by_first: HashMap<&'static str, Vec<Phrase>> = HashMap::new();
        for (phrases, pass, found) in lists {
            for phrase in phrases {
                let mut words = phrase.split(' ');
                let Some(first) = words.next() else { continue };
                by_first.entry(first).or_default().push(Phrase {
                    rest: words.collect(),
                    pass,
                    found,
                });
            }
        }
        PhraseBook { by_first }
    }

    /// Whether some phrase starts with `word` (as the plain analyzer gives it).
    pub fn starts_with(&self, word: &str) -> bool {
        self.by_first.contains_key(squeeze(word).as_ref())
    }
}

/// The longest phrase of `pass` that `sentence` (word indexes into `words`) starts with: how
/// many words it has, and what it is.
fn longest_phrase(
    words: &[Word],
    sentence: &[usize],
    pass: Pass,
    book: &PhraseBook,
) -> Option<(usize, Found)> {
    let first = squeeze(&words[sentence[0]].plain);
    let mut best: Option<(usize, Found)> = None;
    for phrase in book
        .by_first
        .get(first.as_ref())?
        .iter()
        .filter(|p| p.pass == pass)
    {
        let length = 1 + phrase.rest.len();
        let matches = length <= sentence.len()
            && phrase
                .rest
                .iter()
                .zip(&sentence[1..])
                .all(|(part, &w)| squeeze(&words[w].plain) == *part);
        if matches && best.is_none_or(|(longest, _)| length > longest) {
            best = Some((length, phrase.found));
        }
    }
    best
}

/// The message's sentences, as runs of word indexes. A sentence ends where the text between
/// two words holds `.`, `!`, `?`, `…`, a line break or a pictograph (an emoji); not at the dot
/// of an initialism ("U.S. Ambassador") or inside a number ("3.5").
fn sentences(message: &str, words: &[Word]) -> Vec<Vec<usize>> {
    let mut sentences: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    for (w, word) in words.iter().enumerate() {
        current.push(w);
        let Some(next) = words.get(w + 1) else { break };
        let gap = &message[word.at.end..next.at.start];
        let initialism = word.plain.chars().count() == 1 && gap.starts_with('.');
        let ends = gap.chars().any(ends_a_sentence)
            && !initialism
            && !(gap == "." && next.plain.chars().all(|c| c.is_ascii_digit()));
        if ends {
            sentences.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        sentences.push(current);
    }
    sentences
}

/// True for a character that ends a sentence.
pub fn ends_a_sentence(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '\n' | '？' | '！' | '。')
        || (!c.is_alphanumeric()
            && !c.is_whitespace()
            && !c.is_ascii_punctuation()
            && !matches!(
                c,
                '«' | '»'
                    | '“'
                    | '”'
                    | '‘'
                    | '’'
                    | '„'
                    | '—'
                    | '–'
                    | '‑'
                    | '·'
                    | 'ʻ'
                    | 'ʼ'
                    | '´'
            )
            && !('\u{0300}'..='\u{036F}').contains(&c)
            && !('\u{200B}'..='\u{200F}').contains(&c)
            && c != '\u{FE0F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOY: WrappingPatterns = WrappingPatterns {
        courtesies: &["please", "you are a great bot"],
        openers: &["could you tell me", "i wonder", "tell me"],
        question_words: &["who", "when"],
        question_starts: &["does"],
        question_endings: &["mi"],
        openers_close: false,
    };

    const PLEASANTRIES: Pleasantries<'static> = Pleasantries {
        greetings: &["good morning", "hi"],
        thanks: &[
            "thanks",
            "thanks in advance",
            "thank you very much in advance",
        ],
        goodbyes: &["bye"],
        acknowledgements: &["ok"],
    };

    /// Words split at non-alphanumerics and lower-cased, as a plain analyzer would.
    fn words(text: &str) -> Vec<Word> {
        let mut out = Vec::new();
        let mut start = None;
        for (at, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (c.is_alphanumeric(), start) {
                (true, None) => start = Some(at),
                (false, Some(from)) => {
                    out.push(Word {
                        plain: text[from..at].to_lowercase(),
                        at: from..at,
                    });
                    start = None;
                }
                _ => {}
            }
        }
        out
    }

    fn book() -> PhraseBook {
        PhraseBook::new(&TOY, PLEASANTRIES)
    }

    fn question(text: &str) -> String {
        unwrap(text, &words(text), &TOY, &book()).question
    }

    #[test]
    fn greetings_politeness_and_thanks_around_a_question_are_set_aside() {
        assert_eq!(
            question(
                "Good morning! Could you please tell me who signed the memorandum? Thank you very much in advance."
            ),
            "who signed the memorandum?"
        );
        assert_eq!(
            question("Good morning! Could you tell me who signed it? Thanks in advance 🙏"),
            "who signed it?"
        );
        assert_eq!(
            question("Who signed the memorandum? Thanks, you are a great bot 🙏"),
            "Who signed the memorandum?"
        );
    }

    #[test]
    fn the_story_before_an_opener_is_set_aside_unless_it_asks() {
        assert_eq!(
            question("I was reading the news today and I wonder who signed the memorandum"),
            "who signed the memorandum?"
        );
        assert_eq!(
            question("who signed it and tell me when"),
            "who signed it and when?"
        );
    }

    #[test]
    fn where_openers_close_a_question_what_stands_before_the_last_one_is_kept() {
        const CLOSING: WrappingPatterns = WrappingPatterns {
            openers_close: true,
            ..TOY
        };
        let book = PhraseBook::new(&CLOSING, PLEASANTRIES);
        let question = |text: &str| unwrap(text, &words(text), &CLOSING, &book).question;
        // "tell me" ends the sentence: what comes before is the question, not a story.
        assert_eq!(question("more details tell me"), "more details");
        // An opener with the question after it still sets the story before it aside.
        assert_eq!(
            question("in short i wonder who signed the memorandum"),
            "who signed the memorandum?"
        );
        // Where openers never close, the words before the last one are a story.
        assert_eq!(super::tests::question("more details tell me"), "");
    }

    #[test]
    fn in_a_long_message_the_sentences_that_ask_are_the_question() {
        assert_eq!(
            question(
                "I run a small business. I read about the deal 😊 When was it signed? My friend was not sure."
            ),
            "When was it signed?"
        );
        assert_eq!(question("Lithium. Does it matter"), "Does it matter?");
        assert_eq!(question("Bir savol. Memorandum bormi"), "Memorandum bormi?");
        // A question mark outweighs a question word that only joins a clause.
        assert_eq!(
            question("I know when it started. Who signed it?"),
            "Who signed it?"
        );
    }

    #[test]
    fn a_message_that_asks_nothing_is_kept_whole_minus_its_wrapping() {
        let plain = unwrap(
            "geological exploration deal",
            &words("geological exploration deal"),
            &TOY,
            &book(),
        );
        assert_eq!(plain.question, "geological exploration deal");
        assert!(!plain.changed);
        assert_eq!(question("hi, lithium deal please"), "lithium deal");
    }

    #[test]
    fn a_message_of_wrapping_alone_is_small_talk() {
        let thanks = unwrap("Thanks! 🙏", &words("Thanks! 🙏"), &TOY, &book());
        assert_eq!(thanks.question, "");
        assert_eq!(thanks.small_talk, Some(SmallTalk::Thanks));
        let greeting = unwrap(
            "hi, good morning",
            &words("hi, good morning"),
            &TOY,
            &book(),
        );
        assert_eq!(greeting.question, "");
        assert_eq!(greeting.small_talk, Some(SmallTalk::Greeting));
        let bye = unwrap("thanks, bye", &words("thanks, bye"), &TOY, &book());
        assert_eq!(bye.small_talk, Some(SmallTalk::Thanks));
        let ok = unwrap(
            "ok, good morning",
            &words("ok, good morning"),
            &TOY,
            &book(),
        );
        assert_eq!(ok.question, "");
        assert_eq!(ok.small_talk, Some(SmallTalk::Greeting));
    }

    #[test]
    fn an_initialism_or_a_number_does_not_end_a_sentence() {
        assert_eq!(
            question("Hi. Who is the U.S. Ambassador? Thanks"),
            "Who is the U.S. Ambassador?"
        );
        assert_eq!(sentences("It is 3.5 km.", &words("It is 3.5 km.")).len(), 1);
    }
}
