//! One layer authenticates and authorizes every request (ARCHITECTURE.md
//! principles 7 and 8): it finds who is asking (the session cookie, or a
//! bearer API token on `/api`), looks the matched route up in the declared
//! table (`routes`), and lets `access::decide` rule; deny by default.
//!
//! - Anonymous on a protected route: 401; refused by `decide`, outside a
//!   token's scopes, or a route missing from the table: 403. Bodies say
//!   nothing more (`refusal`).
//! - A session whose password was right but whose TOTP code has not been
//!   given yet is anonymous everywhere but the code page.
//! - A role above `user` without TOTP reaches only the enrolment page and
//!   sign-out; its pages redirect there (issue 5 item 2).
//! - A cookie-authenticated API request that changes something must carry
//!   the session's CSRF token in `X-CSRF-Token`; forms check theirs.

use access::{Actor, AuthStrength, Decision, DenyReason, Permission, Target, decide};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use store::{Person, Session, StoreError};
use zeroize::Zeroizing;

use crate::app::AppState;
use crate::refusal::{is_api, refusal};
use crate::routes::Access;
use crate::session;

/// Where roles that need TOTP enrol it.
pub const ENROLMENT_PAGE: &str = "/account/two-factor";

/// Who is asking, for handlers.
#[derive(Clone, Default)]
pub struct Visitor {
    /// The person, once fully signed in (or by API token).
    pub person: Option<Person>,
    /// The person as `decide` knows them.
    pub actor: Option<Actor>,
    /// The session and its token, when the request came with a cookie.
    pub session: Option<(Session, Zeroizing<String>)>,
    /// Whether the session waits for a TOTP or recovery code.
    pub pending_code: bool,
    /// A bearer token's scopes.
    pub scopes: Option<Vec<Permission>>,
}

impl Visitor {
    /// Whether the session's role still has to enrol TOTP.
    pub fn needs_enrolment(&self) -> bool {
        self.actor.as_ref().is_some_and(|a| a.role.requires_second_factor() && a.strength == AuthStrength::Password)
    }

    /// The session's CSRF token, if there is a session.
    pub fn csrf(&self) -> String {
        self.session.as_ref().map(|(s, _)| session::csrf_token(&s.csrf_secret)).unwrap_or_default()
    }

    /// Whether `presented` is this session's CSRF token.
    pub fn csrf_ok(&self, presented: &str) -> bool {
        self.session.as_ref().is_some_and(|(s, _)| session::csrf_ok(&s.csrf_secret, presented))
    }
}

/// The layer: identify, look up, decide.
pub async fn guard(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let visitor = match identify(&state, request.headers(), is_api(&path)).await {
        Ok(visitor) => visitor,
        Err(error) => {
            tracing::error!(%error, "portal: identifying the visitor failed");
            return refusal(&path, StatusCode::INTERNAL_SERVER_ERROR, "internal", "Something went wrong.");
        }
    };
    if let Some(refused) = authorize(&state, &request, &visitor, &path) {
        return refused;
    }
    request.extensions_mut().insert(visitor);
    next.run(request).await
}

/// The refusal, if the request may not go on.
fn authorize(state: &AppState, request: &Request, visitor: &Visitor, path: &str) -> Option<Response> {
    let matched = request.extensions().get::<MatchedPath>()?;
    let method = if request.method() == Method::HEAD { Method::GET } else { request.method().clone() };
    let Some(&access) = state.table.get(&(method, matched.as_str())) else {
        tracing::error!(route = matched.as_str(), "portal: a route without a declared permission was refused");
        return Some(forbidden(path));
    };
    let Access::Requires(permission) = access else { return None };
    let Some(actor) = &visitor.actor else {
        return Some(refusal(path, StatusCode::UNAUTHORIZED, "unauthenticated", "Please sign in."));
    };
    if visitor.scopes.as_ref().is_some_and(|scopes| !scopes.contains(&permission)) {
        return Some(forbidden(path));
    }
    if visitor.needs_enrolment() && path != ENROLMENT_PAGE {
        return Some(if is_api(path) { forbidden(path) } else { Redirect::to(ENROLMENT_PAGE).into_response() });
    }
    if is_api(path) && visitor.scopes.is_none() && !request.method().is_safe() {
        let presented = request.headers().get("x-csrf-token").and_then(|v| v.to_str().ok()).unwrap_or("");
        if !visitor.csrf_ok(presented) {
            return Some(forbidden(path));
        }
    }
    let target = Target::tenant(actor.home.clone()).owned_by(actor.person.clone());
    match decide(actor, permission, &target, Timestamp::now()) {
        Decision::Allow(_) => None,
        Decision::Deny(DenyReason::SecondFactorRequired) if !is_api(path) => {
            Some(Redirect::to(ENROLMENT_PAGE).into_response())
        }
        Decision::Deny(_) => Some(forbidden(path)),
    }
}

fn forbidden(path: &str) -> Response {
    refusal(path, StatusCode::FORBIDDEN, "forbidden", "You may not do this.")
}

/// Finds who is asking: a session cookie, or on the API a bearer token.
async fn identify(state: &AppState, headers: &HeaderMap, api: bool) -> Result<Visitor, StoreError> {
    let now = Timestamp::now();
    if api && let Some(secret) = bearer(headers) {
        return by_token(state, &secret, now).await;
    }
    let Some(token) = session::token_from(headers) else { return Ok(Visitor::default()) };
    let Some(found) = state.store.session(&token, now).await? else { return Ok(Visitor::default()) };
    let person = state.store.person(&found.person).await?;
    if person.disabled || person.must_set_password {
        return Ok(Visitor::default());
    }
    let pending_code = !found.second_factor && person.totp_confirmed;
    let strength = if found.second_factor { AuthStrength::PasswordAndTotp } else { AuthStrength::Password };
    let actor = if pending_code { None } else { Some(state.store.actor_for(&person, strength).await?) };
    let person = actor.as_ref().map(|_| person);
    Ok(Visitor { person, actor, session: Some((found, token)), pending_code, scopes: None })
}

async fn by_token(state: &AppState, secret: &str, now: Timestamp) -> Result<Visitor, StoreError> {
    let Some(token) = state.store.api_token(secret, now).await? else { return Ok(Visitor::default()) };
    let person = state.store.person(&token.person).await?;
    if person.disabled || person.must_set_password {
        return Ok(Visitor::default());
    }
    let strength = if person.totp_confirmed { AuthStrength::PasswordAndTotp } else { AuthStrength::Password };
    let actor = state.store.actor_for(&person, strength).await?;
    Ok(Visitor { person: Some(person), actor: Some(actor), scopes: Some(token.scopes), ..Visitor::default() })
}

fn bearer(headers: &HeaderMap) -> Option<Zeroizing<String>> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let token = value.strip_prefix("Bearer ")?.trim();
    Some(Zeroizing::new(token.to_owned()))
}
