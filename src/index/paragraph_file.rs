//! The paragraphs' text, in a file of its own beside the Tantivy index: one record per
//! paragraph (its document's place in the build's document list, its number, its text), which
//! two fast fields of the paragraph's Tantivy document locate. An answer reads three
//! paragraphs; from the memory-mapped file each is a slice, where Tantivy's document store
//! copied and parsed a whole 4 KiB block for each.
//!
//! Each build writes a file of a new name and names it in the commit's payload, so a reader of
//! the previous commit keeps reading the file of that commit. Once a build has committed it
//! removes the older files; a process that still maps one keeps its pages until it lets go.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context;
use tantivy::columnar::Column;
use tantivy::directory::{Directory, MmapDirectory, OwnedBytes};
use tantivy::{DocAddress, Searcher};

/// Names of paragraph files start so, and end in [`SUFFIX`].
const PREFIX: &str = "paragraphs-";
const SUFFIX: &str = ".bin";

/// A record's head: the document's place and the paragraph's number, as two little-endian u32.
const HEAD_BYTES: usize = 8;

/// The fast fields that hold where a paragraph's record starts and ends in the file.
pub const START_FIELD: &str = "record_start";
pub const END_FIELD: &str = "record_end";

/// Writes the paragraph file of one build.
pub struct ParagraphWriter {
    name: String,
    path: PathBuf,
    file: BufWriter<File>,
    written: u64,
}

impl ParagraphWriter {
    /// Creates a new paragraph file in `index_dir`, named after the time.
    pub fn create(index_dir: &Path) -> anyhow::Result<ParagraphWriter> {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos();
        let name = format!("{PREFIX}{nanos:x}{SUFFIX}");
        let path = index_dir.join(&name);
        let file = File::create_new(&path)
            .with_context(|| format!("cannot create the paragraph file {}", path.display()))?;
        Ok(ParagraphWriter {
            name,
            path,
            file: BufWriter::new(file),
            written: 0,
        })
    }

    /// The file's name, for the commit's payload.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Appends paragraph `number` of the document at `document` in the build's list; returns
    /// where its record stands, for the fast fields.
    pub fn append(&mut self, document: u32, number: u32, text: &str) -> anyhow::Result<Range<u64>> {
        let start = self.written;
        self.file.write_all(&document.to_le_bytes())?;
        self.file.write_all(&number.to_le_bytes())?;
        self.file.write_all(text.as_bytes())?;
        self.written += (HEAD_BYTES + text.len()) as u64;
        Ok(start..self.written)
    }

    /// Writes everything out to disk: before the commit that names the file.
    pub fn finish(self) -> anyhow::Result<()> {
        let file = self
            .file
            .into_inner()
            .map_err(|err| err.into_error())
            .with_context(|| format!("cannot write {}", self.path.display()))?;
        file.sync_all()
            .with_context(|| format!("cannot write {}", self.path.display()))
    }

    /// Removes the file: the build it was for did not commit.
    pub fn discard(self) {
        drop(self.file);
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Removes the paragraph files in `index_dir` but `keep`: older builds'. Best effort: one left
/// behind costs disk only, and the next build tries again.
pub fn remove_others(index_dir: &Path, keep: &str) {
    let Ok(entries) = std::fs::read_dir(index_dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        if name != keep
            && name.starts_with(PREFIX)
            && name.ends_with(SUFFIX)
            && let Err(err) = std::fs::remove_file(entry.path())
        {
            tracing::warn!("cannot remove the old paragraph file {name}: {err}");
        }
    }
}

/// A paragraph as its record gives it.
pub struct Record<'a> {
    /// Place of its document in the build's document list.
    pub document: usize,
    pub number: u32,
    pub text: &'a str,
}

/// One build's paragraph file, mapped, with the fast fields that locate its records in each
/// segment of one searcher.
pub struct ParagraphFile {
    bytes: OwnedBytes,
    /// Per segment, in the searcher's order: where each document's record starts and ends.
    columns: Vec<(Column<u64>, Column<u64>)>,
}

impl ParagraphFile {
    /// Opens the paragraph file `name` in `index_dir` for the segments of `searcher`.
    pub fn open(
        index_dir: &Path,
        searcher: &Searcher,
        name: &str,
    ) -> anyhow::Result<ParagraphFile> {
        let missing = || {
            format!(
                "cannot read the index's paragraph file {name} — run `mou-bot reindex` to rebuild the index"
            )
        };
        // Read as Tantivy reads its own files, but not through the index's directory, which
        // would look for a Tantivy footer.
        let bytes = MmapDirectory::open(index_dir)
            .with_context(missing)?
            .open_read(Path::new(name))
            .with_context(missing)?
            .read_bytes()
            .with_context(missing)?;
        let columns = searcher
            .segment_readers()
            .iter()
            .map(|segment| {
                let fast = segment.fast_fields();
                Ok((fast.u64(START_FIELD)?, fast.u64(END_FIELD)?))
            })
            .collect::<tantivy::Result<_>>()
            .with_context(missing)?;
        Ok(ParagraphFile { bytes, columns })
    }

    /// The record of the paragraph at `address` (an address of the searcher it was opened for).
    pub fn record(&self, address: DocAddress) -> anyhow::Result<Record<'_>> {
        let damaged = || "the index's paragraph file does not match it — run `mou-bot reindex`";
        let (starts, ends) = self
            .columns
            .get(address.segment_ord as usize)
            .with_context(damaged)?;
        let start = starts.first(address.doc_id).with_context(damaged)?;
        let end = ends.first(address.doc_id).with_context(damaged)?;
        let record = usize::try_from(start)
            .ok()
            .zip(usize::try_from(end).ok())
            .and_then(|(start, end)| self.bytes.as_slice().get(start..end))
            .filter(|record| record.len() >= HEAD_BYTES)
            .with_context(damaged)?;
        let (head, text) = record.split_at(HEAD_BYTES);
        let u32_at =
            |at: usize| u32::from_le_bytes([head[at], head[at + 1], head[at + 2], head[at + 3]]);
        Ok(Record {
            document: u32_at(0) as usize,
            number: u32_at(4),
            text: std::str::from_utf8(text).ok().with_context(damaged)?,
        })
    }
}
