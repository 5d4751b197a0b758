//! Question analysis: a question's words become the *concepts* a paragraph is matched on.
//!
//! Each content word the user typed is a concept, and so is each synonym group one of the
//! question's words or phrases belongs to. A concept is matched by any of its *alternatives*:
//! the typed word, the other members of its synonym group, or, for a word the index has never
//! seen, its nearest indexed words ([`super::typos`]). Stop words, question words and the words
//! that only say which kind of answer is wanted come from the question's [`Language`]; the
//! kinds asked for ("who" → a person) are kept beside the concepts.
//!
//! Every stem is interned once, so matching a paragraph later compares numbers, not strings.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::ranking::Ranking;
use super::typos;
use crate::index::{IndexInfo, Snapshot, StemEntry};
use crate::kinds::{self, Kind};
use crate::language::{self, Language};

/// At most this many concepts are searched for; the rest of a very long question is ignored.
pub(super) const MAX_CONCEPTS: usize = 24;

/// Bits of [`Analysis`]'s filter of the paragraphs' stem ids the question has: 128 bytes, so
/// that few of a paragraph's other words pass it by chance.
const STEM_FILTER_BITS: usize = 1024;

/// How an alternative relates to what the user typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Via {
    Typed,
    Synonym,
    Typo,
}

/// One way a concept can appear in a paragraph: a stemmed word, or a phrase of them, as ids
/// of [`Analysis::stems`].
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Alternative {
    pub(super) ids: Vec<u32>,
    pub(super) via: Via,
}

#[derive(Debug, Clone, Default)]
pub(super) struct Concept {
    pub(super) alternatives: Vec<Alternative>,
    /// The question's words it stands for, as typed (none for the words of an answer kind).
    pub(super) typed: String,
    /// Whether it was carried from the conversation's previous question rather than asked
    /// ([`Ranking::carried_weight`]).
    pub(super) carried: bool,
}

/// The question as concepts and phrases, ready to query and to match paragraphs against.
/// Every stem is interned once, so matching a paragraph compares numbers, not strings.
#[derive(Debug)]
pub(super) struct Analysis {
    /// The language the question is read in; paragraphs are matched against it in the same.
    pub(super) language: &'static Language,
    pub(super) concepts: Vec<Concept>,
    pub(super) phrases: Vec<Vec<u32>>,
    pub(super) kinds: Vec<Kind>,
    /// Whether the question is about a picture (a photo's caption may answer it).
    pub(super) about_a_picture: bool,
    /// The concept the question asks about, when it names one ([`crate::focus`]).
    pub(super) focus: Option<usize>,
    /// The focus's word as typed.
    pub(super) focus_word: Option<String>,
    /// The question's stems, by id: typed, synonyms and corrections (a few dozen, a hundred or
    /// so for a long question full of synonyms: an id is found by a scan, without a map that
    /// would copy each stem once more).
    pub(super) stems: Vec<String>,
    /// The question's stems that paragraphs hold, as pairs of the paragraphs' id for the stem
    /// ([`Snapshot::stem`]) and the question's: how a paragraph's words are read
    /// against the question.
    pub(super) paragraph_stem_ids: Vec<(u32, u32)>,
    /// A bit per paragraph stem id, modulo [`STEM_FILTER_BITS`], of those in
    /// `paragraph_stem_ids`: most of a paragraph's words are none of the question's, and this
    /// says so without a scan (a question with typo corrections and synonyms has dozens).
    paragraph_stem_filter: [u64; STEM_FILTER_BITS / 64],
    /// Per stem id: how many paragraphs contain it.
    pub(super) doc_freqs: Vec<u64>,
    pub(super) total_docs: u64,
}

impl Analysis {
    pub(super) fn new(language: &'static Language) -> Analysis {
        Analysis {
            language,
            concepts: Vec::new(),
            phrases: Vec::new(),
            kinds: Vec::new(),
            about_a_picture: false,
            focus: None,
            focus_word: None,
            stems: Vec::new(),
            paragraph_stem_ids: Vec::new(),
            paragraph_stem_filter: [0; STEM_FILTER_BITS / 64],
            doc_freqs: Vec::new(),
            total_docs: 0,
        }
    }

    /// The question's id for the stem the paragraphs' id `paragraph_stem` stands for, if it is
    /// one of the question's.
    pub(super) fn question_stem(&self, paragraph_stem: u32) -> Option<u32> {
        let bit = paragraph_stem as usize % STEM_FILTER_BITS;
        if self.paragraph_stem_filter[bit / 64] & (1 << (bit % 64)) == 0 {
            return None;
        }
        let ids = &self.paragraph_stem_ids;
        // A question has a few stems: a scan beats a search.
        ids.iter()
            .find(|(paragraphs, _)| *paragraphs == paragraph_stem)
            .map(|&(_, question)| question)
    }

    /// Reads a paragraph's stem `paragraph_stem` as the question's stem `id`.
    pub(super) fn add_paragraph_stem(&mut self, paragraph_stem: u32, id: u32) {
        self.paragraph_stem_ids.push((paragraph_stem, id));
        let bit = paragraph_stem as usize % STEM_FILTER_BITS;
        self.paragraph_stem_filter[bit / 64] |= 1 << (bit % 64);
    }

