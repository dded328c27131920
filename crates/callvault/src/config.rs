//! The TOML configuration of `callvault serve`.
//!
//! ```toml
//! data_dir = "/var/lib/callvault"
//!
//! [sip]
//! udp = ["0.0.0.0:5060", "0.0.0.0:5062"]
//! tcp = ["0.0.0.0:5060", "0.0.0.0:5062"]
//! tls = ["0.0.0.0:5061"]
//! server_names = ["pbx.example.net", "203.0.113.10"]
//!
//! [portal]                               # the web portal; see the `web` module
//! https = ["0.0.0.0:443"]
//! http = ["0.0.0.0:80"]
//! issuer = "https://portal.example.net"  # OpenID Connect provider on (default off)
//!
//! [tls]
//! cert = "/etc/callvault/cert.pem"
//! key = "/etc/callvault/key.pem"
//!
//! [registrar]
//! min_expires = 60
//! max_expires = 7200
//! digest_algorithms = ["SHA-256", "MD5"]   # default ["MD5"]
//!
//! [rtp]
//! port_min = 16384                         # the media relay's ports (default 16384-17407)
//! port_max = 17407
//! address = "203.0.113.10"                 # default: the first SIP UDP listener's address
//! inactivity_secs = 60                     # an answered call without RTP this long is ended
//!
//! [runtime]
//! worker_threads = 2                       # default: one per core
//! ring_timeout_secs = 60                   # unanswered calls get 408 after this (1-3600)
//!
//! [audit]
//! checkpoint_every = 1000                  # records between signed checkpoints (default 1000)
//! checkpoint_interval_secs = 300           # and at least this often while records arrive (default 300)
//!
//! [log]
//! pii = "redact"                           # numbers, addresses, names in logs: redact (default) | show (local debugging only)
//!
//! [[trunk]]                                # carrier trunks, DIDs, customer limits:
//! name = "carrier"                         # see the `trunks` module
//! host = "sip.carrier.example"
//!
//! [compliance]                             # CPNI clocks (`callvault cpni clock`)
//! fcc_closed = ["2024-12-24", 2025-01-09]  # FCC closure days beyond federal holidays
//! breach_rule = "2007"                     # 47 CFR 64.2011 text for breach records: 2007 | 2024
//! carrier_name = "Example Voice LLC"       # filings: legal name; also frn, form_499_filer_id,
//!                                          # address = [lines], pretexter_methods, [[compliance.procedures]]
//! [smtp]                                   # change notices (47 CFR 64.2010(f)); see notify::SmtpConfig
//! host = "mail.example.net"
//! tls = "starttls"                         # none | starttls | tls
//! from = "callvault <notices@example.net>"
//!
//! [store]                                  # default: SQLite in data_dir
//! url = "postgres://callvault@db.example.net/callvault"   # the cluster's PostgreSQL
//! ```
//!
//! With `[store] url`, the database is PostgreSQL (ARCHITECTURE.md principle
//! 6); `data_dir` still holds the KEK's key file (`kek.key`, unless
//! `CALLVAULT_KEK` is set), which never goes into the database.

use std::net::SocketAddr;
use std::num::{NonZeroU32, NonZeroU64};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use serde::Deserialize;

use crate::cli::Location;

