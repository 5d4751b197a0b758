//! Russian: Tantivy's Russian Snowball stemmer, ё read as е, and the word lists a question in
//! Russian is read with. The stop words are Snowball's Russian list with question words,
//! politeness and chat words added (BSD licence, as the Snowball project's).

use tantivy::tokenizer::Language as Stemming;

use super::{Language, StemWith};
use crate::focus::FocusPatterns;
use crate::kinds::{Kind, KindPatterns};
use crate::small_talk::{FollowUpWords, SmallTalkPatterns};

pub static RUSSIAN: Language = Language {
    code: "ru",
    name: "Russian",
    native_name: "Русский",
    stemmer: StemWith::Snowball(Stemming::Russian),
    fold: Some(fold_yo),
    apostrophes: false,
    inflects: true,
    stop_words: STOP_WORDS,
    number_words: &[
        "два",
        "две",
        "десять",
        "один",
        "одна",
        "пять",
        "семь",
        "три",
        "четыре",
        "шесть",
    ],
    // Russian names what it asks about without "of": "какое население Узбекистана".
    focus: FocusPatterns {
        question_words: &[],
        copulas: &[],
        determiners: &[],
        linkers: &[],
        which_words: &[
            "какая",
            "каков",
            "какова",
            "каково",
            "каковы",
            "какое",
            "какой",
            "какие",
            "какую",
        ],
    },
    small_talk: SmallTalkPatterns {
        greetings: &[
            "добрый вечер",
            "добрый день",
            "доброе утро",
            "здравствуйте",
            "здравствуй",
            "привет",
            "салам",
            "салют",
        ],
        thanks: &[
            "благодарю",
            "большое спасибо",
            "спасибо",
            "спасибо большое",
            "спс",
        ],
        identity: &["кто ты", "кто вы", "ты кто", "вы кто", "что ты такое"],
        capabilities: &[
            "как пользоваться",
            "о чем можно спросить",
            "помощь",
            "помоги",
            "помогите",
            "что ты знаешь",
            "что ты умеешь",
            "что вы умеете",
        ],
        fillers: &["бот"],
    },
    follow_up: FollowUpWords {
        more: &[
            "дальше",
            "еще",
            "подробнее",
            "расскажи еще",
            "расскажите подробнее",
            "что еще",
        ],
        pronouns: &["его", "ее", "он", "она", "они", "оно", "это", "этот", "их"],
    },
    picture_words: &[
        "изображение",
        "изображено",
        "картинка",
        "картинке",
        "снимке",
        "снимок",
        "фото",
        "фотографии",
        "фотография",
    ],
    kinds: KindPatterns {
        inflected: true,
        asks_for: &[
            ("кто", Kind::Person),
            ("кого", Kind::Person),
            ("кем", Kind::Person),
            ("кому", Kind::Person),
            ("когда", Kind::Date),
            ("дата", Kind::Date),
            ("дату", Kind::Date),
            ("где", Kind::Place),
            ("город", Kind::Place),
            ("городе", Kind::Place),
            ("месте", Kind::Place),
            ("году", Kind::Date),
            ("день", Kind::Date),
            ("месяце", Kind::Date),
            ("числа", Kind::Date),
            ("куда", Kind::Place),
            ("сколько", Kind::Quantity),
        ],
        asks_for_pairs: &[("какого", "числа", Kind::Date), ("в", "каком", Kind::Place)],
        amount_words: &["долл", "миллион", "миллиард", "процент", "тонн", "тысяч"],
        titles: &[
            // Stems, since titles inflect ("послом Джонатаном Хеником").
            "господин",
            "госпож",
            "директор",
            "заместител",
            "министр",
            "посл",
            "президент",
        ],
        people: &[
            "делегаци",
            "министерств",
            "посольств",
            "правительств",
            "пресс-служб",
            "руководител",
        ],
        place_prepositions: &["в", "во", "из", "на"],
        place_suffixes: &[],
        months: &[
            "август",
            "апрел",
            "декабр",
            "июл",
            "июн",
            "май",
            "мар",
            "мая",
            "ноябр",
            "октябр",
            "сентябр",
            "феврал",
            "январ",
        ],
        months_capitalised: false,
        weekdays: &[
            "воскресень",
            "вторник",
            "понедельник",
            "пятниц",
            "суббот",
            "сред",
            "четверг",
        ],
    },
};

