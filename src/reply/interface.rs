//! The bot's own words: every text of its interface that is not a quote — greetings, help,
//! the documents list, hints, refusals, operators' replies — in Telegram HTML, escaped here.
//!
//! Pure functions of what they show, so each can be tested and, later, written in more
//! languages in one place.

use std::time::Duration;

use super::{count, escape, example_questions, shorten, title_html};
use crate::index::{BuildReport, IndexInfo};

/// The commands everyone sees in Telegram's menu, with their descriptions (which `/help`
/// lists too). `bot` parses the same names.
pub const COMMANDS: &[(&str, &str)] = &[
    ("start", "Say hello and show what to ask"),
    ("help", "How to ask questions"),
    ("about", "Which documents I quote from"),
    ("ask", "Ask a question: /ask Who signed the memorandum?"),
];

/// The reply to `/start`.
pub fn start(info: &IndexInfo) -> String {
    let mut text = String::from(
        "Hello! I answer questions about the critical minerals memorandum between Uzbekistan and the United States by quoting the documents I have — never by making things up.\n\nJust type a question, for example:",
    );
    push_examples(&mut text, info, 3);
    text.push_str("\n\n/about lists my documents, /help explains more.");
    text
}

/// The reply to `/help`; `bot_username` without the `@`.
pub fn help(bot_username: &str) -> String {
    let username = escape(bot_username);
    let commands: Vec<String> = COMMANDS
        .iter()
        .map(|(name, description)| format!("/{name} — {}", escape(description)))
        .collect();
    format!(
        "Type a question in plain words and I quote the paragraph that answers it, with its source. \
         Matched words are <b>bold</b>; the sentence that answers best is <i>in italics</i>. \
         If my documents don't answer, I say so.\n\n\
         In groups, mention me (@{username} your question), reply to one of my messages, or use /ask your question.\n\n\
         {}",
        commands.join("\n")
    )
}

/// The reply to `/about`: the documents quoted from.
pub fn about(info: &IndexInfo) -> String {
    let mut text = format!(
        "I quote from {}:",
        count(info.documents.len() as u64, "document")
    );
    for document in &info.documents {
        let title = title_html(&document.meta.title, document.meta.url.as_deref(), "b");
        text.push_str(&format!("\n\n• {title}"));
        if let Some(source) = &document.meta.source {
            text.push_str(&format!("\n  {}", escape(source)));
        }
        if let Some(published) = &document.meta.published {
            text.push_str(&format!(", {}", escape(published)));
        }
        text.push_str(&format!(
            "\n  {}",
            count(u64::from(document.paragraphs), "paragraph")
        ));
    }
    text
}

/// What a message that is not text (a sticker, a voice message…) gets in a private chat.
pub fn text_only_hint(info: &IndexInfo) -> String {
    let mut text = String::from("I read text questions only. Ask me something, for example:");
    push_examples(&mut text, info, 2);
    text
}

/// `/ask` with nothing after it.
pub fn ask_needs_a_question() -> &'static str {
    "Put your question after the command, for example: /ask Who signed the memorandum?"
}

/// A command the bot does not know, in a private chat.
pub fn unknown_command() -> &'static str {
    "I don't know that command. /help shows what I can do — or just type your question."
}

/// An operators' command from someone who is not one.
pub fn operators_only() -> &'static str {
    "Sorry, that command is only for the bot's operators."
}

/// The one reply to a user over the flood limit.
pub fn slow_down() -> &'static str {
    "You're asking faster than I can keep up with. Please wait a minute, then ask again."
}

/// When answering failed on the bot's side.
pub fn something_went_wrong() -> &'static str {
    "Sorry, something went wrong on my side. Please try again in a moment."
}

/// What `/stats` shows an operator.
#[derive(Debug, Clone)]
pub struct ServingStats {
    pub answered: u64,
    pub declined: u64,
    /// Since the bot started.
    pub uptime: Duration,
}

/// The reply to `/stats`.
pub fn stats(info: &IndexInfo, serving: &ServingStats) -> String {
    let (answered, declined) = (serving.answered, serving.declined);
    let total = answered + declined;
    let rate = if total == 0 {
        "—".to_owned()
    } else {
        format!("{:.0}%", declined as f64 * 100.0 / total as f64)
    };
    format!(
        "<b>Index</b>: {}, {}, built {} ago\n\
         <b>Since start</b> ({} ago): {}, {answered} answered, no-answer rate {rate}",
        count(info.documents.len() as u64, "document"),
        count(info.paragraph_count(), "paragraph"),
        human_duration(info.age()),
        human_duration(serving.uptime),
        count(total, "question"),
    )
}

/// The reply to a `/reindex` that worked.
pub fn reindexed(report: &BuildReport) -> String {
    let mut text = format!(
        "Reindexed: {}, {} in {:.1?}.",
        count(report.documents as u64, "document"),
        count(report.paragraphs, "paragraph"),
        report.elapsed
    );
    for note in &report.notes {
        text.push_str(&format!("\nNote: {}", escape(&note.to_string())));
    }
    text
}

/// The reply to a `/reindex` that failed; `error` is the whole cause chain.
pub fn reindex_failed(error: &str) -> String {
    format!(
        "Reindex failed; the previous index is still serving.\n<pre>{}</pre>",
        escape(&shorten(error, 3000))
    )
}

