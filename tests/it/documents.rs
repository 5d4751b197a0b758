//! Operators managing the documents from Telegram: `mou-bot serve` against the fake Bot API,
//! which serves `getFile` and the file's download. A file sent is previewed, added, answered
//! from, listed, replaced, removed and undone; every bad file gets its exact problem and leaves
//! `corpus/` and the served index as they were.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Value, json};

use crate::bot::{BotProcess, TIMEOUT, message, private_chat, private_text, user};
use crate::fake_telegram::{BOT_ID, BOT_USERNAME, FakeTelegram};

const ADMIN: i64 = 500;
const OTHER_ADMIN: i64 = 501;
const SOMEONE: i64 = 600;

fn start(fake_url: &str, extra: &[(&str, &str)]) -> BotProcess {
    let mut settings = vec![("ADMIN_USER_IDS", "500,501")];
    settings.extend_from_slice(extra);
    BotProcess::start(fake_url, &settings)
}

/// A message from `from` in their private chat carrying the file `file_id`, sent as `name`,
/// said to be `size` bytes.
fn file_message(from: i64, file_id: &str, name: &str, size: usize, caption: Option<&str>) -> Value {
    let mut fields = json!({ "document": {
        "file_id": file_id, "file_unique_id": format!("u-{file_id}"), "file_name": name,
        "mime_type": "text/plain", "file_size": size
    }});
    if let Some(caption) = caption {
        fields["caption"] = json!(caption);
    }
    message(private_chat(from), from, fields)
}

/// Makes `bytes` a file and sends it from `from` as `name`.
fn send_file(fake: &FakeTelegram, from: i64, file_id: &str, name: &str, bytes: &[u8]) {
    fake.add_file(file_id, bytes);
    fake.push_update(
        "message",
        file_message(from, file_id, name, bytes.len(), None),
    );
}

