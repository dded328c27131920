//! Relying parties (RFC 6749 §2): each has an id, a name, its redirect URIs
//! (matched exactly, RFC 6749 §3.1.2.2 and OAuth 2.0 Security BCP, RFC 9700
//! §2.1), and a kind. A confidential client holds a secret, stored hashed
//! ([`super::secret`]); a public one (a browser or native app) holds none and
//! relies on PKCE alone (RFC 7636 §1). Every client must use PKCE.
//!
//! Redirect URIs accepted at registration: absolute, without a fragment
//! (RFC 6749 §3.1.2); `https`, or `http` on a loopback address for native
//! apps (RFC 8252 §7.3), or a private-use scheme with a dot in it for a
//! public native app (RFC 8252 §7.1).

use std::fmt;

use super::secret::{Secret, SecretHash, SecretKind};
use crate::AccessError;

/// Longest client name.
const MAX_NAME_CHARS: usize = 100;
/// Most redirect URIs per client.
const MAX_REDIRECT_URIS: usize = 20;
/// Longest redirect URI.
const MAX_REDIRECT_URI_LEN: usize = 1024;

/// A client identifier (RFC 6749 §2.2): 128 random bits in lower-case hex.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClientId(pub String);

impl ClientId {
    /// A fresh random id.
    pub fn generate() -> Result<Self, AccessError> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).map_err(|_| AccessError::Randomness)?;
        Ok(Self(bytes.iter().map(|b| format!("{b:02x}")).collect()))
    }
}

impl fmt::Display for ClientId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether a client can keep a secret (RFC 6749 §2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientKind {
    /// A server-side application: authenticates with its secret.
    Confidential,
    /// A browser or native application: no secret, PKCE only.
    Public,
}

impl ClientKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            ClientKind::Confidential => "confidential",
            ClientKind::Public => "public",
        }
    }

    /// The kind a stored name names.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "confidential" => Some(ClientKind::Confidential),
            "public" => Some(ClientKind::Public),
            _ => None,
        }
    }
}

/// A registered client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    /// Its id.
    pub id: ClientId,
    /// Its name, shown to operators.
    pub name: String,
    /// Confidential or public.
    pub kind: ClientKind,
    /// The redirect URIs it registered, matched exactly.
    pub redirect_uris: Vec<String>,
    /// A confidential client's secret hash.
    pub secret_hash: Option<SecretHash>,
}

impl Client {
    /// Whether `uri` is one of the registered redirect URIs, character for character.
    pub fn allows_redirect(&self, uri: &str) -> bool {
        self.redirect_uris.iter().any(|registered| registered == uri)
    }

    /// Whether `secret` is this client's secret, compared in constant time.
    /// Always false for a public client.
    pub fn secret_matches(&self, secret: &str) -> bool {
        self.secret_hash.is_some_and(|hash| hash.matches(SecretKind::ClientSecret, secret))
    }
}

/// A client just registered, with its secret to show once.
#[derive(Debug)]
pub struct Registration {
    /// The client to store.
    pub client: Client,
    /// A confidential client's secret; show it once, store only `client.secret_hash`.
    pub secret: Option<Secret>,
}

/// Registers a client: checks the name and redirect URIs, draws its id and,
/// if confidential, its secret.
pub fn register(name: &str, redirect_uris: &[String], kind: ClientKind) -> Result<Registration, AccessError> {
    check_name(name)?;
    check_redirect_uris(redirect_uris, kind)?;
    let secret = match kind {
        ClientKind::Confidential => Some(Secret::generate(SecretKind::ClientSecret)?),
        ClientKind::Public => None,
    };
    let client = Client {
        id: ClientId::generate()?,
        name: name.trim().to_owned(),
        kind,
        redirect_uris: redirect_uris.to_vec(),
        secret_hash: secret.as_ref().map(Secret::hash),
    };
    Ok(Registration { client, secret })
}

