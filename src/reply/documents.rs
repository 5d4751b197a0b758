//! What the bot says to operators managing documents from Telegram: a sent file's preview and
//! its buttons, the list of documents, a change done or refused. Problems are quoted as the
//! CLI prints them (`file:line: message`, in English); the words around them are in the
//! operator's language. Every piece of document or file text is escaped.

use super::interface::{Noun, count};
use super::telegram::{Button, ButtonRow};
use super::text::{escape, shorten};
use crate::documents::{Action, Applied, ExampleChange, Listed, Plan, Preview, UndoRefusal};
use crate::feedback::{DocumentPress, Press, doc_hash};
use crate::language::Language;

/// How much of each paragraph a preview shows.
const PREVIEW_CHARS: usize = 300;

/// Documents listed in one `/docs` message (each has a row of buttons; Telegram allows 100).
pub(crate) const MAX_LISTED: usize = 40;

/// What a list or a preview may take of a message, leaving room for its last lines within
/// Telegram's 4096 characters.
const BUDGET_CHARS: usize = 3500;

/// The preview of a sent file, and its buttons: Add (or Replace) and Cancel when it can be
/// added, none when it has problems.
pub(crate) fn preview(
    preview: &Preview,
    token: u32,
    lang: &'static Language,
) -> (String, Vec<ButtonRow>) {
    let plan = &preview.plan;
    let mut text = format!("<b>{}</b>\n", escape(&shorten(&plan.title, 200)));
    let language = preview.language.as_deref().unwrap_or("—");
    let paragraphs = count(lang, preview.paragraphs as u64, Noun::Paragraph);
    text.push_str(&lang.pick(
        format!(
            "Language: {language} · {paragraphs} · file <code>{}</code>",
            escape(&plan.file)
        ),
        format!(
            "Язык: {language} · {paragraphs} · файл <code>{}</code>",
            escape(&plan.file)
        ),
        format!(
            "Til: {language} · {paragraphs} · fayl <code>{}</code>",
            escape(&plan.file)
        ),
    ));
    if let Some(url) = &preview.url {
        text.push_str(&format!("\n{}", escape(url)));
    }
    if let Some(original) = &preview.translation_of {
        let label = lang.pick("Translates", "Перевод документа", "Tarjima qiladi");
        text.push_str(&format!("\n{label}: <code>{}</code>", escape(original)));
    }
    if preview.header_written {
        text.push_str(&format!(
            "\n<i>{}</i>",
            lang.pick(
                "Header written from the caption or the first line, language detected.",
                "Заголовок взят из подписи или первой строки, язык определён автоматически.",
                "Sarlavha izoh yoki birinchi qatordan olindi, til avtomatik aniqlandi.",
            )
        ));
    }
    if let Some(old) = &plan.replaces {
        text.push_str(&format!(
            "\n⚠️ {} “{}” ({}).",
            lang.pick(
                "Replaces the document with the same id:",
                "Заменит документ с тем же id:",
                "Xuddi shu id li hujjatning o‘rnini oladi:",
            ),
            escape(old),
            lang.pick(
                "the old file is kept in corpus/.removed/",
                "старый файл сохранится в corpus/.removed/",
                "eski fayl corpus/.removed/ da saqlanadi",
            )
        ));
    }
    for paragraph in &preview.first_paragraphs {
        text.push_str(&format!(
            "\n<blockquote>{}</blockquote>",
            escape(&shorten(paragraph, PREVIEW_CHARS))
        ));
    }
    if !preview.problems.is_empty() {
        text.push_str(&format!(
            "\n❌ {}\n<pre>{}</pre>{}",
            lang.pick(
                "It cannot be added; the check says:",
                "Добавить нельзя; проверка говорит:",
                "Qo‘shib bo‘lmaydi; tekshiruv natijasi:",
            ),
            escape(&shorten(&preview.problems.join("\n"), 1500)),
            lang.pick(
                "Fix the file and send it again.",
                "Исправьте файл и пришлите снова.",
                "Faylni tuzatib, qayta yuboring.",
            )
        ));
        return (text, Vec::new());
    }
    text.push('\n');
    if preview.changed_examples.is_empty() {
        text.push_str(lang.pick(
            "No example question's answer changes.",
            "Ответы на примеры вопросов не изменятся.",
            "Namuna savollarning javoblari o‘zgarmaydi.",
        ));
    } else {
        text.push_str(lang.pick(
            "Example questions answered differently once it is added:",
            "После добавления иначе ответит на примеры:",
            "Qo‘shilgandan keyin boshqacha javob oladigan namuna savollar:",
        ));
        for change in preview.changed_examples.iter().take(5) {
            text.push_str(&example_change(change, lang));
        }
        if preview.changed_examples.len() > 5 {
            text.push_str(&format!("\n… +{}", preview.changed_examples.len() - 5));
        }
    }
    let add = match plan.action {
        Action::Replace => lang.pick("Replace", "Заменить", "Almashtirish"),
        _ => lang.pick("Add", "Добавить", "Qo‘shish"),
    };
    let buttons = vec![vec![
        Button {
            label: format!("✅ {add}"),
            press: Press::Document(DocumentPress::Add(token)),
        },
        Button {
            label: format!("✖️ {}", lang.pick("Cancel", "Отмена", "Bekor qilish")),
            press: Press::Document(DocumentPress::Cancel(token)),
        },
    ]];
    (text, buttons)
}

