//! `mou-bot reindex`: validation of every corpus file, and an index left untouched on failure.

use crate::util::{TestEnv, document};

#[test]
fn reindex_reports_what_it_indexed() {
    let env = TestEnv::with_article();
    let out = env.run(&["reindex"]).ok();
    assert!(out.contains("1 document, 9 paragraphs"), "{out}");
}

#[test]
fn every_bad_file_is_named_with_its_line_and_nothing_is_written() {
    let env = TestEnv::with_article();
    env.run(&["reindex"]).ok();
    let before = env.run(&["ask", "--json", "lithium"]).json();
    env.write(
        "bad-utf8.md",
        b"+++\ntitle = \"T\"\n+++\n\nok line\n\xff\xfe broken\n",
    );
    env.write(
        "bad-header.md",
        "+++\ntitle = \"T\"\nurl = nope\n+++\n\nText.\n",
    );
    env.write("empty.md", "+++\ntitle = \"T\"\n+++\n\n\n");
    env.write("notes.docx", "binary");
    env.write("new.md", document("New", "Copper is mined in Almalyk."));
    let run = env.run(&["reindex"]);
    assert_eq!(run.code(), Some(1));
    let err = run.stderr();
    assert!(err.contains("bad-utf8.md:6: not valid UTF-8"), "{err}");
    assert!(err.contains("bad-header.md:3: malformed header"), "{err}");
    assert!(err.contains("empty.md: no paragraphs"), "{err}");
    assert!(err.contains("notes.docx: not a document"), "{err}");
    // The old index still answers, and knows nothing of the valid new file.
    let after = env.run(&["ask", "--json", "lithium"]).json();
    assert_eq!(before["answer"], after["answer"]);
    let copper = env.run(&["ask", "--json", "copper Almalyk"]).json();
    assert!(copper["answer"].is_null(), "{copper}");
}

#[test]
fn check_validates_without_writing() {
    let env = TestEnv::with_article();
    let out = env.run(&["reindex", "--check"]).ok();
    assert!(out.contains("is valid: 1 document, 9 paragraphs"), "{out}");
    assert!(!env.index.exists());
}

#[test]
fn duplicate_ids_are_refused() {
    let env = TestEnv::empty();
    env.write("a.md", document("A", "One."));
    env.write("a.txt", document("A again", "Two."));
    let run = env.run(&["reindex"]);
    assert_eq!(run.code(), Some(1));
    assert!(
        run.stderr().contains("duplicate document id \"a\""),
        "{}",
        run.stderr()
    );
}

