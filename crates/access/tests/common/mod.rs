//! Builders shared by the integration tests.

#![allow(dead_code, unreachable_pub)]

use access::{Actor, AuthStrength, PersonId, Role, TenantPath};
use jiff::Timestamp;

pub fn path(text: &str) -> TenantPath {
    TenantPath::parse(text).expect("test paths are well formed")
}

pub fn person(id: &str) -> PersonId {
    PersonId(id.to_owned())
}

pub fn at(seconds: i64) -> Timestamp {
    Timestamp::from_second(seconds).expect("in range")
}

/// An actor signed in with password and TOTP, holding no grants.
pub fn actor(id: &str, role: Role, home: &str) -> Actor {
    Actor { person: person(id), home: path(home), role, strength: AuthStrength::PasswordAndTotp, grants: Vec::new() }
}
