//! Documents from Telegram: an operator sends a file, sees its preview, and adds it; `/docs`
//! lists the documents with buttons to show or remove each; `/undo` undoes the asker's last
//! change. The checking, the files and the reindex are [`crate::documents`]'; this room
//! downloads, asks, and replies. Changes run one at a time in the order they came (the
//! state's `changes` lock), off the async threads, and each reply says what is now served.

use std::sync::atomic::Ordering;

use teloxide::prelude::*;
use tracing::{info, warn};

use super::outbox::{Download, Outbox, Target, deliver, send, send_with};
use super::state::{ButtonPress, MAX_DRAFTS, PendingDraft, SentFile, State};
use crate::dialogue;
use crate::documents::{self, Plan, Upload, UploadProblem};
use crate::feedback::{DocumentPress, doc_hash};
use crate::language::Language;
use crate::reply::{self, documents as say, interface};

/// A file an operator sent: checked, downloaded, previewed with Add and Cancel.
pub(super) async fn on_file(
    bot: &Outbox,
    msg: &Message,
    file: &SentFile,
    state: &State,
    lang: &'static Language,
) -> anyhow::Result<()> {
    if !state.settings.manage_documents {
        return send(bot, msg, say::managed_elsewhere(lang)).await;
    }
    let limit = state.settings.max_document_bytes;
    // What the message tells is checked before anything is downloaded.
    let known =
        documents::format_of(&file.name).and_then(|_| documents::check_size(file.size, limit));
    if let Err(problem) = known {
        return refuse(bot, msg, &problem, lang).await;
    }
    let bytes = match bot.download(file.file_id.clone(), limit).await {
        Ok(bytes) => bytes,
        Err(Download::TooLarge(size)) => {
            return refuse(bot, msg, &UploadProblem::TooLarge { size, limit }, lang).await;
        }
        Err(Download::Failed(reason)) => {
            warn!(reason, "could not download a document");
            return send(bot, msg, say::download_failed(lang)).await;
        }
    };
    let upload = Upload {
        file_name: &file.name,
        caption: file.caption.as_deref(),
        bytes: &bytes,
    };
    let draft = match documents::draft(upload, limit) {
        Ok(draft) => draft,
        Err(problem) => return refuse(bot, msg, &problem, lang).await,
    };
    bot.show_typing(msg.chat.id).await;
    let corpus = &state.settings.corpus;
    let preview = tokio::task::block_in_place(|| {
        let plan = documents::plan_add(corpus, &draft)?;
        documents::preview(
            corpus,
            &state.answerer,
            state.answerer.ranking(),
            &draft,
            plan,
        )
    });
    let preview = match preview {
        Ok(preview) => preview,
        Err(err) => {
            // The corpus unreadable, no room for the check's copy…: the operator hears it,
            // the log has the cause.
            warn!(error = %format!("{err:#}"), "could not preview a document");
            return send(bot, msg, interface::something_went_wrong(lang)).await;
        }
    };
    let token = state.next_token.fetch_add(1, Ordering::Relaxed);
    let (html, buttons) = say::preview(&preview, token, lang);
    info!(
        problems = preview.problems.len(),
        paragraphs = preview.paragraphs,
        "document previewed"
    );
    if preview.problems.is_empty() {
        let pending = PendingDraft { plan: preview.plan };
        dialogue::put_within(&mut lock(&state.drafts), MAX_DRAFTS, token, pending);
    }
    send_with(bot, msg, &html, &buttons).await
}

async fn refuse(
    bot: &Outbox,
    msg: &Message,
    problem: &UploadProblem,
    lang: &'static Language,
) -> anyhow::Result<()> {
    info!(problem = %problem, "document refused");
    send(bot, msg, &say::upload_refused(&problem.to_string(), lang)).await
}

/// `/docs`: the documents served, with buttons.
pub(super) async fn list(
    bot: &Outbox,
    msg: &Message,
    state: &State,
    lang: &'static Language,
) -> anyhow::Result<()> {
    let listed = documents::list(&state.answerer.info(), &state.settings.corpus);
    let (html, buttons) = say::list(&listed, lang);
    send_with(bot, msg, &html, &buttons).await
}

/// `/undo`: undoes the asker's last change.
pub(super) async fn undo(
    bot: &Outbox,
    msg: &Message,
    admin: u64,
    state: &State,
    lang: &'static Language,
) -> anyhow::Result<()> {
    if !state.settings.manage_documents {
        return send(bot, msg, say::managed_elsewhere(lang)).await;
    }
    let _turn = state.changes.lock().await;
    let corpus = &state.settings.corpus;
    let plan = match tokio::task::block_in_place(|| documents::plan_undo(corpus, admin)) {
        Ok(Ok(plan)) => plan,
        Ok(Err(refusal)) => return send(bot, msg, &say::undo_refused(&refusal, lang)).await,
        Err(err) => {
            warn!(error = %format!("{err:#}"), "could not read the journal of changes");
            return send(bot, msg, interface::something_went_wrong(lang)).await;
        }
    };
    let replies = change(state, &plan, admin, lang);
    for html in replies {
        send(bot, msg, &html).await?;
    }
    Ok(())
}

