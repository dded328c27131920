//! The TLS certificate: configured files, or for the demo a self-signed
//! certificate made once in the data folder (the portal's, shared with SIP TLS).

use std::net::IpAddr;
use std::path::Path;

use anyhow::Context;
use net::TlsFiles;

/// The demo certificate's files in `data_dir/tls/`, made on first use.
pub(crate) fn demo_certificate(data_dir: &Path, bind: IpAddr) -> anyhow::Result<TlsFiles> {
    let names = vec!["localhost".to_owned(), bind.to_string()];
    let (cert, key) = portal::server::ensure_self_signed(data_dir, names).context("making the demo certificate")?;
    Ok(TlsFiles { cert, key })
}

/// Writes a file only its owner may read.
pub(crate) fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("writing {}", path.display()))?;
    file.write_all(bytes)?;
    Ok(())
}
