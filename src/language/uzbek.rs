//! Uzbek: a suffix stripper written here (no stemmer for Uzbek exists in Tantivy or Snowball,
//! and the Turkish one mangles it: "imzoladi" → "imzoladı"), Cyrillic read as Latin, every
//! apostrophe form of o‘ and g‘ (and its absence) read alike, and the word lists a question in
//! Uzbek is read with. Written by the project (MIT, as the rest of it).
//!
//! Uzbek is agglutinative: a word is a root followed by a chain of endings ("hamkor-lik-ni",
//! "imzo-la-n-gan"). The stripper removes known endings from the end, longest first, as long
//! as a root of at least [`MIN_STEM_CHARS`] letters is left. Like any suffix stripper it
//! over- and under-strips at times; what matters here is that a question's word and the
//! paragraph's word of the same root end the same.

use super::{Language, StemWith};
use crate::focus::FocusPatterns;
use crate::kinds::{Kind, KindPatterns};
use crate::language::tokens::APOSTROPHES;
use crate::small_talk::{FollowUpWords, SmallTalkPatterns};

pub static UZBEK: Language = Language {
    code: "uz",
    name: "Uzbek",
    native_name: "O‘zbekcha",
    stemmer: StemWith::Rules(strip_suffixes),
    fold: Some(fold_to_latin),
    apostrophes: true,
    inflects: true,
    stop_words: STOP_WORDS,
    number_words: &[
        "besh", "bir", "ikki", "olti", "on", "sakkiz", "toqqiz", "tort", "uch", "yetti",
    ],
    focus: FocusPatterns {
        question_words: &[],
        copulas: &[],
        determiners: &[],
        linkers: &[],
        which_words: &["qanaqa", "qanday", "qaysi"],
    },
    small_talk: SmallTalkPatterns {
        greetings: &[
            "assalomu alaykum",
            "hayrli kech",
            "hayrli kun",
            "hayrli tong",
            "salom",
            "salom alaykum",
            "xayrli kun",
        ],
        thanks: &["katta rahmat", "rahmat", "tashakkur", "raxmat"],
        identity: &["kimsan", "kimsiz", "sen kimsan", "siz kimsiz"],
        capabilities: &[
            "nima bila olasan",
            "nima qila olasan",
            "nima qila olasiz",
            "yordam",
            "qanday foydalanaman",
        ],
        fillers: &["bot"],
    },
    follow_up: FollowUpWords {
        more: &["batafsil", "davom et", "yana", "yana nima"],
        pronouns: &["bu", "shu", "u", "ular", "uni"],
    },
    picture_words: &[
        "foto",
        "fotosurat",
        "rasm",
        "rasmda",
        "rasmdagi",
        "surat",
        "suratda",
    ],
    kinds: KindPatterns {
        inflected: true,
        asks_for: &[
            ("kim", Kind::Person),
            ("kimlar", Kind::Person),
            ("kimga", Kind::Person),
            ("kimning", Kind::Person),
            ("qachon", Kind::Date),
            ("sana", Kind::Date),
            ("sanasi", Kind::Date),
            ("qayerda", Kind::Place),
            ("qayer", Kind::Place),
            ("qayerga", Kind::Place),
            ("qaerda", Kind::Place),
            ("shahar", Kind::Place),
            ("shaharda", Kind::Place),
            ("qancha", Kind::Quantity),
            ("nechta", Kind::Quantity),
            ("necha", Kind::Quantity),
        ],
        asks_for_pairs: &[
            ("qaysi", "shahar", Kind::Place),
            ("qaysi", "shaharda", Kind::Place),
        ],
        amount_words: &["dollar", "foiz", "million", "milliard", "ming", "tonna"],
        titles: &["elchi", "janob", "prezident", "vazir"],
        people: &[
            "delegatsiya",
            "elchixona",
            "hukumat",
            "matbuot",
            "rahbar",
            "vazirlig",
        ],
        place_prepositions: &[],
        // "Toshkentda", "Las-Vegasdagi": a capitalised word with a locative ending is a place.
        place_suffixes: &["da", "dagi", "dan", "ga"],
        months: &[
            "avgust", "aprel", "dekabr", "fevral", "iyul", "iyun", "mart", "may", "noyabr",
            "oktyabr", "sentyabr", "yanvar",
        ],
        months_capitalised: false,
        weekdays: &[
            "chorshanba",
            "dushanba",
            "juma",
            "payshanba",
            "seshanba",
            "shanba",
            "yakshanba",
        ],
    },
};

