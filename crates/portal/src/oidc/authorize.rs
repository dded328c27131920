//! The authorization endpoint (RFC 6749 §4.1.1–4.1.2, OpenID Connect Core
//! 1.0 §3.1.2), by `GET` or form `POST` (Core §3.1.2.1).
//!
//! In order:
//! 1. the client and its redirect URI are established first; until they
//!    are, an error is a page here and never a redirect (RFC 6749 §4.1.2.1:
//!    no open redirector). Later errors go to the redirect URI with
//!    `error`, `state` and `iss` (RFC 9207);
//! 2. a cross-site request without the session cookie gets a same-origin
//!    bounce page first: the cookie is `SameSite=Strict`, so a browser
//!    arriving from the client's site withholds it (RFC 6265bis §5.6.7.1)
//!    and only a navigation started here brings it;
//! 3. a visitor not signed in with both steps (or `prompt=login`, or a
//!    sign-in older than `max_age`) goes to `/sign-in?next=…` and comes back
//!    to this request (without `prompt` and `max_age`, which the fresh
//!    sign-in satisfies: `max_age=0` would loop otherwise) once signed in;
//!    with `prompt=none`
//!    the client gets `login_required` instead (Core §3.1.2.6);
//! 4. a role that must enrol TOTP and has not is sent to enrol, and comes
//!    back to this request from the recovery codes page;
//! 5. a code bound to the request and the sign-in (`auth_time` = when the
//!    session began, `amr`/`acr` from its strength) goes to the client.

use access::AccessError;
use access::oidc::authorize::{Authorization, AuthorizeError, requested_client, validate};
use access::oidc::code::Authentication;
use access::oidc::{AUTHORIZE_PATH, ErrorCode, Issuer};
use axum::body::Bytes;
use axum::extract::{Extension, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use jiff::Timestamp;
use store::StoreError;

use super::{form_pairs, internal, no_store, not_configured};
use crate::app::AppState;
use crate::auth::{ENROLMENT_PAGE, Visitor};
use crate::routes::{Access, Routes};
use crate::session;

pub(super) fn routes(routes: Routes) -> Routes {
    routes.route(Method::GET, AUTHORIZE_PATH, Access::Public, by_query).route(
        Method::POST,
        AUTHORIZE_PATH,
        Access::Public,
        by_form,
    )
}

async fn by_query(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let pairs = form_pairs(query.unwrap_or_default().as_bytes());
    authorize(&state, &visitor, &headers, &pairs).await
}

async fn by_form(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    authorize(&state, &visitor, &headers, &form_pairs(&body)).await
}

async fn authorize(state: &AppState, visitor: &Visitor, headers: &HeaderMap, pairs: &[(String, String)]) -> Response {
    let Some(issuer) = state.issuer.clone() else { return not_configured(AUTHORIZE_PATH) };
    let request = match validated(state, pairs).await {
        Ok(Ok(request)) => request,
        Ok(Err(error)) => return refused(error, &issuer),
        Err(error) => return internal(AUTHORIZE_PATH, &error),
    };
    if cookie_withheld(headers) {
        return bounce(&return_path(pairs));
    }
    let now = Timestamp::now();
    let authentication = match authentication(visitor) {
        Some(auth) if !request.needs_sign_in(Some(auth.auth_time), now) => auth,
        _ => return sign_in_first(&request, pairs, &issuer),
    };
    if visitor.needs_enrolment() {
        return enrol_first(&request, pairs, &issuer);
    }
    issue(state, &request, &authentication, &issuer, now).await
}

/// The request checked against the client it names.
async fn validated(
    state: &AppState,
    pairs: &[(String, String)],
) -> Result<Result<Authorization, AuthorizeError>, StoreError> {
    let client_id = match requested_client(pairs) {
        Ok(id) => id,
        Err(error) => return Ok(Err(error)),
    };
    let client = state.store.oidc_client(&client_id).await?;
    Ok(validate(pairs, client.as_ref()))
}

fn refused(error: AuthorizeError, issuer: &Issuer) -> Response {
    match error {
        AuthorizeError::NoRedirect(why) => {
            let message = format!("This sign-in request cannot be used: {why}.");
            no_store(crate::refusal(AUTHORIZE_PATH, StatusCode::BAD_REQUEST, "invalid_request", &message))
        }
        AuthorizeError::Redirect(error) => redirect(&error.location(issuer)),
    }
}

/// The full-strength sign-in of the visitor's session, if any.
fn authentication(visitor: &Visitor) -> Option<Authentication> {
    let (actor, (session, _)) = (visitor.actor.as_ref()?, visitor.session.as_ref()?);
    Some(Authentication { person: actor.person.clone(), auth_time: session.created, strength: actor.strength })
}

fn sign_in_first(request: &Authorization, pairs: &[(String, String)], issuer: &Issuer) -> Response {
    if request.prompt.none {
        return redirect(&request.error(ErrorCode::LoginRequired, "the person must sign in").location(issuer));
    }
    redirect(&super::returning_to("/sign-in", &return_path(pairs)))
}

/// To enrolment, which comes back to this request once TOTP is on.
fn enrol_first(request: &Authorization, pairs: &[(String, String)], issuer: &Issuer) -> Response {
    if request.prompt.none {
        let error = request.error(ErrorCode::LoginRequired, "the person must enrol a second factor");
        return redirect(&error.location(issuer));
    }
    redirect(&super::returning_to(ENROLMENT_PAGE, &return_path(pairs)))
}

async fn issue(
    state: &AppState,
    request: &Authorization,
    authentication: &Authentication,
    issuer: &Issuer,
    now: Timestamp,
) -> Response {
    match state.store.oidc_issue_code(request, authentication, now).await {
        Ok(code) => redirect(&request.success_location(code.expose(), issuer)),
        Err(StoreError::Access(AccessError::OAuth(error))) => {
            redirect(&request.error(error.code, error.description).location(issuer))
        }
        Err(error) => {
            tracing::error!(%error, "portal: single sign-on: issuing a code failed");
            redirect(&request.error(ErrorCode::ServerError, "the provider failed; try again").location(issuer))
        }
    }
}

/// This request again, to come back to after signing in: the same
/// parameters without `prompt` and `max_age` (the fresh sign-in they asked
/// for has happened).
fn return_path(pairs: &[(String, String)]) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.extend_pairs(pairs.iter().filter(|(name, _)| name != "prompt" && name != "max_age"));
    format!("{AUTHORIZE_PATH}?{}", query.finish())
}

