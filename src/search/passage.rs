//! Reading a retrieved paragraph against the question: where the question's stems occur in
//! it, which concepts it covers and how well, which of its words to emphasise, and which of
//! its sentences answers best.

use std::ops::Range;

use super::analysis::{Alternative, Analysis, Via};
use super::ranking::Ranking;
use crate::index::Words;

/// A word of a paragraph that is one of the question's stems: which, and where it stands.
#[derive(Debug, Clone)]
pub(super) struct Mark {
    /// The question's stem id.
    pub(super) id: u32,
    /// Its place among the paragraph's words, counted from 0: neighbours are a phrase.
    pub(super) word: u32,
    pub(super) offsets: Range<usize>,
}

/// A paragraph read against the question: only its words that are the question's stems (a
/// handful among a hundred, so all that follows looks at a few), and how many words each of
/// its sentences has, for scoring sentences.
#[derive(Debug, Clone, Default)]
pub(super) struct Marks {
    pub(super) marks: Vec<Mark>,
    pub(super) sentence_words: Vec<u32>,
}

/// Reads a paragraph's words (as the index stored them) against the question, with its
/// `sentences` (byte ranges, in order). `None` when a word the question has lies outside
/// `text` or inside one of its characters: only a damaged paragraph file says so.
pub(super) fn marks(
    words: &Words,
    text: &str,
    sentences: &[Range<usize>],
    analysis: &Analysis,
) -> Option<Marks> {
    let mut read = Marks {
        marks: Vec::new(),
        sentence_words: vec![0; sentences.len()],
    };
    let mut sentence = 0;
    for (word, (offsets, stem)) in words.iter().enumerate() {
        while sentences.get(sentence).is_some_and(|s| s.end < offsets.end) {
            sentence += 1;
        }
        // A word counts in the sentence that holds it whole.
        if sentences
            .get(sentence)
            .is_some_and(|s| s.start <= offsets.start)
        {
            read.sentence_words[sentence] += 1;
        }
        if let Some(id) = analysis.question_stem(stem) {
            let inside = offsets.end <= text.len()
                && text.is_char_boundary(offsets.start)
                && text.is_char_boundary(offsets.end);
            if !inside {
                return None;
            }
            read.marks.push(Mark {
                id,
                word: word as u32,
                offsets,
            });
        }
    }
    Some(read)
}

/// Where the stem sequence `ids` occurs in `marks`, as index ranges of `marks`: consecutive
/// marks of neighbouring words.
pub(super) fn find<'a>(
    ids: &'a [u32],
    marks: &'a [Mark],
) -> impl Iterator<Item = Range<usize>> + 'a {
    let n = ids.len();
    let starts = if n == 0 || n > marks.len() {
        0..0
    } else {
        0..marks.len() - n + 1
    };
    starts
        .filter(move |&start| {
            let first = marks[start].word;
            marks[start..start + n]
                .iter()
                .zip(ids)
                .zip(first..)
                .all(|((mark, id), word)| mark.id == *id && mark.word == word)
        })
        .map(move |start| start..start + n)
}

/// Whether the stem sequence `ids` occurs in `marks`.
fn occurs(ids: &[u32], marks: &[Mark]) -> bool {
    find(ids, marks).next().is_some()
}

/// For each concept, the best way it was matched in the paragraph, if at all.
pub(super) fn match_concepts(analysis: &Analysis, marks: &[Mark]) -> Vec<Option<Via>> {
    analysis
        .concepts
        .iter()
        .map(|concept| {
            concept
                .alternatives
                .iter()
                .filter(|a| occurs(&a.ids, marks))
                .map(|a| a.via)
                .min_by_key(|via| match via {
                    Via::Typed => 0,
                    Via::Synonym => 1,
                    Via::Typo => 2,
                })
        })
        .collect()
}

pub(super) fn coverage(analysis: &Analysis, matched: &[Option<Via>], ranking: &Ranking) -> f32 {
    if analysis.concepts.is_empty() {
        return 0.0;
    }
    // A concept no paragraph holds in any of its ways weighs more: what the documents never
    // mention is most often what the question asks about ("When does the MoU *expire*?").
    // A concept carried from the previous question weighs less than one asked.
    let weight = |concept: &super::analysis::Concept| {
        let unknown = if analysis.is_known(concept) {
            1.0
        } else {
            ranking.unknown_word_weight
        };
        let carried = if concept.carried {
            ranking.carried_weight
        } else {
            1.0
        };
        unknown * carried
    };
    let mut credit = 0.0;
    let mut total = 0.0;
    for (concept, m) in analysis.concepts.iter().zip(matched) {
        let weight = weight(concept);
        total += weight;
        credit += weight
            * match m {
                Some(Via::Typed | Via::Synonym) => 1.0,
                Some(Via::Typo) => ranking.typo_coverage,
                None => 0.0,
            };
    }
    credit / total
}

