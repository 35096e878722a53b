use std::process::ExitCode;

use clap::Parser;
use ragboard::cli::{Cli, run_command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        Some(cmd) => run_command(cmd, &mut std::io::stdout(), &mut std::io::stderr()),
        None => {
            eprintln!("the meeting view is not built yet; try `ragboard check FILE`");
            ExitCode::FAILURE
        }
    }
}
