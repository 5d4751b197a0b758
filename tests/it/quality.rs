//! Retrieval quality on the question set, with the thresholds the project promises.

use std::path::Path;

use mou_bot::eval::{self, Category};

use crate::util::TestEnv;

#[test]
fn the_question_set_meets_the_quality_bar() {
    let env = TestEnv::with_shipped_corpus();
    let answerer = env.answerer();
    let questions =
        eval::load_questions(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/questions.jsonl"))
            .unwrap();
    let report = eval::evaluate(&answerer, &questions);
    let table = eval::render(&report);
    let hit1 = |name: &str| report.categories[name].hit_at_1;

    assert!(questions.len() >= 80, "{}", questions.len());
    assert!(hit1("direct") >= 0.95, "{table}");
    assert!(hit1("casual") >= 0.9, "{table}");
    assert!(hit1("paraphrase") >= 0.8, "{table}");
    assert!(report.off_topic_declined >= 0.9, "{table}");
    assert!(report.answerable_wrongly_declined <= 0.05, "{table}");
    let adversarial = report
        .judged
        .iter()
        .filter(|j| j.category == Category::Adversarial);
    for judged in adversarial {
        assert!(judged.error.is_none(), "{judged:?}");
    }
}

#[test]
fn every_paragraph_answers_several_questions() {
    let questions =
        eval::load_questions(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/questions.jsonl"))
            .unwrap();
    for paragraph in 1..=9 {
        let key = eval::paragraph_key(crate::util::ARTICLE, paragraph);
        let count = questions
            .iter()
            .filter(|q| q.answers.contains(&key))
            .count();
        assert!(
            count >= 2,
            "paragraph {paragraph} answers only {count} questions"
        );
    }
}

#[test]
fn the_example_questions_offered_to_users_are_answered() {
    let env = TestEnv::with_shipped_corpus();
    let answerer = env.answerer();
    let info = answerer.info();
    let examples = mou_bot::reply::example_questions(&info, usize::MAX);
    assert!(examples.len() >= 2);
    for example in examples {
        assert!(answerer.answer(example, 3).unwrap().answered, "{example}");
    }
}

#[test]
fn eval_prints_a_table_and_fails_below_a_threshold() {
    let env = TestEnv::with_shipped_corpus();
    let qa = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/questions.jsonl");
    let trec = env.dir.path().join("trec");
    let run = env.run(&[
        "eval",
        "--qa",
        qa.to_str().unwrap(),
        "--trec",
        trec.to_str().unwrap(),
    ]);
    let out = run.ok();
    assert!(out.contains("paraphrase") && out.contains("Hit@1"), "{out}");
    let run_file = std::fs::read_to_string(trec.join("run.txt")).unwrap();
    assert!(
        run_file.lines().next().unwrap().split(' ').count() == 6,
        "{run_file}"
    );
    assert!(
        std::fs::read_to_string(trec.join("qrels.txt"))
            .unwrap()
            .contains(" 0 uzbekistan")
    );
    let strict = env.run(&["eval", "--qa", qa.to_str().unwrap(), "--min-hit1", "1.01"]);
    assert_eq!(strict.code(), Some(1));
    assert!(strict.stderr().contains("Hit@1 is"), "{}", strict.stderr());
}
