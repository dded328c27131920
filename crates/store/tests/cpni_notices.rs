//! Individual opt-out notices (47 CFR 64.2008(c)–(e)): a template that
//! lacks an element is refused at send time and nothing is recorded; e-mail
//! needs the customer's prior approval and an administrator's e-mail
//! address of record; an e-mailed notice counts from its delivery, a
//! mailed one from its mailing day (+3); a returned e-mail counts for
//! nothing and only mail is accepted until the notice is mailed; the
//! dashboard shows the re-notice two years on and the notice to mail.

#[macro_use]
mod backends;
mod accounts_support;
mod cdr_support;
mod cpni_support;

use access::Role;
use backends::DataDir;
use compliance::clocks::opt_out::NoticeChannel;
use compliance::notice::Element;
use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use store::{Channel, NoticeToSend, Store, StoreError};

fn today() -> Date {
    compliance::gate::eastern_date(Timestamp::now())
}

async fn send(
    store: &Store,
    customer: &model::TenantId,
    channel: NoticeChannel,
    mailed: Option<Date>,
) -> Result<String, StoreError> {
    let template = cpni_support::opt_out_template("2026-11");
    let notice = NoticeToSend { customer, template: &template, channel, mailed_on: mailed, by: "operator:test" };
    store.send_cpni_notice(&notice, Timestamp::now()).await
}

async fn notices_count_as_the_rules_say(dir: DataDir) {
    let store = dir.open().await;
    let (c1, c2) = cdr_support::two_customers(&store).await;
    let email = NoticeChannel::Email;

    let mut lacking = cpni_support::opt_out_template("2026-11");
    lacking.sections.remove(&Element::WaitingPeriod);
    let notice = NoticeToSend {
        customer: &c1,
        template: &lacking,
        channel: NoticeChannel::Mail,
        mailed_on: Some(today()),
        by: "t",
    };
    let refused = store.send_cpni_notice(&notice, Timestamp::now()).await;
    assert!(matches!(refused, Err(StoreError::Compliance(_))), "{refused:?}");
    assert!(format!("{}", refused.unwrap_err()).contains("waiting period"), "names the element");
    let no_consent = send(&store, &c1, email, None).await;
    assert!(matches!(no_consent, Err(StoreError::Compliance(_))), "{no_consent:?}");
    assert!(matches!(send(&store, &c1, NoticeChannel::Mail, None).await, Err(StoreError::Invalid(_))));
    let tomorrow = today().tomorrow().unwrap();
    assert!(matches!(send(&store, &c1, NoticeChannel::Mail, Some(tomorrow)).await, Err(StoreError::Invalid(_))));
    assert!(store.cpni_notices(&c1).await.unwrap().is_empty(), "nothing refused was recorded");

    store.approve_email_notices(&c1, "form E-17", "operator:test", Timestamp::now()).await.unwrap();
    let no_address = send(&store, &c1, email, None).await;
    assert!(matches!(no_address, Err(StoreError::Invalid(_))), "no administrator with an address: {no_address:?}");
    let admin = accounts_support::person(&store, &c1, Role::CustomerAdmin, "ada@example.com").await;
    store.set_email_of_record(&admin, "ada@shop.example", "test", Timestamp::now()).await.unwrap();

    let first = send(&store, &c1, email, None).await.unwrap();
    let standing = store.notice_standing(&c1).await.unwrap();
    assert_eq!((standing.notified, standing.pending.as_deref()), (None, Some(first.as_str())), "queued, not sent");
    let queued = store.undelivered_messages(Some(Channel::Email)).await.unwrap();
    let message = queued.iter().find(|m| m.template == "cpni_notice").expect("the notice is in the outbox");
    assert_eq!(message.recipient, "ada@shop.example");
    assert!(message.body.contains("assume your approval"), "the notice's text goes out");
    store.message_delivered(&message.id, Timestamp::now()).await.unwrap();
    let notified = store.notice_standing(&c1).await.unwrap().notified.expect("counted once delivered");
    assert_eq!(notified.clock.approval_assumed_from, today() + 31.days(), "e-mail: sent + 30 days, from the 31st");
    assert_eq!(notified.clock.renotice_due, today() + 2.years());

    store.record_notice_bounced(&c1, &first, today(), "operator:test", Timestamp::now()).await.unwrap();
    let standing = store.notice_standing(&c1).await.unwrap();
    assert_eq!(
        (standing.notified, standing.resend),
        (None, Some((first.clone(), today()))),
        "a return counts for nothing"
    );
    let again = send(&store, &c1, email, None).await;
    assert!(matches!(again, Err(StoreError::Compliance(_))), "in another form: {again:?}");
    let twice = store.record_notice_bounced(&c1, &first, today(), "operator:test", Timestamp::now()).await;
    assert!(matches!(twice, Err(StoreError::Compliance(_))), "{twice:?}");
    let unknown = store.record_notice_bounced(&c2, &first, today(), "operator:test", Timestamp::now()).await;
    assert!(matches!(unknown, Err(StoreError::UnknownRecord(_))), "another customer's notice: {unknown:?}");

    let calendar = compliance::calendar::BusinessCalendar::default();
    let open = store.compliance_dashboard(&calendar, today()).await.unwrap();
    assert!(open.iter().any(|item| item.name == "resend_by_mail_since" && item.id == c1.0), "{open:?}");

    let mailed_on = today() - 1.day();
    let mailed = send(&store, &c1, NoticeChannel::Mail, Some(mailed_on)).await.unwrap();
    let standing = store.notice_standing(&c1).await.unwrap();
    let notified = standing.notified.expect("mailed counts");
    assert_eq!((notified.id, standing.resend), (mailed, None));
    assert_eq!(notified.clock.approval_assumed_from, mailed_on + 33.days(), "mail: from the third day, 30 days");
    let open = store.compliance_dashboard(&calendar, today()).await.unwrap();
    let renotice: Vec<_> = open.iter().filter(|item| item.id == c1.0).map(|item| (item.name, item.date)).collect();
    assert_eq!(renotice, [("renotice_due", mailed_on + 2.years())]);
    store.close().await;
}

