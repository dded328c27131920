//! Property: any sequence of requests, responses, TU calls and timeouts
//! leaves the layer consistent (bounded, every live transaction has a
//! deadline), never panics, and drains to empty once enough time passes.

mod transaction_support;

use proptest::prelude::*;
use sip::transaction::{Config, Event, ServerKey, TransactionLayer};
use sip::{HeaderName, Method};
use transaction_support::*;

const METHODS: [Method; 5] = [Method::Invite, Method::Ack, Method::Cancel, Method::Options, Method::Bye];
const STATUSES: [u16; 8] = [100, 180, 200, 202, 404, 486, 487, 603];
const BRANCHES: [&str; 4] = ["z9hG4bK1", "z9hG4bK2", "z9hG4bK3", "legacy"];
const MAX: usize = 6;

#[derive(Debug, Clone, Copy)]
enum Op {
    Request { method: usize, branch: usize, reliable: bool },
    Response { status: usize, method: usize, branch: usize },
    Respond { pick: usize, status: usize },
    Send { method: usize, branch: usize, reliable: bool },
    Advance { ms: u32 },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..5usize, 0..4usize, any::<bool>()).prop_map(|(method, branch, reliable)| Op::Request {
            method,
            branch,
            reliable
        }),
        (0..8usize, 0..5usize, 0..4usize).prop_map(|(status, method, branch)| Op::Response { status, method, branch }),
        (0..16usize, 0..8usize).prop_map(|(pick, status)| Op::Respond { pick, status }),
        (0..5usize, 0..4usize, any::<bool>()).prop_map(|(method, branch, reliable)| Op::Send {
            method,
            branch,
            reliable
        }),
        (0..40_000u32).prop_map(|ms| Op::Advance { ms }),
    ]
}

fn message(method: usize, branch: usize) -> sip::Request {
    let mut req = request(METHODS[method].clone(), BRANCHES[branch]);
    if METHODS[method] == Method::Ack || METHODS[method] == Method::Cancel {
        req.headers.set(HeaderName::CSeq, format!("314159 {}", METHODS[method]));
    }
    req
}

struct World {
    d: Driver,
    keys: Vec<ServerKey>,
}

impl World {
    fn drain(&mut self) {
        self.d.drain();
        for event in self.d.take_events() {
            if let Event::Request { key, .. } = event {
                self.keys.push(key);
            }
        }
        self.d.take_sent();
    }

    fn apply(&mut self, op: Op) {
        let now = self.d.now;
        let layer: &mut TransactionLayer = &mut self.d.layer;
        match op {
            Op::Request { method, branch, reliable } => {
                layer.handle_request(now, message(method, branch), if reliable { tcp() } else { udp() })
            }
            Op::Response { status, method, branch } => {
                let resp = response(&message(method, branch), STATUSES[status]);
                layer.handle_response(now, resp, udp());
            }
            Op::Respond { pick, status } => {
                if let Some(key) = self.keys.get(pick % self.keys.len().max(1)) {
                    let _ = layer.respond(now, key, response(&invite("z9hG4bK1"), STATUSES[status]));
                }
            }
            Op::Send { method, branch, reliable } => {
                let _ = layer.send_request(now, message(method, branch), if reliable { tcp() } else { udp() });
            }
            Op::Advance { ms } => self.d.advance(ms_u32(ms)),
        }
        self.drain();
    }

    fn check(&self) {
        let layer = &self.d.layer;
        assert!(layer.len() <= MAX, "table exceeds its bound: {}", layer.len());
        assert_eq!(layer.is_empty(), layer.poll_timeout().is_none(), "a live transaction without a deadline");
    }
}

fn ms_u32(ms: u32) -> std::time::Duration {
    std::time::Duration::from_millis(u64::from(ms))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_sequence_is_safe_and_drains(ops in proptest::collection::vec(op(), 0..80)) {
        let config = Config { max_transactions: MAX, proceeding_limit: ms(120_000), ..Default::default() };
        let mut world = World { d: Driver::with(config), keys: Vec::new() };
        for op in ops {
            world.apply(op);
            world.check();
        }
        world.d.advance(ms(120_000 + 64 * 500 + 32_000));
        world.drain();
        prop_assert!(world.d.layer.is_empty(), "left {} transactions", world.d.layer.len());
        prop_assert_eq!(world.d.layer.poll_timeout(), None);
    }
}
