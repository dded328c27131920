//! Account changes and sign-ins are audited, naming people by id only: no
//! sign-in name, no address, no secret in any audit record.

mod accounts_support;
#[macro_use]
mod backends;

use access::Role;
use accounts_support::{HOME, PASSWORD, attempt, customer, hasher, later, person_with_totp, t0};
use backends::DataDir;
use sqlx::Row;

on_both_backends!(audit_records_name_ids_only);

const LOGIN: &str = "quinn.marker@example.com";

async fn audit_records_name_ids_only(dir: DataDir) {
    let store = dir.open().await;
    let tenant = customer(&store).await;
    let (id, totp, _) = person_with_totp(&store, &tenant, Role::CustomerAdmin, LOGIN).await;
    let now = later(t0(), 60);
    let code = totp.code_at(now);
    store.authenticate(&hasher(), &attempt(LOGIN, PASSWORD, Some(&code), HOME), now).await.unwrap();
    let _ = store.authenticate(&hasher(), &attempt(LOGIN, "wrong password", None, HOME), now).await;
    store.set_role(&id, Role::User, "test", now).await.unwrap();

    let rows = sqlx::query("SELECT actor, action, target, purpose, source FROM audit_log ORDER BY seq")
        .fetch_all(&dir.raw().await)
        .await
        .unwrap();
    let actions: Vec<String> = rows.iter().map(|row| row.get("action")).collect();
    for expected in ["person.create", "person.password_set", "person.totp_enrol", "person.totp_confirm", "sign_in"] {
        assert!(actions.iter().any(|action| action == expected), "{expected} missing from {actions:?}");
    }
    for row in &rows {
        for column in ["actor", "action", "target", "purpose", "source"] {
            let value: String = row.get(column);
            for leaked in [LOGIN, "quinn", HOME, PASSWORD, code.as_str()] {
                assert!(!value.contains(leaked), "{column} of an audit record holds {leaked:?}");
            }
        }
    }
}
