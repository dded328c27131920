//! A customer's own CPNI choices (issue 7 item 2; 47 CFR 64.2007(a),
//! 64.2008(d)(3)(v) and (e)): the customer admin sees, per approval scope
//! (64.2007(b)), the state their history leaves it in and the history
//! itself, newest first; they allow (opt-in), refuse (disapprove) or
//! withdraw an earlier choice (revoke) at any hour and at no cost.
//!
//! - The customer is always the signed-in person's own tenant, never a form
//!   field; `access::decide` rules on `cpni.choose` over it.
//! - Each choice is recorded electronically (64.2007(a)(1)) with evidence
//!   naming the portal and the person's id only, effective today
//!   (America/New_York), by `Store::record_approval`, which checks it
//!   (`ApprovalRecord::validate`) and audits it as `consent.record`.
//! - A refused choice is a 4xx page that says why, never a 500.

use access::{Actor, Permission, PersonId, Target, decide};
use axum::extract::{Extension, Form, Query, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use compliance::{ApprovalAction, ApprovalRecord, ApprovalScope, ApprovalStatus, Mechanism};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use store::{Person, StoreError};

use super::Shell;
use super::cpni_choice_words::{action_words, method_words, rule_words, scope_words, status_words};
use super::paging::{PAGE_SIZE, Pager};
use super::sign_in::internal;
use crate::app::AppState;
use crate::auth::Visitor;
use crate::routes::{Access, Routes};

const PATH: &str = "/cpni/choices";

pub(super) fn routes(routes: Routes) -> Routes {
    let access = Access::Requires(Permission::CpniChoose);
    routes.route(Method::GET, PATH, access, page).route(Method::POST, PATH, access, choose)
}

/// One scope's card.
#[derive(Serialize)]
struct ScopeCard {
    code: &'static str,
    heading: &'static str,
    who: &'static str,
    rule: &'static str,
    status: String,
    /// `allowed`, `pending`, `refused` or `none`.
    standing: &'static str,
    opted_in: bool,
    disapproved: bool,
}

/// One record of the history.
#[derive(Serialize)]
struct HistoryRow {
    effective: String,
    recorded: String,
    scope: &'static str,
    action: &'static str,
    method: &'static str,
    by: String,
}

#[derive(Serialize)]
struct Choices {
    #[serde(flatten)]
    shell: Shell,
    today: String,
    scopes: Vec<ScopeCard>,
    history: Vec<HistoryRow>,
    pager: Pager,
    saved: bool,
    error: Option<String>,
}

#[derive(Deserialize)]
struct ChoicesQuery {
    page: Option<usize>,
    #[serde(default)]
    saved: bool,
}

#[derive(Deserialize)]
struct ChoiceForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    choice: String,
}

/// Why a choice was not recorded: its status and the page's message.
struct Refused(StatusCode, String);

impl Refused {
    fn bad(message: &str) -> Self {
        Self(StatusCode::BAD_REQUEST, message.to_owned())
    }
}

async fn page(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Query(query): Query<ChoicesQuery>,
) -> Response {
    render(&state, &visitor, query.page, query.saved, None).await
}

async fn render(
    state: &AppState,
    visitor: &Visitor,
    page: Option<usize>,
    saved: bool,
    refused: Option<Refused>,
) -> Response {
    let Some(me) = &visitor.person else { return super::sign_in_redirect() };
    let history = match state.store.approval_history(&me.tenant).await {
        Ok(history) => history,
        Err(error) => return internal(&error),
    };
    let today = today();
    let scopes = ApprovalScope::ALL.into_iter().map(|scope| card(&history, scope, today)).collect();
    let pager = Pager::new(page, history.len(), PAGE_SIZE);
    let newest_first = history.into_iter().rev().collect();
    let history = history_rows(state, me, pager.cut(newest_first, PAGE_SIZE)).await;
    let (status, error) = refused.map_or((StatusCode::OK, None), |Refused(status, message)| (status, Some(message)));
    let shell = Shell::of(visitor, PATH);
    let page = Choices { shell, today: today.to_string(), scopes, history, pager, saved, error };
    (status, state.pages.render("cpni_choices.html", page)).into_response()
}

fn card(history: &[ApprovalRecord], scope: ApprovalScope, today: Date) -> ScopeCard {
    let now_in_effect = ApprovalStatus::of(history, scope);
    let (heading, who) = scope_words(scope);
    let (status, standing) = status_words(now_in_effect, scope, today);
    ScopeCard {
        code: scope.code(),
        heading,
        who,
        rule: rule_words(scope),
        status,
        standing,
        opted_in: matches!(now_in_effect, ApprovalStatus::OptIn { .. }),
        disapproved: matches!(now_in_effect, ApprovalStatus::Disapproved { .. }),
    }
}

