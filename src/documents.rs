//! Documents managed from Telegram: a file an operator sends becomes a draft ([`upload`]); a
//! change (add, replace, remove, undo) is a [`Plan`] of file edits ([`changes`]), checked on a
//! copy of the corpus exactly as `reindex --check` checks, previewed with what it would change
//! in the answers, then applied under the index's build lock and followed by a reindex — and
//! reverted if that reindex fails, so the corpus and the served index never part ways.
//!
//! No Telegram here: the bot hands in bytes and an operator's id, and shows what comes back.
//! Every function is synchronous and may take a build's time; the bot runs them one change at
//! a time, off its async threads.

use std::path::{Path, PathBuf};

use anyhow::Context;
use tracing::warn;

use crate::corpus::{CorpusFiles, Document};
use crate::index::{self, BuildError, BuildReport, IndexInfo, NoProgress, SearchIndex};
use crate::search::{Answerer, Ranking};

mod changes;
mod upload;

pub use changes::{Action, Change, REMOVED_DIR};
use changes::{Edit, file_sha256};
pub use upload::{
    BOT_API_MAX_BYTES, DEFAULT_MAX_BYTES, Draft, Upload, UploadProblem, check_size, draft,
    format_of,
};

/// A change proposed to the corpus: what it is, which document, and the file edits it takes.
#[derive(Debug, Clone)]
pub struct Plan {
    pub action: Action,
    pub id: String,
    pub title: String,
    /// The document's file in the corpus directory.
    pub file: String,
    /// For a replacement: the title of the document it replaces.
    pub replaces: Option<String>,
    /// For an undo: the number of the change undone.
    pub undoes: Option<usize>,
    /// The file edits, in order (crate-visible for tests that build a plan to render).
    pub(crate) edits: Vec<Edit>,
}

/// Why `/undo` has nothing to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UndoRefusal {
    #[error("there is no change of yours to undo")]
    Nothing,
    #[error(
        "{file} has changed since your change ({action:?} of “{title}”); undo it by hand, or change it again"
    )]
    ChangedSince {
        file: String,
        title: String,
        action: Action,
    },
}

/// What the bot shows before a document is added.
#[derive(Debug, Clone)]
pub struct Preview {
    pub plan: Plan,
    pub language: Option<String>,
    pub url: Option<String>,
    pub translation_of: Option<String>,
    pub paragraphs: usize,
    /// The first paragraphs' text.
    pub first_paragraphs: Vec<String>,
    /// Each problem the corpus would have with the document added, as `reindex --check` says
    /// it (`file:line: message`). Empty when it can be added.
    pub problems: Vec<String>,
    /// The corpus's example questions whose answer would change.
    pub changed_examples: Vec<ExampleChange>,
    pub header_written: bool,
}

/// An example question whose answer a change would change: where it is answered from now and
/// then (`title ¶n`), `None` for declined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleChange {
    pub question: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A change done: the journal line, and the build that serves it.
#[derive(Debug)]
pub struct Applied {
    pub change: Change,
    pub report: BuildReport,
}

