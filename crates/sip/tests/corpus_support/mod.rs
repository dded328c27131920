//! Shared checks that a torture corpus folder holds exactly the archive's
//! files, byte for byte (sizes and FNV-1a hashes pinned, so an editor that
//! strips whitespace fails the tests).

#![allow(dead_code, unreachable_pub)]

/// The bytes of `tests/data/<folder>/<name>.sip`.
pub fn read(folder: &str, name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/{folder}/{name}.sip", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The folder holds a `.sip` file for every name and nothing else.
pub fn assert_holds_exactly(folder: &str, sections: &[(&str, &str)]) {
    let dir = format!("{}/tests/data/{folder}", env!("CARGO_MANIFEST_DIR"));
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter_map(|n| n.strip_suffix(".sip").map(str::to_owned))
        .collect();
    on_disk.sort();
    let mut named: Vec<String> = sections.iter().map(|(_, n)| (*n).to_owned()).collect();
    named.sort();
    assert_eq!(on_disk, named);
}

/// Every file has its pinned size and hash.
pub fn assert_fingerprints(folder: &str, fingerprints: &[(&str, usize, u64)], sections: usize) {
    assert_eq!(fingerprints.len(), sections);
    for &(name, size, hash) in fingerprints {
        let bytes = read(folder, name);
        assert_eq!((bytes.len(), fnv1a(&bytes)), (size, hash), "{name}");
    }
}

/// 64-bit FNV-1a.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}