/// A press of a document button; returns the short text to show the presser.
pub(super) async fn on_press(
    bot: &Outbox,
    press: &ButtonPress,
    action: DocumentPress,
    state: &State,
    lang: &'static Language,
) -> anyhow::Result<Option<String>> {
    if !state.settings.admin_user_ids.contains(&press.user) {
        return Ok(Some(interface::operators_only(lang).to_owned()));
    }
    let Some(chat) = press.chat else {
        return Ok(None);
    };
    let target = Target {
        chat,
        reply_to: None,
        thread: press.thread,
    };
    match action {
        DocumentPress::Add(token) => {
            let Some(pending) = lock(&state.drafts).pop(&token) else {
                return Ok(Some(say::draft_gone(lang).to_owned()));
            };
            let plan = || Ok(Some(pending.plan));
            change_from_press(bot, press, target, state, lang, plan).await?;
            Ok(None)
        }
        DocumentPress::Cancel(token) => {
            lock(&state.drafts).pop(&token);
            Ok(Some(say::nothing_changed(lang).to_owned()))
        }
        DocumentPress::Keep => Ok(Some(say::nothing_changed(lang).to_owned())),
        DocumentPress::Show(hash) | DocumentPress::Remove(hash) => {
            let info = state.answerer.info();
            let listed = documents::list(&info, &state.settings.corpus);
            let Some(document) = listed.iter().find(|d| doc_hash(&d.id) == hash) else {
                return Ok(Some(say::document_gone(lang).to_owned()));
            };
            let (html, buttons) = if matches!(action, DocumentPress::Show(_)) {
                let first: Vec<String> = (1..=document.paragraphs.min(2))
                    .filter_map(|n| {
                        let key = format!("{}#{n}", document.id);
                        state
                            .answerer
                            .paragraph(&key)
                            .ok()
                            .flatten()
                            .map(|p| p.text)
                    })
                    .collect();
                (say::details(document, &first, lang), Vec::new())
            } else {
                say::confirm_remove(document, lang)
            };
            deliver(bot, target, &html, &buttons).await?;
            Ok(None)
        }
        DocumentPress::ConfirmRemove(hash) => {
            let info = state.answerer.info();
            let Some(id) = info
                .documents
                .iter()
                .find(|d| doc_hash(&d.id) == hash)
                .map(|d| d.id.clone())
            else {
                return Ok(Some(say::document_gone(lang).to_owned()));
            };
            let plan = || documents::plan_remove(&state.settings.corpus, &id);
            change_from_press(bot, press, target, state, lang, plan).await?;
            Ok(None)
        }
    }
}

/// A change a press asked for: the press is answered at once; then, one change at a time,
/// `plan` makes the plan (`None`: the document is gone) and it is applied, the replies going
/// under the press's message when the new index serves.
async fn change_from_press(
    bot: &Outbox,
    press: &ButtonPress,
    target: Target,
    state: &State,
    lang: &'static Language,
    plan: impl FnOnce() -> anyhow::Result<Option<Plan>>,
) -> anyhow::Result<()> {
    answer_now(bot, press, say::working(lang)).await;
    if !state.settings.manage_documents {
        deliver(bot, target, say::managed_elsewhere(lang), &[]).await?;
        return Ok(());
    }
    let _turn = state.changes.lock().await;
    let replies = match tokio::task::block_in_place(plan) {
        Ok(Some(plan)) => change(state, &plan, press.user, lang),
        Ok(None) => vec![say::document_gone(lang).to_owned()],
        Err(err) => {
            warn!(error = %format!("{err:#}"), "could not read the corpus");
            vec![interface::something_went_wrong(lang).to_owned()]
        }
    };
    for html in replies {
        deliver(bot, target, &html, &[]).await?;
    }
    Ok(())
}

/// Answers a press before its work starts (its spinner stops; the work's reply follows).
async fn answer_now(bot: &Outbox, press: &ButtonPress, text: &str) {
    if let Err(err) = bot
        .answer_press(press.id.clone(), Some(text.to_owned()))
        .await
    {
        warn!(error = %err, "could not answer a button press");
    }
}

/// Applies `plan` for `admin` and serves the new index; the replies to send: what was done,
/// and for a new document what its title now gets — or why nothing changed. The caller holds
/// the changes lock.
fn change(state: &State, plan: &Plan, admin: u64, lang: &'static Language) -> Vec<String> {
    let (corpus, index) = (&state.settings.corpus, &state.settings.index);
    let applied = tokio::task::block_in_place(|| documents::apply(corpus, index, plan, admin));
    let applied = match applied {
        Ok(applied) => applied,
        Err(err) => {
            // The check's problems, a busy or broken index, a disk error: in the CLI's words.
            let reason = format!("{err:#}");
            warn!(action = ?plan.action, error = %reason, "document change refused or failed");
            return vec![say::change_failed(plan, &reason, lang)];
        }
    };
    if let Err(err) = state.answerer.index().reload() {
        warn!(error = %err, "reload after a document change failed; the new index shows within a second");
    }
    info!(action = ?plan.action, admin, documents = applied.report.documents, "documents changed");
    let served = state.answerer.info();
    let paragraphs = served.document(&plan.id).map(|d| d.paragraphs);
    let mut done = say::change_done(&applied, paragraphs, lang);
    let mut replies = Vec::new();
    if matches!(
        plan.action,
        documents::Action::Add | documents::Action::Replace
    ) {
        let info = state.answerer.info();
        if let Ok(outcome) = state.answerer.answer(&plan.title, 3) {
            // The answer as any asker gets it, in a message of its own (within Telegram's
            // limit on its own).
            done.push_str(&format!("\n\n{}", say::now_answered(&plan.title, lang)));
            replies.push(reply::telegram(&outcome, &info));
        }
    }
    replies.insert(0, done);
    replies
}

fn lock<T>(mutex: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}
