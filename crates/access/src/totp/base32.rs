//! Base 32 encoding without padding: RFC 4648 §6 for otpauth secrets, and the
//! Crockford alphabet for recovery codes.

/// The RFC 4648 §6 alphabet.
pub(crate) const RFC4648: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
/// Crockford's alphabet: no I, L, O or U, so codes read aloud or typed survive.
pub(crate) const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Encodes `bytes` five bits at a time, most significant first, without padding.
pub(crate) fn encode(bytes: &[u8], alphabet: &[u8; 32]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &byte in bytes {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(alphabet[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(alphabet[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// Decodes unpadded (or `=`-padded) base 32 in `alphabet`, ignoring case,
/// spaces and hyphens; `None` on any other character.
pub(crate) fn decode(text: &str, alphabet: &[u8; 32]) -> Option<Vec<u8>> {
    let (mut out, mut buffer, mut bits) = (Vec::with_capacity(text.len() * 5 / 8), 0u32, 0u32);
    for c in text.trim_end_matches('=').bytes().filter(|c| !matches!(c, b' ' | b'-')) {
        let digit = alphabet.iter().position(|&a| a == c.to_ascii_uppercase())?;
        buffer = (buffer << 5) | u32::try_from(digit).ok()?;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((buffer >> bits) & 0xff).ok()?);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_inverts_encode() {
        for input in ["", "f", "fo", "foo", "foob", "fooba", "foobar", "12345678901234567890"] {
            assert_eq!(decode(&encode(input.as_bytes(), RFC4648), RFC4648).unwrap(), input.as_bytes());
        }
        assert_eq!(decode("mzxw 6ytb-oi", RFC4648).unwrap(), b"foobar");
        assert!(decode("MZ1", RFC4648).is_none());
    }

    /// RFC 4648 §10 test vectors (padding removed).
    #[test]
    fn rfc4648_vectors() {
        let vectors =
            [("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB")];
        for (input, expected) in vectors {
            assert_eq!(encode(input.as_bytes(), RFC4648), expected);
        }
        assert_eq!(encode(b"foobar", RFC4648), "MZXW6YTBOI");
    }
}
