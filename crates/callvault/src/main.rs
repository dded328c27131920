//! The callvault binary.
fn main() {}
