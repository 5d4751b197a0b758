//! Uzbek phrases a message is matched against: small talk (greetings, thanks, goodbyes,
//! acknowledgements, questions about the bot), what wraps a question (courtesies, openers,
//! question words) and follow-ups ("yana", pronouns). All lower-case and folded, as the plain
//! analyzer gives words (Cyrillic read as Latin, no apostrophes). Each list is the field of the
//! same name in `SmallTalkPatterns`, `WrappingPatterns` or `FollowUpWords`.

// Small talk (`SmallTalkPatterns`).

pub(super) const GREETINGS: &[&str] = &[
    "assalomu alaykum",
    "assalom",
    "assalomu aleykum",
    "hayrli kech",
    "hayrli kun",
    "hayrli tong",
    "salom",
    "salom alaykum",
    "xayrli kech",
    "xayrli kun",
    "xayrli tong",
    "yaxshimisiz",
    "qalaysiz",
    "qalesiz",
    "hammaga salom",
    "salom salom",
    "salomlar",
];

pub(super) const THANKS: &[&str] = &[
    "katta rahmat",
    "kop rahmat",
    "oldindan rahmat",
    "rahmat",
    "rahmat oldindan",
    "raxmat",
    "tashakkur",
    "juda minnatdor",
    "minnatdorman",
    "sabringiz uchun rahmat",
];

pub(super) const GOODBYES: &[&str] = &[
    "hayr",
    "korishguncha",
    "omad",
    "salomat boling",
    "xayr",
    "yaxshi qoling",
];

pub(super) const ACKNOWLEDGEMENTS: &[&str] = &[
    "ha",
    "tushundim",
    "xop",
    "xo p",
    "ok",
    "mayli",
    "yaxshi",
    "zor",
    "yoq",
    "ajoyib",
];

pub(super) const IDENTITY: &[&str] = &[
    "bot misan",
    "kimsan",
    "kimsiz",
    "odammisan",
    "odammisiz",
    "sen kimsan",
    "siz kimsiz",
    "robotmisan",
];

pub(super) const CAPABILITIES: &[&str] = &[
    "nima bila olasan",
    "nima qila olasan",
    "nima qila olasiz",
    "yordam",
    "qanday foydalanaman",
];

// Around a question (`WrappingPatterns`).

pub(super) const COURTESIES: &[&str] = &[
    "aka",
    "azizim",
    "hurmatli bot",
    "iltimos",
    "kechirasiz",
    "marhamat",
    "opa",
    "uzr",
    "ustoz",
];

pub(super) const OPENERS: &[&str] = &[
    "aytib bera olasizmi",
    "aytib bering",
    "aytib ber",
    "aytib yuborolmaysizmi",
    "aytingchi",
    "ayting chi",
    "ayting",
    "aytchi",
    "bilasanmi",
    "bilasizmi",
    "bilmoqchi edim",
    "bilmoqchiman",
    "bir narsani bilmoqchi edim",
    "bir savol",
    "menga qiziq",
    "qiziq",
    "qiziq ekan",
    "savol bor",
    "savolim bor",
    "tushuntirib bera olasizmi",
    "tushuntirib bering",
    "tushuntiring",
    "tushunmadim",
    "tushunmoqchiman",
    "aniqlashtirmoqchiman",
    "sorayapti",
    "sanab bering",
    "yana bir savol",
];

pub(super) const QUESTION_WORDS: &[&str] = &[
    "kim",
    "kimga",
    "kimlar",
    "kimni",
    "kimning",
    "nechanchi",
    "necha",
    "nechta",
    "nega",
    "nima",
    "nimaga",
    "nimada",
    "nimalar",
    "nimani",
    "qachon",
    "qaerda",
    "qancha",
    "qanday",
    "qanaqa",
    "qayer",
    "qayerda",
    "qayerdan",
    "qayerga",
    "qaysi",
];

// Follow-ups (`FollowUpWords`).

pub(super) const MORE: &[&str] = &[
    "batafsil",
    "batafsilroq",
    "davom et",
    "koproq",
    "koproq aytib ber",
    "koproq aytib bering",
    "yana",
    "yana nima",
];

pub(super) const PRONOUNS: &[&str] = &[
    "bu", "bunda", "buni", "shu", "shuni", "u", "ular", "ularni", "unda", "uni", "uning", "yerda",
    "yerga",
];
