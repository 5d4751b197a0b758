//! Buttons under an answer, and the votes they carry: **More** (the next passage for the
//! question), **👍** and **👎** (a vote on the passage shown).
//!
//! A button's callback data fits Telegram's 64 bytes whatever the document id: a vote names
//! its passage by a 32-bit hash of the document id and the paragraph number ("v+:1a2b3c4d:3"),
//! which the bot resolves against the index it serves; a passage a reindex removed is no
//! longer found, and the press gets a polite answer instead of an error.
//!
//! Deep links (`t.me/<bot>?start=<payload>`) ask a question the same way: [`StartLink`].

pub use crate::search::doc_hash;

/// What a button press asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Press {
    /// The next passage of the answer `key` ([`crate::dialogue`]); when the answer asked an
    /// example question, which (language, number), so that it can be asked again once the
    /// key is forgotten. Data without a key (from before keys) is a press whose answer is
    /// forgotten.
    More {
        key: Option<u32>,
        example: Option<(String, usize)>,
    },
    /// Ask the example question number `index` offered in the language with code `lang`.
    Example { lang: String, index: usize },
    /// A vote on a passage.
    Vote {
        up: bool,
        doc_hash: u32,
        paragraph: u32,
    },
    /// An operator's button for the documents (`/docs`, a sent file's preview).
    Document(DocumentPress),
}

/// The buttons of document management: a draft is named by the token it is kept under, a
/// document of the corpus by its id's hash ([`doc_hash`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentPress {
    /// Add (or replace with) the draft previewed.
    Add(u32),
    /// Drop the draft previewed.
    Cancel(u32),
    /// Show a document of the list.
    Show(u32),
    /// Ask to remove a document.
    Remove(u32),
    /// Remove it: the confirmation.
    ConfirmRemove(u32),
    /// Keep it after all.
    Keep,
}

impl Press {
    /// The callback data for this press (at most 64 bytes).
    pub fn encode(&self) -> String {
        match self {
            Press::More { key, example } => {
                let mut data = "more".to_owned();
                if let Some(key) = key {
                    data.push_str(&format!(":{key}"));
                    if let Some((lang, index)) = example {
                        data.push_str(&format!(":{lang}:{index}"));
                    }
                }
                data
            }
            Press::Example { lang, index } => format!("ex:{lang}:{index}"),
            Press::Vote {
                up,
                doc_hash,
                paragraph,
            } => format!(
                "v{}:{doc_hash:08x}:{paragraph}",
                if *up { '+' } else { '-' }
            ),
            Press::Document(press) => match press {
                DocumentPress::Add(token) => format!("d:add:{token:08x}"),
                DocumentPress::Cancel(token) => format!("d:no:{token:08x}"),
                DocumentPress::Show(hash) => format!("d:show:{hash:08x}"),
                DocumentPress::Remove(hash) => format!("d:rm:{hash:08x}"),
                DocumentPress::ConfirmRemove(hash) => format!("d:rm!:{hash:08x}"),
                DocumentPress::Keep => "d:keep".to_owned(),
            },
        }
    }

    /// The press a button's callback data stands for; `None` for data of no button of ours.
    pub fn decode(data: &str) -> Option<Press> {
        if let Some(rest) = data.strip_prefix("d:") {
            if rest == "keep" {
                return Some(Press::Document(DocumentPress::Keep));
            }
            let (verb, number) = rest.split_once(':')?;
            let number = u32::from_str_radix(number, 16).ok()?;
            let press = match verb {
                "add" => DocumentPress::Add(number),
                "no" => DocumentPress::Cancel(number),
                "show" => DocumentPress::Show(number),
                "rm" => DocumentPress::Remove(number),
                "rm!" => DocumentPress::ConfirmRemove(number),
                _ => return None,
            };
            return Some(Press::Document(press));
        }
        if data == "more" {
            return Some(Press::More {
                key: None,
                example: None,
            });
        }
        if let Some(rest) = data.strip_prefix("more:") {
            let mut parts = rest.split(':');
            let key = parts.next()?.parse().ok()?;
            let example = match (parts.next(), parts.next()) {
                (Some(lang), Some(index))
                    if lang.len() == 2 && lang.bytes().all(|b| b.is_ascii_lowercase()) =>
                {
                    Some((lang.to_owned(), index.parse().ok()?))
                }
                (None, None) => None,
                _ => return None,
            };
            return parts.next().is_none().then_some(Press::More {
                key: Some(key),
                example,
            });
        }
        if let Some(rest) = data.strip_prefix("ex:") {
            let (lang, index) = rest.split_once(':')?;
            return (lang.len() == 2 && lang.bytes().all(|b| b.is_ascii_lowercase())).then(
                || {
                    index.parse().ok().map(|index| Press::Example {
                        lang: lang.to_owned(),
                        index,
                    })
                },
            )?;
        }
        let rest = data.strip_prefix('v')?;
        let up = match rest.chars().next()? {
            '+' => true,
            '-' => false,
            _ => return None,
        };
        let (hash, paragraph) = rest.get(2..)?.split_once(':')?;
        Some(Press::Vote {
            up,
            doc_hash: u32::from_str_radix(hash, 16).ok()?,
            paragraph: paragraph.parse().ok()?,
        })
    }
}

