//! The corpus: a directory of document files, turned into [`Document`]s.
//!
//! A document file is UTF-8 Markdown (`.md`) or plain text (`.txt`): a TOML header between two
//! `+++` lines, then the body, whose paragraphs are separated by blank lines (see
//! [`crate::paragraphs`]). Files are read one at a time in file-name order, so a corpus of any
//! size streams through the indexer and every run sees the same order.
//!
//! Besides documents the directory may hold `synonyms.toml` (see [`crate::synonyms`]); hidden
//! files (editor swap files, `.DS_Store`) are ignored. Anything else is a problem reported with
//! its path, so an operator never wonders why a file was left out. Symlinks and subdirectories
//! are refused: the loader never reads outside the corpus directory.

use std::fmt;
use std::fs;
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use crate::paragraphs::{self, Paragraph};

/// The file name of the synonyms file inside the corpus directory (see [`crate::synonyms`]).
pub(crate) const SYNONYMS_FILE: &str = "synonyms.toml";

/// A paragraph longer than this is refused: no reply could quote it whole, and it usually
/// means blank lines are missing between paragraphs.
pub(crate) const MAX_PARAGRAPH_CHARS: usize = 10_000;

/// The file extensions read as documents.
const DOCUMENT_EXTENSIONS: [&str; 2] = ["md", "txt"];

/// The header of a document file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentMeta {
    /// The document's headline; shown as the source of every quote.
    pub title: String,
    /// Stable identity of the document; defaults to the file name without its extension.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Who published it ("Press service of …").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Where it can be read; replies link to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Language of the text, an ISO 639-1 code such as `en`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Questions this document answers; the bot offers them as examples.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<String>,
    /// Numbers of the paragraphs that are captions (of a photo): searched, but the answer only
    /// to a question about the picture.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub captions: Vec<u32>,
    /// The id of the document this one translates, paragraph by paragraph: paragraph *n* here
    /// says what paragraph *n* there says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translation_of: Option<String>,
    /// Whether the text is the publisher's own (`true`, the default) or an unofficial
    /// translation; replies say which.
    #[serde(default = "official_by_default", skip_serializing_if = "is_true")]
    pub official: bool,
}

fn official_by_default() -> bool {
    true
}

fn is_true(value: &bool) -> bool {
    *value
}

/// One loaded document.
#[derive(Debug, Clone)]
pub struct Document {
    pub id: String,
    pub meta: DocumentMeta,
    pub paragraphs: Vec<Paragraph>,
}

/// Something wrong with one corpus file, with the line where it applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path.display(), line, self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// Every problem found in a corpus; nothing is indexed while there is one.
#[derive(Debug, thiserror::Error)]
pub struct CorpusError {
    pub problems: Vec<Problem>,
}

impl fmt::Display for CorpusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.problems.len();
        write!(
            f,
            "the corpus has {count} problem{}; fix {} and run again:",
            if count == 1 { "" } else { "s" },
            if count == 1 { "it" } else { "them" }
        )?;
        for problem in &self.problems {
            write!(f, "\n  {problem}")?;
        }
        Ok(())
    }
}

impl CorpusError {
    fn one(path: &Path, line: Option<usize>, message: impl Into<String>) -> Self {
        CorpusError {
            problems: vec![Problem {
                path: path.to_owned(),
                line,
                message: message.into(),
            }],
        }
    }
}

/// The document files of a corpus directory, in the order they are loaded.
#[derive(Debug, Clone)]
pub struct CorpusFiles {
    pub dir: PathBuf,
    pub documents: Vec<PathBuf>,
    pub synonyms: Option<PathBuf>,
    /// Entries that cannot be loaded (wrong type, symlink, directory), as problems.
    pub refused: Vec<Problem>,
}

