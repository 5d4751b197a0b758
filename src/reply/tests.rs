//! The reply module's outputs, tested through what it exports.

use super::telegram::telegram_no_answer;
use super::text::{cut_point, escape, marked_quote};
use super::*;
use crate::corpus::DocumentMeta;
use crate::index::DocumentInfo;
use crate::index::IndexInfo;
use crate::language::{EN, RU, UZ};
use crate::search::Passage;

fn passage(text: &str) -> Passage {
    Passage {
        doc_id: "doc".into(),
        title: "A <Title> & more".into(),
        url: None,
        paragraph: 3,
        text: text.into(),
        score: 1.5,
        coverage: 1.0,
        highlights: Vec::new(),
        sentence: 0..0,
        set_aside: None,
        official: true,
        language: "en",
        translation_of: None,
    }
}

#[test]
fn a_translation_names_its_original_and_folds_its_text_within_the_limit() {
    let mut translated = passage(&"слово ".repeat(900));
    translated.official = false;
    translated.language = "ru";
    translated.translation_of = Some(crate::search::Original {
        doc_id: "orig".into(),
        title: "Original <title>".into(),
        url: None,
        paragraph: 3,
        text: Some("word & more ".repeat(400)),
    });
    for lang in [RU, UZ, EN] {
        let html = telegram_answer(&translated, lang);
        assert_eq!(telegram_html_problem(&html), None, "{html}");
        assert!(
            html.chars().count() <= TELEGRAM_LIMIT,
            "{}",
            html.chars().count()
        );
        assert!(html.contains("<i>Original &lt;title&gt;</i>"), "{html}");
        assert!(
            html.contains("<blockquote expandable>word &amp; more"),
            "{html}"
        );
    }
    let html = telegram_answer(&translated, RU);
    assert!(html.contains("Неофициальный перевод; оригинал:"), "{html}");
    assert!(html.contains("абзац 3"), "{html}");
    assert!(telegram_answer(&translated, UZ).contains("Norasmiy tarjima; asl matn:"));
}

fn info_with_examples(examples: &[&str]) -> IndexInfo {
    IndexInfo {
        documents: vec![DocumentInfo {
            id: "doc".into(),
            meta: DocumentMeta {
                title: "Minerals <MoU>".into(),
                id: None,
                source: None,
                url: None,
                published: None,
                language: None,
                examples: examples.iter().map(|e| e.to_string()).collect(),
                captions: Vec::new(),
                translation_of: None,
                official: true,
            },
            paragraphs: 9,
        }],
        ..IndexInfo::default()
    }
}

#[test]
fn an_inline_answer_is_titled_by_paragraph_described_by_its_sentence_and_valid() {
    let mut p = passage(&format!(
        "Signed in Tashkent. {}",
        "More <words> & ".repeat(400)
    ));
    p.doc_id = "d".repeat(200);
    p.sentence = 0..19;
    let question = format!("Who <signed>? {}", "and why ".repeat(100));
    let result = inline_answer(&question, &p, EN);
    assert_eq!(result.title, "¶3 — A <Title> & more");
    assert_eq!(result.description, "Signed in Tashkent.");
    assert!(result.id.len() <= 64, "{}", result.id);
    assert!(
        result.html.starts_with("<b>Who &lt;signed&gt;? and why"),
        "{}",
        result.html
    );
    assert!(result.html.chars().count() <= TELEGRAM_LIMIT);
    assert_eq!(telegram_html_problem(&result.html), None, "{}", result.html);
    // Another paragraph of the same document is another result.
    let mut next = p.clone();
    next.paragraph = 4;
    assert_ne!(inline_answer(&question, &next, EN).id, result.id);
    let example = inline_example("Who signed?", &p, EN);
    assert_eq!(example.title, "Who signed?");
    assert_ne!(example.id, result.id);
}

#[test]
fn the_inline_no_answer_result_sends_only_that_there_is_no_answer() {
    let result = inline_no_answer("population of <Mars>?", RU);
    assert_eq!(result.title, "В моих документах ответа нет");
    assert!(
        result.html.contains("«population of &lt;Mars&gt;?»"),
        "{}",
        result.html
    );
    assert!(!result.html.contains("<blockquote>"));
    assert_eq!(telegram_html_problem(&result.html), None);
}

#[test]
fn example_questions_are_numbered_from_zero_in_the_order_offered() {
    let info = info_with_examples(&["First?", "Second?"]);
    assert_eq!(example_question(&info, EN, 1), Some("Second?"));
    assert_eq!(example_question(&info, EN, 2), None);
    assert_eq!(example_question(&info, EN, usize::MAX), None);
}

