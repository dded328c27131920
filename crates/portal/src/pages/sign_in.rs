//! Sign-in (issue 5 items 1-3, issue 6 item 2): the password, then on its
//! own page a TOTP or recovery code. Errors are generic: they never say
//! whether the account exists or which factor failed beyond the step the
//! visitor is on. Each step that raises the session's strength replaces the
//! session and its cookie (no session fixation).
//!
//! Single sign-on (issue 5 item 3): an authorization request sends the
//! visitor here with `?next=/oauth2/authorize?…`; both steps carry `next` in
//! a hidden field and end there instead of the dashboard. Only an
//! authorization request of this portal is accepted as `next`
//! (`crate::oidc::is_return_path`), so sign-in is no open redirector.

use std::net::IpAddr;

use access::PersonId;
use axum::extract::{Extension, Form, Query, State};
use axum::http::{Method, header};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use store::StoreError;

use crate::app::AppState;
use crate::auth::Visitor;
use crate::routes::{Access, Routes};
use crate::{ClientAddr, session};

const FAILED: &str = "That did not work. Check your e-mail address and password and try again; after several failures, wait a few minutes.";
const CODE_FAILED: &str = "That code did not work. Enter the current code from your app, or a recovery code.";

pub(super) fn routes(routes: Routes) -> Routes {
    routes
        .route(Method::GET, "/", Access::Public, start)
        .route(Method::GET, "/sign-in", Access::Public, password_page)
        .route(Method::POST, "/sign-in", Access::Public, password_step)
        .route(Method::GET, "/sign-in/code", Access::Public, code_page)
        .route(Method::POST, "/sign-in/code", Access::Public, code_step)
}

#[derive(Serialize)]
struct Page<'a> {
    step: &'a str,
    heading: &'a str,
    lead: &'a str,
    error: Option<&'a str>,
    csrf: String,
    next: Option<&'a str>,
}

/// Where sign-in (and a TOTP enrolment it required) goes on to: `next` if
/// it is an authorization request.
#[derive(Deserialize, Default)]
pub(super) struct Next {
    next: Option<String>,
}

impl Next {
    pub(super) fn get(&self) -> Option<&str> {
        self.next.as_deref().filter(|next| crate::oidc::is_return_path(next))
    }

    /// The code step's page, keeping `next`.
    fn code_page(&self) -> String {
        match self.get() {
            Some(next) => crate::oidc::returning_to("/sign-in/code", next),
            None => "/sign-in/code".to_owned(),
        }
    }

    /// Where a full sign-in ends.
    pub(super) fn done(&self) -> &str {
        self.get().unwrap_or("/dashboard")
    }
}

async fn start(Extension(visitor): Extension<Visitor>) -> Redirect {
    Redirect::to(if visitor.actor.is_some() { "/dashboard" } else { "/sign-in" })
}

fn password_form(state: &AppState, next: &Next, error: Option<&str>) -> Response {
    let lead = "Sign in to manage your phone system.";
    let page = Page { step: "password", heading: "Sign in", lead, error, csrf: String::new(), next: next.get() };
    state.pages.render("sign_in.html", page)
}

fn code_form(state: &AppState, visitor: &Visitor, next: &Next, error: Option<&str>) -> Response {
    let lead = "Enter the six-digit code from your authenticator app.";
    let csrf = visitor.csrf();
    let page = Page { step: "code", heading: "Two-factor authentication", lead, error, csrf, next: next.get() };
    state.pages.render("sign_in.html", page)
}

/// With `next`, the form is shown even to a signed-in visitor: the
/// authorization request asked for a fresh sign-in (`prompt=login`, `max_age`).
async fn password_page(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Query(next): Query<Next>,
) -> Response {
    if visitor.actor.is_some() && next.get().is_none() {
        return Redirect::to("/dashboard").into_response();
    }
    password_form(&state, &next, None)
}

#[derive(Deserialize)]
struct Credentials {
    login: String,
    password: String,
    #[serde(flatten)]
    next: Next,
}

async fn password_step(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Extension(client): Extension<ClientAddr>,
    Form(form): Form<Credentials>,
) -> Response {
    let now = Timestamp::now();
    let signed = state.store.authenticate_password(&state.hasher, &form.login, &form.password, client.0, now).await;
    match signed {
        Ok(signed) => {
            let next = if signed.code_required { form.next.code_page() } else { form.next.done().to_owned() };
            begin(&state, &visitor, &signed.actor.person, false, &next).await
        }
        Err(StoreError::SignInFailed) => password_form(&state, &form.next, Some(FAILED)),
        Err(error) => internal(&error),
    }
}

async fn code_page(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Query(next): Query<Next>,
) -> Response {
    if !visitor.pending_code {
        return Redirect::to("/sign-in").into_response();
    }
    code_form(&state, &visitor, &next, None)
}

#[derive(Deserialize)]
struct Code {
    code: String,
    csrf: String,
    #[serde(flatten)]
    next: Next,
}

async fn code_step(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Extension(client): Extension<ClientAddr>,
    Form(form): Form<Code>,
) -> Response {
    let Some((pending, _)) = visitor.session.as_ref().filter(|_| visitor.pending_code) else {
        return Redirect::to("/sign-in").into_response();
    };
    if !visitor.csrf_ok(&form.csrf) {
        return code_form(&state, &visitor, &form.next, Some(CODE_FAILED));
    }
    let source: IpAddr = client.0;
    match state.store.authenticate_code(&pending.person, form.code.trim(), source, Timestamp::now()).await {
        Ok(signed) => begin(&state, &visitor, &signed.actor.person, true, form.next.done()).await,
        Err(StoreError::SignInFailed) => code_form(&state, &visitor, &form.next, Some(CODE_FAILED)),
        Err(error) => internal(&error),
    }
}

/// Ends the visitor's session, if any, begins a new one for `person` and
/// sends them to `next` with its cookie.
pub(crate) async fn begin(
    state: &AppState,
    visitor: &Visitor,
    person: &PersonId,
    second_factor: bool,
    next: &str,
) -> Response {
    let now = Timestamp::now();
    if let Some((_, token)) = &visitor.session
        && let Err(error) = state.store.end_session(token, now).await
    {
        return internal(&error);
    }
    match state.store.create_session(person, second_factor, state.sessions, now).await {
        Ok(created) => {
            ([(header::SET_COOKIE, session::set_cookie(&created.token))], Redirect::to(next)).into_response()
        }
        Err(error) => internal(&error),
    }
}

pub(crate) fn internal(error: &StoreError) -> Response {
    tracing::error!(%error, "portal: store failed");
    crate::refusal("/", axum::http::StatusCode::INTERNAL_SERVER_ERROR, "internal", "Something went wrong.")
}
