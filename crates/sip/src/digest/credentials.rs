//! The `Authorization` / `Proxy-Authorization` value (RFC 7616 §3.4,
//! RFC 3261 §22.2, §25.1 `digest-response`), and answering a challenge.

use std::fmt;
use std::str::FromStr;

use super::params::{self, Param, Writer};
use super::{Algorithm, Challenge, DigestError, Qop, compute};
use crate::Method;

/// Digest credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The user name, or its hash when `userhash` is set.
    pub username: String,
    /// The realm being answered.
    pub realm: String,
    /// The server nonce being answered.
    pub nonce: String,
    /// The `digest-uri`: the Request-URI as the client sent it.
    pub uri: String,
    /// The response hash, lower-case hex.
    pub response: String,
    /// The hash algorithm; `MD5` when absent.
    pub algorithm: Algorithm,
    /// The client nonce; present with a qop or a `-sess` algorithm.
    pub cnonce: Option<String>,
    /// The challenge's `opaque`, echoed.
    pub opaque: Option<String>,
    /// The chosen qop; `None` is the RFC 2069 form.
    pub qop: Option<Qop>,
    /// The nonce count; present with a qop.
    pub nc: Option<u32>,
    /// `username` is `H(username:realm)` (RFC 7616 §3.4.4).
    pub userhash: bool,
}