    /// The id of `stem`, if it is one of the question's.
    pub(super) fn id_of(&self, stem: &str) -> Option<u32> {
        self.stems
            .iter()
            .position(|known| known == stem)
            .map(|id| id as u32)
    }

    pub(super) fn intern(&mut self, stem: &str) -> u32 {
        if let Some(id) = self.id_of(stem) {
            return id;
        }
        self.stems.push(stem.to_owned());
        self.stems.len() as u32 - 1
    }

    pub(super) fn intern_all(&mut self, stems: &[String]) -> Vec<u32> {
        stems.iter().map(|stem| self.intern(stem)).collect()
    }

    /// The kinds of answer `text` holds, when the question asks for any (else none are looked
    /// for).
    pub(super) fn kinds_in(&self, text: &str) -> Vec<Kind> {
        if self.kinds.is_empty() {
            return Vec::new();
        }
        // What could answer: the kinds asked for, and a group of people for a person.
        let mut wanted = self.kinds.clone();
        if wanted.contains(&Kind::Person) {
            wanted.push(Kind::Group);
        }
        if wanted.contains(&Kind::Date) {
            wanted.push(Kind::Day);
        }
        self.language.kinds.found_among(text, &wanted)
    }

    /// True when the question asks for a kind of answer (a person, a date, a place) and
    /// `found` (a text's kinds) holds exactly that kind.
    pub(super) fn holds_asked_kind(&self, found: &[Kind]) -> bool {
        found.iter().any(|kind| self.kinds.contains(kind))
    }

    /// True unless the question asks only for kinds of answer a paragraph must hold
    /// ([`Kind::required`]) and `found` (a text's kinds) holds nothing that could be one (a
    /// group of people can answer "who").
    pub(super) fn could_hold_asked_kind(&self, found: &[Kind]) -> bool {
        self.kinds.iter().any(|kind| !kind.required())
            || self.kinds.is_empty()
            || self
                .kinds
                .iter()
                .any(|asked| found.iter().any(|&kind| asked.answered_by(kind)))
    }

    /// Whether some paragraph holds `concept` in one of its ways.
    pub(super) fn is_known(&self, concept: &Concept) -> bool {
        concept.alternatives.iter().any(|alternative| {
            alternative
                .ids
                .iter()
                .all(|&id| self.doc_freqs[id as usize] > 0)
        })
    }

    /// The question's words that no paragraph holds in any way (no synonym, no correction).
    pub(super) fn unknown_words(&self) -> Vec<String> {
        self.concepts
            .iter()
            .filter(|concept| !concept.typed.is_empty() && !self.is_known(concept))
            .map(|concept| concept.typed.clone())
            .collect()
    }

    /// BM25 IDF of an alternative: the sum over its words, as Tantivy scores phrases.
    pub(super) fn idf(&self, ids: &[u32]) -> f32 {
        ids.iter()
            .map(|&id| super::query::idf(self.doc_freqs[id as usize], self.total_docs))
            .sum()
    }
}

/// A synonym group member, analysed once per index build.
#[derive(Debug)]
pub(super) struct Member {
    plain: Vec<String>,
    stems: Vec<String>,
    /// Members that are stop words ("US") match only when typed as written, so "tell us"
    /// does not mean the United States.
    exact_case: Option<Vec<String>>,
}

/// The synonyms file of one index build, analysed once for all its questions.
#[derive(Debug)]
pub(super) struct PreparedSynonyms {
    pub(super) info: Arc<IndexInfo>,
    groups: Vec<Vec<Member>>,
    /// (group, member) indexes by the member's first word, so a question is matched against
    /// the members that start with one of its words rather than against every member.
    by_first_word: HashMap<String, Vec<(usize, usize)>>,
    /// The language's glossary into English, when it has one.
    pub(super) glossary: Option<super::glossary::PreparedGlossary>,
}

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
fn stem_of(word: &str, language: &'static Language) -> String {
    language.with_analyzers(|_, stemmer| stemmer.stem(word).to_owned())
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
        .map(|glossary| super::glossary::PreparedGlossary::new(glossary, language));
    PreparedSynonyms {
        info: Arc::clone(info),
        groups,
        by_first_word,
        glossary,
    }
}

/// True when `member` occurs in the question's tokens from `start` on.
fn occurs_at(member: &Member, question: &[Token], start: usize, language: &Language) -> bool {
    let Some(window) = question.get(start..start + member.plain.len()) else {
        return false;
    };
    match &member.exact_case {
        Some(typed) => window.iter().zip(typed).all(|(t, m)| t.typed == *m),
        None if language.inflects => window.iter().zip(&member.stems).all(|(t, m)| t.stem == *m),
        None => window.iter().zip(&member.plain).all(|(t, m)| t.plain == *m),
    }
}

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
    use super::*;

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

    #[test]
    fn a_stem_is_interned_once_and_read_back_from_the_paragraphs_id() {
        let mut analysis = Analysis::new(language::DEFAULT);
        let ids = analysis.intern_all(&["memorandum".into(), "sign".into(), "memorandum".into()]);
        assert_eq!(ids, [0, 1, 0]);
        analysis.add_paragraph_stem(70, 1);
        analysis.add_paragraph_stem(12, 0);
        assert_eq!(analysis.question_stem(12), Some(0));
        assert_eq!(analysis.question_stem(70), Some(1));
        assert_eq!(analysis.question_stem(13), None);
    }
}
