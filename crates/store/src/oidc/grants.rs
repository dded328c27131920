//! Codes and tokens: issuing a code for a signed-in person, redeeming it
//! once for an ID token and an access token, and answering `userinfo`.
//! Refusals arrive as `StoreError::Access(AccessError::OAuth(…))` carrying
//! the RFC 6749 §5.2 / RFC 6750 §3.1 error to send.

use access::oidc::authorize::Authorization;
use access::oidc::client::ClientId;
use access::oidc::code::{Authentication, CodeGrant, code_hash, issue_code};
use access::oidc::id_token::IdTokenClaims;
use access::oidc::secret::{Secret, SecretHash, SecretKind};
use access::oidc::token::{TokenRequest, TokenResponse, UserInfo, authenticate_client, check_grant};
use access::oidc::{ACCESS_TOKEN_LIFETIME, ErrorCode, Issuer};
use access::{AccessError, AuthStrength, PersonId};
use jiff::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{refused, timestamp};
use crate::audit::AuditDecision;
use crate::{Store, StoreError};

const PASSWORD: &str = "password";
const PASSWORD_AND_TOTP: &str = "password+totp";

fn strength_name(strength: AuthStrength) -> &'static str {
    match strength {
        AuthStrength::Password => PASSWORD,
        AuthStrength::PasswordAndTotp => PASSWORD_AND_TOTP,
    }
}

fn strength_from_name(name: &str) -> Result<AuthStrength, StoreError> {
    match name {
        PASSWORD => Ok(AuthStrength::Password),
        PASSWORD_AND_TOTP => Ok(AuthStrength::PasswordAndTotp),
        _ => Err(StoreError::Corrupt("code strength")),
    }
}

impl Store {
    /// Issues an authorization code for a validated request and the
    /// person's sign-in; returns the code to put in the redirect. Expired
    /// codes whose tokens have all expired are purged on the way.
    pub async fn oidc_issue_code(
        &self,
        authorization: &Authorization,
        authentication: &Authentication,
        now: Timestamp,
    ) -> Result<Secret, StoreError> {
        let person = self.person(&authentication.person).await?;
        if person.disabled {
            return Err(refused(ErrorCode::AccessDenied, "the account is disabled"));
        }
        self.purge_oidc_codes(now).await?;
        let issued = issue_code(authorization, authentication, now)?;
        let grant = &issued.grant;
        sqlx::query(
            "INSERT INTO oidc_codes (code_hash, client_id, person_id, redirect_uri, code_challenge, nonce, scope, \
             auth_time_ms, strength, expires_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(issued.hash.0.to_vec())
        .bind(&grant.client_id.0)
        .bind(&grant.authentication.person.0)
        .bind(&grant.redirect_uri)
        .bind(&grant.code_challenge)
        .bind(grant.nonce.as_deref())
        .bind(&grant.scope)
        .bind(grant.authentication.auth_time.as_millisecond())
        .bind(strength_name(grant.authentication.strength))
        .bind(grant.expires_at.as_millisecond())
        .execute(&self.pool)
        .await?;
        Ok(issued.code)
    }

    /// Redeems a code (RFC 6749 §4.1.3): authenticates the client, consumes
    /// the code, checks its bindings, and issues an ES256 ID token and an
    /// access token.
    pub async fn oidc_exchange_code(
        &self,
        issuer: &Issuer,
        request: &TokenRequest,
        now: Timestamp,
    ) -> Result<TokenResponse, StoreError> {
        let client = self.oidc_client(&request.credentials.client_id).await?;
        authenticate_client(client.as_ref(), &request.credentials).map_err(AccessError::OAuth)?;
        let hash = code_hash(&request.code);
        let grant = self.consume_code(&hash, now).await?;
        check_grant(&grant, request, now).map_err(AccessError::OAuth)?;
        if self.person(&grant.authentication.person).await?.disabled {
            return Err(refused(ErrorCode::InvalidGrant, "the account is disabled"));
        }
        let claims = IdTokenClaims::for_grant(issuer, &grant, now);
        let id_token = self.oidc_signing_key(now).await?.sign_jwt(&claims)?;
        let access_token = self.issue_access_token(&hash, &grant, now).await?;
        let person = &grant.authentication.person.0;
        self.audit_oidc(person, "oidc.token", &grant.client_id.0, AuditDecision::Allow, now).await?;
        Ok(TokenResponse {
            access_token: access_token.expose().to_owned(),
            token_type: "Bearer".to_owned(),
            expires_in: ACCESS_TOKEN_LIFETIME.as_secs(),
            id_token,
            scope: grant.scope,
        })
    }

    /// Answers `userinfo` for a bearer access token (OpenID Connect Core
    /// 1.0 §5.3): `invalid_token` if it is unknown, expired, revoked, its
    /// code was reused, or the person is disabled.
    pub async fn oidc_userinfo(&self, access_token: &str, now: Timestamp) -> Result<UserInfo, StoreError> {
        let hash = SecretHash::of(SecretKind::AccessToken, access_token);
        let person: Option<String> = sqlx::query_scalar(
            "SELECT t.person_id FROM oidc_access_tokens t \
             JOIN oidc_codes c ON c.code_hash = t.code_hash JOIN people p ON p.id = t.person_id \
             WHERE t.token_hash = $1 AND t.expires_ms > $2 AND t.revoked_ms IS NULL AND c.reused_ms IS NULL \
             AND p.disabled = 0",
        )
        .bind(hash.0.to_vec())
        .bind(now.as_millisecond())
        .fetch_optional(&self.pool)
        .await?;
        let sub = person.ok_or_else(|| refused(ErrorCode::InvalidToken, "the access token is invalid or expired"))?;
        Ok(UserInfo { sub })
    }

    /// Marks the code used and returns what it stands for; a code already
    /// used is marked reused (voiding its tokens) and refused.
    async fn consume_code(&self, hash: &SecretHash, now: Timestamp) -> Result<CodeGrant, StoreError> {
        let row = sqlx::query(
            "UPDATE oidc_codes SET used_ms = $1 WHERE code_hash = $2 AND used_ms IS NULL \
             RETURNING client_id, person_id, redirect_uri, code_challenge, nonce, scope, auth_time_ms, strength, \
             expires_ms",
        )
        .bind(now.as_millisecond())
        .bind(hash.0.to_vec())
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(row) => grant_from_row(&row),
            None => Err(self.refuse_unusable_code(hash, now).await?),
        }
    }