/// Everything `serve` needs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Config {
    /// The data folder.
    pub(crate) data_dir: PathBuf,
    /// SIP listeners.
    #[serde(default)]
    pub(crate) sip: SipConfig,
    /// The TLS certificate; TLS listeners need it.
    pub(crate) tls: Option<TlsConfig>,
    /// Registrar limits.
    #[serde(default)]
    pub(crate) registrar: RegistrarToml,
    /// The media relay.
    #[serde(default)]
    pub(crate) rtp: RtpToml,
    /// The async runtime.
    #[serde(default)]
    pub(crate) runtime: RuntimeToml,
    /// Where the database is.
    #[serde(default)]
    pub(crate) store: StoreToml,
    /// Audit checkpoints.
    #[serde(default)]
    pub(crate) audit: AuditToml,
    #[serde(default)]
    pub(crate) trunk: Vec<crate::trunks::TrunkToml>,
    #[serde(default)]
    pub(crate) did: Vec<crate::trunks::DidToml>,
    #[serde(default)]
    pub(crate) policy: Vec<crate::trunks::PolicyToml>,
    /// CPNI compliance settings.
    #[serde(default)]
    pub(crate) compliance: crate::cpni_clock::ComplianceToml,
    /// The SMTP relay change notices go out through (`notify::SmtpConfig`).
    pub(crate) smtp: Option<notify::SmtpConfig>,
    /// The web portal.
    #[serde(default)]
    pub(crate) portal: crate::web::PortalToml,
    /// Logging.
    #[serde(default)]
    pub(crate) log: LogToml,
}

/// `[audit]`: how often the audit log gets a signed checkpoint (issue 3
/// item 2). Records after the last checkpoint can be cut off unseen, so
/// both bounds limit what an attacker with write access could drop.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AuditToml {
    /// Records between automatic checkpoints.
    pub(crate) checkpoint_every: Option<NonZeroU32>,
    /// Seconds between timed checkpoints (none is written when no record
    /// arrived since the last).
    pub(crate) checkpoint_interval_secs: Option<NonZeroU64>,
}

impl AuditToml {
    /// Records between automatic checkpoints, by default 1000.
    pub(crate) fn checkpoint_every(&self) -> NonZeroU32 {
        self.checkpoint_every.unwrap_or(NonZeroU32::new(1000).expect("non-zero"))
    }

    /// Time between timed checkpoints, by default five minutes.
    pub(crate) fn checkpoint_interval(&self) -> Duration {
        Duration::from_secs(self.checkpoint_interval_secs.map_or(300, NonZeroU64::get))
    }
}

/// `[store]`
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StoreToml {
    /// A `postgres://` URL; none means SQLite in the data folder.
    pub(crate) url: Option<String>,
}

impl std::fmt::Debug for StoreToml {
    /// Never prints the URL: it may carry a password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreToml").field("url", &self.url.as_ref().map(|_| "<set>")).finish()
    }
}

/// `[rtp]`: the media relay's port range (issue 4 item 3); the server never
/// binds RTP outside it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RtpToml {
    pub(crate) port_min: Option<u16>,
    pub(crate) port_max: Option<u16>,
    /// The address relay sockets bind to and SDP advertises.
    pub(crate) address: Option<std::net::IpAddr>,
    /// Seconds without RTP after which an answered call is ended.
    pub(crate) inactivity_secs: Option<u64>,
}

/// `[runtime]`
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuntimeToml {
    /// Worker threads; one per core by default. The SIP core is one task,
    /// so on a small machine shared with other work, fewer can be faster.
    pub(crate) worker_threads: Option<usize>,
    /// How long a call may ring before the caller gets 408 (default 60 s);
    /// a customer's `[[policy]]` may say otherwise.
    pub(crate) ring_timeout_secs: Option<u64>,
}

/// `[sip]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SipConfig {
    pub(crate) udp: Vec<SocketAddr>,
    pub(crate) tcp: Vec<SocketAddr>,
    pub(crate) tls: Vec<SocketAddr>,
    /// Names and addresses of this server: REGISTERs to them land in the default customer.
    pub(crate) server_names: Vec<String>,
}

impl Default for SipConfig {
    fn default() -> Self {
        let any = |port| SocketAddr::from(([0, 0, 0, 0], port));
        Self {
            udp: vec![any(5060), any(5062)],
            tcp: vec![any(5060), any(5062)],
            tls: vec![any(5061)],
            server_names: vec!["localhost".into(), "127.0.0.1".into()],
        }
    }
}

/// `[tls]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TlsConfig {
    pub(crate) cert: PathBuf,
    pub(crate) key: PathBuf,
}

