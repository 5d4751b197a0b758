//! The facts a build records about itself and the corpus it read (format, time, corpus
//! signatures, documents, synonyms, paragraph file), persisted as the payload of the index's
//! commit, and reading them back.

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use tantivy::Index;

use crate::corpus::{CorpusFiles, DocumentMeta};
use crate::synonyms::Synonyms;

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
    /// The name of the build's paragraph file in the index directory ([`super::paragraph_file`]).
    #[serde(default)]
    pub paragraph_file: String,
    /// Position in `documents` of each document id, for lookups per answer.
    #[serde(skip)]
    pub(crate) positions: HashMap<String, usize>,
}

impl IndexInfo {
    pub(crate) fn paragraph_count(&self) -> u64 {
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
    pub(crate) fn corpus_changed(&self, corpus_dir: &Path) -> bool {
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

pub(super) fn read_info(index: &Index) -> Option<IndexInfo> {
    info_in(&index.load_metas().ok()?.payload?)
}

/// The build facts a commit's `payload` holds.
pub(super) fn info_in(payload: &str) -> Option<IndexInfo> {
    serde_json::from_str::<IndexInfo>(payload)
        .ok()
        .map(IndexInfo::with_positions)
}
