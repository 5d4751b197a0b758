//! The index directory on disk: opening the index there when it is of the current format,
//! creating a fresh one in place of any other, and the name of the build lock's file, which
//! creating leaves where it is.

use std::path::Path;

use anyhow::Context;
use tantivy::Index;
use tantivy::directory::MmapDirectory;

use super::info::{IndexInfo, read_info};
use super::schema::{INDEX_FORMAT, register_analyzer, schema};

/// The file whose lock makes builds of one index take turns.
pub(super) const BUILD_LOCK: &str = ".mou-bot-build.lock";

/// Opens the index at `dir` with the facts of its build, when it exists and has the current
/// format.
pub(super) fn open_current(dir: &Path) -> anyhow::Result<Option<(Index, IndexInfo)>> {
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
pub(super) fn create(dir: &Path) -> anyhow::Result<Index> {
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