fn check_name(name: &str) -> Result<(), AccessError> {
    let name = name.trim();
    let fits = !name.is_empty() && name.chars().count() <= MAX_NAME_CHARS && !name.chars().any(char::is_control);
    fits.then_some(()).ok_or(AccessError::InvalidClient("name must be 1 to 100 characters, no control characters"))
}

fn check_redirect_uris(uris: &[String], kind: ClientKind) -> Result<(), AccessError> {
    if uris.is_empty() || uris.len() > MAX_REDIRECT_URIS {
        return Err(AccessError::InvalidClient("a client needs 1 to 20 redirect URIs"));
    }
    uris.iter().try_for_each(|uri| check_redirect_uri(uri, kind))
}

/// Checks one redirect URI against the rules in the module documentation.
pub fn check_redirect_uri(uri: &str, kind: ClientKind) -> Result<(), AccessError> {
    const REFUSED: AccessError = AccessError::InvalidClient(
        "redirect URI must be an absolute https URL (http only on a loopback address; a private-use scheme only for a public client) without a fragment",
    );
    let url = url::Url::parse(uri).map_err(|_| REFUSED)?;
    let plain = url.fragment().is_none() && url.username().is_empty() && url.password().is_none();
    if uri.len() > MAX_REDIRECT_URI_LEN || !plain || url.as_str() != uri && url.as_str() != format!("{uri}/") {
        return Err(REFUSED);
    }
    let allowed = match url.scheme() {
        "https" => url.host().is_some(),
        "http" => is_loopback(&url),
        "javascript" | "data" | "file" | "vbscript" | "blob" | "about" => false,
        private => kind == ClientKind::Public && private.contains('.'),
    };
    allowed.then_some(()).ok_or(REFUSED)
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name == "localhost",
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uris(list: &[&str]) -> Vec<String> {
        list.iter().map(|u| (*u).to_owned()).collect()
    }

    #[test]
    fn confidential_clients_get_a_secret_public_ones_none() {
        let reg = register("Billing", &uris(&["https://billing.example.net/cb"]), ClientKind::Confidential).unwrap();
        let secret = reg.secret.unwrap();
        assert!(reg.client.secret_matches(secret.expose()));
        assert!(!reg.client.secret_matches("wrong"));
        let public = register("App", &uris(&["com.example.app:/cb"]), ClientKind::Public).unwrap();
        assert!(public.secret.is_none());
        assert!(!public.client.secret_matches(""));
        assert_eq!(public.client.id.0.len(), 32);
    }

    #[test]
    fn redirect_uris_are_checked() {
        let ok = ["https://a.example/cb?x=1", "http://127.0.0.1:8123/cb", "http://[::1]/cb", "http://localhost/cb"];
        for uri in ok {
            assert_eq!(check_redirect_uri(uri, ClientKind::Confidential), Ok(()), "{uri}");
        }
        assert_eq!(check_redirect_uri("com.example.app:/cb", ClientKind::Public), Ok(()));
        let bad = [
            "http://a.example/cb",
            "https://a.example/cb#frag",
            "/relative",
            "javascript:alert(1)",
            "com.example.app:/cb",
            "https://user:pw@a.example/cb",
            "HTTPS://A.EXAMPLE/cb",
        ];
        for uri in bad {
            assert!(check_redirect_uri(uri, ClientKind::Confidential).is_err(), "{uri}");
        }
        assert!(check_redirect_uri("data.x:/cb", ClientKind::Public).is_ok());
        assert!(check_redirect_uri("data:/cb", ClientKind::Public).is_err());
    }

    #[test]
    fn names_and_uri_counts_are_checked() {
        let one = uris(&["https://a.example/cb"]);
        assert!(register(" ", &one, ClientKind::Public).is_err());
        assert!(register("a\nb", &one, ClientKind::Public).is_err());
        assert!(register(&"n".repeat(101), &one, ClientKind::Public).is_err());
        assert!(register("ok", &[], ClientKind::Public).is_err());
        assert!(register("ok", &vec!["https://a.example/cb".to_owned(); 21], ClientKind::Public).is_err());
    }
}
