//! Building the index from the corpus: validating every file while it streams into the
//! writer, committing the paragraphs with their build facts (or nothing, on any problem), the
//! lock that makes builds of one index take turns, and what a build reports as it goes and
//! when it is done.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::Context;
use tantivy::indexer::NoMergePolicy;
use tantivy::{IndexWriter, doc};

use super::info::{DocumentInfo, IndexInfo};
use super::paragraph_file::{self, ParagraphWriter};
use super::schema::{INDEX_FORMAT, schema};
use super::store::{BUILD_LOCK, create, open_current};
use crate::corpus::{self, CorpusError, CorpusFiles, IdRegistry, Problem};
use crate::language;
use crate::synonyms::Synonyms;

/// Memory the writer may buffer (all threads together) before it flushes segments to disk.
/// Segments are never merged: every build starts from nothing, and merging a million
/// paragraphs into one segment would take a reindex past 900 MB of memory and 40 s, for
/// searches at most twice as fast.
const WRITER_MEMORY_BYTES: usize = 200_000_000;

/// Indexing threads for a large corpus: the machine has two cores, and parsing the corpus
/// takes a third of one.
const WRITER_THREADS: usize = 2;

/// Up to this many bytes of corpus, one thread indexes everything into one segment. Each
/// thread writes a segment of its own, and every segment costs each search its own term
/// lookups and buffers: two segments for twenty paragraphs double the cost of a question.
/// One thread indexes 100 MB in about six seconds.
const ONE_SEGMENT_BYTES: u64 = 100_000_000;

/// How many threads index a corpus of `bytes`.
fn writer_threads(bytes: u64) -> usize {
    if bytes <= ONE_SEGMENT_BYTES {
        1
    } else {
        WRITER_THREADS
    }
}

/// What `reindex` did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub documents: usize,
    /// Things the operator should know that did not stop the build.
    pub notes: Vec<Problem>,
    pub paragraphs: u64,
    pub elapsed: Duration,
    pub index_dir: PathBuf,
}

/// Reports progress of a build, one document at a time.
pub trait Progress {
    fn start(&self, _documents: usize) {}
    fn document_done(&self, _paragraphs: usize) {}
    fn finish(&self) {}
}

/// Progress that shows nothing.
pub(crate) struct NoProgress;
impl Progress for NoProgress {}

/// Why a build did not happen, for callers that answer each case differently (the bot's
/// `/reindex` says "wait" to one and shows the problems of another).
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// Another build is writing the index now.
    #[error(
        "another reindex is writing {} right now; refusing to start a second one — wait for it to finish, then run `mou-bot reindex` again if needed",
        dir.display()
    )]
    Busy { dir: PathBuf },
    /// The corpus has problems: nothing was indexed.
    #[error(transparent)]
    Corpus(#[from] CorpusError),
    /// Anything else: the disk, the index files.
    #[error(transparent)]
    Failed(anyhow::Error),
}

impl From<anyhow::Error> for BuildError {
    fn from(err: anyhow::Error) -> Self {
        match err.downcast::<BuildError>() {
            Ok(err) => err,
            Err(err) => match err.downcast::<CorpusError>() {
                Ok(problems) => BuildError::Corpus(problems),
                Err(err) => BuildError::Failed(err),
            },
        }
    }
}

/// Builds (or rebuilds in place) the index at `index_dir` from the corpus at `corpus_dir`.
///
/// Every file is validated while it streams into the writer; on any problem the writer rolls
/// back and the serving index stays exactly as it was. With `check_only`, nothing is written.
pub fn build(
    corpus_dir: &Path,
    index_dir: &Path,
    check_only: bool,
    progress: &dyn Progress,
) -> Result<BuildReport, BuildError> {
    // Held until the build ends (or the process dies: the OS releases it).
    let _lock = if check_only {
        None
    } else {
        Some(lock_for_build(index_dir, false)?)
    };
    Ok(build_locked(corpus_dir, index_dir, check_only, progress)?)
}

/// Builds the index unless one of the current format is there, waiting for any other build
/// in progress: what the first use of `ask` or `serve` does, so that several started at once
/// on a fresh checkout build it once and all answer. `None` when it was already there.
pub(crate) fn build_if_missing(
    corpus_dir: &Path,
    index_dir: &Path,
    progress: &dyn Progress,
) -> anyhow::Result<Option<BuildReport>> {
    let _lock = lock_for_build(index_dir, true)?;
    if open_current(index_dir)?.is_some() {
        return Ok(None);
    }
    build_locked(corpus_dir, index_dir, false, progress).map(Some)
}

/// The build lock of an index directory, held: no other build (`reindex`, `/reindex`, a
/// document change) runs until it is dropped.
pub(crate) struct BuildLock {
    _file: std::fs::File,
}

