//! The bot's own words: every text of its interface that is not a quote — greetings, help,
//! the documents list, hints, refusals, operators' replies — in Telegram HTML, escaped here, in
//! each language the bot speaks ([`&'static Language`]: English, Russian, Uzbek).
//!
//! Pure functions of what they show and the language, so each can be tested, and a text is
//! translated in one place.

use std::time::Duration;

use super::examples::example_questions;
use super::text::{escape, shorten, title_html};
use crate::index::{BuildReport, IndexInfo};
use crate::language::{self, Language, RU};
use crate::small_talk::SmallTalk;

/// The commands everyone sees in Telegram's menu, with their descriptions in each language
/// (which `/help` lists too). `bot` parses the same names.
pub(crate) const COMMANDS: &[(&str, [&str; 3])] = &[
    (
        "start",
        [
            "Say hello and show what to ask",
            "Поздороваться и показать, о чём спросить",
            "Salomlashish va nima so‘rash mumkinligini ko‘rsatish",
        ],
    ),
    (
        "help",
        [
            "How to ask questions",
            "Как задавать вопросы",
            "Savollarni qanday berish kerak",
        ],
    ),
    (
        "about",
        [
            "Which documents I quote from",
            "Из каких документов я цитирую",
            "Qaysi hujjatlardan iqtibos keltiraman",
        ],
    ),
    (
        "ask",
        [
            "Ask a question: /ask Who signed the memorandum?",
            "Задать вопрос: /ask Кто подписал меморандум?",
            "Savol berish: /ask Memorandumni kim imzoladi?",
        ],
    ),
];

/// A command's description in `lang`.
pub(crate) fn command_description(
    descriptions: &[&'static str; 3],
    lang: &'static Language,
) -> &'static str {
    lang.pick(descriptions[0], descriptions[1], descriptions[2])
}

/// What is counted in the bot's texts.
#[derive(Debug, Clone, Copy)]
pub enum Noun {
    Document,
    Paragraph,
    Question,
}

/// "1 document", "9 paragraphs"; "1 документ", "3 документа", "5 документов"; "3 hujjat"
/// (Uzbek keeps the noun singular after a number).
pub fn count(lang: &'static Language, n: u64, noun: Noun) -> String {
    let (one, few, many) = match noun {
        Noun::Document => lang.pick(
            ("document", "documents", "documents"),
            ("документ", "документа", "документов"),
            ("hujjat", "hujjat", "hujjat"),
        ),
        Noun::Paragraph => lang.pick(
            ("paragraph", "paragraphs", "paragraphs"),
            ("абзац", "абзаца", "абзацев"),
            ("xatboshi", "xatboshi", "xatboshi"),
        ),
        Noun::Question => lang.pick(
            ("question", "questions", "questions"),
            ("вопрос", "вопроса", "вопросов"),
            ("savol", "savol", "savol"),
        ),
    };
    let russian = lang == RU;
    let word = match n {
        _ if russian && n % 10 == 1 && n % 100 != 11 => one,
        _ if russian && (2..=4).contains(&(n % 10)) && !(12..=14).contains(&(n % 100)) => few,
        _ if russian => many,
        1 => one,
        _ => few,
    };
    format!("{n} {word}")
}

/// Where a message was sent: a group reads only what is addressed to the bot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place<'a> {
    Private,
    /// A group or supergroup, with the bot's username (without the `@`).
    Group {
        bot_username: &'a str,
    },
}

/// The reply to `/start`: in a group, how to ask there.
pub fn start(info: &IndexInfo, lang: &'static Language, place: Place<'_>) -> String {
    let mut text = String::from(lang.pick(
        "Hello! I answer questions about the critical minerals memorandum between Uzbekistan and the United States by quoting the documents I have — never by making things up.\n\n",
        "Здравствуйте! Я отвечаю на вопросы о меморандуме по критически важным минералам между Узбекистаном и США, цитируя свои документы, — и никогда ничего не выдумываю.\n\n",
        "Salom! Men O‘zbekiston va AQSh o‘rtasidagi muhim minerallar bo‘yicha memorandum haqidagi savollarga hujjatlarimdan iqtibos keltirib javob beraman — hech qachon o‘zimdan to‘qimayman.\n\n",
    ));
    match place {
        Place::Private => text.push_str(lang.pick(
            "Just type a question, for example:",
            "Просто напишите вопрос, например:",
            "Savolingizni yozing, masalan:",
        )),
        Place::Group { bot_username } => {
            text.push_str(&how_to_ask_in_a_group(lang, bot_username).replace(
                "{examples}",
                lang.pick("For example:", "Например:", "Masalan:"),
            ))
        }
    }
    push_examples(&mut text, info, lang, 3);
    text.push_str(lang.pick(
        "\n\n/about lists my documents, /help explains more.",
        "\n\n/about — мои документы, /help — подробнее.",
        "\n\n/about — hujjatlarim ro‘yxati, /help — batafsil.",
    ));
    text
}