impl CorpusFiles {
    /// Lists `dir`. Fails only when the directory itself cannot be read.
    pub fn list(dir: &Path) -> Result<CorpusFiles, CorpusError> {
        let entries = fs::read_dir(dir).map_err(|err| {
            let hint = if err.kind() == std::io::ErrorKind::NotFound {
                "no corpus directory here; pass --corpus DIR (or set MOU_CORPUS) to the folder of documents"
            } else {
                "cannot read the corpus directory"
            };
            CorpusError::one(dir, None, format!("{hint} ({err})"))
        })?;
        let mut files = CorpusFiles {
            dir: dir.to_owned(),
            documents: Vec::new(),
            synonyms: None,
            refused: Vec::new(),
        };
        for entry in entries {
            let entry = entry.map_err(|err| CorpusError::one(dir, None, err.to_string()))?;
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') {
                continue;
            }
            let refuse = |files: &mut CorpusFiles, message: &str| {
                files.refused.push(Problem {
                    path: path.clone(),
                    line: None,
                    message: message.to_owned(),
                })
            };
            // `DirEntry::file_type` does not follow links: a link could point outside the corpus.
            let file_type = match entry.file_type() {
                Ok(file_type) => file_type,
                Err(err) => {
                    refuse(&mut files, &format!("cannot read its type: {err}"));
                    continue;
                }
            };
            if file_type.is_symlink() {
                refuse(
                    &mut files,
                    "symlinks are not followed; copy the document into the corpus directory",
                );
            } else if file_type.is_dir() {
                refuse(
                    &mut files,
                    "subdirectories are not read; move its documents up into the corpus directory",
                );
            } else if !file_type.is_file() {
                // A pipe would hang the build on its first read, a device would never end.
                refuse(
                    &mut files,
                    "not a regular file (a pipe, socket or device); write the document as an ordinary file",
                );
            } else if name == SYNONYMS_FILE {
                files.synonyms = Some(path);
            } else if is_document_file(&path) {
                files.documents.push(path);
            } else {
                refuse(
                    &mut files,
                    "not a document: corpus documents are UTF-8 .md or .txt files with a +++ header; convert it or move it out",
                );
            }
        }
        files.documents.sort();
        files.refused.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }

    /// A cheap signature of the files' names, sizes and modification times.
    pub(crate) fn stat_signature(&self) -> u64 {
        let mut hasher = fnv::FnvHasher::default();
        for path in self.all_files() {
            hasher.write(path.as_os_str().as_encoded_bytes());
            if let Ok(meta) = fs::metadata(path) {
                hasher.write_u64(meta.len());
                let modified = meta
                    .modified()
                    .ok()
                    .and_then(|time| time.duration_since(UNIX_EPOCH).ok())
                    .map_or(0, |since| since.as_nanos() as u64);
                hasher.write_u64(modified);
            }
        }
        hasher.finish()
    }

    /// A signature of the files' names and contents: what decides whether the index is current.
    pub(crate) fn content_signature(&self) -> u64 {
        let mut hasher = fnv::FnvHasher::default();
        for path in self.all_files() {
            hasher.write(path.file_name().unwrap_or_default().as_encoded_bytes());
            hasher.write_u8(0);
            if let Ok(bytes) = fs::read(path) {
                hasher.write(&bytes);
            }
            hasher.write_u8(0);
        }
        hasher.finish()
    }

    /// Bytes of all the corpus files together (0 for any that cannot be read).
    pub(crate) fn total_bytes(&self) -> u64 {
        self.all_files()
            .filter_map(|path| fs::metadata(path).ok())
            .map(|meta| meta.len())
            .sum()
    }

    fn all_files(&self) -> impl Iterator<Item = &PathBuf> {
        self.documents.iter().chain(self.synonyms.iter())
    }
}

fn is_document_file(path: &Path) -> bool {
    path.extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| {
            DOCUMENT_EXTENSIONS
                .iter()
                .any(|known| ext.eq_ignore_ascii_case(known))
        })
}

/// Reads and parses one document file.
pub fn load_document(path: &Path) -> Result<Document, CorpusError> {
    let bytes = fs::read(path).map_err(|err| CorpusError::one(path, None, err.to_string()))?;
    let text = String::from_utf8(bytes).map_err(|err| {
        let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        CorpusError::one(path, Some(line), "not valid UTF-8; save the file as UTF-8")
    })?;
    let default_id = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    parse_document(path, &default_id, &text)
}