/// Takes the build lock of `index_dir`, waiting for any build in progress to end (and saying
/// so in the log: a change that waits for a long `reindex` is not a hung bot).
pub(crate) fn wait_for_build_lock(index_dir: &Path) -> anyhow::Result<BuildLock> {
    match lock_for_build(index_dir, false) {
        Ok(file) => Ok(BuildLock { _file: file }),
        Err(err) if matches!(err.downcast_ref(), Some(BuildError::Busy { .. })) => {
            tracing::info!(index = %index_dir.display(), "another build is running; waiting for it to end");
            Ok(BuildLock {
                _file: lock_for_build(index_dir, true)?,
            })
        }
        Err(err) => Err(err),
    }
}

/// Builds the index while the caller holds its lock: what a document change does after
/// changing the corpus under the same lock, so no other build sees it half done.
pub(crate) fn build_holding(
    _lock: &BuildLock,
    corpus_dir: &Path,
    index_dir: &Path,
) -> Result<BuildReport, BuildError> {
    Ok(build_locked(corpus_dir, index_dir, false, &NoProgress)?)
}

/// The build itself; the caller holds the build lock unless only checking.
fn build_locked(
    corpus_dir: &Path,
    index_dir: &Path,
    check_only: bool,
    progress: &dyn Progress,
) -> anyhow::Result<BuildReport> {
    let started = Instant::now();
    let files = CorpusFiles::list(corpus_dir)?;
    let mut problems = files.refused.clone();
    let synonyms = match &files.synonyms {
        Some(path) => Synonyms::load(path).unwrap_or_else(|problem| {
            problems.push(problem);
            Synonyms::default()
        }),
        None => Synonyms::default(),
    };
    let stat_signature = files.stat_signature();

    let mut writer = if check_only {
        None
    } else {
        Some(open_writer(index_dir, writer_threads(files.total_bytes()))?)
    };
    let fields = schema().1;
    let mut paragraph_writer = None;
    if let Some(writer) = &writer {
        writer.delete_all_documents()?;
        paragraph_writer = Some(ParagraphWriter::create(index_dir)?);
    }
    let mut ids = IdRegistry::default();
    let mut notes = Vec::new();
    let mut documents = Vec::new();
    let mut paths = Vec::new();
    let mut paragraphs = 0u64;
    progress.start(files.documents.len());
    for path in &files.documents {
        let document = match corpus::load_document(path) {
            Ok(document) => document,
            Err(err) => {
                problems.extend(err.problems);
                continue;
            }
        };
        if let Err(problem) = ids.register(&document.id, path) {
            problems.push(problem);
            continue;
        }
        if let Some(code) = &document.meta.language
            && language::by_code(code).is_none()
        {
            let known: Vec<&str> = language::ALL.iter().map(|l| l.code).collect();
            notes.push(Problem {
                path: path.clone(),
                line: None,
                message: format!(
                    "language {code:?} has no analysis yet (known: {}); its paragraphs are indexed as {}",
                    known.join(", "),
                    language::DEFAULT.name
                ),
            });
        }
        if let (Some(writer), Some(paragraph_writer)) = (&writer, &mut paragraph_writer)
            && problems.is_empty()
        {
            let language = language::of_document(document.meta.language.as_deref());
            let searched_in = fields.of(language);
            let place = u32::try_from(documents.len()).context("too many documents")?;
            for paragraph in &document.paragraphs {
                let record =
                    paragraph_writer.append(place, paragraph.number, &paragraph.text, language)?;
                writer.add_document(doc!(
                    fields.doc_id => document.id.as_str(),
                    fields.paragraph => u64::from(paragraph.number),
                    fields.record_start => record.start,
                    fields.record_end => record.end,
                    searched_in.text => paragraph.text.as_str(),
                    searched_in.plain => paragraph.text.as_str(),
                ))?;
            }
        }
        paragraphs += document.paragraphs.len() as u64;
        progress.document_done(document.paragraphs.len());
        paths.push(path.clone());
        documents.push(DocumentInfo {
            id: document.id,
            meta: document.meta,
            paragraphs: document.paragraphs.len() as u32,
        });
    }
    progress.finish();
    problems.extend(translation_problems(&documents, &paths));
    if documents.is_empty() && problems.is_empty() {
        problems.push(corpus::Problem {
            path: corpus_dir.to_owned(),
            line: None,
            message: "no documents: add a .md or .txt file with a +++ header".to_owned(),
        });
    }
    if !problems.is_empty() {
        if let Some(writer) = &mut writer {
            writer.rollback()?;
        }
        if let Some(paragraph_writer) = paragraph_writer {
            paragraph_writer.discard();
        }
        return Err(CorpusError { problems }.into());
    }

    if let (Some(writer), Some(paragraph_writer)) = (&mut writer, paragraph_writer) {
        let paragraph_file = paragraph_writer.name().to_owned();
        paragraph_writer.finish()?;
        let info = IndexInfo {
            format: INDEX_FORMAT,
            built_at: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap_or_default()
                .as_secs(),
            corpus_stat_signature: stat_signature,
            corpus_content_signature: files.content_signature(),
            documents: documents.clone(),
            synonyms,
            paragraph_file,
            positions: HashMap::new(),
        };
        let payload = serde_json::to_string(&info)?;
        let mut commit = writer.prepare_commit()?;
        commit.set_payload(&payload);
        commit.commit()?;
        paragraph_file::remove_others(index_dir, &info.paragraph_file);
    }
    if let Some(writer) = writer {
        writer.wait_merging_threads()?;
    }
    Ok(BuildReport {
        documents: documents.len(),
        notes,
        paragraphs,
        elapsed: started.elapsed(),
        index_dir: index_dir.to_owned(),
    })
}

