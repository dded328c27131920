//! The annual certification drafted from the records, 47 CFR 64.2009(e)
//! (issue 7 item 8; §4 of the reference): for calendar year Y,
//! - the summary of customer complaints about unauthorized release of CPNI
//!   received in Y, by the Enforcement Bureau's categories
//!   ([`super::kept::complaint_summary`]);
//! - the actions taken against data brokers and pretexters in Y (date,
//!   forum, description);
//! - the accompanying statement: the carrier's procedure sections, then a
//!   section on the breaches determined in Y (counted from the breach
//!   records, each law-enforcement notice checked against its clock); a
//!   late notice is listed as an area not in compliance.
//!
//! The officer (a person marked an officer) and the signing day come from
//! the caller; [`crate::documents::certification`] checks the elements and
//! renders it.

use jiff::civil::Date;

use super::breach::BreachIncident;
use super::kept::{ComplianceRecord, RecordKind, complaint_summary};
use crate::Error;
use crate::calendar::BusinessCalendar;
use crate::documents::certification::{CertificationFacts, DataBrokerAction, ProcedureSection};

/// Who files, and the carrier's own texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certifier {
    /// The company's legal name.
    pub carrier_name: String,
    /// FCC Form 499 Filer ID.
    pub form_499_filer_id: Option<String>,
    /// FCC Registration Number.
    pub frn: Option<String>,
    /// Postal address lines.
    pub address: Vec<String>,
    /// The officer's name.
    pub officer_name: String,
    /// The officer's title.
    pub officer_title: String,
    /// The day the officer signs, if signing now.
    pub signed_on: Option<Date>,
    /// How the procedures ensure compliance.
    pub procedures: Vec<ProcedureSection>,
    /// What the company knows of pretexters' methods.
    pub pretexter_methods: String,
}

/// The certification of `year` from `records` and `breaches`.
pub fn facts(
    calendar: &BusinessCalendar,
    year: i16,
    certifier: &Certifier,
    records: &[ComplianceRecord],
    breaches: &[BreachIncident],
) -> Result<CertificationFacts, Error> {
    let in_year: Vec<&BreachIncident> = breaches.iter().filter(|breach| breach.determined.year() == year).collect();
    let mut procedures = certifier.procedures.clone();
    procedures.push(breach_section(year, in_year.len()));
    Ok(CertificationFacts {
        year,
        carrier_name: certifier.carrier_name.clone(),
        form_499_filer_id: certifier.form_499_filer_id.clone(),
        frn: certifier.frn.clone(),
        address: certifier.address.clone(),
        officer_name: certifier.officer_name.clone(),
        officer_title: certifier.officer_title.clone(),
        signed_on: certifier.signed_on,
        procedures,
        exceptions: late_notices(calendar, &in_year)?,
        data_broker_actions: broker_actions(records, year),
        pretexter_methods: certifier.pretexter_methods.clone(),
        complaints: complaint_summary(records, year),
    })
}

fn broker_actions(records: &[ComplianceRecord], year: i16) -> Vec<DataBrokerAction> {
    records
        .iter()
        .filter(|record| record.kind == RecordKind::BrokerAction && record.on.year() == year)
        .map(|record| DataBrokerAction {
            date: record.on,
            forum: record.category.clone(),
            description: record.details.clone(),
        })
        .collect()
}

fn breach_section(year: i16, count: usize) -> ProcedureSection {
    let text = match count {
        0 => format!("No breach of CPNI was determined in {year}."),
        count => format!(
            "{count} breach(es) of CPNI were determined in {year}. Each is recorded with its dates of discovery, \
             determination and notification, a description of the CPNI involved and the circumstances, and is kept \
             for at least two years (47 C.F.R. 64.2011(d))."
        ),
    };
    ProcedureSection { heading: format!("Breaches determined in {year} (64.2011)"), text }
}

/// One exception per breach whose law-enforcement notice was late or is missing.
fn late_notices(calendar: &BusinessCalendar, breaches: &[&BreachIncident]) -> Result<Vec<String>, Error> {
    let mut exceptions = Vec::new();
    for breach in breaches {
        let clock = breach.clock(calendar)?;
        let sent = breach.facts().le_notified;
        let late = sent.is_none_or(|sent| sent > clock.agency_notice_due);
        if late {
            let when = sent.map_or_else(|| "has not been sent".to_owned(), |sent| format!("was sent on {sent}"));
            exceptions.push(format!(
                "The law-enforcement notice of the breach determined on {} was due on {} and {when}; the company \
                 has reviewed its breach procedures to meet the seven-business-day deadline.",
                breach.determined, clock.agency_notice_due
            ));
        }
    }
    Ok(exceptions)
}
