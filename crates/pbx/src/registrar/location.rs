//! The location service (RFC 3261 §10.3 step 7): the live bindings of every
//! AOR, in memory, changed under the Call-ID/CSeq ordering rule.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use model::{Aor, Binding};
use store::BindingChange;

use super::contacts::{Origin, Wanted, WantedContact};
use super::reject::Reject;

/// Every AOR's bindings.
pub(crate) struct Location {
    table: Mutex<HashMap<Aor, Vec<Binding>>>,
}

impl Location {
    /// A table holding these bindings.
    pub(crate) fn new(bindings: Vec<Binding>) -> Self {
        let mut table: HashMap<Aor, Vec<Binding>> = HashMap::new();
        for binding in bindings {
            table.entry(binding.aor.clone()).or_default().push(binding);
        }
        Self { table: Mutex::new(table) }
    }

    /// The live bindings of `aor` at `now_ms`.
    pub(crate) fn bindings(&self, aor: &Aor, now_ms: i64) -> Vec<Binding> {
        let table = self.table.lock().unwrap_or_else(PoisonError::into_inner);
        let live = table.get(aor).into_iter().flatten().filter(|b| b.expires_at_ms > now_ms);
        live.cloned().collect()
    }

    /// Drops lapsed bindings.
    pub(crate) fn purge(&self, now_ms: i64) {
        let mut table = self.table.lock().unwrap_or_else(PoisonError::into_inner);
        table.retain(|_, bindings| {
            bindings.retain(|b| b.expires_at_ms > now_ms);
            !bindings.is_empty()
        });
    }

    /// Applies `wanted` to `aor` all-or-nothing; returns the changes to store.
    pub(crate) fn update(
        &self,
        aor: &Aor,
        wanted: &Wanted,
        origin: &Origin,
        max_contacts: usize,
    ) -> Result<Vec<BindingChange>, Reject> {
        let mut table = self.table.lock().unwrap_or_else(PoisonError::into_inner);
        let current = table.get(aor).map(Vec::as_slice).unwrap_or_default();
        let mut next: Vec<Binding> = current.iter().filter(|b| b.expires_at_ms > origin.now_ms).cloned().collect();
        let changes = match wanted {
            Wanted::Query => return Ok(Vec::new()),
            Wanted::RemoveAll => remove_all(&mut next, aor, origin)?,
            Wanted::Contacts(contacts) => apply_contacts(&mut next, aor, contacts, origin)?,
        };
        if next.len() > max_contacts {
            return Err(Reject::Forbidden("Too Many Contacts"));
        }
        table.insert(aor.clone(), next);
        Ok(changes)
    }
}

/// A request may change a binding it did not make, or a later request of the
/// same Call-ID may; an older or repeated CSeq of the same Call-ID may not.
fn may_change(binding: &Binding, origin: &Origin) -> Result<(), Reject> {
    if binding.call_id == origin.call_id && origin.cseq <= binding.cseq {
        return Err(Reject::OutOfOrder);
    }
    Ok(())
}

fn remove_all(next: &mut Vec<Binding>, aor: &Aor, origin: &Origin) -> Result<Vec<BindingChange>, Reject> {
    next.iter().try_for_each(|b| may_change(b, origin))?;
    next.clear();
    Ok(vec![BindingChange::RemoveAll(aor.clone())])
}

fn apply_contacts(
    next: &mut Vec<Binding>,
    aor: &Aor,
    contacts: &[WantedContact],
    origin: &Origin,
) -> Result<Vec<BindingChange>, Reject> {
    let mut changes = Vec::with_capacity(contacts.len());
    for wanted in contacts {
        let existing = next.iter().position(|b| b.contact == wanted.contact);
        if let Some(at) = existing {
            may_change(&next[at], origin)?;
            next.remove(at);
        }
        if wanted.expires == 0 {
            changes.push(BindingChange::Remove { aor: aor.clone(), contact: wanted.contact.clone() });
        } else {
            let binding = new_binding(aor, wanted, origin);
            changes.push(BindingChange::Upsert(binding.clone()));
            next.push(binding);
        }
    }
    Ok(changes)
}

