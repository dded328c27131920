//! Shared helpers: the data files under tests/data.

#![allow(dead_code, unreachable_pub)]

use sdp::{Limits, SessionDescription};

/// The bytes of `tests/data/<path>`.
pub fn read(path: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The parsed description in `tests/data/<path>`.
pub fn parse(path: &str) -> SessionDescription {
    sdp::parse(&read(path), &Limits::default()).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Parses text written with LF line ends.
pub fn parse_text(text: &str) -> SessionDescription {
    sdp::parse(text.as_bytes(), &Limits::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// Every `.sdp` file under tests/data, as `folder/name.sdp`.
pub fn all_files() -> Vec<String> {
    let root = format!("{}/tests/data", env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for folder in std::fs::read_dir(&root).unwrap() {
        let folder = folder.unwrap().file_name().into_string().unwrap();
        for file in std::fs::read_dir(format!("{root}/{folder}")).unwrap() {
            let name = file.unwrap().file_name().into_string().unwrap();
            if name.ends_with(".sdp") {
                files.push(format!("{folder}/{name}"));
            }
        }
    }
    files.sort();
    files
}

/// Our usual local side: 192.0.2.99:30000, PCMU, PCMA, telephone-event.
pub fn local() -> sdp::LocalMedia {
    sdp::LocalMedia::new("192.0.2.99".parse().unwrap(), 30000, 42)
}

/// The answer's audio section (the first with a port).
pub fn answered_audio(answer: &SessionDescription) -> &sdp::MediaDescription {
    answer.audio().expect("answer has audio")
}