/// Takes the build lock of `index_dir`. When another build holds it: waits with `wait`,
/// otherwise refuses and says so.
fn lock_for_build(index_dir: &Path, wait: bool) -> anyhow::Result<std::fs::File> {
    std::fs::create_dir_all(index_dir)
        .with_context(|| format!("cannot create the index directory {}", index_dir.display()))?;
    let path = index_dir.join(BUILD_LOCK);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    if wait {
        file.lock()
            .with_context(|| format!("cannot lock {}", path.display()))?;
        return Ok(file);
    }
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(BuildError::Busy {
            dir: index_dir.to_owned(),
        }
        .into()),
        Err(std::fs::TryLockError::Error(err)) => {
            Err(err).with_context(|| format!("cannot lock {}", path.display()))
        }
    }
}

/// Opens the writer, creating the index (or replacing one of another format).
fn open_writer(index_dir: &Path, threads: usize) -> anyhow::Result<IndexWriter> {
    let index = match open_current(index_dir)? {
        Some((index, _)) => index,
        None => create(index_dir)?,
    };
    let writer = index
        .writer_with_num_threads(threads, WRITER_MEMORY_BYTES)
        .map_err(|err| match err {
            tantivy::TantivyError::LockFailure(..) => BuildError::Busy {
                dir: index_dir.to_owned(),
            }
            .into(),
            other => anyhow::Error::new(other).context("cannot open the index for writing"),
        })?;
    writer.set_merge_policy(Box::new(NoMergePolicy));
    Ok(writer)
}

/// What is wrong with the corpus's translations: each must name a document of the corpus that
/// is no translation itself, have as many paragraphs as it, and be in a language with analysis.
fn translation_problems(documents: &[DocumentInfo], paths: &[PathBuf]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (document, path) in documents.iter().zip(paths) {
        let Some(original_id) = &document.meta.translation_of else {
            continue;
        };
        let mut problem = |key: &str, message: String| {
            problems.push(Problem {
                path: path.clone(),
                line: Some(corpus::line_setting(path, key)),
                message,
            })
        };
        if let Some(code) = &document.meta.language
            && language::by_code(code).is_none()
        {
            let known: Vec<&str> = language::ALL.iter().map(|l| l.code).collect();
            problem(
                "language",
                format!(
                    "a translation must be in a language with analysis (known: {}), not {code:?}",
                    known.join(", ")
                ),
            );
        }
        match documents.iter().find(|d| &d.id == original_id) {
            None => problem(
                "translation_of",
                format!(
                    "translation_of names {original_id:?}, but no document has that id; use the id of the original (its file name without extension, or its `id`)"
                ),
            ),
            Some(original) if original.meta.translation_of.is_some() => problem(
                "translation_of",
                format!(
                    "translation_of names {original_id:?}, which is itself a translation; name the original"
                ),
            ),
            Some(original) if original.paragraphs != document.paragraphs => problem(
                "translation_of",
                format!(
                    "this translation has {} paragraphs but {original_id:?} has {}: paragraph n must translate paragraph n",
                    document.paragraphs, original.paragraphs
                ),
            ),
            Some(_) => {}
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_build_while_another_holds_the_index_is_refused_as_busy_and_says_so() {
        let corpus = tempfile::tempdir().unwrap();
        let index = tempfile::tempdir().unwrap();
        let _held = lock_for_build(index.path(), false).unwrap();
        let refused = build(corpus.path(), index.path(), false, &NoProgress).unwrap_err();
        assert!(matches!(refused, BuildError::Busy { .. }), "{refused:?}");
        assert!(refused.to_string().contains("another reindex"), "{refused}");
        // Only checking takes no lock: it is never refused.
        assert!(!matches!(
            build(corpus.path(), index.path(), true, &NoProgress),
            Err(BuildError::Busy { .. })
        ));
    }
}
