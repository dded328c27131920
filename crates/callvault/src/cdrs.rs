//! `callvault cdrs --data-dir DIR [--customer SLUG] [--json]` (issue 4 item
//! 5): lists a customer's call detail records for operators, newest first.
//!
//! CDRs are CPNI (47 U.S.C. §222(h)(1), 47 CFR §64.2003), so this read is an
//! operator action recorded in the audit log before anything is printed:
//! actor the OS user, action `cdr.read`, purpose `network_operations`,
//! target the customer's slug (47 CFR §64.2009(c) keeps a record of access
//! to CPNI). The compliance gate of issue 7 will wrap this read.

use std::io::Write;

use anyhow::Context;
use model::Cdr;
use serde_json::json;
use store::{AuditDecision, AuditRecord};

use crate::config::Config;

/// CDRs listed at most.
const LIMIT: u32 = 10_000;

/// Lists the CDRs of `slug` (the default customer without one).
pub(crate) async fn list(config: &Config, slug: Option<&str>, as_json: bool) -> anyhow::Result<()> {
    let store = config.open_existing_store().await?;
    let customer = match slug {
        Some(slug) => store.tenant_by_slug(slug).await?.with_context(|| format!("no customer {slug:?}"))?,
        None => store.default_customer().await?.context("no default customer: name one with --customer")?,
    };
    store.append_audit(&read_record(&customer.slug)).await.context("recording the CDR read in the audit log")?;
    let cdrs = store.cdrs_page(&customer.id, None, LIMIT).await?;
    store.close().await;
    let mut stdout = std::io::stdout().lock();
    for cdr in &cdrs {
        writeln!(stdout, "{}", if as_json { to_json(cdr).to_string() } else { to_line(cdr) })?;
    }
    Ok(())
}

fn read_record(slug: &str) -> AuditRecord {
    AuditRecord {
        at_ms: model::now_unix_ms(),
        actor: operator(),
        action: "cdr.read".into(),
        target: slug.to_owned(),
        purpose: "network_operations".into(),
        decision: AuditDecision::Allow,
        source: "cli".into(),
    }
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
