//! `callvault cpni clock` (the deadline calculator, in `cpni_clock`),
//! `callvault cpni approval set|revoke|show` and `callvault cpni campaign
//! create|approve|audience` (issue 7 items 2 and 3): customer approvals of
//! CPNI use (47 CFR 64.2007, 64.2008) and the marketing campaign register
//! with its two-person supervisory approval (64.2009(c), (d)).
//!
//! Approvals are recorded by the operator (`operator:cli`) from the
//! customer's written, oral (recorded) or electronic answer; an opt-out
//! approval names the date the customer counts as notified and the end of
//! the notice's waiting period (`callvault cpni clock opt-out-notice`
//! computes it). Campaign commands act as the person named by `--as`, whose
//! role the rules check; the audience is computed through the CPNI gate,
//! every inclusion and exclusion audited.

use std::io::Write;

use access::{Actor, AuthStrength, TenantPath};
use anyhow::Context;
use clap::{Args, Subcommand};
use compliance::{ApprovalAction, ApprovalRecord, ApprovalScope, ApprovalStatus, Campaign, CampaignRequest, Method};
use jiff::Timestamp;
use jiff::civil::Date;
use serde_json::json;
use store::{AudienceEntry, Store};

use crate::cli::Location;
use crate::config::Config;
use crate::user::OPERATOR;

/// `callvault cpni …`
#[derive(Debug, Subcommand)]
pub(crate) enum CpniCommand {
    /// Compute a CPNI deadline clock ("what if"), from the same code the
    /// compliance records use.
    Clock(crate::cpni_clock::ClockArgs),
    /// CPNI notice templates (47 CFR 64.2008(c)).
    Notice {
        #[command(subcommand)]
        command: crate::cpni_notice::NoticeCommand,
    },
    /// Customer approvals of CPNI use (47 CFR 64.2007).
    Approval {
        #[command(subcommand)]
        command: ApprovalCommand,
    },
    /// One-time use of CPNI on one call, approved orally (47 CFR 64.2008(f)).
    OneTime {
        #[command(subcommand)]
        command: crate::cpni_one_time::OneTimeCommand,
    },
    /// Marketing campaigns (47 CFR 64.2009(c), (d)).
    Campaign {
        #[command(subcommand)]
        command: CampaignCommand,
    },
    /// Breach incidents and their clocks (47 CFR 64.2011).
    Breach {
        #[command(subcommand)]
        command: crate::cpni_breach::BreachCommand,
    },
    /// Customer-initiated disclosure of call detail (47 CFR 64.2010).
    Disclosure {
        #[command(subcommand)]
        command: crate::cpni_disclosure::DisclosureCommand,
    },
    /// Opt-out mechanism failures and their FCC letter (47 CFR 64.2009(f)).
    OptoutFailure {
        #[command(subcommand)]
        command: crate::cpni_optout::OptOutFailureCommand,
    },
    /// Training, discipline, complaints, broker actions, agreements and
    /// agent certifications (47 CFR 64.2009(b), (e)).
    Record {
        #[command(subcommand)]
        command: crate::cpni_record::RecordCommand,
    },
    /// Officers of the carrier, who sign the annual certification.
    Officer {
        #[command(subcommand)]
        command: crate::cpni_certify::OfficerCommand,
    },
    /// Draft (and sign) the annual CPNI certification from the records (47 CFR 64.2009(e)).
    Certify(crate::cpni_certify::CertifyArgs),
    /// Every open CPNI clock from the records, by urgency.
    Dashboard(crate::cpni_dashboard::DashboardArgs),
}

