//! A fresh PostgreSQL database per test, made and dropped with `psql`
//! through the maintenance database (127.0.0.1:5432, trust auth, or
//! `CALLVAULT_TEST_POSTGRES`); a missing server fails the test saying so.

use std::net::UdpSocket;
use std::process::Command;

const DEFAULT_POSTGRES: &str = "postgres://root@127.0.0.1:5432/postgres";

/// A fresh PostgreSQL database, dropped when this goes out of scope.
pub struct Database {
    admin: String,
    name: String,
}

impl Database {
    pub fn create() -> Self {
        let admin = std::env::var("CALLVAULT_TEST_POSTGRES").unwrap_or_else(|_| DEFAULT_POSTGRES.to_owned());
        let name = format!("cv_e2e_{}_{}", std::process::id(), free_port());
        let db = Self { admin, name };
        let created = db.psql(&format!("CREATE DATABASE {}", db.name));
        assert!(
            created,
            "PostgreSQL is missing: could not create a database through {}; start it with \
             `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` (scripts/test does)",
            db.admin
        );
        db
    }

    pub fn url(&self) -> String {
        let (server, _) = self.admin.rsplit_once('/').unwrap();
        format!("{server}/{}", self.name)
    }

    pub fn psql(&self, sql: &str) -> bool {
        let status = Command::new("psql").args([self.admin.as_str(), "-qc", sql]).status();
        status.is_ok_and(|s| s.success())
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        self.psql(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
    }
}

fn free_port() -> u16 {
    UdpSocket::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}
