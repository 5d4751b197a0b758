//! Question analysis: a question's tokens become an [`Analysis`] — its *concepts* (each
//! content word typed, and each synonym group one of its words or phrases belongs to), each
//! matched by any of its *alternatives*: the typed word, the other members of its synonym
//! group, or, for a word the index has never seen, its nearest indexed words
//! ([`super::typos`]). Stop words, question words and the words that only say which kind of
//! answer is wanted come from the question's [`Language`]; the kinds asked for ("who" → a
//! person) are kept beside the concepts. The analysis then flows on, unchanged, to query
//! building, retrieval and ranking.

use std::collections::BTreeMap;

use super::analysis::{Alternative, Analysis, Concept, MAX_CONCEPTS, Via};
use super::prepared::{Member, PreparedSynonyms, occurs_at};
use super::ranking::Ranking;
use super::tokens::{Token, stem_of};
use super::typos;
use crate::index::{Snapshot, StemEntry};
use crate::kinds::{self, Kind};
use crate::language::Language;

/// Reads a question into concepts, phrases and the kinds of answer it asks for. The tokens from
/// `carried_from` on are the previous question's topic, carried into a follow-up: they make
/// concepts that weigh less, and ask for no kind and name no focus.
pub(super) fn analyse(
    question_tokens: Vec<Token>,
    carried_from: usize,
    kinds: Option<&[Kind]>,
    language: &'static Language,
    snapshot: &Snapshot,
    synonyms: &PreparedSynonyms,
    ranking: &Ranking,
) -> anyhow::Result<Analysis> {
    let mut covered = vec![false; question_tokens.len()];
    // Which concept each word of the question went into, to find the focus's.
    let mut concept_of: Vec<Option<usize>> = vec![None; question_tokens.len()];
    let mut analysis = Analysis::new(language);

    // Synonym groups first: a group any of whose members was typed becomes one concept.
    let groups: &[Vec<Member>] = if ranking.synonyms {
        &synonyms.groups
    } else {
        &[]
    };
    // The members typed, per group in the order of the synonyms file: which, and where.
    let mut typed: BTreeMap<usize, Vec<(usize, std::ops::Range<usize>)>> = BTreeMap::new();
    if ranking.synonyms {
        for (start, token) in question_tokens.iter().enumerate() {
            let key = if language.inflects {
                &token.stem
            } else {
                &token.plain
            };
            for &(g, m) in synonyms.by_first_word.get(key).into_iter().flatten() {
                let member = &groups[g][m];
                if occurs_at(member, &question_tokens, start, language) {
                    let at = start..start + member.plain.len();
                    typed.entry(g).or_default().push((m, at));
                    covered[start..start + member.plain.len()]
                        .iter_mut()
                        .for_each(|c| *c = true);
                }
            }
        }
    }
    for (g, typed_members) in typed {
        let mut concept = Concept::default();
        for (index, member) in groups[g].iter().enumerate() {
            let via = if typed_members.iter().any(|(m, _)| *m == index) {
                Via::Typed
            } else {
                Via::Synonym
            };
            push_alternative(&mut analysis, &mut concept, &member.stems, via);
        }
        for (_, at) in &typed_members {
            concept_of[at.clone()].fill(Some(analysis.concepts.len()));
        }
        concept.carried = typed_members.iter().all(|(_, at)| at.start >= carried_from);
        if let Some((_, at)) = typed_members.first() {
            concept.typed = question_tokens[at.clone()]
                .iter()
                .map(|t| t.typed.as_str())
                .collect::<Vec<_>>()
                .join(" ");
        }
        analysis.concepts.push(concept);
    }

    let plain_words: Vec<&str> = question_tokens.iter().map(|t| t.plain.as_str()).collect();
    let asked = &plain_words[..carried_from.min(plain_words.len())];
    analysis.kinds = match kinds {
        Some(kinds) => kinds.to_vec(),
        None => language.kinds.asked_for(asked),
    };
    let kind_words = language.kinds.kind_words(&plain_words);
    let asks_for_a_date = analysis.kinds.contains(&Kind::Date);
    // A question asking what something is for, or what it covers, is matched by the words in
    // which documents state aims ("aim", "goal", "strategy"), as by a synonym of what it asks:
    // "why was it signed?" and "what will they do together?" have nothing else to find the
    // aims with.
    // (For a question asking what something covers, only when it has nothing else to search:
    // "how many minerals are listed?" has its minerals.)
    let nothing_else = question_tokens[..carried_from.min(question_tokens.len())]
        .iter()
        .enumerate()
        .all(|(at, token)| !covered[at] && (language.is_stop_word(&token.plain) || kind_words[at]));
    if ranking.purpose_words
        && (analysis.kinds.contains(&Kind::Purpose)
            || analysis.kinds.contains(&Kind::Scope) && nothing_else)
    {
        let mut concept = Concept::default();
        for word in language.kinds.purpose_words {
            push_alternative(
                &mut analysis,
                &mut concept,
                &[stem_of(word, language)],
                Via::Synonym,
            );
        }
        let already = analysis.concepts.iter().any(|known| {
            known
                .alternatives
                .iter()
                .any(|a| concept.alternatives.iter().any(|b| a.ids == b.ids))
        });
        if !already && !concept.alternatives.is_empty() {
            analysis.concepts.push(concept);
        }
    }
    analysis.about_a_picture = question_tokens[..carried_from.min(question_tokens.len())]
        .iter()
        .any(|t| language.is_picture_word(&t.plain));
    let bare = |at: usize| {
        !ranking.bare_numbers && is_bare_number(&question_tokens, at, language, asks_for_a_date)
    };

    // Then each other content word, corrected when the index has never seen it.
    // The stems already made concepts, and which: a question has a handful.
    let mut seen: Vec<(&str, usize)> = Vec::new();
    // What the stem dictionary said of them, by stem id, not to ask it twice.
    let mut looked_up: Vec<(u32, Option<StemEntry>)> = Vec::new();
    for (at, (token, covered)) in question_tokens.iter().zip(&covered).enumerate() {
        if analysis.concepts.len() >= MAX_CONCEPTS {
            break;
        }
        if *covered || language.is_stop_word(&token.plain) || kind_words[at] || bare(at) {
            continue;
        }
        if let Some(&(_, concept)) = seen.iter().find(|(stem, _)| *stem == token.stem) {
            concept_of[at] = Some(concept);
            continue;
        }
        seen.push((&token.stem, analysis.concepts.len()));
        concept_of[at] = Some(analysis.concepts.len());
        let mut concept = Concept {
            typed: token.typed.clone(),
            carried: at >= carried_from,
            ..Concept::default()
        };
        push_alternative(
            &mut analysis,
            &mut concept,
            std::slice::from_ref(&token.stem),
            Via::Typed,
        );
        let entry = snapshot.stem(language, &token.stem);
        looked_up.push((analysis.intern(&token.stem), entry));
        if entry.is_none() {
            for correction in typos::corrections(&token.plain, language, snapshot, ranking)? {
                let stem = stem_of(&correction, language);
                push_alternative(&mut analysis, &mut concept, &[stem], Via::Typo);
                // A corrected word brings its synonyms, as if it had been typed right.
                for group in groups {
                    if group.iter().any(|m| m.plain == [correction.as_str()]) {
                        for member in group {
                            push_alternative(&mut analysis, &mut concept, &member.stems, Via::Typo);
                        }
                    }
                }
            }
        }
        analysis.concepts.push(concept);
    }
    analysis.concepts.truncate(MAX_CONCEPTS);
    if ranking.focus_required {
        let words: Vec<&str> = question_tokens[..carried_from.min(question_tokens.len())]
            .iter()
            .map(|t| t.plain.as_str())
            .collect();
        let concepts = analysis.concepts.len();
        // A word that asks for a kind of answer names no focus, even as a synonym ("какая
        // цель" asks for an aim, which any paragraph stating one gives).
        let is_content = |at: usize| {
            concept_of[at].is_some_and(|c| c < concepts)
                && !language.is_number(words[at])
                && !kind_words[at]
        };
        let at = language
            .focus
            .find(&words, language.wrapping.question_words, is_content);
        analysis.focus = at
            .and_then(|at| concept_of[at])
            .filter(|&concept| concept < analysis.concepts.len());
        if analysis.focus.is_some() {
            analysis.focus_word = at.map(|at| words[at].to_owned());
        }
    }

    // Adjacent typed content words, as a phrase.
    for (at, pair) in question_tokens.windows(2).enumerate() {
        if analysis.phrases.len() < MAX_CONCEPTS
            && pair.iter().all(|t| !language.is_stop_word(&t.plain))
            && !bare(at)
            && !bare(at + 1)
            && at + 1 != carried_from
            && pair[0].stem != pair[1].stem
        {
            let ids = analysis.intern_all(&[pair[0].stem.clone(), pair[1].stem.clone()]);
            analysis.phrases.push(ids);
        }
    }

    // How rare each stem is, for ranking and for choosing the sentence, and its id in the
    // paragraphs' words: one lookup each.
    analysis.total_docs = snapshot.statistics(language).paragraphs;
    analysis.doc_freqs = Vec::with_capacity(analysis.stems.len());
    for id in 0..analysis.stems.len() {
        let entry = match looked_up.iter().find(|(known, _)| *known as usize == id) {
            Some(&(_, entry)) => entry,
            None => snapshot.stem(language, &analysis.stems[id]),
        };
        analysis
            .doc_freqs
            .push(entry.map_or(0, |entry| u64::from(entry.held_by)));
        if let Some(entry) = entry {
            analysis.add_paragraph_stem(entry.id, id as u32);
        }
    }
    // An alternative with a word no paragraph contains can match nothing: drop it before it
    // costs a query clause. (A concept keeps its typed word, so coverage still counts it.)
    let doc_freqs = &analysis.doc_freqs;
    for concept in &mut analysis.concepts {
        concept
            .alternatives
            .retain(|a| a.via == Via::Typed || a.ids.iter().all(|&id| doc_freqs[id as usize] > 0));
    }
    Ok(analysis)
}