/// Share of the question's adjacent word pairs found side by side in the paragraph.
pub(super) fn phrase_share(analysis: &Analysis, marks: &[Mark]) -> f32 {
    if analysis.phrases.is_empty() {
        return 0.0;
    }
    let found = analysis
        .phrases
        .iter()
        .filter(|phrase| occurs(phrase, marks))
        .count();
    found as f32 / analysis.phrases.len() as f32
}

/// Byte ranges of the words to emphasise: for each concept, where the paragraph says it the
/// way the user typed it; only where it doesn't, the synonym (or typo correction) that stood in.
/// So "What does MoU stand for?" bolds "MoU", not also "agreement" and "according" (which
/// shares the stem of the synonym "accord").
///
/// Neighbouring matches joined only by punctuation ("U.S") become one range, and an initialism
/// keeps its closing dot, so a reply reads `<b>U.S.</b>` rather than `<b>U</b>.<b>S</b>.`.
pub(super) fn highlights(analysis: &Analysis, marks: &[Mark], text: &str) -> Vec<Range<usize>> {
    let mut marked = vec![false; marks.len()];
    for concept in &analysis.concepts {
        for via in [Via::Typed, Via::Synonym, Via::Typo] {
            let mut found = false;
            for alternative in concept.alternatives.iter().filter(|a| a.via == via) {
                for range in find(&alternative.ids, marks) {
                    marked[range].fill(true);
                    found = true;
                }
            }
            if found {
                break;
            }
        }
    }
    let joins = |gap: &str| {
        !gap.is_empty()
            && gap.len() <= 2
            && gap
                .chars()
                .all(|c| !c.is_whitespace() && !c.is_alphanumeric())
    };
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for (mark, _) in marks.iter().zip(&marked).filter(|(_, m)| **m) {
        match ranges.last_mut() {
            Some(last) if text.get(last.end..mark.offsets.start).is_some_and(joins) => {
                last.end = mark.offsets.end;
            }
            _ => ranges.push(mark.offsets.clone()),
        }
    }
    for range in &mut ranges {
        if is_initialism(&text[range.clone()]) && text[range.end..].starts_with('.') {
            range.end += 1;
        }
    }
    ranges
}

/// Single letters joined by dots: "U.S", "U.S.A".
fn is_initialism(word: &str) -> bool {
    word.contains('.')
        && word
            .split('.')
            .all(|part| part.chars().count() == 1 && part.chars().all(char::is_alphabetic))
}

/// Each concept's alternatives with the weight a sentence scores them by: the same rarity for
/// all when they share one, as in the query, so a phrase (whose rarity adds up its words')
/// does not outweigh the word the question turns on. They depend on the question alone.
pub(super) fn sentence_weights<'a>(
    analysis: &'a Analysis,
    ranking: &Ranking,
) -> Vec<Vec<(&'a Alternative, f32)>> {
    analysis
        .concepts
        .iter()
        .map(|concept| {
            let shared = super::query::shared_idf(analysis, concept, ranking);
            concept
                .alternatives
                .iter()
                .map(|a| {
                    let idf = shared.unwrap_or_else(|| analysis.idf(&a.ids));
                    (a, ranking.weight(a.via) * idf)
                })
                .collect()
        })
        .collect()
}

