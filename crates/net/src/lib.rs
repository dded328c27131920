//! net (to be filled).