async fn history_rows(state: &AppState, me: &Person, records: Vec<ApprovalRecord>) -> Vec<HistoryRow> {
    let mut rows = Vec::with_capacity(records.len());
    for record in records {
        rows.push(HistoryRow {
            effective: record.effective_on.to_string(),
            recorded: record.recorded_at.strftime("%Y-%m-%d %H:%M UTC").to_string(),
            scope: scope_words(record.scope).0,
            action: action_words(record.action),
            method: method_words(record.method),
            by: recorder(state, me, &record.recorded_by).await,
        });
    }
    rows
}

/// Who recorded a choice, as the customer may see it: the sign-in name of
/// one of their own people, else the carrier (staff and operators unnamed).
async fn recorder(state: &AppState, me: &Person, recorded_by: &str) -> String {
    match state.store.person(&PersonId(recorded_by.to_owned())).await {
        Ok(person) if person.tenant == me.tenant => person.login,
        _ => "Your carrier".to_owned(),
    }
}

async fn choose(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Form(form): Form<ChoiceForm>,
) -> Response {
    let Some(actor) = visitor.actor.as_ref().filter(|_| visitor.csrf_ok(&form.csrf)) else { return forbidden() };
    if !may_choose(actor) {
        return forbidden();
    }
    match record_choice(&state, actor, &form).await {
        Ok(()) => Redirect::to("/cpni/choices?saved=true").into_response(),
        Err(Outcome::Refused(refused)) => render(&state, &visitor, None, false, Some(refused)).await,
        Err(Outcome::Forbidden) => forbidden(),
        Err(Outcome::Failed(error)) => internal(&error),
    }
}

/// Whether `decide` lets `actor` choose for the customer they belong to.
fn may_choose(actor: &Actor) -> bool {
    let customer = Target::tenant(actor.home.clone());
    decide(actor, Permission::CpniChoose, &customer, Timestamp::now()).is_allowed()
}

/// Why a choice was not recorded.
enum Outcome {
    Refused(Refused),
    Forbidden,
    Failed(StoreError),
}

async fn record_choice(state: &AppState, actor: &Actor, form: &ChoiceForm) -> Result<(), Outcome> {
    let scope = ApprovalScope::parse(&form.scope).map_err(|_| bad("There is no such choice."))?;
    let action = action_of(&form.choice).ok_or_else(|| bad("Choose “Allow”, “Do not allow” or “Withdraw”."))?;
    let customer = actor.home.leaf();
    if action == ApprovalAction::Revoke {
        let history = state.store.approval_history(customer).await.map_err(Outcome::Failed)?;
        if ApprovalStatus::of(&history, scope) == ApprovalStatus::None {
            return Err(bad("You have no earlier choice to withdraw there."));
        }
    }
    match state.store.record_approval(customer, &electronic_record(actor, scope, action)).await {
        Ok(()) => Ok(()),
        Err(StoreError::Compliance(error)) => Err(Outcome::Refused(not_recorded(&error))),
        Err(StoreError::UnknownTenant(_)) => Err(Outcome::Forbidden),
        Err(error) => Err(Outcome::Failed(error)),
    }
}

/// The action a button asks for: the customer never records an opt-out
/// approval here, which only a notice and its waiting period make.
fn action_of(choice: &str) -> Option<ApprovalAction> {
    match choice {
        "allow" => Some(ApprovalAction::Approve(Mechanism::OptIn)),
        "deny" => Some(ApprovalAction::Disapprove),
        "withdraw" => Some(ApprovalAction::Revoke),
        _ => None,
    }
}

/// The record of `actor`'s choice made here, now, effective today.
fn electronic_record(actor: &Actor, scope: ApprovalScope, action: ApprovalAction) -> ApprovalRecord {
    ApprovalRecord {
        scope,
        action,
        method: compliance::Method::Electronic,
        evidence: format!("portal:{}", actor.person.0),
        notified_on: None,
        effective_on: today(),
        recorded_at: Timestamp::now(),
        recorded_by: actor.person.0.clone(),
    }
}

/// Today in the FCC's time zone.
fn today() -> Date {
    compliance::gate::eastern_date(Timestamp::now())
}

fn bad(message: &str) -> Outcome {
    Outcome::Refused(Refused::bad(message))
}

/// A choice the rules refuse: 422 with the rule's reason.
fn not_recorded(error: &compliance::Error) -> Refused {
    Refused(StatusCode::UNPROCESSABLE_ENTITY, format!("Your choice was not recorded: {error}."))
}

fn forbidden() -> Response {
    crate::refusal(PATH, StatusCode::FORBIDDEN, "forbidden", "You may not do this.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_refusal_is_unprocessable_and_says_why() {
        let Refused(status, message) = not_recorded(&compliance::Error::BadReference("evidence"));
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(message.contains("evidence must be non-empty"), "{message}");
    }

    #[test]
    fn the_buttons_never_record_an_opt_out() {
        let actions: Vec<_> =
            ["allow", "deny", "withdraw", "opt_out", ""].iter().filter_map(|c| action_of(c)).collect();
        assert_eq!(
            actions,
            [ApprovalAction::Approve(Mechanism::OptIn), ApprovalAction::Disapprove, ApprovalAction::Revoke]
        );
    }
}
