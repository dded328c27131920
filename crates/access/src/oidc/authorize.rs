//! The authorization request (RFC 6749 §4.1.1, OpenID Connect Core 1.0
//! §3.1.2.1) and its responses (§4.1.2, Core §3.1.2.5–6).
//!
//! The error rule of RFC 6749 §4.1.2.1: while the client and its redirect
//! URI are not both established — `client_id` missing, repeated or unknown,
//! `redirect_uri` missing, repeated or not registered — the provider must
//! NOT redirect (that would make it an open redirector) and shows the
//! person an error itself ([`AuthorizeError::NoRedirect`]). Every later
//! error goes back to the client's redirect URI with `error`, `state` and
//! `iss` ([`AuthorizeError::Redirect`]). OpenID Connect makes
//! `redirect_uri` required (Core §3.1.2.1), so it is never defaulted.
//!
//! Validation then, in order: `state` (echoed, bounded), `response_type` =
//! `code`, `response_mode` absent or `query`, `scope` containing `openid`,
//! no `request` / `request_uri` / `registration` (Core §6, §7.2.1), PKCE
//! `code_challenge` with method `S256` (required of every client), `nonce`,
//! `prompt` (Core §3.1.2.1) and `max_age`, and no parameter twice (RFC 6749
//! §3.1).

use std::fmt;

use jiff::{SignedDuration, Timestamp};

use super::client::{Client, ClientId};
use super::params::{ParamProblem, first_repeated, single};
use super::{ErrorCode, Issuer, OPENID_SCOPE, pkce};

/// Longest `state` or `nonce` echoed or stored.
const MAX_ECHO_LEN: usize = 512;

/// Why the provider shows an error itself instead of redirecting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NoRedirect {
    /// `client_id` is missing.
    MissingClientId,
    /// `client_id` or `redirect_uri` appears more than once, or is too long.
    MalformedClientOrRedirect,
    /// No client has this id.
    UnknownClient,
    /// `redirect_uri` is missing.
    MissingRedirectUri,
    /// `redirect_uri` is not one the client registered.
    RedirectUriNotRegistered,
}

impl fmt::Display for NoRedirect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NoRedirect::MissingClientId => "the request names no client (client_id is missing)",
            NoRedirect::MalformedClientOrRedirect => "client_id or redirect_uri is repeated or too long",
            NoRedirect::UnknownClient => "the application asking is not registered",
            NoRedirect::MissingRedirectUri => "the request has no redirect_uri",
            NoRedirect::RedirectUriNotRegistered => "redirect_uri is not registered for this application",
        })
    }
}

/// An error to send back to the client's redirect URI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorRedirect {
    /// The registered redirect URI it goes to.
    pub redirect_uri: String,
    /// The error.
    pub error: ErrorCode,
    /// A fixed description.
    pub description: &'static str,
    /// The client's `state`, echoed.
    pub state: Option<String>,
}

impl ErrorRedirect {
    /// The `Location` of the redirect (RFC 6749 §4.1.2.1, RFC 9207 `iss`).
    pub fn location(&self, issuer: &Issuer) -> String {
        let mut pairs = vec![("error", self.error.as_str()), ("error_description", self.description)];
        pairs.extend(self.state.as_deref().map(|state| ("state", state)));
        pairs.push(("iss", issuer.as_str()));
        with_query(&self.redirect_uri, &pairs)
    }
}

/// A refused authorization request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthorizeError {
    /// Show this error page; never redirect.
    NoRedirect(NoRedirect),
    /// Redirect to the client with this error.
    Redirect(ErrorRedirect),
}

/// `prompt` (Core §3.1.2.1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Prompt {
    /// `none`: show nothing; fail with `login_required` if a sign-in is needed.
    pub none: bool,
    /// `login`: make the person sign in again even with a session.
    pub login: bool,
}

/// A valid authorization request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    /// The client.
    pub client_id: ClientId,
    /// The registered redirect URI asked for.
    pub redirect_uri: String,
    /// The client's `state`, echoed.
    pub state: Option<String>,
    /// The `nonce` for the ID token.
    pub nonce: Option<String>,
    /// The PKCE S256 challenge.
    pub code_challenge: String,
    /// `prompt`.
    pub prompt: Prompt,
    /// `max_age`: the longest time since sign-in the client accepts.
    pub max_age: Option<SignedDuration>,
}

