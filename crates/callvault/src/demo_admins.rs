//! The demo's portal administrators (issue 6 item 5): on first run a
//! customer administrator of the demo customer and a reseller administrator
//! of the demo reseller, each with a random password and a confirmed TOTP
//! enrolment, so `callvault demo --json` can print everything needed to
//! sign in to the portal (password, and the TOTP key for an authenticator
//! app). Kept in `demo-admins.json` (mode 0600) like the SIP credentials.

use std::path::Path;

use access::Role;
use access::password::Hasher;
use access::totp::{Secret, Totp};
use anyhow::Context;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use store::{NewPerson, Store};

const ADMINS_FILE: &str = "demo-admins.json";

/// One demo administrator's sign-in details.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct DemoAdmin {
    pub(crate) login: String,
    pub(crate) role: String,
    pub(crate) password: String,
    /// The RFC 6238 key, base32, for an authenticator app.
    pub(crate) totp_secret: String,
    /// The same as an `otpauth://` URI.
    pub(crate) totp_uri: String,
}

/// The demo administrators, made on first run.
pub(crate) async fn ensure(store: &Store, data_dir: &Path) -> anyhow::Result<Vec<DemoAdmin>> {
    let saved = data_dir.join(ADMINS_FILE);
    if let Ok(bytes) = std::fs::read(&saved) {
        return serde_json::from_slice(&bytes).with_context(|| format!("reading {}", saved.display()));
    }
    let mut admins = Vec::new();
    for (slug, role, login) in [
        ("demo", Role::CustomerAdmin, "admin@demo.callvault.test"),
        ("demo-reseller", Role::ResellerAdmin, "reseller@demo.callvault.test"),
    ] {
        let tenant = store.tenant_by_slug(slug).await?.with_context(|| format!("the demo tenant {slug}"))?;
        admins.push(create(store, tenant.id, role, login).await?);
    }
    crate::tls::write_private(&saved, &serde_json::to_vec_pretty(&admins)?)?;
    Ok(admins)
}

async fn create(store: &Store, tenant: model::TenantId, role: Role, login: &str) -> anyhow::Result<DemoAdmin> {
    let now = Timestamp::now();
    let person = store.create_person(&NewPerson { tenant, role, login: login.into() }, "demo", now).await?;
    let password = crate::demo::random_password();
    store.set_password(&person.id, &password, &Hasher::current(), "demo", now).await?;
    let enrolment = store.start_totp_enrolment(&person.id, "demo", now).await?;
    let totp_secret = enrolment.secret.to_base32().to_string();
    let earlier = now - jiff::SignedDuration::from_secs(30);
    let code = Totp::new(Secret::from_bytes(enrolment.secret.as_bytes().to_vec())).code_at(earlier);
    store.confirm_totp(&person.id, &code, earlier).await?;
    let totp_uri = enrolment.uri.to_string();
    Ok(DemoAdmin { login: login.into(), role: role.name().into(), password, totp_secret, totp_uri })
}
