//! A carrier for the trunk tests (issue 4 items 2–6): the `[[trunk]]`,
//! `[[did]]` and `[[policy]]` configuration pointing at a SIPp playing the
//! carrier on a local port, SIPp runs, a raw INVITE from a chosen address,
//! and the "shop" customer's CDRs read back once `serve` has stopped.

use std::net::{SocketAddr, UdpSocket};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use model::Cdr;

/// The customer's caller ID and its DID, which rings extension 100.
pub const CALLER_ID: &str = "+15552340000";

/// A free local TCP port.
pub fn free_tcp_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A free local UDP port.
pub fn free_udp_port() -> u16 {
    UdpSocket::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Configuration: trunk "carrier" at 127.0.0.1:`port` with digest
/// credentials, the DID, and shop's policy with `limits` TOML lines added.
pub fn config(port: u16, limits: &str) -> String {
    config_over("udp", port, limits)
}

/// [`config`] with the trunk reached over `transport` (udp, tcp or tls).
pub fn config_over(transport: &str, port: u16, limits: &str) -> String {
    format!(
        "[[trunk]]\nname = \"carrier\"\nhost = \"127.0.0.1\"\nport = {port}\ntransport = \"{transport}\"\n\
         username = \"trunk-user\"\npassword = \"trunk-pass\"\n\n\
         [[did]]\nnumber = \"{CALLER_ID}\"\ncustomer = \"shop\"\nextension = \"100\"\n\n\
         [[policy]]\ncustomer = \"shop\"\ncaller_id = \"{CALLER_ID}\"\ncountry = \"US\"\n{limits}\n"
    )
}

/// Provisioning: trunk "carrier" at 127.0.0.1:`port` with digest
/// credentials (sealed in the store) and the DID.
pub fn provisioning(port: u16) -> String {
    format!(
        "[[trunk]]\nname = \"carrier\"\nhost = \"127.0.0.1\"\nport = {port}\n\
         username = \"trunk-user\"\npassword = \"trunk-pass\"\n\n\
         [[did]]\nnumber = \"{CALLER_ID}\"\ncustomer = \"shop\"\nextension = \"100\"\n"
    )
}

/// Configuration: only shop's policy (caller ID), for provisioned trunks.
pub fn policy_only() -> String {
    format!("[[policy]]\ncustomer = \"shop\"\ncaller_id = \"{CALLER_ID}\"\n")
}

/// A SIPp command run in `work`, its output discarded.
pub fn sipp(args: &[&str], work: &Path) -> Command {
    let mut command = Command::new(super::require_program("sipp", "sip-tester"));
    command.args(args).args(["-nostdin", "-trace_err"]).current_dir(work);
    command.stdout(Stdio::null()).stderr(Stdio::null());
    command
}

/// The path of a SIPp scenario of the test data.
pub fn scenario(name: &str) -> String {
    super::data_dir().join("sipp").join(name).to_string_lossy().into_owned()
}

/// SIPp as the carrier's gateway on `port`, for one call of `scenario_name`.
pub fn start_uas(scenario_name: &str, port: u16, work: &Path) -> Child {
    start_uas_over("u1", scenario_name, port, work)
}

/// [`start_uas`] over SIPp transport `transport` (`u1`, `t1`).
pub fn start_uas_over(transport: &str, scenario_name: &str, port: u16, work: &Path) -> Child {
    let (port, media) = (port.to_string(), free_udp_port().to_string());
    let args = ["-sf", &scenario(scenario_name), "-t", transport, "-i", "127.0.0.1", "-p", &port, "-mp", &media];
    sipp(&args, work).args(["-m", "1", "-timeout", "30s", "-timeout_error"]).spawn().expect("sipp runs")
}

/// Waits for SIPp to finish; whether every call succeeded.
pub fn succeeded(mut sipp: Child) -> bool {
    for _ in 0..300 {
        if let Ok(Some(status)) = sipp.try_wait() {
            return status.success();
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = sipp.kill();
    false
}

/// Sends an INVITE for `user` with From host `from_host` from `socket`;
/// returns the final status callvault answers.
pub fn raw_invite(socket: &UdpSocket, server: SocketAddr, user: &str, from_host: &str) -> u16 {
    let local = socket.local_addr().unwrap();
    let invite = format!(
        "INVITE sip:{user}@{server} SIP/2.0\r\nVia: SIP/2.0/UDP {local};branch=z9hG4bK{tag};rport\r\n\
         Max-Forwards: 70\r\nFrom: <sip:+12125550100@{from_host}>;tag={tag}\r\nTo: <sip:{user}@{server}>\r\n\
         Call-ID: {tag}@carrier\r\nCSeq: 1 INVITE\r\nContact: <sip:carrier@{local}>\r\nContent-Length: 0\r\n\r\n",
        tag = hex::encode(rand_bytes())
    );
    socket.send_to(invite.as_bytes(), server).unwrap();
    socket.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut buffer = [0u8; 4096];
    loop {
        let (len, _) = socket.recv_from(&mut buffer).expect("callvault answers");
        let text = String::from_utf8_lossy(&buffer[..len]);
        let status: u16 = text.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        if status >= 200 {
            return status;
        }
    }
}

fn rand_bytes() -> [u8; 8] {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).unwrap();
    bytes
}

/// The "shop" customer's CDRs in `data` (serve stopped), newest first.
pub fn shop_cdrs(data: &Path) -> Vec<Cdr> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let store = store::Store::open(data).await.expect("the store opens");
        let shop = store.tenant_by_slug("shop").await.unwrap().expect("the shop customer");
        let cdrs = store
            .cdrs_page(
                &compliance::CpniRequest::host_operator(
                    "operator:test",
                    compliance::Purpose::NetworkOperations,
                    "test",
                ),
                &shop.id,
                None,
                10_000,
            )
            .await
            .expect("CDRs read back");
        store.close().await;
        cdrs
    })
}