/// ё is written as е more often than not: both are read as е.
fn fold_yo(word: &mut String) {
    if word.contains('ё') {
        *word = word.replace('ё', "е");
    }
}

/// Words that carry no content in a question.
const STOP_WORDS: &[&str] = &[
    "а",
    "без",
    "более",
    "бы",
    "был",
    "была",
    "были",
    "было",
    "быть",
    "в",
    "вам",
    "вас",
    "весь",
    "во",
    "вот",
    "все",
    "всего",
    "всех",
    "вы",
    "где",
    "где-то",
    "да",
    "даже",
    "для",
    "до",
    "его",
    "ее",
    "если",
    "есть",
    "еще",
    "же",
    "за",
    "зачем",
    "здесь",
    "здравствуйте",
    "знаете",
    "знаешь",
    "и",
    "из",
    "или",
    "им",
    "интересно",
    "их",
    "к",
    "как",
    "какая",
    "какие",
    "каким",
    "каких",
    "каков",
    "какова",
    "каковы",
    "какого",
    "какое",
    "какой",
    "каком",
    "какую",
    "когда",
    "когда-то",
    "которая",
    "которое",
    "котором",
    "которые",
    "который",
    "которых",
    "кто",
    "кто-нибудь",
    "кто-то",
    "куда",
    "ли",
    "либо",
    "мне",
    "может",
    "можно",
    "мы",
    "на",
    "над",
    "надо",
    "наш",
    "не",
    "него",
    "нее",
    "нет",
    "ни",
    "нибудь",
    "них",
    "но",
    "ну",
    "о",
    "об",
    "объясни",
    "объясните",
    "однако",
    "он",
    "она",
    "они",
    "оно",
    "от",
    "откуда",
    "очень",
    "по",
    "под",
    "подскажи",
    "подскажите",
    "пожалуйста",
    "после",
    "почему",
    "при",
    "привет",
    "про",
    "расскажи",
    "расскажите",
    "с",
    "скажи",
    "скажите",
    "сколько",
    "со",
    "спасибо",
    "так",
    "также",
    "такой",
    "там",
    "те",
    "тем",
    "то",
    "того",
    "тоже",
    "той",
    "только",
    "том",
    "ты",
    "у",
    "уже",
    "узнать",
    "хотел",
    "хотела",
    "хотя",
    "хочу",
    "чего",
    "чей",
    "чем",
    "что",
    "что-нибудь",
    "что-то",
    "чтобы",
    "чье",
    "чья",
    "эта",
    "эти",
    "это",
    "этого",
    "этой",
    "этом",
    "этот",
    "я",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(text: &str) -> Vec<String> {
        crate::language::stems_of(&RUSSIAN, text)
    }

    #[test]
    fn word_forms_of_one_word_share_a_stem_and_yo_is_e() {
        assert_eq!(
            stems("подписал подписали подписан"),
            ["подписа", "подписа", "подписа"]
        );
        assert_eq!(
            stems("Меморандум меморандума"),
            ["меморандум", "меморандум"]
        );
        assert_eq!(stems("ещё"), stems("еще"));
    }

    #[test]
    fn question_words_are_stop_words() {
        for word in ["кто", "когда", "где", "что", "пожалуйста", "почему"]
        {
            assert!(RUSSIAN.is_stop_word(word), "{word}");
        }
        assert!(!RUSSIAN.is_stop_word("литий"));
    }

    #[test]
    fn a_day_before_a_month_is_a_date_and_a_title_before_a_name_a_person() {
        let kinds = &RUSSIAN.kinds;
        assert!(
            kinds
                .found_in("подписан 16 сентября в Ташкенте")
                .contains(&Kind::Date)
        );
        assert!(
            kinds
                .found_in("подписан 16 сентября в Ташкенте")
                .contains(&Kind::Place)
        );
        assert!(
            kinds
                .found_in("послом Джонатаном Хеником")
                .contains(&Kind::Person)
        );
        assert_eq!(kinds.asked_for(&["кто", "подписал"]), [Kind::Person]);
    }
}