/// Why a change was not made; the corpus and the index are as they were.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    /// The corpus would have problems (it changed since the preview, say).
    #[error("the corpus would have problems:\n{}", .0.join("\n"))]
    Problems(Vec<String>),
    #[error(transparent)]
    Build(#[from] BuildError),
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

/// A document of the index, as `/docs` lists it.
#[derive(Debug, Clone)]
pub struct Listed {
    pub id: String,
    pub title: String,
    pub language: Option<String>,
    pub paragraphs: u32,
    pub translation_of: Option<String>,
    /// The last change that added or replaced it from Telegram, if one did.
    pub added: Option<Change>,
}

/// The documents `info` serves, with who added each from Telegram and when.
pub fn list(info: &IndexInfo, corpus: &Path) -> Vec<Listed> {
    let changes = changes::read_all(corpus).unwrap_or_default();
    info.documents
        .iter()
        .map(|document| Listed {
            id: document.id.clone(),
            title: document.meta.title.clone(),
            language: document.meta.language.clone(),
            paragraphs: document.paragraphs,
            translation_of: document.meta.translation_of.clone(),
            added: changes
                .iter()
                .rev()
                .find(|c| c.id == document.id && matches!(c.action, Action::Add | Action::Replace))
                .cloned(),
        })
        .collect()
}

/// The changes journaled in the corpus at `corpus`, oldest first.
pub fn journal(corpus: &Path) -> anyhow::Result<Vec<Change>> {
    changes::read_all(corpus)
}

/// The changes for `mou-bot stats`: how many, and the last `top`, newest first (nothing when
/// there are none).
pub fn render_changes(changes: &[Change], top: usize) -> String {
    use std::fmt::Write;
    if changes.is_empty() {
        return String::new();
    }
    let mut out = format!("\nDocument changes from Telegram: {}\n", changes.len());
    for change in changes.iter().rev().take(top) {
        let action = serde_json::to_value(change.action).unwrap_or_default();
        let _ = writeln!(
            out,
            "  {}  {:<7} {} ({}) by {}, sha256 {}",
            change.time,
            action.as_str().unwrap_or_default(),
            change.title,
            change.file,
            change.admin,
            change.sha256.get(..12).unwrap_or(&change.sha256)
        );
    }
    out
}

/// The document with id `id` in the corpus, and its file's name.
fn find(corpus: &Path, id: &str) -> anyhow::Result<Option<(String, Document)>> {
    let files = CorpusFiles::list(corpus)?;
    for path in &files.documents {
        if let Ok(document) = crate::corpus::load_document(path)
            && document.id == id
        {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            return Ok(Some((name.into_owned(), document)));
        }
    }
    Ok(None)
}

/// The plan that adds `draft`, or replaces the document with its id (in that document's file).
pub fn plan_add(corpus: &Path, draft: &Draft) -> anyhow::Result<Plan> {
    let title = draft.title().to_owned();
    let (action, file, replaces) = match find(corpus, &draft.id)? {
        Some((file, old)) => (Action::Replace, file, Some(old.meta.title)),
        None => {
            // A file of that name holding another document (its header names another id)
            // is not overwritten: the new one gets a name of its own.
            let mut file = draft.file_name.clone();
            let mut n = 1;
            while corpus.join(&file).exists() {
                n += 1;
                let (stem, extension) = draft
                    .file_name
                    .rsplit_once('.')
                    .unwrap_or((&draft.id, "md"));
                file = format!("{stem}-{n}.{extension}");
            }
            (Action::Add, file, None)
        }
    };
    let edits = vec![Edit::Write {
        file: file.clone(),
        text: draft.text.clone(),
    }];
    Ok(Plan {
        action,
        id: draft.id.clone(),
        title,
        file,
        replaces,
        undoes: None,
        edits,
    })
}

/// The plan that removes the document `id`; `None` when the corpus has none.
pub fn plan_remove(corpus: &Path, id: &str) -> anyhow::Result<Option<Plan>> {
    Ok(find(corpus, id)?.map(|(file, document)| Plan {
        action: Action::Remove,
        id: id.to_owned(),
        title: document.meta.title,
        file: file.clone(),
        replaces: None,
        undoes: None,
        edits: vec![Edit::Remove { file }],
    }))
}

/// The plan that undoes the last change `admin` made (and has not undone): an added document
/// taken out, a replaced one put back, a removed one restored — only if its file is still as
/// that change left it, so an undo never loses a later change.
pub fn plan_undo(corpus: &Path, admin: u64) -> anyhow::Result<Result<Plan, UndoRefusal>> {
    let journal = changes::read_all(corpus)?;
    let Some((number, change)) = changes::last_undoable(&journal, admin) else {
        return Ok(Err(UndoRefusal::Nothing));
    };
    let now = file_sha256(corpus, &change.file);
    let as_left = match change.action {
        Action::Add | Action::Replace => now.as_deref() == Some(change.sha256.as_str()),
        Action::Remove => now.is_none(),
        Action::Undo => false,
    };
    if !as_left {
        return Ok(Err(UndoRefusal::ChangedSince {
            file: change.file.clone(),
            title: change.title.clone(),
            action: change.action,
        }));
    }
    let edit = match (change.action, &change.kept) {
        (Action::Add, _) => Edit::Remove {
            file: change.file.clone(),
        },
        (Action::Replace | Action::Remove, Some(kept)) => Edit::Restore {
            kept: kept.clone(),
            file: change.file.clone(),
        },
        _ => {
            return Ok(Err(UndoRefusal::ChangedSince {
                file: change.file.clone(),
                title: change.title.clone(),
                action: change.action,
            }));
        }
    };
    Ok(Ok(Plan {
        action: Action::Undo,
        id: change.id.clone(),
        title: change.title.clone(),
        file: change.file.clone(),
        replaces: None,
        undoes: Some(number),
        edits: vec![edit],
    }))
}

/// A copy of the corpus with `plan` applied, in a temporary directory, and the problems of
/// the real corpus's entries that cannot be copied (symlinks, subdirectories).
struct Staged {
    dir: tempfile::TempDir,
    refused: Vec<String>,
}

impl Staged {
    fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    fn index(&self) -> PathBuf {
        self.dir.path().join("index")
    }
}

fn stage(corpus: &Path, plan: &Plan) -> anyhow::Result<Staged> {
    let dir = tempfile::tempdir().context("cannot make a temporary directory to check in")?;
    let copy = dir.path().join("corpus");
    std::fs::create_dir(&copy)?;
    let listed = CorpusFiles::list(corpus)?;
    for path in listed.documents.iter().chain(listed.synonyms.iter()) {
        let name = path.file_name().unwrap_or_default();
        std::fs::copy(path, copy.join(name))
            .with_context(|| format!("cannot read {}", path.display()))?;
    }
    // Kept copies are read from the real corpus; the edits land in the copy.
    for edit in &plan.edits {
        match edit {
            Edit::Write { file, text } => std::fs::write(copy.join(file), text)?,
            Edit::Remove { file } => {
                let _ = std::fs::remove_file(copy.join(file));
            }
            Edit::Restore { kept, file } => {
                std::fs::copy(corpus.join(REMOVED_DIR).join(kept), copy.join(file))
                    .with_context(|| format!("cannot read the kept copy {kept}"))?;
            }
        }
    }
    let refused = listed.refused.iter().map(|p| display(p, corpus)).collect();
    Ok(Staged { dir, refused })
}

/// A problem as `reindex --check` prints it, with the file named relative to its corpus.
fn display(problem: &crate::corpus::Problem, corpus: &Path) -> String {
    let mut problem = problem.clone();
    if let Ok(relative) = problem.path.strip_prefix(corpus) {
        problem.path = relative.to_owned();
    }
    problem.to_string()
}

/// Builds the staged corpus into its own index: the problems, or the index.
fn build_staged(staged: &Staged) -> anyhow::Result<Result<SearchIndex, Vec<String>>> {
    let corpus = staged.corpus();
    let mut problems = staged.refused.clone();
    match index::build(&corpus, &staged.index(), false, &NoProgress) {
        Ok(_) if problems.is_empty() => Ok(Ok(SearchIndex::open(&staged.index())?)),
        Ok(_) => Ok(Err(problems)),
        Err(BuildError::Corpus(error)) => {
            problems.extend(error.problems.iter().map(|p| display(p, &corpus)));
            Ok(Err(problems))
        }
        Err(err) => Err(anyhow::Error::new(err).context("cannot check the change")),
    }
}

/// Checks `plan` on a copy of the corpus and previews `draft` as it would be added: its
/// problems, or which example questions `current` answers differently with it.
pub fn preview(
    corpus: &Path,
    current: &Answerer,
    ranking: &Ranking,
    draft: &Draft,
    plan: Plan,
) -> anyhow::Result<Preview> {
    let staged = stage(corpus, &plan)?;
    let built = build_staged(&staged)?;
    let (problems, changed_examples) = match built {
        Err(problems) => (problems, Vec::new()),
        Ok(index) => {
            let next = Answerer::new(index, ranking.clone());
            (Vec::new(), changed_examples(current, &next))
        }
    };
    // Problems of the file alone (a malformed header) come first, as the check lists them.
    let document = draft.parsed.as_ref().ok();
    Ok(Preview {
        language: document.and_then(|d| d.meta.language.clone()),
        url: document.and_then(|d| d.meta.url.clone()),
        translation_of: document.and_then(|d| d.meta.translation_of.clone()),
        paragraphs: document.map_or(0, |d| d.paragraphs.len()),
        first_paragraphs: document
            .map(|d| {
                d.paragraphs
                    .iter()
                    .take(3)
                    .map(|p| p.text.clone())
                    .collect()
            })
            .unwrap_or_default(),
        problems,
        changed_examples,
        header_written: draft.header_written,
        plan,
    })
}

/// The corpus's example questions (every document's, every language) that `next` answers from
/// another paragraph than `current`, or answers where it declined, or the other way round.
fn changed_examples(current: &Answerer, next: &Answerer) -> Vec<ExampleChange> {
    let info = current.info();
    let next_info = next.info();
    let answer = |answerer: &Answerer, info: &IndexInfo, question: &str| {
        let outcome = answerer.answer(question, 3).ok()?;
        let passage = outcome.answer()?;
        let title = info
            .document(&passage.doc_id)
            .map_or(passage.doc_id.as_str(), |d| d.meta.title.as_str());
        Some(format!("{title} ¶{}", passage.paragraph))
    };
    let mut changed = Vec::new();
    let questions = info.documents.iter().flat_map(|d| d.meta.examples.iter());
    for question in questions {
        let before = answer(current, &info, question);
        let after = answer(next, &next_info, question);
        if before != after
            && !changed
                .iter()
                .any(|c: &ExampleChange| &c.question == question)
        {
            changed.push(ExampleChange {
                question: question.clone(),
                before,
                after,
            });
        }
    }
    changed
}

/// The problems the corpus would have with `plan` applied (none: it can be applied).
pub fn check(corpus: &Path, plan: &Plan) -> anyhow::Result<Vec<String>> {
    let staged = stage(corpus, plan)?;
    Ok(build_staged(&staged)?.err().unwrap_or_default())
}

/// Applies `plan` for `admin`: waits for any build in progress, checks it again on a copy (the
/// corpus may have changed since the preview), changes the files, reindexes, and journals it.
/// A failed reindex puts the files back as they were; the index then is as it was too.
pub fn apply(
    corpus: &Path,
    index_dir: &Path,
    plan: &Plan,
    admin: u64,
) -> Result<Applied, ApplyError> {
    let lock = index::wait_for_build_lock(index_dir)?;
    let problems = check(corpus, plan)?;
    if !problems.is_empty() {
        return Err(ApplyError::Problems(problems));
    }
    // The file's hash: of what the change leaves, or (removing) of what it takes out.
    let removed_sha = file_sha256(corpus, &plan.file);
    let done = changes::apply(corpus, &plan.edits)?;
    let report = match index::build_holding(&lock, corpus, index_dir) {
        Ok(report) => report,
        Err(err) => {
            changes::revert(corpus, &done);
            return Err(err.into());
        }
    };
    let left_sha = file_sha256(corpus, &plan.file);
    let change = Change {
        time: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        admin,
        action: plan.action,
        id: plan.id.clone(),
        title: plan.title.clone(),
        file: plan.file.clone(),
        sha256: left_sha.or(removed_sha).unwrap_or_default(),
        kept: done.iter().find_map(|d| d.kept.clone()),
        undoes: plan.undoes,
    };
    if let Err(err) = changes::append(corpus, &change) {
        // The change is made and served; only its line is missing, which the log says.
        warn!(error = %format!("{err:#}"), "cannot journal a document change");
    }
    Ok(Applied { change, report })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// Every file under `dir` with its bytes, hidden ones included.
    fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        let mut files = BTreeMap::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                files.insert(name, std::fs::read(&path).unwrap());
            }
        }
        files
    }

    fn corpus_of_one() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus).unwrap();
        std::fs::write(
            corpus.join("first.md"),
            "+++\ntitle = \"First\"\nlanguage = \"en\"\n+++\n\nThe first document.\n",
        )
        .unwrap();
        let index = dir.path().join("index");
        (dir, corpus, index)
    }

    fn second() -> Draft {
        let upload = Upload {
            file_name: "second.txt",
            caption: None,
            bytes: b"Second\n\nThe second document, about copper.",
        };
        draft(upload, 10_000).unwrap()
    }

    #[test]
    fn a_reindex_that_fails_puts_the_corpus_back_as_it_was() {
        let (_dir, corpus, index) = corpus_of_one();
        // A directory where the index's meta.json must be written: the build fails after the
        // corpus was changed.
        std::fs::create_dir_all(index.join("meta.json")).unwrap();
        let before = files(&corpus);
        let plan = plan_add(&corpus, &second()).unwrap();
        let err = apply(&corpus, &index, &plan, 7).unwrap_err();
        assert!(matches!(err, ApplyError::Build(_)), "{err:#}");
        assert_eq!(
            files(&corpus),
            before,
            "the corpus is as it was, unjournaled"
        );
    }

    #[test]
    fn a_change_is_journaled_and_undone_only_while_its_file_is_as_it_left_it() {
        let (_dir, corpus, index) = corpus_of_one();
        let plan = plan_add(&corpus, &second()).unwrap();
        assert_eq!(plan.action, Action::Add);
        let applied = apply(&corpus, &index, &plan, 7).unwrap();
        assert_eq!(applied.report.documents, 2);
        let journal = journal(&corpus).unwrap();
        assert_eq!(journal.len(), 1);
        let written = std::fs::read(corpus.join("second.txt")).unwrap();
        assert_eq!(journal[0].sha256, changes::sha256(&written));
        // Another operator has nothing of their own to undo.
        assert_eq!(
            plan_undo(&corpus, 8).unwrap().unwrap_err(),
            UndoRefusal::Nothing
        );
        // Edited on the server since: undoing would lose that edit, so it is refused.
        std::fs::write(
            corpus.join("second.txt"),
            [&written[..], b"\n\nMore."].concat(),
        )
        .unwrap();
        let refusal = plan_undo(&corpus, 7).unwrap().unwrap_err();
        assert!(
            matches!(refusal, UndoRefusal::ChangedSince { .. }),
            "{refusal}"
        );
        std::fs::write(corpus.join("second.txt"), &written).unwrap();
        let undo = plan_undo(&corpus, 7).unwrap().unwrap();
        let applied = apply(&corpus, &index, &undo, 7).unwrap();
        assert_eq!(applied.report.documents, 1);
        assert!(!corpus.join("second.txt").exists());
        assert_eq!(journal_len(&corpus), 2);
        // Undone once: nothing more.
        assert_eq!(
            plan_undo(&corpus, 7).unwrap().unwrap_err(),
            UndoRefusal::Nothing
        );
    }

    fn journal_len(corpus: &Path) -> usize {
        journal(corpus).unwrap().len()
    }

    #[test]
    fn a_removal_that_would_break_a_translation_is_refused_with_the_checks_words() {
        let (_dir, corpus, index) = corpus_of_one();
        std::fs::write(
            corpus.join("first-ru.md"),
            "+++\ntitle = \"Первый\"\nlanguage = \"ru\"\ntranslation_of = \"first\"\n+++\n\nПервый документ.\n",
        )
        .unwrap();
        let plan = plan_remove(&corpus, "first").unwrap().unwrap();
        let problems = check(&corpus, &plan).unwrap();
        assert!(
            problems.iter().any(|p| p.starts_with("first-ru.md:4:")),
            "{problems:?}"
        );
        let before = files(&corpus);
        assert!(matches!(
            apply(&corpus, &index, &plan, 7),
            Err(ApplyError::Problems(_))
        ));
        assert_eq!(files(&corpus), before);
        assert!(plan_remove(&corpus, "no-such").unwrap().is_none());
    }
}
