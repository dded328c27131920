//! The back-up authentication question validator of 47 CFR 64.2010(e)
//! (reference/cpni-rules.md rows 18, 20): a back-up method "may not prompt the
//! customer for readily available biographical information, or account
//! information". 64.2003(b) defines the former as "social security number, or
//! the last four digits of that number; mother's maiden name; home address; or
//! date of birth", and 64.2003(a) the latter as including the account number,
//! the telephone number and the amount of a bill.
//!
//! The check is conservative: it matches words and phrases after lower-casing
//! and dropping punctuation, so any question that mentions an address, a
//! birthday or a phone number is refused, even when it might be about someone
//! else. A refused question only costs the customer another choice.

use std::fmt;

use crate::AccessError;

/// What a refused question asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ForbiddenTopic {
    /// A social security number or part of it (64.2003(b)).
    SocialSecurityNumber,
    /// A date of birth or age (64.2003(b)).
    DateOfBirth,
    /// The mother's maiden name (64.2003(b)).
    MothersMaidenName,
    /// A home or postal address (64.2003(b)).
    HomeAddress,
    /// An account or customer number (64.2003(a)).
    AccountNumber,
    /// A bill amount or payment (64.2003(a)).
    BillAmount,
    /// A telephone number (64.2003(a)).
    TelephoneNumber,
}

impl fmt::Display for ForbiddenTopic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ForbiddenTopic::SocialSecurityNumber => "a social security number",
            ForbiddenTopic::DateOfBirth => "a date of birth",
            ForbiddenTopic::MothersMaidenName => "a mother's maiden name",
            ForbiddenTopic::HomeAddress => "a home address",
            ForbiddenTopic::AccountNumber => "an account number",
            ForbiddenTopic::BillAmount => "a bill amount",
            ForbiddenTopic::TelephoneNumber => "a telephone number",
        })
    }
}

/// One forbidden topic: any phrase alone, or a word of `first` with a phrase of `second`.
struct Rule {
    topic: ForbiddenTopic,
    phrases: &'static [&'static str],
    first: &'static [&'static str],
    second: &'static [&'static str],
}

const RULES: &[Rule] = &[
    Rule {
        topic: ForbiddenTopic::SocialSecurityNumber,
        phrases: &[
            "social security",
            "soc sec",
            "socsec",
            "ssn",
            "ss number",
            "ss no",
            "s s number",
            "s s no",
            "your social",
            "tax id",
            "taxpayer",
            "tax identification",
            "itin",
        ],
        first: &[],
        second: &[],
    },
    Rule {
        topic: ForbiddenTopic::DateOfBirth,
        phrases: &[
            "date of birth",
            "birth date",
            "birthdate",
            "birthday",
            "bday",
            "dob",
            "born on",
            "year of birth",
            "when were you born",
            "year were you born",
            "day were you born",
            "month were you born",
            "how old are you",
            "your age",
        ],
        first: &[],
        second: &[],
    },
    Rule {
        topic: ForbiddenTopic::MothersMaidenName,
        phrases: &["maiden"],
        first: &["mother", "mothers", "mom", "moms", "mum", "mums", "mama", "mommy", "mummy"],
        second: &["surname", "last name", "family name", "birth name", "name before", "nee"],
    },
    Rule {
        topic: ForbiddenTopic::HomeAddress,
        phrases: &[
            "address",
            "you live",
            "you reside",
            "your residence",
            "zip",
            "zipcode",
            "postal code",
            "postcode",
            "post code",
            "house number",
            "apartment number",
            "apt number",
        ],
        first: &[],
        second: &[],
    },
    Rule {
        topic: ForbiddenTopic::AccountNumber,
        phrases: &[
            "acct",
            "account id",
            "customer number",
            "customer id",
            "customer no",
            "billing account",
            "contract number",
            "invoice number",
        ],
        first: &["account"],
        second: &["number", "no", "num"],
    },
    Rule {
        topic: ForbiddenTopic::BillAmount,
        phrases: &[
            "bill amount",
            "amount of your",
            "your bill",
            "last bill",
            "monthly bill",
            "phone bill",
            "how much do you pay",
            "how much did you pay",
            "invoice amount",
            "last payment",
            "payment amount",
        ],
        first: &[],
        second: &[],
    },
    Rule {
        topic: ForbiddenTopic::TelephoneNumber,
        phrases: &["tn", "extension", "direct dial", "did number"],
        first: &["phone", "telephone", "cell", "cellphone", "mobile", "fax", "landline", "tel"],
        second: &["number", "no", "num", "digits"],
    },
];

/// Refuses a back-up question that asks for readily available biographical
/// information or account information (47 CFR 64.2010(e)).
pub fn validate_backup_question(question: &str) -> Result<(), AccessError> {
    match forbidden_topic(question) {
        Some(topic) => Err(AccessError::ForbiddenBackupQuestion(topic)),
        None => Ok(()),
    }
}

/// A back-up answer as it is hashed and compared: lower case, letters and
/// digits only, words separated by one space (so "New  York!" and "new york"
/// are the same answer).
pub fn normalize_answer(answer: &str) -> String {
    let spaced: String = answer.to_lowercase().chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first forbidden topic `question` touches.
pub fn forbidden_topic(question: &str) -> Option<ForbiddenTopic> {
    let text = normalize(question);
    RULES.iter().find(|rule| matches_rule(&text, rule)).map(|rule| rule.topic)
}

fn matches_rule(text: &str, rule: &Rule) -> bool {
    let has = |phrases: &[&str]| phrases.iter().any(|phrase| text.contains(&format!(" {phrase} ")));
    has(rule.phrases) || (!rule.first.is_empty() && has(rule.first) && has(rule.second))
}

/// Lower case, `#` read as "number", apostrophes dropped, other punctuation as
/// spaces, single spaces, and a space at each end so phrases match whole words.
fn normalize(question: &str) -> String {
    let mut text = String::from(" ");
    for c in question.to_lowercase().chars() {
        match c {
            '\'' | '\u{2019}' => {}
            '#' => text.push_str(" number "),
            c if c.is_alphanumeric() => text.push(c),
            _ => text.push(' '),
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    format!(" {} ", words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalization_keeps_words_whole() {
        assert_eq!(normalize("Mother's  maiden-name?"), " mothers maiden name ");
        assert_eq!(normalize("Phone #"), " phone number ");
    }

    #[test]
    fn answers_ignore_case_spacing_and_punctuation() {
        assert_eq!(normalize_answer("  New  York!"), "new york");
        assert_eq!(normalize_answer("O'Brien"), "o brien");
        assert_eq!(normalize_answer("?!"), "");
    }
}