fn new_binding(aor: &Aor, wanted: &WantedContact, origin: &Origin) -> Binding {
    Binding {
        aor: aor.clone(),
        contact: wanted.contact.clone(),
        expires_at_ms: origin.now_ms + i64::from(wanted.expires) * 1000,
        call_id: origin.call_id.clone(),
        cseq: origin.cseq,
        q: wanted.q,
        transport: origin.transport,
        source: origin.source.clone(),
        user_agent: origin.user_agent.clone(),
    }
}

#[cfg(test)]
mod tests {
    use model::{SipTransport, TenantId};

    use super::*;

    fn aor() -> Aor {
        Aor { customer: TenantId("c".into()), number: "1001".into() }
    }

    fn origin(call_id: &str, cseq: u32, now_ms: i64) -> Origin {
        Origin {
            call_id: call_id.into(),
            cseq,
            transport: SipTransport::Udp,
            source: "192.0.2.1:5060".into(),
            user_agent: None,
            now_ms,
        }
    }

    fn wanted(contacts: &[(&str, u32)]) -> Wanted {
        let list = contacts.iter().map(|&(c, expires)| WantedContact { contact: c.into(), expires, q: None });
        Wanted::Contacts(list.collect())
    }

    fn contacts_of(location: &Location, now_ms: i64) -> Vec<String> {
        location.bindings(&aor(), now_ms).into_iter().map(|b| b.contact).collect()
    }

    #[test]
    fn several_contacts_bind_and_expire_independently() {
        let location = Location::new(Vec::new());
        location.update(&aor(), &wanted(&[("<sip:a@h>", 60), ("<sip:b@h>", 120)]), &origin("x", 1, 0), 10).unwrap();
        assert_eq!(contacts_of(&location, 59_999), ["<sip:a@h>", "<sip:b@h>"]);
        assert_eq!(contacts_of(&location, 60_000), ["<sip:b@h>"]);
    }

    #[test]
    fn same_call_id_needs_a_higher_cseq() {
        let location = Location::new(Vec::new());
        location.update(&aor(), &wanted(&[("<sip:a@h>", 60)]), &origin("x", 5, 0), 10).unwrap();
        let replay = location.update(&aor(), &wanted(&[("<sip:a@h>", 0)]), &origin("x", 5, 1), 10);
        assert!(matches!(replay, Err(Reject::OutOfOrder)), "{replay:?}");
        assert_eq!(contacts_of(&location, 1), ["<sip:a@h>"], "a refused request changed nothing");
        location.update(&aor(), &wanted(&[("<sip:a@h>", 0)]), &origin("x", 6, 1), 10).unwrap();
        assert!(contacts_of(&location, 1).is_empty());
    }

    #[test]
    fn another_call_id_may_replace_a_binding() {
        let location = Location::new(Vec::new());
        location.update(&aor(), &wanted(&[("<sip:a@h>", 60)]), &origin("x", 9, 0), 10).unwrap();
        location.update(&aor(), &wanted(&[("<sip:a@h>", 120)]), &origin("y", 1, 0), 10).unwrap();
        let bindings = location.bindings(&aor(), 0);
        assert_eq!((bindings.len(), bindings[0].expires_at_ms, bindings[0].call_id.as_str()), (1, 120_000, "y"));
    }

    #[test]
    fn remove_all_clears_and_too_many_contacts_change_nothing() {
        let location = Location::new(Vec::new());
        location.update(&aor(), &wanted(&[("<sip:a@h>", 60), ("<sip:b@h>", 60)]), &origin("x", 1, 0), 2).unwrap();
        let third = location.update(&aor(), &wanted(&[("<sip:c@h>", 60)]), &origin("y", 1, 0), 2);
        assert!(matches!(third, Err(Reject::Forbidden(_))), "{third:?}");
        assert_eq!(contacts_of(&location, 0).len(), 2);
        let changes = location.update(&aor(), &Wanted::RemoveAll, &origin("z", 1, 0), 2).unwrap();
        assert_eq!(changes, vec![BindingChange::RemoveAll(aor())]);
        assert!(contacts_of(&location, 0).is_empty());
    }
}
