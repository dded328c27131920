//! The `WWW-Authenticate` / `Proxy-Authenticate` value (RFC 7616 §3.3,
//! RFC 3261 §22.1, §25.1 `digest-cln`).

use std::fmt;
use std::str::FromStr;

use super::params::{self, Param, Writer};
use super::{Algorithm, DigestError, Qop};

/// A digest challenge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    /// The protection space, e.g. the SIP domain.
    pub realm: String,
    /// The server nonce.
    pub nonce: String,
    /// Opaque data the client must echo.
    pub opaque: Option<String>,
    /// The previous request was refused only because its nonce was stale.
    pub stale: bool,
    /// The hash algorithm; `MD5` when absent.
    pub algorithm: Algorithm,
    /// Offered qop values; empty means the RFC 2069 form. Unknown values are
    /// dropped (RFC 7616 §3.3: "unrecognized options MUST be ignored").
    pub qop: Vec<Qop>,
    /// The server supports hashed usernames (RFC 7616 §3.4.4).
    pub userhash: bool,
}

impl FromStr for Challenge {
    type Err = DigestError;

    fn from_str(header: &str) -> Result<Self, Self::Err> {
        let list = params::parse(params::strip_scheme(header)?)?;
        Ok(Self {
            realm: params::require(&list, "realm")?.to_owned(),
            nonce: params::require(&list, "nonce")?.to_owned(),
            opaque: params::get(&list, "opaque")?.map(str::to_owned),
            stale: params::flag(&list, "stale")?,
            algorithm: algorithm(&list)?,
            qop: qop_options(&list)?,
            userhash: params::flag(&list, "userhash")?,
        })
    }
}

/// The `algorithm` parameter, `MD5` when absent.
pub(crate) fn algorithm(list: &[Param]) -> Result<Algorithm, DigestError> {
    params::get(list, "algorithm")?.map_or(Ok(Algorithm::Md5), str::parse)
}

fn qop_options(list: &[Param]) -> Result<Vec<Qop>, DigestError> {
    let Some(options) = params::get(list, "qop")? else {
        return Ok(Vec::new());
    };
    Ok(options.split(',').filter_map(|q| q.trim().parse().ok()).collect())
}

impl fmt::Display for Challenge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut w = Writer::digest(f)?;
        w.quoted("realm", &self.realm)?;
        w.quoted("nonce", &self.nonce)?;
        if let Some(opaque) = &self.opaque {
            w.quoted("opaque", opaque)?;
        }
        w.token("algorithm", self.algorithm)?;
        if !self.qop.is_empty() {
            let qop: Vec<&str> = self.qop.iter().map(|q| q.as_str()).collect();
            w.quoted("qop", &qop.join(","))?;
        }
        if self.stale {
            w.token("stale", "true")?;
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

    #[test]
    fn parses_the_rfc_7616_challenge() {
        let c: Challenge = "Digest\r\n realm=\"http-auth@example.org\",\r\n qop=\"auth, auth-int\",\r\n \
             algorithm=SHA-256,\r\n nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\",\r\n \
             opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\""
            .parse()
            .unwrap();
        assert_eq!(c.realm, "http-auth@example.org");
        assert_eq!(c.algorithm, Algorithm::Sha256);
        assert_eq!(c.qop, [Qop::Auth, Qop::AuthInt]);
        assert_eq!(c.opaque.as_deref(), Some("FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"));
        assert!(!c.stale && !c.userhash);
    }

    #[test]
    fn defaults_to_md5_and_ignores_unknown_qop_and_params() {
        let c: Challenge =
            "digest NONCE=abc, realm=x, qop=\"auth,bogus\", domain=\"sip:x\", stale=TRUE".parse().unwrap();
        assert_eq!(c.algorithm, Algorithm::Md5);
        assert_eq!(c.qop, [Qop::Auth]);
        assert!(c.stale);
    }

    #[test]
    fn prints_and_reparses_to_the_same_value() {
        let c = Challenge {
            realm: "sip.example.com".into(),
            nonce: "n\"1".into(),
            opaque: Some("o".into()),
            stale: true,
            algorithm: Algorithm::Sha512_256Sess,
            qop: vec![Qop::Auth],
            userhash: true,
        };
        let text = c.to_string();
        assert_eq!(
            text,
            "Digest realm=\"sip.example.com\", nonce=\"n\\\"1\", opaque=\"o\", \
             algorithm=SHA-512-256-sess, qop=\"auth\", stale=true, userhash=true"
        );
        assert_eq!(text.parse::<Challenge>(), Ok(c));
    }

    #[test]
    fn refuses_what_matters() {
        let cases = [
            ("Basic realm=x", DigestError::NotDigest),
            ("Digest nonce=n", DigestError::MissingParam("realm")),
            ("Digest realm=a, realm=b, nonce=n", DigestError::DuplicateParam("realm")),
            ("Digest realm=a, nonce=n, algorithm=SHA-1", DigestError::UnsupportedAlgorithm),
            ("Digest realm=a, nonce=n, stale=maybe", DigestError::BadParam("stale")),
        ];
        for (text, err) in cases {
            assert_eq!(text.parse::<Challenge>(), Err(err), "{text}");
        }
    }
}
