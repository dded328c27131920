//! callvault's call control. For now: the SIP registrar (RFC 3261 §10) and
//! the answers a server owes to OPTIONS and to methods it does not implement
//! (RFC 3261 §11, §21.5.2).

mod calls;
mod directory;
mod random;
mod registrar;
mod service;

pub use calls::CallConfig;
pub use directory::Directory;
pub use registrar::{Registrar, RegistrarConfig};
pub use service::PbxService;