/// The first message to `chat` after the first `skip` whose text holds `needle`: its id and
/// the request that sent it.
async fn sent_with(fake: &FakeTelegram, chat: i64, skip: usize, needle: &str) -> (i64, Value) {
    let deadline = std::time::Instant::now() + TIMEOUT;
    loop {
        let found = fake
            .messages_to(chat)
            .into_iter()
            .skip(skip)
            .find(|(_, body)| body["text"].as_str().is_some_and(|t| t.contains(needle)));
        if let Some(found) = found {
            return found;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{chat} never got {needle:?}: {:#?}",
            fake.sent_to(chat)
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// The callback data of the button whose label holds `label`.
fn button(sent: &Value, label: &str) -> String {
    sent["reply_markup"]["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row.as_array().into_iter().flatten())
        .find(|b| b["text"].as_str().is_some_and(|t| t.contains(label)))
        .and_then(|b| b["callback_data"].as_str())
        .unwrap_or_else(|| panic!("no {label:?} button on {sent}"))
        .to_owned()
}

/// `from` presses the button `data` under the bot's message `message_id` in their chat.
fn press(fake: &FakeTelegram, from: i64, message_id: i64, data: &str) {
    static PRESS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    let id = PRESS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    fake.push_update(
        "callback_query",
        json!({
            "id": format!("doc-press-{id}"),
            "from": user(from),
            "chat_instance": "1",
            "data": data,
            "message": {
                "message_id": message_id, "date": 1_726_444_800, "chat": private_chat(from),
                "from": { "id": BOT_ID, "is_bot": true, "first_name": "MoU Bot", "username": BOT_USERNAME },
                "text": "preview",
            },
        }),
    );
}

/// Every file under `dir` (hidden ones and `.removed/` included) with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(at) = pending.pop() {
        for entry in std::fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let name = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                files.insert(name, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// Asks `question` as `SOMEONE`, the `n`th message to them; returns the reply.
async fn ask(fake: &FakeTelegram, n: usize, question: &str) -> String {
    fake.push_update("message", private_text(SOMEONE, question));
    fake.wait_for_replies(SOMEONE, n, TIMEOUT).await[n - 1].clone()
}

const SMELTER: &str = "Almalyk smelter news\n\n\
    The Almalyk mining company will open its new copper smelter in March 2027, doubling its \
    output of refined copper.\n\n\
    The smelter was built with equipment from three countries.";
const SMELTER_QUESTION: &str = "When will the Almalyk copper smelter open?";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operator_sends_a_text_file_and_a_question_only_it_answers_is_answered_from_it() {
    let (fake, url) = FakeTelegram::start().await;
    let bot = start(&url, &[]);
    let corpus = bot.env.corpus.clone();
    let before = ask(&fake, 1, SMELTER_QUESTION).await;
    assert!(!before.contains("March 2027"), "{before}");

    send_file(&fake, ADMIN, "f1", "smelter.txt", SMELTER.as_bytes());
    let (preview_id, preview) = sent_with(&fake, ADMIN, 0, "Almalyk smelter news").await;
    let text = preview["text"].as_str().unwrap();
    assert!(text.contains("Language: en"), "{text}");
    assert!(text.contains("2 paragraphs"), "{text}");
    assert!(text.contains("almalyk-smelter-news.txt"), "{text}");
    assert!(
        text.contains("doubling its output"),
        "the first paragraphs: {text}"
    );
    assert!(
        text.contains("No example question's answer changes"),
        "{text}"
    );
    assert_eq!(fake.calls("getFile").len(), 1);
    press(&fake, ADMIN, preview_id, &button(&preview, "Add"));

    let (_, done) = sent_with(&fake, ADMIN, 1, "Added").await;
    let done = done["text"].as_str().unwrap();
    assert!(
        done.contains("smelter-news.txt</code>, 2 paragraphs)"),
        "{done}"
    );
    assert!(done.contains("Now serving 4 documents"), "{done}");
    assert!(done.contains("Asked “Almalyk smelter news”"), "{done}");
    let (_, answer) = sent_with(&fake, ADMIN, 2, "<blockquote>").await;
    assert!(
        answer["text"].as_str().unwrap().contains("smelter"),
        "{answer}"
    );
    // Within seconds, the question only the new document answers is answered from it.
    let after = ask(&fake, 2, SMELTER_QUESTION).await;
    assert!(after.contains("March 2027"), "{after}");
    assert!(
        after.contains("Almalyk smelter news"),
        "its source is named: {after}"
    );

    // The file has the header the bot wrote; the change is journaled with its hash.
    let written = std::fs::read_to_string(corpus.join("almalyk-smelter-news.txt")).unwrap();
    assert!(
        written.starts_with("+++\ntitle = \"Almalyk smelter news\"\nlanguage = \"en\"\n+++\n"),
        "{written}"
    );
    assert!(
        !written.contains("\n\nAlmalyk smelter news\n"),
        "the title left the body"
    );
    let journal = std::fs::read_to_string(corpus.join(".changes.jsonl")).unwrap();
    let change: Value = serde_json::from_str(journal.lines().next().unwrap()).unwrap();
    assert_eq!(change["action"], "add");
    assert_eq!(change["admin"], ADMIN);
    assert_eq!(change["id"], "almalyk-smelter-news");
    assert_eq!(change["sha256"].as_str().unwrap().len(), 64, "{change}");

    // /docs lists it with who added it; /stats counts the change.
    fake.push_update("message", private_text(ADMIN, "/docs"));
    let (_, list) = sent_with(&fake, ADMIN, 3, "Documents").await;
    let list = list["text"].as_str().unwrap();
    assert!(list.contains("Almalyk smelter news"), "{list}");
    assert!(list.contains("by 500"), "{list}");
    assert!(
        list.contains("translates"),
        "the translations say what they translate: {list}"
    );
    fake.push_update("message", private_text(ADMIN, "/stats"));
    let (_, stats) = sent_with(&fake, ADMIN, 4, "Document changes").await;
    assert!(
        stats["text"]
            .as_str()
            .unwrap()
            .contains("Document changes</b>: 1")
    );

    // /undo takes it out again (kept in .removed/), and the question is declined again.
    fake.push_update("message", private_text(ADMIN, "/undo"));
    let (_, undone) = sent_with(&fake, ADMIN, 5, "Undone").await;
    assert!(
        undone["text"]
            .as_str()
            .unwrap()
            .contains("Now serving 3 documents")
    );
    assert!(!corpus.join("almalyk-smelter-news.txt").exists());
    let kept = std::fs::read_dir(corpus.join(".removed")).unwrap().count();
    assert_eq!(kept, 1);
    let again = ask(&fake, 3, SMELTER_QUESTION).await;
    assert!(!again.contains("March 2027"), "{again}");
    // Nothing more of this operator's to undo.
    fake.push_update("message", private_text(ADMIN, "/undo"));
    sent_with(&fake, ADMIN, 6, "no change to undo").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bad_file_gets_its_exact_problem_and_changes_nothing() {
    let (fake, url) = FakeTelegram::start().await;
    let bot = start(&url, &[("MOU_MAX_DOCUMENT_BYTES", "2000")]);
    // Served once, so the index exists and its commit can be compared.
    ask(&fake, 1, "Who signed the memorandum?").await;
    let corpus_before = files(&bot.env.corpus);
    let index_meta = || std::fs::read(bot.env.index.join("meta.json")).unwrap();
    let meta_before = index_meta();

    // Someone who is not an operator.
    send_file(&fake, SOMEONE, "n1", "news.txt", SMELTER.as_bytes());
    let refused = fake.wait_for_replies(SOMEONE, 2, TIMEOUT).await;
    assert!(
        refused[1].contains("Only the bot's operators can add documents"),
        "{}",
        refused[1]
    );
    let malformed = "+++\ntitle = \"Brief\"\nlanguage = \"english\"\n+++\n\nText.";
    let orphan = "+++\ntitle = \"Перевод\"\nlanguage = \"ru\"\ntranslation_of = \"no-such-document\"\n+++\n\nТекст.";
    let cases: [(&str, &[u8], &str); 8] = [
        ("report.docx", b"PK\x03\x04", "is not text or Markdown"),
        ("../x.md", SMELTER.as_bytes(), "holds a path"),
        ("empty.txt", b"", "the file is empty"),
        (
            "binary.txt",
            b"Title\n\nab\0cd",
            "binary data (a NUL byte at byte 9)",
        ),
        ("latin1.txt", b"Title\n\ncaf\xe9", "line 3: not valid UTF-8"),
        (
            "brief.md",
            malformed.as_bytes(),
            "brief.md:3: language &quot;english&quot;",
        ),
        ("orphan.md", orphan.as_bytes(), "no-such-document"),
        (
            "huge.txt",
            &[b'a'; 3000],
            "3000 bytes, over the limit of 2000",
        ),
    ];
    for (n, (name, bytes, problem)) in cases.iter().enumerate() {
        send_file(&fake, ADMIN, &format!("bad{n}"), name, bytes);
        let replies = fake.wait_for_replies(ADMIN, n + 1, TIMEOUT).await;
        assert!(replies[n].contains(problem), "{name}: {}", replies[n]);
        let sent = &fake.messages_to(ADMIN)[n].1;
        assert!(
            sent.get("reply_markup").is_none(),
            "{name}: no Add button: {sent}"
        );
    }
    // A file over the limit is refused from its size, before it is downloaded.
    assert!(
        !fake
            .calls("getFile")
            .iter()
            .any(|call| call.body["file_id"] == "bad7"),
        "the huge file was fetched"
    );
    assert_eq!(files(&bot.env.corpus), corpus_before);
    assert_eq!(index_meta(), meta_before, "the served index changed");
    assert!(!bot.env.dir.path().join("x.md").exists());
    let still = ask(&fake, 3, "Who signed the memorandum?").await;
    assert!(still.contains("Nasritdinkhodjaev"), "{still}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_operators_adding_at_once_both_get_their_document_and_a_running_reindex_is_waited_for()
{
    let (fake, url) = FakeTelegram::start().await;
    let bot = start(&url, &[]);
    let gold = "Gold exports\n\nUzbekistan exported gold worth nine billion dollars in 2025.";
    send_file(&fake, ADMIN, "s1", "smelter.txt", SMELTER.as_bytes());
    send_file(&fake, OTHER_ADMIN, "g1", "gold.txt", gold.as_bytes());
    let (first_id, first) = sent_with(&fake, ADMIN, 0, "Almalyk smelter news").await;
    let (second_id, second) = sent_with(&fake, OTHER_ADMIN, 0, "Gold exports").await;
    // Another build holds the index (as a `reindex` from the CLI would).
    let lock = std::fs::File::options()
        .write(true)
        .open(bot.env.index.join(".mou-bot-build.lock"))
        .unwrap();
    lock.lock().unwrap();
    press(&fake, ADMIN, first_id, &button(&first, "Add"));
    press(&fake, OTHER_ADMIN, second_id, &button(&second, "Add"));
    bot.log_with("another build is running; waiting for it to end")
        .await;
    assert!(
        !bot.env.corpus.join("almalyk-smelter-news.txt").exists(),
        "the corpus changed while another build held the index"
    );
    drop(lock);
    let (_, one) = sent_with(&fake, ADMIN, 1, "Added").await;
    let (_, other) = sent_with(&fake, OTHER_ADMIN, 1, "Added").await;
    let serving = |sent: &Value| sent["text"].as_str().unwrap().to_owned();
    let both = [serving(&one), serving(&other)];
    assert!(
        both.iter().any(|t| t.contains("Now serving 5 documents")),
        "one after the other, the second sees both: {both:?}"
    );
    assert!(bot.env.corpus.join("almalyk-smelter-news.txt").exists());
    assert!(bot.env.corpus.join("gold-exports.txt").exists());
    let gold_answer = ask(&fake, 1, "How much gold did Uzbekistan export in 2025?").await;
    assert!(gold_answer.contains("nine billion"), "{gold_answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replacing_asks_first_keeps_the_old_file_and_removing_asks_and_can_be_undone() {
    let (fake, url) = FakeTelegram::start().await;
    let bot = start(&url, &[]);
    let corpus = bot.env.corpus.clone();
    send_file(&fake, ADMIN, "a1", "smelter.txt", SMELTER.as_bytes());
    let (id, preview) = sent_with(&fake, ADMIN, 0, "Almalyk smelter news").await;
    press(&fake, ADMIN, id, &button(&preview, "Add"));
    sent_with(&fake, ADMIN, 1, "Added").await;
    let first = std::fs::read(corpus.join("almalyk-smelter-news.txt")).unwrap();

    // The same title again: the preview says it replaces, and its button says so.
    let newer = SMELTER.replace("March 2027", "June 2027");
    send_file(&fake, ADMIN, "a2", "smelter-v2.txt", newer.as_bytes());
    let (id, preview) = sent_with(&fake, ADMIN, 3, "Almalyk smelter news").await;
    let text = preview["text"].as_str().unwrap();
    assert!(
        text.contains("Replaces the document with the same id"),
        "{text}"
    );
    assert!(
        text.contains("When will") || text.contains("No example question"),
        "{text}"
    );
    press(&fake, ADMIN, id, &button(&preview, "Replace"));
    sent_with(&fake, ADMIN, 4, "Replaced").await;
    assert!(ask(&fake, 1, SMELTER_QUESTION).await.contains("June 2027"));
    let kept: Vec<Vec<u8>> = std::fs::read_dir(corpus.join(".removed"))
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    assert_eq!(kept, [first], "the old file is kept");

    // Removing the English article is refused: its translations name it.
    fake.push_update("message", private_text(ADMIN, "/docs"));
    let (list_id, list) = sent_with(&fake, ADMIN, 6, "Documents").await;
    let rows = list["reply_markup"]["inline_keyboard"].as_array().unwrap();
    let remove_of = |title: &str| {
        let row = rows
            .iter()
            .find(|row| row[0]["text"].as_str().unwrap().contains(title))
            .unwrap_or_else(|| panic!("no row for {title}: {list}"));
        row[1]["callback_data"].as_str().unwrap().to_owned()
    };
    press(
        &fake,
        ADMIN,
        list_id,
        &remove_of("Uzbekistan and USA Agree"),
    );
    let (confirm_id, confirm) = sent_with(&fake, ADMIN, 7, "file is moved").await;
    let before = files(&corpus);
    press(&fake, ADMIN, confirm_id, &button(&confirm, "Remove"));
    let (_, refused) = sent_with(&fake, ADMIN, 8, "Not done").await;
    assert!(
        refused["text"].as_str().unwrap().contains("translation_of"),
        "{refused}"
    );
    assert_eq!(files(&corpus), before);

    // Removing the smelter news works; /undo brings it back as it was.
    let replaced = std::fs::read(corpus.join("almalyk-smelter-news.txt")).unwrap();
    press(&fake, ADMIN, list_id, &remove_of("Almalyk smelter news"));
    let (confirm_id, confirm) = sent_with(&fake, ADMIN, 9, "file is moved").await;
    press(&fake, ADMIN, confirm_id, &button(&confirm, "Remove"));
    sent_with(&fake, ADMIN, 10, "Removed").await;
    assert!(!corpus.join("almalyk-smelter-news.txt").exists());
    assert!(!ask(&fake, 2, SMELTER_QUESTION).await.contains("2027"));
    fake.push_update("message", private_text(ADMIN, "/undo"));
    sent_with(&fake, ADMIN, 11, "Undone").await;
    assert_eq!(
        std::fs::read(corpus.join("almalyk-smelter-news.txt")).unwrap(),
        replaced,
        "restored as it was removed"
    );
    assert!(ask(&fake, 3, SMELTER_QUESTION).await.contains("June 2027"));
}