    /// The refusal of a code that is unknown or used; a used one is marked
    /// reused, voiding every access token it issued.
    async fn refuse_unusable_code(&self, hash: &SecretHash, now: Timestamp) -> Result<StoreError, StoreError> {
        let reused: Option<(String, String)> = sqlx::query_as(
            "UPDATE oidc_codes SET reused_ms = COALESCE(reused_ms, $1) WHERE code_hash = $2 \
             RETURNING person_id, client_id",
        )
        .bind(now.as_millisecond())
        .bind(hash.0.to_vec())
        .fetch_optional(&self.pool)
        .await?;
        let Some((person, client)) = reused else {
            return Ok(refused(ErrorCode::InvalidGrant, "the code is unknown or expired"));
        };
        self.audit_oidc(&person, "oidc.code_reuse", &client, AuditDecision::Deny, now).await?;
        Ok(refused(ErrorCode::InvalidGrant, "the code was already used; what it issued is revoked"))
    }

    async fn issue_access_token(
        &self,
        code: &SecretHash,
        grant: &CodeGrant,
        now: Timestamp,
    ) -> Result<Secret, StoreError> {
        let token = Secret::generate(SecretKind::AccessToken)?;
        sqlx::query(
            "INSERT INTO oidc_access_tokens (token_hash, code_hash, client_id, person_id, scope, expires_ms) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(token.hash().0.to_vec())
        .bind(code.0.to_vec())
        .bind(&grant.client_id.0)
        .bind(&grant.authentication.person.0)
        .bind(&grant.scope)
        .bind((now + ACCESS_TOKEN_LIFETIME).as_millisecond())
        .execute(&self.pool)
        .await?;
        Ok(token)
    }

    /// Deletes codes (and, by cascade, their tokens) once every token they
    /// could have issued has expired.
    async fn purge_oidc_codes(&self, now: Timestamp) -> Result<(), StoreError> {
        let horizon = now - ACCESS_TOKEN_LIFETIME - access::oidc::CODE_LIFETIME;
        sqlx::query("DELETE FROM oidc_codes WHERE expires_ms < $1")
            .bind(horizon.as_millisecond())
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

fn grant_from_row(row: &AnyRow) -> Result<CodeGrant, StoreError> {
    let strength: String = row.try_get("strength")?;
    Ok(CodeGrant {
        client_id: ClientId(row.try_get("client_id")?),
        redirect_uri: row.try_get("redirect_uri")?,
        code_challenge: row.try_get("code_challenge")?,
        nonce: row.try_get("nonce")?,
        scope: row.try_get("scope")?,
        authentication: Authentication {
            person: PersonId(row.try_get("person_id")?),
            auth_time: timestamp(row.try_get("auth_time_ms")?)?,
            strength: strength_from_name(&strength)?,
        },
        expires_at: timestamp(row.try_get("expires_ms")?)?,
    })
}
