//! Property tests: whatever a user types, the answer path returns, and the reply is valid
//! Telegram HTML of at most 4096 characters.

use std::sync::OnceLock;

use crate::html_check::telegram_html_problem;
use mou_bot::reply::{self, TELEGRAM_LIMIT};
use mou_bot::search::{Answerer, Passage};
use proptest::prelude::*;

use crate::util::TestEnv;

/// One answerer for all cases (building an index per case would dominate the run).
fn answerer() -> &'static Answerer {
    static ANSWERER: OnceLock<(TestEnv, Answerer)> = OnceLock::new();
    &ANSWERER
        .get_or_init(|| {
            let env = TestEnv::with_article();
            let answerer = env.answerer();
            (env, answerer)
        })
        .1
}

/// Text of the kinds users send: any Unicode, plus the characters that break naive code.
fn hostile_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        any::<String>(),
        Just("\u{0}".to_owned()),
        Just("\u{202e}\u{200f}\u{200b}".to_owned()),
        Just("e\u{301}\u{301}\u{301}".to_owned()),
        Just("<b>&amp;</b><a href=\"x\">".to_owned()),
        Just("U.S. MoU lithium signed Tashkent".to_owned()),
        Just("ℹ️ 🇺🇿 👩‍👩‍👧".to_owned()),
        Just("text:foo AND (\"unclosed ~2 ^3 *".to_owned()),
        "[a-zA-Z ]{0,40}",
    ];
    prop::collection::vec(pieces, 0..8).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_question_gets_a_valid_reply(question in hostile_text()) {
        let answerer = answerer();
        let outcome = answerer.answer(&question, 3).unwrap();
        let html = reply::telegram(&outcome, &answerer.info());
        prop_assert!(html.chars().count() <= TELEGRAM_LIMIT);
        prop_assert!(!html.trim().is_empty());
        prop_assert_eq!(telegram_html_problem(&html), None, "{}", html);
    }

    #[test]
    fn any_passage_renders_as_valid_html_within_the_limit(
        text in hostile_text().prop_map(|t| t.repeat(40)),
        title in hostile_text(),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..12),
    ) {
        // Highlights and the sentence at arbitrary character boundaries, sorted and disjoint.
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let mut points: Vec<usize> = cuts.iter().map(|c| boundaries[c.index(boundaries.len())]).collect();
        points.sort_unstable();
        points.dedup();
        let highlights = points.chunks_exact(2).map(|p| p[0]..p[1]).collect();
        let sentence = match (points.first(), points.last()) {
            (Some(&a), Some(&b)) => a..b,
            _ => 0..0,
        };
        let passage = Passage {
            doc_id: "doc".into(),
            title,
            url: Some("https://example.org/?a=1&b=\"2\"".into()),
            paragraph: 1,
            text,
            score: 1.0,
            coverage: 1.0,
            highlights,
            sentence,

            set_aside: None,
            official: true,
            language: "en",
            translation_of: None,
            };
        let html = reply::telegram_answer(&passage, mou_bot::language::EN);
        prop_assert!(html.chars().count() <= TELEGRAM_LIMIT, "{}", html.chars().count());
        prop_assert_eq!(telegram_html_problem(&html), None, "{}", html);
    }
}

#[test]
fn a_hundred_thousand_characters_are_answered_within_limits() {
    let answerer = answerer();
    for question in [
        "lithium ".repeat(12_500),
        "\u{202e}".repeat(100_000),
        "x".repeat(100_000),
    ] {
        let outcome = answerer.answer(&question, 3).unwrap();
        let html = reply::telegram(&outcome, &answerer.info());
        assert!(html.chars().count() <= TELEGRAM_LIMIT);
        assert_eq!(telegram_html_problem(&html), None, "{html}");
    }
}

#[test]
fn the_html_checker_catches_what_telegram_rejects() {
    assert_eq!(telegram_html_problem("<b>ok</b> &amp; <i>fine</i>"), None);
    assert!(telegram_html_problem("<b>open").is_some());
    assert!(telegram_html_problem("<u>x</u>").is_some());
    assert!(telegram_html_problem("a & b").is_some());
    assert!(telegram_html_problem("a > b").is_some());
    assert!(telegram_html_problem("a < b").is_some());
    assert!(telegram_html_problem("<b><i>x</b></i>").is_some());
    assert!(telegram_html_problem("<blockquote><blockquote>x</blockquote></blockquote>").is_some());
}
