//! The callvault binary: `serve`, `demo`, `provision`, `audit verify`, `keys`,
//! `backup`, `restore`, `retention`, `customer delete`, `user`, `access`, `oidc`,
//! `notices` and `cpni`.

mod audit;
mod backup;
mod cdrs;
mod cli;
mod config;
mod cpni;
mod cpni_breach;
mod cpni_certify;
mod cpni_clock;
mod cpni_dashboard;
mod cpni_disclosure;
mod cpni_notice;
mod cpni_one_time;
mod cpni_optout;
mod cpni_record;
mod customer;
mod demo;
mod demo_admins;
mod export;
mod grants;
mod jobs;
mod keys;
mod notices;
mod oidc;
mod provision;
mod provision_trunks;
mod retention;
mod rotate_tenant;
mod serve;
mod tls;
mod trunks;
mod user;
mod user_backup;
mod web;

use clap::Parser;

/// mimalloc: REGISTER handling allocates many small short-lived strings, and
/// glibc's allocator cost a sixth of the CPU under load (bench/RESULTS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    let cli = cli::Cli::parse();
    init_logging();
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    if let Some(threads) = cli.worker_threads()? {
        builder.worker_threads(threads.max(1));
    }
    builder.enable_all().build()?.block_on(cli.run())
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("CALLVAULT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(|| LossyStderr).init();
}

/// Standard error that drops what it cannot write: a closed log pipe must
/// not take the phone system down (tracing-subscriber reports a failed write
/// with `eprintln!`, which panics on a broken pipe).
struct LossyStderr;

impl std::io::Write for LossyStderr {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let _ = std::io::stderr().write_all(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let _ = std::io::stderr().flush();
        Ok(())
    }
}
