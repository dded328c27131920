//! The TLS certificate: configured files, or for the demo a self-signed
//! certificate made once in the data folder.

use std::net::IpAddr;
use std::path::Path;

use anyhow::Context;
use net::TlsFiles;

/// The demo certificate's files in `data_dir/tls/`, made on first use.
pub(crate) fn demo_certificate(data_dir: &Path, bind: IpAddr) -> anyhow::Result<TlsFiles> {
    let dir = data_dir.join("tls");
    let files = TlsFiles { cert: dir.join("cert.pem"), key: dir.join("key.pem") };
    if files.cert.exists() && files.key.exists() {
        return Ok(files);
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let names = vec!["localhost".to_owned(), bind.to_string()];
    let certified = rcgen::generate_simple_self_signed(names).context("making the demo certificate")?;
    std::fs::write(&files.cert, certified.cert.pem())?;
    write_private(&files.key, certified.signing_key.serialize_pem().as_bytes())?;
    Ok(files)
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
