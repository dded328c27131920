//! Call history over HTTPS with the real pages and store: CDRs read
//! through the CPNI gate a page at a time, filtered by result and dates,
//! exported as CSV (audited); a user whom the gate refuses and a role
//! without `cdr.read` or `cdr.export` see no number.

mod common;

use access::Role;
use common::world::{World, call};
use model::Disposition;
use store::AuditFilter;

const MINUTE: i64 = 60_000;

/// 120 calls a minute apart ending now; every tenth one busy.
async fn calls(world: &World) -> i64 {
    let now = model::now_unix_ms();
    let cdrs: Vec<_> = (0..120)
        .map(|n| {
            let disposition = if n % 10 == 0 { Disposition::Busy } else { Disposition::Answered };
            call(&world.customer, now - (n + 2) * MINUTE, disposition)
        })
        .collect();
    world.store.insert_cdrs(&cdrs).await.unwrap();
    now
}

fn rows(body: &str) -> usize {
    body.matches("<td class=\"num\">").count()
}

fn older_link(body: &str) -> Option<String> {
    let at = body.find("\">Older →</a>")?;
    let start = body[..at].rfind("href=\"")? + "href=\"".len();
    Some(body[start..at].replace("&amp;", "&"))
}

#[tokio::test(flavor = "multi_thread")]
async fn history_pages_through_every_call_newest_first() {
    let world = World::start().await;
    calls(&world).await;
    let cookie = world.admin_cookie("ada@example.com").await;
    let first = world.get("/calls", &cookie).await;
    assert_eq!(first.status, 200);
    assert_eq!(rows(&first.body), 50);
    assert!(first.body.contains("+12025550143"), "an admin sees whole numbers");
    let second = world.get(&older_link(&first.body).expect("an older page"), &cookie).await;
    assert_eq!(rows(&second.body), 50);
    let third = world.get(&older_link(&second.body).unwrap(), &cookie).await;
    assert_eq!(rows(&third.body), 20);
    assert!(older_link(&third.body).is_none(), "the last page links no further");
}

#[tokio::test(flavor = "multi_thread")]
async fn filters_keep_only_matching_calls() {
    let world = World::start().await;
    calls(&world).await;
    let cookie = world.admin_cookie("ada@example.com").await;
    let busy = world.get("/calls?disposition=busy", &cookie).await;
    assert_eq!(busy.status, 200);
    assert!(busy.body.contains("\">Busy</span>") && !busy.body.contains("\">Answered</span>"));
    let link = older_link(&busy.body).expect("more pages to look through");
    assert!(link.contains("disposition=busy"), "the filter is kept across pages: {link}");

    let past = world.get("/calls?from=2001-01-01&to=2001-01-31", &cookie).await;
    assert_eq!(rows(&past.body), 0);
    assert!(past.body.contains("No calls match"));
    let nonsense = world.get("/calls?from=yesterday&direction=sideways", &cookie).await;
    assert_eq!((nonsense.status, rows(&nonsense.body)), (200, 50), "unparsable filters are ignored");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_export_is_csv_of_every_call_and_audited() {
    let world = World::start().await;
    calls(&world).await;
    let cookie = world.admin_cookie("ada@example.com").await;
    let csv = world.get("/calls.csv", &cookie).await;
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    assert!(csv.header("content-disposition").unwrap().contains("attachment"));
    let lines: Vec<&str> = csv.body.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 121, "a header and every call");
    assert!(lines[1].contains("\"+12025550143\",\"201\",\"inbound\""));
    let busy = world.get("/calls.csv?disposition=busy", &cookie).await;
    assert_eq!(busy.body.split("\r\n").filter(|l| !l.is_empty()).count(), 13);

    let exports = AuditFilter { action: Some("cdr.export".into()), ..AuditFilter::default() };
    let audited = world.store.audit_page(&exports, None, 10).await.unwrap();
    assert_eq!(audited.len(), 2, "each export is audited");
    assert!(audited[1].1.target.contains("120 rows") && audited[0].1.target.contains("12 rows"));
    let reads = AuditFilter { action: Some("cdr.read".into()), ..AuditFilter::default() };
    assert!(world.store.audit_page(&reads, None, 10).await.unwrap().len() >= 3, "the gate audited its reads");
}

#[tokio::test(flavor = "multi_thread")]
async fn roles_without_the_right_see_no_numbers() {
    let world = World::start().await;
    calls(&world).await;
    let user = world.cookie_of(Role::User, "u@example.com").await;
    let export = world.get("/calls.csv", &user).await;
    assert_eq!(export.status, 403);
    assert!(!export.body.contains("2025550143"));
    let page = world.get("/calls", &user).await;
    assert!(!page.body.contains("2025550143"), "{}", page.status);
    let officer = world.cookie_of(Role::SecurityOfficer, "so@example.com").await;
    assert!(!world.get("/calls.csv", &officer).await.body.contains("2025550143"));
    let anonymous = world.get("/calls", "").await;
    assert_eq!(anonymous.status, 401);
}

