//! CDR insert throughput, sealed or plain, for `bench/store.sh` (issue 3's
//! target: sealing adds < 10 % to CDR inserts; ≥ 20,000 CDRs/s batched).
//!
//! ```sh
//! cargo run --release -p store --features bench-internals --example cdr_insert -- \
//!     sealed|plain DATA_DIR COUNT BATCH
//! ```
//!
//! Opens a fresh store in `DATA_DIR`, makes 10 customers, generates `COUNT`
//! CDRs (a fixed pseudo-random mix of internal, inbound and outbound calls,
//! in the order the calls ended),
//! stores one untimed warm-up batch, then times `COUNT / BATCH` calls of
//! [`Store::insert_cdrs`] (`sealed`) or its benchmark-only twin
//! `insert_cdrs_unsealed` (`plain`), which skips only the sealing and blind
//! indexes. Prints one line of `key=value` pairs: wall time, CDRs per second
//! and the process's CPU time (all threads) per CDR.

#![allow(clippy::print_stdout)]

use std::path::PathBuf;
use std::time::Instant;

use model::{CallDirection, Cdr, Disposition, HangupSide, TenantId};
use store::{Kek, NewTenant, Store, StoreError};

const CUSTOMERS: usize = 10;

#[derive(Clone, Copy, PartialEq)]
enum Variant {
    Sealed,
    Plain,
}

struct Args {
    variant: Variant,
    data_dir: PathBuf,
    count: usize,
    batch: usize,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), StoreError> {
    let args = parse_args();
    let store = Store::open_with_kek(&args.data_dir, Kek::from_bytes(&[0x5a; 32])).await?;
    let customers = make_customers(&store).await?;
    let mut rng = SplitMix(0x00c0_ffee);
    let mut all: Vec<Cdr> = (0..args.batch + args.count).map(|n| random_cdr(&mut rng, &customers, n)).collect();
    let cdrs = all.split_off(args.batch);
    let warm_up = all;
    insert(&store, args.variant, &warm_up).await?;

    let (cpu_before, started) = (cpu_seconds(), Instant::now());
    for batch in cdrs.chunks(args.batch) {
        insert(&store, args.variant, batch).await?;
    }
    let (seconds, cpu) = (started.elapsed().as_secs_f64(), cpu_seconds() - cpu_before);
    store.close().await;
    report(&args, seconds, cpu);
    Ok(())
}

async fn insert(store: &Store, variant: Variant, cdrs: &[Cdr]) -> Result<(), StoreError> {
    match variant {
        Variant::Sealed => store.insert_cdrs(cdrs).await,
        Variant::Plain => store.insert_cdrs_unsealed(cdrs).await,
    }
}

#[allow(clippy::cast_precision_loss)]
fn report(args: &Args, seconds: f64, cpu: f64) {
    let variant = if args.variant == Variant::Sealed { "sealed" } else { "plain" };
    let per_second = args.count as f64 / seconds;
    let cpu_us = cpu * 1e6 / args.count as f64;
    println!(
        "variant={variant} cdrs={} batch={} seconds={seconds:.3} cdrs_per_s={per_second:.0} cpu_us_per_cdr={cpu_us:.1}",
        args.count, args.batch
    );
}

fn parse_args() -> Args {
    let usage = "usage: cdr_insert sealed|plain DATA_DIR COUNT BATCH";
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [variant, dir, count, batch] = args.as_slice() else { panic!("{usage}") };
    let variant = match variant.as_str() {
        "sealed" => Variant::Sealed,
        "plain" => Variant::Plain,
        _ => panic!("{usage}"),
    };
    let number = |text: &str| text.parse::<usize>().ok().filter(|&n| n > 0).expect(usage);
    Args { variant, data_dir: PathBuf::from(dir), count: number(count), batch: number(batch) }
}

async fn make_customers(store: &Store) -> Result<Vec<TenantId>, StoreError> {
    let reseller = NewTenant { slug: "r".into(), name: "R".into(), parent: None, sip_domain: None, is_default: false };
    store.upsert_reseller(&reseller).await?;
    let mut customers = Vec::with_capacity(CUSTOMERS);
    for n in 0..CUSTOMERS {
        let customer = NewTenant {
            slug: format!("c{n}"),
            name: format!("Customer {n}"),
            parent: Some("r".into()),
            sip_domain: Some(format!("c{n}.example")),
            is_default: false,
        };
        customers.push(store.upsert_customer(&customer).await?.id);
    }
    Ok(customers)
}

/// The `n`th call to end, a plausible CDR: calls end in order, one every
/// 10 ms (as call tasks write them); 40 % internal, 30 % inbound, 30 %
/// outbound; 80 % answered.
fn random_cdr(rng: &mut SplitMix, customers: &[TenantId], n: usize) -> Cdr {
    let customer = customers[rng.below(customers.len() as u64) as usize].clone();
    let extension = format!("{}", 200 + rng.below(300));
    let external = format!("+1{}", 2_000_000_000 + rng.below(7_999_999_999));
    let did = format!("+1555{:07}", rng.below(10_000_000));
    let (direction, caller, callee, trunk, did) = match rng.below(10) {
        0..4 => (CallDirection::Internal, extension, format!("{}", 200 + rng.below(300)), None, None),
        4..7 => (CallDirection::Inbound, external, extension, Some("carrier-a".to_owned()), Some(did)),
        _ => (CallDirection::Outbound, extension, external, Some("carrier-b".to_owned()), Some(did)),
    };
    let end_ms = 1_790_000_000_000 + 10 * n as i64;
    let answered = rng.below(10) < 8;
    let talk_ms = if answered { rng.below(600_000) as i64 } else { 0 };
    let answer_ms = end_ms - talk_ms;
    let start_ms = answer_ms - 1_000 - rng.below(20_000) as i64;
    Cdr {
        id: Store::new_cdr_id(),
        customer,
        caller,
        callee,
        direction,
        trunk,
        did,
        start_ms,
        answer_ms: answered.then_some(answer_ms),
        end_ms,
        disposition: if answered { Disposition::Answered } else { Disposition::NoAnswer },
        hangup: if answered { HangupSide::Caller } else { HangupSide::System },
        sip_status: if answered { 200 } else { 480 },
    }
}

/// The process's user + system CPU time so far, all threads (`/proc/self/stat`).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").expect("/proc/self/stat");
    let after_name = &stat[stat.rfind(')').expect("comm field") + 2..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    ticks / 100.0 // USER_HZ is 100 on Linux
}

/// SplitMix64: a fixed, dependency-free pseudo-random sequence.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}
