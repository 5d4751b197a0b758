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

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};
use tantivy::directory::MmapDirectory;
use tantivy::indexer::NoMergePolicy;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, doc};

use crate::corpus::{self, CorpusError, CorpusFiles, DocumentMeta, IdRegistry, Problem};
use crate::language;
use crate::synonyms::Synonyms;
use paragraph_file::{ParagraphFile, ParagraphWriter};
pub use paragraph_file::{StemEntry, Words};

mod paragraph_file;

/// Bumped whenever the schema, the analysis or the storage changes: an index of another format
/// is rebuilt. (5: paragraphs stored uncompressed; 6: in a paragraph file of their own; 7: with
/// their words; 8: and their sentences; 9: its stem dictionary with each stem's paragraphs;
/// 10: that dictionary a hash table; 11: Uzbek endings taken off in their grammatical order.)
pub const INDEX_FORMAT: u32 = 11;

/// How many languages the index has fields for.
const LANGUAGES: usize = language::ALL.len();

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

/// The schema's fields.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub doc_id: Field,
    pub paragraph: Field,
    /// Where the paragraph's record starts and ends in the paragraph file: fast fields.
    pub record_start: Field,
    pub record_end: Field,
    /// Per language of [`language::ALL`], in its order: the fields its paragraphs are searched in.
    languages: [LanguageFields; LANGUAGES],
}

/// The two fields of one language.
#[derive(Debug, Clone, Copy)]
pub struct LanguageFields {
    /// The words stemmed, with positions.
    pub text: Field,
    /// The words unstemmed, without positions: the vocabulary typos are corrected to.
    pub plain: Field,
}

impl Fields {
    pub fn of(&self, language: &language::Language) -> LanguageFields {
        self.languages[language::position(language)]
    }
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let doc_id = builder.add_text_field("doc_id", STRING);
    let paragraph = builder.add_u64_field("paragraph", INDEXED);
    let record_start = builder.add_u64_field(paragraph_file::START_FIELD, FAST);
    let record_end = builder.add_u64_field(paragraph_file::END_FIELD, FAST);
    let languages = language::ALL.map(|language| {
        let stemmed = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(&language.analyzer_name())
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let plain = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(&language.plain_analyzer_name())
                .set_index_option(IndexRecordOption::Basic),
        );
        LanguageFields {
            text: builder.add_text_field(&format!("text_{}", language.code), stemmed),
            plain: builder.add_text_field(&format!("plain_{}", language.code), plain),
        }
    });
    (
        builder.build(),
        Fields {
            doc_id,
            paragraph,
            record_start,
            record_end,
            languages,
        },
    )
}

/// One document as the index remembers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentInfo {
    pub id: String,
    /// Nested, not flattened: a header's own `id` would otherwise clash with `id` above, and
    /// the index could not be read back.
    pub meta: DocumentMeta,
    pub paragraphs: u32,
}

/// What a build records about itself, stored as the commit payload.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct IndexInfo {
    pub format: u32,
    /// Seconds since the Unix epoch when the build committed.
    pub built_at: u64,
    pub corpus_stat_signature: u64,
    pub corpus_content_signature: u64,
    pub documents: Vec<DocumentInfo>,
    pub synonyms: Synonyms,
    /// The name of the build's paragraph file in the index directory ([`paragraph_file`]).
    #[serde(default)]
    pub paragraph_file: String,
    /// Position in `documents` of each document id, for lookups per answer.
    #[serde(skip)]
    pub(crate) positions: HashMap<String, usize>,
}

impl IndexInfo {
    pub fn paragraph_count(&self) -> u64 {
        self.documents.iter().map(|d| u64::from(d.paragraphs)).sum()
    }

    pub fn document(&self, id: &str) -> Option<&DocumentInfo> {
        match self.positions.get(id) {
            Some(&position) => self.documents.get(position),
            // Built by hand rather than read from an index: look the slow way.
            None => self.documents.iter().find(|d| d.id == id),
        }
    }