/// Whether a browser withheld the `SameSite=Strict` session cookie: a
/// cross-site navigation (Fetch Metadata `Sec-Fetch-Site`) without it.
fn cookie_withheld(headers: &HeaderMap) -> bool {
    let cross_site = headers.get("sec-fetch-site").is_some_and(|site| site.as_bytes() == b"cross-site");
    cross_site && session::token_from(headers).is_none()
}

/// A page that sends the browser on to `path` from this origin (a meta
/// refresh, since the CSP allows no inline script), so the next request is
/// same-site and carries the cookie. `path` is form-urlencoded: only `&`
/// needs escaping in the attribute.
fn bounce(path: &str) -> Response {
    no_store(Html(bounce_page(path)).into_response())
}

fn bounce_page(path: &str) -> String {
    let href = path.replace('&', "&amp;");
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"refresh\" content=\"0;url={href}\"><title>Signing in · callvault</title>\
         <link rel=\"stylesheet\" href=\"/static/portal.css\"></head><body class=\"refusal\"><main class=\"card\">\
         <h1>Signing in</h1><p><a href=\"{href}\">Continue</a></p></main></body></html>"
    )
}

/// A 303 to `location`, kept out of caches (it may carry a code).
fn redirect(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(value) => no_store((StatusCode::SEE_OTHER, [(header::LOCATION, value)]).into_response()),
        Err(_) => {
            crate::refusal(AUTHORIZE_PATH, StatusCode::INTERNAL_SERVER_ERROR, "internal", "Something went wrong.")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn the_return_path_drops_prompt_and_max_age_and_stays_an_authorization_request() {
        let path =
            return_path(&pairs(&[("client_id", "a b"), ("prompt", "login"), ("max_age", "0"), ("state", "x&y=z")]));
        assert_eq!(path, "/oauth2/authorize?client_id=a+b&state=x%26y%3Dz");
        assert!(super::super::is_return_path(&path));
    }

    #[test]
    fn only_a_cross_site_request_without_the_cookie_is_bounced() {
        let mut headers = HeaderMap::new();
        assert!(!cookie_withheld(&headers));
        headers.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(cookie_withheld(&headers));
        headers.insert(header::COOKIE, HeaderValue::from_static("__Host-callvault=abc"));
        assert!(!cookie_withheld(&headers));
        let page = bounce_page("/oauth2/authorize?a=1&b=2");
        assert!(page.contains("content=\"0;url=/oauth2/authorize?a=1&amp;b=2\""), "{page}");
    }
}