/// What a deep link's payload asks (Telegram allows `A-Z a-z 0-9 _ -`, up to 64 characters):
/// `en-2` the second example question offered in English (as the buttons under /start), and
/// words joined by `_` a question of its own (`who_signed_the_memorandum`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartLink {
    Example { lang: String, index: usize },
    Question(String),
}

impl StartLink {
    /// The link's question, or `None` for an empty or malformed payload.
    pub fn parse(payload: &str) -> Option<StartLink> {
        let payload = payload.trim();
        if payload.is_empty()
            || payload.len() > 64
            || !payload
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return None;
        }
        if let Some((lang, number)) = payload.split_once('-')
            && lang.len() == 2
            && lang.bytes().all(|b| b.is_ascii_alphabetic())
            && let Ok(number @ 1..) = number.parse::<usize>()
        {
            // Links are typed and shared by people: "EN-1" is "en-1".
            return Some(StartLink::Example {
                lang: lang.to_ascii_lowercase(),
                index: number - 1,
            });
        }
        let words: Vec<&str> = payload
            .split(['_', '-'])
            .filter(|w| !w.is_empty())
            .collect();
        (!words.is_empty()).then(|| StartLink::Question(words.join(" ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presses_survive_their_callback_data_within_64_bytes() {
        let long_id = "x".repeat(64);
        for press in [
            Press::More {
                key: None,
                example: None,
            },
            Press::More {
                key: Some(u32::MAX),
                example: None,
            },
            Press::More {
                key: Some(7),
                example: Some(("ru".into(), 2)),
            },
            Press::Example {
                lang: "uz".into(),
                index: 2,
            },
            Press::Vote {
                up: true,
                doc_hash: doc_hash(&long_id),
                paragraph: u32::MAX,
            },
            Press::Vote {
                up: false,
                doc_hash: 0,
                paragraph: 3,
            },
            Press::Document(DocumentPress::Add(u32::MAX)),
            Press::Document(DocumentPress::Cancel(0)),
            Press::Document(DocumentPress::Show(doc_hash(&long_id))),
            Press::Document(DocumentPress::Remove(7)),
            Press::Document(DocumentPress::ConfirmRemove(7)),
            Press::Document(DocumentPress::Keep),
        ] {
            let data = press.encode();
            assert!(data.len() <= 64, "{data}");
            assert_eq!(Press::decode(&data), Some(press));
        }
    }

    #[test]
    fn data_of_no_button_of_ours_is_nothing() {
        for data in [
            "",
            "v",
            "v+",
            "v*:00:1",
            "v+:zz:1",
            "v+:00:x",
            "more please",
            "more:",
            "more:x",
            "more:1:EN:2",
            "more:1:en",
            "more:1:en:2:3",
            "d:",
            "d:add",
            "d:add:zz",
            "d:drop:00000001",
        ] {
            assert_eq!(Press::decode(data), None, "{data}");
        }
    }

    #[test]
    fn deep_links_name_an_example_or_spell_a_question() {
        assert_eq!(
            StartLink::parse("en-2"),
            Some(StartLink::Example {
                lang: "en".into(),
                index: 1
            })
        );
        // People type and share links in capitals.
        assert_eq!(
            StartLink::parse("EN-1"),
            Some(StartLink::Example {
                lang: "en".into(),
                index: 0
            })
        );
        assert_eq!(
            StartLink::parse("who_signed_the_memorandum"),
            Some(StartLink::Question("who signed the memorandum".into()))
        );
        // Example numbers start at 1; "en-0" is read as words.
        assert_eq!(
            StartLink::parse("en-0"),
            Some(StartLink::Question("en 0".into()))
        );
        for nothing in ["", " ", "__", "a b", "что?", &"x".repeat(65)] {
            assert_eq!(StartLink::parse(nothing), None, "{nothing}");
        }
    }

    #[test]
    fn the_hash_tells_document_ids_apart() {
        assert_ne!(doc_hash("a"), doc_hash("b"));
        assert_eq!(doc_hash("doc"), doc_hash("doc"));
    }
}
