//! Extractors whose rejections are API errors (400 with the error body)
//! instead of axum's plain-text ones, and the signed-in [`Caller`]
//! (ARCHITECTURE.md principle 8: parse before anything else runs).

use access::Actor;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use store::Person;

use super::error::ApiError;
use crate::auth::Visitor;

/// A JSON body; any rejection is a 400.
pub(crate) struct Body<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(ApiError::bad_request(rejection.body_text())),
        }
    }
}

/// The query string; any rejection is a 400.
pub(crate) struct Params<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Params<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Self(value)),
            Err(rejection) => Err(ApiError::bad_request(rejection.body_text())),
        }
    }
}

/// The path's one parameter; any rejection is a 400.
pub(crate) struct Key(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Key {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Path::<String>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Self(value)),
            Err(rejection) => Err(ApiError::bad_request(rejection.body_text())),
        }
    }
}

/// The signed-in person the authorization layer let through.
#[derive(Clone)]
pub(crate) struct Caller {
    pub person: Person,
    pub actor: Actor,
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let visitor = parts.extensions.get::<Visitor>().cloned().unwrap_or_default();
        match (visitor.person, visitor.actor) {
            (Some(person), Some(actor)) => Ok(Self { person, actor }),
            _ => Err(ApiError::unauthenticated()),
        }
    }
}

impl Caller {
    /// The name the audit log records for changes made by this caller.
    pub(crate) fn audit_name(&self) -> String {
        format!("api:{}", self.person.id.0)
    }
}
