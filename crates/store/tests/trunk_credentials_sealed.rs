//! A trunk's digest credentials are sealed at rest (issue 4 item 2,
//! ARCHITECTURE.md principle 5), on both backends: they read back as
//! written, a platform trunk without credentials reads back without, the
//! stored column holds neither the user name nor the password, and DIDs
//! read back with their customer's slug.

#[macro_use]
mod backends;
mod support;

use backends::DataDir;
use model::SipTransport;
use sqlx::Row;
use store::{StoredDid, StoredTrunk, TrunkSecret};

const PASSWORD: &str = "carrier-password-7f3a9c";
const USERNAME: &str = "carrier-account-5512";

async fn credentials_round_trip_sealed(dir: DataDir) {
    let store = dir.open().await;
    let customer = support::customer(&store).await;
    let secret = TrunkSecret { username: USERNAME.into(), password: PASSWORD.into() };
    let own = StoredTrunk {
        name: "carrier".into(),
        owner: customer.clone(),
        host: "sip.carrier.example".into(),
        port: 5080,
        transport: SipTransport::Tls,
        secret: Some(secret),
    };
    let platform = store.platform().await.unwrap().id;
    let shared = StoredTrunk { name: "shared".into(), owner: platform, secret: None, ..own.clone() };
    store.upsert_trunk(&own).await.unwrap();
    store.upsert_trunk(&shared).await.unwrap();
    let did = StoredDid { number: "+15552340000".into(), customer, extension: "100".into() };
    store.upsert_did(&did).await.unwrap();

    assert_eq!(store.trunks().await.unwrap(), vec![own, shared]);
    assert_eq!(store.dids().await.unwrap(), vec![(did, "c".to_owned())]);
    store.close().await;

    let raw = dir.raw().await;
    for row in sqlx::query("SELECT credentials_sealed FROM trunks").fetch_all(&raw).await.unwrap() {
        let sealed: Vec<u8> = row.try_get(0).unwrap();
        for needle in [PASSWORD.as_bytes(), USERNAME.as_bytes()] {
            assert!(!sealed.windows(needle.len()).any(|w| w == needle), "a credential in clear");
        }
    }
}

on_both_backends!(credentials_round_trip_sealed);
