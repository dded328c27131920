//! Printing messages (RFC 3261 §7): start line, one `Name: value` line per
//! stored value with canonical full names (§7.3.3 compact forms are never
//! sent), a Content-Length computed from the body (§20.14, replacing any
//! stored one), the empty line and the body.
//!
//! CR and LF inside stored values or reason phrases are written as SP, so a
//! value built from untrusted text cannot inject header lines.

use std::fmt::{self, Write};

use crate::{HeaderName, Headers, Message, Request, Response};

impl Request {
    /// The message as bytes, ready to send.
    pub fn to_bytes(&self) -> Vec<u8> {
        with_body(head(self), &self.body)
    }
}

impl Response {
    /// The message as bytes, ready to send.
    pub fn to_bytes(&self) -> Vec<u8> {
        with_body(head(self), &self.body)
    }
}

impl Message {
    /// The message as bytes, ready to send.
    pub fn to_bytes(&self) -> Vec<u8> {
        match self {
            Message::Request(req) => req.to_bytes(),
            Message::Response(res) => res.to_bytes(),
        }
    }
}

/// Anything with a start line, headers and a body.
trait Printable {
    fn start_line(&self, out: &mut String);
    fn headers(&self) -> &Headers;
    fn body_len(&self) -> usize;
}

impl Printable for Request {
    fn start_line(&self, out: &mut String) {
        let _ = write!(out, "{} {} SIP/2.0\r\n", self.method, self.uri);
    }
    fn headers(&self) -> &Headers {
        &self.headers
    }
    fn body_len(&self) -> usize {
        self.body.len()
    }
}

impl Printable for Response {
    fn start_line(&self, out: &mut String) {
        let _ = write!(out, "SIP/2.0 {} ", self.status);
        push_line_safe(out, &self.reason);
        out.push_str("\r\n");
    }
    fn headers(&self) -> &Headers {
        &self.headers
    }
    fn body_len(&self) -> usize {
        self.body.len()
    }
}

/// Start line, headers, Content-Length and the empty line.
fn head(message: &impl Printable) -> String {
    let mut out = String::with_capacity(512);
    message.start_line(&mut out);
    for (name, value) in message.headers().iter() {
        if *name != HeaderName::ContentLength {
            out.push_str(name.as_str());
            out.push_str(": ");
            push_line_safe(&mut out, value);
            out.push_str("\r\n");
        }
    }
    let _ = write!(out, "Content-Length: {}\r\n\r\n", message.body_len());
    out
}

/// Appends `text` with CR and LF replaced by SP.
fn push_line_safe(out: &mut String, text: &str) {
    match text.contains(['\r', '\n']) {
        true => out.extend(text.chars().map(|c| if c == '\r' || c == '\n' { ' ' } else { c })),
        false => out.push_str(text),
    }
}

/// The head's bytes followed by the body.
fn with_body(head: String, body: &[u8]) -> Vec<u8> {
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

impl fmt::Display for Request {
    /// The message text; a non-UTF-8 body is shown lossily.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&head(self))?;
        f.write_str(&String::from_utf8_lossy(&self.body))
    }
}

impl fmt::Display for Response {
    /// The message text; a non-UTF-8 body is shown lossily.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&head(self))?;
        f.write_str(&String::from_utf8_lossy(&self.body))
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Message::Request(req) => req.fmt(f),
            Message::Response(res) => res.fmt(f),
        }
    }
}