/// The reply to `/help`; `bot_username` without the `@`. In a group, how to ask there
/// comes first.
pub fn help(bot_username: &str, lang: &'static Language, place: Place<'_>) -> String {
    let commands: Vec<String> = COMMANDS
        .iter()
        .map(|(name, descriptions)| {
            format!(
                "/{name} — {}",
                escape(command_description(descriptions, lang))
            )
        })
        .collect();
    let text = lang.pick(
        "Type a question in plain words and I quote the paragraph that answers it, with its source. \
         Matched words are <b>bold</b>; the sentence that answers best is <i>in italics</i>. \
         If my documents don't answer, I say so. I read English, Russian and Uzbek. \
         Follow-ups work too: “and when?”, “who else?”, or reply to one of my answers.",
        "Напишите вопрос обычными словами, и я процитирую абзац, который на него отвечает, с источником. \
         Совпавшие слова выделены <b>жирным</b>, лучше всего отвечающее предложение — <i>курсивом</i>. \
         Если в документах ответа нет, я так и скажу. Я понимаю русский, узбекский и английский. \
         Можно уточнять: «а когда?», «кто ещё?» — или ответить на мой ответ.",
        "Savolingizni oddiy so‘zlar bilan yozing — men unga javob beradigan xatboshini manbasi bilan keltiraman. \
         Mos kelgan so‘zlar <b>qalin</b>, eng yaxshi javob beradigan gap <i>kursiv</i> bilan ajratiladi. \
         Hujjatlarimda javob bo‘lmasa, shuni aytaman. O‘zbek (lotin va kirill), rus va ingliz tillarini tushunaman. \
         Aniqlashtirish ham mumkin: “qachon?”, “yana kim?” — yoki javobimga javob yozing.",
    );
    let groups = how_to_ask_in_a_group(lang, bot_username).replace("{examples}", "");
    let (first, second) = match place {
        // In a group, how to ask there comes first: plain messages go unread.
        Place::Group { .. } => (groups.trim_end().to_owned(), text.to_owned()),
        Place::Private => (text.to_owned(), groups.trim_end().to_owned()),
    };
    format!("{first}\n\n{second}\n\n{}", commands.join("\n"))
}

/// How to ask in a group, where the bot reads only messages addressed to it (privacy mode);
/// `{examples}` marks where examples may follow.
fn how_to_ask_in_a_group(lang: &'static Language, bot_username: &str) -> String {
    let username = escape(bot_username);
    lang.pick(
        "In a group I read only what is meant for me: mention me (@{username} your question), reply to one of my messages, or write /ask your question. {examples}",
        "В группе я читаю только то, что обращено ко мне: упомяните меня (@{username} ваш вопрос), ответьте на моё сообщение или напишите /ask ваш вопрос. {examples}",
        "Guruhda men faqat menga yozilganini o‘qiyman: meni belgilang (@{username} savolingiz), xabarimga javob yozing yoki /ask savolingiz deb yozing. {examples}",
    )
    .replace("{username}", &username)
}

