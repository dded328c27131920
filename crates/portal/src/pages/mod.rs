//! Server-rendered pages (issue 6 item 2): minijinja templates compiled into
//! the binary, one stylesheet and htmx 2 served from `/static` (CSP
//! `script-src 'self'`, no inline script or style), every form posted with
//! the session's CSRF token, every page usable without JavaScript.

mod account;
mod audit;
mod calls;
mod compliance_dashboard;
mod cpni_choice_words;
mod cpni_choices;
mod customers;
mod dashboard;
mod delegations;
mod enrol;
mod extensions;
mod gate;
mod grants;
mod paging;
mod people;
mod sign_in;
mod statics;

use access::{Permission, Role};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use minijinja::Environment;
use serde::Serialize;

use crate::auth::Visitor;
use crate::routes::Routes;

/// The compiled templates.
pub(crate) struct Pages {
    env: Environment<'static>,
}

const TEMPLATES: [(&str, &str); 18] = [
    ("base.html", include_str!("../../templates/base.html")),
    ("sign_in.html", include_str!("../../templates/sign_in.html")),
    ("enrol.html", include_str!("../../templates/enrol.html")),
    ("recovery_codes.html", include_str!("../../templates/recovery_codes.html")),
    ("dashboard.html", include_str!("../../templates/dashboard.html")),
    ("account.html", include_str!("../../templates/account.html")),
    ("people.html", include_str!("../../templates/people.html")),
    ("pager.html", include_str!("../../templates/pager.html")),
    ("extensions.html", include_str!("../../templates/extensions.html")),
    ("extension.html", include_str!("../../templates/extension.html")),
    ("registrations.html", include_str!("../../templates/registrations.html")),
    ("calls.html", include_str!("../../templates/calls.html")),
    ("audit.html", include_str!("../../templates/audit.html")),
    ("delegations.html", include_str!("../../templates/delegations.html")),
    ("customers.html", include_str!("../../templates/customers.html")),
    ("grants.html", include_str!("../../templates/grants.html")),
    ("cpni_choices.html", include_str!("../../templates/cpni_choices.html")),
    ("compliance.html", include_str!("../../templates/compliance.html")),
];

impl Pages {
    pub(crate) fn new() -> Self {
        let mut env = Environment::new();
        for (name, source) in TEMPLATES {
            env.add_template(name, source).expect("templates compile (checked by tests)");
        }
        Self { env }
    }

    /// Renders `name` with `context`; HTML is auto-escaped.
    pub(crate) fn render(&self, name: &str, context: impl Serialize) -> Response {
        match self.env.get_template(name).and_then(|t| t.render(minijinja::value::Serde(context))) {
            Ok(html) => Html(html).into_response(),
            Err(error) => {
                tracing::error!(%error, template = name, "portal: rendering failed");
                crate::refusal("/", StatusCode::INTERNAL_SERVER_ERROR, "internal", "Something went wrong.")
            }
        }
    }
}

/// Every page route.
pub(crate) fn routes(routes: Routes) -> Routes {
    let routes = statics::routes(routes);
    let routes = sign_in::routes(routes);
    let routes = enrol::routes(routes);
    let routes = dashboard::routes(routes);
    let routes = people::routes(routes);
    let routes = extensions::routes(routes);
    let routes = calls::routes(routes);
    let routes = audit::routes(routes);
    let routes = delegations::routes(routes);
    let routes = customers::routes(routes);
    let routes = grants::routes(routes);
    let routes = cpni_choices::routes(routes);
    let routes = compliance_dashboard::routes(routes);
    account::routes(routes)
}

/// One entry of the navigation: a built section links, a future one does not.
#[derive(Serialize)]
pub(crate) struct NavItem {
    label: &'static str,
    href: Option<&'static str>,
    blurb: &'static str,
    section: bool,
    active: bool,
}

/// (label, built page, permission, blurb) of each section.
const SECTIONS: [(&str, Option<&str>, Permission, &str); 13] = [
    ("Dashboard", Some("/dashboard"), Permission::ProfileManage, ""),
    ("Call history", Some("/calls"), Permission::CdrRead, "Calls from the detail records, filtered and exported."),
    ("Extensions & devices", Some("/extensions"), Permission::PbxRead, "Extensions, phones and live registrations."),
    ("Voicemail", None, Permission::VoicemailList, "Messages left for you and your teams."),
    ("Recordings", None, Permission::RecordingList, "Recorded calls, under the CPNI rules."),
    ("People", Some("/people"), Permission::UserRead, "Who signs in, their roles and two-factor status."),
    (
        "Customers",
        Some("/customers"),
        Permission::TenantManage,
        "Your customers, their extensions and what they delegate.",
    ),
    ("Delegation", Some("/delegations"), Permission::DelegationManage, "What your reseller may do for you."),
    (
        "CPNI choices",
        Some("/cpni/choices"),
        Permission::CpniChoose,
        "Whether we may use your call information for marketing, or share it.",
    ),
    ("Access grants", Some("/grants"), Permission::AccessGrant, "Time-boxed access for platform engineers."),
    (
        "Compliance",
        Some("/compliance"),
        Permission::ComplianceRead,
        "Open CPNI deadlines: breaches, FCC letters, notices, the certification.",
    ),
    ("Audit log", Some("/audit"), Permission::AuditRead, "Every access to customer data, tamper-evident."),
    ("Account & security", Some("/account"), Permission::ProfileManage, ""),
];

/// The navigation `role` sees, with `current` highlighted.
pub(crate) fn nav(role: Role, current: &str) -> Vec<NavItem> {
    SECTIONS
        .iter()
        .filter(|(_, _, permission, _)| role.holds(*permission))
        .map(|&(label, href, _, blurb)| NavItem {
            label,
            href,
            blurb,
            section: !blurb.is_empty(),
            active: href == Some(current),
        })
        .collect()
}

/// The context every signed-in page shares.
#[derive(Serialize)]
pub(crate) struct Shell {
    login: String,
    role: &'static str,
    csrf: String,
    nav: Vec<NavItem>,
}

impl Shell {
    /// The shell of `current` for a signed-in visitor (the guard let them in).
    pub(crate) fn of(visitor: &Visitor, current: &str) -> Self {
        let (login, role) = visitor.person.as_ref().map_or((String::new(), Role::User), |p| (p.login.clone(), p.role));
        Self { login, role: role.name(), csrf: visitor.csrf(), nav: nav(role, current) }
    }
}

/// Where a page sends a visitor it cannot place (the guard let them in,
/// so this is a session that ended in between).
pub(crate) fn sign_in_redirect() -> Response {
    axum::response::Redirect::to("/sign-in").into_response()
}
