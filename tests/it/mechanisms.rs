//! Every ranking mechanism is guarded: turned off, some test fails.
//!
//! Each file in `tests/ablations/` turns one mechanism off (`mou-bot --ranking FILE`). The test
//! below runs two kinds of check with the defaults and with each of those files: the main
//! question set's gates, which notice a mechanism whose effect is broad (synonyms, typo
//! correction, the shared rarity of synonyms), and one targeted question per mechanism whose
//! effect is narrow, answered from the frozen fixtures (`tests/fixtures/`) so that operators'
//! documents never change them. With the defaults every check passes; with each ablation at
//! least one fails. A new mechanism gets its ablation file, and a case here when no check
//! notices it yet; a mechanism whose default is turned off fails the defaults' run.

use std::path::{Path, PathBuf};

use mou_bot::eval;
use mou_bot::question_set;
use mou_bot::search::{Answerer, Ranking};

use crate::quality::gate_failures;
use crate::util::{TestEnv, fixture, shipped_corpus};

/// What a targeted question must get.
enum Expect {
    /// One of these paragraphs (`doc-id#n`), answered.
    AnswerIn(&'static [&'static str]),
    Declined,
}

/// A question that one mechanism decides, and what the defaults answer.
struct Case {
    mechanism: &'static str,
    question: &'static str,
    expect: Expect,
}

/// The article's paragraphs that state what the MoU is for (4–6, 9), in English and Uzbek.
const AIMS_EN: &[&str] = &[
    "uzbekistan-us-critical-minerals-mou#4",
    "uzbekistan-us-critical-minerals-mou#5",
    "uzbekistan-us-critical-minerals-mou#6",
    "uzbekistan-us-critical-minerals-mou#9",
];
const AIMS_UZ: &[&str] = &[
    "article-uz#4",
    "article-uz#5",
    "article-uz#6",
    "article-uz#9",
];

const CASES: &[Case] = &[
    Case {
        mechanism: "phrases: adjacent question words found adjacent weigh more",
        // Paragraph 2 has "Uzbekistan and the United States" as written; 3 has the words apart.
        question: "What did Uzbekistan and the United States sign?",
        expect: Expect::AnswerIn(&["uzbekistan-us-critical-minerals-mou#2"]),
    },
    Case {
        mechanism: "coverage rerank: the paragraph holding more of the question ranks first",
        question: "Will the countries work together on exploration?",
        expect: Expect::AnswerIn(&["uzbekistan-us-critical-minerals-mou#5"]),
    },
    Case {
        mechanism: "coverage rerank, in Russian",
        question: "Будут ли страны вместе заниматься геологоразведкой?",
        expect: Expect::AnswerIn(&["article-ru#5"]),
    },
    Case {
        mechanism: "focus: what the question names as asked about must be there",
        question: "What is the weather in Nevada in September?",
        expect: Expect::Declined,
    },
    Case {
        mechanism: "focus",
        question: "What is the salary of the U.S. ambassador?",
        expect: Expect::Declined,
    },
    Case {
        mechanism: "bare numbers: a number that is no date is not searched as a word",
        question: "What did the two governments agree on in Tashkent?",
        expect: Expect::AnswerIn(&["uzbekistan-us-critical-minerals-mou#3"]),
    },
    Case {
        mechanism: "captions answer only questions about the picture",
        question: "здравствуйте а с какой страной узбекистан подписал мемарандум",
        expect: Expect::AnswerIn(&["article-ru#3"]),
    },
    Case {
        mechanism: "a word no paragraph holds weighs double",
        question: "When does the memorandum expire?",
        expect: Expect::Declined,
    },
    Case {
        mechanism: "unwrapping: the question inside greetings and thanks is searched",
        question: "Good morning! Could you please tell me who signed the memorandum? Thank you very much in advance.",
        expect: Expect::AnswerIn(&["uzbekistan-us-critical-minerals-mou#3"]),
    },
    Case {
        mechanism: "purpose words: a question of what for is searched by the words aims are stated in",
        question: "why was it signed?",
        expect: Expect::AnswerIn(AIMS_EN),
    },
    Case {
        mechanism: "related forms: a Russian form its stemmer misses",
        question: "кто подписывал меморандум",
        expect: Expect::AnswerIn(&["article-ru#3"]),
    },
    Case {
        mechanism: "kind depth: a question for a kind weighs more retrieved paragraphs",
        question: "bu kelishuv nima uchun imzolandi?",
        expect: Expect::AnswerIn(AIMS_UZ),
    },
    Case {
        mechanism: "answer kinds: a question for a place prefers a paragraph naming one",
        question: "where was the MoU on critical minerals signed",
        expect: Expect::AnswerIn(&["uzbekistan-us-critical-minerals-mou#3"]),
    },
    Case {
        mechanism: "answer kinds required: no age in any paragraph declines",
        question: "How old is Jonathan Henick?",
        expect: Expect::Declined,
    },
];

/// The targeted cases that `answerer` (on the fixtures) gets wrong.
fn case_failures(answerer: &Answerer) -> Vec<String> {
    let mut failures = Vec::new();
    for case in CASES {
        let outcome = answerer.answer(case.question, 5).unwrap();
        let got = outcome.answer().map(|passage| passage.key());
        let right = match (&case.expect, &got) {
            (Expect::AnswerIn(keys), Some(key)) => keys.contains(&key.as_str()),
            (Expect::Declined, None) => true,
            _ => false,
        };
        if !right {
            failures.push(format!(
                "{} — {:?} got {}",
                case.mechanism,
                case.question,
                got.as_deref().unwrap_or("no answer")
            ));
        }
    }
    failures
}

fn ablations() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ablations");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();
    files
}

#[test]
fn turning_off_any_ranking_mechanism_fails_a_check() {
    // The fixtures: the article and its Russian and Uzbek translations.
    let fixtures = TestEnv::with_article();
    fixtures.add_files_of(&fixture("translations"));
    let shipped = TestEnv::with_copy_of(&shipped_corpus());
    let main_set = question_set::load_labelled(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/questions.jsonl"),
    )
    .unwrap();
    let checks = |ranking: Ranking| -> Vec<String> {
        let on_fixtures = Answerer::open(&fixtures.corpus, &fixtures.index, ranking.clone());
        let on_shipped = Answerer::open(&shipped.corpus, &shipped.index, ranking);
        let mut failures = case_failures(&on_fixtures.unwrap().0);
        let report = eval::evaluate(&on_shipped.unwrap().0, &main_set);
        failures.extend(gate_failures(&report));
        failures
    };
    let with_defaults = checks(Ranking::default());
    assert!(
        with_defaults.is_empty(),
        "the defaults fail: {with_defaults:#?}"
    );
    let files = ablations();
    assert!(files.len() >= 10, "{files:?}");
    let mut unguarded = Vec::new();
    for file in &files {
        let failures = checks(Ranking::load(file).unwrap());
        let name = file.file_name().unwrap().to_string_lossy();
        println!("{name}: {} checks fail: {failures:#?}", failures.len());
        if failures.is_empty() {
            unguarded.push(name.into_owned());
        }
    }
    assert!(
        unguarded.is_empty(),
        "no check notices these mechanisms turned off: {unguarded:?}"
    );
}
