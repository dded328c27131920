//! `[portal]`: the web portal's listeners and certificate (issue 6 item 1).
//!
//! ```toml
//! [portal]
//! https = ["0.0.0.0:443"]          # the default
//! http = ["0.0.0.0:80"]            # only redirects to HTTPS; [] for none
//! cert = "/etc/callvault/portal.pem"   # both or neither; none: self-signed
//! key = "/etc/callvault/portal.key"    # in data_dir/tls; SIGHUP reloads them
//! issuer = "https://portal.example.net" # turns on the OpenID Connect provider
//! ```
//!
//! `issuer` is the URL other applications know the portal by (OpenID
//! Connect Core 1.0 §2 `iss`): `https`, host and optional port, no path —
//! the provider's endpoints live at the portal's root. Without it the
//! `/.well-known/openid-configuration` and `/oauth2/*` routes answer 404.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::Deserialize;

/// `[portal]`
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PortalToml {
    pub(crate) https: Option<Vec<SocketAddr>>,
    pub(crate) http: Option<Vec<SocketAddr>>,
    pub(crate) cert: Option<PathBuf>,
    pub(crate) key: Option<PathBuf>,
    pub(crate) issuer: Option<String>,
}

impl PortalToml {
    /// The portal's settings, defaults filled in.
    pub(crate) fn portal_config(&self, data_dir: &Path) -> anyhow::Result<portal::PortalConfig> {
        let any = |port| vec![SocketAddr::from(([0, 0, 0, 0], port))];
        let cert_files = match (&self.cert, &self.key) {
            (Some(cert), Some(key)) => Some((cert.clone(), key.clone())),
            (None, None) => None,
            _ => bail!("[portal] needs both cert and key, or neither (a self-signed certificate)"),
        };
        Ok(portal::PortalConfig {
            https: self.https.clone().unwrap_or_else(|| any(443)),
            http: self.http.clone().unwrap_or_else(|| any(80)),
            cert_files,
            data_dir: data_dir.to_owned(),
            limits: portal::Limits::default(),
        })
    }

    /// The OpenID Connect issuer, if configured.
    pub(crate) fn issuer(&self) -> anyhow::Result<Option<access::oidc::Issuer>> {
        let Some(text) = &self.issuer else { return Ok(None) };
        let issuer = access::oidc::Issuer::parse(text)
            .with_context(|| format!("[portal] issuer {text:?} must be an https URL without query or fragment"))?;
        let after_scheme = issuer.as_str().trim_start_matches("https://");
        if after_scheme.contains('/') {
            bail!("[portal] issuer {text:?} must have no path: the provider is served at the portal's root");
        }
        Ok(Some(issuer))
    }
}

/// Starts the portal for `config` over `store`.
pub(crate) async fn start(config: &crate::config::Config, store: &store::Store) -> anyhow::Result<portal::Portal> {
    let settings = config.portal.portal_config(&config.data_dir)?;
    let app = portal::AppSettings {
        issuer: config.portal.issuer()?,
        calendar: config.compliance.calendar()?,
        ..portal::AppSettings::new(store.clone())
    };
    let running = portal::Portal::start(&settings, portal::app(app)).await.context("starting the portal")?;
    tracing::info!(https = ?running.https_addrs(), http = ?running.http_addrs(), "portal is serving");
    Ok(running)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issuer_is_an_https_origin_without_a_path() {
        let with = |issuer: &str| PortalToml { issuer: Some(issuer.into()), ..PortalToml::default() }.issuer();
        assert_eq!(with("https://portal.example.net/").unwrap().unwrap().as_str(), "https://portal.example.net");
        assert_eq!(with("https://[::1]:8443").unwrap().unwrap().as_str(), "https://[::1]:8443");
        for bad in ["http://portal.example.net", "https://portal.example.net/sso", "https://p.example/?x=1", "portal"] {
            assert!(with(bad).is_err(), "{bad}");
        }
        assert!(PortalToml::default().issuer().unwrap().is_none());
    }
}
