//! Issue 3 item 4 meets issue 5: an anonymized export copies people
//! pseudonymized — `person-<n>@….example`, role and tenant kept, no
//! password, no TOTP secret, no recovery codes — and delegations and
//! extension owners remapped.
//! No original sign-in name and no TOTP secret (raw or base32) survives in
//! any file or any opened value; people per customer and role match.

#[macro_use]
mod backends;
mod export_support;

use access::password::{Hasher, OWASP_MINIMUM};
use access::{AuthStrength, PermissionClass, Role, TenantPath};
use backends::DataDir;
use export_support::*;
use jiff::Timestamp;
use store::{NewPerson, Store};

const LOGINS: [&str; 4] = [
    "Margaret.Hamilton@acmedental-clinic.com",
    "grace@acmedental-clinic.com",
    "ada@lovelace-law.com",
    "tom@northwind.com",
];

/// Creates the people; returns the TOTP secret (raw bytes and base32).
async fn add_people(store: &Store, dir: impl Database) -> (Vec<u8>, String) {
    let customers = customers(store, dir).await;
    let (first, second) = (&customers[0], &customers[1]);
    let reseller = store.tenant_by_slug(RESELLER_SLUG).await.unwrap().unwrap();
    let now = Timestamp::now();
    let people =
        [(first, Role::CustomerAdmin), (first, Role::User), (second, Role::User), (&reseller, Role::ResellerAdmin)];
    let hasher = Hasher::with_cost(OWASP_MINIMUM).unwrap();
    let mut ids = Vec::new();
    for ((tenant, role), login) in people.into_iter().zip(LOGINS) {
        let new = NewPerson { tenant: tenant.id.clone(), role, login: login.into() };
        let person = store.create_person(&new, "t", now).await.unwrap();
        store.set_password(&person.id, "correct horse battery staple 42", &hasher, "t", now).await.unwrap();
        ids.push(person);
    }
    let enrolment = store.start_totp_enrolment(&ids[0].id, "t", now).await.unwrap();
    let secret = enrolment.secret.as_bytes().to_vec();
    let totp = access::totp::Totp::new(access::totp::Secret::from_bytes(secret.clone()));
    store.confirm_totp(&ids[0].id, &totp.code_at(now), now).await.unwrap();
    let actor = store.actor_for(&ids[0], AuthStrength::PasswordAndTotp).await.unwrap();
    store.delegate(&actor, &TenantPath::parse(&first.path).unwrap(), PermissionClass::CallRecords, now).await.unwrap();
    store.assign_extension(&first.id, "202", Some(&ids[1].id), "t").await.unwrap();
    let base32 = enrolment.secret.to_base32().trim_end_matches('=').to_owned();
    (secret, base32)
}

/// Per tenant, its kind and the sorted roles of its people, sorted.
async fn roles_per_tenant(store: &Store, dir: impl Database + Copy) -> Vec<(&'static str, Vec<&'static str>)> {
    let mut per_tenant = Vec::new();
    for slug in slugs(dir).await {
        let tenant = store.tenant_by_slug(&slug).await.unwrap().unwrap();
        let mut roles: Vec<&'static str> =
            store.people_of(&tenant.id).await.unwrap().iter().map(|p| p.role.name()).collect();
        roles.sort_unstable();
        per_tenant.push((tenant.kind.as_str(), roles));
    }
    per_tenant.sort();
    per_tenant
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

on_both_backends!(people_are_copied_pseudonymized);

async fn people_are_copied_pseudonymized(dir: DataDir) {
    let source = dir.open_with_kek(kek()).await.unwrap();
    populate(&source).await;
    let (secret, base32) = add_people(&source, dir.url()).await;
    let out = tempfile::tempdir().unwrap();
    let out = out.path().join("test-env");
    let report = source.export_anonymized(&out).await.unwrap();
    assert_eq!((report.people, report.delegations), (4, 1), "{report:?}");
    let source_roles = roles_per_tenant(&source, dir.url()).await;
    source.close().await;

    let mut originals: Vec<Vec<u8>> = LOGINS.iter().map(|l| l.to_lowercase().into_bytes()).collect();
    originals.extend([secret.clone(), base32.clone().into_bytes(), base32.to_lowercase().into_bytes()]);
    for file in files_under(&out) {
        let bytes = std::fs::read(&file).unwrap();
        for original in &originals {
            assert!(!contains(&bytes, original), "{} holds an original login or TOTP secret", file.display());
        }
    }

    let export = open_export(&out).await;
    assert_eq!(roles_per_tenant(&export, &out).await, source_roles);
    let mut logins = Vec::new();
    for slug in slugs(&out).await {
        let tenant = export.tenant_by_slug(&slug).await.unwrap().unwrap();
        for person in export.people_of(&tenant.id).await.unwrap() {
            assert!(person.login.starts_with("person-") && person.login.ends_with(".example"), "{}", person.login);
            assert!(!person.totp_confirmed);
            assert_eq!(export.recovery_codes_left(&person.id).await.unwrap(), 0);
            logins.push(person.login);
        }
        let delegated = slug == customer_slug(&export, &out).await;
        assert_eq!(export.delegations_of(&tenant.id).await.unwrap().len(), usize::from(delegated));
        if delegated {
            let owner = export.extension_owner(&tenant.id, "202").await.unwrap().expect("202's owner came along");
            assert_eq!(export.person(&owner).await.unwrap().role, Role::User, "the user's copy owns it");
            assert_eq!(export.extension_owner(&tenant.id, "201").await.unwrap(), None);
        }
    }
    assert_eq!(logins.len(), 4);
    for login in &logins {
        assert!(LOGINS.iter().all(|original| !login.contains(&original.to_lowercase())));
    }
    let secrets = query_strings(
        &out,
        "SELECT id FROM people WHERE password_sealed IS NOT NULL OR totp_secret_sealed IS NOT NULL",
    )
    .await;
    assert!(secrets.is_empty(), "a password hash or TOTP secret was copied");
    export.close().await;
}

/// The export's slug of the customer that delegated (the one with an admin).
async fn customer_slug(export: &Store, dir: &std::path::Path) -> String {
    for slug in slugs(dir).await {
        let tenant = export.tenant_by_slug(&slug).await.unwrap().unwrap();
        let people = export.people_of(&tenant.id).await.unwrap();
        if people.iter().any(|p| p.role == Role::CustomerAdmin) {
            return slug;
        }
    }
    panic!("no customer admin in the export")
}
