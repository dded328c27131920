//! Tests of the payment-number guard, processor references and labels.

use proptest::prelude::*;

use super::bank::is_routing_number;
use super::guard::luhn_valid;
use super::*;

/// Published test card numbers (Visa, Mastercard incl. 2-series, Amex,
/// Discover, Diners, JCB, UnionPay), as the networks' sandboxes print them.
const TEST_CARDS: &[&str] = &[
    "4111 1111 1111 1111",
    "4012888888881881",
    "4222222222222",
    "5555-5555-5555-4444",
    "5105 1051 0510 5100",
    "2223 0031 2200 3222",
    "3782 822463 10005",
    "371449635398431",
    "6011 1111 1111 1117",
    "6011 0009 9013 9424",
    "3056 9309 0259 04",
    "3530 1113 3330 0000",
    "6200 0000 0000 0005",
];

/// Phone numbers in the shapes people write them.
const PHONES: &[&str] = &[
    "+1 212 555 0100",
    "+1-212-555-0100",
    "1 (212) 555-0100",
    "12125550100",
    "212.555.0100",
    "+44 20 7946 0958",
    "+442079460958",
    "44 20 7946 0958",
    "020 7946 0958",
    "+49 30 901820",
    "+49 1512 3456789",
    "0049 1512 3456789",
    "030 901820",
    "+81 3-1234-5678",
    "+81 90-1234-5678",
    "819012345678",
    "03-1234-5678",
    "011 44 20 7946 0958",
];

fn refused_kind(value: &str) -> Option<RefusedNumber> {
    refuse_payment_numbers("note", value).err().map(|refused| refused.kind)
}

#[test]
fn test_cards_are_refused_alone_and_in_text() {
    for card in TEST_CARDS {
        assert_eq!(refused_kind(card), Some(RefusedNumber::CardNumber), "{card}");
        let in_text = format!("please charge {card} exp 12/27 cvv 123");
        assert_eq!(refused_kind(&in_text), Some(RefusedNumber::CardNumber), "{in_text}");
    }
}

#[test]
fn a_card_followed_by_its_security_code_is_refused() {
    assert_eq!(refused_kind("4111 1111 1111 1111 123"), Some(RefusedNumber::CardNumber));
    assert_eq!(refused_kind("call 555-0100 4111-1111-1111-1111"), Some(RefusedNumber::CardNumber));
}

#[test]
fn luhn_invalid_near_misses_pass() {
    for near_miss in ["4111 1111 1111 1112", "5555 5555 5555 4445", "3782 822463 10006", "6011111111111118"] {
        assert_eq!(refused_kind(near_miss), None, "{near_miss}");
    }
}

#[test]
fn cards_split_by_other_characters_or_double_spaces_are_not_seen_as_one_number() {
    assert_eq!(refused_kind("4111/1111/1111/1111"), None);
    assert_eq!(refused_kind("4111  1111  1111  1111"), None);
}

#[test]
fn full_width_card_digits_are_refused() {
    assert_eq!(refused_kind("４１１１ １１１１ １１１１ １１１１"), Some(RefusedNumber::CardNumber));
}

#[test]
fn phone_numbers_pass() {
    for phone in PHONES {
        assert_eq!(refused_kind(phone), None, "{phone}");
        assert_eq!(refused_kind(&format!("Reception {phone} ext 204")), None, "{phone}");
    }
}

#[test]
fn luhn_valid_phone_numbers_pass_when_written_internationally() {
    // Both are Luhn-valid: a 13-digit German mobile, a 15-digit number.
    assert_eq!(refused_kind("+49 1512 3456704"), None);
    for digits in ["4915123456704", "491512345678908"] {
        assert!(luhn_valid(&digits.bytes().map(|b| b - b'0').collect::<Vec<_>>()));
        for written in [format!("+{digits}"), format!("00{digits}"), format!("011{digits}")] {
            assert_eq!(refused_kind(&written), None, "{written}");
        }
        assert_eq!(refused_kind(digits), Some(RefusedNumber::CardNumber), "documented: no + means card-sized");
    }
}

#[test]
fn a_plus_does_not_excuse_more_than_fifteen_digits() {
    assert_eq!(refused_kind("+4111 1111 1111 1111"), Some(RefusedNumber::CardNumber));
}