#[test]
fn an_empty_corpus_is_an_error_that_says_what_to_add() {
    let env = TestEnv::empty();
    let run = env.run(&["reindex"]);
    assert_eq!(run.code(), Some(1));
    assert!(run.stderr().contains("no documents"), "{}", run.stderr());
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_corpus_are_not_followed() {
    let env = TestEnv::with_article();
    let outside = env.dir.path().join("secret.md");
    std::fs::write(&outside, document("Secret", "The password is swordfish.")).unwrap();
    std::os::unix::fs::symlink(&outside, env.corpus.join("link.md")).unwrap();
    let run = env.run(&["reindex"]);
    assert_eq!(run.code(), Some(1));
    assert!(
        run.stderr().contains("link.md: symlinks are not followed"),
        "{}",
        run.stderr()
    );
}

#[cfg(unix)]
#[test]
fn a_pipe_in_the_corpus_is_refused_not_read() {
    let env = TestEnv::with_article();
    let pipe = env.corpus.join("pipe.md");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .unwrap();
    assert!(made.success());
    // Read, it would wait for a writer for ever; refused, the reindex ends and says why.
    let run = env.run(&["reindex"]);
    assert_eq!(run.code(), Some(1));
    assert!(
        run.stderr().contains("pipe.md: not a regular file"),
        "{}",
        run.stderr()
    );
}

#[test]
fn the_loader_keeps_every_word_of_the_article() {
    let path = crate::util::fixture("article").join("uzbekistan-us-critical-minerals-mou.md");
    let document = mou_bot::corpus::load_document(&path).unwrap();
    let article = std::fs::read_to_string(&path).unwrap();
    let loaded: String = document
        .paragraphs
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let words =
        |text: &str| -> Vec<String> { text.split_whitespace().map(str::to_owned).collect() };
    let body = article.splitn(3, "+++").nth(2).unwrap();
    assert_eq!(words(&loaded), words(body));
    assert_eq!(
        document.meta.title,
        "Uzbekistan and USA Agree to Cooperate on Critical Minerals"
    );
    assert!(
        document.paragraphs[7]
            .text
            .starts_with("ℹ\u{fe0f} Critical minerals")
    );
}

#[test]
fn the_shipped_corpus_is_valid() {
    let env = TestEnv::with_copy_of(&crate::util::shipped_corpus());
    let out = env.run(&["reindex", "--check"]).ok();
    assert!(out.contains("is valid"), "{out}");
}

#[test]
fn a_document_in_a_language_without_analysis_is_indexed_with_a_note() {
    let env = TestEnv::with_article();
    env.write(
        "kazakh.md",
        "+++\ntitle = \"Сыни минералдар\"\nlanguage = \"kk\"\n+++\n\nЛитий мен кобальт.\n",
    );
    let run = env.run(&["reindex"]);
    let out = run.ok();
    assert!(out.contains("2 documents, 10 paragraphs"), "{out}");
    assert!(
        run.stderr()
            .contains("kazakh.md: language \"kk\" has no analysis yet (known: en, ru, uz)"),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_broken_translation_is_refused_with_its_file_and_the_fix() {
    // (header lines after the title, the problem, the line of the file that has it)
    for (header, expected, line) in [
        (
            "language = \"ru\"\ntranslation_of = \"no-such-doc\"",
            "translation_of names \"no-such-doc\", but no document has that id",
            4,
        ),
        (
            "translation_of = \"uzbekistan-us-critical-minerals-mou\"",
            "a translation must name its language",
            3,
        ),
        (
            "language = \"ru\"\ntranslation_of = \"uzbekistan-us-critical-minerals-mou\"",
            "this translation has 2 paragraphs but \"uzbekistan-us-critical-minerals-mou\" has 9",
            4,
        ),
        (
            "language = \"kk\"\ntranslation_of = \"uzbekistan-us-critical-minerals-mou\"",
            "a translation must be in a language with analysis (known: en, ru, uz), not \"kk\"",
            3,
        ),
    ] {
        let env = TestEnv::with_article();
        env.write(
            "translation.md",
            format!("+++\ntitle = \"T\"\n{header}\n+++\n\nОдин.\n\nДва.\n"),
        );
        let run = env.run(&["reindex"]);
        assert_eq!(run.code(), Some(1), "{header}");
        assert!(
            run.stderr().contains(&format!("translation.md:{line}: "))
                && run.stderr().contains(expected),
            "{header}: {}",
            run.stderr()
        );
    }
}

/// The names of the paragraph files in `index`.
fn paragraph_files(index: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(index)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("paragraphs-"))
        .collect();
    names.sort();
    names
}

#[test]
fn each_build_leaves_one_paragraph_file_and_a_snapshot_keeps_reading_its_own() {
    let env = TestEnv::with_article();
    env.reindex();
    let first = paragraph_files(&env.index);
    assert_eq!(first.len(), 1, "{first:?}");
    let answerer = env.answerer();
    let before = answerer.answer("Who signed the memorandum?", 3).unwrap();
    let quoted = before.answer().expect("the article answers").text.clone();
    let old = answerer.index().snapshot();
    let first_paragraph = tantivy::DocAddress::new(0, 0);
    let old_text = old.stored_paragraph(first_paragraph).unwrap().text;

    // A failed build writes nothing that stays.
    env.write("broken.md", "+++\ntitle = \"T\"\n+++\n\n\n");
    assert_eq!(env.run(&["reindex"]).code(), Some(1));
    assert_eq!(paragraph_files(&env.index), first);
    std::fs::remove_file(env.corpus.join("broken.md")).unwrap();

    // A new build replaces the file; the answerer opened before it answers from the new one
    // once it has seen the commit.
    env.write("more.md", document("More", "Copper is mined in Almalyk."));
    env.reindex();
    let second = paragraph_files(&env.index);
    assert_eq!(second.len(), 1, "{second:?}");
    assert_ne!(second, first);
    // A snapshot of the old commit still reads the old file, removed from the directory.
    assert_eq!(
        old.stored_paragraph(first_paragraph).unwrap().text,
        old_text
    );
    answerer.index().reload().unwrap();
    let after = answerer.answer("Who signed the memorandum?", 3).unwrap();
    assert_eq!(after.answer().expect("still answered").text, quoted);
    let copper = answerer.answer("Where is copper mined?", 3).unwrap();
    assert_eq!(
        copper.answer().expect("the new document answers").text,
        "Copper is mined in Almalyk."
    );
}

#[test]
fn an_index_without_its_paragraph_file_is_rebuilt_on_first_use() {
    let env = TestEnv::with_article();
    env.reindex();
    for name in paragraph_files(&env.index) {
        std::fs::remove_file(env.index.join(name)).unwrap();
    }
    let out = env
        .run(&["ask", "--json", "Who signed the memorandum?"])
        .json();
    assert!(!out["answer"].is_null(), "{out}");
    assert_eq!(paragraph_files(&env.index).len(), 1);
}

#[test]
fn a_damaged_paragraph_file_is_an_error_that_says_to_reindex() {
    let env = TestEnv::with_article();
    env.reindex();
    let name = paragraph_files(&env.index).remove(0);
    std::fs::OpenOptions::new()
        .write(true)
        .open(env.index.join(name))
        .unwrap()
        .set_len(10)
        .unwrap();
    let run = env.run(&["ask", "Who signed the memorandum?"]);
    assert_eq!(run.code(), Some(1), "{}", run.stdout());
    let err = run.stderr();
    assert!(err.contains("run `mou-bot reindex`"), "{err}");
    // Rebuilt, it answers again.
    env.reindex();
    assert!(
        env.run(&["ask", "Who signed the memorandum?"])
            .ok()
            .contains("signed")
    );
}

/// The stem dictionary's counts are what BM25 is scored with, in place of Tantivy's document
/// frequencies: they must be the same numbers, for every stem of every language.
#[test]
fn the_stem_dictionary_counts_paragraphs_as_tantivy_does() {
    let env = TestEnv::with_article();
    env.add_files_of(&crate::util::fixture("translations"));
    env.add_files_of(&crate::util::fixture("more-documents"));
    // A word said three times in one paragraph and once in another is held by two.
    env.write(
        "repeats.md",
        document("Repeats", "Copper, copper and copper.\n\nCopper again."),
    );
    env.reindex();
    let snapshot = env.answerer().index().snapshot();
    let mut checked = 0;
    for language in mou_bot::language::ALL {
        let field = snapshot.fields.of(language).text;
        let mut terms: std::collections::BTreeMap<String, u64> = Default::default();
        for segment in snapshot.searcher.segment_readers() {
            let inverted = segment.inverted_index(field).unwrap();
            let mut stream = inverted.terms().stream().unwrap();
            while stream.advance() {
                let stem = std::str::from_utf8(stream.key()).unwrap().to_owned();
                *terms.entry(stem).or_default() += u64::from(stream.value().doc_freq);
            }
        }
        assert!(!terms.is_empty(), "{} has paragraphs", language.code);
        for (stem, doc_freq) in &terms {
            let entry = snapshot.stem(language, stem);
            assert_eq!(
                entry.map(|e| u64::from(e.held_by)),
                Some(*doc_freq),
                "{} {stem:?}",
                language.code
            );
            checked += 1;
        }
        assert_eq!(snapshot.stem(language, "zzyzx"), None);
    }
    let copper = snapshot.stem(mou_bot::language::DEFAULT, "copper").unwrap();
    assert!(copper.held_by >= 2, "{copper:?}");
    assert!(checked > 500, "{checked} stems");
}

/// Overwrites, in the paragraph file of `index`, the bytes right after `text` (where that
/// paragraph's sentences and words are) with `damage`.
fn damage_after(index: &std::path::Path, text: &str, damage: &[u8]) {
    let name = paragraph_files(index).pop().unwrap();
    let path = index.join(name);
    let mut bytes = std::fs::read(&path).unwrap();
    let at = bytes
        .windows(text.len())
        .position(|window| window == text.as_bytes())
        .expect("the paragraph's text is in the file")
        + text.len();
    bytes[at..at + damage.len()].copy_from_slice(damage);
    std::fs::write(&path, bytes).unwrap();
}

#[test]
fn damaged_word_and_sentence_offsets_are_an_error_that_names_reindex_not_a_panic() {
    let text = "The agreement was signed on September 16 in Tashkent";
    // The paragraph's remaining text, then its layout: a count of sentences, then each one's
    // start and length, then each word's gap, length and stem id (little-endian base 128).
    let rest = " by Deputy Minister Omonullo Nasritdinkhodjaev and U.S. Ambassador to Uzbekistan Jonathan Henick.";
    let mut sentence_past_the_end = rest.as_bytes().to_vec();
    sentence_past_the_end.extend([1, 0, 0xff, 0x7f]);
    let mut sentence_in_a_letter = rest.as_bytes().to_vec();
    sentence_in_a_letter.extend([1, 0, 1]);
    let mut words_past_the_end = rest.as_bytes().to_vec();
    words_past_the_end.extend([
        1, 0, 10, 0xff, 0x7f, 0xff, 0x7f, 3, 0, 0xff, 0x7f, 0xff, 0x7f, 3,
    ]);
    for damage in [
        &[0x7f; 12][..],
        &sentence_past_the_end,
        &sentence_in_a_letter,
        &words_past_the_end,
    ] {
        let byte = damage[damage.len() - 1];
        let env = TestEnv::with_article();
        env.reindex();
        damage_after(&env.index, text, damage);
        for output in [
            &["ask", "who signed the memorandum?"][..],
            &["ask", "--json", "when was it signed?"],
        ] {
            let run = env.run(output);
            let err = run.stderr();
            assert!(!err.contains("panicked"), "{byte:#x}: {err}");
            // Either the damaged paragraph is refused with the fix, or another answers.
            assert!(
                run.code() == Some(0) || err.contains("mou-bot reindex"),
                "{byte:#x}: {:?} {err}",
                run.code()
            );
        }
    }
}
