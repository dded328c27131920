//! `callvault cpni disclosure password|business|open|verify|send|show`
//! (issue 7 item 4; 47 CFR 64.2010(b)-(d), (g); 47 U.S.C. 222(c)(2)): the
//! support console workflow for a customer asking for call detail.
//!
//! The operator sets a customer's pre-established password (read from
//! standard input, stored as a sealed Argon2id hash) and its business
//! attributes. A support agent or security officer (`--as`, holding a
//! confirmed second factor) opens a request naming the customer the caller
//! claims to be, the channel and what is asked; verifies the password (from
//! standard input, never an argument) or, in store, a photo ID; and asks
//! to send the call detail: `direct` (on the call, online, at the counter),
//! `address-of-record` or `call-back` (`--person`: whose contact of
//! record), or `new-carrier` (`--written-request`: the customer's signed
//! request). Every send is decided by the CPNI gate and audited; a refusal
//! is printed with its reason and exits non-zero.
//!
//! ```text
//! callvault cpni disclosure password --customer SLUG          (password on stdin)
//! callvault cpni disclosure business --customer SLUG [--rep REP] [--contract-clause REF]
//! callvault cpni disclosure open --customer SLUG --channel phone|online|in-store
//!                                --claimed TEXT --asked TEXT --as LOGIN [--json]
//! callvault cpni disclosure verify ID --as LOGIN (--password-stdin | --photo-id REF) [--json]
//! callvault cpni disclosure send ID --to direct|address-of-record|call-back|new-carrier
//!                                [--person LOGIN] [--written-request REF] --as LOGIN [--json]
//! callvault cpni disclosure show ID [--json]
//! ```

use access::password::Hasher;
use anyhow::Context;
use clap::Subcommand;
use compliance::disclosure::{BusinessAccount, Channel, Delivery};
use jiff::Timestamp;
use serde_json::{Value, json};
use store::{DeliveryTarget, DisclosureOutcome, DisclosureRequest, Store, StoredDisclosure};

use crate::cli::Location;
use crate::cpni::{actor, say};
use crate::user::{OPERATOR, read_password};