fn push_examples(text: &mut String, info: &IndexInfo, how_many: usize) {
    for example in example_questions(info, how_many) {
        text.push_str(&format!("\n• {}", escape(example)));
    }
}

/// A duration as people say it: "5 s", "2 min", "3 h 2 min", "3 days".
pub fn human_duration(duration: Duration) -> String {
    let seconds = duration.as_secs();
    match seconds {
        0..=59 => format!("{seconds} s"),
        60..=3599 => format!("{} min", seconds / 60),
        3600..=86_399 => format!("{} h {} min", seconds / 3600, seconds % 3600 / 60),
        _ => format!("{} days", seconds / 86_400),
    }
}

#[cfg(test)]
mod tests {
    use super::super::telegram_html_problem;
    use super::*;
    use crate::corpus::DocumentMeta;
    use crate::index::DocumentInfo;

    fn info(documents: &[(&str, Option<&str>, u32)]) -> IndexInfo {
        IndexInfo {
            documents: documents
                .iter()
                .map(|(title, url, paragraphs)| DocumentInfo {
                    id: "doc".into(),
                    meta: DocumentMeta {
                        title: (*title).into(),
                        id: None,
                        source: Some("Press <service>".into()),
                        url: url.map(str::to_owned),
                        published: None,
                        language: None,
                        examples: vec!["Who <signed>?".into(), "Where?".into(), "When?".into()],
                        captions: Vec::new(),
                    },
                    paragraphs: *paragraphs,
                })
                .collect(),
            ..IndexInfo::default()
        }
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(human_duration(Duration::from_secs(5)), "5 s");
        assert_eq!(human_duration(Duration::from_secs(125)), "2 min");
        assert_eq!(
            human_duration(Duration::from_secs(3 * 3600 + 120)),
            "3 h 2 min"
        );
        assert_eq!(human_duration(Duration::from_secs(3 * 86_400)), "3 days");
    }

    #[test]
    fn counts_of_one_are_singular() {
        let one = info(&[("Minerals & <MoU>", None, 1)]);
        let stats = stats(
            &one,
            &ServingStats {
                answered: 1,
                declined: 0,
                uptime: Duration::from_secs(5),
            },
        );
        assert!(stats.contains("1 document, 1 paragraph, built"), "{stats}");
        assert!(
            stats.contains("1 question, 1 answered, no-answer rate 0%"),
            "{stats}"
        );
        assert!(
            about(&one).starts_with("I quote from 1 document:"),
            "{}",
            about(&one)
        );
        let two = info(&[("A", None, 2), ("B", None, 3)]);
        assert!(about(&two).contains("2 documents:"), "{}", about(&two));
        assert!(about(&two).contains("  3 paragraphs"), "{}", about(&two));
    }

    #[test]
    fn about_links_titles_that_have_a_url_and_escapes_everything() {
        let text = about(&info(&[
            ("Minerals & <MoU>", Some("https://example.org/?a=1&b=2"), 9),
            ("Plain", None, 2),
        ]));
        assert!(
            text.contains(
                "<a href=\"https://example.org/?a=1&amp;b=2\">Minerals &amp; &lt;MoU&gt;</a>"
            ),
            "{text}"
        );
        assert!(text.contains("<b>Plain</b>"), "{text}");
        assert!(text.contains("Press &lt;service&gt;"), "{text}");
    }

    #[test]
    fn every_interface_text_is_valid_telegram_html() {
        let info = info(&[("Minerals & <MoU>", Some("https://example.org/?a=1&b=2"), 9)]);
        let report = BuildReport {
            documents: 1,
            notes: Vec::new(),
            paragraphs: 9,
            elapsed: Duration::from_millis(12),
            index_dir: "data/index".into(),
        };
        let serving = ServingStats {
            answered: 3,
            declined: 1,
            uptime: Duration::from_secs(100),
        };
        let texts = [
            start(&info),
            help("mou_<bot>"),
            about(&info),
            text_only_hint(&info),
            stats(&info, &serving),
            reindexed(&report),
            reindex_failed("corpus/a.md:3: bad <header> & more"),
            ask_needs_a_question().to_owned(),
            unknown_command().to_owned(),
            operators_only().to_owned(),
            slow_down().to_owned(),
            something_went_wrong().to_owned(),
        ];
        for text in texts {
            assert_eq!(telegram_html_problem(&text), None, "{text}");
            assert!(text.chars().count() <= super::super::TELEGRAM_LIMIT);
        }
    }

    #[test]
    fn help_lists_every_command_with_its_description() {
        let text = help("mou_bot");
        for (name, description) in COMMANDS {
            assert!(
                text.contains(&format!("/{name} — {}", escape(description))),
                "{text}"
            );
        }
        assert!(text.contains("@mou_bot your question"), "{text}");
    }

    #[test]
    fn a_failed_reindex_shows_the_error_escaped_and_cut() {
        let long = "x".repeat(5000);
        let text = reindex_failed(&format!("<{long}"));
        assert!(text.starts_with("Reindex failed; the previous index is still serving."));
        assert!(text.contains("<pre>&lt;xxx"), "{text}");
        assert!(text.chars().count() < 3100, "{}", text.chars().count());
    }
}
