//! Store errors.

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The data folder could not be created or read.
    #[error("data folder: {0}")]
    DataDir(#[source] std::io::Error),
    /// The database refused or failed a query.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// A migration failed.
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A row referred to a tenant that does not exist.
    #[error("no tenant with slug {0:?}")]
    UnknownTenant(String),
    /// A tenant of the wrong kind was named (e.g. a customer as a reseller).
    #[error("tenant {slug:?} is not a {expected}")]
    WrongKind {
        /// The tenant named.
        slug: String,
        /// The kind it had to be.
        expected: &'static str,
    },
    /// A stored value could not be understood.
    #[error("corrupt row: {0}")]
    Corrupt(&'static str),
}
