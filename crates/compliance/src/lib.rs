//! callvault's CPNI compliance engine (issue 7): the rules of 47 CFR
//! 64.2001–64.2011 as pure functions over `model` — no runtime, no sockets,
//! no web framework. See `../shared/reference/cpni-rules.md` for the
//! requirements table (rows cited as R#).
