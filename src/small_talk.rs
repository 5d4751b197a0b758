//! Small talk: greetings, thanks, goodbyes, "ok", laughter, "who are you", "what can you do",
//! complaints — messages that are not questions about the documents, recognised by a short
//! list of phrases per language ([`crate::language`]), never by search scores. They get a short
//! friendly reply instead of "the documents don't say". The same greetings, thanks and goodbyes
//! are set aside from around a question ([`crate::wrapping`]): one list per language for both.
//!
//! A message is small talk when its words, once filler such as "bot" or "there" is left out,
//! are exactly one of the phrases: "hi", "hello bot!", "thanks a lot". A question that only
//! starts with a greeting ("hi, who signed the memorandum?") is a question.

/// What kind of small talk a message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SmallTalk {
    Greeting,
    Thanks,
    /// "bye", "see you".
    Goodbye,
    /// "ok", "got it", "👍".
    Acknowledgement,
    /// "haha", "lol", "😂".
    Laughter,
    /// "Who are you?", "are you a human?"
    Identity,
    /// "What can you do?", "help".
    Capabilities,
    /// "stupid bot", "you are useless": answered kindly, never repeated back.
    Complaint,
}

/// The most words a small-talk phrase has, fillers included.
const MAX_PHRASE_WORDS: usize = 8;

/// One language's phrases, each as its words lower-cased and folded, as the plain analyzer
/// gives them.
#[derive(Debug)]
pub struct SmallTalkPatterns {
    pub greetings: &'static [&'static str],
    pub thanks: &'static [&'static str],
    pub goodbyes: &'static [&'static str],
    pub acknowledgements: &'static [&'static str],
    pub laughter: &'static [&'static str],
    pub identity: &'static [&'static str],
    pub capabilities: &'static [&'static str],
    pub complaints: &'static [&'static str],
    /// Words that may come with any phrase and change nothing ("bot", "there", "dear").
    pub fillers: &'static [&'static str],
}

impl SmallTalkPatterns {
    /// The kind of small talk `words` (a message's words, as the plain analyzer gives them)
    /// are, if they are one of the phrases, or laughter ("hahaha", "ахах").
    pub fn recognise<W: AsRef<str>>(&self, words: &[W]) -> Option<SmallTalk> {
        // No phrase is longer: a question is not read word by word against every list.
        if words.len() > MAX_PHRASE_WORDS {
            return None;
        }
        let kept: Vec<std::borrow::Cow<'_, str>> = words
            .iter()
            .map(|word| squeeze(word.as_ref()))
            .filter(|word| !self.fillers.contains(&word.as_ref()))
            .collect();
        if kept.is_empty() {
            return None;
        }
        if kept.iter().all(|word| is_laughter(word)) {
            return Some(SmallTalk::Laughter);
        }
        let message = kept.join(" ");
        [
            (self.greetings, SmallTalk::Greeting),
            (self.thanks, SmallTalk::Thanks),
            (self.goodbyes, SmallTalk::Goodbye),
            (self.acknowledgements, SmallTalk::Acknowledgement),
            (self.laughter, SmallTalk::Laughter),
            (self.identity, SmallTalk::Identity),
            (self.capabilities, SmallTalk::Capabilities),
            (self.complaints, SmallTalk::Complaint),
        ]
        .into_iter()
        .find(|(phrases, _)| phrases.contains(&message.as_str()))
        .map(|(_, kind)| kind)
    }
}

/// `word` with every run of three or more of one letter written once: people stretch
/// greetings and thanks ("hiii", "heyyy", "спасибооо").
pub fn squeeze(word: &str) -> std::borrow::Cow<'_, str> {
    let mut previous = None;
    let mut run = 0;
    let stretched = word.chars().any(|c| {
        run = if previous == Some(c) { run + 1 } else { 1 };
        previous = Some(c);
        run == 3
    });
    if !stretched {
        return std::borrow::Cow::Borrowed(word);
    }
    let mut out = String::with_capacity(word.len());
    let (mut previous, mut run) = (None, 0);
    for c in word.chars() {
        run = if previous == Some(c) { run + 1 } else { 1 };
        previous = Some(c);
        match run {
            // A double letter stays until a third shows it is stretched.
            3 => {
                out.pop();
            }
            1 | 2 => out.push(c),
            _ => {}
        }
    }
    std::borrow::Cow::Owned(out)
}