impl Authorization {
    /// Whether the person must (again) enter their credentials before a
    /// code is issued: no sign-in, `prompt=login`, or `max_age` exceeded.
    /// With `prompt=none` the route then answers [`Authorization::error`]
    /// with [`ErrorCode::LoginRequired`] instead.
    pub fn needs_sign_in(&self, auth_time: Option<Timestamp>, now: Timestamp) -> bool {
        let Some(auth_time) = auth_time else { return true };
        let too_old = self.max_age.is_some_and(|max| now.duration_since(auth_time) > max);
        self.prompt.login || too_old
    }

    /// An error redirect for this request (e.g. `login_required`, `access_denied`).
    pub fn error(&self, error: ErrorCode, description: &'static str) -> ErrorRedirect {
        ErrorRedirect { redirect_uri: self.redirect_uri.clone(), error, description, state: self.state.clone() }
    }

    /// The `Location` of the success redirect with `code` (RFC 6749 §4.1.2, RFC 9207).
    pub fn success_location(&self, code: &str, issuer: &Issuer) -> String {
        let mut pairs = vec![("code", code)];
        pairs.extend(self.state.as_deref().map(|state| ("state", state)));
        pairs.push(("iss", issuer.as_str()));
        with_query(&self.redirect_uri, &pairs)
    }
}

/// The `client_id` a request names, to look the client up before
/// [`validate`]; an error here is never redirected.
pub fn requested_client(pairs: &[(String, String)]) -> Result<ClientId, AuthorizeError> {
    match single(pairs, "client_id") {
        Ok(Some(id)) => Ok(ClientId(id.to_owned())),
        Ok(None) => Err(AuthorizeError::NoRedirect(NoRedirect::MissingClientId)),
        Err(_) => Err(AuthorizeError::NoRedirect(NoRedirect::MalformedClientOrRedirect)),
    }
}

/// Validates an authorization request's parameters (query or form, decoded)
/// against the client its `client_id` names (`None` if unknown).
pub fn validate(pairs: &[(String, String)], client: Option<&Client>) -> Result<Authorization, AuthorizeError> {
    let client_id = requested_client(pairs)?;
    let client = client.filter(|c| c.id == client_id).ok_or(AuthorizeError::NoRedirect(NoRedirect::UnknownClient))?;
    let redirect_uri = redirect_uri(pairs, client)?;
    let state = single(pairs, "state").ok().flatten().filter(|s| s.len() <= MAX_ECHO_LEN).map(str::to_owned);
    let fail = |error, description| {
        AuthorizeError::Redirect(ErrorRedirect {
            redirect_uri: redirect_uri.clone(),
            error,
            description,
            state: state.clone(),
        })
    };
    let checked = check_parameters(pairs).map_err(|e| fail(e.0, e.1))?;
    Ok(Authorization {
        client_id,
        redirect_uri: redirect_uri.clone(),
        state: state.clone(),
        nonce: checked.nonce,
        code_challenge: checked.code_challenge,
        prompt: checked.prompt,
        max_age: checked.max_age,
    })
}

fn redirect_uri(pairs: &[(String, String)], client: &Client) -> Result<String, AuthorizeError> {
    let uri = match single(pairs, "redirect_uri") {
        Ok(Some(uri)) => uri,
        Ok(None) => return Err(AuthorizeError::NoRedirect(NoRedirect::MissingRedirectUri)),
        Err(_) => return Err(AuthorizeError::NoRedirect(NoRedirect::MalformedClientOrRedirect)),
    };
    if !client.allows_redirect(uri) {
        return Err(AuthorizeError::NoRedirect(NoRedirect::RedirectUriNotRegistered));
    }
    Ok(uri.to_owned())
}

/// What the redirectable checks establish.
struct Checked {
    nonce: Option<String>,
    code_challenge: String,
    prompt: Prompt,
    max_age: Option<SignedDuration>,
}

type Refusal = (ErrorCode, &'static str);

fn check_parameters(pairs: &[(String, String)]) -> Result<Checked, Refusal> {
    if first_repeated(pairs).is_some() {
        return Err((ErrorCode::InvalidRequest, "a parameter appears more than once"));
    }
    if get(pairs, "state")?.is_some_and(|state| state.len() > MAX_ECHO_LEN) {
        return Err((ErrorCode::InvalidRequest, "state is too long"));
    }
    check_response_type(get(pairs, "response_type")?)?;
    check_response_mode(get(pairs, "response_mode")?)?;
    check_scope(get(pairs, "scope")?)?;
    check_unsupported(pairs)?;
    Ok(Checked {
        code_challenge: check_pkce(get(pairs, "code_challenge")?, get(pairs, "code_challenge_method")?)?,
        nonce: check_nonce(get(pairs, "nonce")?)?,
        prompt: parse_prompt(get(pairs, "prompt")?)?,
        max_age: parse_max_age(get(pairs, "max_age")?)?,
    })
}

fn get<'a>(pairs: &'a [(String, String)], name: &str) -> Result<Option<&'a str>, Refusal> {
    single(pairs, name).map_err(|problem| match problem {
        ParamProblem::Repeated => (ErrorCode::InvalidRequest, "a parameter appears more than once"),
        ParamProblem::TooLong => (ErrorCode::InvalidRequest, "a parameter is too long"),
    })
}

