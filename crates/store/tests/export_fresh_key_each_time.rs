//! Issue 3 item 4: every export draws a fresh mapping key, so two exports
//! of the same data give different pseudonyms (and neither can be mapped
//! back through the other).

mod export_support;

use export_support::*;
use store::Store;

/// The sorted pseudonyms of one export: slugs, domains and CDR parties.
async fn pseudonyms(dir: &std::path::Path) -> Vec<String> {
    let export = open_export(dir).await;
    let mut values = slugs(dir).await;
    values.retain(|slug| slug != "platform");
    for customer in customers(&export, dir).await {
        values.extend(customer.sip_domain.clone());
        for cdr in all_cdrs(&export, &customer.id).await {
            values.extend([cdr.caller, cdr.callee].into_iter().filter(|p| p.starts_with('+')));
        }
    }
    export.close().await;
    values.sort();
    values.dedup();
    values
}

async fn export_of(source: &Store) -> (tempfile::TempDir, Vec<String>) {
    let out = tempfile::tempdir().unwrap();
    source.export_anonymized(out.path()).await.unwrap();
    let values = pseudonyms(out.path()).await;
    (out, values)
}

#[tokio::test]
async fn two_exports_share_no_pseudonym() {
    let source_dir = tempfile::tempdir().unwrap();
    let source = open(source_dir.path()).await;
    populate(&source).await;
    let (_first_dir, first) = export_of(&source).await;
    let (_second_dir, second) = export_of(&source).await;
    source.close().await;

    assert!(first.len() >= 3 + 2 + PARTIES.len(), "{} pseudonyms", first.len());
    assert_eq!(first.len(), second.len());
    let shared: Vec<&String> = first.iter().filter(|value| second.contains(value)).collect();
    assert!(shared.is_empty(), "{} pseudonyms repeat across exports", shared.len());
}
