//! A file an operator sent, made into a corpus document: which files are text, the header the
//! bot writes for plain text, and the id it makes. Pure: bytes in, a draft or the exact
//! problem out. The name the file was sent under decides only its format, never a path.

use std::path::Path;

use crate::corpus::{self, Document};
use crate::language;

/// The largest file taken by default (`MOU_MAX_DOCUMENT_BYTES`).
pub const DEFAULT_MAX_BYTES: u64 = 1_000_000;

/// The most any setting may allow: the Bot API serves bots files of at most 20 MB.
pub const BOT_API_MAX_BYTES: u64 = 20_000_000;

/// What a document id made from a title may hold, at most (the corpus allows 64).
const MAX_ID_CHARS: usize = 64;

/// A file as it was sent.
#[derive(Debug, Clone, Copy)]
pub struct Upload<'a> {
    /// The name it was sent under.
    pub file_name: &'a str,
    /// The text sent with it: its title, and a link that becomes the document's `url`.
    pub caption: Option<&'a str>,
    pub bytes: &'a [u8],
}

/// The two kinds of file taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Text,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Text => "txt",
        }
    }
}

/// Why a file cannot be taken, before it is even checked as a document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UploadProblem {
    #[error("the file's name {0:?} holds a path; send it under a plain name such as article.txt")]
    PathInName(String),
    #[error(
        "{name:?} is not text or Markdown; send the text as a .txt file, or a .md file in the corpus format (a .docx or .pdf can be saved as plain text)"
    )]
    NotText { name: String },
    #[error(
        "the file is {size} bytes, over the limit of {limit} (MOU_MAX_DOCUMENT_BYTES); split it into several documents"
    )]
    TooLarge { size: u64, limit: u64 },
    #[error("the file is empty; send a file with the document's text")]
    Empty,
    #[error(
        "the file holds binary data (a NUL byte at byte {at}), not text; save it as plain UTF-8 text"
    )]
    Binary { at: usize },
    #[error("line {line}: not valid UTF-8; save the file as UTF-8")]
    NotUtf8 { line: usize },
    #[error("the document has no title; write it in the file's caption, or as its first line")]
    NoTitle,
}

/// A document ready to be checked against the corpus and added: its file's name and text.
#[derive(Debug, Clone)]
pub struct Draft {
    pub id: String,
    /// Its file's name in the corpus: the id and the format's extension.
    pub file_name: String,
    /// The file's whole text, header included.
    pub text: String,
    /// The document as the corpus reads it, or the problems that file has on its own (the
    /// checks against the rest of the corpus come later).
    pub parsed: Result<Document, Vec<corpus::Problem>>,
    /// Whether the bot wrote the header (from the caption and the first line).
    pub header_written: bool,
    /// The name it was sent under, which names it while its header cannot be read.
    pub sent_as: String,
}

impl Draft {
    /// The document's title, or while its header cannot be read, the name it was sent as.
    pub fn title(&self) -> &str {
        self.parsed
            .as_ref()
            .map_or(self.sent_as.as_str(), |d| d.meta.title.as_str())
    }
}

/// The format of a file sent as `name`, or why it is refused.
pub fn format_of(name: &str) -> Result<Format, UploadProblem> {
    let leaves_its_folder = name.contains(['/', '\\'])
        || name.starts_with('.')
        || name.contains("..")
        || name.chars().any(char::is_control);
    if leaves_its_folder {
        return Err(UploadProblem::PathInName(name.to_owned()));
    }
    let extension = Path::new(name)
        .extension()
        .and_then(|ext| ext.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("md" | "markdown") => Ok(Format::Markdown),
        Some("txt" | "text") => Ok(Format::Text),
        _ => Err(UploadProblem::NotText {
            name: name.to_owned(),
        }),
    }
}

/// Refuses a file over `limit` bytes, before it is downloaded.
pub fn check_size(size: u64, limit: u64) -> Result<(), UploadProblem> {
    if size > limit {
        return Err(UploadProblem::TooLarge { size, limit });
    }
    Ok(())
}

