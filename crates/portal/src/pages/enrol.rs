//! TOTP enrolment (issue 5 item 2, RFC 6238): a new secret as a QR code
//! (SVG drawn server-side, no script) and an `otpauth://` URI, confirmed
//! with a first code before it takes effect; then the ten recovery codes,
//! shown once. The session is replaced by one of full strength.
//!
//! A person sent here from an OpenID Connect authorization request (their
//! role requires TOTP and they had none) carries that request as `next`
//! through both steps, and the recovery codes page continues to it.

use axum::extract::{Extension, Form, Query, State};
use axum::http::Method;
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use store::StoreError;

use super::Shell;
use super::sign_in::{Next, internal};
use crate::app::AppState;
use crate::auth::{ENROLMENT_PAGE, Visitor};
use crate::routes::{Access, Routes};
use crate::session;

pub(super) fn routes(routes: Routes) -> Routes {
    let access = Access::Requires(access::Permission::ProfileManage);
    routes.route(Method::GET, ENROLMENT_PAGE, access, page).route(Method::POST, ENROLMENT_PAGE, access, confirm)
}

#[derive(Serialize)]
struct Enrol<'a> {
    #[serde(flatten)]
    shell: Shell,
    confirmed: bool,
    required: bool,
    codes_left: usize,
    error: Option<&'a str>,
    qr_svg: &'a str,
    secret: &'a str,
    uri: &'a str,
    next: Option<&'a str>,
}

async fn page(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Query(next): Query<Next>,
) -> Response {
    render(&state, &visitor, None, &next).await
}

async fn render(state: &AppState, visitor: &Visitor, error: Option<&str>, next: &Next) -> Response {
    let Some(person) = &visitor.person else { return internal(&StoreError::UnknownPerson) };
    let shell = Shell::of(visitor, ENROLMENT_PAGE);
    let required = visitor.needs_enrolment();
    if person.totp_confirmed {
        let codes_left = state.store.recovery_codes_left(&person.id).await.unwrap_or(0);
        let page =
            Enrol { shell, confirmed: true, required, codes_left, error, qr_svg: "", secret: "", uri: "", next: None };
        return state.pages.render("enrol.html", page);
    }
    let enrolment = match state.store.start_totp_enrolment(&person.id, &person.id.0, Timestamp::now()).await {
        Ok(enrolment) => enrolment,
        Err(error) => return internal(&error),
    };
    let secret = enrolment.secret.to_base32();
    let page = Enrol {
        shell,
        confirmed: false,
        required,
        codes_left: 0,
        error,
        qr_svg: &enrolment.qr_svg,
        secret: &secret,
        uri: &enrolment.uri,
        next: next.get(),
    };
    state.pages.render("enrol.html", page)
}

#[derive(Deserialize)]
struct Confirm {
    code: String,
    csrf: String,
    #[serde(flatten)]
    next: Next,
}

#[derive(Serialize)]
struct Codes<'a> {
    #[serde(flatten)]
    shell: Shell,
    codes: Vec<String>,
    /// Where "continue" goes: the authorization request, or the dashboard.
    next: &'a str,
}

async fn confirm(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Form(form): Form<Confirm>,
) -> Response {
    let Some(person) = visitor.person.as_ref().filter(|p| !p.totp_confirmed) else {
        return render(&state, &visitor, None, &form.next).await;
    };
    const WRONG: &str = "That code did not match. Scan the new code below and try again.";
    if !visitor.csrf_ok(&form.csrf) {
        return render(&state, &visitor, Some(WRONG), &form.next).await;
    }
    let now = Timestamp::now();
    let codes = match state.store.confirm_totp(&person.id, form.code.trim(), now).await {
        Ok(codes) => codes,
        Err(StoreError::Access(_)) => return render(&state, &visitor, Some(WRONG), &form.next).await,
        Err(error) => return internal(&error),
    };
    if let Some((_, token)) = &visitor.session
        && let Err(error) = state.store.end_session(token, now).await
    {
        return internal(&error);
    }
    let created = match state.store.create_session(&person.id, true, state.sessions, now).await {
        Ok(created) => created,
        Err(error) => return internal(&error),
    };
    let mut shell = Shell::of(&visitor, ENROLMENT_PAGE);
    shell.csrf = session::csrf_token(&created.session.csrf_secret);
    let codes = Codes { shell, codes: codes.codes.iter().map(|c| c.to_string()).collect(), next: form.next.done() };
    let cookie = [(axum::http::header::SET_COOKIE, session::set_cookie(&created.token))];
    (cookie, state.pages.render("recovery_codes.html", codes)).into_response()
}