/// The line of the file where `header` (the text between the `+++` lines) sets `key`: the
/// header starts on line 2, which is also the answer when it does not set `key`.
fn header_line(header: &str, key: &str) -> usize {
    header
        .lines()
        .position(|line| {
            line.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(2, |at| at + 2)
}

/// The line of the document at `path` where its header sets `key`, for a problem found
/// after parsing (a translation's original, say).
pub(crate) fn line_setting(path: &Path, key: &str) -> usize {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    match split_header(path, text) {
        Ok((header, _, _)) => header_line(header, key),
        Err(_) => 2,
    }
}

/// Parses a document's text: the `+++` header, then the paragraphs.
pub(crate) fn parse_document(
    path: &Path,
    default_id: &str,
    text: &str,
) -> Result<Document, CorpusError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (header, body, body_first_line) = split_header(path, text)?;
    let meta: DocumentMeta = toml::from_str(header).map_err(|err| {
        // The header starts on line 2 (after the opening `+++`).
        let line = err
            .span()
            .map(|span| header[..span.start].matches('\n').count() + 2);
        CorpusError::one(
            path,
            line,
            format!("malformed header: {}", err.message().trim()),
        )
    })?;
    let mut problems = Vec::new();
    let mut problem = |line: Option<usize>, message: String| {
        problems.push(Problem {
            path: path.to_owned(),
            line,
            message,
        })
    };
    let line_of = |key: &str| Some(header_line(header, key));
    if meta.title.trim().is_empty() {
        problem(line_of("title"), "the header's title is empty".to_owned());
    }
    let id = meta.id.clone().unwrap_or_else(|| default_id.to_owned());
    if !is_valid_id(&id) {
        problem(
            None,
            format!(
                "document id {id:?} must be 1-64 ASCII letters, digits, '-' or '_'; rename the file or set `id` in the header"
            ),
        );
    }
    if let Some(language) = &meta.language
        && !is_language_code(language)
    {
        problem(
            line_of("language"),
            format!(
                "language {language:?} must be a two-letter ISO 639-1 code in lower case, e.g. \"en\""
            ),
        );
    }
    if meta.translation_of.is_some() && meta.language.is_none() {
        problem(
            line_of("translation_of"),
            "a translation must name its language, e.g. `language = \"ru\"`".to_owned(),
        );
    }
    if meta.translation_of.as_deref() == Some(id.as_str()) {
        problem(
            line_of("translation_of"),
            "translation_of names the document itself; name the id of the original".to_owned(),
        );
    }
    if let Some(url) = &meta.url
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        problem(
            line_of("url"),
            format!("url {url:?} must start with https:// or http://"),
        );
    }
    let paragraphs = paragraphs::split(body, body_first_line);
    if paragraphs.is_empty() {
        problem(
            None,
            "no paragraphs: write the text below the header, paragraphs separated by blank lines"
                .to_owned(),
        );
    }
    for &caption in &meta.captions {
        if caption == 0 || caption as usize > paragraphs.len() {
            problem(
                line_of("captions"),
                format!(
                    "captions lists paragraph {caption}, but the document has {} paragraphs (numbered from 1)",
                    paragraphs.len()
                ),
            );
        }
    }
    for paragraph in &paragraphs {
        let chars = paragraph.text.chars().count();
        if chars > MAX_PARAGRAPH_CHARS {
            problem(
                Some(paragraph.line),
                format!(
                    "paragraph {} has {chars} characters, over the limit of {MAX_PARAGRAPH_CHARS}; split it with a blank line",
                    paragraph.number
                ),
            );
        }
    }
    if !problems.is_empty() {
        return Err(CorpusError { problems });
    }
    Ok(Document {
        id,
        meta,
        paragraphs,
    })
}

fn is_language_code(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase())
}

fn is_valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Splits `+++\nheader\n+++\nbody` into header, body and the body's first line number.
fn split_header<'a>(path: &Path, text: &'a str) -> Result<(&'a str, &'a str, usize), CorpusError> {
    let missing = || {
        CorpusError::one(
            path,
            Some(1),
            "missing header: start the file with a line `+++`, then `title = \"…\"`, then a line `+++`",
        )
    };
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().ok_or_else(missing)?;
    if first.trim_end() != "+++" {
        return Err(missing());
    }
    let header_start = first.len();
    let mut offset = header_start;
    let mut line_number = 1;
    for line in lines {
        line_number += 1;
        if line.trim_end() == "+++" {
            let header = &text[header_start..offset];
            let body = &text[offset + line.len()..];
            return Ok((header, body, line_number + 1));
        }
        offset += line.len();
    }
    Err(CorpusError::one(
        path,
        Some(1),
        "the header is not closed: add a line `+++` after it",
    ))
}

/// Remembers which file claimed each document id.
#[derive(Debug, Default)]
pub(crate) struct IdRegistry {
    seen: std::collections::HashMap<String, PathBuf>,
}

impl IdRegistry {
    pub(crate) fn register(&mut self, id: &str, path: &Path) -> Result<(), Problem> {
        if let Some(first) = self.seen.get(id) {
            return Err(Problem {
                path: path.to_owned(),
                line: None,
                message: format!(
                    "duplicate document id {id:?}, already used by {}; rename one file or set `id` in its header",
                    first.display()
                ),
            });
        }
        self.seen.insert(id.to_owned(), path.to_owned());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Document, CorpusError> {
        parse_document(Path::new("corpus/doc.md"), "doc", text)
    }

    #[test]
    fn a_header_and_paragraphs_are_parsed() {
        let doc =
            parse("+++\ntitle = \"T\"\nurl = \"https://example.org/a\"\n+++\n\nOne.\n\nTwo.\n")
                .unwrap();
        assert_eq!(doc.id, "doc");
        assert_eq!(doc.meta.title, "T");
        assert_eq!(doc.meta.url.as_deref(), Some("https://example.org/a"));
        let texts: Vec<_> = doc.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["One.", "Two."]);
        assert_eq!(doc.paragraphs[0].line, 6);
        assert_eq!(doc.paragraphs[1].line, 8);
    }

