//! `callvault user add|passwd|role|disable` (issue 5 item 7): people who
//! sign in, created and changed by the operator. Passwords come from
//! standard input (one line), never from the command line; for every role
//! above `user` the TOTP enrolment URI is printed once, and the person's
//! first sign-in with a code from it confirms the enrolment (issue 5 item 2).
//! Every change is audited by the store under [`OPERATOR`]. Contacts of
//! record, back-up questions, recovery and the administrator's reset are in
//! `user_backup` (47 CFR 64.2010(e), (f)).

use std::io::{BufRead, Write};

use access::password::Hasher;
use access::{PersonId, Role};
use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use jiff::Timestamp;
use model::TenantId;
use store::{NewPerson, Store};
use zeroize::Zeroizing;

use crate::cli::Location;
use crate::config::Config;

/// Who the audit log names for changes made from the CLI.
pub(crate) const OPERATOR: &str = "operator:cli";

/// `callvault user …`
#[derive(Debug, Subcommand)]
pub(crate) enum UserCommand {
    /// Create a person; their password is read from standard input.
    Add {
        #[command(flatten)]
        location: Location,
        #[command(flatten)]
        home: Home,
        /// Their sign-in name (e-mail address).
        #[arg(long)]
        email: String,
        /// platform_admin, security_officer, support, reseller_admin, customer_admin or user.
        #[arg(long)]
        role: String,
        /// Read the password from standard input without a prompt.
        #[arg(long)]
        password_stdin: bool,
        /// Offer two-factor enrolment to an end user too (always done for other roles).
        #[arg(long)]
        totp: bool,
        /// Their e-mail address of record for change notices (default: the sign-in name).
        #[arg(long)]
        address_of_record: Option<String>,
        /// Their telephone number of record (E.164, e.g. +12025550142).
        #[arg(long)]
        phone_of_record: Option<String>,
    },
    /// Set a new password, read from standard input.
    Passwd {
        #[command(flatten)]
        location: Location,
        /// The sign-in name.
        #[arg(long)]
        email: String,
        /// Read the password from standard input without a prompt.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Change a person's role.
    Role {
        #[command(flatten)]
        location: Location,
        /// The sign-in name.
        #[arg(long)]
        email: String,
        /// The new role.
        #[arg(long)]
        role: String,
    },
    /// Change a person's e-mail address or telephone number of record (a
    /// notice goes to the old ones).
    Contact(crate::user_backup::ContactArgs),
    /// Set a person's back-up questions: standard input holds a question
    /// line then its answer line, for each question (two to five).
    BackupQuestions(crate::user_backup::PersonArgs),
    /// Back-up authentication for a person who forgot the password: the
    /// questions are printed, standard input holds one answer line per
    /// question, then the new password.
    Recover(crate::user_backup::PersonArgs),
    /// An administrator's password reset (audited): re-opens an account
    /// closed by failed back-up answers. The password is read from standard input.
    Reset(crate::user_backup::PersonArgs),
    /// Disable a person's sign-in (or enable it again).
    Disable {
        #[command(flatten)]
        location: Location,
        /// The sign-in name.
        #[arg(long)]
        email: String,
        /// Enable instead.
        #[arg(long)]
        enable: bool,
    },
}

/// Where a new person belongs: exactly one of these.
#[derive(Debug, Clone, Args)]
#[group(required = true, multiple = false)]
pub(crate) struct Home {
    /// A customer's slug.
    #[arg(long)]
    customer: Option<String>,
    /// A reseller's slug.
    #[arg(long)]
    reseller: Option<String>,
    /// The platform itself (platform_admin, security_officer, support).
    #[arg(long)]
    platform: bool,
}

pub(crate) async fn run(command: UserCommand) -> anyhow::Result<()> {
    let location = match &command {
        UserCommand::Add { location, .. }
        | UserCommand::Passwd { location, .. }
        | UserCommand::Role { location, .. }
        | UserCommand::Disable { location, .. } => location.clone(),
        UserCommand::Contact(args) => args.person.location.clone(),
        UserCommand::BackupQuestions(args) | UserCommand::Recover(args) | UserCommand::Reset(args) => {
            args.location.clone()
        }
    };
    let store = Config::load(&location)?.open_existing_store().await?;
    let outcome = run_in(&store, command).await;
    store.close().await;
    outcome
}

async fn run_in(store: &Store, command: UserCommand) -> anyhow::Result<()> {
    let now = Timestamp::now();
    match command {
        UserCommand::Add { home, email, role, password_stdin, totp, address_of_record, phone_of_record, .. } => {
            let contacts = crate::user_backup::Contacts {
                email: Some(address_of_record.unwrap_or_else(|| email.clone())),
                phone: phone_of_record,
            };
            let new = Addition { email: &email, role: parse_role(&role)?, password_stdin, totp };
            let id = add(store, &home, &new, now).await?;
            crate::user_backup::finish_set_up(store, &id, &contacts, now).await
        }
        UserCommand::Passwd { email, password_stdin, .. } => {
            let id = person_id(store, &email).await?;
            let password = read_password(password_stdin)?;
            store.set_password(&id, &password, &Hasher::current(), OPERATOR, now).await?;
            say(format_args!("password set for {id}"))
        }
        UserCommand::Role { email, role, .. } => {
            let id = person_id(store, &email).await?;
            store.set_role(&id, parse_role(&role)?, OPERATOR, now).await?;
            say(format_args!("role of {id} is now {role}"))
        }
        UserCommand::Disable { email, enable, .. } => {
            let id = person_id(store, &email).await?;
            store.set_disabled(&id, !enable, OPERATOR, now).await?;
            say(format_args!("{id} {}", if enable { "enabled" } else { "disabled" }))
        }
        UserCommand::Contact(args) => crate::user_backup::contact(store, &args, now).await,
        UserCommand::BackupQuestions(args) => crate::user_backup::backup_questions(store, &args, now).await,
        UserCommand::Recover(args) => crate::user_backup::recover(store, &args, now).await,
        UserCommand::Reset(args) => crate::user_backup::reset(store, &args, now).await,
    }
}

/// What `user add` was asked for.
struct Addition<'a> {
    email: &'a str,
    role: Role,
    password_stdin: bool,
    totp: bool,
}

