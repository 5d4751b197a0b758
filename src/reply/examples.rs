//! The example questions offered to someone: those of the documents in their language, or,
//! when there are none, of every original.

use crate::index::{DocumentInfo, IndexInfo};
use crate::language::Language;

/// The documents to name to someone speaking `lang`: those in it, or, when there are none,
/// every original.
pub(super) fn documents_for<'a>(
    info: &'a IndexInfo,
    lang: &'static Language,
) -> impl Iterator<Item = &'a DocumentInfo> {
    let named = named_to(info, lang);
    info.documents.iter().filter(move |d| named(d))
}

/// Whether a document is one of [`documents_for`] `lang`.
fn named_to(info: &IndexInfo, lang: &'static Language) -> impl Fn(&DocumentInfo) -> bool {
    let in_lang = move |d: &DocumentInfo| d.meta.language.as_deref().unwrap_or("en") == lang.code;
    let any_in_lang = info.documents.iter().any(in_lang);
    move |d| {
        if any_in_lang {
            in_lang(d)
        } else {
            d.meta.translation_of.is_none()
        }
    }
}

/// Example questions from the headers of the documents in `lang` (or of all documents, when
/// none is in it), the first documents first.
pub fn example_questions<'a>(
    info: &'a IndexInfo,
    lang: &'static Language,
    count: usize,
) -> Vec<&'a str> {
    // Few documents have examples: they are looked for first, not the language of each.
    let named = named_to(info, lang);
    info.documents
        .iter()
        .filter(|d| !d.meta.examples.is_empty() && named(d))
        .flat_map(|d| d.meta.examples.iter().map(String::as_str))
        .take(count)
        .collect()
}

/// Example question number `index` (from 0) of those offered in `lang`, as
/// [`example_questions`] lists them.
pub(crate) fn example_question<'a>(
    info: &'a IndexInfo,
    lang: &'static Language,
    index: usize,
) -> Option<&'a str> {
    example_questions(info, lang, index.saturating_add(1))
        .get(index)
        .copied()
}
