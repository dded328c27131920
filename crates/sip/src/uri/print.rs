//! Printing SIP URIs and hosts (RFC 3261 §19.1.1, RFC 5118 §4: IPv6 in
//! brackets). Components are re-escaped per §19.1.2.

use std::fmt;

use super::escape::{is_header, is_param, is_user, write_escaped};
use super::{Host, Scheme, Uri};

impl fmt::Display for Scheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Scheme::Sip => "sip",
            Scheme::Sips => "sips",
        })
    }
}

impl fmt::Display for Host {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Host::Domain(name) => f.write_str(name),
            Host::V4(addr) => write!(f, "{addr}"),
            Host::V6(addr) => write!(f, "[{addr}]"),
        }
    }
}

impl fmt::Display for Uri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:", self.scheme)?;
        self.write_userinfo(f)?;
        write!(f, "{}", self.host)?;
        if let Some(port) = self.port {
            write!(f, ":{port}")?;
        }
        self.write_params(f)?;
        self.write_headers(f)
    }
}

impl Uri {
    /// `user[:password]@`, when there is a user.
    fn write_userinfo(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(user) = &self.user else {
            return Ok(());
        };
        write_escaped(f, user, is_user)?;
        if let Some(password) = &self.password {
            write!(f, ":{password}")?;
        }
        f.write_str("@")
    }

    /// `;name[=value]` for each parameter.
    fn write_params(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (name, value) in &self.params {
            f.write_str(";")?;
            write_escaped(f, name, is_param)?;
            if let Some(value) = value {
                f.write_str("=")?;
                write_escaped(f, value, is_param)?;
            }
        }
        Ok(())
    }

    /// `?name=value&...`, when there are headers.
    fn write_headers(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (at, (name, value)) in self.headers.iter().enumerate() {
            f.write_str(if at == 0 { "?" } else { "&" })?;
            write_escaped(f, name, is_header)?;
            f.write_str("=")?;
            write_escaped(f, value, is_header)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::Uri;

    fn round_trip(s: &str) -> String {
        let uri: Uri = s.parse().unwrap();
        let printed = uri.to_string();
        assert_eq!(printed.parse::<Uri>().unwrap(), uri, "{printed}");
        printed
    }

    #[test]
    fn prints_canonically() {
        assert_eq!(round_trip("SIP:Bob@Example.com:5060;LR"), "sip:Bob@example.com:5060;lr");
        assert_eq!(round_trip("sips:[2001:DB8::1]"), "sips:[2001:db8::1]");
        assert_eq!(round_trip("sip:a:pw@1.2.3.4?h=v&i=w"), "sip:a:pw@1.2.3.4?h=v&i=w");
    }

    #[test]
    fn re_escapes_what_the_grammar_forbids() {
        assert_eq!(round_trip("sip:I%20have%20spaces@example.net"), "sip:I%20have%20spaces@example.net");
        assert_eq!(round_trip("sip:%61lice@x;n%61me=v%61lue%25%34%31"), "sip:alice@x;name=value%2541");
        assert_eq!(round_trip("sip:null-%00-null@example.com"), "sip:null-%00-null@example.com");
    }
}
