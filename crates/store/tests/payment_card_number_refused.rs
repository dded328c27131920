//! A card number never gets in as a payment method: in a label it is refused
//! before anything is sealed or written (no payment row, not even a data
//! key); as a reference it cannot be made into one; and the error names the
//! field and the kind of number but not the digits.

mod payment_support;
mod support;

use model::{AuthorizeNetProfile, DwollaFundingSource, PaymentError, RefusedNumber};
use store::{Store, StoreError};

#[tokio::test]
async fn a_card_number_in_a_label_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let customer = support::customer(&store).await;
    let raw = payment_support::raw(dir.path()).await;
    let before = payment_support::row_counts(&raw).await;

    let refused =
        store.add_payment_method(&customer, &payment_support::authorize_net(), "Visa 4111 1111 1111 1111").await;

    let Err(StoreError::PaymentDataRefused(refused)) = refused else { panic!("not refused: {refused:?}") };
    assert_eq!((refused.field, refused.kind), ("payment method label", RefusedNumber::CardNumber));
    assert!(!refused.to_string().contains("1111"), "{refused}");
    let after = payment_support::row_counts(&raw).await;
    assert_eq!(after, before);
    assert_eq!(before.0, 0);
    assert!(store.payment_methods(&customer).await.unwrap().is_empty());
}

#[test]
fn a_card_number_cannot_be_made_into_a_reference() {
    for refused in [
        AuthorizeNetProfile::parse("4111111111111111", "1").unwrap_err(),
        AuthorizeNetProfile::parse("1", "3782-822463-10005").unwrap_err(),
        DwollaFundingSource::parse("5555 5555 5555 4444").unwrap_err(),
    ] {
        let PaymentError::Refused(refused) = &refused else { panic!("not refused as a card: {refused:?}") };
        assert_eq!(refused.kind, RefusedNumber::CardNumber);
        assert!(!refused.to_string().bytes().any(|b| b.is_ascii_digit()), "{refused}");
    }
}