async fn add(store: &Store, home: &Home, new: &Addition<'_>, now: Timestamp) -> anyhow::Result<PersonId> {
    let (email, role) = (new.email, new.role);
    let tenant = home_tenant(store, home).await?;
    let password = read_password(new.password_stdin)?;
    let names = access::password::AccountNames { username: email, email };
    access::password::check_strength(&password, &names)?;
    let person = store.create_person(&NewPerson { tenant, role, login: email.to_owned() }, OPERATOR, now).await?;
    store.set_password(&person.id, &password, &Hasher::current(), OPERATOR, now).await?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "created {} ({})", person.id, role.name())?;
    if new.totp || role.requires_second_factor() {
        let enrolment = store.start_totp_enrolment(&person.id, OPERATOR, now).await?;
        writeln!(out, "two-factor enrolment (shown once; give it to the person only):")?;
        writeln!(out, "{}", enrolment.uri.as_str())?;
        writeln!(out, "their first sign-in with a code from it confirms it and shows their recovery codes")?;
    }
    Ok(person.id)
}

async fn home_tenant(store: &Store, home: &Home) -> anyhow::Result<TenantId> {
    if home.platform {
        return Ok(store.platform().await?.id);
    }
    let slug = home.customer.as_deref().or(home.reseller.as_deref()).context("--customer, --reseller or --platform")?;
    let tenant = store.tenant_by_slug(slug).await?.with_context(|| format!("no tenant {slug:?}"))?;
    Ok(tenant.id)
}

/// The id of the person with this sign-in name.
pub(crate) async fn person_id(store: &Store, email: &str) -> anyhow::Result<PersonId> {
    let person = store.person_by_login(email).await?.context("no such person")?;
    Ok(person.id)
}

pub(crate) fn parse_role(name: &str) -> anyhow::Result<Role> {
    let names: Vec<&str> = Role::ALL.iter().map(|role| role.name()).collect();
    Role::from_name(name).with_context(|| format!("unknown role {name:?}; one of {}", names.join(", ")))
}

/// Prints one line on standard output.
pub(crate) fn say(line: std::fmt::Arguments<'_>) -> anyhow::Result<()> {
    Ok(writeln!(std::io::stdout().lock(), "{line}")?)
}

/// One line of standard input, without its line ending.
pub(crate) fn read_password(quiet: bool) -> anyhow::Result<Zeroizing<String>> {
    if !quiet {
        let mut err = std::io::stderr().lock();
        write!(err, "password: ")?;
        err.flush()?;
    }
    let mut line = Zeroizing::new(String::new());
    std::io::stdin().lock().read_line(&mut line).context("reading the password")?;
    let password = Zeroizing::new(line.trim_end_matches(['\r', '\n']).to_owned());
    if password.is_empty() {
        bail!("no password on standard input");
    }
    Ok(password)
}
