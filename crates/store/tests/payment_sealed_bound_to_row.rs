//! A payment method's sealed reference is bound to its row: swapped with
//! another row's it does not open, and listing the methods fails rather than
//! returning another customer's reference.

mod payment_support;
mod support;

use sqlx::Row;
use store::{Store, StoreError};

#[tokio::test]
async fn sealed_references_swapped_between_rows_do_not_open() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let customer = support::customer(&store).await;
    let first =
        store.add_payment_method(&customer, &payment_support::authorize_net(), "Visa ending 1111").await.unwrap();
    let second = store.add_payment_method(&customer, &payment_support::dwolla(), "Checking ending 6789").await.unwrap();
    assert_eq!(store.payment_methods(&customer).await.unwrap().len(), 2);

    let raw = payment_support::raw(dir.path()).await;
    let sealed_of = |id: String| {
        let raw = raw.clone();
        async move {
            let row = sqlx::query("SELECT reference_sealed FROM payment_methods WHERE id = $1")
                .bind(id)
                .fetch_one(&raw)
                .await
                .unwrap();
            row.get::<Vec<u8>, _>("reference_sealed")
        }
    };
    let (first_sealed, second_sealed) = (sealed_of(first.0.clone()).await, sealed_of(second.0.clone()).await);
    for (id, sealed) in [(&first.0, &second_sealed), (&second.0, &first_sealed)] {
        sqlx::query("UPDATE payment_methods SET reference_sealed = $1 WHERE id = $2")
            .bind(sealed)
            .bind(id)
            .execute(&raw)
            .await
            .unwrap();
    }

    let listed = store.payment_methods(&customer).await;
    assert!(matches!(listed, Err(StoreError::Unauthentic)), "{listed:?}");
}
