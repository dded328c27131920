//! Issue 3 item 4 for carrier trunks and DIDs: no original trunk host,
//! account name or password and no original DID survives in any file of
//! the export; the trunk keeps its name, port and transport with a fresh
//! password; the DID is mapped as the same number in the CDRs is, so it
//! still names the customer's extension and matches its calls.

#[macro_use]
mod backends;
mod export_support;

use std::collections::BTreeSet;

use backends::DataDir;
use export_support::*;
use model::SipTransport;
use store::{StoredDid, StoredTrunk, TrunkSecret};

const HOST: &str = "sbc7.quagga-carrier.net";
const USERNAME: &str = "acct-Quagga-7781";
const PASSWORD: &str = "pw-Quagga-s3cret-7781";

on_both_backends!(trunks_and_dids_are_pseudonymized);

async fn trunks_and_dids_are_pseudonymized(dir: DataDir) {
    let source = dir.open_with_kek(kek()).await.unwrap();
    let customers = populate(&source).await;
    let secret = TrunkSecret { username: USERNAME.into(), password: PASSWORD.into() };
    let trunk = StoredTrunk {
        name: TRUNK.into(),
        owner: customers[0].clone(),
        host: HOST.into(),
        port: 5080,
        transport: SipTransport::Tcp,
        secret: Some(secret),
    };
    source.upsert_trunk(&trunk).await.unwrap();
    let did = StoredDid { number: DID.into(), customer: customers[0].clone(), extension: "201".into() };
    source.upsert_did(&did).await.unwrap();
    let out = tempfile::tempdir().unwrap();
    let out = out.path().join("test-env");
    let report = source.export_anonymized(&out).await.unwrap();
    source.close().await;
    assert_eq!((report.trunks, report.dids), (1, 1), "{report:?}");

    let originals = [HOST, USERNAME, PASSWORD, DID, &DID[1..], "quagga"];
    for file in files_under(&out) {
        let bytes = std::fs::read(&file).unwrap();
        for original in originals {
            let found = bytes.windows(original.len()).any(|w| w.eq_ignore_ascii_case(original.as_bytes()));
            assert!(!found, "{} holds {original:?}", file.display());
        }
    }

    let export = open_export(&out).await;
    let trunks = export.trunks().await.unwrap();
    assert_eq!(trunks.len(), 1);
    let copy = &trunks[0];
    assert_eq!((copy.name.as_str(), copy.port, copy.transport), (TRUNK, 5080, SipTransport::Tcp));
    assert!(copy.host.ends_with(".example"), "{}", copy.host);
    let secret = copy.secret.as_ref().expect("credentials, with a fresh password");
    assert!(secret.username.starts_with("trunk-user-") && secret.password.len() >= 32, "{}", secret.username);

    let dids = export.dids().await.unwrap();
    assert_eq!(dids.len(), 1);
    let (did, slug) = &dids[0];
    assert_ne!(did.number, DID);
    assert_eq!(did.extension, "201");
    let customer = export.tenant_by_slug(slug).await.unwrap().unwrap();
    assert_eq!(customer.id, did.customer);
    assert!(copy.owner == customer.id, "the trunk stays with the same customer");
    let names: Vec<_> = export.extensions(&customer.id).await.unwrap().into_iter().map(|e| e.number).collect();
    assert!(names.contains(&did.extension), "the DID still names an extension of its customer");
    let cdr_dids: BTreeSet<String> = all_cdrs(&export, &customer.id).await.into_iter().filter_map(|c| c.did).collect();
    assert_eq!(cdr_dids, BTreeSet::from([did.number.clone()]), "the CDRs name the same DID");
    export.close().await;
}
