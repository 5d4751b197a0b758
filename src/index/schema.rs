//! The index's schema: its fields (a paragraph's document and number, where its record is in
//! the paragraph file, and per language a stemmed and a plain text field), the analyzers those
//! fields are tokenized with, and the format number an index of this schema carries.

use tantivy::Index;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions,
};

use super::paragraph_file;
use crate::language;

/// Bumped whenever the schema, the analysis or the storage changes: an index of another format
/// is rebuilt. (5: paragraphs stored uncompressed; 6: in a paragraph file of their own; 7: with
/// their words; 8: and their sentences; 9: its stem dictionary with each stem's paragraphs;
/// 10: that dictionary a hash table; 11: Uzbek endings taken off in their grammatical order.)
pub const INDEX_FORMAT: u32 = 11;

/// How many languages the index has fields for.
pub(super) const LANGUAGES: usize = language::ALL.len();

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

pub(super) fn schema() -> (Schema, Fields) {
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

pub(super) fn register_analyzer(index: &Index) {
    for language in language::ALL {
        let tokenizers = index.tokenizers();
        tokenizers.register(&language.analyzer_name(), language.analyzer());
        tokenizers.register(&language.plain_analyzer_name(), language.plain_analyzer());
    }
}
