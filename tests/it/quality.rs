//! Retrieval quality on the question set, against the gates the project keeps.
//!
//! These are the only tests that read the shipped `corpus/`: they measure what users get. They
//! count none of its documents or paragraphs, so an operator adding a document or a
//! translation changes the figures, not the tests' logic.

use std::path::{Path, PathBuf};

use mou_bot::eval::{self, Report};
use mou_bot::question_set::{self, Category, LabelledQuestion, paragraph_key};

use crate::util::{TestEnv, shipped_corpus};

fn question_set() -> Vec<LabelledQuestion> {
    question_set::load_labelled(&questions_file()).unwrap()
}

fn questions_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/questions.jsonl")
}

/// The gates, set a question's worth or more below the figures measured (README, Quality), so
/// one question that flips is noticed in the eval's misses, not as a failed build; a real
/// regression still fails them.
#[track_caller]
fn assert_meets_the_gates(report: &Report) {
    let table = eval::render(report);
    let hit1 = |name: &str| report.categories[name].hit_at_1;
    assert!(hit1("direct") >= 0.9, "{table}");
    assert!(hit1("casual") >= 0.9, "{table}");
    assert!(hit1("paraphrase") >= 0.75, "{table}");
    assert!(report.off_topic_declined >= 0.9, "{table}");
    assert!(report.answerable_wrongly_declined <= 0.05, "{table}");
    assert!(report.answerable.sentence >= Some(0.85), "{table}");
    let adversarial = report
        .judged
        .iter()
        .filter(|j| j.category == Category::Adversarial);
    for judged in adversarial {
        assert!(judged.error.is_none(), "{judged:?}");
    }
}

#[test]
fn the_question_set_meets_the_quality_gates() {
    let env = TestEnv::with_copy_of(&shipped_corpus());
    let questions = question_set();
    assert!(questions.len() >= 80, "{}", questions.len());
    let report = eval::evaluate(&env.answerer(), &questions);
    assert_meets_the_gates(&report);
}

/// The held-out set (`tests/questions-test.jsonl`), written before any tuning and only measured:
/// gated a question below its figures, like the main set (README, Quality).
#[test]
fn the_held_out_set_meets_its_gates() {
    let env = TestEnv::with_copy_of(&shipped_corpus());
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/questions-test.jsonl");
    let questions = question_set::load_labelled(&file).unwrap();
    let report = eval::evaluate(&env.answerer(), &questions);
    let table = eval::render(&report);
    assert!(questions.len() >= 40, "{}", questions.len());
    assert!(report.categories["paraphrase"].hit_at_1 >= 0.68, "{table}");
    assert!(report.near_off_topic_declined >= 0.68, "{table}");
    assert!(report.answerable_wrongly_declined <= 0.23, "{table}");
}

/// The Russian and Uzbek sets (dev, tuned on; test, only measured), answered from the shipped
/// translations: gated a question below their figures (README, Quality).
#[test]
fn the_russian_and_uzbek_sets_meet_their_gates() {
    let env = TestEnv::with_copy_of(&shipped_corpus());
    let answerer = env.answerer();
    for (file, min_hit_at_1) in [
        ("questions-ru-dev.jsonl", 0.82),
        ("questions-ru-test.jsonl", 0.76),
        ("questions-uz-dev.jsonl", 0.82),
        ("questions-uz-test.jsonl", 0.76),
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests")
            .join(file);
        let questions = question_set::load_labelled(&path).unwrap();
        assert!(questions.len() >= 20, "{file}");
        let report = eval::evaluate(&answerer, &questions);
        let table = eval::render(&report);
        assert!(
            report.answerable.hit_at_1 >= min_hit_at_1,
            "{file}\n{table}"
        );
        assert!(report.off_topic_declined >= 0.9, "{file}\n{table}");
        assert!(report.near_off_topic_declined >= 0.9, "{file}\n{table}");
        assert!(
            report.answerable_wrongly_declined <= 0.12,
            "{file}\n{table}"
        );
    }
}

/// Translations are searched only by questions in their language: taking them out of the
/// corpus changes no English answer.
#[test]
fn the_translations_leave_every_english_answer_as_it_was() {
    let alone = TestEnv::with_copy_of(&shipped_corpus());
    let translated = TestEnv::with_copy_of(&shipped_corpus());
    let mut removed = 0;
    for entry in std::fs::read_dir(&alone.corpus).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        if text.contains("\ntranslation_of = ") {
            std::fs::remove_file(&path).unwrap();
            removed += 1;
        }
    }
    assert!(
        removed >= 2,
        "the shipped corpus has its Russian and Uzbek translations"
    );
    let questions = question_set();
    let before = eval::evaluate(&alone.answerer(), &questions);
    let after = eval::evaluate(&translated.answerer(), &questions);
    assert_meets_the_gates(&after);
    for (was, is) in before.judged.iter().zip(&after.judged) {
        assert_eq!(
            (was.answered, was.ranked.first()),
            (is.answered, is.ranked.first()),
            "{}: {:?}",
            was.id,
            was.question
        );
    }
}

#[test]
fn every_paragraph_the_set_asks_about_answers_several_questions() {
    let questions = question_set();
    let files = mou_bot::corpus::CorpusFiles::list(&shipped_corpus()).unwrap();
    let mut checked = 0;
    for path in &files.documents {
        let document = mou_bot::corpus::load_document(path).unwrap();
        let key = |n: u32| paragraph_key(&document.id, n);
        let asked_about = (1..=document.paragraphs.len() as u32)
            .any(|n| questions.iter().any(|q| q.answers.contains(&key(n))));
        if !asked_about {
            continue; // a document the set does not ask about, such as a translation
        }
        for paragraph in &document.paragraphs {
            let count = questions
                .iter()
                .filter(|q| q.answers.contains(&key(paragraph.number)))
                .count();
            assert!(
                count >= 2,
                "{} paragraph {} answers only {count} questions",
                document.id,
                paragraph.number
            );
            checked += 1;
        }
    }
    assert!(
        checked > 0,
        "the question set asks about no document of corpus/"
    );
}

#[test]
fn the_example_questions_offered_to_users_are_answered() {
    let env = TestEnv::with_copy_of(&shipped_corpus());
    let answerer = env.answerer();
    let info = answerer.info();
    use mou_bot::reply::Lang;
    for lang in [Lang::En, Lang::Ru, Lang::Uz] {
        let examples = mou_bot::reply::example_questions(&info, lang, usize::MAX);
        assert!(examples.len() >= 2, "{lang:?}");
        for example in examples {
            let outcome = answerer.answer(example, 3).unwrap();
            assert!(outcome.answered, "{example}");
            // Asked in its language, answered in it.
            assert_eq!(outcome.language.code, lang.code(), "{example}");
        }
    }
}

#[test]
fn eval_prints_a_table_and_fails_below_a_threshold() {
    let env = TestEnv::with_article();
    let qa = questions_file();
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
