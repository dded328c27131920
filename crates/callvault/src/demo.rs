//! `callvault demo`: a ready-to-try phone system. On first run it creates a
//! demo reseller, a demo customer (the default domain, so phones may
//! register to the bare address, unless a provisioned customer already is),
//! extensions 1001–1004 with random passwords and portal administrators
//! (`demo_admins`); every run prints the credentials, the portal's URL, and
//! serves.
//!
//! Only HA1 values go into the database; the demo keeps its generated
//! passwords in `demo-credentials.json` (mode 0600) in the data folder so
//! that later runs can print them again.

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::Context;
use net::ListenerConfig;
use serde::{Deserialize, Serialize};
use store::Store;

use crate::cli::DemoArgs;
use crate::config::{Config, SipConfig, TlsConfig};
use crate::demo_admins::DemoAdmin;
use crate::provision::{self, CustomerEntry, ExtensionEntry};
use crate::web::PortalToml;

/// The demo customer's SIP domain.
const DEMO_DOMAIN: &str = "demo.callvault.test";
const CREDENTIALS_FILE: &str = "demo-credentials.json";
/// Where the demo keeps its data when `--data-dir` is not given.
const DEFAULT_DATA_DIR: &str = "callvault-demo-data";

/// One demo extension's credentials.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct DemoExtension {
    number: String,
    username: String,
    password: String,
    display_name: String,
}

/// What the demo prints.
#[derive(Debug, Serialize)]
struct DemoInfo {
    data_dir: PathBuf,
    sip_domain: &'static str,
    udp: Vec<String>,
    tcp: Vec<String>,
    tls: Vec<String>,
    /// The portal's HTTPS address.
    portal: String,
    /// Who signs in to the portal.
    admins: Vec<crate::demo_admins::DemoAdmin>,
    extensions: Vec<DemoExtension>,
}

/// Runs the demo until a signal arrives.
pub(crate) async fn run(args: DemoArgs) -> anyhow::Result<()> {
    let shutdown = crate::serve::Shutdown::install()?;
    let data_dir = args.location.data_dir.clone().unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR));
    let (extensions, admins) = ensure_demo_tenants(&data_dir).await?;
    let config = demo_config(&args, &data_dir)?;
    let running = crate::serve::start(&config).await?;
    let mut info = describe(&data_dir, running.sip.local_addrs(), extensions);
    info.admins = admins;
    info.portal = running.portal.https_addrs().first().map(|addr| format!("https://{addr}/")).unwrap_or_default();
    print_info(&info, args.json)?;
    shutdown.wait().await;
    running.stop().await;
    Ok(())
}

fn demo_config(args: &DemoArgs, data_dir: &Path) -> anyhow::Result<Config> {
    let files = crate::tls::demo_certificate(data_dir, args.bind)?;
    let mut config = Config::around(data_dir);
    config.sip = demo_listeners(args);
    let https = SocketAddr::new(args.bind, args.https_port);
    config.portal = PortalToml {
        https: Some(vec![https]),
        http: Some(vec![SocketAddr::new(args.bind, args.http_port)]),
        cert: Some(files.cert.clone()),
        key: Some(files.key.clone()),
        // Single sign-on as the portal's own address, when that is known up front.
        issuer: (args.https_port != 0).then(|| format!("https://{https}")),
    };
    config.tls = Some(TlsConfig { cert: files.cert, key: files.key });
    Ok(config)
}

/// UDP+TCP on the base port and two above, TLS one above; with port 0,
/// one listener of each kind on ports the system picks (for tests).
fn demo_listeners(args: &DemoArgs) -> SipConfig {
    let at = |offset: u16| std::net::SocketAddr::new(args.bind, args.sip_port.saturating_add(offset));
    let server_names = vec!["localhost".into(), args.bind.to_string()];
    if args.sip_port == 0 {
        return SipConfig { udp: vec![at(0)], tcp: vec![at(0)], tls: vec![at(0)], server_names };
    }
    SipConfig { udp: vec![at(0), at(2)], tcp: vec![at(0), at(2)], tls: vec![at(1)], server_names }
}

