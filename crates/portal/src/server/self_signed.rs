//! A self-signed certificate for a portal without a configured one (issue 6
//! item 1): made once into `data_dir/tls/` (the key readable only by its
//! owner) and reused after, so browsers that accepted it keep accepting it.

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use crate::PortalError;

/// The self-signed certificate's files in `data_dir/tls/`, made on first
/// use for `names` (DNS names or IP addresses).
pub fn ensure_self_signed(data_dir: &Path, names: Vec<String>) -> Result<(PathBuf, PathBuf), PortalError> {
    let dir = data_dir.join("tls");
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    if cert.exists() && key.exists() {
        return Ok((cert, key));
    }
    std::fs::create_dir_all(&dir)?;
    let certified = rcgen::generate_simple_self_signed(names)?;
    let mut file = std::fs::OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(&key)?;
    file.write_all(certified.signing_key.serialize_pem().as_bytes())?;
    std::fs::write(&cert, certified.cert.pem())?;
    Ok((cert, key))
}
