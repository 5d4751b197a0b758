//! English phrases a message is matched against: small talk (greetings, thanks, goodbyes,
//! acknowledgements, questions about the bot, complaints), what wraps a question (courtesies,
//! openers, question words, how a question starts) and follow-ups ("more", pronouns). All
//! lower-case, as the plain analyzer gives words. Each list is the field of the same name in
//! `SmallTalkPatterns`, `WrappingPatterns` or `FollowUpWords`.

// Small talk (`SmallTalkPatterns`).

pub(super) const GREETINGS: &[&str] = &[
    "good afternoon",
    "good day",
    "good evening",
    "good morning",
    "greetings",
    "hello",
    "hello there",
    "hey",
    "hey there",
    "hi",
    "hi there",
    "hiya",
    "howdy",
    "yo",
];

pub(super) const THANKS: &[&str] = &[
    "cheers",
    "great thanks",
    "many thanks",
    "many thanks in advance",
    "much appreciated",
    "thank u",
    "thank you",
    "thank you in advance",
    "thank you so much",
    "thank you very much",
    "thank you very much in advance",
    "thanks",
    "thanks a lot",
    "thanks again",
    "thanks for your help",
    "thanks for the help",
    "thanks in advance",
    "thanks so much",
    "thx",
    "ty",
];

pub(super) const GOODBYES: &[&str] = &[
    "bye",
    "bye bye",
    "good bye",
    "good night",
    "goodbye",
    "have a good day",
    "have a nice day",
    "see you",
    "see ya",
    "see you later",
    "take care",
];

pub(super) const ACKNOWLEDGEMENTS: &[&str] = &[
    "alright",
    "cool",
    "fine",
    "got it",
    "great",
    "i see",
    "k",
    "nice",
    "ok",
    "ok thanks",
    "okay",
    "perfect",
    "sure",
    "understood",
    "wow",
    "yes",
    "no",
];

pub(super) const IDENTITY: &[&str] = &[
    "are you a bot",
    "are you a human",
    "are you a person",
    "are you a robot",
    "are you ai",
    "are you an ai",
    "are you human",
    "are you real",
    "what are you",
    "who are you",
    "who made you",
    "who r u",
    "who is this",
];

pub(super) const CAPABILITIES: &[&str] = &[
    "help",
    "help me",
    "how does this work",
    "how do i use you",
    "what can i ask",
    "what can you do",
    "what do you do",
    "what do you know",
];

pub(super) const COMPLAINTS: &[&str] = &[
    "bad",
    "dumb",
    "stupid",
    "that s wrong",
    "thats wrong",
    "useless",
    "wrong",
    "wrong answer",
    "you are dumb",
    "you are stupid",
    "you are useless",
    "you re useless",
    "you suck",
];

// Around a question (`WrappingPatterns`).

pub(super) const COURTESIES: &[&str] = &[
    "btw",
    "by the way",
    "can you help",
    "could you help",
    "help me",
    "please help",
    "dear bot",
    "excuse me",
    "hey bot",
    "i appreciate it",
    "if possible",
    "if you can",
    "if you don t mind",
    "just curious",
    "just wondering",
    "kindly",
    "out of curiosity",
    "please",
    "pls",
    "plz",
    "quick one",
    "regards",
    "best regards",
    "sorry",
    "sorry for bothering you",
    "sorry if this is a silly question",
    "sorry if this is a stupid question",
    "sorry to bother you",
    "you are a great bot",
    "you are awesome",
    "you are the best",
    "you re a great bot",
    "you re the best",
    "great bot",
    "good bot",
];

pub(super) const OPENERS: &[&str] = &[
    "a quick question",
    "any idea",
    "can i ask",
    "can you explain",
    "can you help me",
    "can you tell me",
    "could you explain",
    "could you help me",
    "could you tell me",
    "do you happen to know",
    "do you know",
    "does anyone know",
    "explain",
    "find out",
    "help me understand",
    "i am curious",
    "i am wondering",
    "i have a question",
    "i m curious",
    "i m wondering",
    "i need to know",
    "i wanna know",
    "i want to know",
    "i was wondering",
    "i d like to know",
    "i would like to know",
    "i wonder",
    "is asking",
    "s asking",
    "wants to know",
    "asked me",
    "i ve got a question",
    "let me know",
    "may i ask",
    "my question is",
    "one more question",
    "one more thing",
    "question",
    "quick question",
    "tell me",
    "wondering",
    "would you know",
];

pub(super) const QUESTION_WORDS: &[&str] = &[
    "how", "hw", "wat", "what", "whats", "when", "wen", "where", "which", "who", "whom", "whose",
    "wht", "why",
];

pub(super) const QUESTION_STARTS: &[&str] = &[
    "are", "aren", "can", "could", "did", "didn", "do", "does", "doesn", "has", "have", "is",
    "isn", "may", "should", "was", "were", "will", "would",
];

// Follow-ups (`FollowUpWords`).

pub(super) const MORE: &[&str] = &[
    "and more",
    "anything else",
    "go on",
    "more",
    "more on that",
    "more please",
    "next",
    "tell me more",
    "what else",
];

pub(super) const PRONOUNS: &[&str] = &[
    "he", "her", "him", "his", "it", "its", "she", "that", "them", "there", "they", "this",
];
