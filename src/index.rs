//! The index: the corpus's paragraphs in a Tantivy index on disk, and the facts about the corpus
//! it was built from.
//!
//! One Tantivy document per paragraph (document id and paragraph number, indexed; where its
//! text is in the paragraph file, [`paragraph_file`]). As with
//! Elasticsearch's "one language per field", each language has a field of its own, analysed by
//! its analyzer ([`crate::language`]: split into words, lower-cased, folded, stemmed, so
//! "Signed", "signing" and "signs" meet), and a paragraph's text goes into the field of its
//! document's language; a question is searched in the field of its own. Facts about the whole build (format
//! version, corpus signature, document list, synonyms) travel in the commit's payload, so they
//! switch atomically with the paragraphs when a reindex commits.
//!
//! A rebuild happens in place: delete everything, add the corpus, commit. Readers of the old
//! commit keep their snapshot; a failed or killed build commits nothing.
//!
//! Its rooms, under `index/`:
//! - `schema.rs`: the fields, the analyzers they are tokenized with, and the index format.
//! - `info.rs`: the build facts ([`IndexInfo`], [`DocumentInfo`]) kept in the commit's payload.
//! - `store.rs`: the index directory: opening an index of the current format, creating one.
//! - `build.rs`: building or rebuilding from the corpus, its lock, its progress and report.
//! - `snapshot.rs`: serving: [`SearchIndex`], and the [`Snapshot`] a question is answered from.
//! - `paragraph_file.rs`: the paragraphs' text, words and sentences, and the stem dictionary.
//!
//! This file opens the index for the commands that answer, building it first when needed.

use std::path::Path;

use anyhow::{Context, bail};

pub use build::{BuildError, BuildReport, Progress, build};
pub(crate) use build::{NoProgress, build_holding, build_if_missing, wait_for_build_lock};
pub use info::{DocumentInfo, IndexInfo};
pub use paragraph_file::{StemEntry, Words};
pub use schema::{Fields, INDEX_FORMAT, LanguageFields};
pub use snapshot::{SearchIndex, Snapshot, StoredParagraph};

mod build;
mod info;
mod paragraph_file;
mod schema;
mod snapshot;
mod store;

/// Opens the index at `index_dir`, building it from `corpus_dir` first when there is none of
/// the current format: what every command that answers does. The notice, when there is one,
/// is for the user: the index was just built, or the corpus has changed since it was.
pub(crate) fn open_or_build(
    corpus_dir: &Path,
    index_dir: &Path,
) -> anyhow::Result<(SearchIndex, Option<String>)> {
    if let Some(index) = SearchIndex::open_existing(index_dir)? {
        let notice = index.snapshot().info.corpus_changed(corpus_dir).then(|| {
            format!(
                "note: {} has changed since the index was built; run `mou-bot reindex` to include the changes",
                corpus_dir.display()
            )
        });
        return Ok((index, notice));
    }
    if !corpus_dir.is_dir() {
        let index_state = if index_dir.join("meta.json").exists() {
            format!(
                "the index at {} cannot be read (damaged, or of another format)",
                index_dir.display()
            )
        } else {
            format!("no index at {}", index_dir.display())
        };
        bail!(
            "{index_state} and no corpus at {} to build it from — pass --corpus DIR (or run from the project directory), then run `mou-bot reindex`",
            corpus_dir.display()
        );
    }
    let built = build_if_missing(corpus_dir, index_dir, &NoProgress).with_context(|| {
        format!(
            "cannot build the index at {} from {}",
            index_dir.display(),
            corpus_dir.display()
        )
    })?;
    let notice = built.is_some().then(|| {
        format!(
            "built the index at {} from {}",
            index_dir.display(),
            corpus_dir.display()
        )
    });
    Ok((SearchIndex::open(index_dir)?, notice))
}
