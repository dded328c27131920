//! Back-up authentication (47 CFR 64.2010(e)): questions about biographical
//! or account information are refused; right answers (whatever their case
//! and punctuation) let a person who forgot the password set a new one,
//! with a change notice; failing the password and then the back-up answers
//! closes the account (`must_set_password`): right answers and the right
//! password no longer open it, only an administrator's reset does, audited.

mod accounts_support;
#[macro_use]
mod backends;

use access::Role;
use accounts_support::{HOME, PASSWORD, attempt, customer, hasher, later, person, t0};
use backends::DataDir;
use jiff::Timestamp;
use sqlx::Row;
use store::{BACKUP_ATTEMPTS, BackupQuestion, Recovery, StoreError};

on_both_backends!(right_answers_set_a_new_password, failing_both_needs_an_administrator, questions_checked);

const LOGIN: &str = "rita@example.com";
const NEW_PASSWORD: &str = "recovered and quite long passphrase 5";
const ADMIN_PASSWORD: &str = "set by the administrator, long enough 8";

fn questions() -> [BackupQuestion<'static>; 2] {
    [
        BackupQuestion { question: "What was the name of your first teacher?", answer: "Mrs. Okafor" },
        BackupQuestion { question: "Which city did you first fly to?", answer: "New York" },
    ]
}

fn recovery<'a>(answers: &'a [&'a str], new_password: &'a str) -> Recovery<'a> {
    Recovery { login: LOGIN, answers, new_password, source: accounts_support::ip(HOME) }
}

async fn recover(store: &store::Store, answers: &[&str], now: Timestamp) -> Result<access::PersonId, StoreError> {
    store.recover_with_backup_answers(&hasher(), &recovery(answers, NEW_PASSWORD), now).await
}

async fn set_up(store: &store::Store) -> access::PersonId {
    let tenant = customer(store).await;
    let id = person(store, &tenant, Role::User, LOGIN).await;
    store.set_email_of_record(&id, "rita.home@example.com", "test", t0()).await.unwrap();
    store.set_backup_questions(&id, &questions(), &hasher(), "test", t0()).await.unwrap();
    store.complete_set_up(&id, "test", t0()).await.unwrap();
    id
}

async fn right_answers_set_a_new_password(dir: DataDir) {
    let store = dir.open().await;
    let id = set_up(&store).await;
    assert_eq!(store.backup_questions(LOGIN).await.unwrap()[1], "Which city did you first fly to?");

    let now = later(t0(), 3_600);
    assert_eq!(recover(&store, &["mrs okafor", " NEW  york!"], now).await.unwrap(), id);
    assert!(store.authenticate(&hasher(), &attempt(LOGIN, NEW_PASSWORD, None, HOME), now).await.is_ok());
    assert!(store.authenticate(&hasher(), &attempt(LOGIN, PASSWORD, None, HOME), now).await.is_err());

    let notices = store.messages_about(&id).await.unwrap();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert_eq!(notices[0].recipient, "rita.home@example.com");
    assert!(!notices[0].body.contains(NEW_PASSWORD) && !notices[0].body.to_lowercase().contains("okafor"));

    store.set_backup_questions(&id, &questions(), &hasher(), "test", later(now, 1)).await.unwrap();
    let notices = store.messages_about(&id).await.unwrap();
    assert!(notices[1].body.contains("backup_answers") && !notices[1].body.to_lowercase().contains("york"));
}

async fn failing_both_needs_an_administrator(dir: DataDir) {
    let store = dir.open().await;
    let id = set_up(&store).await;
    let now = later(t0(), 3_600);
    for attempt_number in 1..BACKUP_ATTEMPTS {
        let wrong = recover(&store, &["mrs okafor", "Boston"], now).await;
        assert!(matches!(wrong, Err(StoreError::RecoveryFailed)), "attempt {attempt_number}");
    }
    let last = recover(&store, &["smith", "Boston"], now).await;
    assert!(matches!(last, Err(StoreError::MustSetPassword)), "{last:?}");
    assert!(store.person(&id).await.unwrap().must_set_password);

    let right = recover(&store, &["Mrs Okafor", "New York"], now).await;
    assert!(matches!(right, Err(StoreError::MustSetPassword)), "right answers re-opened a closed account");
    let signed_in = store.authenticate(&hasher(), &attempt(LOGIN, PASSWORD, None, HOME), now).await;
    assert!(matches!(signed_in, Err(StoreError::SignInFailed)), "the old password opened a closed account");
    store.set_password(&id, NEW_PASSWORD, &hasher(), "self", now).await.unwrap();
    assert!(store.authenticate(&hasher(), &attempt(LOGIN, NEW_PASSWORD, None, HOME), now).await.is_err());

    let reset_at = later(now, 600);
    store.reset_password(&id, ADMIN_PASSWORD, &hasher(), "operator:test", reset_at).await.unwrap();
    assert!(!store.person(&id).await.unwrap().must_set_password);
    assert!(store.authenticate(&hasher(), &attempt(LOGIN, ADMIN_PASSWORD, None, HOME), reset_at).await.is_ok());
    let raw = dir.raw().await;
    let audit = sqlx::query("SELECT actor, action, target FROM audit_log ORDER BY seq").fetch_all(&raw).await.unwrap();
    let action = |name: &str| audit.iter().any(|row| row.get::<String, _>("action") == name);
    assert!(action("person.must_set_password") && action("person.recovery_failed"));
    assert!(audit.iter().any(|row| {
        row.get::<String, _>("action") == "person.password_reset" && row.get::<String, _>("actor") == "operator:test"
    }));
    assert!(store.messages_about(&id).await.unwrap().len() >= 2, "the reset sent no notice");
}

async fn questions_checked(dir: DataDir) {
    let store = dir.open().await;
    let id = set_up(&store).await;
    let ask = |question: &'static str, answer: &'static str| {
        [
            BackupQuestion { question, answer },
            BackupQuestion { question: "Favourite dessert as a child?", answer: "trifle" },
        ]
    };
    let refused = [
        ask("What is your mother's maiden name?", "Jones"),
        ask("What is your date of birth?", "1970-01-01"),
        ask("Last four digits of your SSN?", "1234"),
        ask("What is your account number?", "123456"),
        ask("Name of your first pet?", "ok"),
        ask("Favourite dessert as a child?", "cake"),
    ];
    for questions in &refused {
        let result = store.set_backup_questions(&id, questions, &hasher(), "test", t0()).await;
        assert!(matches!(result, Err(StoreError::Access(_) | StoreError::BackupQuestions(_))), "{result:?}");
    }
    let one = store.set_backup_questions(&id, &questions()[..1], &hasher(), "test", t0()).await;
    assert!(matches!(one, Err(StoreError::BackupQuestions(_))), "{one:?}");
    let unknown = Recovery { login: "nobody@example.com", ..recovery(&["a", "b"], NEW_PASSWORD) };
    let result = store.recover_with_backup_answers(&hasher(), &unknown, t0()).await;
    assert!(matches!(result, Err(StoreError::RecoveryFailed)), "{result:?}");
}
