//! Serving the index: [`SearchIndex`], open for the program's life and taking up each new
//! commit, and [`Snapshot`], one commit's consistent view to answer a question with (its
//! searcher, build facts, BM25 statistics per language, and the paragraphs read from the
//! paragraph file).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::{Context, bail};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Searcher};

use super::info::{IndexInfo, info_in};
use super::paragraph_file::{ParagraphFile, StemEntry, Words};
use super::schema::{Fields, INDEX_FORMAT, LANGUAGES, schema};
use super::store::open_current;
use crate::language;

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
    pub(crate) fn open_existing(dir: &Path) -> anyhow::Result<Option<SearchIndex>> {
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

/// BM25's collection statistics of one language's field.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct FieldStatistics {
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
    pub(crate) fn statistics(&self, language: &language::Language) -> FieldStatistics {
        self.statistics[language::position(language)]
    }

    /// `stem`, a stem of `language`, as the paragraphs hold it: its id among their words
    /// ([`StoredParagraph::words`]) and how many hold it (the document frequency in the field
    /// of `language`, without a lookup in Tantivy's term dictionary); `None` when none does.
    pub fn stem(&self, language: &language::Language, stem: &str) -> Option<StemEntry> {
        self.paragraphs.stem(language::position(language), stem)
    }

    /// The text of paragraph `number` of the document `doc_id`, if the index holds it.
    pub(crate) fn paragraph_text(
        &self,
        doc_id: &str,
        number: u32,
    ) -> anyhow::Result<Option<String>> {
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
