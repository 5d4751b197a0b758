//! The paragraphs' text, in a file of its own beside the Tantivy index: one record per
//! paragraph (its document's place in the build's document list, its number, its text, its
//! sentences, its words), which two fast fields of the paragraph's Tantivy document locate. An
//! answer reads three paragraphs; from the memory-mapped file each is a slice, where Tantivy's
//! document store copied and parsed a whole 4 KiB block for each.
//!
//! A record also holds the paragraph's words as the build read them: where each stands in the
//! text and the id of its stem, in a dictionary of stems at the file's end. Reading a
//! paragraph against a question is then comparing numbers; splitting it into words and stemming
//! them again for every question was most of what an answer added to the search. Its sentences
//! are there for the same reason.
//!
//! The dictionary also says how many paragraphs hold each stem: the stemmed field's document
//! frequency, since a build's paragraphs are exactly its Tantivy documents. A question's words
//! are looked up there once, for their id and their rarity together (and, to tell its
//! language, in each language). The dictionary is a hash table of the stems' 64-bit hashes,
//! half full: a lookup reads one or two slots, where a finite-state transducer of the stems
//! read a node per byte of the stem, scattered over megabytes, and Tantivy's term dictionary
//! also took a lock and decoded a block of term infos. Two stems of one hash would read as
//! each other; at a million stems the odds of a lookup meeting such a pair are below one in
//! ten trillion.
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
use fnv::FnvHashMap;
use tantivy::columnar::Column;
use tantivy::directory::{Directory, MmapDirectory, OwnedBytes};
use tantivy::{DocAddress, Searcher};

use crate::language::{Language, WordStemmer};

/// Names of paragraph files start so, and end in [`SUFFIX`].
const PREFIX: &str = "paragraphs-";
const SUFFIX: &str = ".bin";

/// A record's head: the document's place, the paragraph's number and its text's length in
/// bytes, as three little-endian u32.
const HEAD_BYTES: usize = 12;

/// The file's last bytes: where the stem dictionary starts, as a little-endian u64.
const TAIL_BYTES: usize = 8;

/// A slot of the stem dictionary: the stem's hash ([`stem_hash`]; 0 for an empty slot) and
/// its [`StemEntry`], packed, as two little-endian u64.
const SLOT_BYTES: usize = 16;

/// Words a build remembers the stem of, per language, before it starts over: a few tens of
/// megabytes, more than the distinct words of most corpora.
const MAX_KNOWN_WORDS: usize = 500_000;

/// The fast fields that hold where a paragraph's record starts and ends in the file.
pub(crate) const START_FIELD: &str = "record_start";
pub(crate) const END_FIELD: &str = "record_end";

/// Writes the paragraph file of one build.
pub(crate) struct ParagraphWriter {
    name: String,
    path: PathBuf,
    file: BufWriter<File>,
    written: u64,
    /// Per language (by [`crate::language::position`]), the stems and words seen.
    vocabularies: Vec<Vocabulary>,
    /// How many stem ids have been given out.
    stem_count: u32,
    /// Per stem id: how many paragraphs hold the stem, and the last paragraph that did (counted
    /// from 1), so a paragraph counts once however often it says the word.
    paragraph_counts: Vec<(u32, u32)>,
    /// Paragraphs appended so far.
    paragraphs: u32,
    /// The record being written: its sentences and its words, encoded.
    sentences: Vec<u8>,
    words: Vec<u8>,
}

