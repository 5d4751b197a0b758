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

/// The gates, set a question's worth or more below the figures measured (docs/QUALITY.md), so
/// one question that flips is noticed in the eval's misses, not as a failed build; a real
/// regression still fails them. Returns the gates `report` misses, each with its figure.
pub(crate) fn gate_failures(report: &Report) -> Vec<String> {
    let hit1 = |name: &str| report.categories[name].hit_at_1;
    let mut failures = Vec::new();
    let mut gate = |passes: bool, what: String| {
        if !passes {
            failures.push(what);
        }
    };
    gate(
        hit1("direct") >= 0.9,
        format!("direct Hit@1 {:.3} < 0.9", hit1("direct")),
    );
    gate(
        hit1("casual") >= 0.9,
        format!("casual Hit@1 {:.3} < 0.9", hit1("casual")),
    );
    gate(
        hit1("paraphrase") >= 0.75,
        format!("paraphrase Hit@1 {:.3} < 0.75", hit1("paraphrase")),
    );
    gate(
        report.off_topic_declined >= 0.9,
        format!("off-topic declined {:.3} < 0.9", report.off_topic_declined),
    );
    gate(
        report.answerable_wrongly_declined <= 0.05,
        format!(
            "answerable wrongly declined {:.3} > 0.05",
            report.answerable_wrongly_declined
        ),
    );
    gate(
        report.answerable.sentence >= Some(0.85),
        format!("sentence {:?} < 0.85", report.answerable.sentence),
    );
    let adversarial = report
        .judged
        .iter()
        .filter(|j| j.category == Category::Adversarial);
    for judged in adversarial {
        gate(
            judged.error.is_none(),
            format!("adversarial failed: {judged:?}"),
        );
    }
    failures
}

