//! `callvault cpni one-time approve|end` (issue 7 item 2; 47 CFR
//! 64.2008(f)): on an inbound or outbound call, the carrier's
//! representative (`--as`: support or the security officer) gives the
//! customer oral notice, records the customer's oral approval of one-time
//! use against the call's reference with the recording or transcript that
//! proves it, reads CPNI for that call only (`callvault cdrs --purpose
//! one_time_use --call REF --as …`), and records the call's end, after
//! which the approval opens nothing (at the latest
//! `compliance::ONE_TIME_USE_LIMIT` after it was given).
//!
//! ```text
//! callvault cpni one-time approve --customer SLUG --call REF --evidence recording:REF --as LOGIN
//! callvault cpni one-time end --customer SLUG --call REF --as LOGIN
//! ```

use clap::{Args, Subcommand};
use compliance::OneTimeApproval;
use jiff::Timestamp;
use store::Store;

use crate::cli::Location;
use crate::cpni::{actor, customer, say};

/// `callvault cpni one-time …`
#[derive(Debug, Subcommand)]
pub(crate) enum OneTimeCommand {
    /// Record the customer's oral approval of one-time use on this call.
    Approve {
        #[command(flatten)]
        call: OnCall,
        /// The proof: `recording:REF` or `transcript:REF`.
        #[arg(long)]
        evidence: String,
    },
    /// Record that the call ended: its approval opens nothing from now on.
    End {
        #[command(flatten)]
        call: OnCall,
    },
}

/// The call, its customer and the representative on it.
#[derive(Debug, Args)]
pub(crate) struct OnCall {
    #[command(flatten)]
    location: Location,
    /// The customer's slug.
    #[arg(long)]
    customer: String,
    /// The call's reference in the carrier's contact records (not a number or address).
    #[arg(long)]
    call: String,
    /// The representative's sign-in name.
    #[arg(long = "as")]
    as_person: String,
}

impl OneTimeCommand {
    pub(crate) fn location(&self) -> &Location {
        match self {
            Self::Approve { call, .. } | Self::End { call } => &call.location,
        }
    }
}

/// Runs `cpni one-time`.
pub(crate) async fn run(store: &Store, command: OneTimeCommand) -> anyhow::Result<()> {
    let now = Timestamp::now();
    match command {
        OneTimeCommand::Approve { call, evidence } => {
            let representative = actor(store, &call.as_person).await?;
            let customer = customer(store, &call.customer).await?;
            let approval = OneTimeApproval { call: call.call.clone(), evidence };
            store.record_one_time_approval(&representative, &customer.id, &approval, now).await?;
            say(&format!("recorded one-time approval for {} on call {}", call.customer, call.call))
        }
        OneTimeCommand::End { call } => {
            let representative = actor(store, &call.as_person).await?;
            let customer = customer(store, &call.customer).await?;
            store.end_one_time_call(&representative, &customer.id, &call.call, now).await?;
            say(&format!("recorded the end of call {}", call.call))
        }
    }
}
