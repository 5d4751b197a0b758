//! The corpus's files as changes touch them, and the journal of those changes.
//!
//! Every change is a list of [`Edit`]s, each atomic on its own: a file is written beside its
//! place under a hidden name and renamed into it, so the loader (which skips hidden files)
//! never reads half a file. Nothing is deleted: what leaves the corpus, or is overwritten, is
//! first copied into `corpus/.removed/` under a time-stamped name, which `/undo` restores from.
//! The journal, `corpus/.changes.jsonl`, has one line per change: who, when, what, the file's
//! SHA-256; it lives with the corpus, so it follows it onto a volume or into a backup.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};

/// The journal of changes, in the corpus directory (hidden: not a document).
pub const CHANGES_FILE: &str = ".changes.jsonl";

/// Where files that left the corpus are kept, in the corpus directory.
pub const REMOVED_DIR: &str = ".removed";

/// What a change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Add,
    Replace,
    Remove,
    Undo,
}

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// RFC 3339, UTC.
    pub time: String,
    /// The Telegram user id of the operator who made it.
    pub admin: u64,
    pub action: Action,
    /// The document's id and title.
    pub id: String,
    pub title: String,
    /// Its file in the corpus directory.
    pub file: String,
    /// SHA-256 (hex) of the file the change left in the corpus (add, replace, an undo that
    /// restored one) or took out of it (remove, an undo of an add).
    pub sha256: String,
    /// The copy in `.removed/` of what the change took out or overwrote, if anything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kept: Option<String>,
    /// For an undo: the number (from 1, in journal order) of the change it undid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undoes: Option<usize>,
}

/// One step of a change to the corpus directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Write `text` as `file` (what was there is kept first).
    Write { file: String, text: String },
    /// Take `file` out (kept).
    Remove { file: String },
    /// Put the kept copy `kept` back as `file` (what is there is kept first).
    Restore { kept: String, file: String },
}

/// What applying an edit did, to be reverted if the reindex after it fails.
#[derive(Debug)]
pub struct Done {
    file: String,
    /// The copy kept of what was there before, if anything was.
    pub kept: Option<String>,
}

/// Applies `edits` to the corpus at `dir`, in order; returns what each did.
pub fn apply(dir: &Path, edits: &[Edit]) -> anyhow::Result<Vec<Done>> {
    let mut done = Vec::new();
    for edit in edits {
        let result = apply_one(dir, edit);
        match result {
            Ok(one) => done.push(one),
            Err(err) => {
                // Leave the corpus as it was before any of them.
                revert(dir, &done);
                return Err(err);
            }
        }
    }
    Ok(done)
}

fn apply_one(dir: &Path, edit: &Edit) -> anyhow::Result<Done> {
    match edit {
        Edit::Write { file, text } => {
            let kept = keep(dir, file)?;
            write_atomically(dir, file, text.as_bytes())?;
            Ok(Done {
                file: file.clone(),
                kept,
            })
        }
        Edit::Remove { file } => {
            let kept = keep(dir, file)?;
            fs::remove_file(dir.join(file))
                .with_context(|| format!("cannot remove {}", dir.join(file).display()))?;
            Ok(Done {
                file: file.clone(),
                kept,
            })
        }
        Edit::Restore { kept: from, file } => {
            let source = dir.join(REMOVED_DIR).join(from);
            let bytes =
                fs::read(&source).with_context(|| format!("cannot read {}", source.display()))?;
            let kept = keep(dir, file)?;
            write_atomically(dir, file, &bytes)?;
            Ok(Done {
                file: file.clone(),
                kept,
            })
        }
    }
}

/// Undoes applied edits, last first: each file back as it was (best effort: a failure here
/// is logged by the caller's error, and the kept copies are still in `.removed/`).
pub fn revert(dir: &Path, done: &[Done]) {
    for one in done.iter().rev() {
        let path = dir.join(&one.file);
        match &one.kept {
            Some(kept) => {
                if let Ok(bytes) = fs::read(dir.join(REMOVED_DIR).join(kept)) {
                    let _ = write_atomically(dir, &one.file, &bytes);
                }
            }
            None => {
                let _ = fs::remove_file(&path);
            }
        }
    }
}

/// Copies `file`, if it is there, into `.removed/` under a time-stamped name, which it returns.
fn keep(dir: &Path, file: &str) -> anyhow::Result<Option<String>> {
    let path = dir.join(file);
    if !path.exists() {
        return Ok(None);
    }
    let removed = dir.join(REMOVED_DIR);
    fs::create_dir_all(&removed).with_context(|| format!("cannot create {}", removed.display()))?;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.6fZ");
    let mut name = format!("{stamp}-{file}");
    let mut n = 1;
    while removed.join(&name).exists() {
        n += 1;
        name = format!("{stamp}-{n}-{file}");
    }
    fs::copy(&path, removed.join(&name)).with_context(|| {
        format!(
            "cannot keep a copy of {} in {}",
            path.display(),
            removed.display()
        )
    })?;
    Ok(Some(name))
}

/// Writes `bytes` as `dir/file` all at once: to a hidden file beside it, then renamed.
fn write_atomically(dir: &Path, file: &str, bytes: &[u8]) -> anyhow::Result<()> {
    let incoming = dir.join(format!(".incoming-{file}"));
    let mut out = fs::File::create(&incoming)
        .with_context(|| format!("cannot write {}", incoming.display()))?;
    out.write_all(bytes)
        .and_then(|()| out.sync_all())
        .with_context(|| format!("cannot write {}", incoming.display()))?;
    fs::rename(&incoming, dir.join(file))
        .with_context(|| format!("cannot move {} into place", incoming.display()))?;
    Ok(())
}

