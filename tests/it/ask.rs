//! `mou-bot ask` through the real binary, on a temporary index built on first use.

use crate::util::{ARTICLE, TestEnv};

#[test]
fn who_signed_quotes_the_paragraph_naming_both_signatories() {
    let env = TestEnv::with_article();
    let out = env.run(&["ask", "Who signed the memorandum?"]).ok();
    assert!(out.contains("Nasritdinkhodjaev"), "{out}");
    assert!(out.contains("Henick"), "{out}");
    assert!(out.contains("paragraph 3"), "{out}");
}

#[test]
fn the_index_is_built_on_first_use_and_reused() {
    let env = TestEnv::with_article();
    assert!(!env.index.exists());
    env.run(&["ask", "lithium"]).ok();
    assert!(env.index.join("meta.json").exists());
    let again = env.run(&["ask", "lithium"]);
    again.ok();
    assert!(!again.stderr().contains("changed"), "{}", again.stderr());
}

#[test]
fn where_is_minexpo_quotes_the_las_vegas_paragraph() {
    let env = TestEnv::with_article();
    let json = env
        .run(&["ask", "--json", "Where will MINExpo take place?"])
        .json();
    let answer = &json["answer"];
    assert_eq!(answer["doc"], ARTICLE);
    assert_eq!(answer["paragraph"], 7);
    assert!(answer["text"].as_str().unwrap().contains("Las Vegas"));
    assert!(answer["sentence"].as_str().unwrap().contains("Las Vegas"));
}

#[test]
fn the_weather_in_paris_gets_no_answer() {
    let env = TestEnv::with_article();
    let json = env
        .run(&["ask", "--json", "What's the weather in Paris?"])
        .json();
    assert!(json["answer"].is_null(), "{json}");
    let text = env.run(&["ask", "What's the weather in Paris?"]).ok();
    assert!(text.starts_with("No answer"), "{text}");
}

#[test]
fn json_output_has_exactly_the_documented_shape() {
    let env = TestEnv::with_article();
    let json = env
        .run(&["ask", "--json", "--top", "2", "mining minerals"])
        .json();
    let mut keys: Vec<_> = json.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "answer",
            "answer_type",
            "candidates",
            "focus",
            "kind",
            "lang",
            "question"
        ]
    );
    assert_eq!(json["lang"], "en");
    assert_eq!(json["question"], "mining minerals");
    let candidates = json["candidates"].as_array().unwrap();
    assert_eq!(candidates.len(), 2);
    for passage in candidates.iter().chain([&json["answer"]]) {
        let mut keys: Vec<_> = passage.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "coverage",
                "doc",
                "paragraph",
                "score",
                "sentence",
                "text",
                "title"
            ]
        );
        assert!(passage["score"].as_f64().unwrap() > 0.0);
    }
    assert_eq!(json["answer"], candidates[0]);
}

#[test]
fn query_syntax_and_junk_are_only_words() {
    let env = TestEnv::with_article();
    // Read as a query, each of these would match paragraphs (`*:*` all of them); as words,
    // none is in the article, so nothing is found.
    for junk in [
        "text:foo AND (",
        "\"unclosed",
        "*:*",
        "paragraph:[1 TO 9] OR doc_id:*",
        "<b>&amp;</b>",
        "🤔🤔",
        "\u{202e}\u{0007}",
    ] {
        let json = env.run(&["ask", "--json", junk]).json();
        assert_eq!(json["question"], junk);
        assert!(json["answer"].is_null(), "{junk}: {json}");
        assert_eq!(json["candidates"], serde_json::json!([]), "{junk}: {json}");
    }
    // Syntax around real words leaves the words: the boost and the field are not applied.
    let json = env
        .run(&["ask", "--json", "title:lithium^100 AND (cobalt)"])
        .json();
    assert_eq!(json["answer"]["paragraph"], 8, "{json}");
    let long = "signed ".repeat(1500);
    let text = env.run(&["ask", &long]).ok();
    assert!(text.contains("signed"), "{text}");
}

