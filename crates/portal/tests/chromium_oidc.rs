//! Single sign-on in real headless Chromium: a relying party on another
//! site (plain HTTP on 127.0.0.1, a loopback redirect URI, RFC 8252 §7.3)
//! links to the portal (`https://localhost`). Not signed in, the person goes
//! through the password and TOTP pages and lands on the relying party's
//! callback with a code; signed in, a second click lands there at once —
//! which needs the bounce through the portal's own origin, since Chromium
//! withholds the `SameSite=Strict` session cookie from the cross-site
//! arrival. Both codes are exchanged for verified ID tokens.
//!
//! Needs Debian's `chromium` and `chromium-driver` (scripts/test installs
//! them); fails saying so when they are missing.

mod common;

use std::sync::{Arc, Mutex};

use access::Role;
use access::oidc::client::ClientKind;
use axum::extract::{RawQuery, State};
use axum::response::Html;
use axum::routing::get;
use common::browser::{browser, chromedriver, fill, submit, wait_for_path};
use common::oidc::{Pkce, Rp, encode, exchange, json, query_of, verify};
use common::world::{PASSWORD, World};
use fantoccini::Locator;
use jiff::Timestamp;

/// Serves the relying party's pages on `listener`: `/start` links to
/// `authorize`, `/callback` keeps its query.
fn relying_party(listener: tokio::net::TcpListener, authorize: &str) -> Arc<Mutex<Vec<String>>> {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let page = format!(
        "<!doctype html><title>RP</title><a id=\"go\" href=\"{}\">Sign in</a>",
        authorize.replace('&', "&amp;")
    );
    let app = axum::Router::new()
        .route("/start", get(move || async move { Html(page) }))
        .route(
            "/callback",
            get(|State(seen): State<Arc<Mutex<Vec<String>>>>, RawQuery(query): RawQuery| async move {
                seen.lock().unwrap().push(query.unwrap_or_default());
                Html("<!doctype html><title>RP</title>signed in")
            }),
        )
        .with_state(Arc::clone(&seen));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    seen
}

#[tokio::test(flavor = "multi_thread")]
async fn a_relying_party_on_another_site_signs_a_person_in_through_chromium() {
    let world = World::start().await;
    let (person, totp) = world.person_with_totp(Role::User, "ada@acme.example").await;
    let portal = format!("https://localhost:{}", world.addr().port());

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let rp_port = listener.local_addr().unwrap().port();
    let redirect = format!("http://127.0.0.1:{rp_port}/callback");
    let uris = [redirect.clone()];
    let reg =
        world.store.oidc_add_client("RP", &uris, ClientKind::Confidential, "test", Timestamp::now()).await.unwrap();
    let rp = Rp { id: reg.client.id.0.clone(), secret: reg.secret.map(|s| s.expose().to_owned()) };
    let pkce = Pkce::new("chromium");
    let query = encode(&[
        ("response_type", "code"),
        ("client_id", &rp.id),
        ("redirect_uri", &redirect),
        ("scope", "openid"),
        ("state", "s1"),
        ("nonce", "n1"),
        ("code_challenge", &pkce.challenge),
        ("code_challenge_method", "S256"),
    ]);
    let seen = relying_party(listener, &format!("{portal}/oauth2/authorize?{query}"));

    let (_driver, driver_port) = chromedriver().await;
    let profile = tempfile::tempdir().unwrap();
    let client = browser(driver_port, profile.path()).await;
    let start = format!("http://127.0.0.1:{rp_port}/start");

    client.goto(&start).await.unwrap();
    client.find(Locator::Id("go")).await.unwrap().click().await.unwrap();
    wait_for_path(&client, "/sign-in").await;
    fill(&client, "login", "ada@acme.example").await;
    fill(&client, "password", PASSWORD).await;
    submit(&client).await;
    wait_for_path(&client, "/sign-in/code").await;
    fill(&client, "code", &totp.code_at(Timestamp::now())).await;
    submit(&client).await;
    wait_for_path(&client, "/callback").await;

    client.goto(&start).await.unwrap();
    client.find(Locator::Id("go")).await.unwrap().click().await.unwrap();
    wait_for_path(&client, "/callback").await;
    client.close().await.unwrap();

    let queries = seen.lock().unwrap().clone();
    assert_eq!(queries.len(), 2, "{queries:?}");
    for query in queries {
        let params = query_of(&format!("?{query}"));
        assert_eq!(params["state"], "s1");
        let tokens = exchange(&world, &rp, &params["code"], &pkce.verifier, &redirect).await;
        assert_eq!(tokens.status, 200, "{}", tokens.body);
        let claims = verify(&world, json(&tokens)["id_token"].as_str().unwrap(), &rp.id).await.unwrap();
        assert_eq!((claims.sub.as_str(), claims.nonce.as_deref()), (person.0.as_str(), Some("n1")));
        assert_eq!(claims.acr, "urn:callvault:acr:2fa");
    }
}
