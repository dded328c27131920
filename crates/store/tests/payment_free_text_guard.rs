//! `store::check_free_text`, the guard for every free-text input, refuses
//! card numbers, IBANs and US routing + account numbers under the field's
//! name, and lets a phone number through.

use model::RefusedNumber;
use store::StoreError;

#[test]
fn free_text_with_card_or_bank_numbers_is_refused() {
    assert!(store::check_free_text("display name", "Front desk +1 212 555 0100").is_ok());
    for (text, kind) in [
        ("Bob 4111 1111 1111 1111", RefusedNumber::CardNumber),
        ("GB82 WEST 1234 5698 7654 32", RefusedNumber::Iban),
        ("021000021 123456789", RefusedNumber::UsBankAccount),
    ] {
        let Err(StoreError::PaymentDataRefused(refused)) = store::check_free_text("display name", text) else {
            panic!("{text} was not refused");
        };
        assert_eq!((refused.field, refused.kind), ("display name", kind));
    }
}
