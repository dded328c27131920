//! The issuer identifier (OpenID Connect Core 1.0 §2, Discovery 1.0 §4):
//! an `https` URL with no query or fragment, whose metadata lives at
//! `{issuer}/.well-known/openid-configuration`, and the endpoint paths
//! below it that the routes serve.

use crate::AccessError;

/// Where the provider metadata is served, below the issuer.
pub const DISCOVERY_PATH: &str = "/.well-known/openid-configuration";
/// The authorization endpoint, below the issuer.
pub const AUTHORIZE_PATH: &str = "/oauth2/authorize";
/// The token endpoint, below the issuer.
pub const TOKEN_PATH: &str = "/oauth2/token";
/// The JWK Set, below the issuer.
pub const JWKS_PATH: &str = "/oauth2/jwks";
/// The userinfo endpoint, below the issuer.
pub const USERINFO_PATH: &str = "/oauth2/userinfo";

/// A checked issuer identifier, without a trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issuer(String);

impl Issuer {
    /// Checks `text`: an absolute `https` URL with a host, no user
    /// information, query or fragment.
    pub fn parse(text: &str) -> Result<Self, AccessError> {
        let url = url::Url::parse(text).map_err(|_| AccessError::InvalidIssuer)?;
        let fits = url.scheme() == "https"
            && url.host_str().is_some_and(|host| !host.is_empty())
            && url.username().is_empty()
            && url.password().is_none()
            && url.query().is_none()
            && url.fragment().is_none();
        if !fits {
            return Err(AccessError::InvalidIssuer);
        }
        Ok(Self(url.as_str().trim_end_matches('/').to_owned()))
    }

    /// The identifier, as `iss` carries it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The absolute URL of `path` below the issuer.
    pub fn endpoint(&self, path: &str) -> String {
        format!("{}{path}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_only_without_query_or_fragment() {
        assert_eq!(Issuer::parse("https://id.example.net/").unwrap().as_str(), "https://id.example.net");
        assert_eq!(
            Issuer::parse("https://example.net/sso").unwrap().endpoint(TOKEN_PATH),
            "https://example.net/sso/oauth2/token"
        );
        for bad in [
            "http://id.example.net",
            "https://id.example.net/?a=b",
            "https://id.example.net/#x",
            "https://u:p@id.example.net",
            "id.example.net",
            "",
        ] {
            assert_eq!(Issuer::parse(bad), Err(AccessError::InvalidIssuer), "{bad}");
        }
    }
}
