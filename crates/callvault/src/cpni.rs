//! `callvault cpni ...`: CPNI compliance commands (issue 7).

use clap::Subcommand;

/// The `cpni` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum CpniCommand {
    /// Compute a CPNI deadline clock ("what if"), from the same code the
    /// compliance records use.
    Clock(crate::cpni_clock::ClockArgs),
}

/// Runs a `cpni` subcommand.
pub(crate) fn run(command: CpniCommand) -> anyhow::Result<()> {
    match command {
        CpniCommand::Clock(args) => crate::cpni_clock::run(&args),
    }
}
