//! Issue 3 item 4: an anonymized export keeps shapes, referential integrity
//! and call-volume statistics: tenants, extensions and CDRs per customer,
//! calls per distinct party, durations and outcomes, blob counts and
//! lengths (all silence now), and blind-index lookups of the pseudonyms.

#[macro_use]
mod backends;
mod cpni_support;
mod export_support;

use std::collections::HashMap;

use backends::DataDir;
use export_support::*;
use model::{Cdr, Tenant};
use store::{BlobKind, Store};

/// One CDR's (start, answer, end, direction, disposition, hangup, SIP status, trunk).
type Outcome = (i64, Option<i64>, i64, &'static str, &'static str, &'static str, u16, Option<String>);

/// What a customer's statistics are made of, independent of any name.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Shape {
    extensions: Vec<String>,
    /// (start, answer, end, direction, disposition, hangup, SIP status, trunk) per CDR, sorted.
    calls: Vec<Outcome>,
    /// How many CDRs each distinct party (caller or callee) appears in, sorted.
    calls_per_party: Vec<usize>,
    /// Blob kinds and plaintext lengths, sorted.
    blobs: Vec<(&'static str, u64)>,
    payment_processors: Vec<&'static str>,
}

async fn shape(store: &Store, customer: &Tenant) -> Shape {
    let cdrs = all_cdrs(store, &customer.id).await;
    let mut calls: Vec<_> = cdrs.iter().map(outcome).collect();
    calls.sort();
    let mut blobs = Vec::new();
    for kind in [BlobKind::Voicemail, BlobKind::Recording] {
        let infos = store.list_blobs(&customer.id, kind).await.unwrap();
        blobs.extend(infos.iter().map(|info| (kind.as_str(), info.length)));
    }
    blobs.sort();
    let methods = store.payment_methods(&customer.id).await.unwrap();
    let mut payment_processors: Vec<_> = methods.iter().map(|m| m.reference.processor().as_str()).collect();
    payment_processors.sort();
    let extensions = store.extensions(&customer.id).await.unwrap().into_iter().map(|e| e.number).collect();
    Shape { extensions, calls, calls_per_party: calls_per_party(&cdrs), blobs, payment_processors }
}

fn outcome(cdr: &Cdr) -> Outcome {
    let (direction, disposition, hangup) = (cdr.direction.as_str(), cdr.disposition.as_str(), cdr.hangup.as_str());
    (cdr.start_ms, cdr.answer_ms, cdr.end_ms, direction, disposition, hangup, cdr.sip_status, cdr.trunk.clone())
}

fn calls_per_party(cdrs: &[Cdr]) -> Vec<usize> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for cdr in cdrs {
        for party in [cdr.caller.as_str(), cdr.callee.as_str()].into_iter().chain(cdr.did.as_deref()) {
            *counts.entry(party).or_default() += 1;
        }
    }
    let mut counts: Vec<usize> = counts.into_values().collect();
    counts.sort();
    counts
}

async fn shapes(store: &Store, dir: impl Database) -> Vec<Shape> {
    let mut shapes = Vec::new();
    for customer in customers(store, dir).await {
        shapes.push(shape(store, &customer).await);
    }
    shapes.sort();
    shapes
}

on_both_backends!(an_export_keeps_shapes_statistics_and_integrity);

async fn an_export_keeps_shapes_statistics_and_integrity(dir: DataDir) {
    let source = dir.open_with_kek(kek()).await.unwrap();
    populate(&source).await;
    let out = tempfile::tempdir().unwrap();
    let report = source.export_anonymized(out.path()).await.unwrap();
    let expected = shapes(&source, dir.url()).await;
    source.close().await;

    let export = open_export(out.path()).await;
    let audit = export.verify_audit().await.unwrap();
    assert!(audit.is_ok() && audit.records == 2 && audit.checkpoints == 1, "before this test's own reads: {audit:?}");
    assert_eq!(slugs(out.path()).await.len(), 4, "platform, reseller, two customers");
    assert_eq!((report.tenants, report.extensions, report.blobs, report.audit_records), (4, 6, 3, 2));
    assert_eq!(shapes(&export, out.path()).await, expected);
    assert!(expected.iter().any(|s| s.calls.len() > 10 && s.blobs.len() == 3), "the fixture was exported whole");

    for customer in customers(&export, out.path()).await {
        check_customer(&export, &customer).await;
    }
    let orphans = query_strings(out.path(), "SELECT id FROM cdrs WHERE tenant_id NOT IN (SELECT id FROM tenants)");
    assert!(orphans.await.is_empty(), "every CDR's customer exists");
    export.close().await;
}

/// Pseudonymous domains and realms agree, the parties' blind indexes find
/// their CDRs, and every blob is silence.
async fn check_customer(export: &Store, customer: &Tenant) {
    let domain = customer.sip_domain.clone().unwrap();
    assert!(domain.ends_with(".example") && domain.starts_with(&customer.slug), "{domain}");
    assert_eq!(export.customer_by_domain(&domain).await.unwrap().unwrap().id, customer.id);
    for extension in export.extensions(&customer.id).await.unwrap() {
        assert_eq!(extension.realm, domain, "realm follows the customer's domain");
        assert!(extension.display_name.starts_with("Person "), "{}", extension.display_name);
    }
    let cdrs = all_cdrs(export, &customer.id).await;
    for cdr in &cdrs {
        let found =
            export.cdrs_for_party(&cpni_support::operator(), &customer.id, &cdr.caller, None, 1000).await.unwrap();
        let expected = cdrs.iter().filter(|c| c.caller == cdr.caller || c.callee == cdr.caller).count();
        assert_eq!(found.len(), expected, "the blind index finds every CDR of a pseudonymous party");
        if cdr.caller.starts_with("+1") && cdr.caller.len() == 12 {
            assert_eq!(&cdr.caller[5..10], "55501", "NANP numbers become fictional 555-01XX ones");
        }
    }
    for kind in [BlobKind::Voicemail, BlobKind::Recording] {
        for info in export.list_blobs(&customer.id, kind).await.unwrap() {
            let plain = export
                .open_blob(&cpni_support::operator(), &customer.id, &info.id)
                .await
                .unwrap()
                .read_to_end()
                .await
                .unwrap();
            assert_eq!(plain.len() as u64, info.length);
            let data = plain.windows(4).position(|w| w == b"data").filter(|_| plain.starts_with(b"RIFF"));
            let samples = data.map_or(&plain[..], |at| &plain[at + 8..]);
            assert!(samples.iter().all(|&b| b == 0xFF), "a blob's samples are μ-law silence");
        }
    }
}
