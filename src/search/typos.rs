//! Typo correction: the indexed words nearest to a word no paragraph contains.
//!
//! A word of [`Ranking::min_typo_chars`] letters or more is corrected to the words of the
//! unstemmed vocabulary within one edit (two from [`Ranking::two_typo_chars`] letters, when one
//! finds nothing) that start with the same letter. The term dictionary is walked with
//! [`TypoAutomaton`], which abandons a branch as soon as nothing down it can be close enough.
//! In Russian and Uzbek, a word that no edit mends is read as another form of an indexed word
//! that starts the same way ([`Ranking::related_forms`]).

use std::collections::HashMap;

use super::ranking::Ranking;
use super::typo_automaton::TypoAutomaton;
use crate::index::Snapshot;
use crate::language::Language;

/// The indexed words nearest to an unknown word, with the same first letter: fewest edits
/// first, then the most frequent.
pub(super) fn corrections(
    word: &str,
    language: &Language,
    snapshot: &Snapshot,
    ranking: &Ranking,
) -> anyhow::Result<Vec<String>> {
    let chars = word.chars().count();
    if chars < ranking.min_typo_chars || word.chars().any(|c| c.is_ascii_digit()) {
        return Ok(Vec::new());
    }
    // One edit first; two only for long words that one edit cannot fix. The nearest words
    // win anyway, and a two-edit automaton costs several times more to build.
    let mut found = words_within(word, 1, language, snapshot)?;
    if found.is_empty() && chars >= ranking.two_typo_chars {
        found = words_within(word, 2, language, snapshot)?;
    }
    if found.is_empty() && language.inflects && ranking.related_forms {
        found = words_with_prefix(word, language, snapshot)?;
    }
    let mut ranked: Vec<(usize, std::cmp::Reverse<u64>, String)> = found
        .into_iter()
        .filter(|(term, _)| !language.is_stop_word(term))
        .map(|(term, freq)| {
            (
                strsim::damerau_levenshtein(word, &term),
                std::cmp::Reverse(freq),
                term,
            )
        })
        .collect();
    ranked.sort();
    let best = ranked.first().map(|(distance, _, _)| *distance);
    Ok(ranked
        .into_iter()
        .take_while(|(distance, _, _)| Some(*distance) == best)
        .take(2)
        .map(|(_, _, term)| term)
        .collect())
}

/// In a language whose words take many endings, indexed words (unstemmed) that start as
/// `word` does: its letters but the last four, at least five and at most eight of them
/// ("подписывал" finds "подписали", "геологоразведочной" "геологоразведке"), with how many
/// paragraphs hold each. A form the stemmer does not bring to the same stem is still the
/// same word.
fn words_with_prefix(
    word: &str,
    language: &Language,
    snapshot: &Snapshot,
) -> anyhow::Result<HashMap<String, u64>> {
    let chars = word.chars().count();
    let keep = chars.saturating_sub(4).clamp(5, 8);
    if chars < keep {
        return Ok(HashMap::new());
    }
    let cut = word
        .char_indices()
        .nth(keep)
        .map_or(word.len(), |(at, _)| at);
    let lower = word.as_bytes()[..cut].to_vec();
    let mut upper = lower.clone();
    if let Some(last) = upper.last_mut() {
        *last = last.saturating_add(1);
    }
    let field = snapshot.fields.of(language).plain;
    let mut found: HashMap<String, u64> = HashMap::new();
    for segment in snapshot.searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted
            .terms()
            .range()
            .ge(&lower)
            .lt(&upper)
            .into_stream()?;
        while stream.advance() {
            if let Ok(term) = std::str::from_utf8(stream.key()) {
                *found.entry(term.to_owned()).or_default() += u64::from(stream.value().doc_freq);
            }
        }
    }
    Ok(found)
}

/// Indexed words (unstemmed) within `distance` edits of `word` that start with its first
/// letter, with how many paragraphs hold each.
fn words_within(
    word: &str,
    distance: u8,
    language: &Language,
    snapshot: &Snapshot,
) -> anyhow::Result<HashMap<String, u64>> {
    let field = snapshot.fields.of(language).plain;
    // People rarely mistype a word's first letter: looking only at words that start with
    // the same one makes the search through the vocabulary many times shorter.
    let Some(first) = word.chars().next() else {
        return Ok(HashMap::new());
    };
    let mut buffer = [0u8; 4];
    let lower = first.encode_utf8(&mut buffer).as_bytes().to_vec();
    let mut upper = lower.clone();
    if let Some(last) = upper.last_mut() {
        *last = last.saturating_add(1);
    }
    let Some(automaton) = TypoAutomaton::new(word, distance) else {
        return Ok(HashMap::new());
    };
    let mut found: HashMap<String, u64> = HashMap::new();
    for segment in snapshot.searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted
            .terms()
            .search(&automaton)
            .ge(&lower)
            .lt(&upper)
            .into_stream()?;
        while stream.advance() {
            if let Ok(term) = std::str::from_utf8(stream.key()) {
                *found.entry(term.to_owned()).or_default() += u64::from(stream.value().doc_freq);
            }
        }
    }
    Ok(found)
}
