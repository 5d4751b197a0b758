//! "Tell me more" and "who else?": the next passage of an answer, among the candidates a
//! deeper search of its question found.

use super::outcome::{Outcome, Passage, PassageId, SetAside};
use crate::kinds::Kind;
use crate::language;

/// The first of `outcome`'s candidates that is not among `shown`, covers at least
/// `min_coverage` of the question and is not set aside (except for lacking the kind asked: more
/// on the topic may say more without it); another of the kind asked first, then any. With
/// `holding`, it must hold that kind; for a person, one none of `shown_texts` names.
pub(super) fn next(
    outcome: Outcome,
    shown: &[PassageId],
    shown_texts: &[&str],
    holding: Option<Kind>,
    min_coverage: f32,
) -> Option<Passage> {
    let asked: Vec<Kind> = outcome
        .answer_kinds
        .iter()
        .copied()
        .filter(|kind| kind.required())
        .collect();
    let mut eligible = outcome.candidates.into_iter().filter(|passage| {
        let aside = matches!(passage.set_aside, None | Some(SetAside::LacksAnswerKind));
        let kinds = &language::by_code(passage.language)
            .unwrap_or(language::DEFAULT)
            .kinds;
        // "Who else?" asks for another person, named: a body of people is no one else.
        let holds = holding.is_none_or(|kind| {
            kinds.found_among(&passage.text, &[kind]).contains(&kind)
                && (kind != Kind::Person || kinds.names_someone_new(&passage.text, shown_texts))
        });
        aside && holds && passage.coverage >= min_coverage && !shown.contains(&passage.id())
    });
    // More of the kind asked first ("the goal?", then another aim), then more on the topic.
    let first = eligible.next();
    if asked.is_empty() || first.as_ref().is_none_or(|p| holds(p, &asked)) {
        return first;
    }
    let mut rest: Vec<Passage> = eligible.collect();
    match rest.iter().position(|passage| holds(passage, &asked)) {
        Some(at) => Some(rest.swap_remove(at)),
        None => first,
    }
}

/// True when `passage` holds one of the kinds of answer in `asked`.
fn holds(passage: &Passage, asked: &[Kind]) -> bool {
    let kinds = &language::by_code(passage.language)
        .unwrap_or(language::DEFAULT)
        .kinds;
    kinds
        .found_among(&passage.text, asked)
        .into_iter()
        .any(|found| asked.iter().any(|kind| kind.answered_by(found)))
}
