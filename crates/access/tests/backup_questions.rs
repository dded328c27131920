//! 47 CFR 64.2010(e) via reference/cpni-rules.md rows 18 and 20: back-up
//! authentication questions may not ask for readily available biographical
//! information (SSN, date of birth, mother's maiden name, home address) or
//! account information (account number, telephone number, bill amount).

use access::AccessError;
use access::backup_questions::{ForbiddenTopic, forbidden_topic, validate_backup_question};

fn assert_refused(topic: ForbiddenTopic, questions: &[&str]) {
    for question in questions {
        assert_eq!(forbidden_topic(question), Some(topic), "{question}");
        assert_eq!(validate_backup_question(question), Err(AccessError::ForbiddenBackupQuestion(topic)));
    }
}

#[test]
fn social_security_numbers_are_refused() {
    assert_refused(
        ForbiddenTopic::SocialSecurityNumber,
        &[
            "What is your Social Security Number?",
            "Last four digits of your SSN",
            "Enter your SSN",
            "What are the last 4 of your social?",
            "Your soc. sec. number, please",
            "What is your S.S. number?",
            "Taxpayer ID?",
            "What's your social-security #?",
        ],
    );
}

#[test]
fn dates_of_birth_are_refused() {
    assert_refused(
        ForbiddenTopic::DateOfBirth,
        &[
            "What is your date of birth?",
            "Your birthdate (MM/DD/YYYY)",
            "When is your birthday?",
            "DOB?",
            "In what year were you born?",
            "What day were you born on?",
            "When were you born?",
            "How old are you?",
            "Birth-date",
            "Which month were you born in?",
        ],
    );
}

#[test]
fn mothers_maiden_names_are_refused() {
    assert_refused(
        ForbiddenTopic::MothersMaidenName,
        &[
            "What is your mother's maiden name?",
            "Mother’s maiden name",
            "What was your mom's last name before she married?",
            "Your mother's surname at birth",
            "What is your mum's family name?",
            "Maiden name of your mother",
            "MOTHERS MAIDEN NAME",
        ],
    );
}

#[test]
fn home_addresses_are_refused() {
    assert_refused(
        ForbiddenTopic::HomeAddress,
        &[
            "What is your home address?",
            "What street do you live on?",
            "What is your ZIP code?",
            "Your postal code",
            "What is your house number?",
            "Where do you live?",
            "Street address of your residence",
            "In which town do you reside?",
        ],
    );
}

#[test]
fn account_numbers_are_refused() {
    assert_refused(
        ForbiddenTopic::AccountNumber,
        &[
            "What is your account number?",
            "Account #",
            "Your acct. no.",
            "Customer ID?",
            "What is your customer number?",
            "Enter your account no",
        ],
    );
}

#[test]
fn bill_amounts_are_refused() {
    assert_refused(
        ForbiddenTopic::BillAmount,
        &["What was the amount of your last bill?", "How much do you pay each month?", "Your monthly bill total"],
    );
}

#[test]
fn telephone_numbers_are_refused() {
    assert_refused(
        ForbiddenTopic::TelephoneNumber,
        &[
            "What is your phone number?",
            "Your telephone #",
            "What are the last four digits of your cell phone?",
            "Mobile number?",
            "What is your fax no.?",
            "What is your extension?",
            "Your landline number",
        ],
    );
}

#[test]
fn questions_about_nothing_on_record_are_accepted() {
    for question in [
        "What was the name of your first pet?",
        "In what city were you born?",
        "What was your childhood nickname?",
        "What is the name of your favourite teacher?",
        "What was the make of your first car?",
        "What was the brand of your first mobile phone?",
        "What is your mother's first name?",
        "Which company did you first work for?",
        "What was the title of the first book you loved?",
    ] {
        assert_eq!(validate_backup_question(question), Ok(()), "{question}");
    }
}
