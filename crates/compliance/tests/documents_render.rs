//! The opt-out failure letter (64.2009(f)) and the annual certification
//! (64.2009(e)) render as HTML with every required element and as PDF that
//! poppler's `pdftoppm` turns into pages.

use std::path::Path;
use std::process::Command;

use compliance::Error;
use compliance::calendar::BusinessCalendar;
use compliance::documents::certification::{self, CertificationFacts, ComplaintSummary, DataBrokerAction};
use compliance::documents::opt_out_failure::{Contact, OptOutFailureFacts, StateCommission};
use jiff::civil::date;

fn letter() -> OptOutFailureFacts {
    OptOutFailureFacts {
        carrier_name: "Example Voice LLC".into(),
        frn: Some("0012345678".into()),
        letter_date: date(2025, 12, 29),
        discovered: date(2025, 12, 24),
        mechanisms: vec!["Opt-out by reply to the e-mail notice".into(), "Opt-out link in the customer portal".into()],
        problems: vec!["Replies to notices sent between 2025-12-01 and 2025-12-23 were discarded by a mail filter.".into()],
        other_methods: vec!["toll-free opt-out line".into()],
        remedy: "The filter rule was removed, discarded replies were recovered and applied, and every affected customer received a new notice with a fresh 30-day period.".into(),
        remedy_date: date(2025, 12, 26),
        remedy_implemented: true,
        state_commissions: vec![StateCommission {
            name: "Example State Public Service Commission".into(),
            notified_on: date(2025, 12, 26),
            action: None,
        }],
        customer_notice: "Dear customer,\n\nYour recent reply to our CPNI notice may not have reached us & <we> apologise.".into(),
        contact: Contact {
            name: "Jordan Lee".into(),
            title: "CPNI Compliance Officer".into(),
            phone: "+1 202 555 0100".into(),
            email: "compliance@example.net".into(),
            address: vec!["1 Main Street".into(), "Springfield, VA 22150".into()],
        },
        signer_name: "Jordan Lee".into(),
        signer_title: "CPNI Compliance Officer".into(),
    }
}

fn certification() -> CertificationFacts {
    CertificationFacts {
        year: 2024,
        carrier_name: "Example Voice LLC".into(),
        form_499_filer_id: Some("831234".into()),
        frn: Some("0012345678".into()),
        address: vec!["1 Main Street".into(), "Springfield, VA 22150".into()],
        officer_name: "Alex Morgan".into(),
        officer_title: "Chief Executive Officer".into(),
        signed_on: Some(date(2025, 2, 20)),
        procedures: certification::standard_procedures(),
        exceptions: Vec::new(),
        data_broker_actions: vec![DataBrokerAction {
            date: date(2024, 6, 3),
            forum: "Circuit Court of Fairfax County".into(),
            description: "Complaint filed against a pretexter who impersonated customers to obtain call detail.".into(),
        }],
        pretexter_methods: "Callers impersonating account holders and asking agents to read recent calls aloud.".into(),
        complaints: ComplaintSummary { employee_access: 1, unauthorized_disclosure: 2, online_access: 0, other: 0 },
    }
}

fn calendar() -> BusinessCalendar {
    BusinessCalendar::with_closures([date(2025, 12, 26)])
}

#[test]
fn the_letter_contains_every_element_of_64_2009_f() {
    let html = letter().filing(&calendar()).unwrap().to_html().unwrap();
    for element in [
        "Example Voice LLC",
        "Opt-out by reply to the e-mail notice",
        "discarded by a mail filter",
        "The filter rule was removed",
        "was implemented on December 26, 2025",
        "Example State Public Service Commission",
        "No action taken",
        "Attachment: notice provided to customers",
        "compliance@example.net",
        "toll-free opt-out line",
        "on or before January 5, 2026",
        "64.2009(f)",
    ] {
        assert!(html.contains(element), "missing {element:?}");
    }
    assert!(html.contains("&amp; &lt;we&gt;"), "customer text is escaped");
}