/// One language's stems and words seen by a build.
#[derive(Default)]
struct Vocabulary {
    /// Each stem and its id.
    stems: FnvHashMap<String, u32>,
    /// Words already read and their stem's id: each word of a build is stemmed once (up to
    /// [`MAX_KNOWN_WORDS`]), not once per time it occurs.
    known: FnvHashMap<String, u32>,
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
            vocabularies: Vec::new(),
            stem_count: 0,
            paragraph_counts: Vec::new(),
            paragraphs: 0,
            sentences: Vec::new(),
            words: Vec::new(),
        })
    }

    /// The file's name, for the commit's payload.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Appends paragraph `number` of the document at `document` in the build's list, with its
    /// words as `language` reads them ([`Language::with_analyzers`]); returns where its record
    /// stands, for the fast fields.
    pub(crate) fn append(
        &mut self,
        document: u32,
        number: u32,
        text: &str,
        language: &'static Language,
    ) -> anyhow::Result<Range<u64>> {
        let position = crate::language::position(language);
        if self.vocabularies.len() <= position {
            self.vocabularies
                .resize_with(position + 1, Vocabulary::default);
        }
        let Vocabulary { stems, known } = &mut self.vocabularies[position];
        let stem_count = &mut self.stem_count;
        self.paragraphs = self.paragraphs.saturating_add(1);
        let (paragraph, counts) = (self.paragraphs, &mut self.paragraph_counts);
        let mut count = move |id: u32| {
            if counts.len() <= id as usize {
                counts.resize(id as usize + 1, (0, 0));
            }
            let (held_by, last) = &mut counts[id as usize];
            if *last != paragraph {
                *held_by += 1;
                *last = paragraph;
            }
            id
        };
        let mut too_many = false;
        read_words(&mut self.words, text, language, |word, stemmer| {
            if let Some(&id) = known.get(word) {
                return count(id);
            }
            let stem = stemmer.stem(word);
            let id = match stems.get(stem) {
                Some(&id) => id,
                None => {
                    let id = *stem_count;
                    *stem_count = id.saturating_add(1);
                    too_many |= id == u32::MAX;
                    stems.insert(stem.to_owned(), id);
                    id
                }
            };
            if known.len() >= MAX_KNOWN_WORDS {
                known.clear();
            }
            known.insert(word.to_owned(), id);
            count(id)
        });
        anyhow::ensure!(!too_many, "too many different words to index");
        let text_len = u32::try_from(text.len()).context("a paragraph of over 4 GiB")?;
        let start = self.written;
        self.file.write_all(&document.to_le_bytes())?;
        self.file.write_all(&number.to_le_bytes())?;
        self.file.write_all(&text_len.to_le_bytes())?;
        self.sentences.clear();
        encode_sentences(&mut self.sentences, text);
        self.file.write_all(text.as_bytes())?;
        self.file.write_all(&self.sentences)?;
        self.file.write_all(&self.words)?;
        self.written += (HEAD_BYTES + text.len() + self.sentences.len() + self.words.len()) as u64;
        Ok(start..self.written)
    }

    /// Writes the stem dictionary and everything out to disk: before the commit that names
    /// the file.
    pub(crate) fn finish(mut self) -> anyhow::Result<()> {
        let mut stems: Vec<(u64, u64)> = Vec::with_capacity(self.stem_count as usize);
        for (language, vocabulary) in self.vocabularies.iter().enumerate() {
            stems.extend(vocabulary.stems.iter().map(|(stem, &id)| {
                let held_by = self.paragraph_counts.get(id as usize).map_or(0, |c| c.0);
                let entry = StemEntry { id, held_by };
                (stem_hash(language, stem), entry.pack())
            }));
        }
        let dictionary = stem_table(&stems);
        let write = |file: &mut BufWriter<File>| -> std::io::Result<()> {
            file.write_all(&dictionary)?;
            file.write_all(&self.written.to_le_bytes())
        };
        write(&mut self.file).with_context(|| format!("cannot write {}", self.path.display()))?;
        let file = self
            .file
            .into_inner()
            .map_err(|err| err.into_error())
            .with_context(|| format!("cannot write {}", self.path.display()))?;
        file.sync_all()
            .with_context(|| format!("cannot write {}", self.path.display()))
    }

    /// Removes the file: the build it was for did not commit.
    pub(crate) fn discard(self) {
        drop(self.file);
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Removes the paragraph files in `index_dir` but `keep`: older builds'. Best effort: one left
/// behind costs disk only, and the next build tries again.
pub(crate) fn remove_others(index_dir: &Path, keep: &str) {
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

/// A stem's hash in the dictionary: FNV-1a over its language's position and its bytes, mixed
/// as SplitMix64 finishes (so that its low bits, which pick the slot, depend on every byte);
/// never 0, which marks an empty slot. Fixed here, not taken from a library, since the file
/// outlives the build that wrote it.
fn stem_hash(language: usize, stem: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in std::iter::once(&(language as u8)).chain(stem.as_bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash ^= hash >> 30;
    hash = hash.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    hash ^= hash >> 27;
    hash = hash.wrapping_mul(0x94d0_49bb_1331_11eb);
    hash ^= hash >> 31;
    hash.max(1)
}

/// The stem dictionary's bytes: `stems` (hash, packed entry) in a table of a power of two
/// slots, at most half of them used, each stem in the first free slot from the one its hash
/// picks.
fn stem_table(stems: &[(u64, u64)]) -> Vec<u8> {
    let slots = (stems.len() * 2).max(1).next_power_of_two();
    let mut table = vec![(0u64, 0u64); slots];
    for &(hash, value) in stems {
        let mut at = hash as usize & (slots - 1);
        while table[at].0 != 0 {
            at = (at + 1) & (slots - 1);
        }
        table[at] = (hash, value);
    }
    let mut bytes = Vec::with_capacity(slots * SLOT_BYTES);
    for (hash, value) in table {
        bytes.extend_from_slice(&hash.to_le_bytes());
        bytes.extend_from_slice(&value.to_le_bytes());
    }
    bytes
}

/// The value of the stem of hash `hash` in `table` (from [`stem_table`]; its length a power
/// of two slots), if it holds it.
fn look_up(table: &[u8], hash: u64) -> Option<u64> {
    let slots = table.len() / SLOT_BYTES;
    let u64_at = |at: usize| {
        let bytes: [u8; 8] = table.get(at..at + 8)?.try_into().ok()?;
        Some(u64::from_le_bytes(bytes))
    };
    let mut slot = hash as usize & slots.checked_sub(1)?;
    // A table at most half full has a free slot after every run; a damaged one is given up
    // on after one round.
    for _ in 0..slots {
        match u64_at(slot * SLOT_BYTES)? {
            0 => return None,
            found if found == hash => return u64_at(slot * SLOT_BYTES + 8),
            _ => slot = (slot + 1) & (slots - 1),
        }
    }
    None
}

/// What the stem dictionary says of a stem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StemEntry {
    /// Its id in the records' words ([`Words`]).
    pub id: u32,
    /// How many paragraphs hold it: its document frequency in the stemmed field.
    pub held_by: u32,
}

impl StemEntry {
    /// The dictionary's value: paragraphs high, id low.
    fn pack(self) -> u64 {
        (u64::from(self.held_by) << 32) | u64::from(self.id)
    }

    fn unpack(value: u64) -> StemEntry {
        StemEntry {
            id: value as u32,
            held_by: (value >> 32) as u32,
        }
    }
}

/// Appends `n` to `out` as a LEB128 number: seven bits a byte, low bits first.
fn push_number(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Reads a LEB128 number off the front of `bytes`; `None` at the end or on a malformed one.
fn next_number(bytes: &mut &[u8]) -> Option<u64> {
    // Most numbers (gaps, lengths) are one byte.
    if let Some((&byte, rest)) = bytes.split_first()
        && byte < 0x80
    {
        *bytes = rest;
        return Some(u64::from(byte));
    }
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let (&byte, rest) = bytes.split_first()?;
        *bytes = rest;
        n |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Some(n);
        }
    }
    None
}

/// Appends a word to `out`: the gap since the previous word's end, its length and its stem id
/// (one byte for most gaps and lengths, two or three for most ids).
fn encode_word(out: &mut Vec<u8>, last_end: usize, offsets: &Range<usize>, id: u32) {
    push_number(out, (offsets.start - last_end) as u64);
    push_number(out, offsets.len() as u64);
    push_number(out, u64::from(id));
}

/// Appends `text`'s sentences ([`crate::paragraphs::sentences`]) to `out`: how many, then each
/// one's gap since the previous one's end and its length.
fn encode_sentences(out: &mut Vec<u8>, text: &str) {
    let sentences = crate::paragraphs::sentences(text);
    push_number(out, sentences.len() as u64);
    let mut last_end = 0;
    for sentence in sentences {
        push_number(out, (sentence.start - last_end) as u64);
        push_number(out, sentence.len() as u64);
        last_end = sentence.end;
    }
}

/// Reads what [`encode_sentences`] wrote off the front of `bytes`.
fn decode_sentences(bytes: &mut &[u8]) -> Option<Vec<Range<usize>>> {
    let count = usize::try_from(next_number(bytes)?).ok()?;
    // Each sentence takes two bytes at least: a damaged count cannot ask for more.
    let mut sentences = Vec::with_capacity(count.min(bytes.len() / 2));
    let mut last_end = 0usize;
    for _ in 0..count {
        let start = last_end.checked_add(usize::try_from(next_number(bytes)?).ok()?)?;
        let end = start.checked_add(usize::try_from(next_number(bytes)?).ok()?)?;
        sentences.push(start..end);
        last_end = end;
    }
    Some(sentences)
}

/// Reads `text`'s words in `language` as the index does (the plain analyzer's words, stemmed:
/// the stemmed field's tokens) into `out`, replacing what it held, each with the id `id_of`
/// gives its stem (`id_of` has the word, and the stemmer to stem it with).
fn read_words(
    out: &mut Vec<u8>,
    text: &str,
    language: &'static Language,
    mut id_of: impl FnMut(&str, &mut WordStemmer) -> u32,
) {
    out.clear();
    let mut last_end = 0;
    language.with_analyzers(|plain, stemmer| {
        plain.each(text, |word, offsets| {
            encode_word(out, last_end, &offsets, id_of(word, stemmer));
            last_end = offsets.end;
        });
    });
}

/// A paragraph's words as its record holds them ([`ParagraphWriter::append`]), encoded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Words(Vec<u8>);

impl Words {
    /// `text`'s words as a build would store them, with the stem ids `id_of` gives (for tests
    /// of what reads them).
    pub fn read(
        text: &str,
        language: &'static Language,
        mut id_of: impl FnMut(&str) -> u32,
    ) -> Words {
        let mut out = Vec::new();
        read_words(&mut out, text, language, |word, stemmer| {
            id_of(stemmer.stem(word))
        });
        Words(out)
    }

    /// Each word's place in the paragraph's text and its stem id, in order. Decoding stops at
    /// the first malformed number (the record was checked when read, so only a damaged file
    /// has one).
    pub fn iter(&self) -> impl Iterator<Item = (Range<usize>, u32)> + '_ {
        let mut bytes = self.0.as_slice();
        let mut number = move || next_number(&mut bytes);
        let mut last_end = 0usize;
        std::iter::from_fn(move || {
            let start = last_end.checked_add(usize::try_from(number()?).ok()?)?;
            let end = start.checked_add(usize::try_from(number()?).ok()?)?;
            let id = u32::try_from(number()?).ok()?;
            last_end = end;
            Some((start..end, id))
        })
    }
}

