//! A card number in an extension's display name or a tenant's name is
//! refused by the free-text guard, and nothing is written.

#[macro_use]
mod backends;

mod support;

use backends::DataDir;
use model::SipSecret;
use store::{NewExtension, NewTenant, StoreError};

/// A Luhn-valid test card number.
const CARD: &str = "4111 1111 1111 1111";

async fn a_card_number_in_a_display_name_writes_nothing(dir: DataDir) {
    let store = dir.open().await;
    let customer = support::customer(&store).await;
    let secret = SipSecret { ha1_md5: "0".repeat(32), ha1_sha256: "1".repeat(64) };
    let new = NewExtension {
        customer: customer.clone(),
        number: "201".into(),
        display_name: format!("Bob {CARD}"),
        realm: "c.example".into(),
        secret,
    };

    let refused = store.upsert_extension(&new).await;
    assert!(matches!(refused, Err(StoreError::PaymentDataRefused(_))), "{refused:?}");
    assert!(store.extension(&customer, "201").await.unwrap().is_none());
    assert!(store.extensions(&customer).await.unwrap().is_empty());

    let accepted = store.upsert_extension(&NewExtension { display_name: "Bob".into(), ..new }).await;
    assert!(accepted.is_ok(), "the same extension without the card number is stored");
}

async fn a_card_number_in_a_tenant_name_writes_nothing(dir: DataDir) {
    let store = dir.open().await;
    let name = format!("Acme {CARD}");
    let new = NewTenant { slug: "acme".into(), name, parent: None, sip_domain: None, is_default: false };

    let refused = store.upsert_reseller(&new).await;
    assert!(matches!(refused, Err(StoreError::PaymentDataRefused(_))), "{refused:?}");
    assert!(store.tenant_by_slug("acme").await.unwrap().is_none());
}

on_both_backends!(a_card_number_in_a_display_name_writes_nothing, a_card_number_in_a_tenant_name_writes_nothing);