fn example_change(change: &ExampleChange, lang: &'static Language) -> String {
    let declined = lang.pick("no answer", "нет ответа", "javob yo‘q");
    let side = |side: &Option<String>| escape(&shorten(side.as_deref().unwrap_or(declined), 60));
    format!(
        "\n• {}: {} → {}",
        escape(&shorten(&change.question, 150)),
        side(&change.before),
        side(&change.after)
    )
}

/// A sent file refused before it could be previewed; `problem` says exactly why.
pub(crate) fn upload_refused(problem: &str, lang: &'static Language) -> String {
    format!(
        "{} {}",
        lang.pick(
            "I can't take this file:",
            "Этот файл я принять не могу:",
            "Bu faylni qabul qila olmayman:",
        ),
        escape(problem)
    )
}

/// A file sent by someone who is not an operator.
pub(crate) fn documents_for_operators(lang: &'static Language) -> &'static str {
    lang.pick(
        "Thanks! Only the bot's operators can add documents. I answer questions about the memorandum: just ask one.",
        "Спасибо! Добавлять документы могут только операторы бота. Я отвечаю на вопросы о меморандуме — просто задайте вопрос.",
        "Rahmat! Hujjatlarni faqat bot operatorlari qo‘sha oladi. Men memorandum haqidagi savollarga javob beraman — savol bering.",
    )
}

/// Document management is off in this process (another replica manages them).
pub(crate) fn managed_elsewhere(lang: &'static Language) -> &'static str {
    lang.pick(
        "Documents are not managed from this bot process (MOU_MANAGE_DOCUMENTS is off here); send the file to the one that manages them, or change corpus/ on the server.",
        "Документы не управляются этим процессом бота (здесь MOU_MANAGE_DOCUMENTS выключен); пришлите файл тому, что ими управляет, или измените corpus/ на сервере.",
        "Hujjatlar bu bot jarayonidan boshqarilmaydi (bu yerda MOU_MANAGE_DOCUMENTS o‘chiq); faylni ularni boshqaradiganiga yuboring yoki serverdagi corpus/ ni o‘zgartiring.",
    )
}

/// The file could not be fetched from Telegram.
pub(crate) fn download_failed(lang: &'static Language) -> &'static str {
    lang.pick(
        "I couldn't download the file from Telegram. Please send it again.",
        "Не удалось скачать файл из Telegram. Пожалуйста, пришлите его снова.",
        "Faylni Telegramdan yuklab bo‘lmadi. Iltimos, qayta yuboring.",
    )
}

/// A press on a preview that is no longer kept.
pub(crate) fn draft_gone(lang: &'static Language) -> &'static str {
    lang.pick(
        "This preview has expired; send the file again.",
        "Этот предпросмотр устарел; пришлите файл снова.",
        "Bu ko‘rib chiqish eskirgan; faylni qayta yuboring.",
    )
}

/// The toast of a press that starts a change.
pub(crate) fn working(lang: &'static Language) -> &'static str {
    lang.pick(
        "On it: I'll reply when the new index serves.",
        "Выполняю: отвечу, когда заработает новый индекс.",
        "Bajarilmoqda: yangi indeks ishga tushganda javob beraman.",
    )
}

/// The toast of Cancel or Keep.
pub(crate) fn nothing_changed(lang: &'static Language) -> &'static str {
    lang.pick(
        "Nothing changed.",
        "Ничего не изменено.",
        "Hech narsa o‘zgarmadi.",
    )
}

/// A change done and served; `own_paragraphs`, the document's, when it is served.
pub(crate) fn change_done(
    applied: &Applied,
    own_paragraphs: Option<u32>,
    lang: &'static Language,
) -> String {
    let change = &applied.change;
    let title = escape(&change.title);
    let file = escape(&change.file);
    let documents = count(lang, applied.report.documents as u64, Noun::Document);
    let paragraphs = count(lang, applied.report.paragraphs, Noun::Paragraph);
    let what = match change.action {
        Action::Add => lang.pick("Added", "Добавлен", "Qo‘shildi"),
        Action::Replace => lang.pick("Replaced", "Заменён", "Almashtirildi"),
        Action::Remove => lang.pick("Removed", "Удалён", "Olib tashlandi"),
        Action::Undo => lang.pick("Undone", "Отменено", "Bekor qilindi"),
    };
    let serving = lang.pick(
        format!("Now serving {documents}, {paragraphs}."),
        format!("Сейчас в работе {documents}, {paragraphs}."),
        format!("Hozir ishlayapti: {documents}, {paragraphs}."),
    );
    let kept = match change.action {
        Action::Remove => lang.pick(
            " (kept in corpus/.removed/; /undo brings it back)",
            " (сохранён в corpus/.removed/; /undo вернёт его)",
            " (corpus/.removed/ da saqlandi; /undo qaytaradi)",
        ),
        _ => "",
    };
    let own = own_paragraphs
        .map(|n| format!(", {}", count(lang, u64::from(n), Noun::Paragraph)))
        .unwrap_or_default();
    format!("✅ {what}: “{title}” (<code>{file}</code>{own}){kept}. {serving}")
}

/// What the bot now answers to a new document's title: the line above the answer.
pub(crate) fn now_answered(title: &str, lang: &'static Language) -> String {
    lang.pick(
        format!("Asked “{}”, I now answer:", escape(title)),
        format!("На вопрос «{}» я теперь отвечаю:", escape(title)),
        format!(
            "“{}” deb so‘ralsa, endi shunday javob beraman:",
            escape(title)
        ),
    )
}

/// A change that was not made; `reason` in English, as the CLI would say it.
pub(crate) fn change_failed(plan: &Plan, reason: &str, lang: &'static Language) -> String {
    format!(
        "❌ {} “{}”. {}\n<pre>{}</pre>",
        lang.pick("Not done:", "Не выполнено:", "Bajarilmadi:"),
        escape(&plan.title),
        lang.pick(
            "The documents and the index are as they were.",
            "Документы и индекс остались прежними.",
            "Hujjatlar va indeks avvalgidek qoldi.",
        ),
        escape(&shorten(reason, 2000))
    )
}

/// Why `/undo` did nothing.
pub(crate) fn undo_refused(refusal: &UndoRefusal, lang: &'static Language) -> String {
    match refusal {
        UndoRefusal::Nothing => lang
            .pick(
                "You have made no change to undo.",
                "У вас нет изменений, которые можно отменить.",
                "Sizda bekor qilinadigan o‘zgarish yo‘q.",
            )
            .to_owned(),
        UndoRefusal::ChangedSince { .. } => format!(
            "{} {}",
            lang.pick("Not undone:", "Не отменено:", "Bekor qilinmadi:"),
            escape(&refusal.to_string())
        ),
    }
}

/// The reply to `/docs`: each document, with a button to show it and one to remove it.
pub(crate) fn list(documents: &[Listed], lang: &'static Language) -> (String, Vec<ButtonRow>) {
    let mut text = format!(
        "<b>{}</b>",
        lang.pick("Documents", "Документы", "Hujjatlar")
    );
    let mut buttons = Vec::new();
    for (n, document) in documents.iter().enumerate().take(MAX_LISTED) {
        let entry = format!("\n{}. {}", n + 1, line(document, lang));
        if text.chars().count() + entry.chars().count() > BUDGET_CHARS {
            break;
        }
        text.push_str(&entry);
        buttons.push(vec![
            Button {
                label: format!("{}. {}", n + 1, shorten(&document.title, 40)),
                press: Press::Document(DocumentPress::Show(doc_hash(&document.id))),
            },
            Button {
                label: "🗑".to_owned(),
                press: Press::Document(DocumentPress::Remove(doc_hash(&document.id))),
            },
        ]);
    }
    if documents.len() > buttons.len() {
        text.push_str(&format!("\n… +{}", documents.len() - buttons.len()));
    }
    if documents.is_empty() {
        text.push_str(&format!(
            "\n{}",
            lang.pick("None yet.", "Пока нет.", "Hozircha yo‘q.")
        ));
    }
    text.push_str(&format!(
        "\n\n{}",
        lang.pick(
            "Send a .txt or .md file to add one; /undo undoes your last change.",
            "Пришлите файл .txt или .md, чтобы добавить документ; /undo отменяет ваше последнее изменение.",
            "Hujjat qo‘shish uchun .txt yoki .md fayl yuboring; /undo oxirgi o‘zgarishingizni bekor qiladi.",
        )
    ));
    (text, buttons)
}

/// One document in a line: title, language, paragraphs, what it translates, who added it.
fn line(document: &Listed, lang: &'static Language) -> String {
    let mut line = format!(
        "<b>{}</b> · {} · {}",
        escape(&shorten(&document.title, 120)),
        escape(document.language.as_deref().unwrap_or("—")),
        count(lang, u64::from(document.paragraphs), Noun::Paragraph)
    );
    if let Some(original) = &document.translation_of {
        let label = lang.pick("translates", "перевод", "tarjima");
        line.push_str(&format!(" · {label} <code>{}</code>", escape(original)));
    }
    match &document.added {
        Some(change) => line.push_str(&format!(
            " · {} {} {}",
            lang.pick("added", "добавлен", "qo‘shilgan"),
            escape(change.time.get(..10).unwrap_or(&change.time)),
            lang.pick(
                format!("by {}", change.admin),
                format!("пользователем {}", change.admin),
                format!("{} tomonidan", change.admin),
            )
        )),
        None => line.push_str(&format!(
            " · {}",
            lang.pick("on the server", "на сервере", "serverda")
        )),
    }
    line
}

/// One document shown: its line, id, and its first paragraphs.
pub(crate) fn details(document: &Listed, first: &[String], lang: &'static Language) -> String {
    let mut text = format!(
        "{}\nid <code>{}</code>",
        line(document, lang),
        escape(&document.id)
    );
    for paragraph in first {
        text.push_str(&format!(
            "\n<blockquote>{}</blockquote>",
            escape(&shorten(paragraph, PREVIEW_CHARS))
        ));
    }
    text
}

/// The question before a document is removed, with its buttons.
pub(crate) fn confirm_remove(
    document: &Listed,
    lang: &'static Language,
) -> (String, Vec<ButtonRow>) {
    let text = lang.pick(
        format!(
            "Remove “{}” ({})? Its file is moved to corpus/.removed/, and /undo brings it back.",
            escape(&document.title),
            count(lang, u64::from(document.paragraphs), Noun::Paragraph)
        ),
        format!(
            "Удалить «{}» ({})? Файл будет перемещён в corpus/.removed/, а /undo вернёт его.",
            escape(&document.title),
            count(lang, u64::from(document.paragraphs), Noun::Paragraph)
        ),
        format!(
            "“{}” ({}) olib tashlansinmi? Fayl corpus/.removed/ ga ko‘chiriladi, /undo uni qaytaradi.",
            escape(&document.title),
            count(lang, u64::from(document.paragraphs), Noun::Paragraph)
        ),
    );
    let buttons = vec![vec![
        Button {
            label: format!("🗑 {}", lang.pick("Remove", "Удалить", "Olib tashlash")),
            press: Press::Document(DocumentPress::ConfirmRemove(doc_hash(&document.id))),
        },
        Button {
            label: lang.pick("Keep", "Оставить", "Qoldirish").to_owned(),
            press: Press::Document(DocumentPress::Keep),
        },
    ]];
    (text, buttons)
}

/// A document of a list that is no longer in the index.
pub(crate) fn document_gone(lang: &'static Language) -> &'static str {
    lang.pick(
        "That document is no longer there; send /docs for the list as it is now.",
        "Этого документа уже нет; /docs покажет список как он есть сейчас.",
        "Bu hujjat endi yo‘q; /docs hozirgi ro‘yxatni ko‘rsatadi.",
    )
}

/// The line `/stats` adds about document changes: how many, and the last.
pub(crate) fn changes_line(
    changes: &[crate::documents::Change],
    lang: &'static Language,
) -> String {
    let Some(last) = changes.last() else {
        return String::new();
    };
    format!(
        "\n<b>{}</b>: {} ({} {} {} “{}”, {})",
        lang.pick(
            "Document changes",
            "Изменения документов",
            "Hujjat o‘zgarishlari"
        ),
        changes.len(),
        lang.pick("last:", "последнее:", "oxirgisi:"),
        escape(last.time.get(..16).unwrap_or(&last.time)),
        action_name(last.action),
        escape(&last.title),
        last.admin
    )
}

fn action_name(action: Action) -> &'static str {
    match action {
        Action::Add => "add",
        Action::Replace => "replace",
        Action::Remove => "remove",
        Action::Undo => "undo",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::Change;
    use crate::language::{EN, RU};
    use crate::reply::{TELEGRAM_LIMIT, telegram_html_problem};

    fn listed(n: usize, title: &str) -> Listed {
        Listed {
            id: format!("doc-{n}"),
            title: title.to_owned(),
            language: Some("en".into()),
            paragraphs: 3,
            translation_of: (n % 2 == 1).then(|| "doc-0".to_owned()),
            added: n.is_multiple_of(3).then(|| Change {
                time: "2026-12-07T10:00:00Z".into(),
                admin: 42,
                action: Action::Add,
                id: format!("doc-{n}"),
                title: title.to_owned(),
                file: format!("doc-{n}.txt"),
                sha256: "ab".repeat(32),
                kept: None,
                undoes: None,
            }),
        }
    }

    #[test]
    fn a_long_list_stays_within_a_message_escaped_with_a_button_row_per_document_shown() {
        let hostile = "<b>Tom & \"Jerry\"</b> ".repeat(20);
        let documents: Vec<Listed> = (0..100).map(|n| listed(n, &hostile)).collect();
        for lang in [EN, RU] {
            let (html, buttons) = list(&documents, lang);
            assert_eq!(telegram_html_problem(&html), None, "{html}");
            assert!(html.chars().count() <= TELEGRAM_LIMIT, "{}", html.len());
            assert!(!buttons.is_empty() && buttons.len() <= MAX_LISTED);
            assert!(
                html.contains(&format!("… +{}", 100 - buttons.len())),
                "{html}"
            );
            assert!(html.contains("by 42") || html.contains("пользователем 42"));
        }
        let (html, buttons) = list(&[], EN);
        assert!(html.contains("None yet."));
        assert!(buttons.is_empty());
    }

    #[test]
    fn a_preview_with_problems_has_no_add_button_and_one_without_has_add_and_cancel() {
        let plan = Plan {
            action: Action::Replace,
            id: "x".into(),
            title: "A <title> & more".into(),
            file: "x.txt".into(),
            replaces: Some("Old <one>".into()),
            undoes: None,
            edits: Vec::new(),
        };
        let mut preview = Preview {
            plan,
            language: Some("en".into()),
            url: Some("https://example.org/?a=1&b=2".into()),
            translation_of: None,
            paragraphs: 2,
            first_paragraphs: vec!["First <p>".into(), "x".repeat(5000)],
            problems: vec!["x.txt:3: language \"english\" must be …".into()],
            changed_examples: Vec::new(),
            header_written: true,
        };
        let (html, buttons) = super::preview(&preview, 7, EN);
        assert_eq!(telegram_html_problem(&html), None, "{html}");
        assert!(
            html.contains("x.txt:3: language &quot;english&quot;"),
            "{html}"
        );
        assert!(buttons.is_empty());
        preview.problems.clear();
        preview.changed_examples = (0..9)
            .map(|n| ExampleChange {
                question: format!("Question {n}?"),
                before: Some("Doc ¶1".into()),
                after: None,
            })
            .collect();
        let (html, buttons) = super::preview(&preview, 7, EN);
        assert_eq!(telegram_html_problem(&html), None, "{html}");
        assert!(html.chars().count() <= TELEGRAM_LIMIT);
        assert!(html.contains("Replaces the document with the same id: “Old &lt;one&gt;”"));
        assert!(html.contains("Question 0?: Doc ¶1 → no answer"), "{html}");
        assert!(html.contains("… +4"), "{html}");
        let labels: Vec<&str> = buttons[0].iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, ["✅ Replace", "✖️ Cancel"]);
        assert_eq!(buttons[0][0].press, Press::Document(DocumentPress::Add(7)));
    }
}
