//! `callvault user contact|backup-questions|recover|reset` and the end of
//! `user add` (47 CFR 64.2010(e), (f); issue 5 item 6):
//!
//! - `user add` sets the contacts of record and then ends the account's
//!   set-up at service initiation: what it sets sends no notice, every
//!   later change does (to the contacts of record before the change);
//! - `contact` changes the e-mail address or telephone number of record;
//! - `backup-questions` sets two to five questions of the person's own
//!   (never biographical or account information) with their answers;
//! - `recover` is the back-up authentication of a person who forgot the
//!   password; after three failed recoveries only `reset` (an
//!   administrator's, audited) re-opens the account.
//!
//! Answers and passwords are read from standard input, never the command line.

use std::io::BufRead;
use std::net::{IpAddr, Ipv4Addr};

use access::PersonId;
use access::password::Hasher;
use anyhow::{Context, bail};
use clap::Args;
use jiff::Timestamp;
use store::{BackupQuestion, Recovery, Store, StoreError};
use zeroize::Zeroizing;

use crate::cli::Location;
use crate::user::{OPERATOR, person_id, read_password, say};

/// Where recoveries made at the operator's console come from.
const CONSOLE: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

/// A person, by sign-in name.
#[derive(Debug, Clone, Args)]
pub(crate) struct PersonArgs {
    #[command(flatten)]
    pub(crate) location: Location,
    /// The sign-in name.
    #[arg(long)]
    pub(crate) email: String,
}

/// `user contact`
#[derive(Debug, Clone, Args)]
pub(crate) struct ContactArgs {
    #[command(flatten)]
    pub(crate) person: PersonArgs,
    /// The new e-mail address of record.
    #[arg(long)]
    address_of_record: Option<String>,
    /// The new telephone number of record (E.164).
    #[arg(long)]
    phone_of_record: Option<String>,
}

/// Contacts of record to set.
pub(crate) struct Contacts {
    pub(crate) email: Option<String>,
    pub(crate) phone: Option<String>,
}

/// Sets the contacts of a new person and ends their set-up.
pub(crate) async fn finish_set_up(
    store: &Store,
    id: &PersonId,
    contacts: &Contacts,
    now: Timestamp,
) -> anyhow::Result<()> {
    set_contacts(store, id, contacts, now).await?;
    store.complete_set_up(id, OPERATOR, now).await?;
    Ok(())
}

async fn set_contacts(store: &Store, id: &PersonId, contacts: &Contacts, now: Timestamp) -> anyhow::Result<()> {
    if let Some(email) = &contacts.email {
        store.set_email_of_record(id, email, OPERATOR, now).await?;
    }
    if let Some(phone) = &contacts.phone {
        store.set_phone_of_record(id, phone, OPERATOR, now).await?;
    }
    Ok(())
}

pub(crate) async fn contact(store: &Store, args: &ContactArgs, now: Timestamp) -> anyhow::Result<()> {
    if args.address_of_record.is_none() && args.phone_of_record.is_none() {
        bail!("give --address-of-record, --phone-of-record or both");
    }
    let id = person_id(store, &args.person.email).await?;
    let contacts = Contacts { email: args.address_of_record.clone(), phone: args.phone_of_record.clone() };
    set_contacts(store, &id, &contacts, now).await?;
    say(format_args!("contacts of record of {id} changed; a notice went to the previous ones"))
}

pub(crate) async fn backup_questions(store: &Store, args: &PersonArgs, now: Timestamp) -> anyhow::Result<()> {
    let id = person_id(store, &args.email).await?;
    let lines = read_lines()?;
    if lines.len() % 2 != 0 {
        bail!("standard input must hold a question line and an answer line for each question");
    }
    let questions: Vec<BackupQuestion<'_>> =
        lines.chunks(2).map(|pair| BackupQuestion { question: &pair[0], answer: &pair[1] }).collect();
    store.set_backup_questions(&id, &questions, &Hasher::current(), OPERATOR, now).await?;
    say(format_args!("{} back-up questions set for {id}", questions.len()))
}

pub(crate) async fn recover(store: &Store, args: &PersonArgs, now: Timestamp) -> anyhow::Result<()> {
    let questions = match store.backup_questions(&args.email).await {
        Ok(questions) => questions,
        Err(StoreError::RecoveryFailed) => bail!("back-up authentication is not possible for this account"),
        Err(other) => return Err(other.into()),
    };
    for (number, question) in questions.iter().enumerate() {
        say(format_args!("question {}: {question}", number + 1))?;
    }
    let mut lines = read_lines()?;
    let password = Zeroizing::new(lines.pop().context("no new password on standard input")?);
    let answers: Vec<&str> = lines.iter().map(|line| line.as_str()).collect();
    let recovery = Recovery { login: &args.email, answers: &answers, new_password: &password, source: CONSOLE };
    match store.recover_with_backup_answers(&Hasher::current(), &recovery, now).await {
        Ok(id) => say(format_args!("new password set for {id}; a notice went to the contacts of record")),
        Err(StoreError::MustSetPassword) => {
            bail!(
                "the back-up answers failed too often: only an administrator's `callvault user reset` re-opens this account"
            )
        }
        Err(StoreError::RecoveryFailed) => bail!("back-up answers not accepted"),
        Err(other) => Err(other.into()),
    }
}

pub(crate) async fn reset(store: &Store, args: &PersonArgs, now: Timestamp) -> anyhow::Result<()> {
    let id = person_id(store, &args.email).await?;
    let password = read_password(true)?;
    store.reset_password(&id, &password, &Hasher::current(), OPERATOR, now).await?;
    say(format_args!("password of {id} reset by an administrator; the account is open; a notice went out"))
}

/// Every line of standard input, without line endings; blank lines skipped.
fn read_lines() -> anyhow::Result<Vec<Zeroizing<String>>> {
    let mut lines = Vec::new();
    for line in std::io::stdin().lock().lines() {
        let line = Zeroizing::new(line.context("reading standard input")?);
        if !line.trim().is_empty() {
            lines.push(line);
        }
    }
    Ok(lines)
}
