//! Synonyms: the operator-editable groups of words and phrases that mean the same thing here.
//!
//! `corpus/synonyms.toml` ([`crate::corpus::SYNONYMS_FILE`]) holds
//! `groups = [["United States", "U.S.", "USA", "America"], …]`.
//! When a question contains any member of a group, the search also looks for the other members
//! (a phrase for a member of several words), weighted below the words the user typed. The file
//! is read by `reindex` and travels inside the index, so an edit takes effect with the next
//! reindex, as corpus edits do.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::corpus::Problem;

/// Groups of interchangeable words and phrases, as written by the operator: `groups` for
/// questions in the default language (English), and `[language.ru]`, `[language.uz]` …
/// tables with `groups` of their own for questions in other languages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Synonyms {
    #[serde(default)]
    pub groups: Vec<Vec<String>>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub language: BTreeMap<String, LanguageGroups>,
}

/// The groups for questions in one language other than the default, and its glossary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageGroups {
    #[serde(default)]
    pub groups: Vec<Vec<String>>,
    /// Words and phrases of the language with their English: a question in it is read through
    /// them to search documents that exist in English only.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub glossary: BTreeMap<String, String>,
}

impl Synonyms {
    /// The glossary from the language with `code` into English.
    pub fn glossary_for(&self, code: &str) -> Option<&BTreeMap<String, String>> {
        self.language
            .get(code)
            .map(|l| &l.glossary)
            .filter(|g| !g.is_empty())
    }

    /// The groups for questions in the language with `code`; `default_code` is the language
    /// the top-level groups are for.
    pub fn groups_for(&self, code: &str, default_code: &str) -> &[Vec<String>] {
        if code == default_code {
            &self.groups
        } else {
            self.language.get(code).map_or(&[], |l| l.groups.as_slice())
        }
    }
}

impl Synonyms {
    /// Reads and checks a synonyms file.
    pub fn load(path: &Path) -> Result<Synonyms, Problem> {
        let problem = |line: Option<usize>, message: String| Problem {
            path: path.to_owned(),
            line,
            message,
        };
        let text = std::fs::read_to_string(path)
            .map_err(|err| problem(None, format!("cannot read the synonyms file: {err}")))?;
        Synonyms::parse(&text).map_err(|(line, message)| problem(line, message))
    }

    /// Parses the text of a synonyms file; an error carries its line.
    pub fn parse(text: &str) -> Result<Synonyms, (Option<usize>, String)> {
        let synonyms: Synonyms = toml::from_str(text).map_err(|err| {
            let line = err
                .span()
                .map(|span| text[..span.start].matches('\n').count() + 1);
            (
                line,
                format!("malformed synonyms file: {}", err.message().trim()),
            )
        })?;
        let all = std::iter::once(("", &synonyms.groups)).chain(
            synonyms
                .language
                .iter()
                .map(|(code, l)| (code.as_str(), &l.groups)),
        );
        for (code, groups) in all {
            let within = if code.is_empty() {
                String::new()
            } else {
                format!(" of [language.{code}]")
            };
            for (index, group) in groups.iter().enumerate() {
                let members = group.iter().filter(|m| !m.trim().is_empty()).count();
                if members < 2 {
                    return Err((
                        None,
                        format!(
                            "synonym group {}{within} needs at least two non-empty members: {group:?}",
                            index + 1
                        ),
                    ));
                }
            }
        }
        Ok(synonyms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_parsed() {
        let synonyms = Synonyms::parse("groups = [[\"US\", \"United States\"]]\n").unwrap();
        assert_eq!(synonyms.groups, [["US", "United States"]]);
    }

    #[test]
    fn each_language_has_groups_of_its_own() {
        let synonyms = Synonyms::parse(
            "groups = [[\"deal\", \"pact\"]]\n[language.ru]\ngroups = [[\"сделка\", \"договор\"]]\n",
        )
        .unwrap();
        assert_eq!(synonyms.groups_for("en", "en"), [["deal", "pact"]]);
        assert_eq!(synonyms.groups_for("ru", "en"), [["сделка", "договор"]]);
        assert!(synonyms.groups_for("uz", "en").is_empty());
        let err = Synonyms::parse("[language.uz]\ngroups = [[\"a\"]]\n").unwrap_err();
        assert!(err.1.contains("group 1 of [language.uz]"), "{err:?}");
    }

    #[test]
    fn a_group_of_one_is_refused() {
        let err = Synonyms::parse("groups = [[\"US\"], []]").unwrap_err();
        assert!(err.1.contains("group 1"), "{err:?}");
    }

    #[test]
    fn malformed_toml_names_the_line() {
        let err = Synonyms::parse("# comment\ngroups = [[\"a\", b]]").unwrap_err();
        assert_eq!(err.0, Some(2));
    }
}
