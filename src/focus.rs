//! The focus of a question: the thing it asks about, when the question names it.
//!
//! "What is the *population* of Uzbekistan?", "Who is the *mayor* of Tashkent?": a paragraph
//! that never mentions what is asked about (directly, by a synonym or a typo's correction) does
//! not answer, however many of the question's other words it holds: a paragraph about
//! Uzbekistan does not give its population. A question names its focus in one of these shapes
//! (the words are the language's, [`crate::language`]; the logic here belongs to none):
//!
//! 1. a *which* word and the word after it ("какое *население* Ташкента", "qaysi
//!    davlatning *elchisi*": a word in the genitive belongs to the next, which is the focus),
//!    unless a preposition before it asks for a thing of that category ("с какой страной");
//! 2. *question word, copula, determiner, a few words, "of"/"in"* ("what is the *population*
//!    of …");
//! 3. a question word that asks for a person, then a noun ("кто *президент* Узбекистана"; a
//!    word that reads as a verb by its ending, "кто подписал", names no focus);
//! 4. a question word that ends the question, after a content word ("O‘zbekiston
//!    *prezidenti* kim?");
//! 5. no question word at all, two to four words: a phrase whose head is the focus — the word
//!    before a linker ("*population* of uzbekistan", "*погода* в Ташкенте"), else the
//!    language's head of a phrase, its last content word in English and Uzbek ("lithium
//!    *price*", "litiy *narxi*") and its first in Russian ("*цена* лития").
//!
//! Questions of other shapes have no focus here, and are judged by their words as before.

/// Where a language puts the head of a noun phrase without a linker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Head {
    /// "lithium *price*", "litiy *narxi*".
    Last,
    /// "*цена* лития".
    First,
}

/// One language's words for finding the focus. All lower-case, as the plain analyzer gives
/// them.
#[derive(Debug)]
pub struct FocusPatterns {
    /// Words that open a question whose focus can be named: "what", "which", "who".
    pub question_words: &'static [&'static str],
    /// "is", "are", "was", "were" (and "s" of "what's").
    pub copulas: &'static [&'static str],
    /// "the", "a", "an".
    pub determiners: &'static [&'static str],
    /// Words after the focus that link it to what it belongs to: "of", "in".
    pub linkers: &'static [&'static str],
    /// Words asking "which / what kind of" right before the focus, in languages that say
    /// "what is the population of Tashkent" as "какое население Ташкента".
    pub which_words: &'static [&'static str],
    /// Prepositions that make a which word ask for a thing of a category ("*с* какой
    /// страной": the answer names a country, it need not say "country"), not for an attribute.
    pub category_prepositions: &'static [&'static str],
    /// Endings of the genitive ("davlat*ning*"): such a word after a which word belongs to
    /// the word after it, which is the focus.
    pub genitive_endings: &'static [&'static str],
    /// Question words asking for a person that a noun follows ("кто президент").
    pub person_words: &'static [&'static str],
    /// Endings that make a word read as a verb ("подписа*л*", "возглав*ит*"), which is no
    /// focus.
    pub verb_endings: &'static [&'static str],
    /// Whether a question word that ends the question makes the word before it the focus
    /// ("prezidenti kim?").
    pub focus_before_final_question_word: bool,
    /// Where the head of a noun phrase without a linker is.
    pub phrase_head: Head,
}

/// At most this many words stand between the determiner and the linker ("the exchange
/// rate of").
const MAX_FOCUS_WORDS: usize = 3;

/// A message of at most this many words, none a question word, is read as a noun phrase.
const MAX_PHRASE_WORDS: usize = 4;

