//! CPNI opt-out notices over real SMTP (aiosmtpd on loopback; 47 CFR
//! 64.2008(d)): the notice reaches the administrator's e-mail address of
//! record with a subject line that says what it is and the text of the
//! carrier's template, and the customer counts as notified from that day;
//! the relay refusing another customer's only address (550) makes that
//! notice a return: the customer is not notified, the dashboard asks for
//! it by mail, e-mail is refused, and once mailed the customer counts as
//! notified from the third day after mailing.

#[path = "../../store/tests/accounts_support/mod.rs"]
mod accounts_support;
#[macro_use]
#[path = "../../store/tests/backends/mod.rs"]
mod backends;
#[path = "../../store/tests/cdr_support/mod.rs"]
mod cdr_support;
#[path = "../../store/tests/cpni_support/mod.rs"]
mod cpni_support;
mod sender_support;
mod smtp_support;

use std::time::Duration;

use access::Role;
use backends::DataDir;
use compliance::clocks::opt_out::NoticeChannel;
use compliance::records::notices::NoticeStanding;
use jiff::{Timestamp, ToSpan};
use model::TenantId;
use smtp_support::{SmtpSink, free_port};
use store::{NoticeToSend, Store};

on_both_backends!(a_notice_is_delivered_or_returned);

async fn a_notice_is_delivered_or_returned(dir: DataDir) {
    let store = dir.open().await;
    let (shop, cafe) = cdr_support::two_customers(&store).await;
    for (customer, address) in [(&shop, "ada@shop.example"), (&cafe, "bounce.bo@cafe.example")] {
        let admin = accounts_support::person(&store, customer, Role::CustomerAdmin, address).await;
        store.set_email_of_record(&admin, address, "test", Timestamp::now()).await.unwrap();
        store.approve_email_notices(customer, "signed form", "operator:test", Timestamp::now()).await.unwrap();
        send(&store, customer, NoticeChannel::Email).await;
    }
    let sink = tokio::task::spawn_blocking(|| SmtpSink::start(free_port())).await.unwrap();
    let sender = sender_support::start(&store, sink.port());
    let shop_standing = settled(&store, &shop).await;
    let cafe_standing = settled(&store, &cafe).await;
    sender.stop();
    let received = sink.received();
    drop(sink);

    assert_eq!(received.len(), 1, "only the shop's notice was taken");
    assert_eq!(received[0].rcpt_tos, ["ada@shop.example"]);
    let unfolded = received[0].data.replace("\r\n ", " ").replace("\n ", " ");
    let subject = "Subject: callvault: your rights over your customer information (CPNI), opt-out notice";
    assert!(unfolded.contains(subject), "{unfolded}");
    assert!(unfolded.contains("we will assume your approval"), "{unfolded}");
    let today = compliance::gate::eastern_date(Timestamp::now());
    let notified = shop_standing.notified.expect("the shop counts as notified");
    assert_eq!(notified.clock.approval_assumed_from, today + 31.days());

    assert!(cafe_standing.notified.is_none(), "a returned notice counts for nothing");
    assert_eq!(cafe_standing.resend.as_ref().map(|(_, on)| *on), Some(today));
    let calendar = compliance::calendar::BusinessCalendar::default();
    let open = store.compliance_dashboard(&calendar, today).await.unwrap();
    assert!(open.iter().any(|item| item.name == "resend_by_mail_since" && item.id == cafe.0), "{open:?}");
    let template = cpni_support::opt_out_template("2026-11");
    let again =
        NoticeToSend { customer: &cafe, template: &template, channel: NoticeChannel::Email, mailed_on: None, by: "t" };
    assert!(store.send_cpni_notice(&again, Timestamp::now()).await.is_err(), "e-mail again after a return");
    let mailed = NoticeToSend { channel: NoticeChannel::Mail, mailed_on: Some(today), ..again };
    store.send_cpni_notice(&mailed, Timestamp::now()).await.unwrap();
    let notified = store.notice_standing(&cafe).await.unwrap().notified.expect("mailed");
    assert_eq!(notified.clock.approval_assumed_from, today + 33.days());
    store.close().await;
}

async fn send(store: &Store, customer: &TenantId, channel: NoticeChannel) {
    let template = cpni_support::opt_out_template("2026-11");
    let notice = NoticeToSend { customer, template: &template, channel, mailed_on: None, by: "operator:test" };
    store.send_cpni_notice(&notice, Timestamp::now()).await.unwrap();
}

/// `customer`'s standing once its e-mail notice is no longer pending (at
/// most 30 s: a refusal is retried three times, 200 ms apart at first).
async fn settled(store: &Store, customer: &TenantId) -> NoticeStanding {
    for _ in 0..600 {
        let standing = store.notice_standing(customer).await.unwrap();
        if standing.pending.is_none() {
            return standing;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the notice of {customer:?} was neither delivered nor refused within 30 s");
}
