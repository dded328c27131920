//! Extensions and devices (issue 6 item 2): the customer's extensions a
//! page at a time, each with its phones' live registrations (RFC 3261
//! §10.3 bindings that have not lapsed); create, rename, reset the SIP
//! password (shown once; only the RFC 7616 HA1 values are stored), assign it
//! to one of the customer's people, whose own calls are then its calls
//! (issue 5 item 4). The registration table refreshes itself with htmx every
//! few seconds; without JavaScript a plain link reloads the page.

use access::Permission;
use axum::extract::{Extension, Form, Path, Query, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::Timestamp;
use model::{Binding, TenantId};
use serde::{Deserialize, Serialize};
use store::{NewExtension, StoreError};

use super::Shell;
use super::paging::{PAGE_SIZE, Pager};
use super::people::PageQuery;
use super::sign_in::internal;
use crate::app::AppState;
use crate::auth::Visitor;
use crate::routes::{Access, Routes};
use crate::sip_password;

pub(super) fn routes(routes: Routes) -> Routes {
    let (read, configure) = (Access::Requires(Permission::PbxRead), Access::Requires(Permission::PbxConfigure));
    routes
        .route(Method::GET, "/extensions", read, list)
        .route(Method::POST, "/extensions", configure, create)
        .route(Method::GET, "/extensions/registrations", read, registrations)
        .route(Method::GET, "/extensions/{id}", read, edit)
        .route(Method::POST, "/extensions/{id}", configure, rename)
        .route(Method::POST, "/extensions/{id}/password", Access::Requires(Permission::DeviceProvision), reset)
        .route(Method::POST, "/extensions/{id}/owner", configure, assign)
}

#[derive(Serialize)]
struct Row {
    number: String,
    display_name: String,
    devices: usize,
}

/// One phone's registration, as the page shows it.
#[derive(Serialize)]
struct Device {
    number: String,
    user_agent: String,
    transport: &'static str,
    source: String,
    expires_in: i64,
}

#[derive(Serialize)]
struct List {
    #[serde(flatten)]
    shell: Shell,
    rows: Vec<Row>,
    pager: Pager,
    devices: Vec<Device>,
    can_configure: bool,
    created: Option<Created>,
    error: Option<&'static str>,
}

/// An extension just made or reset, with its password (shown once).
#[derive(Serialize)]
struct Created {
    number: String,
    realm: String,
    password: String,
}

#[derive(Deserialize)]
struct NewForm {
    #[serde(default)]
    csrf: String,
    number: String,
    #[serde(default)]
    display_name: String,
}

#[derive(Deserialize)]
struct RenameForm {
    #[serde(default)]
    csrf: String,
    display_name: String,
}

#[derive(Deserialize)]
struct OwnerForm {
    #[serde(default)]
    csrf: String,
    /// A person's id; empty for nobody.
    #[serde(default)]
    person: String,
}

/// One of the people an extension can be assigned to.
#[derive(Serialize)]
struct Choice {
    id: String,
    login: String,
    selected: bool,
}

#[derive(Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

fn customer_of(visitor: &Visitor) -> Option<TenantId> {
    visitor.person.as_ref().map(|p| p.tenant.clone())
}

async fn list(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Query(query): Query<PageQuery>,
) -> Response {
    render_list(&state, &visitor, query.page, None, None).await
}

async fn render_list(
    state: &AppState,
    visitor: &Visitor,
    page: Option<usize>,
    created: Option<Created>,
    error: Option<&'static str>,
) -> Response {
    let Some(customer) = customer_of(visitor) else { return super::sign_in_redirect() };
    let (extensions, bindings) = match (state.store.extensions(&customer).await, live(state, &customer).await) {
        (Ok(extensions), Ok(bindings)) => (extensions, bindings),
        (Err(error), _) | (_, Err(error)) => return internal(&error),
    };
    let pager = Pager::new(page, extensions.len(), PAGE_SIZE);
    let rows = pager
        .cut(extensions, PAGE_SIZE)
        .into_iter()
        .map(|e| Row {
            devices: bindings.iter().filter(|b| b.aor.number == e.number).count(),
            number: e.number,
            display_name: e.display_name,
        })
        .collect();
    let can_configure = visitor.person.as_ref().is_some_and(|p| p.role.holds(Permission::PbxConfigure));
    let devices = devices(&bindings, None);
    let shell = Shell::of(visitor, "/extensions");
    let status = if error.is_some() { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    let page = List { shell, rows, pager, devices, can_configure, created, error };
    (status, state.pages.render("extensions.html", page)).into_response()
}

/// The customer's bindings that have not lapsed.
async fn live(state: &AppState, customer: &TenantId) -> Result<Vec<Binding>, StoreError> {
    let now = Timestamp::now().as_millisecond();
    let mut bindings = state.store.live_bindings(now).await?;
    bindings.retain(|b| &b.aor.customer == customer);
    Ok(bindings)
}

/// The bindings as rows, those of `number` only if given.
fn devices(bindings: &[Binding], number: Option<&str>) -> Vec<Device> {
    let now = Timestamp::now().as_millisecond();
    bindings
        .iter()
        .filter(|b| number.is_none_or(|n| b.aor.number == n))
        .map(|b| Device {
            number: b.aor.number.clone(),
            user_agent: b.user_agent.clone().unwrap_or_else(|| "Unknown phone".into()),
            transport: b.transport.as_str(),
            source: b.source.clone(),
            expires_in: (b.expires_at_ms - now).max(0) / 1000,
        })
        .collect()
}

#[derive(Serialize)]
struct Fragment {
    devices: Vec<Device>,
    at: String,
}

/// The live registrations table alone, for htmx to swap in.
async fn registrations(State(state): State<AppState>, Extension(visitor): Extension<Visitor>) -> Response {
    let Some(customer) = customer_of(&visitor) else { return super::sign_in_redirect() };
    match live(&state, &customer).await {
        Ok(bindings) => {
            let at = Timestamp::now().strftime("%H:%M:%S UTC").to_string();
            state.pages.render("registrations.html", Fragment { devices: devices(&bindings, None), at })
        }
        Err(error) => internal(&error),
    }
}

/// Whether `number` can be an extension: 2 to 12 letters and digits.
fn valid_number(number: &str) -> bool {
    (2..=12).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_alphanumeric())
}

async fn create(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Form(form): Form<NewForm>,
) -> Response {
    if !visitor.csrf_ok(&form.csrf) {
        return forbidden();
    }
    let Some(customer) = customer_of(&visitor) else { return super::sign_in_redirect() };
    let number = form.number.trim();
    if !valid_number(number) {
        return render_list(&state, &visitor, None, None, Some("An extension number is 2 to 12 letters and digits."))
            .await;
    }
    match state.store.extension(&customer, number).await {
        Ok(Some(_)) => return render_list(&state, &visitor, None, None, Some("That extension exists already.")).await,
        Ok(None) => {}
        Err(error) => return internal(&error),
    }
    let name = form.display_name.trim();
    let name = if name.is_empty() { number } else { name };
    match provision(&state, &customer, number, name).await {
        Ok(created) => render_list(&state, &visitor, None, Some(created), None).await,
        Err(StoreError::Invalid(_)) => {
            render_list(&state, &visitor, None, None, Some("That name cannot be used.")).await
        }
        Err(error) => internal(&error),
    }
}

/// Stores extension `number` with a new password; the password, once.
async fn provision(state: &AppState, customer: &TenantId, number: &str, name: &str) -> Result<Created, StoreError> {
    let tenant = state.store.tenant(customer).await?;
    let realm = tenant.and_then(|t| t.sip_domain).ok_or(StoreError::Invalid("the customer has no SIP domain"))?;
    let password = sip_password::generate();
    let secret = sip_password::secret(number, &realm, &password);
    let new = NewExtension {
        customer: customer.clone(),
        number: number.to_owned(),
        display_name: name.to_owned(),
        realm,
        secret,
    };
    let stored = state.store.upsert_extension(&new).await?;
    Ok(Created { number: stored.number, realm: stored.realm, password: password.to_string() })
}

#[derive(Serialize)]
struct Edit {
    #[serde(flatten)]
    shell: Shell,
    number: String,
    display_name: String,
    realm: String,
    devices: Vec<Device>,
    can_configure: bool,
    can_reset: bool,
    created: Option<Created>,
    /// The sign-in name of the person it is assigned to, and whom it can
    /// be assigned to: only for those who may configure it (the others do
    /// not learn their colleagues' sign-in names here).
    owner: Option<String>,
    people: Vec<Choice>,
}

async fn edit(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Path(number): Path<String>,
) -> Response {
    render_edit(&state, &visitor, &number, None).await
}

async fn render_edit(state: &AppState, visitor: &Visitor, number: &str, created: Option<Created>) -> Response {
    let Some(customer) = customer_of(visitor) else { return super::sign_in_redirect() };
    let extension = match state.store.extension(&customer, number).await {
        Ok(Some(extension)) => extension,
        Ok(None) => return not_found(),
        Err(error) => return internal(&error),
    };
    let bindings = match live(state, &customer).await {
        Ok(bindings) => bindings,
        Err(error) => return internal(&error),
    };
    let holds = |p| visitor.person.as_ref().is_some_and(|person| person.role.holds(p));
    let can_configure = holds(Permission::PbxConfigure);
    let (owner, people) = if can_configure {
        match owner_and_choices(state, &customer, number).await {
            Ok(found) => found,
            Err(error) => return internal(&error),
        }
    } else {
        (None, Vec::new())
    };
    let page = Edit {
        shell: Shell::of(visitor, "/extensions"),
        devices: devices(&bindings, Some(number)),
        number: extension.number,
        display_name: extension.display_name,
        realm: extension.realm,
        can_configure,
        can_reset: holds(Permission::DeviceProvision),
        created,
        owner,
        people,
    };
    state.pages.render("extension.html", page)
}

/// The login of the person extension `number` is assigned to, and the
/// customer's people to choose from.
async fn owner_and_choices(
    state: &AppState,
    customer: &TenantId,
    number: &str,
) -> Result<(Option<String>, Vec<Choice>), StoreError> {
    let owner = state.store.extension_owner(customer, number).await?;
    let people = state.store.people_of(customer).await?;
    let login = people.iter().find(|p| Some(&p.id) == owner.as_ref()).map(|p| p.login.clone());
    let choices = people
        .into_iter()
        .map(|p| Choice { selected: Some(&p.id) == owner.as_ref(), id: p.id.0, login: p.login })
        .collect();
    Ok((login, choices))
}

async fn assign(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Path(number): Path<String>,
    Form(form): Form<OwnerForm>,
) -> Response {
    if !visitor.csrf_ok(&form.csrf) {
        return forbidden();
    }
    let Some(me) = &visitor.person else { return super::sign_in_redirect() };
    let person = Some(form.person.trim()).filter(|p| !p.is_empty()).map(|p| access::PersonId(p.to_owned()));
    match state.store.assign_extension(&me.tenant, &number, person.as_ref(), &me.id.0).await {
        Ok(()) => Redirect::to(&format!("/extensions/{number}")).into_response(),
        Err(StoreError::Invalid(what)) => crate::refusal("/extensions", StatusCode::BAD_REQUEST, "invalid", what),
        Err(error) => internal(&error),
    }
}

async fn rename(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Path(number): Path<String>,
    Form(form): Form<RenameForm>,
) -> Response {
    if !visitor.csrf_ok(&form.csrf) {
        return forbidden();
    }
    let Some(customer) = customer_of(&visitor) else { return super::sign_in_redirect() };
    let Some(extension) = (match state.store.extension(&customer, &number).await {
        Ok(found) => found,
        Err(error) => return internal(&error),
    }) else {
        return not_found();
    };
    let name = form.display_name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return crate::refusal("/extensions", StatusCode::BAD_REQUEST, "invalid", "A name is 1 to 100 characters.");
    }
    let new = NewExtension {
        customer,
        number: extension.number,
        display_name: name.to_owned(),
        realm: extension.realm,
        secret: extension.secret,
    };
    match state.store.upsert_extension(&new).await {
        Ok(_) => Redirect::to(&format!("/extensions/{number}")).into_response(),
        Err(StoreError::Invalid(what)) => crate::refusal("/extensions", StatusCode::BAD_REQUEST, "invalid", what),
        Err(error) => internal(&error),
    }
}

async fn reset(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Path(number): Path<String>,
    Form(form): Form<CsrfForm>,
) -> Response {
    if !visitor.csrf_ok(&form.csrf) {
        return forbidden();
    }
    let Some(customer) = customer_of(&visitor) else { return super::sign_in_redirect() };
    let extension = match state.store.extension(&customer, &number).await {
        Ok(Some(extension)) => extension,
        Ok(None) => return not_found(),
        Err(error) => return internal(&error),
    };
    match provision(&state, &customer, &extension.number, &extension.display_name).await {
        Ok(created) => render_edit(&state, &visitor, &number, Some(created)).await,
        Err(error) => internal(&error),
    }
}

fn forbidden() -> Response {
    crate::refusal("/extensions", StatusCode::FORBIDDEN, "forbidden", "You may not do this.")
}

fn not_found() -> Response {
    crate::refusal("/extensions", StatusCode::NOT_FOUND, "not_found", "There is no such extension.")
}
