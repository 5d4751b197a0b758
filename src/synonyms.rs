//! Synonyms: the operator-editable groups of words and phrases that mean the same thing here.
//!
//! `corpus/synonyms.toml` ([`crate::corpus::SYNONYMS_FILE`]) holds
//! `groups = [["United States", "U.S.", "USA", "America"], …]`.
//! When a question contains any member of a group, the search also looks for the other members
//! (a phrase for a member of several words), weighted below the words the user typed. The file
//! is read by `reindex` and travels inside the index, so an edit takes effect with the next
//! reindex, as corpus edits do.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::corpus::Problem;

/// Groups of interchangeable words and phrases, as written by the operator.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Synonyms {
    #[serde(default)]
    pub groups: Vec<Vec<String>>,
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
        for (index, group) in synonyms.groups.iter().enumerate() {
            let members = group.iter().filter(|m| !m.trim().is_empty()).count();
            if members < 2 {
                return Err((
                    None,
                    format!(
                        "synonym group {} needs at least two non-empty members: {group:?}",
                        index + 1
                    ),
                ));
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
