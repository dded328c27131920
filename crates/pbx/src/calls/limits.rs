//! Per-customer call limits (issue 4 item 6): calls at once and new calls
//! per second. A call beyond either gets 503 with Retry-After (RFC 3261
//! §21.5.4, §20.33). Emergency calls (47 CFR §9.3) are counted but never
//! refused.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use model::TenantId;

use sip::{HeaderName, Request, Response};

use super::Calls;
use super::routing::Routing;
use super::trunks::CustomerPolicy;
use crate::registrar::Caller;

/// Seconds a refused caller is told to wait: concurrency frees slowly.
pub(crate) const RETRY_AFTER_CONCURRENT: u32 = 5;
/// Seconds a refused caller is told to wait: the rate window is one second.
pub(crate) const RETRY_AFTER_RATE: u32 = 1;

#[derive(Debug, Default)]
struct Usage {
    live: u32,
    second: i64,
    started: u32,
}

/// Live calls and this second's new calls, by customer.
#[derive(Debug, Default)]
pub(crate) struct Limits {
    usage: Mutex<HashMap<TenantId, Usage>>,
}

impl Limits {
    /// Counts a new call of `customer`, or says how long to wait when it is
    /// beyond `policy` (never for an emergency call).
    pub(crate) fn start(&self, customer: &TenantId, policy: &CustomerPolicy, emergency: bool) -> Result<(), u32> {
        let mut usage = self.usage.lock().unwrap_or_else(PoisonError::into_inner);
        let usage = usage.entry(customer.clone()).or_default();
        let second = model::now_unix_ms() / 1000;
        if usage.second != second {
            (usage.second, usage.started) = (second, 0);
        }
        if !emergency {
            if policy.max_concurrent.is_some_and(|max| usage.live >= max) {
                return Err(RETRY_AFTER_CONCURRENT);
            }
            if policy.calls_per_second.is_some_and(|max| usage.started >= max) {
                return Err(RETRY_AFTER_RATE);
            }
        }
        usage.live += 1;
        usage.started += 1;
        Ok(())
    }

    /// A call of `customer` counted by [`Limits::start`] has ended.
    pub(crate) fn finish(&self, customer: &TenantId) {
        let mut usage = self.usage.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(usage) = usage.get_mut(customer) {
            usage.live = usage.live.saturating_sub(1);
        }
    }
}

impl Calls {
    /// Counts the call against its customer's limits, or refuses it with
    /// 503 and Retry-After (and stores the attempt's CDR).
    pub(crate) async fn within_limits(
        &self,
        caller: &Caller,
        request: &Request,
        routing: &Routing,
    ) -> Result<(), Response> {
        let policy = self.config.trunking.policy(&caller.customer.id);
        let Err(retry) = self.limits.start(&caller.customer.id, &policy, routing.emergency) else { return Ok(()) };
        tracing::info!(customer = %caller.customer.slug, "call refused: beyond the customer's limits");
        self.record_refusal(caller, request, routing, 503).await;
        let mut response = Response::for_request(request, 503);
        response.headers.push(HeaderName::RetryAfter, retry.to_string());
        Err(response)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(max_concurrent: Option<u32>, calls_per_second: Option<u32>) -> CustomerPolicy {
        CustomerPolicy { max_concurrent, calls_per_second, ..CustomerPolicy::default() }
    }

    #[test]
    fn concurrency_is_capped_but_not_for_emergencies() {
        let (limits, shop) = (Limits::default(), TenantId("shop".into()));
        let one = policy(Some(1), None);
        assert_eq!(limits.start(&shop, &one, false), Ok(()));
        assert_eq!(limits.start(&shop, &one, false), Err(RETRY_AFTER_CONCURRENT));
        assert_eq!(limits.start(&shop, &one, true), Ok(()));
        limits.finish(&shop);
        limits.finish(&shop);
        assert_eq!(limits.start(&shop, &one, false), Ok(()));
    }
}