/// SHA-256 of `bytes`, in hex.
pub fn sha256(bytes: &[u8]) -> String {
    ring::digest::digest(&ring::digest::SHA256, bytes)
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The SHA-256 of the corpus file `file`, when it is there.
pub fn file_sha256(dir: &Path, file: &str) -> Option<String> {
    fs::read(dir.join(file)).ok().map(|bytes| sha256(&bytes))
}

fn journal_path(dir: &Path) -> PathBuf {
    dir.join(CHANGES_FILE)
}

/// Every change journaled in the corpus at `dir`, oldest first (none when there is no
/// journal; unreadable lines are skipped).
pub fn read_all(dir: &Path) -> anyhow::Result<Vec<Change>> {
    let path = journal_path(dir);
    let file = match fs::File::open(&path) {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => {
            return Err(err).with_context(|| format!("cannot read {}", path.display()));
        }
    };
    let mut changes = Vec::new();
    for line in BufReader::new(file).lines() {
        let line = line.with_context(|| format!("cannot read {}", path.display()))?;
        if let Ok(change) = serde_json::from_str(&line) {
            changes.push(change);
        }
    }
    Ok(changes)
}

/// Appends `change` to the journal of the corpus at `dir`.
pub fn append(dir: &Path, change: &Change) -> anyhow::Result<()> {
    let path = journal_path(dir);
    let mut line = serde_json::to_string(change)?;
    line.push('\n');
    fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut file| file.write_all(line.as_bytes()))
        .with_context(|| format!("cannot write the journal of changes {}", path.display()))
}

/// The number (from 1) of the last change by `admin` that is not an undo and has not been
/// undone, with the change.
pub fn last_undoable(changes: &[Change], admin: u64) -> Option<(usize, &Change)> {
    let undone: Vec<usize> = changes.iter().filter_map(|c| c.undoes).collect();
    changes
        .iter()
        .enumerate()
        .rev()
        .map(|(at, change)| (at + 1, change))
        .find(|(number, change)| {
            change.admin == admin && change.action != Action::Undo && !undone.contains(number)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(admin: u64, action: Action, undoes: Option<usize>) -> Change {
        Change {
            time: "2026-12-07T00:00:00Z".into(),
            admin,
            action,
            id: "doc".into(),
            title: "Doc".into(),
            file: "doc.md".into(),
            sha256: String::new(),
            kept: None,
            undoes,
        }
    }

    #[test]
    fn edits_keep_what_they_overwrite_and_revert_to_it() {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path();
        fs::write(dir.join("a.md"), "old a").unwrap();
        let done = apply(
            dir,
            &[
                Edit::Write {
                    file: "a.md".into(),
                    text: "new a".into(),
                },
                Edit::Write {
                    file: "b.md".into(),
                    text: "new b".into(),
                },
            ],
        )
        .unwrap();
        assert_eq!(fs::read_to_string(dir.join("a.md")).unwrap(), "new a");
        let kept = done[0].kept.clone().unwrap();
        assert_eq!(
            fs::read_to_string(dir.join(REMOVED_DIR).join(&kept)).unwrap(),
            "old a"
        );
        assert!(done[1].kept.is_none());
        // No hidden half-written file is left behind.
        let hidden: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(".incoming"))
            .collect();
        assert!(hidden.is_empty(), "{hidden:?}");
        revert(dir, &done);
        assert_eq!(fs::read_to_string(dir.join("a.md")).unwrap(), "old a");
        assert!(!dir.join("b.md").exists());
        // Removing keeps a copy; restoring brings it back.
        let done = apply(
            dir,
            &[Edit::Remove {
                file: "a.md".into(),
            }],
        )
        .unwrap();
        assert!(!dir.join("a.md").exists());
        let kept = done[0].kept.clone().unwrap();
        apply(
            dir,
            &[Edit::Restore {
                kept,
                file: "a.md".into(),
            }],
        )
        .unwrap();
        assert_eq!(fs::read_to_string(dir.join("a.md")).unwrap(), "old a");
    }

    #[test]
    fn a_failing_edit_leaves_the_corpus_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path();
        let result = apply(
            dir,
            &[
                Edit::Write {
                    file: "a.md".into(),
                    text: "a".into(),
                },
                Edit::Remove {
                    file: "missing.md".into(),
                },
            ],
        );
        assert!(result.is_err());
        assert!(!dir.join("a.md").exists());
    }

    #[test]
    fn the_journal_round_trips_and_undo_takes_the_askers_last_change_not_undone() {
        let dir = tempfile::tempdir().unwrap();
        assert!(read_all(dir.path()).unwrap().is_empty());
        let changes = [
            change(1, Action::Add, None),
            change(2, Action::Add, None),
            change(1, Action::Remove, None),
            change(1, Action::Undo, Some(3)),
        ];
        for one in &changes {
            append(dir.path(), one).unwrap();
        }
        let read = read_all(dir.path()).unwrap();
        assert_eq!(read, changes);
        assert_eq!(last_undoable(&read, 1).map(|(n, _)| n), Some(1));
        assert_eq!(last_undoable(&read, 2).map(|(n, _)| n), Some(2));
        assert_eq!(last_undoable(&read, 3), None);
    }

    #[test]
    fn sha256_is_the_standard_digest() {
        assert_eq!(
            sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