#[test]
fn a_quote_from_a_document_in_another_language_says_so_within_the_limit() {
    let mut p = passage(&"word ".repeat(2000));
    p.language = "en";
    let html = telegram_answer(&p, RU);
    assert!(html.ends_with("Источник на английском языке: перевода этого документа пока нет."));
    assert!(html.chars().count() <= TELEGRAM_LIMIT);
    assert!(!telegram_answer(&p, EN).contains("Источник"));
}

#[test]
fn escaping_covers_the_four_html_entities() {
    assert_eq!(
        escape(r#"<b>&"x"</b>"#),
        "&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;"
    );
}

#[test]
fn matched_words_are_bold_and_the_answering_sentence_italic() {
    let mut p = passage("First one. Signed in Tashkent. Last.");
    p.highlights = vec![11..17, 21..29];
    p.sentence = 11..30;
    assert_eq!(
        telegram_answer(&p, EN),
        "<blockquote>First one. <i><b>Signed</b> in <b>Tashkent</b>.</i> Last.</blockquote>\n\
         — <i>A &lt;Title&gt; &amp; more</i>, paragraph 3"
    );
}

#[test]
fn a_one_sentence_paragraph_is_not_set_apart() {
    let mut p = passage("Only one.");
    p.sentence = 0..9;
    assert!(telegram_answer(&p, EN).starts_with("<blockquote>Only one.</blockquote>"));
}

#[test]
fn the_source_links_to_the_document_url_escaped() {
    let mut p = passage("Text.");
    p.url = Some("https://example.org/?a=1&b=\"2\"".into());
    assert!(
        telegram_answer(&p, EN)
            .ends_with("<a href=\"https://example.org/?a=1&amp;b=&quot;2&quot;\">A &lt;Title&gt; &amp; more</a>, paragraph 3"),
        "{}",
        telegram_answer(&p, EN)
    );
}

#[test]
fn corpus_text_is_escaped_inside_the_quote() {
    let mut p = passage("a <b>&amp; c");
    p.highlights.push(0..1);
    assert!(
        telegram_answer(&p, EN)
            .starts_with("<blockquote><b>a</b> &lt;b&gt;&amp;amp; c</blockquote>")
    );
}

#[test]
fn an_overlong_passage_is_cut_at_a_word_with_an_ellipsis_and_fits() {
    let word = "Tashkent&<> ";
    let mut p = passage(&word.repeat(1000));
    p.highlights = (0..1000).map(|i| i * 12..i * 12 + 8).collect();
    p.sentence = 0..6000;
    let reply = telegram_answer(&p, EN);
    assert!(
        reply.chars().count() <= TELEGRAM_LIMIT,
        "{}",
        reply.chars().count()
    );
    // Cut after a whole word (its entities complete), with the ellipsis inside the quote.
    assert!(reply.contains("&gt;…</blockquote>"), "{reply}");
    assert!(
        reply.chars().count() > TELEGRAM_LIMIT - 40,
        "the quote was cut more than needed"
    );
    // Never a cut entity or tag: every '&' starts a whole entity.
    for (index, _) in reply.match_indices('&') {
        let rest = &reply[index..];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;"]
                .iter()
                .any(|e| rest.starts_with(e)),
            "{}",
            &rest[..10.min(rest.len())]
        );
    }
    assert_eq!(reply.matches("<b>").count(), reply.matches("</b>").count());
}

#[test]
fn cutting_never_splits_a_multibyte_character() {
    let text = "Ўзбекистон ".repeat(500);
    let (end, cut) = cut_point(&text, 100);
    assert!(cut);
    assert!(text.is_char_boundary(end));
    assert!(text[..end].chars().count() < 100);
    assert!(text[..end].ends_with('н'));
}

#[test]
fn the_no_answer_reply_offers_examples_escaped() {
    let reply = telegram_no_answer(
        "<b>&weather</b>\n in Paris",
        &info_with_examples(&["Who <signed>?", "Where?"]),
        EN,
    );
    assert!(
        reply.contains("“&lt;b&gt;&amp;weather&lt;/b&gt; in Paris”"),
        "{reply}"
    );
    assert!(reply.contains("<i>Minerals &lt;MoU&gt;</i>"), "{reply}");
    assert!(reply.contains("• Who &lt;signed&gt;?\n• Where?"), "{reply}");
}

#[test]
fn shortening_counts_characters_and_marks_the_cut() {
    assert_eq!(shorten("Ўзбекистон", 10), "Ўзбекистон");
    assert_eq!(shorten("Ўзбекистон", 3), "Ўзб…");
    assert_eq!(shorten("", 0), "");
}

#[test]
fn plain_markup_stars_matched_words() {
    let mut p = passage("Signed in Tashkent.");
    p.highlights.push(10..18);
    assert_eq!(
        marked_quote(&p, usize::MAX, Markup::Plain),
        "Signed in *Tashkent*."
    );
}
