//! store (to be filled).
