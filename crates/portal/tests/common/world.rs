//! The real portal application over a real store (SQLite in a temporary
//! folder): a tenant tree, people of every role, sessions made by the store.

use std::net::SocketAddr;

use access::password::{Hasher, OWASP_MINIMUM};
use access::totp::{Secret, Totp};
use access::{PersonId, Role};
use compliance::calendar::BusinessCalendar;
use jiff::Timestamp;
use model::TenantId;
use store::{NewPerson, NewTenant, SessionPolicy, Store};

use super::client::{Response, https};

pub const PASSWORD: &str = "correct horse battery staple 42";
/// The OpenID Connect issuer the test portal serves as.
pub const ISSUER: &str = "https://sso.callvault.test";

pub struct World {
    pub portal: portal::Portal,
    pub store: Store,
    pub platform: TenantId,
    pub reseller: TenantId,
    pub customer: TenantId,
    _data: tempfile::TempDir,
}

pub fn hasher() -> Hasher {
    Hasher::with_cost(OWASP_MINIMUM).unwrap()
}

impl World {
    pub async fn start() -> Self {
        Self::start_with(portal::Limits::default()).await
    }

    /// Like [`World::start`], with other limits.
    pub async fn start_with(limits: portal::Limits) -> Self {
        Self::build(limits, BusinessCalendar::default()).await
    }

    /// Like [`World::start`], counting business days on `calendar`.
    pub async fn start_with_calendar(calendar: BusinessCalendar) -> Self {
        Self::build(portal::Limits::default(), calendar).await
    }

    async fn build(limits: portal::Limits, calendar: BusinessCalendar) -> Self {
        let data = tempfile::tempdir().unwrap();
        let store = Store::open(data.path()).await.unwrap();
        let platform = store.platform().await.unwrap().id;
        let tenant = |slug: &str, parent: Option<&str>| NewTenant {
            slug: slug.into(),
            name: slug.to_uppercase(),
            parent: parent.map(Into::into),
            sip_domain: parent.map(|_| format!("{slug}.example")),
            is_default: false,
        };
        let reseller = store.upsert_reseller(&tenant("acme-reseller", None)).await.unwrap().id;
        let customer = store.upsert_customer(&tenant("acme", Some("acme-reseller"))).await.unwrap().id;
        let settings = portal::AppSettings {
            store: store.clone(),
            hasher: hasher(),
            sessions: SessionPolicy::default(),
            issuer: Some(access::oidc::Issuer::parse(ISSUER).unwrap()),
            calendar,
        };
        let config = super::config(data.path(), limits);
        let portal = portal::Portal::start(&config, portal::app(settings)).await.unwrap();
        Self { portal, store, platform, reseller, customer, _data: data }
    }

    pub fn addr(&self) -> SocketAddr {
        self.portal.https_addrs()[0]
    }

    /// The tenant a role lives at.
    pub fn home_of(&self, role: Role) -> TenantId {
        match role {
            Role::PlatformAdmin | Role::SecurityOfficer | Role::Support => self.platform.clone(),
            Role::ResellerAdmin => self.reseller.clone(),
            _ => self.customer.clone(),
        }
    }

    /// A person with [`PASSWORD`].
    pub async fn person(&self, role: Role, login: &str) -> PersonId {
        self.person_at(&self.home_of(role), role, login).await
    }

    /// A person of `tenant` with [`PASSWORD`].
    pub async fn person_at(&self, tenant: &TenantId, role: Role, login: &str) -> PersonId {
        let new = NewPerson { tenant: tenant.clone(), role, login: login.into() };
        let person = self.store.create_person(&new, "test", Timestamp::now()).await.unwrap();
        self.store.set_password(&person.id, PASSWORD, &hasher(), "test", Timestamp::now()).await.unwrap();
        person.id
    }

    /// A person with [`PASSWORD`] and confirmed TOTP; its generator.
    pub async fn person_with_totp(&self, role: Role, login: &str) -> (PersonId, Totp) {
        self.person_with_totp_at(&self.home_of(role), role, login).await
    }