    /// True when the corpus files at `corpus_dir` differ from those this index was built
    /// from. Names, sizes and times are compared first; only when they differ are contents
    /// read. A missing corpus is no change: the index is all there is.
    pub fn corpus_changed(&self, corpus_dir: &Path) -> bool {
        let Ok(files) = CorpusFiles::list(corpus_dir) else {
            return false;
        };
        files.stat_signature() != self.corpus_stat_signature
            && files.content_signature() != self.corpus_content_signature
    }

    fn with_positions(mut self) -> IndexInfo {
        self.positions = self
            .documents
            .iter()
            .enumerate()
            .map(|(position, d)| (d.id.clone(), position))
            .collect();
        self
    }

    /// How long ago the index was built.
    pub fn age(&self) -> Duration {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs();
        Duration::from_secs(now.saturating_sub(self.built_at))
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
pub struct NoProgress;
impl Progress for NoProgress {}

/// Builds (or rebuilds in place) the index at `index_dir` from the corpus at `corpus_dir`.
///
/// Every file is validated while it streams into the writer; on any problem the writer rolls
/// back and the serving index stays exactly as it was. With `check_only`, nothing is written.
pub fn build(
    corpus_dir: &Path,
    index_dir: &Path,
    check_only: bool,
    progress: &dyn Progress,
) -> anyhow::Result<BuildReport> {
    // Held until the build ends (or the process dies: the OS releases it).
    let _lock = if check_only {
        None
    } else {
        Some(lock_for_build(index_dir, false)?)
    };
    build_locked(corpus_dir, index_dir, check_only, progress)
}

/// Builds the index unless one of the current format is there, waiting for any other build
/// in progress: what the first use of `ask` or `serve` does, so that several started at once
/// on a fresh checkout build it once and all answer. `None` when it was already there.
pub fn build_if_missing(
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

/// The file whose lock makes builds of one index take turns.
const BUILD_LOCK: &str = ".mou-bot-build.lock";

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
        Err(std::fs::TryLockError::WouldBlock) => bail!(
            "another reindex is writing {} right now; refusing to start a second one — wait for it to finish, then run `mou-bot reindex` again if needed",
            index_dir.display()
        ),
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
            tantivy::TantivyError::LockFailure(..) => anyhow::anyhow!(
                "another reindex is writing {} right now; refusing to start a second one — wait for it to finish, then run `mou-bot reindex` again if needed",
                index_dir.display()
            ),
            other => anyhow::Error::new(other).context("cannot open the index for writing"),
        })?;
    writer.set_merge_policy(Box::new(NoMergePolicy));
    Ok(writer)
}

/// Opens the index at `dir` with the facts of its build, when it exists and has the current
/// format.
fn open_current(dir: &Path) -> anyhow::Result<Option<(Index, IndexInfo)>> {
    if !dir.join("meta.json").exists() {
        return Ok(None);
    }
    let Ok(index) = Index::open_in_dir(dir) else {
        return Ok(None);
    };
    // Without its paragraph file an index cannot quote: it is rebuilt like a damaged one.
    let Some(info) = read_info(&index)
        .filter(|info| info.format == INDEX_FORMAT && dir.join(&info.paragraph_file).is_file())
    else {
        return Ok(None);
    };
    register_analyzer(&index);
    Ok(Some((index, info)))
}

/// Creates an empty index, replacing whatever index files `dir` holds.
fn create(dir: &Path) -> anyhow::Result<Index> {
    if dir.join("meta.json").exists() {
        // An index of an older format: its files go, the directory stays.
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_file() && !path.ends_with(BUILD_LOCK) {
                std::fs::remove_file(&path)
                    .with_context(|| format!("cannot remove {}", path.display()))?;
            }
        }
    }
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the index directory {}", dir.display()))?;
    let directory = MmapDirectory::open(dir)
        .with_context(|| format!("cannot open the index directory {}", dir.display()))?;
    // Nothing is stored in Tantivy's document store: the text is in the paragraph file.
    let index = Index::create(directory, schema().0, tantivy::IndexSettings::default())?;
    register_analyzer(&index);
    Ok(index)
}