/// Stems keep at least this many letters.
const MIN_STEM_CHARS: usize = 3;

/// Endings removed from the end of a word, the longest that fits first, again and again: case
/// (-ning, -ni, -ga, -da, -dan, -dagi), plural (-lar), possession (-i, -si, -lari), verb tense
/// and voice (-di, -gan, -moqda, -yapti, -ndi, -ngan, -sh), derivation (-lik, -chi, -li), the
/// question particle (-mi). Folded, as the analyzer gives words: no apostrophes.
const SUFFIXES: &[&str] = &[
    "moqda", "yapti", "ganlar", "lardan", "larning", "larni", "larga", "larda", "lari", "ngan",
    "nadi", "ning", "dagi", "ligi", "gach", "gani", "lar", "dan", "tan", "gan", "kan", "qan",
    "ndi", "ydi", "lik", "siz", "chi", "ish", "da", "ta", "ga", "ka", "qa", "ni", "di", "ib", "sh",
    "mi", "si", "li", "i",
];

/// Removes known endings, longest first, while a stem of [`MIN_STEM_CHARS`] letters is left.
pub fn strip_suffixes(word: &mut String) {
    if word.chars().any(|c| c.is_ascii_digit()) {
        return;
    }
    'strip: loop {
        let letters = word.chars().count();
        for suffix in SUFFIXES {
            if word.ends_with(suffix) && letters - suffix.len() >= MIN_STEM_CHARS {
                word.truncate(word.len() - suffix.len());
                continue 'strip;
            }
        }
        return;
    }
}

/// Reads Uzbek Cyrillic as Latin (ў → o‘, қ → q, ғ → g‘, ҳ → h, ш → sh, ч → ch …) and drops
/// every apostrophe (o‘ o' oʻ o` o’ and ma'lumot all read as o, ma-lumot), since people type
/// any of them or none. Expects a lower-cased word.
pub fn fold_to_latin(word: &mut String) {
    if word.is_ascii() && !word.contains(APOSTROPHES) {
        return;
    }
    let mut out = String::with_capacity(word.len() + 4);
    let mut previous: Option<char> = None;
    for c in word.chars() {
        let after_vowel_or_start =
            previous.is_none_or(|p| "аеёиоуўэюяaeiou".contains(p) || p == 'ъ' || p == 'ь');
        match c {
            'а' => out.push('a'),
            'б' => out.push('b'),
            'в' => out.push('v'),
            'г' | 'ғ' => out.push('g'),
            'д' => out.push('d'),
            'е' if after_vowel_or_start => out.push_str("ye"),
            'е' | 'э' => out.push('e'),
            'ё' => out.push_str("yo"),
            'ж' => out.push('j'),
            'з' => out.push('z'),
            'и' => out.push('i'),
            'й' => out.push('y'),
            'к' => out.push('k'),
            'қ' => out.push('q'),
            'л' => out.push('l'),
            'м' => out.push('m'),
            'н' => out.push('n'),
            'о' | 'ў' => out.push('o'),
            'п' => out.push('p'),
            'р' => out.push('r'),
            'с' => out.push('s'),
            'т' => out.push('t'),
            'у' => out.push('u'),
            'ф' => out.push('f'),
            'х' => out.push('x'),
            'ҳ' => out.push('h'),
            'ц' => out.push_str("ts"),
            'ч' => out.push_str("ch"),
            'ш' | 'щ' => out.push_str("sh"),
            'ы' => out.push('i'),
            'ю' => out.push_str("yu"),
            'я' => out.push_str("ya"),
            'ъ' | 'ь' => {}
            c if APOSTROPHES.contains(&c) => {}
            c => out.push(c),
        }
        previous = Some(c);
    }
    *word = out;
}