    /// A person of `tenant` with [`PASSWORD`] and confirmed TOTP; its generator.
    pub async fn person_with_totp_at(&self, tenant: &TenantId, role: Role, login: &str) -> (PersonId, Totp) {
        let id = self.person_at(tenant, role, login).await;
        let enrolment = self.store.start_totp_enrolment(&id, "test", Timestamp::now()).await.unwrap();
        let totp = Totp::new(Secret::from_bytes(enrolment.secret.as_bytes().to_vec()));
        let earlier = Timestamp::now() - jiff::SignedDuration::from_secs(30);
        self.store.confirm_totp(&id, &totp.code_at(earlier), earlier).await.unwrap();
        (id, totp)
    }

    /// A `Cookie:` header line of a full-strength session of `person`.
    pub async fn cookie(&self, person: &PersonId) -> String {
        let made = self.store.create_session(person, true, SessionPolicy::default(), Timestamp::now()).await.unwrap();
        format!("Cookie: __Host-callvault={}\r\n", made.token.as_str())
    }

    pub async fn get(&self, path: &str, headers: &str) -> Response {
        https(self.addr(), "GET", path, headers, "").await
    }

    pub async fn post_form(&self, path: &str, headers: &str, form: &str) -> Response {
        let headers = format!("{headers}Content-Type: application/x-www-form-urlencoded\r\n");
        https(self.addr(), "POST", path, &headers, form).await
    }
}

/// The `Cookie:` line that sends back what `response` set.
pub fn cookie_from(response: &Response) -> String {
    let set = response.header("set-cookie").expect("a Set-Cookie header");
    format!("Cookie: {}\r\n", set.split(';').next().unwrap())
}

/// The value of the hidden `csrf` field on a page.
pub fn csrf_in(body: &str) -> String {
    let start = body.find("name=\"csrf\" value=\"").expect("a CSRF field") + "name=\"csrf\" value=\"".len();
    body[start..start + 64].to_owned()
}

/// `pairs` as an `application/x-www-form-urlencoded` body.
pub fn form(pairs: &[(&str, &str)]) -> String {
    let encode = |value: &str| -> String {
        value
            .bytes()
            .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
            .collect()
    };
    pairs.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect::<Vec<_>>().join("&")
}

/// A CDR of `customer`: an inbound call from an outside number to `callee`.
pub fn call(customer: &TenantId, start_ms: i64, disposition: model::Disposition) -> model::Cdr {
    let answered = disposition == model::Disposition::Answered;
    model::Cdr {
        id: Store::new_cdr_id(),
        customer: customer.clone(),
        caller: "+12025550143".into(),
        callee: "201".into(),
        direction: model::CallDirection::Inbound,
        trunk: None,
        did: Some("+15555550100".into()),
        start_ms,
        answer_ms: answered.then_some(start_ms + 3_000),
        end_ms: start_ms + 63_000,
        disposition,
        hangup: model::HangupSide::Caller,
        sip_status: if answered { 200 } else { 486 },
    }
}

impl World {
    /// A customer admin with TOTP and a full session: its `Cookie:` line.
    pub async fn admin_cookie(&self, login: &str) -> String {
        let (id, _) = self.person_with_totp(Role::CustomerAdmin, login).await;
        self.cookie(&id).await
    }

    /// Extension `number` of the customer, stored directly (secrets that
    /// no password opens).
    pub async fn provision_extension(&self, number: &str) {
        let secret = model::SipSecret { ha1_md5: "0".repeat(32), ha1_sha256: "1".repeat(64) };
        let new = store::NewExtension {
            customer: self.customer.clone(),
            number: number.into(),
            display_name: format!("Desk {number}"),
            realm: "acme.example".into(),
            secret,
        };
        self.store.upsert_extension(&new).await.unwrap();
    }

    /// A signed-in person of `role` (TOTP on): its `Cookie:` line.
    pub async fn cookie_of(&self, role: Role, login: &str) -> String {
        let (id, _) = self.person_with_totp(role, login).await;
        self.cookie(&id).await
    }
}