/// Creates the demo tenants and administrators on first run; returns the
/// demo credentials.
async fn ensure_demo_tenants(data_dir: &Path) -> anyhow::Result<(Vec<DemoExtension>, Vec<DemoAdmin>)> {
    let store = Store::open(data_dir).await?;
    let saved = data_dir.join(CREDENTIALS_FILE);
    let extensions = match std::fs::read(&saved) {
        Ok(bytes) => serde_json::from_slice(&bytes).with_context(|| format!("reading {}", saved.display()))?,
        Err(_) => {
            let created = create_demo_tenants(&store).await?;
            crate::tls::write_private(&saved, &serde_json::to_vec_pretty(&created)?)?;
            created
        }
    };
    let admins = crate::demo_admins::ensure(&store, data_dir).await?;
    store.close().await;
    Ok((extensions, admins))
}

async fn create_demo_tenants(store: &Store) -> anyhow::Result<Vec<DemoExtension>> {
    let reseller = store::NewTenant {
        slug: "demo-reseller".into(),
        name: "Demo Reseller".into(),
        parent: None,
        sip_domain: None,
        is_default: false,
    };
    store.upsert_reseller(&reseller).await?;
    // The demo customer takes bare-address registrations only if no
    // provisioned customer already does.
    let customer = CustomerEntry {
        slug: "demo".into(),
        name: "Demo Customer".into(),
        reseller: "demo-reseller".into(),
        sip_domain: DEMO_DOMAIN.into(),
        default: store.default_customer().await?.is_none(),
    };
    provision::add_customer(store, &customer).await?;
    let mut created = Vec::new();
    for (number, name) in [("1001", "Alice"), ("1002", "Bob"), ("1003", "Carol"), ("1004", "Dave")] {
        let entry = ExtensionEntry {
            customer: "demo".into(),
            number: number.into(),
            password: random_password(),
            display_name: Some(name.into()),
        };
        provision::add_extension(store, &entry).await?;
        let (number, password, display_name) = (entry.number, entry.password, name.to_owned());
        created.push(DemoExtension { username: number.clone(), number, password, display_name });
    }
    Ok(created)
}

fn describe(data_dir: &Path, bound: &[ListenerConfig], extensions: Vec<DemoExtension>) -> DemoInfo {
    let pick = |want: fn(&ListenerConfig) -> Option<std::net::SocketAddr>| {
        bound.iter().filter_map(want).map(|a| a.to_string()).collect()
    };
    DemoInfo {
        data_dir: data_dir.to_owned(),
        sip_domain: DEMO_DOMAIN,
        udp: pick(|l| if let ListenerConfig::Udp(a) = l { Some(*a) } else { None }),
        tcp: pick(|l| if let ListenerConfig::Tcp(a) = l { Some(*a) } else { None }),
        tls: pick(|l| if let ListenerConfig::Tls(a) = l { Some(*a) } else { None }),
        portal: String::new(),
        admins: Vec::new(),
        extensions,
    }
}

fn print_info(info: &DemoInfo, json: bool) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string(info)?)?;
    } else {
        writeln!(out, "callvault demo is running (data in {}).", info.data_dir.display())?;
        writeln!(out, "SIP domain {}; UDP {:?}, TCP {:?}, TLS {:?}", info.sip_domain, info.udp, info.tcp, info.tls)?;
        writeln!(out, "Web portal: {}", info.portal)?;
        for admin in &info.admins {
            writeln!(
                out,
                "  {} ({}): password {} TOTP key {}",
                admin.login, admin.role, admin.password, admin.totp_secret
            )?;
        }
        for ext in &info.extensions {
            writeln!(
                out,
                "  extension {} ({}): username {} password {}",
                ext.number, ext.display_name, ext.username, ext.password
            )?;
        }
        writeln!(out, "Press Ctrl-C to stop.")?;
    }
    out.flush()?;
    Ok(())
}

/// 20 random characters from an unambiguous alphabet (about 115 bits),
/// drawn without modulo bias.
pub(crate) fn random_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789";
    let unbiased = u8::try_from(256 / ALPHABET.len() * ALPHABET.len()).unwrap_or(u8::MAX);
    let mut password = String::with_capacity(20);
    while password.len() < 20 {
        let mut byte = [0u8; 1];
        getrandom::fill(&mut byte).expect("the OS random source is available");
        if byte[0] < unbiased {
            password.push(char::from(ALPHABET[usize::from(byte[0]) % ALPHABET.len()]));
        }
    }
    password
}
