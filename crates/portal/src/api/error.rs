//! The API's one error shape, `{"error": {"code", "message"}}`, and how
//! store errors map onto HTTP statuses (RFC 9110 §15): the message says
//! what to fix and never echoes stored data.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use store::StoreError;
use utoipa::ToSchema;

/// An error answer.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

/// What handlers return.
pub(crate) type ApiResult<T> = Result<T, ApiError>;

/// The body of every error answer.
#[derive(Serialize, ToSchema)]
pub(crate) struct ErrorBody {
    error: ErrorDetail,
}

/// What went wrong.
#[derive(Serialize, ToSchema)]
pub(crate) struct ErrorDetail {
    /// A stable, machine-readable code (`bad_request`, `not_found`, …).
    code: String,
    /// A sentence for people.
    message: String,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into() }
    }

    /// 400: the request itself is malformed.
    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    /// 401: nobody is signed in.
    pub(crate) fn unauthenticated() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthenticated", "Please sign in.")
    }

    /// 403: signed in, not allowed.
    pub(crate) fn forbidden() -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", "You may not do this.")
    }

    /// 404: no such thing (or not one the caller may see).
    pub(crate) fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", format!("No such {what}."))
    }

    /// 409: it clashes with what exists.
    pub(crate) fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", message)
    }

    /// 422: well-formed, but not acceptable.
    pub(crate) fn unprocessable(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "unprocessable", message)
    }

    /// 500: our fault; the details went to the log.
    pub(crate) fn internal() -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "Something went wrong.")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody { error: ErrorDetail { code: self.code.to_owned(), message: self.message } };
        (self.status, Json(body)).into_response()
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::CpniDenied(_) | StoreError::Access(_) => Self::forbidden(),
            StoreError::UnknownPerson => Self::not_found("person"),
            StoreError::UnknownTenant(_) => Self::not_found("customer"),
            StoreError::LoginTaken => Self::conflict("That sign-in name is taken."),
            StoreError::RoleDoesNotFitTenant { role, kind } => {
                Self::unprocessable(format!("The role {role} cannot be held at a {kind} tenant."))
            }
            StoreError::PaymentDataRefused(_) => {
                Self::unprocessable("Free text must not hold card or bank account numbers.")
            }
            StoreError::Invalid(what) => Self::unprocessable(format!("Invalid {what}.")),
            other => {
                tracing::error!(error = %other, "api: store error");
                Self::internal()
            }
        }
    }
}