/// `[log]`: whether personal data (numbers, addresses, names: `model::Pii`)
/// prints in the clear. `redact` by default; `show` only for local debugging.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LogToml {
    #[serde(default)]
    pub(crate) pii: PiiLogging,
}

/// `[log] pii`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum PiiLogging {
    /// Personal data prints redacted (`***0143`, `<redacted>`).
    #[default]
    Redact,
    /// Personal data prints in the clear: local debugging only.
    Show,
}

impl LogToml {
    /// Applies the setting process-wide, warning when personal data will show.
    pub(crate) fn apply(self) {
        let show = self.pii == PiiLogging::Show;
        model::show_pii(show);
        if show {
            tracing::warn!(
                "[log] pii = \"show\": phone numbers, addresses and names are logged in the clear; use only for local debugging"
            );
        }
    }
}

/// `[registrar]`
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RegistrarToml {
    pub(crate) default_expires: Option<u32>,
    pub(crate) min_expires: Option<u32>,
    pub(crate) max_expires: Option<u32>,
    pub(crate) max_contacts: Option<usize>,
    pub(crate) max_auth_failures: Option<u32>,
    /// Digest algorithms offered, preferred first: "SHA-256", "MD5".
    pub(crate) digest_algorithms: Option<Vec<String>>,
}

impl Config {
    /// Reads `--config`, or builds a default configuration around `--data-dir`.
    pub(crate) fn load(location: &Location) -> anyhow::Result<Self> {
        match (&location.config, &location.data_dir) {
            (Some(file), data_dir) => {
                let mut config = Self::read(file)?;
                if let Some(dir) = data_dir {
                    config.data_dir.clone_from(dir);
                }
                Ok(config)
            }
            (None, Some(dir)) => Ok(Self::around(dir)),
            (None, None) => bail!("say where the data is: --data-dir DIR or --config FILE"),
        }
    }

    /// The defaults, with data in `dir`.
    pub(crate) fn around(dir: &Path) -> Self {
        let (sip, tls, registrar) = (SipConfig::default(), None, RegistrarToml::default());
        let (rtp, runtime) = (RtpToml::default(), RuntimeToml::default());
        let (store, audit) = (StoreToml::default(), AuditToml::default());
        let (trunk, did, policy) = (Vec::new(), Vec::new(), Vec::new());
        let (data_dir, compliance) = (dir.to_owned(), crate::cpni_clock::ComplianceToml::default());
        let (portal, log) = (crate::web::PortalToml::default(), LogToml::default());
        Self {
            data_dir,
            sip,
            tls,
            registrar,
            rtp,
            runtime,
            store,
            audit,
            trunk,
            did,
            policy,
            compliance,
            smtp: None,
            portal,
            log,
        }
    }

    /// Opens the store: PostgreSQL at `[store] url` if set, else SQLite in
    /// the data folder. Error messages never carry the URL.
    pub(crate) async fn open_store(&self) -> anyhow::Result<store::Store> {
        match &self.store.url {
            Some(url) => store::Store::connect(url, &self.data_dir)
                .await
                .context("connecting to the PostgreSQL database of [store] url"),
            None => store::Store::open(&self.data_dir)
                .await
                .with_context(|| format!("opening the store in {}", self.data_dir.display())),
        }
    }

    /// Opens the store for a command that works on existing data: unlike
    /// [`Config::open_store`], it refuses to create an empty SQLite database.
    pub(crate) async fn open_existing_store(&self) -> anyhow::Result<store::Store> {
        if self.store.url.is_none() && !self.data_dir.join(store::DATABASE_FILE).is_file() {
            bail!("no callvault database in {}", self.data_dir.display());
        }
        self.open_store().await
    }

    fn read(file: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
        toml::from_str(&text).with_context(|| format!("parsing {}", file.display()))
    }

