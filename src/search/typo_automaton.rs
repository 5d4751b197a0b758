//! Finds the indexed words within a few edits of a word, while walking the term dictionary.
//!
//! Tantivy's fuzzy search first compiles a Levenshtein DFA for the word: for two edits and a
//! ten-letter word that takes longer than the rest of the answer (it was a quarter of the
//! time on a 100,000-paragraph index). This automaton compiles nothing: its state is the
//! current row of the edit-distance table, computed for each letter as the dictionary walk
//! reaches it, and the walk leaves a branch as soon as no word down it can be close enough.
//! The distance is the one `strsim::osa_distance` computes: insertions, deletions,
//! substitutions and swaps of two neighbouring letters, counted in characters.

use tantivy_fst::Automaton;

/// Longest word handled (in characters). Indexed words are at most 60 bytes long.
pub(crate) const MAX_CHARS: usize = 64;

/// Most edits handled.
pub(crate) const MAX_EDITS: u8 = 2;

/// Cells of a row kept: those within [`MAX_EDITS`] of the diagonal. A cell further off it is
/// the distance between prefixes whose lengths differ by more than that, so it is more than
/// `MAX_EDITS` whatever they hold: the walk never needs it. Keeping five cells instead of a
/// row of 65 makes the state small, and the dictionary walk copies a state per step.
const BAND: usize = 2 * MAX_EDITS as usize + 1;

/// Accepts the words within `max_edits` edits of a word.
#[derive(Debug)]
pub(crate) struct TypoAutomaton {
    word: Vec<char>,
    max_edits: u8,
}

/// Where the walk is: how many letters it has read, the band of the distance table's last two
/// rows, the last letter read, and the bytes of a letter whose UTF-8 encoding is not complete
/// yet.
#[derive(Debug, Clone)]
pub struct State {
    /// Letters read so far.
    read: u8,
    /// The row for the letters read: `band[b]` is the distance between the first
    /// `read + b - MAX_EDITS` letters of the word and them (capped at `max_edits + 1`).
    band: [u8; BAND],
    /// The row before the last letter, for swaps.
    previous: [u8; BAND],
    last: Option<char>,
    partial: [u8; 4],
    partial_len: u8,
}

impl TypoAutomaton {
    /// `None` when the word is longer than [`MAX_CHARS`] or `max_edits` more than
    /// [`MAX_EDITS`].
    pub fn new(word: &str, max_edits: u8) -> Option<Self> {
        let word: Vec<char> = word.chars().collect();
        (word.len() <= MAX_CHARS && max_edits <= MAX_EDITS)
            .then_some(TypoAutomaton { word, max_edits })
    }

    fn cap(&self) -> u8 {
        self.max_edits + 1
    }

    /// Cell `i` (letters of the word) of the row `band` kept after `read` letters: the cap
    /// when it is off the band or the word.
    fn cell(&self, band: &[u8; BAND], read: usize, i: usize) -> u8 {
        match (i + usize::from(MAX_EDITS)).checked_sub(read) {
            Some(b) if b < BAND && i <= self.word.len() => band[b],
            _ => self.cap(),
        }
    }

    /// The next state after reading the letter `letter`.
    fn step(&self, state: &State, letter: char) -> State {
        let cap = self.cap();
        let read = usize::from(state.read);
        let now = read + 1;
        let mut band = [cap; BAND];
        for b in 0..BAND {
            let Some(i) = (now + b).checked_sub(usize::from(MAX_EDITS)) else {
                continue;
            };
            if i > self.word.len() {
                break;
            }
            if i == 0 {
                band[b] = u8::try_from(now).unwrap_or(u8::MAX).min(cap);
                continue;
            }
            let substitution =
                self.cell(&state.band, read, i - 1) + u8::from(self.word[i - 1] != letter);
            let deletion = self.cell(&state.band, read, i) + 1;
            let insertion = if b > 0 { band[b - 1] } else { cap } + 1;
            let mut best = substitution.min(deletion).min(insertion);
            if i > 1
                && state.last == Some(self.word[i - 1])
                && self.word[i - 2] == letter
                && self.word[i - 1] != letter
            {
                best = best.min(self.cell(&state.previous, read - 1, i - 2) + 1);
            }
            band[b] = best.min(cap);
        }
        State {
            read: state.read.saturating_add(1),
            band,
            previous: state.band,
            last: Some(letter),
            partial: [0; 4],
            partial_len: 0,
        }
    }
}

