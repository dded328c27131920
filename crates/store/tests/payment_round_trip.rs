//! Payment methods read back as stored: both processors' references and
//! their labels, per customer, oldest first; a removed one is gone.

mod payment_support;
mod support;

use payment_support::{authorize_net, dwolla};
use store::Store;

#[tokio::test]
async fn payment_methods_round_trip_and_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let customer = support::customer(&store).await;
    let card = store.add_payment_method(&customer, &authorize_net(), "Visa ending 1111").await.unwrap();
    let bank = store.add_payment_method(&customer, &dwolla(), "Checking ending 6789").await.unwrap();
    assert_ne!(card, bank);

    let methods = store.payment_methods(&customer).await.unwrap();
    let found: Vec<_> = methods.iter().map(|m| (&m.id, &m.customer, &m.reference, m.label.as_str())).collect();
    let (card_reference, bank_reference) = (authorize_net(), dwolla());
    let mut expected = vec![
        (&card, &customer, &card_reference, "Visa ending 1111"),
        (&bank, &customer, &bank_reference, "Checking ending 6789"),
    ];
    if methods[0].created_ms == methods[1].created_ms {
        expected.sort_by_key(|(id, ..)| (*id).clone());
    }
    assert_eq!(found, expected);

    assert!(store.remove_payment_method(&customer, &card).await.unwrap());
    assert!(!store.remove_payment_method(&customer, &card).await.unwrap(), "already removed");
    let left: Vec<_> = store.payment_methods(&customer).await.unwrap().into_iter().map(|m| m.id).collect();
    assert_eq!(left, vec![bank]);
}
