//! The focus of a question: the thing it asks about, when the question names it.
//!
//! "What is the *population* of Uzbekistan?", "Who is the *mayor* of Tashkent?": in a question
//! of the shape *question word, copula, determiner, a few words, "of"/"in"*, the word before
//! "of" is what is asked about. A paragraph that never mentions it (directly, by a synonym or a
//! typo's correction) does not answer, however many of the question's other words it holds:
//! a paragraph about Uzbekistan does not give its population. Questions of other shapes have
//! no focus here, and are judged by their words as before. The words of the pattern belong to
//! a language ([`crate::language`]); the logic here to none.

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
}

/// At most this many words stand between the determiner and the linker ("the exchange
/// rate of").
const MAX_FOCUS_WORDS: usize = 3;

impl FocusPatterns {
    /// The position in `words` of the focus's head word (the last before the linker), if the
    /// question names one.
    pub fn find(&self, words: &[&str]) -> Option<usize> {
        let is = |list: &[&str], at: usize| words.get(at).is_some_and(|w| list.contains(w));
        if let Some(at) = (0..words.len()).find(|&at| is(self.which_words, at))
            && at + 1 < words.len()
        {
            return Some(at + 1);
        }
        (0..words.len())
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
            })
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
    };

    fn focus(question: &str) -> Option<&str> {
        let words: Vec<&str> = question.split(' ').collect();
        TOY.find(&words).map(|at| words[at])
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
    }

    #[test]
    fn other_shapes_have_no_focus() {
        assert_eq!(focus("kto podpisal iz strany"), None);
        assert_eq!(focus("chto est ta odin dva tri chetyre iz"), None);
        assert_eq!(focus("chto est ta"), None);
        assert_eq!(focus(""), None);
    }
}
