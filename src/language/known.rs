//! The languages the project has: every definition, the default, and finding one by its code,
//! a document's header or a Telegram interface language.

use super::definition::Language;
use super::{english, russian, uzbek};

/// Every language the project has a definition for. The index has a field per language, in
/// this order.
pub const ALL: [&Language; 3] = [&english::ENGLISH, &russian::RUSSIAN, &uzbek::UZBEK];

/// The language of documents whose header names none.
pub const DEFAULT: &Language = &english::ENGLISH;

/// English, Russian and Uzbek, as the bot's interface names them ([`Language::pick`]).
pub const EN: &Language = &english::ENGLISH;
pub const RU: &Language = &russian::RUSSIAN;
pub const UZ: &Language = &uzbek::UZBEK;

/// The language an ISO 639-1 code or an IETF tag names ("ru", "uz-UZ", "EN"), if the project
/// has it.
pub(crate) fn by_tag(tag: &str) -> Option<&'static Language> {
    let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
    by_code(&primary)
}

/// The language to speak to someone whose Telegram interface language is `tag`: English when
/// it is none the bot speaks.
pub(crate) fn for_interface(tag: Option<&str>) -> &'static Language {
    tag.and_then(by_tag).unwrap_or(DEFAULT)
}

/// Where `language` is in [`ALL`].
pub fn position(language: &Language) -> usize {
    ALL.iter()
        .position(|known| known.code == language.code)
        .unwrap_or(0)
}

/// The language a document is analysed in: the one its header names, when the project has a
/// definition for it, else the default.
pub(crate) fn of_document(code: Option<&str>) -> &'static Language {
    code.and_then(by_code).unwrap_or(DEFAULT)
}

/// The definition for an ISO 639-1 code, when the project has one.
pub(crate) fn by_code(code: &str) -> Option<&'static Language> {
    ALL.iter().copied().find(|language| language.code == code)
}