/// `callvault cpni disclosure …`
#[derive(Debug, Subcommand)]
pub(crate) enum DisclosureCommand {
    /// Set a customer's pre-established password (read from standard input).
    Password {
        #[command(flatten)]
        location: Location,
        /// The customer's slug.
        #[arg(long)]
        customer: String,
    },
    /// Set a customer's 64.2010(g) attributes (both needed for the exemption).
    Business {
        #[command(flatten)]
        location: Location,
        /// The customer's slug.
        #[arg(long)]
        customer: String,
        /// The dedicated account representative.
        #[arg(long)]
        rep: Option<String>,
        /// The contract clause that specifically addresses CPNI protection.
        #[arg(long)]
        contract_clause: Option<String>,
    },
    /// Open a request for call detail.
    Open {
        #[command(flatten)]
        location: Location,
        /// The customer the caller claims to be (slug).
        #[arg(long)]
        customer: String,
        /// phone, online or in-store.
        #[arg(long)]
        channel: String,
        /// Who the caller says they are.
        #[arg(long)]
        claimed: String,
        /// What is asked.
        #[arg(long)]
        asked: String,
        /// The agent's sign-in name.
        #[arg(long = "as")]
        as_person: String,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Verify the caller: the password (standard input) or, in store, a photo ID.
    Verify {
        #[command(flatten)]
        location: Location,
        /// The request's id.
        id: String,
        /// Read the password the caller gave from standard input.
        #[arg(long, conflicts_with = "photo_id", required_unless_present = "photo_id")]
        password_stdin: bool,
        /// In store: the photo ID checked (type, expiry).
        #[arg(long)]
        photo_id: Option<String>,
        /// The agent's sign-in name.
        #[arg(long = "as")]
        as_person: String,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Ask to send the call detail (decided by the gate).
    Send {
        #[command(flatten)]
        location: Location,
        /// The request's id.
        id: String,
        /// direct, address-of-record, call-back or new-carrier.
        #[arg(long)]
        to: String,
        /// address-of-record, call-back: the customer's person whose contact of record is used.
        #[arg(long)]
        person: Option<String>,
        /// new-carrier: the reference of the customer's written request.
        #[arg(long)]
        written_request: Option<String>,
        /// The agent's sign-in name.
        #[arg(long = "as")]
        as_person: String,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
    /// Show a request and its steps.
    Show {
        #[command(flatten)]
        location: Location,
        /// The request's id.
        id: String,
        /// JSON output.
        #[arg(long)]
        json: bool,
    },
}

impl DisclosureCommand {
    pub(crate) fn location(&self) -> &Location {
        match self {
            Self::Password { location, .. }
            | Self::Business { location, .. }
            | Self::Open { location, .. }
            | Self::Verify { location, .. }
            | Self::Send { location, .. }
            | Self::Show { location, .. } => location,
        }
    }
}

pub(crate) async fn run(store: &Store, command: DisclosureCommand) -> anyhow::Result<()> {
    let now = Timestamp::now();
    match command {
        DisclosureCommand::Password { customer, .. } => {
            let customer = customer_id(store, &customer).await?;
            let password = read_password(true)?;
            store.set_disclosure_password(&customer, &password, &Hasher::current(), OPERATOR, now).await?;
            say("password set")
        }
        DisclosureCommand::Business { customer, rep, contract_clause, .. } => {
            let account = BusinessAccount { account_representative: rep, cpni_contract_clause: contract_clause };
            store.set_business_account(&customer_id(store, &customer).await?, &account, OPERATOR, now).await?;
            say(&format!("business account set; 64.2010(g) exemption applies: {}", account.exempt()))
        }
        DisclosureCommand::Open { customer, channel, claimed, asked, as_person, json, .. } => {
            let request = DisclosureRequest {
                customer: customer_id(store, &customer).await?,
                channel: Channel::parse(&channel)?,
                claimed,
                asked,
            };
            let id = store.open_disclosure(&actor(store, &as_person).await?, &request, now).await?;
            print(store, &id, json).await
        }
        DisclosureCommand::Verify { id, password_stdin, photo_id, as_person, json, .. } => {
            let agent = actor(store, &as_person).await?;
            if let Some(reference) = photo_id {
                store.check_disclosure_photo_id(&agent, &id, &reference, now).await?;
            } else if password_stdin {
                let password = read_password(true)?;
                let matched = store.verify_disclosure_password(&agent, &id, &password, &Hasher::current(), now).await?;
                if !matched {
                    print(store, &id, json).await?;
                    anyhow::bail!("the password does not match: nothing may be disclosed on the call");
                }
            }
            print(store, &id, json).await
        }
        DisclosureCommand::Send { id, to, person, written_request, as_person, json, .. } => {
            let agent = actor(store, &as_person).await?;
            let person = match person {
                Some(login) => {
                    Some(store.person_by_login(&login).await?.with_context(|| format!("no person {login:?}"))?.id)
                }
                None => None,
            };
            let target = DeliveryTarget { person, written_request };
            let outcome = store.disclose(&agent, &id, Delivery::parse(&to)?, &target, "cli", now).await;
            store.flush_audit().await.context("recording the gate's decision in the audit log")?;
            print(store, &id, json).await?;
            match outcome? {
                DisclosureOutcome::Allowed(how) => say(&format!("allowed: caller verified by {}", how.code())),
                DisclosureOutcome::Refused { code, message } => anyhow::bail!("refused ({code}): {message}"),
            }
        }
        DisclosureCommand::Show { id, json, .. } => print(store, &id, json).await,
    }
}

async fn customer_id(store: &Store, slug: &str) -> anyhow::Result<model::TenantId> {
    Ok(store.tenant_by_slug(slug).await?.with_context(|| format!("no customer {slug:?}"))?.id)
}

async fn print(store: &Store, id: &str, as_json: bool) -> anyhow::Result<()> {
    let stored = store.disclosure(id).await?.with_context(|| format!("no disclosure request {id:?}"))?;
    let shown = disclosure_json(&stored);
    if as_json {
        return say(&shown.to_string());
    }
    say(&format!("disclosure {} channel={} opened_by={}", stored.id, stored.request.channel.code(), stored.opened_by))?;
    say(&format!("  claimed: {}", stored.request.claimed))?;
    say(&format!("  asked: {}", stored.request.asked))?;
    for step in &shown["steps"].as_array().cloned().unwrap_or_default() {
        say(&format!("  step {step}"))?;
    }
    Ok(())
}

fn disclosure_json(stored: &StoredDisclosure) -> Value {
    let steps: Vec<Value> = stored
        .steps
        .iter()
        .map(|step| {
            json!({
                "step": step.step,
                "delivery": step.delivery.map(Delivery::code),
                "allowed": step.allowed,
                "code": step.code,
                "note": step.note,
                "at": step.at.to_string(),
                "by": step.by,
            })
        })
        .collect();
    json!({
        "id": stored.id,
        "customer": stored.request.customer.0,
        "channel": stored.request.channel.code(),
        "claimed": stored.request.claimed,
        "asked": stored.request.asked,
        "opened_at": stored.opened_at.to_string(),
        "opened_by": stored.opened_by,
        "steps": steps,
    })
}