#[test]
fn valid_ibans_are_refused_in_any_case_and_grouping() {
    let ibans = [
        "GB82 WEST 1234 5698 7654 32",
        "GB82WEST12345698765432",
        "gb82 west 1234 5698 7654 32",
        "DE89 3704 0044 0532 0130 00",
        "FR14 2004 1010 0505 0001 3M02 606",
        "NL91 ABNA 0417 1643 00",
        "BE68 5390 0754 7034",
        "NO93 8601 1117 947",
        "CH93 0076 2011 6238 5295 7",
    ];
    for iban in ibans {
        assert_eq!(refused_kind(iban), Some(RefusedNumber::Iban), "{iban}");
        assert_eq!(refused_kind(&format!("IBAN: {iban}.")), Some(RefusedNumber::Iban), "{iban}");
    }
}

#[test]
fn iban_near_misses_pass() {
    for near_miss in [
        "GB82 WEST 1234 5698 7654 33",
        "GB82 WEST 1234 5698 7654 3",
        "GB82 WEST 1234 5698 7654 321",
        "XGB82 WEST 1234 5698 7654 32",
        "ZZ82 WEST 1234 5698 7654 32",
    ] {
        assert_eq!(refused_kind(near_miss), None, "{near_miss}");
    }
}

#[test]
fn aba_routing_numbers_are_recognized() {
    for routing in ["021000021", "011000015", "121000358", "026009593", "322271627"] {
        assert!(is_routing_number(&routing.bytes().map(|b| b - b'0').collect::<Vec<_>>()), "{routing}");
    }
    for not_routing in ["021000022", "000000000", "131000025", "02100002"] {
        assert!(!is_routing_number(&not_routing.bytes().map(|b| b - b'0').collect::<Vec<_>>()), "{not_routing}");
    }
}

#[test]
fn a_routing_number_beside_an_account_number_is_refused() {
    for text in ["021000021 123456789", "routing 021000021, account 0001234567", "ACH 121000358-98765"] {
        assert_eq!(refused_kind(text), Some(RefusedNumber::UsBankAccount), "{text}");
    }
}

#[test]
fn a_routing_number_alone_or_beside_a_phone_passes() {
    assert_eq!(refused_kind("our bank's routing number is 021000021"), None);
    assert_eq!(refused_kind("021000021, questions to +1 212 555 0100"), None);
    assert_eq!(refused_kind("021000022 123456789"), None, "checksum fails");
}

#[test]
fn the_error_names_the_field_and_kind_never_the_digits() {
    let refused = refuse_payment_numbers("display name", "Bob 4111 1111 1111 1111").unwrap_err();
    assert_eq!(refused.field, "display name");
    let message = refused.to_string();
    assert!(message.starts_with("display name: "), "{message}");
    assert!(message.contains("payment card number"), "{message}");
    assert!(!message.contains("1111"), "{message}");
}

#[test]
fn authorize_net_profiles_are_numeric_ids() {
    let profile = AuthorizeNetProfile::parse("1929820324", "1841987457").unwrap();
    assert_eq!(profile.customer_profile_id(), "1929820324");
    assert_eq!(profile.payment_profile_id(), "1841987457");
    assert!(!format!("{profile:?}").contains("1929820324"), "Debug hides the ids");
    for (customer, payment) in [("", "1"), ("12a", "1"), ("1", " 1"), ("1", "1234567890123"), ("-1", "1")] {
        assert!(
            matches!(AuthorizeNetProfile::parse(customer, payment), Err(PaymentError::NotAuthorizeNetId { .. })),
            "{customer:?} {payment:?}"
        );
    }
}

#[test]
fn a_card_number_as_an_authorize_net_id_is_refused_as_a_card() {
    let error = AuthorizeNetProfile::parse("4111111111111111", "1").unwrap_err();
    assert_eq!(
        error,
        PaymentError::Refused(PaymentDataRefused {
            field: "Authorize.Net customer profile id",
            kind: RefusedNumber::CardNumber
        })
    );
}

#[test]
fn dwolla_funding_sources_are_urls_with_a_uuid() {
    let production = "https://api.dwolla.com/funding-sources/5B29279D-6359-4C87-A318-E09095532733";
    let source = DwollaFundingSource::parse(production).unwrap();
    assert_eq!(source.url(), production.to_ascii_lowercase());
    assert!(!source.is_sandbox());
    let sandbox = "https://api-sandbox.dwolla.com/funding-sources/5b29279d-6359-4c87-a318-e09095532733";
    assert!(DwollaFundingSource::parse(sandbox).unwrap().is_sandbox());
    for bad in [
        "http://api.dwolla.com/funding-sources/5b29279d-6359-4c87-a318-e09095532733",
        "https://api.dwolla.com.evil.example/funding-sources/5b29279d-6359-4c87-a318-e09095532733",
        "https://api.dwolla.com/customers/5b29279d-6359-4c87-a318-e09095532733",
        "https://api.dwolla.com/funding-sources/5b29279d-6359-4c87-a318-e0909553273",
        "https://api.dwolla.com/funding-sources/5b29279d-6359-4c87-a318-e09095532733/balance",
        "https://api.dwolla.com/funding-sources/5b29279d63594c87a318e09095532733",
    ] {
        assert_eq!(DwollaFundingSource::parse(bad), Err(PaymentError::NotDwollaFundingSource), "{bad}");
    }
}

