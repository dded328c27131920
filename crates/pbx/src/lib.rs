//! pbx (to be filled).
