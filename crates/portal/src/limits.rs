//! Transport limits (issue 6 item 1; ARCHITECTURE.md principle 8): a request
//! body size limit (413), a per-request deadline (408), and per-client
//! address token buckets on sign-in, the API and the OpenID Connect token
//! endpoint (429 with `Retry-After`, RFC 6585 §4).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use access::oidc::TOKEN_PATH;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

use crate::refusal::{is_api, retry_later};
use crate::{ClientAddr, Limits};

/// Client addresses tracked per bucket set before idle ones are forgotten.
const MAX_CLIENTS: usize = 65_536;

/// `app` behind the limits.
pub fn layer(app: Router, limits: &Limits) -> Router {
    let rates = Arc::new(Rates {
        sign_in: Buckets::new(limits.sign_in_burst, limits.sign_in_every),
        api: Buckets::new(limits.api_burst, limits.api_every),
        token: Buckets::new(limits.token_burst, limits.token_every),
    });
    app.layer(axum::middleware::from_fn_with_state(rates, rate_limit))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, limits.request_timeout))
        .layer(RequestBodyLimitLayer::new(limits.body_bytes))
}

struct Rates {
    sign_in: Buckets,
    api: Buckets,
    token: Buckets,
}

async fn rate_limit(State(rates): State<Arc<Rates>>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let buckets = if is_api(path) {
        Some(&rates.api)
    } else if path.starts_with("/sign-in") && request.method() == Method::POST {
        Some(&rates.sign_in)
    } else if path == TOKEN_PATH && request.method() == Method::POST {
        Some(&rates.token)
    } else {
        None
    };
    let client = request.extensions().get::<ClientAddr>().map(|c| c.0);
    if let (Some(buckets), Some(client)) = (buckets, client)
        && let Err(wait) = buckets.take(client, Instant::now())
    {
        return retry_later(path, wait.as_secs().max(1));
    }
    next.run(request).await
}

/// Token buckets, one per client address.
struct Buckets {
    burst: f64,
    every: Duration,
    clients: Mutex<HashMap<IpAddr, Bucket>>,
}

#[derive(Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Buckets {
    fn new(burst: u32, every: Duration) -> Self {
        Self { burst: f64::from(burst.max(1)), every: every.max(Duration::from_micros(1)), clients: Mutex::default() }
    }

    /// Takes a token for `client`, or says how long until one is there.
    fn take(&self, client: IpAddr, now: Instant) -> Result<(), Duration> {
        let mut clients = self.clients.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if clients.len() >= MAX_CLIENTS {
            clients.retain(|_, bucket| self.refilled(*bucket, now) < self.burst);
        }
        let bucket = clients.entry(client).or_insert(Bucket { tokens: self.burst, at: now });
        let tokens = self.refilled(*bucket, now);
        if tokens < 1.0 {
            return Err(self.every.mul_f64(1.0 - tokens));
        }
        *bucket = Bucket { tokens: tokens - 1.0, at: now };
        Ok(())
    }

    fn refilled(&self, bucket: Bucket, now: Instant) -> f64 {
        let earned = now.saturating_duration_since(bucket.at).as_secs_f64() / self.every.as_secs_f64();
        (bucket.tokens + earned).min(self.burst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_empties_and_refills() {
        let buckets = Buckets::new(2, Duration::from_secs(10));
        let (client, start) = (IpAddr::from([192, 0, 2, 1]), Instant::now());
        assert!(buckets.take(client, start).is_ok());
        assert!(buckets.take(client, start).is_ok());
        let wait = buckets.take(client, start).unwrap_err();
        assert_eq!(wait, Duration::from_secs(10));
        assert!(buckets.take(IpAddr::from([192, 0, 2, 2]), start).is_ok(), "another client has its own bucket");
        assert!(buckets.take(client, start + Duration::from_secs(10)).is_ok());
    }
}
