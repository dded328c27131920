//! TOTP enrolment: a random 160-bit secret (RFC 4226 §4 R6 recommends 160
//! bits), the Key Uri Format `otpauth://totp/Issuer:account?secret=…` URI that
//! authenticator apps read, and that URI as an SVG QR code (ISO/IEC 18004 via
//! qrcodegen). The enrolment takes effect only once the caller has verified a
//! first code with it (issue 5, item 2).

use std::fmt;
use std::fmt::Write as _;

use qrcodegen::{QrCode, QrCodeEcc};
use zeroize::Zeroizing;

use super::base32::{RFC4648, encode};
use super::code::{DEFAULT_DIGITS, DEFAULT_PERIOD_SECONDS};
use super::hotp::Algorithm;
use crate::AccessError;

/// Bytes in a new secret: 160 bits.
pub const SECRET_BYTES: usize = 20;
/// Quiet-zone width around the QR code, in modules (ISO/IEC 18004 asks for 4).
const QR_BORDER: i32 = 4;

/// A TOTP shared secret; wiped from memory when dropped, never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<Vec<u8>>);

impl Secret {
    /// A fresh random 160-bit secret from the operating system.
    pub fn generate() -> Result<Self, AccessError> {
        let mut bytes = Zeroizing::new(vec![0u8; SECRET_BYTES]);
        getrandom::fill(&mut bytes).map_err(|_| AccessError::Randomness)?;
        Ok(Self(bytes))
    }

    /// A secret from stored bytes.
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        Self(Zeroizing::new(bytes))
    }

    /// The raw key.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The secret from its RFC 4648 base 32 form (what authenticator apps
    /// are given); `None` if it is not base 32.
    pub fn from_base32(text: &str) -> Option<Self> {
        super::base32::decode(text, RFC4648).filter(|bytes| !bytes.is_empty()).map(Self::from_bytes)
    }

    /// The key in RFC 4648 base 32 without padding, as the URI carries it.
    pub fn to_base32(&self) -> Zeroizing<String> {
        Zeroizing::new(encode(&self.0, RFC4648))
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(..)")
    }
}

/// What a person needs to add callvault to an authenticator app.
#[derive(Debug)]
pub struct Enrolment {
    /// The new secret, to store sealed until the first code confirms it.
    pub secret: Secret,
    /// The `otpauth://` URI (it contains the secret: show it, never log it).
    pub uri: Zeroizing<String>,
    /// The URI as a QR code, a standalone SVG document.
    pub qr_svg: Zeroizing<String>,
}

impl Enrolment {
    /// Starts an enrolment for `account` (e.g. the e-mail address) at `issuer`.
    pub fn start(issuer: &str, account: &str) -> Result<Self, AccessError> {
        let secret = Secret::generate()?;
        let uri = otpauth_uri(&secret, issuer, account)?;
        let qr_svg = Zeroizing::new(qr_svg(&uri)?);
        Ok(Self { secret, uri, qr_svg })
    }
}

/// The Key Uri Format URI with the default parameters:
/// `otpauth://totp/Issuer:account?secret=BASE32&issuer=Issuer&algorithm=SHA1&digits=6&period=30`.
/// Issuer and account must be non-empty and free of `:`; both are percent-encoded.
pub fn otpauth_uri(secret: &Secret, issuer: &str, account: &str) -> Result<Zeroizing<String>, AccessError> {
    if [issuer, account].iter().any(|part| part.trim().is_empty() || part.contains(':')) {
        return Err(AccessError::InvalidTotpLabel);
    }
    let (issuer, account) = (percent_encode(issuer), percent_encode(account));
    Ok(Zeroizing::new(format!(
        "otpauth://totp/{issuer}:{account}?secret={}&issuer={issuer}&algorithm={}&digits={DEFAULT_DIGITS}&period={DEFAULT_PERIOD_SECONDS}",
        secret.to_base32().as_str(),
        Algorithm::Sha1.uri_name(),
    )))
}

/// RFC 3986 §2.1 percent-encoding of everything but the unreserved characters.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// `text` as a QR code (error correction level M) in a standalone SVG document,
/// one `1×1` square per dark module, with a 4-module quiet zone.
pub fn qr_svg(text: &str) -> Result<String, AccessError> {
    let qr = QrCode::encode_text(text, QrCodeEcc::Medium).map_err(|_| AccessError::QrCodeTooLong)?;
    let size = qr.size() + 2 * QR_BORDER;
    let mut path = String::new();
    for y in 0..qr.size() {
        for x in (0..qr.size()).filter(|&x| qr.get_module(x, y)) {
            let _ = write!(path, "M{},{}h1v1h-1z", x + QR_BORDER, y + QR_BORDER);
        }
    }
    Ok(format!(
        concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 {size} {size}\" ",
            "shape-rendering=\"crispEdges\">\n",
            "<rect width=\"100%\" height=\"100%\" fill=\"#FFFFFF\"/>\n",
            "<path d=\"{path}\" fill=\"#000000\"/>\n</svg>\n"
        ),
        size = size,
        path = path
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_with_colons_are_refused() {
        let secret = Secret::from_bytes(vec![0; SECRET_BYTES]);
        assert_eq!(otpauth_uri(&secret, "Call:Vault", "a").unwrap_err(), AccessError::InvalidTotpLabel);
        assert_eq!(otpauth_uri(&secret, "callvault", " ").unwrap_err(), AccessError::InvalidTotpLabel);
    }

    #[test]
    fn percent_encoding_keeps_unreserved() {
        assert_eq!(percent_encode("Ann Lee@example.com"), "Ann%20Lee%40example.com");
        assert_eq!(percent_encode("a-b_c.d~e"), "a-b_c.d~e");
    }

    #[test]
    fn secrets_never_print() {
        assert_eq!(format!("{:?}", Secret::from_bytes(b"12345678901234567890".to_vec())), "Secret(..)");
    }
}
