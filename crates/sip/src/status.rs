//! Status codes and their default reason phrases (RFC 3261 §21 and the
//! extension RFCs cited per row; IANA "SIP Response Codes" registry).

/// Declares the table once; generates the lookup and the list.
macro_rules! codes {
    ($( [$code:literal => $phrase:literal, $rfc:literal] ),* $(,)?) => {
        /// Every registered code this crate knows, with its phrase and its RFC.
        pub const KNOWN: &[(u16, &str, &str)] = &[ $( ($code, $phrase, $rfc) ),* ];

        /// The registered reason phrase for `code`, if any.
        fn known(code: u16) -> Option<&'static str> {
            match code {
                $( $code => Some($phrase), )*
                _ => None,
            }
        }
    };
}

codes! {
    [100 => "Trying", "RFC 3261 §21.1.1"],
    [180 => "Ringing", "RFC 3261 §21.1.2"],
    [181 => "Call Is Being Forwarded", "RFC 3261 §21.1.3"],
    [182 => "Queued", "RFC 3261 §21.1.4"],
    [183 => "Session Progress", "RFC 3261 §21.1.5"],
    [199 => "Early Dialog Terminated", "RFC 6228"],
    [200 => "OK", "RFC 3261 §21.2.1"],
    [202 => "Accepted", "RFC 6665"],
    [204 => "No Notification", "RFC 5839"],
    [300 => "Multiple Choices", "RFC 3261 §21.3.1"],
    [301 => "Moved Permanently", "RFC 3261 §21.3.2"],
    [302 => "Moved Temporarily", "RFC 3261 §21.3.3"],
    [305 => "Use Proxy", "RFC 3261 §21.3.4"],
    [380 => "Alternative Service", "RFC 3261 §21.3.5"],
    [400 => "Bad Request", "RFC 3261 §21.4.1"],
    [401 => "Unauthorized", "RFC 3261 §21.4.2"],
    [402 => "Payment Required", "RFC 3261 §21.4.3"],
    [403 => "Forbidden", "RFC 3261 §21.4.4"],
    [404 => "Not Found", "RFC 3261 §21.4.5"],
    [405 => "Method Not Allowed", "RFC 3261 §21.4.6"],
    [406 => "Not Acceptable", "RFC 3261 §21.4.7"],
    [407 => "Proxy Authentication Required", "RFC 3261 §21.4.8"],
    [408 => "Request Timeout", "RFC 3261 §21.4.9"],
    [410 => "Gone", "RFC 3261 §21.4.10"],
    [412 => "Conditional Request Failed", "RFC 3903"],
    [413 => "Request Entity Too Large", "RFC 3261 §21.4.11"],
    [414 => "Request-URI Too Long", "RFC 3261 §21.4.12"],
    [415 => "Unsupported Media Type", "RFC 3261 §21.4.13"],
    [416 => "Unsupported URI Scheme", "RFC 3261 §21.4.14"],
    [417 => "Unknown Resource-Priority", "RFC 4412"],
    [420 => "Bad Extension", "RFC 3261 §21.4.15"],
    [421 => "Extension Required", "RFC 3261 §21.4.16"],
    [422 => "Session Interval Too Small", "RFC 4028"],
    [423 => "Interval Too Brief", "RFC 3261 §21.4.17"],
    [424 => "Bad Location Information", "RFC 6442"],
    [428 => "Use Identity Header", "RFC 8224"],
    [429 => "Provide Referrer Identity", "RFC 3892"],
    [430 => "Flow Failed", "RFC 5626"],
    [433 => "Anonymity Disallowed", "RFC 5079"],
    [436 => "Bad Identity Info", "RFC 8224"],
    [437 => "Unsupported Credential", "RFC 8224"],
    [438 => "Invalid Identity Header", "RFC 8224"],
    [439 => "First Hop Lacks Outbound Support", "RFC 5626"],
    [440 => "Max-Breadth Exceeded", "RFC 5393"],
    [469 => "Bad Info Package", "RFC 6086"],
    [470 => "Consent Needed", "RFC 5360"],
    [480 => "Temporarily Unavailable", "RFC 3261 §21.4.18"],
    [481 => "Call/Transaction Does Not Exist", "RFC 3261 §21.4.19"],
    [482 => "Loop Detected", "RFC 3261 §21.4.20"],
    [483 => "Too Many Hops", "RFC 3261 §21.4.21"],
    [484 => "Address Incomplete", "RFC 3261 §21.4.22"],
    [485 => "Ambiguous", "RFC 3261 §21.4.23"],
    [486 => "Busy Here", "RFC 3261 §21.4.24"],
    [487 => "Request Terminated", "RFC 3261 §21.4.25"],
    [488 => "Not Acceptable Here", "RFC 3261 §21.4.26"],
    [489 => "Bad Event", "RFC 6665"],
    [491 => "Request Pending", "RFC 3261 §21.4.27"],
    [493 => "Undecipherable", "RFC 3261 §21.4.28"],
    [494 => "Security Agreement Required", "RFC 3329"],
    [500 => "Server Internal Error", "RFC 3261 §21.5.1"],
    [501 => "Not Implemented", "RFC 3261 §21.5.2"],
    [502 => "Bad Gateway", "RFC 3261 §21.5.3"],
    [503 => "Service Unavailable", "RFC 3261 §21.5.4"],
    [504 => "Server Time-out", "RFC 3261 §21.5.5"],
    [505 => "Version Not Supported", "RFC 3261 §21.5.6"],
    [513 => "Message Too Large", "RFC 3261 §21.5.7"],
    [555 => "Push Notification Service Not Supported", "RFC 8599"],
    [580 => "Precondition Failure", "RFC 3312"],
    [600 => "Busy Everywhere", "RFC 3261 §21.6.1"],
    [603 => "Decline", "RFC 3261 §21.6.2"],
    [604 => "Does Not Exist Anywhere", "RFC 3261 §21.6.3"],
    [606 => "Not Acceptable", "RFC 3261 §21.6.4"],
    [607 => "Unwanted", "RFC 8197"],
    [608 => "Rejected", "RFC 8688"],
}

/// The default reason phrase for `code`; an unregistered code gets its
/// class's phrase (§21: a UAC treats unknown codes as x00 of the class).
pub fn reason(code: u16) -> &'static str {
    known(code).unwrap_or(match code / 100 {
        1 => "Provisional",
        2 => "Success",
        3 => "Redirection",
        4 => "Client Error",
        5 => "Server Error",
        6 => "Global Failure",
        _ => "Unknown",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_have_their_phrase() {
        assert_eq!(reason(200), "OK");
        assert_eq!(reason(423), "Interval Too Brief");
        assert_eq!(reason(481), "Call/Transaction Does Not Exist");
        assert_eq!(reason(513), "Message Too Large");
    }

    #[test]
    fn unknown_codes_fall_back_to_their_class() {
        assert_eq!(reason(499), "Client Error");
        assert_eq!(reason(299), "Success");
        assert_eq!(reason(99), "Unknown");
    }

    #[test]
    fn table_is_sorted_and_unique() {
        assert!(KNOWN.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
