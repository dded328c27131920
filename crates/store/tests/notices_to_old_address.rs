//! Change notices (47 CFR 64.2010(f)(1)): none during the set-up at service
//! initiation; afterwards every change of the password or a contact of
//! record queues a notice to the contacts of record as they were *before*
//! the change (never to the new value), whose body names the kind of
//! change only. Contacts of record carry the time they became so.

mod accounts_support;
#[macro_use]
mod backends;

use access::Role;
use accounts_support::{PASSWORD, customer, hasher, later, person, t0};
use backends::DataDir;
use store::{CHANGE_NOTICE_TEMPLATE, Channel, QueuedMessage, StoreError};

on_both_backends!(notices_go_to_the_old_contacts, sign_in_ends_set_up, bad_contacts_refused);

const OLD_EMAIL: &str = "olga.old@example.com";
const NEW_EMAIL: &str = "nina.new@example.net";
const PHONE: &str = "+1 202 555 0142";
const NEW_PASSWORD: &str = "a completely different passphrase 9";

fn assert_reveals_nothing(message: &QueuedMessage, secrets: &[&str]) {
    for secret in secrets {
        assert!(!message.body.contains(secret), "the notice body reveals {secret:?}: {}", message.body);
    }
}

async fn notices_go_to_the_old_contacts(dir: DataDir) {
    let store = dir.open().await;
    let tenant = customer(&store).await;
    let id = person(&store, &tenant, Role::User, "olga@example.com").await;
    store.set_email_of_record(&id, OLD_EMAIL, "test", t0()).await.unwrap();
    store.set_phone_of_record(&id, PHONE, "test", t0()).await.unwrap();
    assert!(store.messages_about(&id).await.unwrap().is_empty(), "a notice was sent at service initiation");
    store.complete_set_up(&id, "test", t0()).await.unwrap();

    let now = later(t0(), 86_400);
    store.set_password(&id, NEW_PASSWORD, &hasher(), "test", now).await.unwrap();
    let notices = store.messages_about(&id).await.unwrap();
    assert_eq!(notices.len(), 2, "{notices:?}");
    let email = notices.iter().find(|m| m.channel == Channel::Email).unwrap();
    let phone = notices.iter().find(|m| m.channel == Channel::Phone).unwrap();
    assert_eq!(email.recipient, OLD_EMAIL);
    assert_eq!(phone.recipient, "+12025550142");
    assert_eq!(email.template, CHANGE_NOTICE_TEMPLATE);
    assert!(email.body.contains("\"password\""), "{}", email.body);
    assert_reveals_nothing(email, &[NEW_PASSWORD, PASSWORD]);
    assert_eq!((email.attempts, email.next_attempt, email.delivered), (0, now, None));

    let moved = later(now, 60);
    store.set_email_of_record(&id, NEW_EMAIL, "test", moved).await.unwrap();
    let notices = store.messages_about(&id).await.unwrap();
    let about_move: Vec<_> = notices.iter().filter(|m| m.body.contains("email_of_record")).collect();
    assert_eq!(about_move.len(), 2, "{notices:?}");
    for notice in &about_move {
        assert_ne!(notice.recipient, NEW_EMAIL, "a notice went to the new address");
        assert_reveals_nothing(notice, &[NEW_EMAIL, "nina"]);
    }
    assert!(about_move.iter().any(|m| m.recipient == OLD_EMAIL));

    let contacts = store.contacts_of_record(&id).await.unwrap();
    let email_of_record = contacts.email.unwrap();
    assert_eq!((email_of_record.value.as_str(), email_of_record.since), (NEW_EMAIL, moved));
    assert_eq!(contacts.phone.unwrap().since, t0(), "the phone's date moved with the e-mail");

    store.set_email_of_record(&id, NEW_EMAIL, "test", later(moved, 5)).await.unwrap();
    assert_eq!(store.messages_about(&id).await.unwrap().len(), 4, "setting the same address again notified");
    store.set_password(&id, PASSWORD, &hasher(), "test", later(moved, 10)).await.unwrap();
    let last = store.messages_about(&id).await.unwrap();
    assert!(last[4..].iter().any(|m| m.recipient == NEW_EMAIL), "later notices go to the new address of record");
}

async fn sign_in_ends_set_up(dir: DataDir) {
    let store = dir.open().await;
    let tenant = customer(&store).await;
    let id = person(&store, &tenant, Role::User, "sid@example.com").await;
    store.set_email_of_record(&id, OLD_EMAIL, "test", t0()).await.unwrap();
    assert!(!store.person(&id).await.unwrap().in_service);
    let attempt = accounts_support::attempt("sid@example.com", PASSWORD, None, accounts_support::HOME);
    store.authenticate(&hasher(), &attempt, t0()).await.unwrap();
    assert!(store.person(&id).await.unwrap().in_service);

    store.set_password(&id, NEW_PASSWORD, &hasher(), "test", later(t0(), 5)).await.unwrap();
    let notices = store.messages_about(&id).await.unwrap();
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].recipient, OLD_EMAIL);
}

async fn bad_contacts_refused(dir: DataDir) {
    let store = dir.open().await;
    let tenant = customer(&store).await;
    let id = person(&store, &tenant, Role::User, "bea@example.com").await;
    let bad_email = store.set_email_of_record(&id, "not an address", "test", t0()).await;
    assert!(matches!(bad_email, Err(StoreError::AddressOfRecord(_))), "{bad_email:?}");
    let bad_phone = store.set_phone_of_record(&id, "555-0142", "test", t0()).await;
    assert!(matches!(bad_phone, Err(StoreError::AddressOfRecord(_))), "{bad_phone:?}");
    assert_eq!(store.contacts_of_record(&id).await.unwrap(), store::ContactsOfRecord::default());
}