/// Makes `upload` a draft: a file with a `+++` header is taken as written; any other gets a
/// header from its caption (title and link) or first line, and its language as detected.
pub fn draft(upload: Upload<'_>, limit: u64) -> Result<Draft, UploadProblem> {
    let format = format_of(upload.file_name)?;
    check_size(upload.bytes.len() as u64, limit)?;
    if let Some(at) = upload.bytes.iter().position(|&b| b == 0) {
        return Err(UploadProblem::Binary { at });
    }
    let text = std::str::from_utf8(upload.bytes).map_err(|err| {
        let valid = &upload.bytes[..err.valid_up_to()];
        UploadProblem::NotUtf8 {
            line: valid.iter().filter(|&&b| b == b'\n').count() + 1,
        }
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text.replace("\r\n", "\n");
    if text.trim().is_empty() {
        return Err(UploadProblem::Empty);
    }
    let has_header = text.trim_start().starts_with("+++");
    // Until the header is read, the document is named after the file it was sent as.
    let sent_as = Path::new(upload.file_name)
        .file_stem()
        .map(|stem| id_from_title(&stem.to_string_lossy()))
        .unwrap_or_else(|| "document".to_owned());
    let (text, provisional_id) = if has_header {
        (text, sent_as)
    } else {
        header_for(&text, upload.caption)?
    };
    // Problems name the file after the provisional id, which stays the id while the header
    // cannot be read.
    let provisional_file = format!("{provisional_id}.{}", format.extension());
    let parsed = corpus::parse_document(Path::new(&provisional_file), &provisional_id, &text)
        .map(|mut document| {
            // A header's own `id` is the document's; otherwise its title makes it.
            if document.meta.id.is_none() {
                document.id = id_from_title(&document.meta.title);
            }
            document
        })
        .map_err(|err| err.problems);
    let id = match &parsed {
        Ok(document) => document.id.clone(),
        Err(_) => provisional_id,
    };
    let file_name = format!("{id}.{}", format.extension());
    Ok(Draft {
        id,
        file_name,
        text,
        parsed,
        header_written: !has_header,
        sent_as: upload.file_name.to_owned(),
    })
}

/// The file's text with a header written for it, and the id its title makes.
fn header_for(text: &str, caption: Option<&str>) -> Result<(String, String), UploadProblem> {
    let (caption_title, link) = split_caption(caption.unwrap_or_default());
    let (title, body) = match caption_title {
        Some(title) => (title, text.trim_start_matches('\n').to_owned()),
        None => {
            // The first line is the title, and leaves the body.
            let text = text.trim_start();
            let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
            let title = first.trim().trim_start_matches('#').trim().to_owned();
            (title, rest.trim_start_matches('\n').to_owned())
        }
    };
    if title.is_empty() {
        return Err(UploadProblem::NoTitle);
    }
    let sample: String = body.chars().take(4000).collect();
    let language = language::detect(&sample, None).code;
    // JSON's escaping of a string is valid TOML: quotes, backslashes and control characters
    // escaped, everything else as written.
    let quoted = |value: &str| serde_json::to_string(value).unwrap_or_else(|_| "\"\"".into());
    let mut header = format!("+++\ntitle = {}\n", quoted(&title));
    if let Some(link) = link {
        header.push_str(&format!("url = {}\n", quoted(link)));
    }
    header.push_str(&format!("language = {}\n+++\n\n", quoted(language)));
    let id = id_from_title(&title);
    Ok((header + &body, id))
}

/// A caption's title (its text without the link) and its first link.
fn split_caption(caption: &str) -> (Option<String>, Option<&str>) {
    let link = caption
        .split_whitespace()
        .find(|word| word.starts_with("https://") || word.starts_with("http://"));
    let title: Vec<&str> = caption
        .split_whitespace()
        .filter(|word| Some(*word) != link)
        .collect();
    let title = title.join(" ");
    ((!title.is_empty()).then_some(title), link)
}

/// A document id from a title: its words in Latin letters, lower case, joined by '-', at most
/// 64 characters ("Ўзбекистон ва АҚШ" → "uzbekiston-va-ak-sh").
pub fn id_from_title(title: &str) -> String {
    let slug = slug::slugify(title);
    let mut id = String::new();
    for word in slug.split('-').filter(|w| !w.is_empty()) {
        if id.len() + word.len() + 1 > MAX_ID_CHARS {
            break;
        }
        if !id.is_empty() {
            id.push('-');
        }
        id.push_str(word);
    }
    if id.is_empty() {
        // A title of symbols alone, or of one word longer than an id may be.
        id = slug.chars().take(MAX_ID_CHARS).collect();
    }
    if id.is_empty() {
        id = "document".to_owned();
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upload<'a>(name: &'a str, caption: Option<&'a str>, bytes: &'a [u8]) -> Upload<'a> {
        Upload {
            file_name: name,
            caption,
            bytes,
        }
    }

    #[test]
    fn only_text_and_markdown_under_a_plain_name_are_taken() {
        assert_eq!(format_of("a.md"), Ok(Format::Markdown));
        assert_eq!(format_of("A.TXT"), Ok(Format::Text));
        for name in ["report.docx", "scan.pdf", "notes", "photo.jpg"] {
            assert!(
                matches!(format_of(name), Err(UploadProblem::NotText { .. })),
                "{name}"
            );
        }
        for name in ["../x.md", "a/b.md", "..\\x.txt", ".hidden.md", "x\n.md"] {
            assert!(
                matches!(format_of(name), Err(UploadProblem::PathInName(_))),
                "{name}"
            );
        }
        let message = UploadProblem::NotText {
            name: "report.docx".into(),
        }
        .to_string();
        assert!(
            message.contains(".txt") && message.contains(".md"),
            "{message}"
        );
    }

    #[test]
    fn bad_bytes_are_named_exactly() {
        assert_eq!(
            draft(upload("a.txt", None, b""), 100).unwrap_err(),
            UploadProblem::Empty
        );
        assert_eq!(
            draft(upload("a.txt", None, b" \n\n "), 100).unwrap_err(),
            UploadProblem::Empty
        );
        assert_eq!(
            draft(upload("a.txt", None, b"Title\n\nab\0c"), 100).unwrap_err(),
            UploadProblem::Binary { at: 9 }
        );
        assert_eq!(
            draft(upload("a.txt", None, b"Title\n\nline two \xff"), 100).unwrap_err(),
            UploadProblem::NotUtf8 { line: 3 }
        );
        assert_eq!(
            draft(upload("a.txt", None, &[b'a'; 101]), 100).unwrap_err(),
            UploadProblem::TooLarge {
                size: 101,
                limit: 100
            }
        );
    }

    #[test]
    fn plain_text_gets_a_header_from_its_caption_or_first_line() {
        let body = "Uzbekistan will export copper.\n\nThe plant opens in 2026.";
        let text = format!("Copper exports\n\n{body}");
        let from_first_line = draft(upload("x.txt", None, text.as_bytes()), 10_000).unwrap();
        assert!(from_first_line.header_written);
        assert_eq!(from_first_line.id, "copper-exports");
        assert_eq!(from_first_line.file_name, "copper-exports.txt");
        let document = from_first_line.parsed.unwrap();
        assert_eq!(document.meta.title, "Copper exports");
        assert_eq!(document.meta.language.as_deref(), Some("en"));
        assert_eq!(document.paragraphs.len(), 2, "the title line left the body");

        let caption = "Mis eksporti https://example.org/mis";
        let uzbek = "O‘zbekiston mis eksport qiladi.\n\nZavod 2026-yilda ochiladi.";
        let from_caption = draft(upload("x.txt", Some(caption), uzbek.as_bytes()), 10_000).unwrap();
        let document = from_caption.parsed.unwrap();
        assert_eq!(document.meta.title, "Mis eksporti");
        assert_eq!(
            document.meta.url.as_deref(),
            Some("https://example.org/mis")
        );
        assert_eq!(document.paragraphs.len(), 2, "the first line stays");
        assert_eq!(from_caption.id, "mis-eksporti");

        // Quotes and backslashes in a title stay text, not header syntax.
        let tricky = "Say \"yes\" \\ no\n\nA paragraph.";
        let draft = draft(upload("x.md", None, tricky.as_bytes()), 10_000).unwrap();
        assert_eq!(draft.title(), "Say \"yes\" \\ no");
        assert_eq!(draft.file_name, "say-yes-no.md");
    }

    #[test]
    fn a_file_in_the_corpus_format_keeps_its_header_and_its_problems_have_lines() {
        let text = "+++\ntitle = \"Brief\"\nid = \"brief-1\"\nlanguage = \"english\"\n+++\n\nText.";
        let draft = draft(upload("whatever.md", None, text.as_bytes()), 10_000).unwrap();
        assert!(!draft.header_written);
        assert_eq!(
            draft.id, "whatever",
            "named after the file while its header is wrong"
        );
        let problems = draft.parsed.unwrap_err();
        assert_eq!(problems[0].line, Some(4), "{problems:?}");
        let text = "+++\ntitle = \"Brief\"\nid = \"brief-1\"\n+++\n\nText.";
        let draft = super::draft(upload("whatever.md", None, text.as_bytes()), 10_000).unwrap();
        assert_eq!(
            (draft.id.as_str(), draft.file_name.as_str()),
            ("brief-1", "brief-1.md")
        );
    }

    #[test]
    fn ids_are_slugs_in_latin_letters_within_the_corpus_limit() {
        for (title, start) in [
            ("Ўзбекистон ва АҚШ", "uzbekiston-va-"),
            ("Узбекистан и США", "uzbekistan-i-"),
            ("O‘zbekiston va AQSh", "o-zbekiston-va-"),
        ] {
            let id = id_from_title(title);
            assert!(id.starts_with(start), "{title}: {id}");
            let plain = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
            assert!(id.chars().all(plain), "{title}: {id}");
        }
        assert_eq!(id_from_title("!!!"), "document");
        let long = id_from_title(&"word ".repeat(40));
        assert!(long.len() <= 64 && !long.ends_with('-'), "{long}");
        let one_long_word = id_from_title(&"a".repeat(100));
        assert_eq!(one_long_word.len(), 64);
    }
}
