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

#[cfg(test)]
mod tests {
    use super::*;

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
