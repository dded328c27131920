//! Issue 3 item 4: no original sensitive value survives an anonymized
//! export — not in any byte of any file of the new data folder, and not in
//! any value read back from it under its own KEK. On both backends: on
//! PostgreSQL the export reads one `REPEATABLE READ` snapshot.

#[macro_use]
mod backends;
mod cpni_support;
mod export_support;

use backends::DataDir;
use export_support::*;
use store::{BlobKind, Store};

/// Every value the export holds, opened, as text.
async fn opened_values(export: &Store, dir: &std::path::Path) -> Vec<String> {
    let mut values = slugs(dir).await;
    for customer in customers(export, dir).await {
        values.extend([customer.name.clone(), customer.slug.clone()]);
        values.extend(customer.sip_domain.clone());
        for extension in export.extensions(&customer.id).await.unwrap() {
            values.extend([
                extension.display_name,
                extension.realm,
                extension.secret.ha1_md5,
                extension.secret.ha1_sha256,
            ]);
        }
        for method in export.payment_methods(&customer.id).await.unwrap() {
            values.extend([method.reference.to_stored(), method.label.as_str().to_owned()]);
        }
        for cdr in all_cdrs(export, &customer.id).await {
            values.extend([cdr.caller, cdr.callee]);
            values.extend(cdr.did);
        }
        for kind in [BlobKind::Voicemail, BlobKind::Recording] {
            values.extend(export.list_blobs(&customer.id, kind).await.unwrap().into_iter().filter_map(|b| b.owner));
        }
    }
    for sql in ["SELECT actor FROM audit_log", "SELECT target FROM audit_log", "SELECT source FROM audit_log"] {
        values.extend(query_strings(dir, sql).await);
    }
    for slug in export_support::slugs(dir).await {
        values.push(export.tenant_by_slug(&slug).await.unwrap().expect("the slug's tenant").name);
    }
    values
}

async fn blob_plaintexts(export: &Store, dir: &std::path::Path) -> Vec<Vec<u8>> {
    let mut plaintexts = Vec::new();
    for customer in customers(export, dir).await {
        for kind in [BlobKind::Voicemail, BlobKind::Recording] {
            for info in export.list_blobs(&customer.id, kind).await.unwrap() {
                let reader = export.open_blob(&cpni_support::operator(), &customer.id, &info.id).await.unwrap();
                plaintexts.push(reader.read_to_end().await.unwrap().to_vec());
            }
        }
    }
    plaintexts
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

on_both_backends!(no_original_value_is_in_any_file_or_any_opened_value);

async fn no_original_value_is_in_any_file_or_any_opened_value(dir: DataDir) {
    let source = dir.open_with_kek(kek()).await.unwrap();
    populate(&source).await;
    let out = tempfile::tempdir().unwrap();
    let out = out.path().join("test-env");
    source.export_anonymized(&out).await.unwrap();
    source.close().await;
    let source_slugs = slugs(dir.url()).await;
    assert!(source_slugs.iter().any(|s| s == RESELLER_SLUG), "control: the source holds the plain slug");

    let sensitive = sensitive_values();
    let tone_window = &tone()[..64];
    let files = files_under(&out);
    assert!(files.iter().any(|f| f.ends_with(store::DATABASE_FILE)) && files.len() >= 5, "{files:?}");
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        for value in &sensitive {
            assert!(!contains(&bytes, value.as_bytes()), "{} holds an original value", file.display());
            assert!(!contains(&bytes, value.to_lowercase().as_bytes()), "{} holds an original value", file.display());
        }
        assert!(!contains(&bytes, tone_window), "{} holds the recording's tone", file.display());
    }

    let export = open_export(&out).await;
    let values = opened_values(&export, &out).await;
    assert!(values.len() > 40, "the export was read: {} values", values.len());
    for value in &values {
        for original in &sensitive {
            assert!(!value.contains(original.as_str()), "an opened value holds an original one");
        }
    }
    let plaintexts = blob_plaintexts(&export, &out).await;
    assert_eq!(plaintexts.len(), 3);
    for plaintext in &plaintexts {
        assert!(!contains(plaintext, tone_window), "a blob still holds the tone");
        assert!(!contains(plaintext, b"Grace Hopper") && !contains(plaintext, b"+13105559876"));
    }
    let live = export.live_bindings(0).await.unwrap();
    assert!(live.is_empty(), "registrations are not exported");
    export.close().await;
}