/// Issue 5 item 4: an end user sees the calls of the extensions assigned
/// to them (on the page, in the API) and nothing else of the customer's; a
/// customer admin assigns the extension on its page.
#[tokio::test(flavor = "multi_thread")]
async fn a_user_sees_only_the_calls_of_their_own_extension() {
    let world = World::start().await;
    calls(&world).await;
    let mine = model::Cdr {
        caller: "207".into(),
        callee: "+13125550199".into(),
        direction: model::CallDirection::Outbound,
        did: None,
        ..call(&world.customer, model::now_unix_ms() - MINUTE, Disposition::Answered)
    };
    world.store.insert_cdrs(std::slice::from_ref(&mine)).await.unwrap();
    for number in ["201", "207"] {
        world.provision_extension(number).await;
    }
    let (user, _) = world.person_with_totp(Role::User, "u@example.com").await;
    let user_cookie = world.cookie(&user).await;
    assert_eq!(rows(&world.get("/calls", &user_cookie).await.body), 0, "no extension yet, no calls");

    let admin = world.admin_cookie("ada@example.com").await;
    let page = world.get("/extensions/207", &admin).await;
    assert!(page.body.contains("u@example.com"), "the user is offered");
    let csrf = common::world::csrf_in(&page.body);
    let form = common::world::form(&[("csrf", &csrf), ("person", &user.0)]);
    let assigned = world.post_form("/extensions/207/owner", &admin, &form).await;
    assert_eq!(assigned.status, 303, "{}", assigned.body);
    assert!(world.get("/extensions/207", &admin).await.body.contains("<strong>u@example.com</strong>"));

    let history = world.get("/calls", &user_cookie).await;
    assert_eq!(history.status, 200);
    assert_eq!(rows(&history.body), 1, "only the call of 207");
    assert!(history.body.contains("207"));
    let api = world.get("/api/v1/cdrs", &user_cookie).await;
    assert_eq!(api.status, 200, "{}", api.body);
    let items: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    let ids: Vec<_> = items["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_owned()).collect();
    assert_eq!(ids, std::slice::from_ref(&mine.id.0), "the API gives the same one call");
    assert_eq!(rows(&world.get("/calls", &admin).await.body), 50, "the admin still sees the customer's");

    let forged = common::world::form(&[("csrf", &csrf), ("person", "not-a-person")]);
    assert_eq!(world.post_form("/extensions/207/owner", &admin, &forged).await.status, 400);
    assert_eq!(world.post_form("/extensions/207/owner", &user_cookie, &form).await.status, 403, "users may not");
    let seen_by_user = world.get("/extensions/207", &user_cookie).await;
    assert!(!seen_by_user.body.contains("Assigned to"), "nor see whom colleagues' extensions are assigned to");
}

/// The customer's time zone is set on the call history page by those who
/// configure the PBX; the page's times follow it.
#[tokio::test(flavor = "multi_thread")]
async fn an_admin_sets_the_time_zone_the_history_is_shown_in() {
    let world = World::start().await;
    calls(&world).await;
    let admin = world.admin_cookie("ada@example.com").await;
    let page = world.get("/calls", &admin).await;
    assert!(page.body.contains("Started (UTC)"), "UTC until set");
    let csrf = common::world::csrf_in(&page.body);
    let set = |zone: &str| common::world::form(&[("csrf", &csrf), ("zone", zone)]);
    let saved = world.post_form("/calls/time-zone", &admin, &set("America/Chicago")).await;
    assert_eq!((saved.status, saved.header("location")), (303, Some("/calls")));
    let shown = world.get("/calls", &admin).await.body.replace("&#x2f;", "/");
    assert!(shown.contains("Started (America/Chicago)"), "the times follow it");
    let zone = world.store.tenant_time_zone(&world.customer).await.unwrap();
    assert_eq!(zone.iana_name(), Some("America/Chicago"));

    let unknown = world.post_form("/calls/time-zone", &admin, &set("Mars/Olympus_Mons")).await;
    assert_eq!(unknown.status, 400);
    assert!(unknown.body.contains("not a time zone"));
    let forged = common::world::form(&[("csrf", &"0".repeat(64)), ("zone", "UTC")]);
    assert_eq!(world.post_form("/calls/time-zone", &admin, &forged).await.status, 403);
    let user = world.cookie_of(Role::User, "u@example.com").await;
    assert_eq!(world.post_form("/calls/time-zone", &user, &set("UTC")).await.status, 403);
    let zone = world.store.tenant_time_zone(&world.customer).await.unwrap();
    assert_eq!(zone.iana_name(), Some("America/Chicago"), "the refused changes changed nothing");
}