/// What the client knows: the password, or an HA1 computed earlier.
#[derive(Debug, Clone, Copy)]
pub enum Secret<'a> {
    /// The clear-text password.
    Password(&'a str),
    /// `H(username:realm:password)` in hex, for the challenge's algorithm.
    Ha1(&'a str),
}

impl Credentials {
    /// Answers `challenge` for a request (RFC 7616 §3.4; RFC 3261 §22.2).
    ///
    /// `cnonce` must be fresh random text from the caller; `nc` counts the
    /// requests sent with this nonce, starting at 1. Chooses `qop=auth` when
    /// offered and the RFC 2069 form when no qop is offered; a challenge
    /// offering only `auth-int` is refused with [`DigestError::UnsupportedQop`].
    pub fn answer(
        challenge: &Challenge,
        method: &Method,
        uri: &str,
        username: &str,
        secret: Secret<'_>,
        cnonce: &str,
        nc: u32,
    ) -> Result<Self, DigestError> {
        let qop = choose_qop(&challenge.qop)?;
        let algorithm = challenge.algorithm;
        let ha1 = match secret {
            Secret::Password(password) => compute::ha1(algorithm, username, &challenge.realm, password),
            Secret::Ha1(ha1) => ha1.to_owned(),
        };
        let mut credentials = Self {
            username: username.to_owned(),
            realm: challenge.realm.clone(),
            nonce: challenge.nonce.clone(),
            uri: uri.to_owned(),
            response: String::new(),
            algorithm,
            cnonce: (qop.is_some() || algorithm.is_session()).then(|| cnonce.to_owned()),
            opaque: challenge.opaque.clone(),
            qop,
            nc: qop.map(|_| nc),
            userhash: challenge.userhash,
        };
        credentials.response = compute::response(&credentials, method.as_str(), &ha1);
        if challenge.userhash {
            credentials.username = compute::userhash(algorithm, username, &challenge.realm);
        }
        Ok(credentials)
    }
}

fn choose_qop(offered: &[Qop]) -> Result<Option<Qop>, DigestError> {
    match offered {
        [] => Ok(None),
        _ if offered.contains(&Qop::Auth) => Ok(Some(Qop::Auth)),
        _ => Err(DigestError::UnsupportedQop),
    }
}

impl FromStr for Credentials {
    type Err = DigestError;

    /// Parses credentials, requiring `cnonce` and `nc` with a qop and
    /// `cnonce` with a `-sess` algorithm (RFC 7616 §3.4).
    fn from_str(header: &str) -> Result<Self, Self::Err> {
        let list = params::parse(params::strip_scheme(header)?)?;
        let qop = params::get(&list, "qop")?.map(str::parse).transpose()?;
        let algorithm = super::challenge::algorithm(&list)?;
        let needs_cnonce = qop.is_some() || algorithm.is_session();
        Ok(Self {
            username: params::require(&list, "username")?.to_owned(),
            realm: params::require(&list, "realm")?.to_owned(),
            nonce: params::require(&list, "nonce")?.to_owned(),
            uri: params::require(&list, "uri")?.to_owned(),
            response: params::require(&list, "response")?.to_owned(),
            algorithm,
            cnonce: optional(&list, "cnonce", needs_cnonce)?.map(str::to_owned),
            opaque: params::get(&list, "opaque")?.map(str::to_owned),
            qop,
            nc: optional(&list, "nc", qop.is_some())?.map(nonce_count).transpose()?,
            userhash: params::flag(&list, "userhash")?,
        })
    }
}

fn optional<'a>(list: &'a [Param], name: &'static str, required: bool) -> Result<Option<&'a str>, DigestError> {
    match params::get(list, name)? {
        None if required => Err(DigestError::MissingParam(name)),
        value => Ok(value),
    }
}

/// `nc-value = 8LHEX` (RFC 7616 §3.4).
fn nonce_count(text: &str) -> Result<u32, DigestError> {
    let valid = text.len() == 8 && text.bytes().all(|b| b.is_ascii_hexdigit());
    let parsed = valid.then(|| u32::from_str_radix(text, 16).ok()).flatten();
    parsed.ok_or(DigestError::BadParam("nc"))
}

impl fmt::Display for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut w = Writer::digest(f)?;
        w.quoted("username", &self.username)?;
        w.quoted("realm", &self.realm)?;
        w.quoted("nonce", &self.nonce)?;
        w.quoted("uri", &self.uri)?;
        w.quoted("response", &self.response)?;
        w.token("algorithm", self.algorithm)?;
        if let Some(cnonce) = &self.cnonce {
            w.quoted("cnonce", cnonce)?;
        }
        if let Some(opaque) = &self.opaque {
            w.quoted("opaque", opaque)?;
        }
        if let Some(qop) = self.qop {
            w.token("qop", qop)?;
        }
        if let Some(nc) = self.nc {
            w.token("nc", format_args!("{nc:08x}"))?;
        }
        if self.userhash {
            w.token("userhash", "true")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC_7616: &str = "Digest username=\"Mufasa\",\r\n realm=\"http-auth@example.org\",\r\n \
        uri=\"/dir/index.html\",\r\n algorithm=MD5,\r\n nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\",\r\n \
        nc=00000001,\r\n cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\",\r\n qop=auth,\r\n \
        response=\"8ca523f5e9506fed4657c9700eebdbec\",\r\n opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";

    #[test]
    fn parses_the_rfc_7616_md5_credentials() {
        let c: Credentials = RFC_7616.parse().unwrap();
        assert_eq!(c.username, "Mufasa");
        assert_eq!(c.nc, Some(1));
        assert_eq!(c.qop, Some(Qop::Auth));
        assert_eq!(c.response, "8ca523f5e9506fed4657c9700eebdbec");
        assert_eq!(c.to_string().parse::<Credentials>(), Ok(c));
    }

    #[test]
    fn nc_must_be_eight_hex_digits() {
        for nc in ["1", "0000000g", "000000001", "+0000001"] {
            let text = RFC_7616.replace("nc=00000001", &format!("nc={nc}"));
            assert_eq!(text.parse::<Credentials>(), Err(DigestError::BadParam("nc")), "{nc}");
        }
    }

    #[test]
    fn qop_requires_cnonce_and_nc() {
        let text = RFC_7616.replace("nc=00000001,", "");
        assert_eq!(text.parse::<Credentials>(), Err(DigestError::MissingParam("nc")));
        let text = RFC_7616.replace("cnonce=", "xcnonce=");
        assert_eq!(text.parse::<Credentials>(), Err(DigestError::MissingParam("cnonce")));
    }

    #[test]
    fn auth_int_and_unknown_qop_are_refused() {
        let text = RFC_7616.replace("qop=auth", "qop=auth-conf");
        assert_eq!(text.parse::<Credentials>(), Err(DigestError::UnsupportedQop));
        let offered = [Qop::AuthInt];
        assert_eq!(choose_qop(&offered), Err(DigestError::UnsupportedQop));
    }
}
