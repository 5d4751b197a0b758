use std::process::ExitCode;

fn main() -> ExitCode {
    mou_bot::allocator::tune();
    match mou_bot::cli::run() {
        Ok(code) => code,
        Err(err) => {
            eprintln!("mou-bot: {err:#}");
            ExitCode::FAILURE
        }
    }
}