/// The sentence that answers best among `text`'s `sentences` (as the index stored them): each
/// scored as a small BM25 document over the question's concepts, as the query scores paragraphs
/// (each concept counted once, by its best way of being said, by `weighted` from
/// [`sentence_weights`]), times (1 + [`Ranking::kind_weight`]) when it holds the kind of answer
/// asked for; the earlier one wins a tie.
pub(super) fn best_sentence(
    weighted: &[Vec<(&Alternative, f32)>],
    analysis: &Analysis,
    read: &Marks,
    text: &str,
    sentences: &[Range<usize>],
    ranking: &Ranking,
) -> Range<usize> {
    const K1: f32 = 1.2;
    const B: f32 = 0.75;
    let Some(first) = sentences.first().cloned() else {
        return 0..text.len();
    };
    let marks = read.marks.as_slice();
    let mut best = (0.0f32, first);
    let mut start = 0;
    for (sentence, &words) in sentences.iter().cloned().zip(&read.sentence_words) {
        // Marks are in text order, so a sentence's marks are one slice.
        let from = start + marks[start..].partition_point(|m| m.offsets.start < sentence.start);
        let to = from + marks[from..].partition_point(|m| m.offsets.end <= sentence.end);
        start = to;
        let inside = &marks[from..to];
        // A sentence without a word of the question scores nothing, whatever it holds.
        if inside.is_empty() {
            continue;
        }
        let length_norm = 1.0 - B + B * words as f32 / ranking.sentence_pivot;
        // A concept counts once, by its best alternative, as in the query.
        let score: f32 = weighted
            .iter()
            .map(|alternatives| {
                alternatives
                    .iter()
                    .map(|(alternative, weight)| {
                        let tf = find(&alternative.ids, inside).count() as f32;
                        weight * tf * (K1 + 1.0) / (tf + K1 * length_norm)
                    })
                    .fold(0.0f32, f32::max)
            })
            .sum();
        // As for paragraphs: the sentence that holds the kind of answer asked for is preferred.
        let score = score
            * ranking.kind_factor(
                analysis.holds_asked_kind(&analysis.kinds_in(&text[sentence.clone()])),
            );
        if score > best.0 {
            best = (score, sentence);
        }
    }
    best.1
}

#[cfg(test)]
mod tests {
    use super::super::analysis::Concept;
    use super::*;
    use crate::language;

    fn analysis_of(stems: &[&str]) -> Analysis {
        let mut analysis = Analysis::new(language::DEFAULT);
        for stem in stems {
            let id = analysis.intern(stem);
            analysis.add_paragraph_stem(id, id);
        }
        analysis
    }

    /// A paragraph's marks, its words read as a build reads them, with the question's ids for
    /// stems (any other stem an id no question stem has).
    fn marks_of(text: &str, analysis: &Analysis) -> Vec<Mark> {
        read(text, analysis).marks
    }

    fn read(text: &str, analysis: &Analysis) -> Marks {
        let words = Words::read(text, analysis.language, |stem| {
            analysis.id_of(stem).unwrap_or(u32::MAX)
        });
        marks(&words, text, &crate::paragraphs::sentences(text), analysis).unwrap()
    }

    #[test]
    fn highlights_join_initials_across_their_dots() {
        let text = "The U.S. and Uzbekistan";
        let mut analysis = analysis_of(&["u", "s"]);
        analysis.concepts.push(Concept {
            alternatives: vec![Alternative {
                ids: vec![0, 1],
                via: Via::Synonym,
            }],
            ..Concept::default()
        });
        let marks = marks_of(text, &analysis);
        let ranges = highlights(&analysis, &marks, text);
        let got: Vec<_> = ranges.into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, ["U.S."]);
    }

    #[test]
    fn a_concept_is_emphasised_as_typed_where_the_paragraph_says_it_so() {
        let text = "The MoU, or agreement, was signed according to plan.";
        let mut analysis = analysis_of(&["mou", "agreement", "accord", "sign"]);
        let alternative = |id, via| Alternative { ids: vec![id], via };
        analysis.concepts.push(Concept {
            alternatives: vec![
                alternative(0, Via::Typed),
                alternative(1, Via::Synonym),
                alternative(2, Via::Synonym),
            ],
            ..Concept::default()
        });
        analysis.concepts.push(Concept {
            alternatives: vec![alternative(3, Via::Synonym)],
            ..Concept::default()
        });
        let marks = marks_of(text, &analysis);
        let got: Vec<_> = highlights(&analysis, &marks, text)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        // The typed "MoU" only for the first concept; the synonym where nothing was typed.
        assert_eq!(got, ["MoU", "signed"]);
    }

    #[test]
    fn only_the_questions_words_are_marked_and_a_phrase_needs_them_side_by_side() {
        let analysis = analysis_of(&["sign", "memorandum"]);
        let apart = read("They signed the memorandum. It was signed.", &analysis);
        let marked: Vec<_> = apart.marks.iter().map(|m| (m.id, m.word)).collect();
        assert_eq!(marked, [(0, 1), (1, 3), (0, 6)]);
        assert_eq!(apart.sentence_words, [4, 3]);
        assert_eq!(find(&[0, 1], &apart.marks).count(), 0);
        let together = read("A memorandum was signed, memorandum signed.", &analysis);
        let found: Vec<Range<usize>> = find(&[1, 0], &together.marks).collect();
        assert_eq!(found, vec![Range { start: 2, end: 4 }]);
    }

    #[test]
    fn only_single_letters_joined_by_dots_are_initialisms() {
        assert!(is_initialism("U.S"));
        assert!(is_initialism("U.S.A"));
        assert!(!is_initialism("US"));
        assert!(!is_initialism("St.Louis"));
    }
}
