//! A customer's calls per day and peak concurrent calls for the dashboard
//! come from that customer's CDRs only, per day of the asked time zone, and
//! the read is a gated read of usage: allowed and refused reads are audited
//! as `usage.read`, and a refusal returns nothing.

#[macro_use]
mod backends;
mod cdr_support;
mod cpni_support;

use access::Role;
use backends::DataDir;
use compliance::{Accessor, Purpose};
use cpni_support::{actor, audit_rows, audit_tail, request};
use jiff::civil::date;
use jiff::tz::TimeZone;
use model::{Cdr, Disposition};
use store::{DayVolume, StoreError};

/// 09:00 New York time on March `day`, 2026, plus `minutes`, in ms.
fn at(day: i8, minutes: i64) -> i64 {
    let zone = TimeZone::get("America/New_York").unwrap();
    let nine = date(2026, 3, day).at(9, 0, 0, 0).to_zoned(zone).unwrap();
    nine.timestamp().as_millisecond() + minutes * 60_000
}

fn unanswered(mut cdr: Cdr) -> Cdr {
    (cdr.answer_ms, cdr.disposition, cdr.sip_status) = (None, Disposition::Busy, 486);
    cdr
}

async fn volume_counts_one_customers_days_through_the_gate(dir: DataDir) {
    let store = dir.open().await;
    let pool = dir.raw().await;
    let (c1, c2) = cdr_support::two_customers(&store).await;
    let call = |customer, day, minute| cdr_support::call(customer, "201", "+12025550143", at(day, minute));
    // March 2: three calls overlapping (each lasts 63 s), one busy; March 4: one call.
    let cdrs = vec![
        call(&c1, 2, 0),
        unanswered(call(&c1, 2, 0)),
        call(&c1, 2, 0),
        call(&c1, 2, 10),
        call(&c1, 4, 0),
        call(&c2, 2, 0),
        call(&c2, 3, 0),
    ];
    store.insert_cdrs(&cdrs).await.unwrap();
    let admin = Accessor::Person(actor("admin-1", Role::CustomerAdmin, &cpni_support::path_of(&store, "c1").await));
    let zone = TimeZone::get("America/New_York").unwrap();
    let before = audit_tail(&pool).await;

    let own = request(admin.clone(), Purpose::CustomerSelfService);
    let volume = store.call_volume(&own, &c1, date(2026, 3, 1), 4, &zone).await.unwrap();
    let day =
        |d: i8, calls, answered, peak_concurrent| DayVolume { day: date(2026, 3, d), calls, answered, peak_concurrent };
    assert_eq!(volume, vec![day(1, 0, 0, 0), day(2, 4, 3, 3), day(3, 0, 0, 0), day(4, 1, 1, 1)]);

    let other = store.call_volume(&own, &c2, date(2026, 3, 1), 4, &zone).await;
    assert!(matches!(other, Err(StoreError::CpniDenied(_))), "another customer's usage: {other:?}");
    store.flush_audit().await.unwrap();
    let rows = audit_rows(&pool, before).await;
    let decisions: Vec<_> = rows.iter().map(|row| (row[1].as_str(), row[2].as_str(), row[4].as_str())).collect();
    assert_eq!(decisions, [("usage.read", c1.0.as_str(), "allow"), ("usage.read", c2.0.as_str(), "deny")]);
    store.close().await;
}

on_both_backends!(volume_counts_one_customers_days_through_the_gate);