#[test]
fn a_letter_without_a_required_element_is_refused() {
    let refused = |facts: OptOutFailureFacts| facts.filing(&calendar()).unwrap_err();
    assert!(matches!(
        refused(OptOutFailureFacts { problems: vec![" ".into()], ..letter() }),
        Error::MissingElement { .. }
    ));
    assert!(matches!(
        refused(OptOutFailureFacts { customer_notice: String::new(), ..letter() }),
        Error::MissingElement { .. }
    ));
    let no_contact = Contact { phone: String::new(), email: String::new(), ..letter().contact };
    assert!(matches!(refused(OptOutFailureFacts { contact: no_contact, ..letter() }), Error::MissingElement { .. }));
    assert!(matches!(
        refused(OptOutFailureFacts { letter_date: date(2025, 12, 1), ..letter() }),
        Error::DatesOutOfOrder { .. }
    ));
    let no_state = OptOutFailureFacts { state_commissions: Vec::new(), ..letter() };
    assert!(no_state.filing(&calendar()).unwrap().to_html().unwrap().contains("No state commission has been notified"));
}

#[test]
fn the_certification_states_personal_knowledge_brokers_and_complaints() {
    let html = certification().filing(&BusinessCalendar::default()).unwrap().to_html().unwrap();
    for element in [
        "EB Docket No. 06-36",
        "Calendar Year 2024",
        "on or before March 3, 2025",
        "personal knowledge that the company has established operating procedures that are adequate to ensure",
        "acting as an agent of the company",
        "Alex Morgan",
        "Chief Executive Officer",
        "Form 499 Filer ID",
        "Accompanying statement",
        "took 1 action(s) against data brokers",
        "Circuit Court of Fairfax County",
        "received 3 customer complaint(s)",
        "Improper access by employees",
        "What the company knows about pretexters",
        "47 C.F.R. 1.17",
        "February 20, 2025",
    ] {
        assert!(html.contains(element), "missing {element:?}");
    }
}

#[test]
fn a_quiet_year_says_so_and_an_unsigned_one_leaves_the_date_blank() {
    let quiet = CertificationFacts {
        data_broker_actions: Vec::new(),
        complaints: ComplaintSummary::default(),
        signed_on: None,
        ..certification()
    };
    let html = quiet.filing(&BusinessCalendar::default()).unwrap().to_html().unwrap();
    assert!(html.contains("took no actions against data brokers in 2024"));
    assert!(html.contains("received no customer complaints in 2024"));
    assert!(html.contains("Date: ____________________"));
}

#[test]
fn a_certification_without_officer_or_statement_is_refused() {
    let refused = |facts: CertificationFacts| facts.filing(&BusinessCalendar::default()).unwrap_err();
    assert!(matches!(
        refused(CertificationFacts { officer_name: " ".into(), ..certification() }),
        Error::MissingElement { .. }
    ));
    assert!(matches!(
        refused(CertificationFacts { procedures: Vec::new(), ..certification() }),
        Error::MissingElement { .. }
    ));
    assert!(matches!(refused(CertificationFacts { year: 2005, ..certification() }), Error::YearOutOfRange { .. }));
}

#[test]
fn both_pdfs_render_to_pages_with_pdftoppm() {
    let folder = tempfile::tempdir().unwrap();
    let certification = certification().filing(&BusinessCalendar::default()).unwrap().to_pdf();
    let letter = letter().filing(&calendar()).unwrap().to_pdf();
    assert!(pages(&certification, folder.path(), "certification") >= 3, "certificate + statement pages");
    assert!(pages(&letter, folder.path(), "letter") >= 2, "letter + attachment");
    if let Ok(keep) = std::env::var("CALLVAULT_KEEP_PDF_PNG") {
        for entry in std::fs::read_dir(folder.path()).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, Path::new(&keep).join(path.file_name().unwrap())).unwrap();
        }
    }
}

/// Writes `pdf`, rasterises it with pdftoppm and returns the page count.
fn pages(pdf: &[u8], folder: &Path, name: &str) -> usize {
    assert!(pdf.starts_with(b"%PDF-"), "{name} is not a PDF");
    let file = folder.join(format!("{name}.pdf"));
    std::fs::write(&file, pdf).unwrap();
    let output = Command::new("pdftoppm")
        .args(["-png", "-r", "50"])
        .arg(&file)
        .arg(folder.join(name))
        .output()
        .expect("pdftoppm is missing: install poppler-utils (scripts/test does)");
    assert!(output.status.success(), "pdftoppm failed on {name}: {}", String::from_utf8_lossy(&output.stderr));
    let is_page = |entry: &std::fs::DirEntry| {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        file_name.starts_with(&format!("{name}-"))
            && file_name.ends_with(".png")
            && entry.metadata().unwrap().len() > 1000
    };
    std::fs::read_dir(folder).unwrap().map(Result::unwrap).filter(is_page).count()
}
