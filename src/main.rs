use std::process::ExitCode;

use clap::Parser;
use ragboard::cli::{Cli, run_command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(cmd) = &cli.command {
        return run_command(cmd, &mut std::io::stdout(), &mut std::io::stderr());
    }
    if let Err(e) = color_eyre::install() {
        eprintln!("{e}");
    }
    match ragboard::tui::run(cli.plan, &cli.tui) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ragboard: {e}");
            ExitCode::FAILURE
        }
    }
}