impl FocusPatterns {
    /// The position in `words` of the focus's head word, if the question names one.
    /// `question_words` are the language's words that make a sentence ask; `is_content(at)`
    /// says whether the word at `at` is one the question is searched with (not a stop word, not
    /// a word that only asks for a kind of answer, not a number).
    pub fn find(
        &self,
        words: &[&str],
        question_words: &[&str],
        is_content: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        let is = |list: &[&str], at: usize| words.get(at).is_some_and(|w| list.contains(w));
        let looks_like_a_verb = |at: usize| {
            self.verb_endings.iter().any(|ending| {
                words[at].chars().count() > ending.chars().count() + 2
                    && words[at].ends_with(ending)
            })
        };
        if let Some(at) = (0..words.len()).find(|&at| is(self.which_words, at))
            && !(at > 0 && is(self.category_prepositions, at - 1))
            && at + 1 < words.len()
            && (is_content(at + 1)
                || self
                    .genitive_endings
                    .iter()
                    .any(|e| words[at + 1].ends_with(e)))
        {
            let mut focus = at + 1;
            while focus + 1 < words.len()
                && self
                    .genitive_endings
                    .iter()
                    .any(|ending| words[focus].ends_with(ending))
            {
                focus += 1;
            }
            if focus < words.len() {
                return Some(focus);
            }
        }
        let shaped = (0..words.len())
            .filter(|&at| {
                is(self.question_words, at)
                    && is(self.copulas, at + 1)
                    && is(self.determiners, at + 2)
            })
            .find_map(|at| {
                let first = at + 3;
                (first + 1..=first + MAX_FOCUS_WORDS)
                    .find(|&end| is(self.linkers, end))
                    .map(|linker| linker - 1)
            });
        if shaped.is_some() {
            return shaped;
        }
        if let Some(at) = (0..words.len()).find(|&at| is(self.person_words, at))
            && at + 1 < words.len()
            && is_content(at + 1)
            && !looks_like_a_verb(at + 1)
        {
            return Some(at + 1);
        }
        if self.focus_before_final_question_word
            && words.len() >= 2
            && question_words.contains(&words[words.len() - 1])
            && is_content(words.len() - 2)
        {
            return Some(words.len() - 2);
        }
        let asks = words.iter().any(|word| question_words.contains(word));
        if asks || !(2..=MAX_PHRASE_WORDS).contains(&words.len()) {
            return None;
        }
        if let Some(linker) = (1..words.len()).find(|&at| is(self.linkers, at)) {
            return (0..linker).rev().find(|&at| is_content(at));
        }
        let mut content = (0..words.len()).filter(|&at| is_content(at) && !looks_like_a_verb(at));
        let head = match self.phrase_head {
            Head::First => content.next(),
            Head::Last => content.next_back(),
        };
        // A phrase of one content word ("the minexpo") names no focus beside itself.
        head.filter(|_| (0..words.len()).filter(|&at| is_content(at)).count() >= 2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOY: FocusPatterns = FocusPatterns {
        question_words: &["chto", "kto"],
        copulas: &["est"],
        determiners: &["ta"],
        linkers: &["iz", "v"],
        which_words: &["kakoe"],
        category_prepositions: &["s"],
        genitive_endings: &["ning"],
        person_words: &["kto"],
        verb_endings: &["al"],
        focus_before_final_question_word: true,
        phrase_head: Head::Last,
    };

    /// Stop words of the toy language, which are no content.
    const STOP: &[&str] = &["chto", "kto", "est", "ta", "iz", "v", "kakoe", "i"];

    fn focus(question: &str) -> Option<&str> {
        let words: Vec<&str> = question.split(' ').filter(|w| !w.is_empty()).collect();
        TOY.find(&words, &["chto", "kto", "kakoe"], |at| {
            !STOP.contains(&words[at])
        })
        .map(|at| words[at])
    }

    #[test]
    fn the_word_before_the_linker_is_the_focus() {
        assert_eq!(focus("chto est ta stolica iz strany"), Some("stolica"));
        assert_eq!(focus("kto est ta glava goroda v oblasti"), Some("goroda"));
        assert_eq!(focus("chto est ta kurs obmena v banke"), Some("obmena"));
    }

    #[test]
    fn the_word_after_a_which_word_is_the_focus() {
        assert_eq!(focus("kakoe naselenie goroda"), Some("naselenie"));
        assert_eq!(focus("kakoe"), None);
        assert_eq!(focus("s kakoe stranoj podpisal"), None);
    }

    #[test]
    fn a_word_in_the_genitive_after_a_which_word_belongs_to_the_focus() {
        assert_eq!(focus("kakoe davlatning elchisi"), Some("elchisi"));
    }

    #[test]
    fn a_noun_after_a_person_question_word_is_the_focus_and_a_verb_is_not() {
        assert_eq!(focus("kto prezident strany"), Some("prezident"));
        assert_eq!(focus("kto podpisal dogovor"), None);
    }

    #[test]
    fn a_question_word_that_ends_the_question_makes_the_word_before_it_the_focus() {
        assert_eq!(focus("strany prezidenti kto"), Some("prezidenti"));
    }

    #[test]
    fn a_short_phrase_without_question_words_has_its_head_as_focus() {
        assert_eq!(focus("naselenie iz strany"), Some("naselenie"));
        assert_eq!(focus("litiy narxi"), Some("narxi"));
        assert_eq!(focus("litiy"), None);
        assert_eq!(focus("ta litiy"), None);
        assert_eq!(focus("odin dva tri chetyre pyat"), None);
    }

    #[test]
    fn other_shapes_have_no_focus() {
        assert_eq!(focus("kto podpisal iz strany dal"), None);
        assert_eq!(focus("chto est ta odin dva tri chetyre iz"), None);
        assert_eq!(focus("chto est ta"), None);
        assert_eq!(focus(""), None);
    }
}