    /// The call settings with trunks, DIDs and policies resolved in `store`.
    pub(crate) async fn call_config_in(&self, store: &store::Store) -> anyhow::Result<pbx::CallConfig> {
        let mut config = self.call_config()?;
        let trunking = crate::trunks::trunking(store, &self.trunk, &self.did, &self.policy).await?;
        config.trunking = std::sync::Arc::new(trunking);
        Ok(config)
    }

    /// The call settings: the relay's port pool on its address.
    pub(crate) fn call_config(&self) -> anyhow::Result<pbx::CallConfig> {
        let (default_min, default_max) = net::DEFAULT_RTP_PORTS;
        let (min, max) = (self.rtp.port_min.unwrap_or(default_min), self.rtp.port_max.unwrap_or(default_max));
        let first_udp = self.sip.udp.first().map(std::net::SocketAddr::ip);
        let ip = self.rtp.address.or(first_udp).unwrap_or(std::net::Ipv4Addr::UNSPECIFIED.into());
        let pool = net::RtpPool::new(ip, min, max).context("[rtp] port range")?;
        let mut config = pbx::CallConfig { rtp: Some(pool), ..Default::default() };
        if let Some(secs) = self.rtp.inactivity_secs {
            config.media_timeout = std::time::Duration::from_secs(secs.max(1));
        }
        if let Some(timeout) = ring_timeout(self.runtime.ring_timeout_secs).context("[runtime]")? {
            config.ring_timeout = timeout;
        }
        Ok(config)
    }

    /// The registrar settings, defaults filled in.
    pub(crate) fn registrar_config(&self) -> anyhow::Result<pbx::RegistrarConfig> {
        let mut config = pbx::RegistrarConfig { server_names: self.sip.server_names.clone(), ..Default::default() };
        let toml = &self.registrar;
        config.default_expires = toml.default_expires.unwrap_or(config.default_expires);
        config.min_expires = toml.min_expires.unwrap_or(config.min_expires);
        config.max_expires = toml.max_expires.unwrap_or(config.max_expires);
        config.max_contacts = toml.max_contacts.unwrap_or(config.max_contacts);
        config.max_auth_failures = toml.max_auth_failures.unwrap_or(config.max_auth_failures);
        if let Some(names) = &toml.digest_algorithms {
            config.digest_algorithms = digest_algorithms(names)?;
        }
        Ok(config)
    }
}

/// A `ring_timeout_secs` setting: 1 s to an hour.
pub(crate) fn ring_timeout(secs: Option<u64>) -> anyhow::Result<Option<Duration>> {
    match secs {
        Some(secs @ 1..=3600) => Ok(Some(Duration::from_secs(secs))),
        Some(secs) => bail!("ring_timeout_secs = {secs}: give 1 to 3600 seconds"),
        None => Ok(None),
    }
}

/// Parses algorithm names, refusing unknown ones and an empty list.
fn digest_algorithms(names: &[String]) -> anyhow::Result<Vec<sip::digest::Algorithm>> {
    let parsed = names
        .iter()
        .map(|name| name.parse().map_err(|_| anyhow::anyhow!("unknown digest algorithm {name:?}")))
        .collect::<anyhow::Result<Vec<_>>>()?;
    if parsed.is_empty() {
        bail!("registrar.digest_algorithms must name at least one algorithm");
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log_section(text: &str) -> Result<LogToml, toml::de::Error> {
        toml::from_str::<Config>(&format!("data_dir = \"/tmp/x\"\n{text}")).map(|config| config.log)
    }

    #[test]
    fn personal_data_is_redacted_unless_the_log_section_says_show() {
        assert_eq!(log_section("").unwrap().pii, PiiLogging::Redact);
        assert_eq!(log_section("[log]\npii = \"redact\"").unwrap().pii, PiiLogging::Redact);
        assert_eq!(log_section("[log]\npii = \"show\"").unwrap().pii, PiiLogging::Show);
        let refused = log_section("[log]\npii = \"some\"").unwrap_err().to_string();
        assert!(refused.contains("redact") && refused.contains("show"), "{refused}");
    }
}
