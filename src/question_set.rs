//! Question files: what `eval` measures and `bench` times.
//!
//! One question a line, blank lines and lines starting with `#` skipped. A line is either plain
//! text or a JSON object, a *labelled question*:
//! `{"id": "q1", "question": "Who signed it?", "category": "direct", "answers": ["doc-id#3"]}`.
//! `answers` lists the paragraphs (`document id#paragraph number`) that answer it, and the
//! optional `sentence` words of the one sentence that answers; `answers` is empty
//! for `off-topic` and `near-off-topic` (the bot should decline: the second kind shares words
//! with the documents, which still don't answer it) and `adversarial` (only "no error" is
//! expected).
//! `wrapped` questions come inside greetings, politeness or a longer message, and `purpose`
//! questions ask what something is for or why; both are answerable like `direct` ones.
//! `eval` needs labelled questions; `bench` takes either kind.

use std::path::Path;

use anyhow::Context;
use serde::{Deserialize, Serialize};

/// The kind of a question, which decides what counts as right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Direct,
    Paraphrase,
    Casual,
    /// A question inside greetings, politeness, thanks or a longer message.
    Wrapped,
    /// A question about what something is for, or why it was done.
    Purpose,
    OffTopic,
    NearOffTopic,
    Adversarial,
}

impl Category {
    pub const ALL: [Category; 8] = [
        Category::Direct,
        Category::Paraphrase,
        Category::Casual,
        Category::Wrapped,
        Category::Purpose,
        Category::OffTopic,
        Category::NearOffTopic,
        Category::Adversarial,
    ];

    /// Questions the bot must decline.
    pub fn is_unanswerable(self) -> bool {
        matches!(self, Category::OffTopic | Category::NearOffTopic)
    }

    pub fn is_answerable(self) -> bool {
        matches!(
            self,
            Category::Direct
                | Category::Paraphrase
                | Category::Casual
                | Category::Wrapped
                | Category::Purpose
        )
    }

    pub fn name(self) -> &'static str {
        match self {
            Category::Direct => "direct",
            Category::Paraphrase => "paraphrase",
            Category::Casual => "casual",
            Category::Wrapped => "wrapped",
            Category::Purpose => "purpose",
            Category::OffTopic => "off-topic",
            Category::NearOffTopic => "near-off-topic",
            Category::Adversarial => "adversarial",
        }
    }
}

/// One labelled question.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelledQuestion {
    /// Defaults to `q` and the line number.
    #[serde(default)]
    pub id: Option<String>,
    pub question: String,
    pub category: Category,
    #[serde(default)]
    pub answers: Vec<String>,
    /// Words of the sentence that answers, where one sentence of the right paragraph does: the
    /// bot should set that sentence apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentence: Option<String>,
}

/// The key of a paragraph in `answers`: `document id#paragraph number`.
pub fn paragraph_key(doc_id: &str, paragraph: u32) -> String {
    format!("{doc_id}#{paragraph}")
}

/// Reads a file of labelled questions, naming the line of any malformed one.
pub fn load_labelled(path: &Path) -> anyhow::Result<Vec<LabelledQuestion>> {
    let mut questions = Vec::new();
    for (number, line) in lines(path)? {
        let where_ = || format!("{}:{number}", path.display());
        if !line.starts_with('{') {
            anyhow::bail!(
                "{}: a labelled question is a JSON object, e.g. {{\"question\": \"…\", \"category\": \"direct\", \"answers\": [\"doc-id#3\"]}}",
                where_()
            );
        }
        let mut question: LabelledQuestion = serde_json::from_str(&line)
            .with_context(|| format!("{}: malformed question", where_()))?;
        if question.category.is_answerable() && question.answers.is_empty() {
            anyhow::bail!(
                "{}: a {} question needs \"answers\": [\"doc-id#paragraph\"]",
                where_(),
                question.category.name()
            );
        }
        question.id.get_or_insert_with(|| format!("q{number}"));
        questions.push(question);
    }
    Ok(questions)
}

/// Reads the questions' texts from a file of plain lines, labelled questions, or both.
pub fn load_texts(path: &Path) -> anyhow::Result<Vec<String>> {
    let mut questions = Vec::new();
    for (number, line) in lines(path)? {
        if line.starts_with('{') {
            let labelled: LabelledQuestion = serde_json::from_str(&line)
                .with_context(|| format!("{}:{number}: malformed question", path.display()))?;
            questions.push(labelled.question);
        } else {
            questions.push(line);
        }
    }
    anyhow::ensure!(
        !questions.is_empty(),
        "no questions in {}: write one a line",
        path.display()
    );
    Ok(questions)
}

/// The file's question lines, trimmed, with their 1-based line numbers.
fn lines(path: &Path) -> anyhow::Result<Vec<(usize, String)>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the question file {}", path.display()))?;
    Ok(text
        .lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
        .map(|(number, line)| (number, line.to_owned()))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> tempfile::NamedTempFile {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), text).unwrap();
        file
    }

    #[test]
    fn labelled_questions_get_ids_from_their_lines() {
        let f = file(
            "# a comment\n\n{\"question\": \"Who?\", \"category\": \"direct\", \"answers\": [\"a#1\"]}\n\
             {\"id\": \"x\", \"question\": \"Weather?\", \"category\": \"off-topic\"}\n",
        );
        let questions = load_labelled(f.path()).unwrap();
        let ids: Vec<_> = questions.iter().map(|q| q.id.clone().unwrap()).collect();
        assert_eq!(ids, ["q3", "x"]);
        assert_eq!(questions[1].category, Category::OffTopic);
    }

    #[test]
    fn an_answerable_question_without_answers_names_its_line() {
        let f = file("\n{\"question\": \"Who?\", \"category\": \"paraphrase\"}\n");
        let err = load_labelled(f.path()).unwrap_err().to_string();
        assert!(err.contains(":2: a paraphrase question needs"), "{err}");
        let f = file("Who signed?\n");
        let err = load_labelled(f.path()).unwrap_err().to_string();
        assert!(
            err.contains(":1: a labelled question is a JSON object"),
            "{err}"
        );
    }

    #[test]
    fn texts_come_from_plain_and_labelled_lines_alike() {
        let f = file("Who signed?\n{\"question\": \"Where?\", \"category\": \"off-topic\"}\n");
        assert_eq!(load_texts(f.path()).unwrap(), ["Who signed?", "Where?"]);
        let f = file("# nothing\n\n");
        let err = load_texts(f.path()).unwrap_err().to_string();
        assert!(err.contains("no questions"), "{err}");
        let f = file("{\"question\": 3}\n");
        let err = load_texts(f.path()).unwrap_err().to_string();
        assert!(err.contains(":1: malformed question"), "{err}");
    }
}
