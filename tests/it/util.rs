//! A temporary corpus and index for one test, and a way to run the binary against them.
//!
//! Tests of mechanics run on fixture corpora under `tests/fixtures/`, which stay as they are
//! when operators change `corpus/`; only the quality gates read the shipped corpus.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// The repository's own corpus: what the bot ships with and operators edit.
pub fn shipped_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// A fixture corpus under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The id of the article, in the shipped corpus and in the `article` fixture.
pub const ARTICLE: &str = "uzbekistan-us-critical-minerals-mou";

pub struct TestEnv {
    pub dir: TempDir,
    pub corpus: PathBuf,
    pub index: PathBuf,
}

impl TestEnv {
    /// The `article` fixture (the article, one document of 9 paragraphs, and its synonyms
    /// file) and a not-yet-built index.
    pub fn with_article() -> TestEnv {
        TestEnv::with_copy_of(&fixture("article"))
    }

    /// A copy of the files of `corpus` and a not-yet-built index.
    pub fn with_copy_of(corpus: &Path) -> TestEnv {
        let env = TestEnv::empty();
        env.add_files_of(corpus);
        env
    }

    /// Copies the files of `dir` into this environment's corpus.
    pub fn add_files_of(&self, dir: &Path) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, self.corpus.join(path.file_name().unwrap())).unwrap();
        }
    }

    /// An empty corpus directory.
    pub fn empty() -> TestEnv {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus).unwrap();
        let index = dir.path().join("index");
        TestEnv { dir, corpus, index }
    }

    /// The answer path on this environment's index (built on first use).
    pub fn answerer(&self) -> mou_bot::search::Answerer {
        let ranking = mou_bot::search::Ranking::default();
        mou_bot::search::Answerer::open(&self.corpus, &self.index, ranking)
            .expect("the test corpus indexes")
            .0
    }

    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.corpus.join(name);
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// A command for the binary, pointed at this environment's corpus and index.
    pub fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_mou-bot"));
        command
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("MOU_CORPUS", &self.corpus)
            .env("MOU_INDEX", &self.index)
            .current_dir(self.dir.path());
        command
    }

    pub fn run(&self, args: &[&str]) -> Run {
        Run(self.command().args(args).output().unwrap())
    }

    /// Runs `reindex` and returns its stdout, failing the test when it fails.
    #[track_caller]
    pub fn reindex(&self) -> String {
        self.run(&["reindex"]).ok()
    }
}

/// A finished run of the binary.
pub struct Run(pub Output);

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }

    pub fn code(&self) -> Option<i32> {
        self.0.status.code()
    }

    /// Asserts success and returns stdout.
    #[track_caller]
    pub fn ok(&self) -> String {
        assert_eq!(
            self.code(),
            Some(0),
            "exit {:?}\nstdout:\n{}\nstderr:\n{}",
            self.code(),
            self.stdout(),
            self.stderr()
        );
        self.stdout()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.ok()).unwrap_or_else(|err| panic!("{err}: {}", self.stdout()))
    }
}

/// A document file with a header.
pub fn document(title: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\n+++\n\n{body}\n")
}
