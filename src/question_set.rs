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

    pub(crate) fn is_answerable(self) -> bool {
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
pub use crate::search::paragraph_key;

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

/// One labelled conversation: a short dialogue in one chat, scored on its last turn.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelledDialogue {
    /// Defaults to `c` and the line number.
    #[serde(default)]
    pub id: Option<String>,
    /// What the last turn does: `follow-up`, `pronoun`, `topic-change`, `more`, `reply`,
    /// `small-talk`.
    pub category: String,
    /// `group` for a group chat (its messages address the bot with `/ask` or a reply).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat: Option<String>,
    pub turns: Vec<DialogueTurn>,
    /// The paragraphs a careful reader accepts as the bot's answer to the last turn; none when
    /// it should quote nothing (small talk, a decline, nothing more to show).
    #[serde(default)]
    pub answers: Vec<String>,
}

/// A user's turn in a labelled conversation: a message (`text`, replying to the bot's answer
/// to turn `reply_to`) or a press (`press: "more"` under the answer to turn `on`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DialogueTurn {
    /// The user's Telegram interface language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub press: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<usize>,
}

/// Whether `path` holds labelled conversations (lines with `"turns"`) rather than questions.
pub(crate) fn holds_dialogues(path: &Path) -> anyhow::Result<bool> {
    Ok(lines(path)?
        .first()
        .is_some_and(|(_, line)| line.starts_with('{') && line.contains("\"turns\"")))
}

/// Reads a file of labelled conversations, naming the line of any malformed one.
pub fn load_dialogues(path: &Path) -> anyhow::Result<Vec<LabelledDialogue>> {
    let mut dialogues = Vec::new();
    for (number, line) in lines(path)? {
        let where_ = || format!("{}:{number}", path.display());
        let mut dialogue: LabelledDialogue = serde_json::from_str(&line)
            .with_context(|| format!("{}: malformed conversation", where_()))?;
        anyhow::ensure!(
            !dialogue.turns.is_empty(),
            "{}: a conversation needs at least one turn",
            where_()
        );
        for (at, turn) in dialogue.turns.iter().enumerate() {
            let earlier = |k: Option<usize>| k.is_none_or(|k| k < at);
            let well_formed = match (&turn.text, &turn.press) {
                (Some(_), None) => turn.on.is_none() && earlier(turn.reply_to),
                (None, Some(press)) => {
                    press == "more"
                        && turn.on.is_some()
                        && earlier(turn.on)
                        && turn.reply_to.is_none()
                }
                _ => false,
            };
            anyhow::ensure!(
                well_formed,
                "{}: turn {} needs either \"text\" (with \"reply_to\": an earlier turn) or \"press\": \"more\" with \"on\": an earlier turn",
                where_(),
                at + 1
            );
        }
        dialogue.id.get_or_insert_with(|| format!("c{number}"));
        dialogues.push(dialogue);
    }
    Ok(dialogues)
}

/// Reads the questions' texts from a file of plain lines, labelled questions, or both.
pub(crate) fn load_texts(path: &Path) -> anyhow::Result<Vec<String>> {
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
