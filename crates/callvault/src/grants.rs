//! `callvault access grant|revoke|list` (issue 5 items 5 and 7): just-in-time
//! grants of `platform_admin` powers, issued by a security officer for a
//! scope and at most 12 hours, revocable, listed with their state.
//!
//! The CLI runs with the operator's keys, not a session: it acts as the
//! named `--issuer`, whose role must be `security_officer` and whose TOTP
//! enrolment must be confirmed (the store and `access::decide` refuse
//! otherwise). Issue and revocation are audited by the store.

use std::io::Write;

use access::{AuthStrength, GrantId, JitGrant, JitScope, Permission, TenantPath};
use anyhow::Context;
use clap::Subcommand;
use jiff::{SignedDuration, Timestamp};
use store::Store;

use crate::cli::Location;
use crate::config::Config;
use crate::user::{OPERATOR, person_id, say};

/// `callvault access …`
#[derive(Debug, Subcommand)]
pub(crate) enum AccessCommand {
    /// Issue a grant of platform_admin permissions to an engineer.
    Grant {
        #[command(flatten)]
        location: Location,
        /// The engineer's sign-in name (a platform_admin).
        #[arg(long)]
        grantee: String,
        /// The tenant the grant reaches (a slug; `platform` for all).
        #[arg(long)]
        scope: String,
        /// Comma-separated permission names, e.g. `cdr.read,pbx.configure`.
        #[arg(long, value_delimiter = ',')]
        permissions: Vec<String>,
        /// How long it lasts from now (at most 12).
        #[arg(long)]
        hours: u32,
        /// The security officer issuing it.
        #[arg(long)]
        issuer: String,
    },
    /// Revoke a grant now.
    Revoke {
        #[command(flatten)]
        location: Location,
        /// The grant's id.
        id: String,
    },
    /// List every grant and its state.
    List {
        #[command(flatten)]
        location: Location,
    },
}

pub(crate) async fn run(command: AccessCommand) -> anyhow::Result<()> {
    let location = match &command {
        AccessCommand::Grant { location, .. }
        | AccessCommand::Revoke { location, .. }
        | AccessCommand::List { location } => location.clone(),
    };
    let store = Config::load(&location)?.open_existing_store().await?;
    let outcome = run_in(&store, command, Timestamp::now()).await;
    store.close().await;
    outcome
}

async fn run_in(store: &Store, command: AccessCommand, now: Timestamp) -> anyhow::Result<()> {
    match command {
        AccessCommand::Grant { grantee, scope, permissions, hours, issuer, .. } => {
            let request = GrantRequest { grantee, scope, permissions, hours, issuer };
            let grant = grant(store, &request, now).await?;
            say(format_args!("granted {} until {}", grant.id, grant.expires))
        }
        AccessCommand::Revoke { id, .. } => {
            store.revoke_grant(&GrantId(id.clone()), OPERATOR, now).await?;
            say(format_args!("revoked {id}"))
        }
        AccessCommand::List { .. } => list(store, now).await,
    }
}

struct GrantRequest {
    grantee: String,
    scope: String,
    permissions: Vec<String>,
    hours: u32,
    issuer: String,
}

async fn grant(store: &Store, request: &GrantRequest, now: Timestamp) -> anyhow::Result<JitGrant> {
    let issuer = store.person_by_login(&request.issuer).await?.context("no such issuer")?;
    let strength = if issuer.totp_confirmed { AuthStrength::PasswordAndTotp } else { AuthStrength::Password };
    let issuer = store.actor_for(&issuer, strength).await?;
    let grantee = person_id(store, &request.grantee).await?;
    let tenant =
        store.tenant_by_slug(&request.scope).await?.with_context(|| format!("no tenant {:?}", request.scope))?;
    let permissions = request.permissions.iter().map(|name| parse_permission(name)).collect::<Result<_, _>>()?;
    let scope = JitScope { tenant: TenantPath::parse(&tenant.path)?, permissions };
    let window = (now, now + SignedDuration::from_hours(i64::from(request.hours)));
    Ok(store.issue_grant(&issuer, &grantee, scope, window, now).await?)
}

fn parse_permission(name: &str) -> anyhow::Result<Permission> {
    Permission::from_name(name.trim()).with_context(|| format!("unknown permission {name:?}"))
}

async fn list(store: &Store, now: Timestamp) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    for grant in store.grants().await? {
        let permissions: Vec<&str> = grant.scope.permissions.iter().map(|p| p.name()).collect();
        writeln!(
            out,
            "{} {} grantee={} issuer={} scope={} permissions={} from={} until={}",
            grant.id,
            state(&grant, now),
            grant.grantee,
            grant.issued_by,
            grant.scope.tenant,
            permissions.join(","),
            grant.not_before,
            grant.expires,
        )?;
    }
    Ok(())
}

fn state(grant: &JitGrant, now: Timestamp) -> &'static str {
    match (grant.is_active(now), grant.revoked_at) {
        (true, _) => "active",
        (false, Some(revoked)) if revoked <= now => "revoked",
        (false, _) if now < grant.not_before => "pending",
        (false, _) => "expired",
    }
}
