//! Account and security (issue 5 item 3, issue 6 item 2): sign out, sign
//! out everywhere (every session and API token of the person), and the
//! person's API tokens: listed without secrets, created with one scope the
//! role holds (the secret shown once), revoked.

use access::{Permission, PersonId};
use axum::extract::{Extension, Form, Path, State};
use axum::http::{Method, header};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use store::{ApiToken, NewApiToken};

use super::Shell;
use super::sign_in::internal;
use crate::app::AppState;
use crate::auth::Visitor;
use crate::routes::{Access, Routes};
use crate::session;

pub(super) fn routes(routes: Routes) -> Routes {
    let own = Access::Requires(Permission::ProfileManage);
    routes
        .route(Method::GET, "/account", own, page)
        .route(Method::POST, "/account/tokens", own, create_token)
        .route(Method::POST, "/account/tokens/{id}/revoke", own, revoke_token)
        .route(Method::POST, "/sign-out", Access::Public, sign_out)
        .route(Method::POST, "/sign-out/everywhere", own, sign_out_everywhere)
}

#[derive(Deserialize)]
struct Csrf {
    csrf: String,
}

#[derive(Serialize)]
struct TokenRow {
    id: String,
    name: String,
    scopes: String,
    expires: String,
    last_used: String,
    revoked: bool,
}

#[derive(Serialize)]
struct Account {
    #[serde(flatten)]
    shell: Shell,
    totp: bool,
    codes_left: usize,
    tokens: Vec<TokenRow>,
    scopes: Vec<&'static str>,
    new_secret: Option<String>,
}

async fn page(State(state): State<AppState>, Extension(visitor): Extension<Visitor>) -> Response {
    render(&state, &visitor, None).await
}

async fn render(state: &AppState, visitor: &Visitor, new_secret: Option<String>) -> Response {
    let Some(person) = &visitor.person else { return Redirect::to("/sign-in").into_response() };
    let (tokens, codes_left) =
        match (state.store.api_tokens_of(&person.id).await, state.store.recovery_codes_left(&person.id).await) {
            (Ok(tokens), Ok(left)) => (tokens, left),
            (Err(error), _) | (_, Err(error)) => return internal(&error),
        };
    let page = Account {
        shell: Shell::of(visitor, "/account"),
        totp: person.totp_confirmed,
        codes_left,
        tokens: tokens.iter().map(row).collect(),
        scopes: person.role.permissions().iter().map(|p| p.name()).collect(),
        new_secret,
    };
    state.pages.render("account.html", page)
}

fn row(token: &ApiToken) -> TokenRow {
    let day = |at: Timestamp| at.strftime("%Y-%m-%d").to_string();
    TokenRow {
        id: token.id.clone(),
        name: token.name.clone(),
        scopes: token.scopes.iter().map(|p| p.name()).collect::<Vec<_>>().join(", "),
        expires: day(token.expires),
        last_used: token.last_used.map_or_else(|| "never".to_owned(), day),
        revoked: token.revoked,
    }
}

#[derive(Deserialize)]
struct NewToken {
    csrf: String,
    name: String,
    scope: String,
    days: Option<i64>,
}

async fn create_token(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Form(form): Form<NewToken>,
) -> Response {
    let Some(person) = visitor.person.as_ref().filter(|_| visitor.csrf_ok(&form.csrf)) else {
        return forbidden();
    };
    let Some(scope) = Permission::from_name(&form.scope).filter(|p| person.role.holds(*p)) else {
        return forbidden();
    };
    let now = Timestamp::now();
    let days = form.days.unwrap_or(30).clamp(1, 365);
    let expires = now + SignedDuration::from_hours(24 * days);
    let new = NewApiToken { person: &person.id, name: &form.name, scopes: &[scope], expires };
    match state.store.create_api_token(&new, now).await {
        Ok((secret, _)) => render(&state, &visitor, Some(secret.to_string())).await,
        Err(store::StoreError::Invalid(what)) => {
            crate::refusal("/account", axum::http::StatusCode::BAD_REQUEST, "invalid", what)
        }
        Err(error) => internal(&error),
    }
}

async fn revoke_token(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Path(id): Path<String>,
    Form(form): Form<Csrf>,
) -> Response {
    let Some(person) = visitor.person.as_ref().filter(|_| visitor.csrf_ok(&form.csrf)) else {
        return forbidden();
    };
    match state.store.revoke_api_token(&person.id, &id, Timestamp::now()).await {
        Ok(_) => Redirect::to("/account").into_response(),
        Err(error) => internal(&error),
    }
}

async fn sign_out(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Form(form): Form<Csrf>,
) -> Response {
    if let Some((_, token)) = visitor.session.as_ref().filter(|_| visitor.csrf_ok(&form.csrf))
        && let Err(error) = state.store.end_session(token, Timestamp::now()).await
    {
        return internal(&error);
    }
    signed_out()
}

async fn sign_out_everywhere(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Form(form): Form<Csrf>,
) -> Response {
    let Some(person) = visitor.person.as_ref().filter(|_| visitor.csrf_ok(&form.csrf)) else {
        return forbidden();
    };
    let id: &PersonId = &person.id;
    match state.store.end_all_sessions(id, Timestamp::now()).await {
        Ok(_) => signed_out(),
        Err(error) => internal(&error),
    }
}

fn signed_out() -> Response {
    ([(header::SET_COOKIE, session::clear_cookie())], Redirect::to("/sign-in")).into_response()
}

fn forbidden() -> Response {
    crate::refusal("/account", axum::http::StatusCode::FORBIDDEN, "forbidden", "You may not do this.")
}