/// The reply to `/about`: the documents quoted from.
pub fn about(info: &IndexInfo, lang: &'static Language) -> String {
    let documents = count(lang, info.documents.len() as u64, Noun::Document);
    let mut text = lang.pick(
        format!("I quote from {documents}:"),
        format!("Я цитирую {documents}:"),
        format!("Men {documents}dan iqtibos keltiraman:"),
    );
    // The reader's own language first, then originals before translations, in index order.
    let mut documents: Vec<_> = info.documents.iter().collect();
    documents.sort_by_key(|document| {
        (
            document.meta.language.as_deref().and_then(language::by_tag) != Some(lang),
            !document.meta.official,
        )
    });
    for document in documents {
        let title = title_html(&document.meta.title, document.meta.url.as_deref(), "b");
        text.push_str(&format!("\n\n• {title}"));
        if let Some(source) = &document.meta.source {
            text.push_str(&format!("\n  {}", escape(source)));
        }
        if let Some(published) = &document.meta.published {
            text.push_str(&format!(", {}", escape(published)));
        }
        text.push_str(&format!(
            "\n  {}",
            count(lang, u64::from(document.paragraphs), Noun::Paragraph)
        ));
        if !document.meta.official {
            text.push_str(&format!(", {}", unofficial_translation(lang)));
        }
    }
    text
}

/// The reply to small talk: short and friendly, and pointing at what the bot is for.
pub fn small_talk(kind: SmallTalk, info: &IndexInfo, lang: &'static Language) -> String {
    let mut text = match kind {
        SmallTalk::Greeting => lang.pick(
            "Hello! Ask me anything about the critical minerals memorandum between Uzbekistan and the United States, for example:",
            "Здравствуйте! Спрашивайте о меморандуме по критически важным минералам между Узбекистаном и США, например:",
            "Salom! O‘zbekiston va AQSh o‘rtasidagi muhim minerallar bo‘yicha memorandum haqida so‘rang, masalan:",
        ),
        SmallTalk::Thanks => lang.pick(
            "You're welcome! Ask again any time.",
            "Пожалуйста! Спрашивайте ещё.",
            "Arzimaydi! Yana so‘rang.",
        ),
        SmallTalk::Goodbye => lang.pick(
            "Goodbye! Come back with any question about the memorandum.",
            "До свидания! Возвращайтесь с вопросами о меморандуме.",
            "Xayr! Memorandum haqida savolingiz bo‘lsa, qaytib keling.",
        ),
        SmallTalk::Acknowledgement => lang.pick(
            "👍 Ask me anything else about the memorandum, for example:",
            "👍 Спрашивайте о меморандуме что-нибудь ещё, например:",
            "👍 Memorandum haqida yana biror narsa so‘rang, masalan:",
        ),
        SmallTalk::Laughter => lang.pick(
            "😄 Glad you're enjoying it. Anything else about the memorandum? For example:",
            "😄 Рад, что вам весело. Что-нибудь ещё о меморандуме? Например:",
            "😄 Kayfiyatingiz yaxshi ekan. Memorandum haqida yana nima qiziq? Masalan:",
        ),
        SmallTalk::Complaint => lang.pick(
            "Sorry I couldn't help. I can only quote my documents about the critical minerals memorandum — try asking in other words, or one of these:",
            "Извините, что не помог. Я могу только цитировать свои документы о меморандуме по критически важным минералам — попробуйте спросить иначе или выберите вопрос:",
            "Kechirasiz, yordam bera olmadim. Men faqat muhim minerallar memorandumi haqidagi hujjatlarimdan iqtibos keltira olaman — boshqacha so‘rab ko‘ring yoki quyidagilardan birini tanlang:",
        ),
        SmallTalk::Identity => lang.pick(
            "I'm a bot that answers questions about the Uzbekistan–US memorandum on critical minerals by quoting my documents, with their source. I never make answers up. For example:",
            "Я бот, который отвечает на вопросы о меморандуме Узбекистана и США по критически важным минералам, цитируя свои документы с источником. Я ничего не выдумываю. Например:",
            "Men O‘zbekiston–AQSh muhim minerallar memorandumi haqidagi savollarga hujjatlarimdan manbasi bilan iqtibos keltirib javob beradigan botman. Hech narsani to‘qimayman. Masalan:",
        ),
        SmallTalk::Capabilities => lang.pick(
            "I quote the paragraph of my documents that answers your question about the critical minerals memorandum, and say so when they don't. Ask in English, Russian or Uzbek, for example:",
            "Я цитирую абзац своих документов, который отвечает на ваш вопрос о меморандуме по критически важным минералам, и честно говорю, если ответа нет. Спрашивайте по-русски, по-узбекски или по-английски, например:",
            "Muhim minerallar memorandumi haqidagi savolingizga javob beradigan xatboshini hujjatlarimdan keltiraman, javob bo‘lmasa, shuni aytaman. O‘zbek, rus yoki ingliz tilida so‘rang, masalan:",
        ),
    }
    .to_owned();
    if !matches!(kind, SmallTalk::Thanks | SmallTalk::Goodbye) {
        push_examples(&mut text, info, lang, 3);
    }
    text
}

