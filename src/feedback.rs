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
        }
    }

    /// The press a button's callback data stands for; `None` for data of no button of ours.
    pub fn decode(data: &str) -> Option<Press> {
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
