use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = expat_desk::cli::Cli::parse();
    expat_desk::telemetry::init();
    expat_desk::cli::run(cli)
}
