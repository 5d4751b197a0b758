//! The bot's commands: the public ones (in the menu Telegram shows, in each language) and the
//! operators', read in any case ("/Ask", "/ASK@Bot").

use teloxide::types::BotCommand;
use teloxide::utils::command::BotCommands;

use crate::language::Language;
use crate::reply::interface;

/// The commands everyone can use; their descriptions, for the menu and `/help`, are in
/// [`interface::COMMANDS`].
#[derive(BotCommands, Clone, Debug, PartialEq, Eq)]
#[command(rename_rule = "lowercase")]
pub enum Command {
    /// With a deep link's payload, or none.
    Start(String),
    Help,
    About,
    Ask(String),
}

/// Commands for the operators listed in ADMIN_USER_IDS (rebuild the index; documents,
/// questions answered, no-answer rate, index age); not shown in the menu.
#[derive(BotCommands, Clone, Debug, PartialEq, Eq)]
#[command(rename_rule = "lowercase")]
pub enum AdminCommand {
    Reindex,
    Stats,
    /// The documents, with buttons to show or remove each.
    Docs,
    /// Undo the asker's last change to the documents.
    Undo,
}

/// The public commands as Telegram's menu wants them, described in `lang`.
pub fn menu(lang: &'static Language) -> Vec<BotCommand> {
    interface::COMMANDS
        .iter()
        .map(|(name, descriptions)| {
            BotCommand::new(*name, interface::command_description(descriptions, lang))
        })
        .collect()
}

/// `text` read as a command of `C` for the bot `username`, its command word in any case.
pub fn parse<C: BotCommands>(text: &str, username: &str) -> Option<C> {
    C::parse(&command_in_lower_case(text.trim_start()), username).ok()
}

/// `text` with its command word in lower case: phones capitalise the first letter ("/Ask …"),
/// and people type "/ASK"; the bot's name after `@` and the arguments stay as written.
fn command_in_lower_case(text: &str) -> String {
    let end = text.find([' ', '@', '\n']).unwrap_or(text.len());
    format!("{}{}", text[..end].to_lowercase(), &text[end..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language::{EN, RU, UZ};

    #[test]
    fn command_words_are_read_in_any_case_and_the_rest_as_written() {
        assert_eq!(command_in_lower_case("/Ask Who?"), "/ask Who?");
        assert_eq!(
            command_in_lower_case("/ASK@Mou_Bot Who?"),
            "/ask@Mou_Bot Who?"
        );
        assert_eq!(command_in_lower_case("/start"), "/start");
        assert_eq!(command_in_lower_case("/Ё"), "/ё");
        assert_eq!(
            parse::<Command>("/Ask Who?", "mou_bot"),
            Some(Command::Ask("Who?".into()))
        );
        assert_eq!(parse::<Command>("/ask@other_bot Who?", "mou_bot"), None);
        assert_eq!(
            parse::<AdminCommand>("/STATS", "mou_bot"),
            Some(AdminCommand::Stats)
        );
    }

    #[test]
    fn the_menu_lists_the_public_commands_only() {
        let names: Vec<String> = menu(EN).into_iter().map(|c| c.command).collect();
        assert_eq!(names, ["start", "help", "about", "ask"]);
        for lang in [EN, RU, UZ] {
            assert!(menu(lang).iter().all(|c| !c.description.is_empty()));
        }
    }

    #[test]
    fn every_command_in_the_menu_parses_and_every_command_is_in_the_menu() {
        let parsed: Vec<String> = Command::bot_commands()
            .into_iter()
            .map(|c| c.command.trim_start_matches('/').to_owned())
            .collect();
        let listed: Vec<&str> = interface::COMMANDS.iter().map(|(name, _)| *name).collect();
        assert_eq!(parsed, listed);
        for name in listed {
            assert!(
                Command::parse(&format!("/{name} x"), "bot").is_ok(),
                "{name}"
            );
        }
    }
}
