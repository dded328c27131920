//! callvault's call control: the SIP registrar (RFC 3261 §10), calls
//! between the extensions of one customer through a B2BUA with a media
//! relay, one supervised task per call and a CDR per attempt (issue 4; see
//! `calls`), and the answers a server owes to OPTIONS and to methods it
//! does not implement (RFC 3261 §11, §21.5.2).

mod calls;
mod directory;
mod random;
mod registrar;
mod service;

pub use calls::{CallConfig, Country, CustomerPolicy, Did, Trunk, TrunkCredentials, Trunking};
pub use directory::Directory;
pub use registrar::{Registrar, RegistrarConfig};
pub use service::PbxService;
