//! `callvault cdrs --data-dir DIR --purpose PURPOSE [--legal-ref REF]
//! [--campaign ID] [--call REF] [--as LOGIN] [--customer SLUG] [--json]` (issue 4 item 5,
//! issue 7 item 1): lists a customer's call detail records, newest first.
//!
//! CDRs are CPNI (47 U.S.C. §222(h)(1), 47 CFR §64.2003), so the read goes
//! through the CPNI gate (ARCHITECTURE.md principle 3): the purpose is
//! required (a legal process reference for `law_enforcement`, a campaign id
//! for `marketing`, a call reference for `one_time_use`), the accessor is the host operator (`operator:<OS
//! user>`) or, with `--as`, that person with their role. The decision,
//! allow or deny, is in the audit log (action `cdr.read`, target the
//! customer's id) before anything is printed; a refusal prints its reason
//! and fails.

use std::io::Write;

use anyhow::Context;
use compliance::{Accessor, CpniRequest, Purpose};
use model::Cdr;
use serde_json::json;
use store::Store;

use crate::config::Config;

/// CDRs listed at most.
const LIMIT: u32 = 10_000;

/// Who reads, and why: `callvault cdrs`' gate options.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct GateArgs {
    /// Why the CPNI is read: service_provision, billing, customer_self_service,
    /// marketing, law_enforcement, fraud_protection, network_operations, one_time_use.
    #[arg(long)]
    pub(crate) purpose: String,
    /// The legal process reference (law_enforcement).
    #[arg(long)]
    pub(crate) legal_ref: Option<String>,
    /// The campaign id (marketing).
    #[arg(long)]
    pub(crate) campaign: Option<String>,
    /// The call's reference (one_time_use; see `callvault cpni one-time`).
    #[arg(long)]
    pub(crate) call: Option<String>,
    /// Act as this person (sign-in name) instead of the host operator.
    #[arg(long = "as")]
    pub(crate) as_person: Option<String>,
}

/// Lists the CDRs of `slug` (the default customer without one).
pub(crate) async fn list(config: &Config, slug: Option<&str>, gate: &GateArgs, as_json: bool) -> anyhow::Result<()> {
    let store = config.open_existing_store().await?;
    let listed = read(&store, slug, gate).await;
    store.close().await;
    let mut stdout = std::io::stdout().lock();
    for cdr in &listed? {
        writeln!(stdout, "{}", if as_json { to_json(cdr).to_string() } else { to_line(cdr) })?;
    }
    Ok(())
}

async fn read(store: &Store, slug: Option<&str>, gate: &GateArgs) -> anyhow::Result<Vec<Cdr>> {
    let customer = match slug {
        Some(slug) => store.tenant_by_slug(slug).await?.with_context(|| format!("no customer {slug:?}"))?,
        None => store.default_customer().await?.context("no default customer: name one with --customer")?,
    };
    let request = request(store, gate).await?;
    let cdrs = store.cdrs_page(&request, &customer.id, None, LIMIT).await;
    store.flush_audit().await.context("recording the gate's decision in the audit log")?;
    Ok(cdrs?)
}

/// The gate request `gate` describes, from the command line.
pub(crate) async fn request(store: &Store, gate: &GateArgs) -> anyhow::Result<CpniRequest> {
    let reference = gate.legal_ref.as_deref().or(gate.campaign.as_deref()).or(gate.call.as_deref());
    let purpose = Purpose::parse(&gate.purpose, reference)?;
    let accessor = match &gate.as_person {
        Some(login) => Accessor::Person(crate::cpni::actor(store, login).await?),
        None => Accessor::HostOperator { name: format!("operator:{}", operator()) },
    };
    Ok(CpniRequest { accessor, purpose, source: "cli".into() })
}

/// The OS user running the command, or "operator".
fn operator() -> String {
    std::env::var("USER").or_else(|_| std::env::var("LOGNAME")).unwrap_or_else(|_| "operator".into())
}

fn to_json(cdr: &Cdr) -> serde_json::Value {
    json!({
        "id": cdr.id.0,
        "caller": cdr.caller,
        "callee": cdr.callee,
        "direction": cdr.direction.as_str(),
        "trunk": cdr.trunk,
        "did": cdr.did,
        "start_ms": cdr.start_ms,
        "answer_ms": cdr.answer_ms,
        "end_ms": cdr.end_ms,
        "duration_ms": cdr.duration_ms(),
        "disposition": cdr.disposition.as_str(),
        "hangup": cdr.hangup.as_str(),
        "sip_status": cdr.sip_status,
    })
}

fn to_line(cdr: &Cdr) -> String {
    let (trunk, did) = (cdr.trunk.as_deref().unwrap_or("-"), cdr.did.as_deref().unwrap_or("-"));
    format!(
        "{}\t{}\t{} -> {}\t{}\t{}\t{}\t{}\t{}ms",
        cdr.start_ms,
        cdr.direction.as_str(),
        cdr.caller,
        cdr.callee,
        trunk,
        did,
        cdr.disposition.as_str(),
        cdr.sip_status,
        cdr.duration_ms()
    )
}