/// Words that carry no content in a question, folded (no apostrophes).
const STOP_WORDS: &[&str] = &[
    "alaykum",
    "ammo",
    "assalomu",
    "aytchi",
    "aytib",
    "ayting",
    "ber",
    "bering",
    "bilan",
    "bilasizmi",
    "bilmoqchiman",
    "biz",
    "bizga",
    "boladi",
    "boldi",
    "bolgan",
    "bor",
    "boyicha",
    "bu",
    "chi",
    "da",
    "de",
    "deb",
    "edi",
    "ekan",
    "emas",
    "esa",
    "ga",
    "ham",
    "haqda",
    "haqida",
    "hayrli",
    "iltimos",
    "kerak",
    "kim",
    "kimdan",
    "kimga",
    "kimlar",
    "kimni",
    "kimning",
    "kimsan",
    "kimsiz",
    "lekin",
    "men",
    "menga",
    "mi",
    "necha",
    "nechanchi",
    "nechta",
    "nega",
    "nima",
    "nimadan",
    "nimaga",
    "nimalar",
    "nimalarni",
    "nimani",
    "qachon",
    "qaer",
    "qaerda",
    "qanaqa",
    "qancha",
    "qanday",
    "qayer",
    "qayerda",
    "qayerdan",
    "qayerga",
    "qaysi",
    "qilib",
    "rahmat",
    "raxmat",
    "salom",
    "sen",
    "shu",
    "siz",
    "sizga",
    "tashakkur",
    "u",
    "uchun",
    "ular",
    "va",
    "xayrli",
    "yoki",
    "yoq",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(text: &str) -> Vec<String> {
        crate::language::stems_of(&UZBEK, text)
    }

    #[test]
    fn forms_of_a_verb_share_a_stem() {
        let forms =
            stems("imzoladi imzolandi imzolangan imzolanadi imzolash imzolagan imzolandimi");
        assert!(forms.iter().all(|stem| stem == "imzola"), "{forms:?}");
    }

    #[test]
    fn case_plural_and_possessive_endings_come_off() {
        assert_eq!(stems("hamkorlik hamkorlikni hamkorligi"), ["hamkor"; 3]);
        assert_eq!(stems("minerallar minerallarni minerallari"), ["mineral"; 3]);
        assert_eq!(stems("Toshkentda Toshkentdagi Toshkent"), ["toshkent"; 3]);
        assert_eq!(stems("vazirning vaziri"), ["vazir"; 2]);
    }

    #[test]
    fn a_root_keeps_three_letters_and_numbers_are_left_whole() {
        assert_eq!(stems("elchi elchisi"), ["elch", "elch"]);
        assert_eq!(stems("kimni oni"), ["kim", "oni"]);
        assert_eq!(stems("2024"), ["2024"]);
    }

    #[test]
    fn every_apostrophe_form_and_none_read_alike() {
        let forms = stems("O‘zbekiston O'zbekiston Oʻzbekiston O`zbekiston O’zbekiston Ozbekiston");
        assert!(forms.windows(2).all(|w| w[0] == w[1]), "{forms:?}");
    }

    #[test]
    fn cyrillic_reads_as_latin() {
        assert_eq!(stems("Тошкентда"), stems("Toshkentda"));
        assert_eq!(stems("Ўзбекистон"), stems("O‘zbekiston"));
        assert_eq!(stems("имзоланди"), stems("imzolandi"));
        assert_eq!(stems("ҳамкорлик"), stems("hamkorlik"));
        assert_eq!(stems("Европа"), stems("Yevropa"));
    }

    #[test]
    fn question_words_are_stop_words() {
        for word in ["kim", "qachon", "qayerda", "nima", "boyicha"] {
            assert!(UZBEK.is_stop_word(word), "{word}");
        }
        assert!(!UZBEK.is_stop_word("litiy"));
    }

    #[test]
    fn a_day_before_a_month_is_a_date_and_a_capitalised_locative_a_place() {
        let kinds = &UZBEK.kinds;
        let found = kinds.found_in("16-sentyabr kuni Toshkentda imzolandi");
        assert!(found.contains(&Kind::Date), "{found:?}");
        assert!(found.contains(&Kind::Place), "{found:?}");
        assert!(
            kinds
                .found_in("elchisi Jonatan Xenik")
                .contains(&Kind::Person)
        );
    }
}