fn register_analyzer(index: &Index) {
    for language in language::ALL {
        let tokenizers = index.tokenizers();
        tokenizers.register(&language.analyzer_name(), language.analyzer());
        tokenizers.register(&language.plain_analyzer_name(), language.plain_analyzer());
    }
}

fn read_info(index: &Index) -> Option<IndexInfo> {
    info_in(&index.load_metas().ok()?.payload?)
}

/// The build facts a commit's `payload` holds.
fn info_in(payload: &str) -> Option<IndexInfo> {
    serde_json::from_str::<IndexInfo>(payload)
        .ok()
        .map(IndexInfo::with_positions)
}

/// Opens the index at `index_dir`, building it from `corpus_dir` first when there is none of
/// the current format: what every command that answers does. The notice, when there is one,
/// is for the user: the index was just built, or the corpus has changed since it was.
pub fn open_or_build(
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

/// An open index for searching: one reader for the program's life, a searcher per question.
/// Commits by other processes (a `reindex`) are picked up within about half a second.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    dir: PathBuf,
    /// The newest generation seen, with what belongs to it.
    current: Mutex<Generation>,
}

/// One commit of the index as read: its searcher, build facts, paragraph file and the language
/// fields' statistics.
struct Generation {
    searcher: Searcher,
    info: Arc<IndexInfo>,
    paragraphs: Arc<ParagraphFile>,
    statistics: [FieldStatistics; LANGUAGES],
}

impl Generation {
    /// Reads the commit `searcher` searches, if it is still the newest: the build facts come
    /// from the newest commit's payload, so they are taken only when its segments are the
    /// searcher's.
    fn read(
        index: &Index,
        dir: &Path,
        searcher: Searcher,
        fields: &Fields,
    ) -> anyhow::Result<Generation> {
        let metas = index.load_metas()?;
        let mut committed: Vec<_> = metas.segments.iter().map(|segment| segment.id()).collect();
        let mut searched: Vec<_> = searcher
            .segment_readers()
            .iter()
            .map(|segment| segment.segment_id())
            .collect();
        committed.sort_unstable();
        searched.sort_unstable();
        if committed != searched {
            bail!("the index changed while it was being read");
        }
        let info = metas
            .payload
            .as_deref()
            .and_then(info_in)
            .filter(|info| info.format == INDEX_FORMAT)
            .context("the index's build facts cannot be read — run `mou-bot reindex`")?;
        let paragraphs = ParagraphFile::open(dir, &searcher, &info.paragraph_file)?;
        let statistics = language_statistics(&searcher, fields, &info);
        Ok(Generation {
            searcher,
            info: Arc::new(info),
            paragraphs: Arc::new(paragraphs),
            statistics,
        })
    }

    fn id(&self) -> u64 {
        self.searcher.generation().generation_id()
    }

    /// Reads the newest commit, trying again when a build commits meanwhile.
    fn read_newest(
        index: &Index,
        dir: &Path,
        reader: &IndexReader,
        fields: &Fields,
    ) -> anyhow::Result<Generation> {
        let mut tries = 0;
        loop {
            match Generation::read(index, dir, reader.searcher(), fields) {
                Err(_) if tries < 3 => {
                    tries += 1;
                    reader.reload()?;
                }
                read => return read,
            }
        }
    }
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("dir", &self.dir)
            .finish()
    }
}

