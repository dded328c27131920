//! Officers of the carrier (47 CFR 64.2009(e)): a person of the platform is
//! marked with a name and title and read back (a later marking replaces
//! the earlier); a customer's person or a blank title is refused; the
//! marking is audited by person id; the name is sealed.

#[macro_use]
mod backends;
mod cdr_support;

use access::Role;
use backends::DataDir;
use jiff::Timestamp;
use store::{NewPerson, Officer, StoreError};

async fn only_platform_people_are_officers(dir: DataDir) {
    let store = dir.open().await;
    let (customer, _) = cdr_support::two_customers(&store).await;
    let platform = store.platform().await.unwrap().id;
    let now = Timestamp::now();
    let person = |tenant, role, login: &str| NewPerson { tenant, role, login: login.into() };
    let ceo = store.create_person(&person(platform, Role::PlatformAdmin, "ceo@example.com"), "test", now).await;
    let ceo = ceo.unwrap();
    let owner = person(customer, Role::CustomerAdmin, "owner@shop.example");
    let outsider = store.create_person(&owner, "test", now).await.unwrap();
    assert_eq!(store.officer(&ceo.id).await.unwrap(), None);

    let first = Officer { person: ceo.id.clone(), name: "Avery Quillfeather".into(), title: "COO".into() };
    store.designate_officer(&first, "operator:test", now).await.unwrap();
    let second = Officer { title: "CEO".into(), ..first.clone() };
    store.designate_officer(&second, "operator:test", now).await.unwrap();
    assert_eq!(store.officer(&ceo.id).await.unwrap(), Some(second.clone()));
    assert_eq!(store.officers().await.unwrap(), vec![second]);

    let refused =
        store.designate_officer(&Officer { person: outsider.id, ..first.clone() }, "operator:test", now).await;
    assert!(matches!(refused, Err(StoreError::Compliance(_))), "{refused:?}");
    let blank = store.designate_officer(&Officer { title: " ".into(), ..first }, "operator:test", now).await;
    assert!(matches!(blank, Err(StoreError::Compliance(_))), "{blank:?}");
    assert_eq!(store.officers().await.unwrap().len(), 1);
    store.close().await;
    if dir.backend() == store::Backend::Sqlite {
        let database = std::fs::read(dir.path().join(store::DATABASE_FILE)).unwrap();
        assert!(!database.windows(12).any(|w| w == b"Quillfeather"), "the name is sealed");
    }
}

on_both_backends!(only_platform_people_are_officers);
