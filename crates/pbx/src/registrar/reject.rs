//! Why a REGISTER is refused, and the response each reason gets
//! (RFC 3261 §10.3, §21).

use sip::digest::Challenge;
use sip::{HeaderName, Request, Response};

/// Extensions we support (none yet, so every `Require` option is unsupported).
const SUPPORTED: &[&str] = &[];

/// A refusal.
#[derive(Debug)]
pub(crate) enum Reject {
    /// The request is malformed in a way the parser let through.
    BadRequest(&'static str),
    /// The Request-URI names no domain we serve (§10.3 step 1).
    UnknownDomain,
    /// `Require` names options we do not support (§10.3 step 2, §8.2.2.3).
    BadExtension(Vec<String>),
    /// Credentials are missing, wrong or stale: challenge (again).
    Challenge(Vec<Challenge>),
    /// The same for a request other than REGISTER: 407 (RFC 3261 §22.3).
    ProxyChallenge(Vec<Challenge>),
    /// Too many failed attempts, or no right to this AOR.
    Forbidden(&'static str),
    /// The authenticated user tried to change someone else's AOR (§10.3 step 3).
    NotYourAor,
    /// The AOR is not an extension of the customer (§10.3 step 5).
    NotFound,
    /// An expiry below the minimum (§10.3 step 6).
    IntervalTooBrief(u32),
    /// A REGISTER older than the binding it would change (§10.3 step 7).
    OutOfOrder,
    /// The store failed.
    Store(store::StoreError),
    /// The new bindings could not be stored.
    NotStored,
}

impl From<store::StoreError> for Reject {
    fn from(error: store::StoreError) -> Self {
        Self::Store(error)
    }
}

impl Reject {
    /// The response for `request`.
    pub(crate) fn into_response(self, request: &Request) -> Response {
        let mut response = Response::for_request(request, self.status());
        match self {
            Self::BadRequest(reason) | Self::Forbidden(reason) => response.reason = reason.into(),
            Self::BadExtension(options) => response.headers.push(HeaderName::Unsupported, options.join(", ")),
            Self::Challenge(challenges) => {
                for challenge in challenges {
                    response.headers.push(HeaderName::WwwAuthenticate, challenge.to_string());
                }
            }
            Self::ProxyChallenge(challenges) => {
                for challenge in challenges {
                    response.headers.push(HeaderName::ProxyAuthenticate, challenge.to_string());
                }
            }
            Self::IntervalTooBrief(min) => response.headers.push(HeaderName::MinExpires, min.to_string()),
            Self::OutOfOrder => response.reason = "Out Of Order CSeq".into(),
            Self::Store(error) => tracing::error!(%error, "registrar store failure"),
            Self::UnknownDomain | Self::NotYourAor | Self::NotFound | Self::NotStored => {}
        }
        response
    }

    fn status(&self) -> u16 {
        match self {
            Self::BadRequest(_) => 400,
            Self::Challenge(_) => 401,
            Self::ProxyChallenge(_) => 407,
            Self::Forbidden(_) | Self::NotYourAor => 403,
            Self::UnknownDomain | Self::NotFound => 404,
            Self::BadExtension(_) => 420,
            Self::IntervalTooBrief(_) => 423,
            Self::OutOfOrder | Self::Store(_) | Self::NotStored => 500,
        }
    }
}

/// §8.2.2.3: every option in Require must be one we support, else 420.
pub(crate) fn check_require(request: &Request) -> Result<(), Reject> {
    let unsupported: Vec<String> = request
        .headers
        .get_all(&HeaderName::Require)
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .filter(|option| !option.is_empty() && !SUPPORTED.contains(option))
        .map(str::to_owned)
        .collect();
    if unsupported.is_empty() { Ok(()) } else { Err(Reject::BadExtension(unsupported)) }
}