impl SearchIndex {
    /// Opens the index at `dir`; fails with the command to run when there is none.
    pub fn open(dir: &Path) -> anyhow::Result<SearchIndex> {
        SearchIndex::open_existing(dir)?.with_context(|| {
            format!(
                "no usable index at {} — run `mou-bot reindex --index {}` to build it from the corpus",
                dir.display(),
                dir.display()
            )
        })
    }

    /// Opens the index at `dir`, or `None` when there is none of the current format.
    pub fn open_existing(dir: &Path) -> anyhow::Result<Option<SearchIndex>> {
        // The build facts are read again with the commit the reader searches.
        let Some((index, _)) = open_current(dir)? else {
            return Ok(None);
        };
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()
            .with_context(|| format!("cannot read the index at {}", dir.display()))?;
        let (schema, fields) = schema();
        if index.schema() != schema {
            bail!(
                "the index at {} has another schema — run `mou-bot reindex --index {}`",
                dir.display(),
                dir.display()
            );
        }
        let current = Generation::read_newest(&index, dir, &reader, &fields)
            .with_context(|| format!("cannot read the index at {}", dir.display()))?;
        Ok(Some(SearchIndex {
            index,
            reader,
            fields,
            dir: dir.to_owned(),
            current: Mutex::new(current),
        }))
    }

    /// A snapshot to answer one question with: a searcher and the build facts and paragraphs
    /// that match it. A new commit is taken up at the first question after it; one that cannot
    /// be read is not, and the commit before it keeps answering.
    pub fn snapshot(&self) -> Snapshot {
        let searcher = self.reader.searcher();
        let mut current = self
            .current
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        if current.id() != searcher.generation().generation_id() {
            match Generation::read(&self.index, &self.dir, searcher, &self.fields) {
                Ok(newer) => *current = newer,
                Err(err) => tracing::warn!(
                    "a new commit of the index at {} cannot be read, still answering from the one before: {err:#}",
                    self.dir.display()
                ),
            }
        }
        Snapshot {
            searcher: current.searcher.clone(),
            info: Arc::clone(&current.info),
            paragraphs: Arc::clone(&current.paragraphs),
            statistics: current.statistics,
            fields: self.fields,
        }
    }

    /// Makes a commit visible now instead of at the next poll.
    pub fn reload(&self) -> anyhow::Result<()> {
        self.reader.reload()?;
        Ok(())
    }
}

/// What is wrong with the corpus's translations: each must name a document of the corpus that
/// is no translation itself, have as many paragraphs as it, and be in a language with analysis.
fn translation_problems(documents: &[DocumentInfo], paths: &[PathBuf]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (document, path) in documents.iter().zip(paths) {
        let Some(original_id) = &document.meta.translation_of else {
            continue;
        };
        let mut problem = |message: String| {
            problems.push(Problem {
                path: path.clone(),
                line: Some(2),
                message,
            })
        };
        if let Some(code) = &document.meta.language
            && language::by_code(code).is_none()
        {
            let known: Vec<&str> = language::ALL.iter().map(|l| l.code).collect();
            problem(format!(
                "a translation must be in a language with analysis (known: {}), not {code:?}",
                known.join(", ")
            ));
        }
        match documents.iter().find(|d| &d.id == original_id) {
            None => problem(format!(
                "translation_of names {original_id:?}, but no document has that id; use the id of the original (its file name without extension, or its `id`)"
            )),
            Some(original) if original.meta.translation_of.is_some() => problem(format!(
                "translation_of names {original_id:?}, which is itself a translation; name the original"
            )),
            Some(original) if original.paragraphs != document.paragraphs => problem(format!(
                "this translation has {} paragraphs but {original_id:?} has {}: paragraph n must translate paragraph n",
                document.paragraphs, original.paragraphs
            )),
            Some(_) => {}
        }
    }
    problems
}

/// BM25's collection statistics of one language's field.
#[derive(Debug, Clone, Copy, Default)]
pub struct FieldStatistics {
    /// Paragraphs in the language.
    pub paragraphs: u64,
    /// Tokens they hold: BM25's average paragraph length comes from it.
    pub tokens: u64,
}