/// A paragraph as its record gives it.
pub(crate) struct Record<'a> {
    /// Place of its document in the build's document list.
    pub document: usize,
    pub number: u32,
    pub text: &'a str,
    /// Byte ranges of its sentences in `text` ([`crate::paragraphs::sentences`]).
    pub sentences: Vec<Range<usize>>,
    /// Its words, encoded ([`Words`]).
    pub words: &'a [u8],
}

impl Record<'_> {
    /// Its words, copied out of the file.
    pub(crate) fn to_words(&self) -> Words {
        Words(self.words.to_vec())
    }
}

/// One build's paragraph file, mapped, with the fast fields that locate its records in each
/// segment of one searcher.
pub(crate) struct ParagraphFile {
    bytes: OwnedBytes,
    /// Per segment, in the searcher's order: where each document's record starts and ends.
    columns: Vec<(Column<u64>, Column<u64>)>,
    /// The stem dictionary ([`stem_table`]).
    stems: OwnedBytes,
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
        let damaged =
            || format!("the index's paragraph file {name} is damaged — run `mou-bot reindex`");
        let records_end = bytes
            .len()
            .checked_sub(TAIL_BYTES)
            .and_then(|at| {
                let tail: [u8; TAIL_BYTES] = bytes.as_slice()[at..].try_into().ok()?;
                usize::try_from(u64::from_le_bytes(tail)).ok()
            })
            .filter(|&end| end <= bytes.len() - TAIL_BYTES)
            .with_context(damaged)?;
        let stems = bytes.slice(records_end..bytes.len() - TAIL_BYTES);
        anyhow::ensure!(
            stems.len() % SLOT_BYTES == 0 && (stems.len() / SLOT_BYTES).is_power_of_two(),
            damaged()
        );
        Ok(ParagraphFile {
            bytes,
            columns,
            stems,
        })
    }

    /// What the dictionary says of `stem` of `language` (by [`crate::language::position`]):
    /// `None` when no paragraph holds it.
    pub fn stem(&self, language: usize, stem: &str) -> Option<StemEntry> {
        look_up(self.stems.as_slice(), stem_hash(language, stem)).map(StemEntry::unpack)
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
        let (head, rest) = record.split_at(HEAD_BYTES);
        let u32_at =
            |at: usize| u32::from_le_bytes([head[at], head[at + 1], head[at + 2], head[at + 3]]);
        let (text, mut layout) = rest
            .split_at_checked(u32_at(8) as usize)
            .with_context(damaged)?;
        let sentences = decode_sentences(&mut layout).with_context(damaged)?;
        let text = std::str::from_utf8(text).ok().with_context(damaged)?;
        // Every sentence must fall inside the text, between its characters: the answer path
        // slices the text with them. (Words are checked where they are read against a
        // question: `search::passage::marks`.)
        let inside = |range: &Range<usize>| {
            range.start <= range.end
                && range.end <= text.len()
                && text.is_char_boundary(range.start)
                && text.is_char_boundary(range.end)
        };
        anyhow::ensure!(sentences.iter().all(inside), damaged());
        Ok(Record {
            document: u32_at(0) as usize,
            number: u32_at(4),
            text,
            sentences,
            words: layout,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words a record holds are the stemmed field's tokens: the same places, the same stems.
    #[test]
    fn a_paragraphs_words_are_its_indexed_tokens() {
        use tantivy::tokenizer::TokenStream;
        let article = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/article/uzbekistan-us-critical-minerals-mou.md"
        ))
        .unwrap();
        let mut texts: Vec<String> = article
            .split("\n\n")
            .skip(1)
            .map(crate::paragraphs::normalize_whitespace)
            .collect();
        assert!(texts.len() > 5);
        texts.push("Dying skies, U.S. news: O'Brien's “café” 2024-09-26; Ўзбекистон лития".into());
        for language in crate::language::ALL {
            let mut analyzer = language.analyzer();
            for text in &texts {
                let mut tokens: Vec<(Range<usize>, String)> = Vec::new();
                let mut stream = analyzer.token_stream(text);
                while stream.advance() {
                    let token = stream.token();
                    tokens.push((token.offset_from..token.offset_to, token.text.clone()));
                }
                let mut stems: Vec<String> = Vec::new();
                let words = Words::read(text, language, |stem| {
                    stems.push(stem.to_owned());
                    stems.len() as u32 - 1
                });
                let read: Vec<(Range<usize>, String)> = words
                    .iter()
                    .map(|(offsets, id)| (offsets, stems[id as usize].clone()))
                    .collect();
                assert_eq!(read, tokens, "{} {text:?}", language.code);
            }
        }
    }

    #[test]
    fn the_stem_table_finds_every_stem_it_holds_and_no_other() {
        let stems: Vec<(u64, u64)> = (0..1000u32)
            .map(|n| {
                (
                    stem_hash(n as usize % 3, &format!("stem{n}")),
                    u64::from(n) * 7,
                )
            })
            .collect();
        let table = stem_table(&stems);
        assert_eq!(table.len() / SLOT_BYTES, 2048);
        for &(hash, value) in &stems {
            assert_eq!(look_up(&table, hash), Some(value));
        }
        assert_eq!(
            look_up(&table, stem_hash(0, "stem1")),
            None,
            "stem1 is language 1's"
        );
        assert_eq!(look_up(&table, stem_hash(1, "absent")), None);
        // Hashes that all pick one slot go to the next free ones, and are found there.
        let crowded: Vec<(u64, u64)> = (1..=8u64).map(|n| (n << 32, n)).collect();
        let table = stem_table(&crowded);
        for &(hash, value) in &crowded {
            assert_eq!(look_up(&table, hash), Some(value));
        }
        assert_eq!(look_up(&table, 9 << 32), None);
        // No stems: one empty slot. A damaged table of no slots finds nothing.
        assert_eq!(look_up(&stem_table(&[]), stem_hash(0, "a")), None);
        assert_eq!(look_up(&[], 5), None);
        // A damaged table with no free slot is given up on.
        let full: Vec<u8> = [7u64, 1, 9, 2]
            .iter()
            .flat_map(|n| n.to_le_bytes())
            .collect();
        assert_eq!(look_up(&full, 5), None);
        assert_eq!(look_up(&full, 9), Some(2));
    }

    #[test]
    fn sentences_decode_as_they_were_encoded() {
        let text = "The MoU was signed. U.S. Ambassador J. Henick spoke! Was it 2024? Yes.";
        let mut encoded = Vec::new();
        encode_sentences(&mut encoded, text);
        encoded.extend_from_slice(b"words");
        let mut bytes = encoded.as_slice();
        let sentences = decode_sentences(&mut bytes).unwrap();
        assert_eq!(sentences, crate::paragraphs::sentences(text));
        assert_eq!(sentences.len(), 4);
        assert_eq!(bytes, b"words");
        // A damaged count asks for sentences that are not there.
        assert_eq!(decode_sentences(&mut [0x85, 0x01].as_slice()), None);
    }

    #[test]
    fn words_decode_as_they_were_encoded() {
        let words = [(0..3, 0), (4..9, 200), (300..302, 70_000), (302..1302, 5)];
        let mut encoded = Vec::new();
        let mut last_end = 0;
        for (offsets, id) in &words {
            encode_word(&mut encoded, last_end, offsets, *id);
            last_end = offsets.end;
        }
        let decoded: Vec<_> = Words(encoded.clone()).iter().collect();
        assert_eq!(decoded, words);
        // A damaged end stops the words there, without a panic.
        encoded.push(0x80);
        assert_eq!(Words(encoded).iter().count(), words.len());
    }
}