/// True for a word of laughter in any of the languages: "haha", "hahaha", "ахах", "xaxa".
fn is_laughter(word: &str) -> bool {
    let letters: Vec<char> = word.chars().collect();
    letters.len() >= 4
        && (letters.iter().all(|c| matches!(c, 'h' | 'a' | 'x'))
            || letters.iter().all(|c| matches!(c, 'х' | 'а')))
        && letters.windows(2).all(|pair| pair[0] != pair[1])
}

/// The small talk a message without a single word is (emoji, punctuation): laughter for
/// laughing faces, thanks for folded hands, a greeting for a wave, an acknowledgement for a
/// thumb up or a smile; anything else ("🤔", "???") asks what the bot can do.
pub fn of_symbols(message: &str) -> SmallTalk {
    if message.contains(['😂', '🤣', '😆', '😄', '😁', '😅', '😹']) {
        SmallTalk::Laughter
    } else if message.contains('🙏') {
        SmallTalk::Thanks
    } else if message.contains('👋') {
        SmallTalk::Greeting
    } else if message.contains(['👍', '👌', '✅', '🙂', '😊', '❤', '💯', '🔥']) {
        SmallTalk::Acknowledgement
    } else {
        SmallTalk::Capabilities
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOY: SmallTalkPatterns = SmallTalkPatterns {
        greetings: &["privet", "dobryj den"],
        thanks: &["spasibo"],
        goodbyes: &["poka"],
        acknowledgements: &["ok"],
        laughter: &["lol"],
        identity: &["kto ty"],
        capabilities: &["pomosh"],
        complaints: &["tupoj"],
        fillers: &["bot"],
    };

    fn words(text: &str) -> Vec<String> {
        text.split(' ').map(str::to_owned).collect()
    }

    #[test]
    fn a_whole_message_that_is_a_phrase_is_small_talk() {
        assert_eq!(TOY.recognise(&words("privet")), Some(SmallTalk::Greeting));
        assert_eq!(
            TOY.recognise(&words("dobryj den bot")),
            Some(SmallTalk::Greeting)
        );
        assert_eq!(TOY.recognise(&words("spasibo")), Some(SmallTalk::Thanks));
        assert_eq!(TOY.recognise(&words("kto ty")), Some(SmallTalk::Identity));
        assert_eq!(
            TOY.recognise(&words("pomosh")),
            Some(SmallTalk::Capabilities)
        );
    }

    #[test]
    fn goodbyes_acknowledgements_laughter_and_complaints_are_small_talk() {
        assert_eq!(TOY.recognise(&words("poka")), Some(SmallTalk::Goodbye));
        assert_eq!(
            TOY.recognise(&words("ok")),
            Some(SmallTalk::Acknowledgement)
        );
        assert_eq!(TOY.recognise(&words("lol")), Some(SmallTalk::Laughter));
        assert_eq!(TOY.recognise(&words("hahaha")), Some(SmallTalk::Laughter));
        assert_eq!(TOY.recognise(&words("ахахах")), Some(SmallTalk::Laughter));
        assert_eq!(
            TOY.recognise(&words("tupoj bot")),
            Some(SmallTalk::Complaint)
        );
        assert_eq!(TOY.recognise(&words("haaa")), None);
    }

    #[test]
    fn stretched_words_are_read_as_written_once() {
        assert_eq!(squeeze("hiii"), "hi");
        assert_eq!(squeeze("heyyy"), "hey");
        assert_eq!(squeeze("спасибооо"), "спасибо");
        assert_eq!(squeeze("hello"), "hello");
        assert_eq!(TOY.recognise(&words("privettt")), Some(SmallTalk::Greeting));
    }

    #[test]
    fn a_message_of_symbols_is_read_by_its_emoji() {
        assert_eq!(of_symbols("😂😂😂"), SmallTalk::Laughter);
        assert_eq!(of_symbols("🙏"), SmallTalk::Thanks);
        assert_eq!(of_symbols("👍"), SmallTalk::Acknowledgement);
        assert_eq!(of_symbols("???"), SmallTalk::Capabilities);
        assert_eq!(of_symbols("🤔🤔"), SmallTalk::Capabilities);
    }

    #[test]
    fn a_question_that_starts_with_a_greeting_is_a_question() {
        assert_eq!(TOY.recognise(&words("privet kto podpisal")), None);
        assert_eq!(TOY.recognise(&words("bot")), None);
        assert_eq!(TOY.recognise::<&str>(&[]), None);
    }
}