#[test]
fn an_empty_question_is_a_usage_error_in_one_line() {
    let env = TestEnv::with_article();
    for args in [vec!["ask"], vec!["ask", "   "]] {
        let run = env.run(&args);
        assert_eq!(run.code(), Some(2), "{args:?}");
        assert_eq!(run.stderr().lines().count(), 1, "{}", run.stderr());
        assert!(
            run.stderr().contains("ask needs a question"),
            "{}",
            run.stderr()
        );
    }
}

#[test]
fn a_missing_corpus_is_one_line_naming_the_next_step() {
    let env = TestEnv::empty();
    std::fs::remove_dir(&env.corpus).unwrap();
    let run = env.run(&["ask", "who signed?"]);
    assert_eq!(run.code(), Some(1));
    assert_eq!(run.stderr().lines().count(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains("no index at") && run.stderr().contains("--corpus DIR"),
        "{}",
        run.stderr()
    );
}

#[test]
fn an_unreadable_index_names_the_command_that_fixes_it() {
    let env = TestEnv::with_article();
    std::fs::create_dir_all(&env.index).unwrap();
    std::fs::write(env.index.join("meta.json"), "{ not json").unwrap();
    std::fs::remove_dir_all(&env.corpus).unwrap();
    let run = env.run(&["ask", "who signed?"]);
    assert_eq!(run.code(), Some(1));
    assert_eq!(run.stderr().lines().count(), 1, "{}", run.stderr());
    assert!(
        run.stderr().contains("cannot be read") && run.stderr().contains("`mou-bot reindex`"),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_changed_corpus_is_reported_with_the_fix() {
    let env = TestEnv::with_article();
    env.run(&["ask", "lithium"]).ok();
    env.write(
        "extra.md",
        crate::util::document("Extra", "Copper is mined in Almalyk."),
    );
    let run = env.run(&["ask", "lithium"]);
    run.ok();
    assert!(run.stderr().contains("mou-bot reindex"), "{}", run.stderr());
    env.run(&["reindex"]).ok();
    let after = env.run(&["ask", "--json", "Where is copper mined?"]);
    assert!(!after.stderr().contains("changed"), "{}", after.stderr());
    assert_eq!(after.json()["answer"]["doc"], "extra");
}

#[test]
fn html_output_is_what_the_bot_sends() {
    let env = TestEnv::with_article();
    let html = env
        .run(&["ask", "--html", "Who signed the memorandum?"])
        .ok();
    assert!(html.starts_with("<blockquote>"), "{html}");
    assert!(html.contains("<b>"), "{html}");
    assert!(
        html.contains("</blockquote>\n— <i>Uzbekistan and USA Agree"),
        "{html}"
    );
}

#[test]
fn many_asks_at_once_on_a_fresh_checkout_build_the_index_once_and_all_answer() {
    let env = TestEnv::with_article();
    let children: Vec<_> = (0..8)
        .map(|_| {
            env.command()
                .args(["ask", "--json", "Who signed the memorandum?"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut built = 0;
    for child in children {
        let output = child.wait_with_output().unwrap();
        let run = crate::util::Run(output);
        assert_eq!(run.json()["answer"]["paragraph"], 3, "{}", run.stderr());
        built += usize::from(run.stderr().contains("built the index"));
    }
    assert_eq!(built, 1, "the index was built {built} times");
}

#[test]
fn a_bare_number_does_not_outweigh_the_words() {
    let env = TestEnv::with_article();
    // "24" is in the MINExpo paragraph's date, and rarer than any word of the question.
    let json = env
        .run(&["ask", "--json", "Who signed the memorandum? (24)"])
        .json();
    assert_eq!(json["answer"]["paragraph"], 3, "{json}");
    // A year, or a number beside a month, is still searched for.
    let json = env.run(&["ask", "--json", "What happened in 2023?"]).json();
    assert_eq!(json["answer"]["paragraph"], 4, "{json}");
    let json = env.run(&["ask", "--json", "september 24"]).json();
    assert_eq!(json["answer"]["paragraph"], 7, "{json}");
}

#[test]
fn a_caption_answers_only_questions_about_the_picture() {
    let env = TestEnv::with_article();
    // Paragraph 1, the photo's caption, is what these words match best…
    let json = env
        .run(&[
            "ask",
            "--json",
            "--top",
            "5",
            "ministry of geology press service",
        ])
        .json();
    assert_ne!(json["answer"]["paragraph"], 1, "{json}");
    let candidates: Vec<_> = json["candidates"].as_array().unwrap().iter().collect();
    assert!(candidates.iter().any(|c| c["paragraph"] == 1), "{json}");
    // …and it answers when the question is about the picture.
    let json = env
        .run(&["ask", "--json", "What is shown in the photo?"])
        .json();
    assert_eq!(json["answer"]["paragraph"], 1, "{json}");
}

#[test]
fn a_question_about_something_the_documents_never_mention_is_declined() {
    let env = TestEnv::with_article();
    // Half of its words are the article's, but not the one it asks about.
    for question in [
        "What is the population of Uzbekistan?",
        "what's the weather in Tashkent",
    ] {
        let json = env.run(&["ask", "--json", question]).json();
        assert!(json["answer"].is_null(), "{question}: {json}");
    }
    // Named by a synonym, the thing asked about is found.
    let json = env
        .run(&["ask", "--json", "What is the purpose of the memorandum?"])
        .json();
    assert_eq!(json["answer"]["paragraph"], 5, "{json}");
    // The knob turns the rule off.
    let ranking = env.dir.path().join("ranking.toml");
    // (A word no paragraph holds weighs double, which declines it as well: weighed as the
    // others, only the focus rule does.)
    std::fs::write(
        &ranking,
        "focus_required = false\nunknown_word_weight = 1.0\n",
    )
    .unwrap();
    let json = env
        .run(&[
            "--ranking",
            ranking.to_str().unwrap(),
            "ask",
            "--json",
            "What is the population of Uzbekistan?",
        ])
        .json();
    assert!(!json["answer"].is_null(), "{json}");
}

#[test]
fn a_question_for_a_place_prefers_a_paragraph_that_names_one() {
    let env = TestEnv::with_article();
    let no_kinds = env.dir.path().join("no-kinds.toml");
    std::fs::write(&no_kinds, "kind_weight = 0.0\nkinds_required = false\n").unwrap();
    // Paragraphs 2 and 3 both say the MoU was signed; only 3 says where.
    for question in [
        "where was the MoU on critical minerals signed",
        "In which city was the MoU on critical minerals signed?",
    ] {
        let json = env.run(&["ask", "--json", question]).json();
        assert_eq!(json["answer"]["paragraph"], 3, "{question}: {json}");
        let args = ["--ranking", no_kinds.to_str().unwrap(), "ask", "--json"];
        let json = env.run(&[&args[..], &[question]].concat()).json();
        assert_eq!(
            json["answer"]["paragraph"], 2,
            "without kinds, {question}: {json}"
        );
    }
}

#[test]
fn a_question_for_an_amount_is_declined_by_paragraphs_without_one() {
    let env = TestEnv::with_article();
    // Every word is the article's, but no paragraph gives an age: paragraph 3's "16" is a day.
    let json = env
        .run(&["ask", "--json", "How old is Jonathan Henick?"])
        .json();
    assert!(json["answer"].is_null(), "{json}");
    assert_eq!(json["answer_type"], serde_json::json!(["quantity"]));
    assert_eq!(json["candidates"][0]["paragraph"], 3, "{json}");
    assert_eq!(json["candidates"][0]["set_aside"], "lacks_answer_kind");
    // "Who" is answered by a body of people when no person is named, and "how long" by when
    // something began.
    for (question, paragraph) in [
        ("Who announced the memorandum?", 2),
        (
            "How long has the dialogue on mineral resources been going on?",
            4,
        ),
    ] {
        let json = env.run(&["ask", "--json", question]).json();
        assert_eq!(json["answer"]["paragraph"], paragraph, "{question}: {json}");
    }
    // The knob turns the rule off.
    let ranking = env.dir.path().join("ranking.toml");
    std::fs::write(&ranking, "kinds_required = false\n").unwrap();
    let args = ["--ranking", ranking.to_str().unwrap(), "ask", "--json"];
    let json = env
        .run(&[&args[..], &["How old is Jonathan Henick?"]].concat())
        .json();
    assert_eq!(json["answer"]["paragraph"], 3, "{json}");
}

#[test]
fn the_focus_and_answer_type_explain_the_decision() {
    let env = TestEnv::with_article();
    let json = env
        .run(&["ask", "--json", "What is the population of Uzbekistan?"])
        .json();
    assert_eq!(json["focus"], "population");
    assert_eq!(json["answer_type"], serde_json::json!([]));
    for candidate in json["candidates"].as_array().unwrap() {
        assert_eq!(candidate["set_aside"], "misses_focus", "{json}");
    }
    let json = env.run(&["ask", "--json", "Who signed the MoU?"]).json();
    assert!(json["focus"].is_null(), "{json}");
    assert_eq!(json["answer_type"], serde_json::json!(["person"]));
    assert!(json["answer"].get("set_aside").is_none(), "{json}");
}

#[test]
fn the_sentence_set_apart_is_the_one_that_answers() {
    let env = TestEnv::with_article();
    for (question, sentence) in [
        (
            "Will Uzbekistan send a delegation to Las Vegas?",
            "A delegation from the Uzbek government",
        ),
        ("When is MINExpo?", "scheduled for September 24-26"),
        ("What are critical minerals used for?", "They are used in"),
    ] {
        let json = env.run(&["ask", "--json", question]).json();
        let marked = json["answer"]["sentence"].as_str().unwrap_or_default();
        assert!(marked.contains(sentence), "{question}: {json}");
    }
}

#[test]
fn a_question_is_answered_from_the_translation_in_its_language_with_the_original_named() {
    let env = TestEnv::with_article();
    env.add_files_of(&crate::util::fixture("translations"));
    for (question, lang, doc) in [
        ("Кто подписал меморандум?", "ru", "article-ru"),
        ("Memorandumni kim imzoladi?", "uz", "article-uz"),
        ("Меморандумни ким имзолади?", "uz", "article-uz"),
        ("Memorandumni kim imzoladi", "uz", "article-uz"),
        ("Who signed the memorandum?", "en", ARTICLE),
    ] {
        let json = env.run(&["ask", "--json", question]).json();
        assert_eq!(json["lang"], lang, "{question}: {json}");
        assert_eq!(json["answer"]["doc"], doc, "{question}: {json}");
        assert_eq!(json["answer"]["paragraph"], 3, "{question}: {json}");
        if lang != "en" {
            assert_eq!(
                json["answer"]["translation_of"],
                serde_json::json!({"doc": ARTICLE, "paragraph": 3}),
                "{question}: {json}"
            );
        }
    }
    let html = env.run(&["ask", "--html", "Кто подписал меморандум?"]).ok();
    assert!(html.contains("абзац 3"), "{html}");
    assert!(
        html.contains("Неофициальный перевод; оригинал: <i>Uzbekistan and USA Agree"),
        "{html}"
    );
    // The original's text follows, folded.
    assert!(
        html.contains("<blockquote expandable>The agreement was signed on September 16"),
        "{html}"
    );
    assert_eq!(
        crate::html_check::telegram_html_problem(&html),
        None,
        "{html}"
    );
    // `--lang` reads the question in the language named.
    let json = env
        .run(&["ask", "--json", "--lang", "en", "Кто подписал меморандум?"])
        .json();
    assert_eq!(json["lang"], "en");
    assert!(json["answer"].is_null(), "{json}");
    let run = env.run(&["ask", "--lang", "fr", "qui?"]);
    assert_eq!(run.code(), Some(2));
    assert!(
        run.stderr().contains("known: en, ru, uz"),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_question_the_documents_dont_answer_is_declined_in_its_language() {
    let env = TestEnv::with_article();
    env.add_files_of(&crate::util::fixture("translations"));
    for (question, start) in [
        (
            "Какая погода в Москве?",
            "Я не нашёл ответа на «Какая погода в Москве?»",
        ),
        ("Bugun ob-havo qanday?", "«Bugun ob-havo qanday?» savoliga"),
    ] {
        let html = env.run(&["ask", "--html", question]).ok();
        assert!(html.starts_with(start), "{html}");
    }
}

#[test]
fn a_document_in_english_only_is_found_by_russian_and_uzbek_questions_through_the_glossary() {
    let env = TestEnv::with_article();
    env.add_files_of(&crate::util::fixture("translations"));
    env.write(
        "critical-minerals-primer.md",
        std::fs::read(crate::util::fixture("more-documents").join("critical-minerals-primer.md"))
            .unwrap(),
    );
    for question in [
        "Для чего нужны постоянные магниты?",
        "Doimiy magnitlar nima uchun kerak?",
    ] {
        let json = env.run(&["ask", "--json", question]).json();
        assert_eq!(json["answer"]["doc"], "critical-minerals-primer", "{json}");
        assert_eq!(json["answer"]["paragraph"], 3, "{json}");
        assert!(
            json["via_glossary"]
                .as_str()
                .unwrap()
                .contains("permanent magnets")
        );
    }
    let html = env
        .run(&["ask", "--html", "Для чего нужны постоянные магниты?"])
        .ok();
    assert!(
        html.ends_with("Источник на английском языке: перевода этого документа пока нет.\n"),
        "{html}"
    );
    // A word the glossary lacks could be what is asked about: no reading into English.
    let json = env
        .run(&["ask", "--json", "Какое население Ташкента?"])
        .json();
    assert!(json["answer"].is_null(), "{json}");
    assert!(json.get("via_glossary").is_none(), "{json}");
}

#[test]
fn greetings_thanks_and_questions_about_the_bot_are_small_talk_in_each_language() {
    let env = TestEnv::with_article();
    env.add_files_of(&crate::util::fixture("translations"));
    for (message, kind, lang) in [
        ("hi", "greeting", "en"),
        ("Hello bot!", "greeting", "en"),
        ("thanks a lot!", "thanks", "en"),
        ("Who are you?", "identity", "en"),
        ("what can you do?", "capabilities", "en"),
        ("Привет!", "greeting", "ru"),
        ("спасибо", "thanks", "ru"),
        ("Что ты умеешь?", "capabilities", "ru"),
        ("Assalomu alaykum", "greeting", "uz"),
        ("Rahmat!", "thanks", "uz"),
    ] {
        let json = env.run(&["ask", "--json", message]).json();
        assert_eq!(json["kind"], "small_talk", "{message}: {json}");
        assert_eq!(json["small_talk"], kind, "{message}: {json}");
        assert_eq!(json["lang"], lang, "{message}: {json}");
    }
    // A question that starts with a greeting is a question.
    let json = env
        .run(&["ask", "--json", "hi, who signed the memorandum?"])
        .json();
    assert_eq!(json["kind"], "answer", "{json}");
    let html = env.run(&["ask", "--html", "hello"]).ok();
    assert!(html.starts_with("Hello! Ask me anything"), "{html}");
    assert!(!html.contains("couldn't find"), "{html}");
}

#[test]
fn bench_against_bare_measures_both_in_one_run_and_prints_their_ratio() {
    let env = TestEnv::with_article();
    let questions = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/questions.jsonl");
    let questions = questions.to_str().unwrap();
    let out = env
        .run(&[
            "bench",
            "--questions",
            questions,
            "--rounds",
            "2",
            "--against-bare",
        ])
        .ok();
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("answer path: ") && lines[0].contains("× 1 measured rounds"),
        "{out}"
    );
    assert!(
        lines[2].starts_with("bare engine: ") && lines[2].contains("× 1 measured rounds"),
        "{out}"
    );
    assert!(
        lines[4].starts_with("answer path / bare engine: p50 "),
        "{out}"
    );

    let both = env.run(&[
        "bench",
        "--questions",
        questions,
        "--bare",
        "--against-bare",
    ]);
    assert_eq!(both.code(), Some(2), "{}", both.stderr());
    assert!(
        both.stderr().contains("cannot be used with"),
        "{}",
        both.stderr()
    );
}