async fn a_refused_email_is_a_return(dir: DataDir) {
    let store = dir.open().await;
    let (c1, _) = cdr_support::two_customers(&store).await;
    store.approve_email_notices(&c1, "form E-18", "operator:test", Timestamp::now()).await.unwrap();
    let twice = store.approve_email_notices(&c1, "form E-19", "operator:test", Timestamp::now()).await;
    assert!(matches!(twice, Err(StoreError::Compliance(_))), "{twice:?}");
    for login in ["ada@example.com", "bo@example.com"] {
        let admin = accounts_support::person(&store, &c1, Role::CustomerAdmin, login).await;
        store.set_email_of_record(&admin, &format!("bounce.{login}"), "test", Timestamp::now()).await.unwrap();
    }
    let id = send(&store, &c1, NoticeChannel::Email, None).await.unwrap();
    let queued: Vec<_> = store.undelivered_messages(Some(Channel::Email)).await.unwrap();
    let ours: Vec<_> = queued.iter().filter(|m| m.template == "cpni_notice").collect();
    assert_eq!(ours.len(), 2, "one per administrator");
    store.message_failed(&ours[0].id, "550", Timestamp::now()).await.unwrap();
    assert_eq!(store.notice_standing(&c1).await.unwrap().resend, None, "one address may still take it");
    store.message_failed(&ours[1].id, "550", Timestamp::now()).await.unwrap();
    let standing = store.notice_standing(&c1).await.unwrap();
    assert_eq!((standing.resend, standing.pending), (Some((id, today())), None), "every address refused it");
    store.close().await;
}

on_both_backends!(notices_count_as_the_rules_say, a_refused_email_is_a_return);