    #[test]
    fn a_byte_order_mark_and_crlf_line_ends_are_accepted() {
        let doc = parse("\u{feff}+++\r\ntitle = \"T\"\r\n+++\r\nOne\r\nstill one.\r\n\r\nTwo.\r\n")
            .unwrap();
        let texts: Vec<_> = doc.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["One still one.", "Two."]);
    }

    #[test]
    fn a_missing_header_names_the_first_line() {
        let err = parse("Just text.\n").unwrap_err();
        assert_eq!(err.problems[0].line, Some(1));
        assert!(err.to_string().contains("missing header"), "{err}");
    }

    #[test]
    fn an_unclosed_header_is_reported() {
        let err = parse("+++\ntitle = \"T\"\n\nText.\n").unwrap_err();
        assert!(err.to_string().contains("not closed"), "{err}");
    }

    #[test]
    fn a_malformed_header_names_its_line() {
        let err = parse("+++\ntitle = \"T\"\nurl = https://x\n+++\nText.\n").unwrap_err();
        assert_eq!(err.problems[0].line, Some(3), "{err}");
        assert!(err.to_string().contains("malformed header"), "{err}");
    }

    #[test]
    fn a_problem_with_a_header_field_names_the_line_that_sets_it() {
        let text = "+++\ntitle = \"T\"\n# a comment\nlanguage = \"English\"\nurl = \"ftp://x\"\ncaptions = [9]\n+++\nText.\n";
        let err = parse(text).unwrap_err();
        let lines: Vec<Option<usize>> = err.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [Some(4), Some(5), Some(6)], "{err}");
        let empty_title =
            parse("+++\nurl = \"https://x.org\"\ntitle = \" \"\n+++\nText.\n").unwrap_err();
        assert_eq!(empty_title.problems[0].line, Some(3), "{empty_title}");
    }

    #[test]
    fn an_unknown_header_field_is_refused() {
        let err = parse("+++\ntitle = \"T\"\nauthour = \"x\"\n+++\nText.\n").unwrap_err();
        assert!(err.to_string().contains("authour"), "{err}");
    }

    #[test]
    fn a_document_without_paragraphs_is_refused() {
        let err = parse("+++\ntitle = \"T\"\n+++\n\n \u{a0}\n\n").unwrap_err();
        assert!(err.to_string().contains("no paragraphs"), "{err}");
    }

    #[test]
    fn an_overlong_paragraph_is_refused_with_its_line() {
        let long = "word ".repeat(MAX_PARAGRAPH_CHARS / 4);
        let err = parse(&format!("+++\ntitle = \"T\"\n+++\nShort.\n\n{long}\n")).unwrap_err();
        assert_eq!(err.problems[0].line, Some(6));
    }

    #[test]
    fn a_language_must_be_a_two_letter_code() {
        for bad in ["english", "EN", "e1", ""] {
            let err = parse(&format!(
                "+++\ntitle = \"T\"\nlanguage = \"{bad}\"\n+++\nText.\n"
            ))
            .unwrap_err();
            assert!(err.to_string().contains("ISO 639-1"), "{bad}: {err}");
        }
        let doc = parse("+++\ntitle = \"T\"\nlanguage = \"ru\"\n+++\nText.\n").unwrap();
        assert_eq!(doc.meta.language.as_deref(), Some("ru"));
    }

    #[test]
    fn captions_must_name_paragraphs_of_the_document() {
        let doc = parse("+++\ntitle = \"T\"\ncaptions = [1]\n+++\nPhoto.\n\nText.\n").unwrap();
        assert_eq!(doc.meta.captions, [1]);
        for bad in ["0", "3"] {
            let err = parse(&format!(
                "+++\ntitle = \"T\"\ncaptions = [{bad}]\n+++\nPhoto.\n\nText.\n"
            ))
            .unwrap_err();
            assert!(
                err.to_string()
                    .contains(&format!("captions lists paragraph {bad}")),
                "{err}"
            );
        }
    }

    #[test]
    fn ids_must_be_simple() {
        let err = parse_document(Path::new("a b.md"), "a b", "+++\ntitle = \"T\"\n+++\nX.\n")
            .unwrap_err();
        assert!(err.to_string().contains("document id"), "{err}");
    }

    #[test]
    fn duplicate_ids_are_reported_with_both_files() {
        let mut ids = IdRegistry::default();
        ids.register("a", Path::new("a.md")).unwrap();
        let problem = ids.register("a", Path::new("a.txt")).unwrap_err();
        assert!(problem.message.contains("a.md"), "{problem}");
    }
}