fn check_response_type(value: Option<&str>) -> Result<(), Refusal> {
    match value {
        Some("code") => Ok(()),
        None => Err((ErrorCode::InvalidRequest, "response_type is missing")),
        Some(_) => Err((ErrorCode::UnsupportedResponseType, "only response_type=code is supported")),
    }
}

fn check_response_mode(value: Option<&str>) -> Result<(), Refusal> {
    match value {
        None | Some("query") => Ok(()),
        Some(_) => Err((ErrorCode::InvalidRequest, "only response_mode=query is supported")),
    }
}

fn check_scope(value: Option<&str>) -> Result<(), Refusal> {
    let has_openid = value.is_some_and(|scope| scope.split(' ').any(|s| s == OPENID_SCOPE));
    has_openid.then_some(()).ok_or((ErrorCode::InvalidScope, "scope must include openid"))
}

fn check_unsupported(pairs: &[(String, String)]) -> Result<(), Refusal> {
    let present = |name| pairs.iter().any(|(n, v)| n == name && !v.is_empty());
    if present("request") {
        return Err((ErrorCode::RequestNotSupported, "the request parameter is not supported"));
    }
    if present("request_uri") {
        return Err((ErrorCode::RequestUriNotSupported, "the request_uri parameter is not supported"));
    }
    if present("registration") {
        return Err((ErrorCode::RegistrationNotSupported, "the registration parameter is not supported"));
    }
    Ok(())
}

fn check_pkce(challenge: Option<&str>, method: Option<&str>) -> Result<String, Refusal> {
    let Some(challenge) = challenge else {
        return Err((ErrorCode::InvalidRequest, "code_challenge is required (PKCE, S256)"));
    };
    if method != Some(pkce::S256) {
        return Err((ErrorCode::InvalidRequest, "code_challenge_method must be S256"));
    }
    if !pkce::is_s256_challenge(challenge) {
        return Err((ErrorCode::InvalidRequest, "code_challenge is not an S256 challenge"));
    }
    Ok(challenge.to_owned())
}

fn check_nonce(value: Option<&str>) -> Result<Option<String>, Refusal> {
    match value {
        Some(nonce) if nonce.len() > MAX_ECHO_LEN => Err((ErrorCode::InvalidRequest, "nonce is too long")),
        other => Ok(other.map(str::to_owned)),
    }
}

fn parse_prompt(value: Option<&str>) -> Result<Prompt, Refusal> {
    let mut prompt = Prompt::default();
    for word in value.unwrap_or("").split(' ').filter(|w| !w.is_empty()) {
        match word {
            "none" => prompt.none = true,
            "login" => prompt.login = true,
            "consent" | "select_account" => {}
            _ => return Err((ErrorCode::InvalidRequest, "prompt has an unknown value")),
        }
    }
    let alone = !prompt.none || value.is_some_and(|v| v.split(' ').filter(|w| !w.is_empty()).count() == 1);
    alone.then_some(prompt).ok_or((ErrorCode::InvalidRequest, "prompt=none cannot be combined"))
}

fn parse_max_age(value: Option<&str>) -> Result<Option<SignedDuration>, Refusal> {
    let Some(text) = value else { return Ok(None) };
    let seconds =
        text.parse::<u32>().map_err(|_| (ErrorCode::InvalidRequest, "max_age must be a number of seconds"))?;
    Ok(Some(SignedDuration::from_secs(i64::from(seconds))))
}

/// `uri` with `pairs` appended to its query, keeping any query it has
/// (RFC 6749 §3.1.2).
fn with_query(uri: &str, pairs: &[(&str, &str)]) -> String {
    let Ok(mut url) = url::Url::parse(uri) else { return uri.to_owned() };
    url.query_pairs_mut().extend_pairs(pairs);
    url.into()
}