/// `callvault cpni approval …`
#[derive(Debug, Subcommand)]
pub(crate) enum ApprovalCommand {
    /// Record an approval or disapproval.
    Set {
        #[command(flatten)]
        change: Change,
        /// opt_in, opt_out or disapprove.
        #[arg(long)]
        action: String,
        /// Opt-out: the date (YYYY-MM-DD) the customer counts as notified.
        #[arg(long)]
        notified: Option<Date>,
        /// Opt-out: the date the waiting period ends and the approval counts.
        #[arg(long)]
        effective: Option<Date>,
    },
    /// Record the customer's revocation of their approval or disapproval.
    Revoke {
        #[command(flatten)]
        change: Change,
    },
    /// Show a customer's approval history and current state per scope.
    Show {
        #[command(flatten)]
        location: Location,
        /// The customer's slug.
        #[arg(long)]
        customer: String,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
}

/// What every approval change names.
#[derive(Debug, Args)]
pub(crate) struct Change {
    #[command(flatten)]
    location: Location,
    /// The customer's slug.
    #[arg(long)]
    customer: String,
    /// own_marketing, agents_affiliates, joint_venturers_contractors or third_parties.
    #[arg(long)]
    scope: String,
    /// written, oral or electronic.
    #[arg(long)]
    method: String,
    /// The proof: a document id; `recording:REF` or `transcript:REF` for oral.
    #[arg(long)]
    evidence: String,
}

/// `callvault cpni campaign …`
#[derive(Debug, Subcommand)]
pub(crate) enum CampaignCommand {
    /// Register a campaign (requester: `--as`, holding campaign.manage).
    Create {
        #[command(flatten)]
        location: Location,
        /// The tenant running it (`platform` or a reseller's slug).
        #[arg(long, default_value = "platform")]
        tenant: String,
        /// What the campaign is.
        #[arg(long)]
        description: String,
        /// The specific CPNI it uses.
        #[arg(long)]
        cpni_used: String,
        /// The products and services offered.
        #[arg(long)]
        offered: String,
        /// The approval scope its use of CPNI needs.
        #[arg(long)]
        scope: String,
        /// The requester's sign-in name.
        #[arg(long = "as")]
        as_person: String,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Give a campaign its supervisory approval (`--as`: not the requester, holding campaign.approve).
    Approve(CampaignAct),
    /// End a campaign (`--as`: holding campaign.manage or campaign.approve
    /// on its tenant): the gate refuses its reads from now on, and its
    /// record is kept a year from today (64.2009(c)).
    End(CampaignAct),
    /// Compute a campaign's audience through the CPNI gate (`--as`: the person running it).
    Audience(CampaignAct),
}

/// One person acting on one campaign.
#[derive(Debug, Args)]
pub(crate) struct CampaignAct {
    #[command(flatten)]
    location: Location,
    /// The campaign's id.
    id: String,
    /// The sign-in name of the person acting.
    #[arg(long = "as")]
    as_person: String,
    /// JSON output.
    #[arg(long)]
    json: bool,
}

pub(crate) async fn run(command: CpniCommand) -> anyhow::Result<()> {
    if let CpniCommand::Clock(args) = &command {
        return crate::cpni_clock::run(args);
    }
    if let CpniCommand::Notice { command: crate::cpni_notice::NoticeCommand::Check { file } } = &command {
        return crate::cpni_notice::check(file);
    }
    let config = Config::load(location(&command))?;
    let calendar = config.compliance.calendar()?;
    let store = config.open_existing_store().await?;
    let outcome = match command {
        CpniCommand::Approval { command } => approval(&store, command).await,
        CpniCommand::Campaign { command } => campaign(&store, command).await,
        CpniCommand::OneTime { command } => crate::cpni_one_time::run(&store, command).await,
        CpniCommand::Breach { command } => {
            crate::cpni_breach::run(&store, &calendar, config.compliance.breach_rule(), command).await
        }
        CpniCommand::Disclosure { command } => crate::cpni_disclosure::run(&store, command).await,
        CpniCommand::OptoutFailure { command } => {
            crate::cpni_optout::run(&store, &config.compliance, &calendar, command).await
        }
        CpniCommand::Record { command } => crate::cpni_record::run(&store, command).await,
        CpniCommand::Officer { command } => crate::cpni_certify::officer(&store, command).await,
        CpniCommand::Certify(args) => crate::cpni_certify::certify(&store, &config.compliance, &calendar, args).await,
        CpniCommand::Dashboard(args) => crate::cpni_dashboard::run(&store, &calendar, args).await,
        CpniCommand::Notice { command } => crate::cpni_notice::run(&store, command).await,
        CpniCommand::Clock(_) => unreachable!("answered above, without a store"),
    };
    store.close().await;
    outcome
}

fn location(command: &CpniCommand) -> &Location {
    match command {
        CpniCommand::Notice { command } => command.location().expect("the notice check opens no store"),
        CpniCommand::Clock(_) => unreachable!("the clock opens no store"),
        CpniCommand::Approval { command: ApprovalCommand::Set { change, .. } | ApprovalCommand::Revoke { change } } => {
            &change.location
        }
        CpniCommand::Approval { command: ApprovalCommand::Show { location, .. } } => location,
        CpniCommand::Campaign {
            command:
                CampaignCommand::Create { location, .. }
                | CampaignCommand::Approve(CampaignAct { location, .. })
                | CampaignCommand::End(CampaignAct { location, .. })
                | CampaignCommand::Audience(CampaignAct { location, .. }),
        } => location,
        CpniCommand::OneTime { command } => command.location(),
        CpniCommand::Breach { command } => command.location(),
        CpniCommand::Disclosure { command } => command.location(),
        CpniCommand::OptoutFailure { command } => command.location(),
        CpniCommand::Record { command } => command.location(),
        CpniCommand::Officer { command } => command.location(),
        CpniCommand::Certify(args) => &args.location,
        CpniCommand::Dashboard(args) => &args.location,
    }
}

/// The actor a person named on the command line acts as: their stored role
/// and grants; TOTP strength if their enrolment is confirmed (the operator
/// vouches for the sign-in, as `callvault access grant` does).
pub(crate) async fn actor(store: &Store, login: &str) -> anyhow::Result<Actor> {
    let person = store.person_by_login(login).await?.with_context(|| format!("no person {login:?}"))?;
    anyhow::ensure!(!person.disabled, "{login:?} is disabled");
    let strength = if person.totp_confirmed { AuthStrength::PasswordAndTotp } else { AuthStrength::Password };
    Ok(store.actor_for(&person, strength).await?)
}

async fn approval(store: &Store, command: ApprovalCommand) -> anyhow::Result<()> {
    let now = Timestamp::now();
    match command {
        ApprovalCommand::Set { change, action, notified, effective } => {
            let action = ApprovalAction::parse(&action.replace('-', "_"))?;
            let effective = effective.unwrap_or_else(|| compliance::gate::eastern_date(now));
            record(store, &change, action, notified, effective, now).await
        }
        ApprovalCommand::Revoke { change } => {
            let today = compliance::gate::eastern_date(now);
            record(store, &change, ApprovalAction::Revoke, None, today, now).await
        }
        ApprovalCommand::Show { customer, json, .. } => show(store, &customer, json).await,
    }
}

async fn record(
    store: &Store,
    change: &Change,
    action: ApprovalAction,
    notified_on: Option<Date>,
    effective_on: Date,
    now: Timestamp,
) -> anyhow::Result<()> {
    let customer = customer(store, &change.customer).await?;
    let record = ApprovalRecord {
        scope: ApprovalScope::parse(&change.scope.replace('-', "_"))?,
        action,
        method: Method::parse(&change.method)?,
        evidence: change.evidence.clone(),
        notified_on,
        effective_on,
        recorded_at: now,
        recorded_by: OPERATOR.into(),
    };
    store.record_approval(&customer.id, &record).await?;
    say(&format!("recorded {} {} for {}", record.scope.code(), action.code(), change.customer))
}

async fn show(store: &Store, slug: &str, as_json: bool) -> anyhow::Result<()> {
    let customer = customer(store, slug).await?;
    let history = store.approval_history(&customer.id).await?;
    let status: Vec<(ApprovalScope, ApprovalStatus)> =
        ApprovalScope::ALL.into_iter().map(|scope| (scope, ApprovalStatus::of(&history, scope))).collect();
    if as_json {
        let history: Vec<_> = history.iter().map(record_json).collect();
        let status: serde_json::Map<_, _> =
            status.iter().map(|(scope, state)| (scope.code().to_owned(), status_json(*state))).collect();
        return say(&json!({ "customer": slug, "status": status, "history": history }).to_string());
    }
    for (scope, state) in status {
        say(&format!("{} {}", scope.code(), status_json(state)))?;
    }
    for record in &history {
        say(&format!("history {}", record_json(record)))?;
    }
    Ok(())
}

fn status_json(status: ApprovalStatus) -> serde_json::Value {
    match status {
        ApprovalStatus::None => json!({ "state": "none" }),
        ApprovalStatus::OptIn { since } => json!({ "state": "opt_in", "since": since.to_string() }),
        ApprovalStatus::OptOut { effective_on } => {
            json!({ "state": "opt_out", "effective_on": effective_on.to_string() })
        }
        ApprovalStatus::Disapproved { since } => json!({ "state": "disapproved", "since": since.to_string() }),
    }
}

fn record_json(record: &ApprovalRecord) -> serde_json::Value {
    json!({
        "scope": record.scope.code(),
        "action": record.action.code(),
        "method": record.method.code(),
        "evidence": record.evidence,
        "notified_on": record.notified_on.map(|d| d.to_string()),
        "effective_on": record.effective_on.to_string(),
        "recorded_at": record.recorded_at.to_string(),
        "recorded_by": record.recorded_by,
    })
}

async fn campaign(store: &Store, command: CampaignCommand) -> anyhow::Result<()> {
    let now = Timestamp::now();
    match command {
        CampaignCommand::Create { tenant, description, cpni_used, offered, scope, as_person, json, .. } => {
            let owner = store.tenant_by_slug(&tenant).await?.with_context(|| format!("no tenant {tenant:?}"))?;
            let request = CampaignRequest {
                owner: TenantPath::parse(&owner.path)?,
                description,
                cpni_used,
                offered,
                scope: ApprovalScope::parse(&scope.replace('-', "_"))?,
            };
            let campaign = store.register_campaign(&actor(store, &as_person).await?, &request, now).await?;
            print_campaign(&campaign, json)
        }
        CampaignCommand::Approve(CampaignAct { id, as_person, json, .. }) => {
            let campaign = store.approve_campaign(&actor(store, &as_person).await?, &id, now).await?;
            print_campaign(&campaign, json)
        }
        CampaignCommand::End(CampaignAct { id, as_person, json, .. }) => {
            let actor = actor(store, &as_person).await?;
            let campaign = store.campaign(&id).await?.with_context(|| format!("no campaign {id:?}"))?;
            campaign.check_end(&actor, now)?;
            store.end_campaign(&id, &actor.person.0, now).await?;
            let ended = store.campaign(&id).await?.context("the campaign just ended")?;
            print_campaign(&ended, json)
        }
        CampaignCommand::Audience(CampaignAct { id, as_person, json, .. }) => {
            let audience = store.campaign_audience(&actor(store, &as_person).await?, &id, "cli").await;
            store.flush_audit().await.context("recording the gate's decisions in the audit log")?;
            print_audience(&audience?, json)
        }
    }
}

fn print_campaign(campaign: &Campaign, as_json: bool) -> anyhow::Result<()> {
    let approved_by = campaign.approval.as_ref().map(|(by, _)| by.0.clone());
    if !as_json {
        let ended = campaign.ended_at.map_or_else(|| "-".to_owned(), |at| at.to_string());
        let approved = approved_by.as_deref().unwrap_or("-");
        return say(&format!("campaign {} approved_by={approved} ended_at={ended}", campaign.id));
    }
    say(&json!({
        "id": campaign.id,
        "tenant": campaign.request.owner.to_string(),
        "description": campaign.request.description,
        "cpni_used": campaign.request.cpni_used,
        "offered": campaign.request.offered,
        "scope": campaign.request.scope.code(),
        "requested_by": campaign.requested_by.0,
        "requested_at": campaign.requested_at.to_string(),
        "approved_by": approved_by,
        "approved_at": campaign.approval.as_ref().map(|(_, at)| at.to_string()),
        "ended_at": campaign.ended_at.map(|at| at.to_string()),
    })
    .to_string())
}

fn print_audience(audience: &[AudienceEntry], as_json: bool) -> anyhow::Result<()> {
    for entry in audience {
        if as_json {
            let line = json!({ "customer": entry.slug, "included": entry.included, "reason": entry.explanation });
            say(&line.to_string())?;
        } else {
            let verdict = if entry.included { "included" } else { "excluded" };
            say(&format!("{} {verdict} {}", entry.slug, entry.explanation))?;
        }
    }
    Ok(())
}

pub(crate) async fn customer(store: &Store, slug: &str) -> anyhow::Result<model::Tenant> {
    store.tenant_by_slug(slug).await?.with_context(|| format!("no customer {slug:?}"))
}

pub(crate) fn say(line: &str) -> anyhow::Result<()> {
    writeln!(std::io::stdout().lock(), "{line}")?;
    Ok(())
}
