//! Small talk, and the words of follow-ups ([`FollowUpWords`], read by
//! `search::follow_up`).
//!
//! Small talk: greetings, thanks, "who are you", "what can you do" — messages that are not
//! questions about the documents, recognised by a short list of phrases per language
//! ([`crate::language`]), never by search scores. They get a short friendly reply instead of
//! "the documents don't say".
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
    /// "Who are you?"
    Identity,
    /// "What can you do?", "help".
    Capabilities,
}

/// One language's phrases, each as its words lower-cased and folded, as the plain analyzer
/// gives them.
#[derive(Debug)]
pub struct SmallTalkPatterns {
    pub greetings: &'static [&'static str],
    pub thanks: &'static [&'static str],
    pub identity: &'static [&'static str],
    pub capabilities: &'static [&'static str],
    /// Words that may come with any phrase and change nothing ("bot", "there", "dear").
    pub fillers: &'static [&'static str],
}

impl SmallTalkPatterns {
    /// The kind of small talk `words` (a message's words, as the plain analyzer gives them)
    /// are, if they are one of the phrases.
    pub fn recognise<W: AsRef<str>>(&self, words: &[W]) -> Option<SmallTalk> {
        let kept: Vec<&str> = words
            .iter()
            .map(AsRef::as_ref)
            .filter(|word| !self.fillers.contains(word))
            .collect();
        if kept.is_empty() {
            return None;
        }
        let message = kept.join(" ");
        [
            (self.greetings, SmallTalk::Greeting),
            (self.thanks, SmallTalk::Thanks),
            (self.identity, SmallTalk::Identity),
            (self.capabilities, SmallTalk::Capabilities),
        ]
        .into_iter()
        .find(|(phrases, _)| phrases.contains(&message.as_str()))
        .map(|(_, kind)| kind)
    }
}

/// One language's follow-up words, lower-cased and folded.
#[derive(Debug)]
pub struct FollowUpWords {
    /// Whole messages that ask for the next passage: "more", "tell me more".
    pub more: &'static [&'static str],
    /// Pronouns that stand for the previous question's topic: "it", "they".
    pub pronouns: &'static [&'static str],
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOY: SmallTalkPatterns = SmallTalkPatterns {
        greetings: &["privet", "dobryj den"],
        thanks: &["spasibo"],
        identity: &["kto ty"],
        capabilities: &["pomosh"],
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
    fn a_question_that_starts_with_a_greeting_is_a_question() {
        assert_eq!(TOY.recognise(&words("privet kto podpisal")), None);
        assert_eq!(TOY.recognise(&words("bot")), None);
        assert_eq!(TOY.recognise::<&str>(&[]), None);
    }
}