impl Automaton for TypoAutomaton {
    type State = State;

    fn start(&self) -> State {
        let cap = self.cap();
        let mut band = [cap; BAND];
        for (b, cell) in band.iter_mut().enumerate() {
            if let Some(i) = b.checked_sub(usize::from(MAX_EDITS))
                && i <= self.word.len()
            {
                *cell = u8::try_from(i).unwrap_or(u8::MAX).min(cap);
            }
        }
        State {
            read: 0,
            band,
            previous: [cap; BAND],
            last: None,
            partial: [0; 4],
            partial_len: 0,
        }
    }

    fn is_match(&self, state: &State) -> bool {
        state.partial_len == 0
            && self.cell(&state.band, usize::from(state.read), self.word.len()) <= self.max_edits
    }

    fn can_match(&self, state: &State) -> bool {
        // No cell of a later row is smaller than the smallest of this one. (A swap reads the
        // row before, but a swap's cell `previous[i - 2] + 1` is never below `row[i - 1]`,
        // which is at most `previous[i - 2] + 1` itself.) Cells off the band are over the
        // limit anyway.
        state.band.iter().any(|&cell| cell <= self.max_edits)
    }

    fn accept(&self, state: &State, byte: u8) -> State {
        let mut next = state.clone();
        next.partial[usize::from(next.partial_len)] = byte;
        next.partial_len += 1;
        match std::str::from_utf8(&next.partial[..usize::from(next.partial_len)]) {
            Ok(letter) => match letter.chars().next() {
                Some(letter) => self.step(state, letter),
                None => next,
            },
            // The encoding of a letter continues in the next byte.
            Err(err) if err.error_len().is_none() && next.partial_len < 4 => next,
            // Not UTF-8: no indexed word is, so nothing down this branch can match.
            Err(_) => {
                let cap = self.cap();
                next.band = [cap; BAND];
                next.previous = [cap; BAND];
                next.partial_len = 0;
                next
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn run(automaton: &TypoAutomaton, text: &str) -> (bool, bool) {
        let mut state = automaton.start();
        let mut could = true;
        for &byte in text.as_bytes() {
            could &= automaton.can_match(&state);
            state = automaton.accept(&state, byte);
        }
        (automaton.is_match(&state), could)
    }

    #[test]
    fn accepts_exactly_the_words_within_the_distance() {
        let automaton = TypoAutomaton::new("memorandum", 2).unwrap();
        for (word, close) in [
            ("memorandum", true),
            ("memorandm", true),
            ("memroandum", true),
            ("memorandums", true),
            ("memorial", false),
            ("mem", false),
            ("memorandumsxx", false),
        ] {
            assert_eq!(run(&automaton, word).0, close, "{word}");
        }
        let cyrillic = TypoAutomaton::new("меморандум", 1).unwrap();
        assert!(run(&cyrillic, "меморандм").0);
        assert!(!run(&cyrillic, "мемранд").0);
    }

    /// `word` with up to three random edits: insertions, deletions, substitutions, swaps.
    fn near(word: String, edits: Vec<(u8, usize, char)>) -> String {
        let mut letters: Vec<char> = word.chars().collect();
        for (kind, at, letter) in edits {
            let at = at % (letters.len() + 1);
            match kind {
                0 => letters.insert(at, letter),
                1 if at < letters.len() => {
                    letters.remove(at);
                }
                2 if at < letters.len() => letters[at] = letter,
                _ if at + 1 < letters.len() => letters.swap(at, at + 1),
                _ => {}
            }
        }
        letters.into_iter().collect()
    }

    proptest! {
        /// Agrees with `strsim::osa_distance` on words a few edits apart, and never gives up
        /// on a prefix of a word it accepts.
        #[test]
        fn agrees_with_the_edit_distance(
            word in "[abcé]{0,9}",
            edits in proptest::collection::vec((0u8..4, 0usize..10, proptest::char::range('a', 'd')), 0..4),
            max_edits in 0u8..3,
        ) {
            let other = near(word.clone(), edits);
            let automaton = TypoAutomaton::new(&word, max_edits).unwrap();
            let (matched, never_gave_up) = run(&automaton, &other);
            let close = strsim::osa_distance(&word, &other) <= usize::from(max_edits);
            prop_assert_eq!(matched, close, "{:?} vs {:?}", word, other);
            if close {
                prop_assert!(never_gave_up);
            }
        }
    }
}