#[track_caller]
fn assert_meets_the_gates(report: &Report) {
    let failures = gate_failures(report);
    assert!(
        failures.is_empty(),
        "{failures:#?}\n{}",
        eval::render(report)
    );
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
/// gated a question below its figures, like the main set (docs/QUALITY.md).
#[test]
fn the_held_out_set_meets_its_gates() {
    let env = TestEnv::with_copy_of(&shipped_corpus());
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/questions-test.jsonl");
    let questions = question_set::load_labelled(&file).unwrap();
    let report = eval::evaluate(&env.answerer(), &questions);
    let table = eval::render(&report);
    assert!(questions.len() >= 40, "{}", questions.len());
    assert!(report.categories["paraphrase"].hit_at_1 >= 0.77, "{table}");
    assert!(report.near_off_topic_declined >= 0.81, "{table}");
    assert!(report.answerable_wrongly_declined <= 0.23, "{table}");
}

/// The Russian and Uzbek sets (dev, tuned on; test, only measured), answered from the shipped
/// translations: gated a question below their figures (docs/QUALITY.md).
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

/// The sets of questions wrapped in greetings and stories, purpose questions and
/// near-off-topic ones, per language (dev tuned on; test written blind and only measured; dev2
/// more tuning questions, heavily paraphrased): each gated a question below its figures
/// (docs/QUALITY.md), so one question that flips shows in `eval`, and a broken mechanism fails.
#[test]
fn the_reading_sets_meet_their_gates() {
    let env = TestEnv::with_copy_of(&shipped_corpus());
    let answerer = env.answerer();
    // (file, wrapped Hit@1, purpose Hit@1, near-off-topic declined, answerable declined at most)
    for (file, wrapped, purpose, near_declined, wrongly_declined) in [
        ("questions-reading-en-dev.jsonl", 0.95, 0.82, 0.79, 0.05),
        ("questions-reading-en-test.jsonl", 0.69, 0.64, 0.70, 0.23),
        ("questions-reading-en-dev2.jsonl", 0.63, 0.25, 0.68, 0.36),
        ("questions-reading-ru-dev.jsonl", 0.91, 0.76, 0.82, 0.05),
        ("questions-reading-ru-test.jsonl", 0.58, 0.58, 0.86, 0.27),
        ("questions-reading-ru-dev2.jsonl", 0.46, 0.45, 0.92, 0.36),
        ("questions-reading-uz-dev.jsonl", 0.83, 0.83, 0.83, 0.08),
        ("questions-reading-uz-test.jsonl", 0.50, 0.61, 0.79, 0.34),
        ("questions-reading-uz-dev2.jsonl", 0.46, 0.35, 0.88, 0.42),
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests")
            .join(file);
        let questions = question_set::load_labelled(&path).unwrap();
        let report = eval::evaluate(&answerer, &questions);
        let table = eval::render(&report);
        let hit1 = |name: &str| report.categories[name].hit_at_1;
        assert!(hit1("wrapped") >= wrapped, "{file}\n{table}");
        assert!(hit1("purpose") >= purpose, "{file}\n{table}");
        assert!(
            report.near_off_topic_declined >= near_declined,
            "{file}\n{table}"
        );
        assert!(
            report.answerable_wrongly_declined <= wrongly_declined,
            "{file}\n{table}"
        );
    }
}

/// The conversation sets (follow-ups, More, replies, small talk and topic changes, played
/// through the dialogue as the bot plays them): each gated a dialogue below its figures
/// (docs/QUALITY.md), and no turn may fail with an error.
#[test]
fn the_conversation_sets_meet_their_gates() {
    let env = TestEnv::with_copy_of(&shipped_corpus());
    let answerer = env.answerer();
    for (file, right) in [
        ("conversations-en-dev.jsonl", 0.85),
        ("conversations-en-dev2.jsonl", 0.79),
        ("conversations-en-test.jsonl", 0.70),
        ("conversations-ru-dev.jsonl", 0.82),
        ("conversations-ru-dev2.jsonl", 0.83),
        ("conversations-ru-test.jsonl", 0.85),
        ("conversations-uz-dev.jsonl", 0.88),
        ("conversations-uz-dev2.jsonl", 0.76),
        ("conversations-uz-test.jsonl", 0.82),
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests")
            .join(file);
        let dialogues = question_set::load_dialogues(&path).unwrap();
        assert!(dialogues.len() >= 30, "{file}: {}", dialogues.len());
        let report = eval::evaluate_dialogues(&answerer, &dialogues);
        let table = eval::render_dialogues(&report);
        assert_eq!(report.errors, 0, "{file}\n{table}");
        assert!(report.right >= right, "{file}\n{table}");
    }
}

/// More documents on the same subject must not make answers worse: with the project's extra
/// test documents (a primer and a short second item on the signing) beside `corpus/`, no
/// category of any set may drop by more than 0.05 or one question, whichever is larger. Where
/// the project falls short today, the drop measured is the bound (docs/QUALITY.md says why), so
/// a change that makes it worse still fails.
#[test]
fn more_documents_on_the_subject_leave_the_answers_as_they_were() {
    let alone = TestEnv::with_copy_of(&shipped_corpus());
    let more = TestEnv::with_copy_of(&shipped_corpus());
    for name in ["critical-minerals-primer.md", "mou-signing-brief.md"] {
        more.write(
            name,
            std::fs::read(crate::util::fixture("more-documents").join(name)).unwrap(),
        );
    }
    let (alone, more) = (alone.answerer(), more.answerer());
    // Known shortfalls: (file, category, questions it may lose).
    let known = [
        ("questions.jsonl", "casual", 2),
        ("questions.jsonl", "paraphrase", 4),
        ("questions-reading-en-dev.jsonl", "wrapped", 2),
        ("questions-reading-en-test.jsonl", "wrapped", 2),
    ];
    for file in [
        "questions.jsonl",
        "questions-dev.jsonl",
        "questions-test.jsonl",
        "questions-ru-dev.jsonl",
        "questions-ru-test.jsonl",
        "questions-uz-dev.jsonl",
        "questions-uz-test.jsonl",
        "questions-reading-en-dev.jsonl",
        "questions-reading-en-test.jsonl",
        "questions-reading-ru-dev.jsonl",
        "questions-reading-ru-test.jsonl",
        "questions-reading-uz-dev.jsonl",
        "questions-reading-uz-test.jsonl",
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests")
            .join(file);
        let questions = question_set::load_labelled(&path).unwrap();
        let before = eval::evaluate(&alone, &questions);
        let after = eval::evaluate(&more, &questions);
        for (name, was) in &before.categories {
            let is = &after.categories[name];
            let (was, is, n) = if *name == "off-topic" || *name == "near-off-topic" {
                (was.declined, is.declined, was.questions)
            } else {
                (was.hit_at_1, is.hit_at_1, was.questions)
            };
            let lost = ((was - is) * n as f64).round() as i64;
            let allowed = known
                .iter()
                .find(|(f, c, _)| *f == file && c == name)
                .map_or((0.05 * n as f64).floor().max(1.0) as i64, |(_, _, lost)| {
                    *lost
                });
            assert!(
                lost <= allowed,
                "{file} {name}: {was:.3} → {is:.3} with more documents ({lost} questions lost, {allowed} allowed)\n{}",
                eval::render(&after)
            );
        }
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
    use mou_bot::language::{EN, RU, UZ};
    for lang in [EN, RU, UZ] {
        let examples = mou_bot::reply::example_questions(&info, lang, usize::MAX);
        assert!(examples.len() >= 2, "{}", lang.code);
        for example in examples {
            let outcome = answerer.answer(example, 3).unwrap();
            assert!(outcome.answered, "{example}");
            // Asked in its language, answered in it.
            assert_eq!(outcome.language.code, lang.code, "{example}");
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
