//! The RTP pool hands out even/odd pairs from its range only, refuses when
//! the range is used up (never a port outside it), and takes pairs back
//! when they are dropped.

use std::collections::HashSet;

use net::{NetError, RtpPool};

#[tokio::test]
async fn pairs_come_from_the_range_and_return_on_drop() {
    let (min, max) = (31_000, 31_019);
    let pool = RtpPool::new("127.0.0.1".parse().unwrap(), min, max).unwrap();
    let mut pairs = Vec::new();
    while let Ok(pair) = pool.allocate() {
        pairs.push(pair);
    }
    assert!(!pairs.is_empty(), "nothing could be bound in {min}-{max}");
    for pair in &pairs {
        let (rtp, rtcp) = (pair.rtp.local_addr().unwrap().port(), pair.rtcp.local_addr().unwrap().port());
        assert!((min..=max).contains(&rtp) && (min..=max).contains(&rtcp), "{rtp}/{rtcp} outside the range");
        assert_eq!((rtp % 2, rtcp), (0, rtp + 1), "not an even/odd pair");
    }
    let distinct: HashSet<u16> = pairs.iter().map(net::PortPair::port).collect();
    assert_eq!(distinct.len(), pairs.len(), "a pair was handed out twice");
    assert!(matches!(pool.allocate(), Err(NetError::RtpExhausted)));
    let held = pairs.len();
    drop(pairs);
    assert_eq!(pool.available(), pool.capacity(), "dropped pairs went back to the pool");
    let again: Vec<_> = (0..held).map(|_| pool.allocate().expect("a released pair binds again")).collect();
    assert_eq!(again.len(), held);
}

#[tokio::test]
async fn a_port_held_by_another_program_is_skipped_not_escaped() {
    let squatter = std::net::UdpSocket::bind("127.0.0.1:31100").unwrap();
    let pool = RtpPool::new("127.0.0.1".parse().unwrap(), 31_100, 31_103).unwrap();
    let pair = pool.allocate().expect("the free pair");
    assert_eq!(pair.port(), 31_102);
    assert!(matches!(pool.allocate(), Err(NetError::RtpExhausted)), "no fallback outside the range");
    drop(squatter);
}