/// "Tell me more" when every passage for the question has been shown.
pub(crate) fn nothing_more(lang: &'static Language) -> &'static str {
    lang.pick(
        "That's all my documents say about it. Ask me something else!",
        "Больше в моих документах об этом ничего нет. Спросите о чём-нибудь ещё!",
        "Hujjatlarimda bu haqda boshqa narsa yo‘q. Boshqa narsa so‘rang!",
    )
}

/// The answer to a vote.
pub(crate) fn thanks_for_vote(lang: &'static Language) -> &'static str {
    lang.pick("Thanks!", "Спасибо!", "Rahmat!")
}

/// An example button whose question is no longer offered (a reindex changed the examples).
pub(crate) fn example_gone(lang: &'static Language) -> &'static str {
    lang.pick(
        "That example is no longer offered; type your question instead.",
        "Этот пример больше не предлагается; напишите свой вопрос.",
        "Bu misol endi taklif qilinmaydi; savolingizni yozing.",
    )
}

/// A vote on a passage a reindex has since removed.
pub(crate) fn vote_gone(lang: &'static Language) -> &'static str {
    lang.pick(
        "That passage is no longer in my documents.",
        "Этого абзаца больше нет в моих документах.",
        "Bu xatboshi endi hujjatlarimda yo‘q.",
    )
}

/// "Tell me more" or "and when?" with nothing asked before.
pub(crate) fn ask_first(lang: &'static Language) -> &'static str {
    lang.pick(
        "Ask me a question first, then I can tell you more or answer “and when?”. For example:",
        "Сначала задайте вопрос — тогда я смогу рассказать подробнее или ответить на «а когда?». Например:",
        "Avval savol bering — keyin batafsil aytib bera olaman yoki «qachon?» degan savolga javob beraman. Masalan:",
    )
}

/// The last answer asked for in a language its passage has no translation into.
pub(crate) fn no_translation(lang: &'static Language) -> &'static str {
    lang.pick(
        "That passage has no translation into English in my documents yet.",
        "У этого абзаца пока нет перевода на русский в моих документах.",
        "Bu xatboshining hujjatlarimda hali o‘zbekcha tarjimasi yo‘q.",
    )
}

/// A More button whose answer the bot no longer remembers and whose question it cannot read.
pub(crate) fn answer_forgotten(lang: &'static Language) -> &'static str {
    lang.pick(
        "I no longer remember that question. Please ask it again.",
        "Я уже не помню этот вопрос. Задайте его, пожалуйста, ещё раз.",
        "Bu savolni endi eslay olmayman. Iltimos, uni qaytadan bering.",
    )
}

/// How a translation made by the project is named.
pub(crate) fn unofficial_translation(lang: &'static Language) -> &'static str {
    lang.pick(
        "unofficial translation",
        "неофициальный перевод",
        "norasmiy tarjima",
    )
}

/// The note under a quote from a document in another language than the asker's, which has no
/// translation yet (`source` is the document's language code).
pub(crate) fn source_in_another_language(lang: &'static Language, source: &str) -> &'static str {
    if source == "en" {
        lang.pick(
            "The source is in another language; it has no English translation yet.",
            "Источник на английском языке: перевода этого документа пока нет.",
            "Manba ingliz tilida: bu hujjatning tarjimasi hali yo‘q.",
        )
    } else {
        lang.pick(
            "The source is in another language; it has no English translation yet.",
            "Источник на другом языке: перевода этого документа пока нет.",
            "Manba boshqa tilda: bu hujjatning tarjimasi hali yo‘q.",
        )
    }
}

/// What a message that is not text (a sticker, a voice message…) gets in a private chat.
pub(crate) fn text_only_hint(info: &IndexInfo, lang: &'static Language) -> String {
    let mut text = String::from(lang.pick(
        "I read text questions only. Ask me something, for example:",
        "Я читаю только текстовые вопросы. Спросите, например:",
        "Men faqat matnli savollarni o‘qiyman. Masalan, so‘rang:",
    ));
    push_examples(&mut text, info, lang, 2);
    text
}

/// `/ask` with nothing after it.
pub(crate) fn ask_needs_a_question(lang: &'static Language) -> &'static str {
    lang.pick(
        "Put your question after the command, for example: /ask Who signed the memorandum?",
        "Напишите вопрос после команды, например: /ask Кто подписал меморандум?",
        "Savolni buyruqdan keyin yozing, masalan: /ask Memorandumni kim imzoladi?",
    )
}

/// A command the bot does not know, in a private chat.
pub(crate) fn unknown_command(lang: &'static Language) -> &'static str {
    lang.pick(
        "I don't know that command. /help shows what I can do — or just type your question.",
        "Я не знаю такой команды. /help покажет, что я умею, — или просто напишите вопрос.",
        "Bunday buyruqni bilmayman. /help nima qila olishimni ko‘rsatadi — yoki savolingizni yozing.",
    )
}

/// An operators' command from someone who is not one.
pub(crate) fn operators_only(lang: &'static Language) -> &'static str {
    lang.pick(
        "Sorry, that command is only for the bot's operators.",
        "Извините, эта команда только для операторов бота.",
        "Kechirasiz, bu buyruq faqat bot operatorlari uchun.",
    )
}

/// The one reply to a user over the flood limit.
pub(crate) fn slow_down(lang: &'static Language) -> &'static str {
    lang.pick(
        "You're asking faster than I can keep up with. Please wait a minute, then ask again.",
        "Вы спрашиваете быстрее, чем я успеваю отвечать. Подождите минуту и спросите снова.",
        "Siz men ulgurganimdan tezroq so‘rayapsiz. Bir daqiqa kutib, qayta so‘rang.",
    )
}

/// When a chat sends more than the bot can keep waiting: some messages were let go. Said at
/// most once a minute per chat.
pub(crate) fn chat_busy(lang: &'static Language) -> &'static str {
    lang.pick(
        "Too many messages here at once: I'll answer the ones I already have and had to let the newest go. Please ask again in a minute.",
        "Здесь слишком много сообщений сразу: я отвечу на те, что уже получил, а самые новые пришлось пропустить. Пожалуйста, спросите снова через минуту.",
        "Bu yerda bir vaqtda juda ko‘p xabar: allaqachon olganlarimga javob beraman, eng yangilarini o‘tkazib yuborishga to‘g‘ri keldi. Iltimos, bir daqiqadan so‘ng qayta so‘rang.",
    )
}

/// When answering failed on the bot's side.
pub(crate) fn something_went_wrong(lang: &'static Language) -> &'static str {
    lang.pick(
        "Sorry, something went wrong on my side. Please try again in a moment.",
        "Извините, у меня что-то пошло не так. Попробуйте ещё раз чуть позже.",
        "Kechirasiz, men tomonda nimadir xato ketdi. Birozdan keyin qayta urinib ko‘ring.",
    )
}

/// What `/stats` shows an operator.
#[derive(Debug, Clone)]
pub struct ServingStats {
    pub answered: u64,
    pub declined: u64,
    /// Since the bot started.
    pub uptime: Duration,
}

/// The reply to `/stats`.
pub fn stats(info: &IndexInfo, serving: &ServingStats, lang: &'static Language) -> String {
    let (answered, declined) = (serving.answered, serving.declined);
    let total = answered + declined;
    let rate = if total == 0 {
        "—".to_owned()
    } else {
        format!("{:.0}%", declined as f64 * 100.0 / total as f64)
    };
    let documents = count(lang, info.documents.len() as u64, Noun::Document);
    let paragraphs = count(lang, info.paragraph_count(), Noun::Paragraph);
    let age = human_duration(info.age(), lang);
    let uptime = human_duration(serving.uptime, lang);
    let questions = count(lang, total, Noun::Question);
    lang.pick(
format!(
            "<b>Index</b>: {documents}, {paragraphs}, built {age} ago\n\
             <b>Since start</b> ({uptime} ago): {questions}, {answered} answered, no-answer rate {rate}"
        ),
format!(
            "<b>Индекс</b>: {documents}, {paragraphs}, построен {age} назад\n\
             <b>С запуска</b> ({uptime} назад): {questions}, отвечено {answered}, без ответа {rate}"
        ),
format!(
            "<b>Indeks</b>: {documents}, {paragraphs}, {age} oldin qurilgan\n\
             <b>Ishga tushgandan beri</b> ({uptime} oldin): {questions}, {answered} tasiga javob berildi, javobsiz {rate}"
        ),
    )
}

/// The reply to a `/reindex` that worked.
pub(crate) fn reindexed(report: &BuildReport, lang: &'static Language) -> String {
    let documents = count(lang, report.documents as u64, Noun::Document);
    let paragraphs = count(lang, report.paragraphs, Noun::Paragraph);
    let elapsed = format!("{:.1?}", report.elapsed);
    let mut text = lang.pick(
        format!("Reindexed: {documents}, {paragraphs} in {elapsed}."),
        format!("Индекс перестроен: {documents}, {paragraphs} за {elapsed}."),
        format!("Indeks qayta qurildi: {documents}, {paragraphs}, {elapsed}."),
    );
    for note in &report.notes {
        let label = lang.pick("Note", "Примечание", "Izoh");
        text.push_str(&format!("\n{label}: {}", escape(&note.to_string())));
    }
    text
}

/// The reply to a `/reindex` while another reindex is running.
pub fn reindex_busy(lang: &'static Language) -> &'static str {
    lang.pick(
        "A reindex is already running; the new index is served as soon as it ends. Try again in a minute if you changed the documents since.",
        "Индекс уже перестраивается; новый начнёт работать, как только перестройка закончится. Если вы с тех пор меняли документы, повторите через минуту.",
        "Indeks hozir qayta qurilmoqda; tugashi bilan yangisi ishlay boshlaydi. Hujjatlarni o‘shandan keyin o‘zgartirgan bo‘lsangiz, bir daqiqadan keyin qayta urinib ko‘ring.",
    )
}

/// The reply to a `/reindex` that failed; `error` is the whole cause chain (in English, as
/// the command line prints it).
pub(crate) fn reindex_failed(error: &str, lang: &'static Language) -> String {
    format!(
        "{}\n<pre>{}</pre>",
        lang.pick(
            "Reindex failed; the previous index is still serving.",
            "Перестроить индекс не удалось; работает прежний индекс.",
            "Indeksni qayta qurib bo‘lmadi; avvalgi indeks ishlashda davom etmoqda.",
        ),
        escape(&shorten(error, 3000))
    )
}

fn push_examples(text: &mut String, info: &IndexInfo, lang: &'static Language, how_many: usize) {
    for example in example_questions(info, lang, how_many) {
        text.push_str(&format!("\n• {}", escape(example)));
    }
}

/// A duration as people say it: "5 s", "2 min", "3 h 2 min", "3 days".
pub(crate) fn human_duration(duration: Duration, lang: &'static Language) -> String {
    let seconds = duration.as_secs();
    let (s, min, h, days) = lang.pick(
        ("s", "min", "h", "days"),
        ("с", "мин", "ч", "дн."),
        ("s", "daq", "soat", "kun"),
    );
    match seconds {
        0..=59 => format!("{seconds} {s}"),
        60..=3599 => format!("{} {min}", seconds / 60),
        3600..=86_399 => format!("{} {h} {} {min}", seconds / 3600, seconds % 3600 / 60),
        _ => format!("{} {days}", seconds / 86_400),
    }
}

#[cfg(test)]
mod tests {
    use super::super::telegram_html_problem;
    use super::*;
    use crate::corpus::DocumentMeta;
    use crate::index::DocumentInfo;
    use crate::language::{EN, UZ};

    fn info(documents: &[(&str, Option<&str>, u32)]) -> IndexInfo {
        IndexInfo {
            documents: documents
                .iter()
                .map(|(title, url, paragraphs)| DocumentInfo {
                    id: "doc".into(),
                    meta: DocumentMeta {
                        title: (*title).into(),
                        id: None,
                        source: Some("Press <service>".into()),
                        url: url.map(str::to_owned),
                        published: None,
                        language: None,
                        examples: vec!["Who <signed>?".into(), "Where?".into(), "When?".into()],
                        captions: Vec::new(),
                        translation_of: None,
                        official: true,
                    },
                    paragraphs: *paragraphs,
                })
                .collect(),
            ..IndexInfo::default()
        }
    }

    #[test]
    fn durations_read_naturally() {
        let en = |s| human_duration(Duration::from_secs(s), EN);
        assert_eq!(en(5), "5 s");
        assert_eq!(en(125), "2 min");
        assert_eq!(en(3 * 3600 + 120), "3 h 2 min");
        assert_eq!(en(3 * 86_400), "3 days");
        assert_eq!(human_duration(Duration::from_secs(125), RU), "2 мин");
    }

    #[test]
    fn russian_counts_take_the_plural_form_of_their_number() {
        let ru = |n| count(RU, n, Noun::Document);
        assert_eq!(
            [ru(1), ru(2), ru(5), ru(11), ru(21), ru(22), ru(112)],
            [
                "1 документ",
                "2 документа",
                "5 документов",
                "11 документов",
                "21 документ",
                "22 документа",
                "112 документов"
            ]
        );
        assert_eq!(count(UZ, 3, Noun::Document), "3 hujjat");
    }

    #[test]
    fn counts_of_one_are_singular() {
        let one = info(&[("Minerals & <MoU>", None, 1)]);
        let stats = stats(
            &one,
            &ServingStats {
                answered: 1,
                declined: 0,
                uptime: Duration::from_secs(5),
            },
            EN,
        );
        assert!(stats.contains("1 document, 1 paragraph, built"), "{stats}");
        assert!(
            stats.contains("1 question, 1 answered, no-answer rate 0%"),
            "{stats}"
        );
        assert!(
            about(&one, EN).starts_with("I quote from 1 document:"),
            "{}",
            about(&one, EN)
        );
        let two = info(&[("A", None, 2), ("B", None, 3)]);
        assert!(
            about(&two, EN).contains("2 documents:"),
            "{}",
            about(&two, EN)
        );
        assert!(
            about(&two, EN).contains("  3 paragraphs"),
            "{}",
            about(&two, EN)
        );
    }

    #[test]
    fn about_lists_the_readers_language_first_then_originals() {
        let mut documents = info(&[
            ("Russian", None, 1),
            ("English", None, 1),
            ("Uzbek", None, 1),
        ]);
        for (document, (language, official)) in
            documents
                .documents
                .iter_mut()
                .zip([("ru", false), ("en", true), ("uz", false)])
        {
            document.meta.language = Some(language.into());
            document.meta.official = official;
        }
        let order = |lang| {
            let text = about(&documents, lang);
            let mut titles = ["Russian", "English", "Uzbek"];
            titles.sort_by_key(|title| text.find(&format!("<b>{title}</b>")));
            titles
        };
        assert_eq!(order(EN), ["English", "Russian", "Uzbek"]);
        assert_eq!(order(UZ), ["Uzbek", "English", "Russian"]);
        assert_eq!(order(RU), ["Russian", "English", "Uzbek"]);
    }

    #[test]
    fn about_links_titles_that_have_a_url_and_escapes_everything() {
        let text = about(
            &info(&[
                ("Minerals & <MoU>", Some("https://example.org/?a=1&b=2"), 9),
                ("Plain", None, 2),
            ]),
            EN,
        );
        assert!(
            text.contains(
                "<a href=\"https://example.org/?a=1&amp;b=2\">Minerals &amp; &lt;MoU&gt;</a>"
            ),
            "{text}"
        );
        assert!(text.contains("<b>Plain</b>"), "{text}");
        assert!(text.contains("Press &lt;service&gt;"), "{text}");
    }

    #[test]
    fn every_interface_text_is_valid_telegram_html() {
        let info = info(&[("Minerals & <MoU>", Some("https://example.org/?a=1&b=2"), 9)]);
        let report = BuildReport {
            documents: 1,
            notes: Vec::new(),
            paragraphs: 9,
            elapsed: Duration::from_millis(12),
            index_dir: "data/index".into(),
        };
        let serving = ServingStats {
            answered: 3,
            declined: 1,
            uptime: Duration::from_secs(100),
        };
        let mut seen = std::collections::HashSet::new();
        for lang in [EN, RU, UZ] {
            let texts = [
                start(&info, lang, Place::Private),
                start(&info, lang, GROUP),
                help("mou_<bot>", lang, Place::Private),
                help("mou_<bot>", lang, GROUP),
                about(&info, lang),
                text_only_hint(&info, lang),
                stats(&info, &serving, lang),
                reindexed(&report, lang),
                reindex_failed("corpus/a.md:3: bad <header> & more", lang),
                reindex_busy(lang).to_owned(),
                ask_needs_a_question(lang).to_owned(),
                unknown_command(lang).to_owned(),
                operators_only(lang).to_owned(),
                slow_down(lang).to_owned(),
                chat_busy(lang).to_owned(),
                something_went_wrong(lang).to_owned(),
                small_talk(SmallTalk::Greeting, &info, lang),
                small_talk(SmallTalk::Thanks, &info, lang),
                small_talk(SmallTalk::Identity, &info, lang),
                small_talk(SmallTalk::Capabilities, &info, lang),
                small_talk(SmallTalk::Goodbye, &info, lang),
                small_talk(SmallTalk::Acknowledgement, &info, lang),
                small_talk(SmallTalk::Laughter, &info, lang),
                small_talk(SmallTalk::Complaint, &info, lang),
                nothing_more(lang).to_owned(),
                vote_gone(lang).to_owned(),
                example_gone(lang).to_owned(),
                ask_first(lang).to_owned(),
            ];
            for text in texts {
                assert_eq!(telegram_html_problem(&text), None, "{text}");
                assert!(text.chars().count() <= super::super::TELEGRAM_LIMIT);
                // Every text is its own in each language, not the English one left in place.
                assert!(seen.insert(text.clone()), "{:?}: {text}", lang);
            }
        }
    }

    #[test]
    fn help_lists_every_command_with_its_description() {
        for lang in [EN, RU, UZ] {
            let text = help("mou_bot", lang, Place::Private);
            for (name, descriptions) in COMMANDS {
                let description = command_description(descriptions, lang);
                assert!(
                    text.contains(&format!("/{name} — {}", escape(description))),
                    "{text}"
                );
            }
            assert!(text.contains("@mou_bot"), "{text}");
        }
        assert!(help("mou_bot", EN, Place::Private).contains("@mou_bot your question"));
    }

    const GROUP: Place<'static> = Place::Group {
        bot_username: "mou_<bot>",
    };

    #[test]
    fn in_a_group_start_and_help_say_how_to_ask_there_first() {
        let info = info(&[("Minerals", None, 9)]);
        for lang in [EN, RU, UZ] {
            let private = start(&info, lang, Place::Private);
            let group = start(&info, lang, GROUP);
            // A group reads only mentions, replies and /ask: "just type" would be ignored.
            assert!(!private.contains("@mou_&lt;bot&gt;"), "{private}");
            assert!(group.contains("@mou_&lt;bot&gt;"), "{group}");
            assert!(group.contains("/ask"), "{group}");
            // The examples follow in both.
            assert!(group.contains("Who &lt;signed&gt;?"), "{group}");
            let help_in_group = help("mou_<bot>", lang, GROUP);
            let help_in_private = help("mou_<bot>", lang, Place::Private);
            let mention = |text: &str| text.find("@mou_&lt;bot&gt;").unwrap();
            assert!(mention(&help_in_group) < mention(&help_in_private));
        }
        assert!(start(&info, EN, Place::Private).contains("Just type a question"));
        assert!(!start(&info, EN, GROUP).contains("Just type"));
    }

    #[test]
    fn a_failed_reindex_shows_the_error_escaped_and_cut() {
        let long = "x".repeat(5000);
        let text = reindex_failed(&format!("<{long}"), EN);
        assert!(text.starts_with("Reindex failed; the previous index is still serving."));
        assert!(text.contains("<pre>&lt;xxx"), "{text}");
        assert!(text.chars().count() < 3100, "{}", text.chars().count());
    }
}
