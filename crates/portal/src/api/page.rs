//! Pagination for every list: `limit` (default [`DEFAULT_LIMIT`], at most
//! [`MAX_LIMIT`]) and an opaque cursor: a page's `next`, passed back as
//! `cursor`, continues after its last item. Cursors are hex-encoded keys;
//! clients must not build them.

use serde::Deserialize;
use utoipa::IntoParams;

use super::error::{ApiError, ApiResult};

/// Items per page when `limit` is not given.
pub(crate) const DEFAULT_LIMIT: u32 = 50;
/// The most items a page holds.
pub(crate) const MAX_LIMIT: u32 = 200;

/// The query of a plain list.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct Listing {
    /// A child customer's slug (resellers and the platform only).
    pub customer: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// The `next` value of the previous page.
    #[param(pattern = r"^([0-9a-fA-F]{2})*$")]
    pub cursor: Option<String>,
}

/// The page size asked for, checked.
pub(crate) fn limit(asked: Option<u32>) -> ApiResult<u32> {
    match asked.unwrap_or(DEFAULT_LIMIT) {
        n @ 1..=MAX_LIMIT => Ok(n),
        _ => Err(ApiError::bad_request(format!("limit must be between 1 and {MAX_LIMIT}."))),
    }
}

/// The opaque form of `key`.
pub(crate) fn encode(key: &str) -> String {
    hex::encode(key)
}

/// The key inside a cursor; a 400 if it is not one of ours.
pub(crate) fn decode(cursor: &str) -> ApiResult<String> {
    let bytes = hex::decode(cursor).map_err(|_| bad_cursor())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

pub(crate) fn bad_cursor() -> ApiError {
    ApiError::bad_request("cursor is not a `next` value this API gave out.")
}

/// One page of `items` (sorted by `key`, ascending): those after the
/// cursor, at most `limit`, and the cursor of the next page.
pub(crate) fn slice<T>(
    items: Vec<T>,
    key: impl Fn(&T) -> String,
    listing: &Listing,
) -> ApiResult<(Vec<T>, Option<String>)> {
    let limit = limit(listing.limit)? as usize;
    let after = listing.cursor.as_deref().map(decode).transpose()?;
    let mut rest: Vec<T> = items.into_iter().filter(|item| after.as_ref().is_none_or(|a| key(item) > *a)).collect();
    let more = rest.len() > limit;
    rest.truncate(limit);
    let next = if more { rest.last().map(|item| encode(&key(item))) } else { None };
    Ok((rest, next))
}
