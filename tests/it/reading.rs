//! Reading what people mean: a question inside greetings and stories, questions about what
//! something is for, and the focus of near-off-topic questions in every language. Each test
//! shows its mechanism deciding a question, and the ranking knob that turns it off undoing it.

use crate::util::{TestEnv, fixture};

/// `ask --json` of `question`, with the ranking overrides `toml` (none when empty).
fn ask(env: &TestEnv, toml: &str, question: &str) -> serde_json::Value {
    if toml.is_empty() {
        return env.run(&["ask", "--json", question]).json();
    }
    let ranking = env.dir.path().join("ranking.toml");
    std::fs::write(&ranking, toml).unwrap();
    env.run(&[
        "--ranking",
        ranking.to_str().unwrap(),
        "ask",
        "--json",
        question,
    ])
    .json()
}

fn with_translations() -> TestEnv {
    let env = TestEnv::with_article();
    env.add_files_of(&fixture("translations"));
    env
}

#[test]
fn a_question_wrapped_in_greetings_and_thanks_is_answered_and_shows_what_was_searched() {
    let env = TestEnv::with_article();
    let message = "Good morning! Could you please tell me who signed the memorandum? Thank you very much in advance.";
    let json = ask(&env, "", message);
    assert_eq!(json["answer"]["paragraph"], 3, "{json}");
    assert_eq!(json["searched"], "who signed the memorandum?", "{json}");
    assert_eq!(json["question"], message);
    let story = "I was reading the news today and I wonder who signed the memorandum";
    assert_eq!(ask(&env, "", story)["answer"]["paragraph"], 3);
    // Searched whole, "morning" and "advance" count against it.
    let json = ask(&env, "unwrap_questions = false\n", message);
    assert!(json["answer"].is_null(), "{json}");
}

#[test]
fn a_message_of_politeness_alone_is_small_talk() {
    let env = TestEnv::with_article();
    for (message, kind) in [
        ("Thanks! 🙏", "thanks"),
        ("ok, good morning", "greeting"),
        ("bye!", "goodbye"),
        ("😂😂😂", "laughter"),
        ("stupid bot", "complaint"),
        ("are you a human?", "identity"),
    ] {
        let json = ask(&env, "", message);
        assert_eq!(json["kind"], "small_talk", "{message}: {json}");
        assert_eq!(json["small_talk"], kind, "{message}: {json}");
    }
}

#[test]
fn a_purpose_question_is_answered_by_a_paragraph_that_states_an_aim() {
    let env = TestEnv::with_article();
    let aims = [4, 5, 6, 9];
    for question in ["why was it signed?", "What is the memorandum for?"] {
        let json = ask(&env, "", question);
        let paragraph = json["answer"]["paragraph"].as_u64();
        assert!(
            paragraph.is_some_and(|p| aims.contains(&p)),
            "{question}: {json}"
        );
        assert!(
            json["answer_type"].to_string().contains("purpose"),
            "{json}"
        );
    }
    // Without the words aims are stated in, "signed" finds only the signing.
    let json = ask(&env, "purpose_words = false\n", "why was it signed?");
    let paragraph = json["answer"]["paragraph"].as_u64();
    assert!(!paragraph.is_some_and(|p| aims.contains(&p)), "{json}");
    // "In which areas" asks for a list, which paragraph 5 gives.
    let json = ask(
        &env,
        "",
        "In which areas will Uzbekistan and the U.S. cooperate?",
    );
    assert_eq!(json["answer"]["paragraph"], 5, "{json}");
    assert_eq!(json["answer_type"], serde_json::json!(["scope"]));
    // "What is it good for?" asks for a use, not an aim.
    let json = ask(&env, "", "What are these minerals good for?");
    assert_eq!(json["answer_type"], serde_json::json!([]), "{json}");
}

#[test]
fn a_word_no_paragraph_holds_weighs_double() {
    let env = TestEnv::with_article();
    for question in ["When does the memorandum expire?", "Who organises MINExpo?"] {
        let json = ask(&env, "", question);
        assert!(json["answer"].is_null(), "{question}: {json}");
        assert!(
            json["unknown_words"]
                .as_array()
                .is_some_and(|w| w.len() == 1),
            "{json}"
        );
        let json = ask(&env, "unknown_word_weight = 1.0\n", question);
        assert!(!json["answer"].is_null(), "{question}: {json}");
    }
}

#[test]
fn russian_and_uzbek_questions_name_their_focus_as_english_ones_do() {
    let env = with_translations();
    for (question, focus) in [
        ("Кто президент Узбекистана?", "президент"),
        ("O‘zbekiston prezidenti kim?", "prezidenti"),
        ("население узбекистана", "население"),
        ("погода в Ташкенте", "погода"),
        ("population of uzbekistan", "population"),
    ] {
        let json = ask(&env, "", question);
        assert!(json["answer"].is_null(), "{question}: {json}");
        assert_eq!(json["focus"], focus, "{question}: {json}");
        let off = "focus_required = false\nunknown_word_weight = 1.0\n";
        let json = ask(&env, off, question);
        assert!(!json["answer"].is_null(), "{question}: {json}");
    }
    // A which word after a preposition asks for a thing of a category, named or not.
    let json = ask(&env, "", "с какой страной Узбекистан подписал меморандум");
    assert!(json["focus"].is_null(), "{json}");
    assert!(!json["answer"].is_null(), "{json}");
}

#[test]
fn a_russian_form_its_stemmer_misses_is_read_as_a_related_form() {
    let env = with_translations();
    let question = "кто подписывал меморандум";
    let json = ask(&env, "", question);
    assert_eq!(json["answer"]["paragraph"], 3, "{json}");
    let json = ask(&env, "related_forms = false\n", question);
    assert!(json["answer"].is_null(), "{json}");
}

#[test]
fn a_question_asking_for_a_kind_weighs_more_retrieved_paragraphs() {
    let env = with_translations();
    let question = "bu kelishuv nima uchun imzolandi?";
    let json = ask(&env, "", question);
    let paragraph = json["answer"]["paragraph"].as_u64();
    assert!(
        paragraph.is_some_and(|p| [4, 5, 6, 9].contains(&p)),
        "{json}"
    );
    let json = ask(&env, "kind_rerank_depth = 3\n", question);
    assert_eq!(json["answer"]["paragraph"], 3, "{json}");
}