#[test]
fn a_card_number_as_a_dwolla_reference_is_refused_as_a_card() {
    let error = DwollaFundingSource::parse("4111 1111 1111 1111").unwrap_err();
    assert!(matches!(error, PaymentError::Refused(PaymentDataRefused { kind: RefusedNumber::CardNumber, .. })));
}

#[test]
fn references_survive_their_stored_form() {
    let references = [
        PaymentReference::AuthorizeNet(AuthorizeNetProfile::parse("10000", "20000").unwrap()),
        PaymentReference::Dwolla(
            DwollaFundingSource::parse("https://api.dwolla.com/funding-sources/5b29279d-6359-4c87-a318-e09095532733")
                .unwrap(),
        ),
    ];
    for reference in references {
        let processor = Processor::from_stored(reference.processor().as_str()).unwrap();
        assert_eq!(PaymentReference::from_stored(processor, &reference.to_stored()).unwrap(), reference);
    }
}

#[test]
fn labels_show_at_most_the_last_four_digits() {
    assert_eq!(PaymentLabel::parse("Visa ending 1111").unwrap().as_str(), "Visa ending 1111");
    assert!(PaymentLabel::parse("Checking ••••6789, exp 12/2027").is_ok());
    assert_eq!(PaymentLabel::parse("Visa 411111"), Err(PaymentError::LabelTooManyDigits { max: 4 }));
    assert_eq!(PaymentLabel::parse("Visa 1111 1111"), Err(PaymentError::LabelTooManyDigits { max: 4 }));
    assert_eq!(PaymentLabel::parse(" "), Err(PaymentError::LabelEmpty));
    assert_eq!(PaymentLabel::parse(&"x".repeat(65)), Err(PaymentError::LabelTooLong { max: 64 }));
}

#[test]
fn a_full_card_number_in_a_label_is_refused_as_a_card() {
    let error = PaymentLabel::parse("Visa 4111 1111 1111 1111").unwrap_err();
    assert!(matches!(error, PaymentError::Refused(PaymentDataRefused { kind: RefusedNumber::CardNumber, .. })));
}

/// A Luhn-valid number of `len` digits not starting with 0.
fn luhn_number(len: usize) -> impl Strategy<Value = Vec<u8>> {
    (1u8..=9, proptest::collection::vec(0u8..=9, len - 2)).prop_map(|(first, rest)| {
        let mut digits = vec![first];
        digits.extend(rest);
        let check = (0..=9).find(|&c| luhn_valid(&[digits.as_slice(), &[c]].concat())).unwrap_or(0);
        digits.push(check);
        digits
    })
}

/// `digits` in groups of four joined by `separator` ("" for none).
fn grouped(digits: &[u8], separator: &str) -> String {
    let groups: Vec<String> =
        digits.chunks(4).map(|chunk| chunk.iter().map(|d| char::from(b'0' + d)).collect()).collect();
    groups.join(separator)
}

proptest! {
    #[test]
    fn every_luhn_valid_card_sized_number_is_refused_however_typed(
        digits in (13usize..=19).prop_flat_map(luhn_number),
        separator in prop::sample::select(vec!["", " ", "-"]),
        before in "[a-zA-Z, ]{0,12}",
        after in "[a-zA-Z, ]{0,12}",
    ) {
        let text = format!("{before}: {} ({after})", grouped(&digits, separator));
        prop_assert_eq!(refused_kind(&text), Some(RefusedNumber::CardNumber));
    }

    #[test]
    fn international_phone_numbers_always_pass(
        country in 1u8..=9,
        rest in proptest::collection::vec(0u8..=9, 6..=14),
        separator in prop::sample::select(vec!["", " ", "-"]),
    ) {
        let mut digits = vec![country];
        digits.extend(rest);
        prop_assert_eq!(refused_kind(&format!("+{}", grouped(&digits, separator))), None);
        prop_assert_eq!(refused_kind(&format!("00{}", grouped(&digits, separator))), None);
    }

    #[test]
    fn the_message_never_holds_a_digit(digits in (13usize..=19).prop_flat_map(luhn_number), name in "[a-z ]{0,20}") {
        let refused = refuse_payment_numbers("name", &format!("{name}{}", grouped(&digits, " "))).unwrap_err();
        prop_assert!(!refused.to_string().bytes().any(|b| b.is_ascii_digit()));
    }
}
