//! What UDP ports a process holds, from /proc: its socket inodes matched
//! against /proc/net/udp and udp6.

use std::collections::HashSet;

/// The local UDP ports process `pid` has bound.
pub fn udp_ports(pid: u32) -> Vec<u16> {
    let inodes = socket_inodes(pid);
    let tables = ["/proc/net/udp", "/proc/net/udp6"].map(|p| std::fs::read_to_string(p).unwrap_or_default());
    let rows = tables.iter().flat_map(|t| t.lines().skip(1));
    rows.filter_map(|row| {
        let fields: Vec<&str> = row.split_whitespace().collect();
        let inode: u64 = fields.get(9)?.parse().ok()?;
        let port = u16::from_str_radix(fields.get(1)?.rsplit(':').next()?, 16).ok()?;
        inodes.contains(&inode).then_some(port)
    })
    .collect()
}

fn socket_inodes(pid: u32) -> HashSet<u64> {
    let Ok(entries) = std::fs::read_dir(format!("/proc/{pid}/fd")) else { return HashSet::new() };
    entries
        .filter_map(|e| std::fs::read_link(e.ok()?.path()).ok())
        .filter_map(|target| {
            let text = target.to_string_lossy().into_owned();
            text.strip_prefix("socket:[")?.strip_suffix(']')?.parse().ok()
        })
        .collect()
}

/// How many of `pid`'s UDP ports lie in the default RTP range.
pub fn rtp_ports_held(pid: u32) -> usize {
    udp_ports(pid).into_iter().filter(|p| (16384..=17407).contains(p)).count()
}
