//! A TLS front for a plain-TCP SIP peer (Debian's SIPp has no TLS): it
//! accepts TLS on a port of its own with a fresh self-signed certificate for
//! a host name or address, and forwards each connection's decrypted bytes
//! both ways to the peer, connecting to the peer only once the handshake is
//! complete.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;

/// A running front; it stops with the test process.
pub struct TlsFront {
    addr: SocketAddr,
    certificate_pem: String,
    handshakes: Arc<AtomicUsize>,
}

impl TlsFront {
    /// Listens on a free loopback port with a certificate for `name`,
    /// forwarding to 127.0.0.1:`peer_port`.
    pub fn start(name: &str, peer_port: u16) -> Self {
        let certified = rcgen::generate_simple_self_signed(vec![name.to_owned()]).unwrap();
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(certified.signing_key.serialize_der()));
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![certified.cert.der().clone()], key)
            .unwrap();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let handshakes = Arc::new(AtomicUsize::new(0));
        let (acceptor, counter) = (TlsAcceptor::from(Arc::new(config)), Arc::clone(&handshakes));
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            runtime.block_on(async move {
                let listener = TcpListener::from_std(listener).unwrap();
                serve(listener, acceptor, peer_port, counter).await;
            });
        });
        Self { addr, certificate_pem: certified.cert.pem(), handshakes }
    }

    /// The port it accepts TLS on.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Its certificate, the root a client must trust.
    pub fn certificate_pem(&self) -> &str {
        &self.certificate_pem
    }

    /// How many TLS handshakes completed.
    pub fn handshakes(&self) -> usize {
        self.handshakes.load(Ordering::SeqCst)
    }
}

async fn serve(listener: TcpListener, acceptor: TlsAcceptor, peer_port: u16, handshakes: Arc<AtomicUsize>) {
    while let Ok((socket, _)) = listener.accept().await {
        let (acceptor, handshakes) = (acceptor.clone(), Arc::clone(&handshakes));
        tokio::spawn(async move {
            let Ok(mut tls) = acceptor.accept(socket).await else { return };
            handshakes.fetch_add(1, Ordering::SeqCst);
            let Ok(mut peer) = TcpStream::connect(("127.0.0.1", peer_port)).await else { return };
            let _ = tokio::io::copy_bidirectional(&mut tls, &mut peer).await;
        });
    }
}
