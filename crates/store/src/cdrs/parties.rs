//! The plaintext of a CDR's sealed `parties` value: caller, callee and DID
//! in one value, so a row pays for one AES-256-GCM seal (33 bytes of
//! header, nonce and tag) rather than three.
//!
//! Layout: caller, callee, then the DID if there is one, each as a 4-byte
//! big-endian length and its UTF-8 bytes; the value ends after the callee
//! when there is no DID.

use model::Cdr;
use zeroize::Zeroizing;

use crate::StoreError;

/// The parties of `cdr`, encoded.
pub(super) fn encode(cdr: &Cdr) -> Result<Zeroizing<Vec<u8>>, StoreError> {
    let did_len = cdr.did.as_ref().map_or(0, |did| did.len() + 4);
    let mut out = Zeroizing::new(Vec::with_capacity(8 + cdr.caller.len() + cdr.callee.len() + did_len));
    for field in [Some(&cdr.caller), Some(&cdr.callee), cdr.did.as_ref()].into_iter().flatten() {
        let len = u32::try_from(field.len()).map_err(|_| StoreError::PlaintextTooLarge)?;
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(field.as_bytes());
    }
    Ok(out)
}

/// Caller, callee and DID back from what [`encode`] made.
pub(super) fn decode(mut bytes: &[u8]) -> Result<(String, String, Option<String>), StoreError> {
    let caller = take_field(&mut bytes)?;
    let callee = take_field(&mut bytes)?;
    let did = if bytes.is_empty() { None } else { Some(take_field(&mut bytes)?) };
    if !bytes.is_empty() {
        return Err(malformed());
    }
    Ok((caller, callee, did))
}

fn take_field(bytes: &mut &[u8]) -> Result<String, StoreError> {
    let (len, rest) = bytes.split_first_chunk::<4>().ok_or_else(malformed)?;
    let len = usize::try_from(u32::from_be_bytes(*len)).map_err(|_| malformed())?;
    if rest.len() < len {
        return Err(malformed());
    }
    let (field, rest) = rest.split_at(len);
    *bytes = rest;
    String::from_utf8(field.to_vec()).map_err(|_| malformed())
}

fn malformed() -> StoreError {
    StoreError::Corrupt("CDR parties encoding")
}

#[cfg(test)]
mod tests {
    use model::{CallDirection, CdrId, Disposition, HangupSide, TenantId};

    use super::*;

    fn cdr(did: Option<&str>) -> Cdr {
        Cdr {
            id: CdrId("x".into()),
            customer: TenantId("c".into()),
            caller: "+12025550143".into(),
            callee: "".into(),
            direction: CallDirection::Inbound,
            trunk: None,
            did: did.map(Into::into),
            start_ms: 0,
            answer_ms: None,
            end_ms: 0,
            disposition: Disposition::Failed,
            hangup: HangupSide::System,
            sip_status: 500,
        }
    }

    #[test]
    fn parties_decode_as_encoded_with_and_without_a_did() {
        for did in [None, Some(""), Some("+15555550100")] {
            let cdr = cdr(did);
            let decoded = decode(&encode(&cdr).unwrap()).unwrap();
            assert_eq!(decoded, (cdr.caller, cdr.callee, cdr.did));
        }
    }

    #[test]
    fn truncated_or_padded_values_are_refused() {
        let encoded = encode(&cdr(Some("+15555550100"))).unwrap();
        assert!(decode(&encoded[..encoded.len() - 1]).is_err());
        assert!(decode(&[encoded.as_slice(), &[0]].concat()).is_err());
        assert!(decode(&encoded[..3]).is_err());
    }
}
