//! The RTP port pool (issue 4 item 3): relay ports come only from the
//! configured range, in even/odd pairs — RTP on the even port, RTCP on the
//! next odd one (RFC 3550 §11; RFC 3264 §5.1 says the SDP names the RTP
//! port and RTCP takes the one above). A pair goes back to the pool when its
//! [`PortPair`] is dropped, on every call-end path, so no port leaks.
//!
//! The pool never binds outside its range: a port taken by another program
//! is skipped and tried again later, and when every pair is busy or taken
//! [`RtpPool::allocate`] fails instead of falling back to a system port.

use std::collections::VecDeque;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};

use tokio::net::UdpSocket;

use crate::NetError;

/// The default range (inclusive), 512 pairs.
pub const DEFAULT_RTP_PORTS: (u16, u16) = (16384, 17407);

/// Free even ports of one range on one address.
#[derive(Debug)]
pub struct RtpPool {
    ip: IpAddr,
    first: u16,
    last: u16,
    free: Mutex<VecDeque<u16>>,
}

/// Two bound sockets, RTP (even) and RTCP (odd); the ports return to the
/// pool when this is dropped.
#[derive(Debug)]
pub struct PortPair {
    /// The RTP socket (even port).
    pub rtp: UdpSocket,
    /// The RTCP socket (the odd port above).
    pub rtcp: UdpSocket,
    // Dropped after the sockets (fields drop in order), so a port is free
    // for the kernel before the pool hands it out again.
    lease: Lease,
}

#[derive(Debug)]
struct Lease {
    port: u16,
    pool: Arc<RtpPool>,
}

impl Drop for Lease {
    fn drop(&mut self) {
        self.pool.give_back(self.port);
    }
}

impl PortPair {
    /// The RTP port (even).
    pub fn port(&self) -> u16 {
        self.lease.port
    }

    /// The RTP socket's local address.
    pub fn local_addr(&self) -> SocketAddr {
        SocketAddr::new(self.lease.pool.ip, self.lease.port)
    }
}

impl RtpPool {
    /// A pool of the even/odd pairs within `min..=max` on `ip`. The range
    /// must hold at least one pair.
    pub fn new(ip: IpAddr, min: u16, max: u16) -> Result<Arc<Self>, NetError> {
        let first = min.checked_add(min % 2).filter(|&f| f < max).ok_or(NetError::RtpRange { min, max })?;
        let last = if max % 2 == 1 { max - 1 } else { max - 2 };
        if last < first {
            return Err(NetError::RtpRange { min, max });
        }
        let free = (first..=last).step_by(2).collect();
        Ok(Arc::new(Self { ip, first, last, free: Mutex::new(free) }))
    }

    /// The address relay sockets are bound on.
    pub fn ip(&self) -> IpAddr {
        self.ip
    }

    /// How many pairs the range holds.
    pub fn capacity(&self) -> usize {
        usize::from((self.last - self.first) / 2 + 1)
    }

    /// How many pairs are free now.
    pub fn available(&self) -> usize {
        self.lock().len()
    }

    /// Binds the next free pair. Pairs another program holds are skipped
    /// (and put at the back); when none can be bound, [`NetError::RtpExhausted`].
    pub fn allocate(self: &Arc<Self>) -> Result<PortPair, NetError> {
        let tries = self.available();
        for _ in 0..tries {
            let Some(port) = self.lock().pop_front() else { break };
            let lease = Lease { port, pool: Arc::clone(self) };
            if let Ok((rtp, rtcp)) = self.bind_pair(port) {
                return Ok(PortPair { rtp, rtcp, lease });
            }
        }
        Err(NetError::RtpExhausted)
    }

    fn bind_pair(&self, port: u16) -> std::io::Result<(UdpSocket, UdpSocket)> {
        let rtp = bind(SocketAddr::new(self.ip, port))?;
        let rtcp = bind(SocketAddr::new(self.ip, port + 1))?;
        Ok((rtp, rtcp))
    }

    fn give_back(&self, port: u16) {
        debug_assert!((self.first..=self.last).contains(&port));
        self.lock().push_back(port);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<u16>> {
        self.free.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn bind(addr: SocketAddr) -> std::io::Result<UdpSocket> {
    let socket = std::net::UdpSocket::bind(addr)?;
    socket.set_nonblocking(true)?;
    UdpSocket::from_std(socket)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_bounds_are_narrowed_to_whole_pairs() {
        let pool = RtpPool::new("127.0.0.1".parse().unwrap(), 30001, 30010).unwrap();
        assert_eq!((pool.first, pool.last, pool.capacity()), (30002, 30008, 4));
    }

    #[test]
    fn a_range_without_a_pair_is_refused() {
        assert!(RtpPool::new("127.0.0.1".parse().unwrap(), 30001, 30002).is_err());
        assert!(RtpPool::new("127.0.0.1".parse().unwrap(), 30010, 30000).is_err());
    }
}
