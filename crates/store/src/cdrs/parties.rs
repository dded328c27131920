//! The plaintext of a CDR's sealed `parties` value: caller, callee and DID
//! in one value, so a row pays for one AES-256-GCM seal (33 bytes of
//! header, nonce and tag) rather than three.
//!
//! Layout: caller, callee, then the DID if there is one, each as a 4-byte
//! big-endian length and its UTF-8 bytes; the value ends after the callee
//! when there is no DID.

use crate::StoreError;
use model::Cdr;

/// The parties of `cdr`, encoded into `out` (cleared first), so a batch
/// can reuse one buffer.
pub(super) fn encode_into(cdr: &Cdr, out: &mut Vec<u8>) -> Result<(), StoreError> {
    out.clear();
    for field in [Some(&cdr.caller), Some(&cdr.callee), cdr.did.as_ref()].into_iter().flatten() {
        let len = u32::try_from(field.len()).map_err(|_| StoreError::PlaintextTooLarge)?;
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(field.as_bytes());
    }
    Ok(())
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
            let mut encoded = vec![1, 2, 3];
            encode_into(&cdr, &mut encoded).unwrap();
            let decoded = decode(&encoded).unwrap();
            assert_eq!(decoded, (cdr.caller, cdr.callee, cdr.did));
        }
    }

    #[test]
    fn truncated_or_padded_values_are_refused() {
        let mut encoded = Vec::new();
        encode_into(&cdr(Some("+15555550100")), &mut encoded).unwrap();
        assert!(decode(&encoded[..encoded.len() - 1]).is_err());
        assert!(decode(&[encoded.as_slice(), &[0]].concat()).is_err());
        assert!(decode(&encoded[..3]).is_err());
    }
}
