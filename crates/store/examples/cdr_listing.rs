//! The CDR listing with the CPNI gate on and off, for `bench/gate.sh`
//! (issue 7's target: audit writes are batched so that listing CDRs loses
//! < 10 % with the gate on).
//!
//! ```sh
//! cargo run --release -p store --features bench-internals --example cdr_listing -- DATA_DIR CDRS ROUNDS
//! ```
//!
//! Opens a fresh store in `DATA_DIR`, stores `CDRS` CDRs of one customer,
//! then, for `ROUNDS` rounds, walks 20 pages of 50 CDRs newest first twice
//! in alternating order: once through the gate ([`Store::cdrs_page`] with a
//! customer admin's self-service request: tenant path, delegations,
//! `compliance::decide`, a queued audit record per page) and once through
//! the benchmark-only ungated reader (`cdrs_page_ungated`, the same SQL and
//! opening of sealed values). Prints one line of `key=value` pairs: the
//! median microseconds per page of each and the gate's share.

#![allow(clippy::print_stdout)]

use std::path::PathBuf;
use std::time::Instant;

use access::{Actor, AuthStrength, PersonId, Role, TenantPath};
use compliance::{Accessor, CpniRequest, Purpose};
use model::{Cdr, TenantId};
use store::{Kek, Store, StoreError};

#[path = "../tests/cdr_support/mod.rs"]
mod cdr_support;

const PAGE: u32 = 50;
const PAGES_PER_WALK: usize = 20;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), StoreError> {
    let (data_dir, count, rounds) = parse_args();
    let store = Store::open_with_kek(&data_dir, Kek::from_bytes(&[0x5a; 32])).await?;
    let (customer, _) = cdr_support::two_customers(&store).await;
    let start_ms = 1_790_000_000_000;
    let cdrs: Vec<Cdr> =
        (0..count).map(|n| cdr_support::call(&customer, "201", "+12025550143", start_ms + n as i64 * 1_000)).collect();
    for batch in cdrs.chunks(1_000) {
        store.insert_cdrs(batch).await?;
    }
    let path = store.tenant(&customer).await?.map(|t| t.path).expect("the customer exists");
    let request = admin_request(&path);
    let (mut gated, mut ungated) = (Vec::with_capacity(rounds), Vec::with_capacity(rounds));
    walk(&store, &customer, Some(&request)).await?; // warm-up: caches, statements
    for round in 0..rounds {
        let first_gated = round % 2 == 0;
        for on in [first_gated, !first_gated] {
            let per_page = walk(&store, &customer, on.then_some(&request)).await?;
            if on { gated.push(per_page) } else { ungated.push(per_page) }
        }
    }
    store.close().await;
    let (gate_on, gate_off) = (median(&mut gated), median(&mut ungated));
    let added = (gate_on / gate_off - 1.0) * 100.0;
    println!(
        "cdrs={count} rounds={rounds} page={PAGE} gated_us_per_page={gate_on:.1} ungated_us_per_page={gate_off:.1} \
         added_percent={added:.1}"
    );
    Ok(())
}

/// Reads [`PAGES_PER_WALK`] pages newest first, through the gate when a
/// request is given; microseconds per page.
async fn walk(store: &Store, customer: &TenantId, request: Option<&CpniRequest>) -> Result<f64, StoreError> {
    let started = Instant::now();
    let mut before = None;
    for _ in 0..PAGES_PER_WALK {
        let page = match request {
            Some(request) => store.cdrs_page(request, customer, before, PAGE).await?,
            None => store.cdrs_page_ungated(customer, before, PAGE).await?,
        };
        before = page.last().map(|c| c.start_ms);
    }
    Ok(started.elapsed().as_secs_f64() * 1e6 / PAGES_PER_WALK as f64)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// A customer admin's self-service read, as the portal makes it.
fn admin_request(customer_path: &str) -> CpniRequest {
    let actor = Actor {
        person: PersonId("bench-admin".into()),
        home: TenantPath::parse(customer_path).expect("a tenant path"),
        role: Role::CustomerAdmin,
        strength: AuthStrength::PasswordAndTotp,
        grants: Vec::new(),
    };
    CpniRequest { accessor: Accessor::Person(actor), purpose: Purpose::CustomerSelfService, source: "192.0.2.1".into() }
}

fn parse_args() -> (PathBuf, usize, usize) {
    let usage = "usage: cdr_listing DATA_DIR CDRS ROUNDS";
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, count, rounds] = args.as_slice() else { panic!("{usage}") };
    let number = |text: &str| text.parse::<usize>().ok().filter(|&n| n > 0).expect(usage);
    (PathBuf::from(dir), number(count), number(rounds))
}
