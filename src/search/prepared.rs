//! What an index build's synonyms file becomes once, for all the questions asked of it: each
//! synonym group's members analysed in a language and found by their first word, and the
//! language's glossary into English.

use std::collections::HashMap;
use std::sync::Arc;

use super::glossary::PreparedGlossary;
use super::tokens::{Token, tokens};
use crate::index::IndexInfo;
use crate::language::{self, Language};

/// A synonym group member, analysed once per index build.
#[derive(Debug)]
pub(super) struct Member {
    pub(super) plain: Vec<String>,
    pub(super) stems: Vec<String>,
    /// Members that are stop words ("US") match only when typed as written, so "tell us"
    /// does not mean the United States.
    exact_case: Option<Vec<String>>,
}

/// The synonyms file of one index build, analysed once for all its questions.
#[derive(Debug)]
pub(super) struct PreparedSynonyms {
    pub(super) info: Arc<IndexInfo>,
    pub(super) groups: Vec<Vec<Member>>,
    /// (group, member) indexes by the member's first word, so a question is matched against
    /// the members that start with one of its words rather than against every member.
    pub(super) by_first_word: HashMap<String, Vec<(usize, usize)>>,
    /// The language's glossary into English, when it has one.
    pub(super) glossary: Option<PreparedGlossary>,
}

/// Analyses every member of the index's synonym groups.
pub(super) fn prepare_synonyms(
    info: &Arc<IndexInfo>,
    language: &'static Language,
) -> PreparedSynonyms {
    let groups: Vec<Vec<Member>> = info
        .synonyms
        .groups_for(language.code, language::DEFAULT.code)
        .iter()
        .map(|group| {
            group
                .iter()
                .filter_map(|member| {
                    let tokens = tokens(member, language);
                    if tokens.is_empty() {
                        return None;
                    }
                    let all_stop = tokens.iter().all(|t| language.is_stop_word(&t.plain));
                    Some(Member {
                        plain: tokens.iter().map(|t| t.plain.clone()).collect(),
                        stems: tokens.iter().map(|t| t.stem.clone()).collect(),
                        exact_case: all_stop
                            .then(|| tokens.iter().map(|t| t.typed.clone()).collect()),
                    })
                })
                .collect()
        })
        .collect();
    let mut by_first_word: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
    for (g, group) in groups.iter().enumerate() {
        for (m, member) in group.iter().enumerate() {
            let words = if language.inflects {
                &member.stems
            } else {
                &member.plain
            };
            if let Some(first) = words.first() {
                by_first_word.entry(first.clone()).or_default().push((g, m));
            }
        }
    }
    let glossary = info
        .synonyms
        .glossary_for(language.code)
        .map(|glossary| PreparedGlossary::new(glossary, language));
    PreparedSynonyms {
        info: Arc::clone(info),
        groups,
        by_first_word,
        glossary,
    }
}

/// True when `member` occurs in the question's tokens from `start` on.
pub(super) fn occurs_at(
    member: &Member,
    question: &[Token],
    start: usize,
    language: &Language,
) -> bool {
    let Some(window) = question.get(start..start + member.plain.len()) else {
        return false;
    };
    match &member.exact_case {
        Some(typed) => window.iter().zip(typed).all(|(t, m)| t.typed == *m),
        None if language.inflects => window.iter().zip(&member.stems).all(|(t, m)| t.stem == *m),
        None => window.iter().zip(&member.plain).all(|(t, m)| t.plain == *m),
    }
}
