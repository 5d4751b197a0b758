//! A temporary corpus and index for one test, and a way to run the binary against them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// The repository's own corpus.
pub fn shipped_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// The id of the shipped article.
pub const ARTICLE: &str = "uzbekistan-us-critical-minerals-mou";

pub struct TestEnv {
    pub dir: TempDir,
    pub corpus: PathBuf,
    pub index: PathBuf,
}

impl TestEnv {
    /// A copy of the shipped corpus and a not-yet-built index.
    pub fn with_shipped_corpus() -> TestEnv {
        let env = TestEnv::empty();
        for entry in std::fs::read_dir(shipped_corpus()).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, env.corpus.join(path.file_name().unwrap())).unwrap();
        }
        env
    }

    /// An empty corpus directory.
    pub fn empty() -> TestEnv {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus).unwrap();
        let index = dir.path().join("index");
        TestEnv { dir, corpus, index }
    }

    /// The corpus and index of this environment, as the commands take them.
    pub fn paths(&self) -> mou_bot::cli::Paths {
        mou_bot::cli::Paths {
            corpus: self.corpus.clone(),
            index: self.index.clone(),
            ranking: None,
        }
    }

    /// The answer path on this environment's index (built on first use).
    pub fn answerer(&self) -> mou_bot::search::Answerer {
        mou_bot::cli::open_answerer(&self.paths())
            .expect("the test corpus indexes")
            .answerer
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