/// True when the token at `at` is a number (in digits, or a word such as "two") that stands on
/// its own: not a year, not part of a date with a month name ("September 24-26"), in a
/// question that does not ask for a date. Such a number ("Who signed it? (24)") says little
/// about what is asked, yet as a rare word it would outweigh the words that do; so it is not
/// searched for.
fn is_bare_number(tokens: &[Token], at: usize, language: &Language, asks_for_a_date: bool) -> bool {
    let word = tokens[at].plain.as_str();
    if !language.is_number(word) || asks_for_a_date {
        return false;
    }
    let is_month = |t: &Token| language.kinds.months.contains(&t.plain.as_str());
    // "September 24", "September 24-26", "24 September".
    let beside_a_month = tokens[at.saturating_sub(2)..at].iter().any(is_month)
        || tokens.get(at + 1).is_some_and(is_month);
    !kinds::is_year(word) && !beside_a_month
}

fn push_alternative(analysis: &mut Analysis, concept: &mut Concept, stems: &[String], via: Via) {
    let ids = analysis.intern_all(stems);
    if !concept.alternatives.iter().any(|a| a.ids == ids) {
        concept.alternatives.push(Alternative { ids, via });
    }
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokens;
    use super::*;
    use crate::language;

    #[test]
    fn a_number_is_bare_unless_it_is_a_year_is_beside_a_month_or_a_date_is_asked_for() {
        let bare = |question: &str, asks_for_a_date: bool| -> Vec<String> {
            let tokens = tokens(question, language::DEFAULT);
            (0..tokens.len())
                .filter(|&at| is_bare_number(&tokens, at, language::DEFAULT, asks_for_a_date))
                .map(|at| tokens[at].plain.clone())
                .collect()
        };
        assert_eq!(bare("Who signed the memorandum? (24)", false), ["24"]);
        assert!(bare("What happened in 2023?", false).is_empty());
        assert!(bare("the events of 24 september", false).is_empty());
        assert!(bare("September 24-26 in Las Vegas", false).is_empty());
        assert!(bare("which day, 16 or 24?", true).is_empty());
        assert!(bare("signed by 2 people", false) == ["2"]);
        assert_eq!(bare("what did the two countries sign", false), ["two"]);
    }
}
