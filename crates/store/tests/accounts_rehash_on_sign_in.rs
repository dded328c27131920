//! A password hashed at a lower cost is re-hashed at the hasher's cost on the
//! next successful sign-in (and audited), and still signs in afterwards.

mod accounts_support;
#[macro_use]
mod backends;

use access::Role;
use access::password::{Cost, Hasher, OWASP_MINIMUM};
use accounts_support::{HOME, PASSWORD, attempt, customer, hasher, person, t0};
use backends::DataDir;

on_both_backends!(a_cheaper_hash_is_replaced);

async fn a_cheaper_hash_is_replaced(dir: DataDir) {
    let store = dir.open().await;
    let tenant = customer(&store).await;
    let id = person(&store, &tenant, Role::User, "oli@example.com").await;
    let raw = dir.raw().await;
    let sealed = || async {
        let sealed: Vec<u8> = sqlx::query_scalar("SELECT password_sealed FROM people WHERE id = $1")
            .bind(&id.0)
            .fetch_one(&raw)
            .await
            .unwrap();
        sealed
    };
    let stronger = Hasher::with_cost(Cost { iterations: OWASP_MINIMUM.iterations + 1, ..OWASP_MINIMUM }).unwrap();

    let before = sealed().await;
    store.authenticate(&hasher(), &attempt("oli@example.com", PASSWORD, None, HOME), t0()).await.unwrap();
    assert_eq!(sealed().await, before, "same cost: nothing rewritten");
    store.authenticate(&stronger, &attempt("oli@example.com", PASSWORD, None, HOME), t0()).await.unwrap();
    assert_ne!(sealed().await, before, "lower cost: re-hashed and sealed again");
    let rehashes: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'person.password_rehash'")
        .fetch_one(&raw)
        .await
        .unwrap();
    assert_eq!(rehashes, 1);
    assert!(store.authenticate(&stronger, &attempt("oli@example.com", PASSWORD, None, HOME), t0()).await.is_ok());
}
