//! Paragraphs looked up rather than searched for, in one index snapshot: by key or by id (a
//! conversation's passages), the same paragraph in another language (through the documents'
//! `translation_of`), and a translation's original text.

use super::outcome::{Original, Passage, PassageId, doc_hash, paragraph_key};
use crate::index::{DocumentInfo, Snapshot};
use crate::language::{self, Language};

/// The passage of paragraph `key` (`doc-id#paragraph`) as it stands, with its original's
/// text when its document translates one; `None` when the index has no such paragraph.
pub(super) fn paragraph(snapshot: &Snapshot, key: &str) -> anyhow::Result<Option<Passage>> {
    let Some((doc_id, paragraph)) = key.rsplit_once('#') else {
        return Ok(None);
    };
    let Ok(paragraph) = paragraph.parse::<u32>() else {
        return Ok(None);
    };
    let Some(document) = snapshot.info.document(doc_id) else {
        return Ok(None);
    };
    let Some(text) = snapshot.paragraph_text(doc_id, paragraph)? else {
        return Ok(None);
    };
    let original = document
        .meta
        .translation_of
        .as_deref()
        .and_then(|original| snapshot.info.document(original));
    let translation_of = match original {
        Some(original) => Some(Original {
            doc_id: original.id.clone(),
            title: original.meta.title.clone(),
            url: original.meta.url.clone(),
            paragraph,
            text: snapshot.paragraph_text(&original.id, paragraph)?,
        }),
        None => None,
    };
    Ok(Some(Passage {
        doc_id: document.id.clone(),
        title: document.meta.title.clone(),
        url: document.meta.url.clone(),
        paragraph,
        sentence: 0..text.len(),
        text,
        score: 0.0,
        coverage: 1.0,
        highlights: Vec::new(),
        set_aside: None,
        official: document.meta.official,
        language: language::of_document(document.meta.language.as_deref()).code,
        translation_of,
    }))
}

/// The passage `id` names, as [`paragraph`] gives it.
pub(super) fn by_id(snapshot: &Snapshot, id: PassageId) -> anyhow::Result<Option<Passage>> {
    let document = snapshot
        .info
        .documents
        .iter()
        .find(|d| doc_hash(&d.id) == id.doc_hash);
    match document {
        Some(document) => paragraph(snapshot, &paragraph_key(&document.id, id.paragraph)),
        None => Ok(None),
    }
}

/// The paragraph that says what `passage` says in `language`: itself when it is in that
/// language, else the translation of its original (or of it) into that language, with the
/// original's text; `None` when there is no such translation.
pub(super) fn in_language(
    snapshot: &Snapshot,
    passage: &Passage,
    language: &'static Language,
) -> anyhow::Result<Option<Passage>> {
    if passage.language == language.code {
        return Ok(Some(passage.clone()));
    }
    let info = &snapshot.info;
    let original_id = passage
        .translation_of
        .as_ref()
        .map_or(passage.doc_id.as_str(), |original| original.doc_id.as_str());
    let Some(original) = info.document(original_id) else {
        return Ok(None);
    };
    let in_language =
        |d: &&DocumentInfo| language::of_document(d.meta.language.as_deref()).code == language.code;
    let translation = info
        .documents
        .iter()
        .find(|d| d.meta.translation_of.as_deref() == Some(original_id) && in_language(d));
    let Some(document) = translation.or(Some(original).filter(in_language)) else {
        return Ok(None);
    };
    let key = paragraph_key(&document.id, passage.paragraph);
    Ok(paragraph(snapshot, &key)?.map(|found| Passage {
        score: passage.score,
        coverage: passage.coverage,
        ..found
    }))
}

/// `passage` with its original's text, when it translates one.
pub(super) fn with_original_text(
    snapshot: &Snapshot,
    mut passage: Passage,
) -> anyhow::Result<Passage> {
    if let Some(original) = passage.translation_of.as_mut()
        && original.text.is_none()
    {
        original.text = snapshot.paragraph_text(&original.doc_id, original.paragraph)?;
    }
    Ok(passage)
}
