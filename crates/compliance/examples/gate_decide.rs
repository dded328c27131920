//! Benchmark (bench/gate.sh): the median cost of one gate decision,
//! in-process, against its peer in the same run, `access::decide` alone
//! (the role, tenant and TOTP check every access pays without the gate).
//! Issue 7's target: the gate adds < 5 µs median per decision.
//!
//! Prints one line per case: `case=… median_ns=… peer_median_ns=… added_ns=…`.
//! Medians are over `ROUNDS` rounds of `BATCH` decisions each (a round's
//! time divided by its decisions), so timer overhead is amortized.

use std::hint::black_box;
use std::io::Write;
use std::time::Instant;

use access::{Actor, AuthStrength, Permission, PersonId, Role, Target, TenantPath};
use compliance::{Accessor, ApprovalScope, ApprovalStatus, CampaignFacts, CpniKind, GateInput, Purpose, decide};
use jiff::Timestamp;
use jiff::civil::date;

const ROUNDS: usize = 201;
const BATCH: u32 = 2_000;

fn median_ns(mut round: impl FnMut()) -> f64 {
    let mut per_decision: Vec<f64> = (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..BATCH {
                round();
            }
            start.elapsed().as_nanos() as f64 / f64::from(BATCH)
        })
        .collect();
    per_decision.sort_by(f64::total_cmp);
    per_decision[ROUNDS / 2]
}

fn main() {
    let customer = TenantPath::parse("p/r/c").unwrap();
    let actor = Actor {
        person: PersonId("support-1".into()),
        home: TenantPath::parse("p").unwrap(),
        role: Role::Support,
        strength: AuthStrength::PasswordAndTotp,
        grants: Vec::new(),
    };
    let now = Timestamp::now();
    let accessor = Accessor::Person(actor.clone());
    let campaign = CampaignFacts {
        id: "camp-1".into(),
        scope: ApprovalScope::OwnMarketing,
        supervised: true,
        owner: TenantPath::parse("p").unwrap(),
        ended_at: None,
    };
    let cases = [
        ("billing", Purpose::Billing, Permission::CdrRead),
        ("marketing", Purpose::Marketing { campaign: "camp-1".into() }, Permission::CampaignManage),
    ];
    for (name, purpose, permission) in cases {
        let input = GateInput {
            accessor: &accessor,
            purpose: &purpose,
            data: CpniKind::CallDetail,
            customer: &customer,
            owner: None,
            delegations: &[],
            campaign: Some(&campaign),
            approval: ApprovalStatus::OptIn { since: date(2026, 1, 1) },
            one_time: None,
            now,
        };
        assert!(decide(&input).is_allowed(), "{name} is allowed");
        let target = Target::tenant(customer.clone());
        let peer = median_ns(|| {
            let _ = black_box(access::decide(black_box(&actor), permission, black_box(&target), now));
        });
        let gate = median_ns(|| {
            let _ = black_box(decide(black_box(&input)));
        });
        let line = format!("case={name} median_ns={gate:.0} peer_median_ns={peer:.0} added_ns={:.0}", gate - peer);
        writeln!(std::io::stdout().lock(), "{line}").expect("stdout");
    }
}