/// Per language, its paragraphs and the tokens its field holds in all segments.
fn language_statistics(
    searcher: &Searcher,
    fields: &Fields,
    info: &IndexInfo,
) -> [FieldStatistics; LANGUAGES] {
    language::ALL.map(|language| {
        let field = fields.of(language).text;
        let tokens = searcher
            .segment_readers()
            .iter()
            .filter_map(|segment| segment.inverted_index(field).ok())
            .map(|inverted| inverted.total_num_tokens())
            .sum();
        let paragraphs = info
            .documents
            .iter()
            .filter(|document| {
                std::ptr::eq(
                    language::of_document(document.meta.language.as_deref()),
                    language,
                )
            })
            .map(|document| u64::from(document.paragraphs))
            .sum();
        FieldStatistics { paragraphs, tokens }
    })
}

/// One consistent view of the index.
pub struct Snapshot {
    pub searcher: Searcher,
    pub info: Arc<IndexInfo>,
    pub fields: Fields,
    paragraphs: Arc<ParagraphFile>,
    /// Per language, counted once per index generation.
    statistics: [FieldStatistics; LANGUAGES],
}

/// A paragraph as the index holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredParagraph {
    /// Where its document is in [`IndexInfo::documents`].
    pub document: usize,
    pub doc_id: String,
    pub title: String,
    pub paragraph: u32,
    pub text: String,
    /// Byte ranges of its sentences in `text` ([`crate::paragraphs::sentences`]).
    pub sentences: Vec<std::ops::Range<usize>>,
    /// Its words as the build read them: each one's place in `text` and its stem's id
    /// ([`Snapshot::stem`]).
    pub words: Words,
}

impl Snapshot {
    /// BM25's collection statistics for the field of `language`.
    pub fn statistics(&self, language: &language::Language) -> FieldStatistics {
        self.statistics[language::position(language)]
    }

    /// `stem`, a stem of `language`, as the paragraphs hold it: its id among their words
    /// ([`StoredParagraph::words`]) and how many hold it (the document frequency in the field
    /// of `language`, without a lookup in Tantivy's term dictionary); `None` when none does.
    pub fn stem(&self, language: &language::Language, stem: &str) -> Option<StemEntry> {
        self.paragraphs.stem(language::position(language), stem)
    }

    /// The text of paragraph `number` of the document `doc_id`, if the index holds it.
    pub fn paragraph_text(&self, doc_id: &str, number: u32) -> anyhow::Result<Option<String>> {
        use tantivy::collector::TopDocs;
        use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
        let clauses: Vec<(Occur, Box<dyn Query>)> = vec![
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    tantivy::Term::from_field_text(self.fields.doc_id, doc_id),
                    IndexRecordOption::Basic,
                )),
            ),
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    tantivy::Term::from_field_u64(self.fields.paragraph, u64::from(number)),
                    IndexRecordOption::Basic,
                )),
            ),
        ];
        let query = BooleanQuery::new(clauses);
        let hits = self
            .searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())?;
        let Some((_, address)) = hits.first() else {
            return Ok(None);
        };
        Ok(Some(self.paragraphs.record(*address)?.text.to_owned()))
    }

    /// The paragraph at `address`, an address this snapshot's searcher found.
    pub fn stored_paragraph(&self, address: DocAddress) -> anyhow::Result<StoredParagraph> {
        let record = self.paragraphs.record(address)?;
        let document = self.info.documents.get(record.document).context(
            "the index's paragraph file names a document it does not list — run `mou-bot reindex`",
        )?;
        Ok(StoredParagraph {
            document: record.document,
            doc_id: document.id.clone(),
            title: document.meta.title.clone(),
            paragraph: record.number,
            text: record.text.to_owned(),
            words: record.to_words(),
            sentences: record.sentences,
        })
    }
}
