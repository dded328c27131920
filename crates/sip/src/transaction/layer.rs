//! The table of live transactions: routing of inputs to machines, the
//! deadline index, and the output queues (RFC 3261 §17.1.3, §17.2.3).

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::time::Instant;

use crate::{Message, Method, Request, Response};

use super::build::response_to;
use super::client_invite::ClientInvite;
use super::client_non_invite::ClientNonInvite;
use super::common::{Durations, Out, Up};
use super::server_invite::ServerInvite;
use super::server_non_invite::ServerNonInvite;
use super::timer::TimerTable;
use super::{ClientKey, Config, Event, Peer, ServerKey, TransactionError, TransactionKey, Transmit, fields};

/// All transactions of one node. See the [module docs](super) for the drain
/// rule and what the layer does on its own.
#[derive(Debug)]
pub struct TransactionLayer {
    config: Config,
    next_id: u64,
    /// Boxed: a UDP non-INVITE transaction lingers 64·T1 after its answer,
    /// so the table grows large under load, and growing it moves entries.
    entries: HashMap<u64, Box<Entry>>,
    servers: HashMap<ServerKey, u64>,
    clients: HashMap<ClientKey, u64>,
    deadlines: BTreeSet<(Instant, u64)>,
    transmits: VecDeque<Transmit>,
    events: VecDeque<Event>,
}

#[derive(Debug)]
struct Entry {
    key: TransactionKey,
    peer: Peer,
    machine: Machine,
    deadline: Option<Instant>,
}

#[derive(Debug)]
enum Machine {
    InviteClient(ClientInvite),
    NonInviteClient(ClientNonInvite),
    InviteServer(ServerInvite),
    NonInviteServer(ServerNonInvite),
}

impl Machine {
    fn timers(&mut self) -> &mut TimerTable {
        match self {
            Self::InviteClient(m) => m.timers(),
            Self::NonInviteClient(m) => m.timers(),
            Self::InviteServer(m) => m.timers(),
            Self::NonInviteServer(m) => m.timers(),
        }
    }

    fn is_terminated(&self) -> bool {
        match self {
            Self::InviteClient(m) => m.is_terminated(),
            Self::NonInviteClient(m) => m.is_terminated(),
            Self::InviteServer(m) => m.is_terminated(),
            Self::NonInviteServer(m) => m.is_terminated(),
        }
    }

    /// Fires every timer due at `now`, earliest first. Each firing either
    /// ends the machine or re-arms strictly later, so the bound only guards
    /// against a future bug turning into a hang.
    fn fire_due(&mut self, now: Instant, out: &mut Out) {
        for _ in 0..32 {
            let Some(timer) = self.timers().pop_expired(now) else {
                return;
            };
            match self {
                Self::InviteClient(m) => m.on_timer(now, timer, out),
                Self::NonInviteClient(m) => m.on_timer(now, timer, out),
                Self::InviteServer(m) => m.on_timer(now, timer, out),
                Self::NonInviteServer(m) => m.on_timer(timer, out),
            }
        }
    }
}

impl TransactionLayer {
    /// An empty layer. Durations in `config` are clamped to 1 ms ..= 1 h.
    pub fn new(config: Config) -> Self {
        Self {
            config: config.clamped(),
            next_id: 0,
            entries: HashMap::new(),
            servers: HashMap::new(),
            clients: HashMap::new(),
            deadlines: BTreeSet::new(),
            transmits: VecDeque::new(),
            events: VecDeque::new(),
        }
    }

    /// A request from the network. Retransmissions are absorbed (and the
    /// last response re-sent); the ACK for a non-2xx final is absorbed; a new
    /// request becomes [`Event::Request`]; an ACK outside any transaction
    /// becomes [`Event::Ack`]. Requests without a usable top Via or CSeq are
    /// dropped.
    pub fn handle_request(&mut self, now: Instant, request: Request, from: Peer) {
        let Some(key) = ServerKey::for_request(&request) else {
            return;
        };
        if let Some(&id) = self.servers.get(&key) {
            return self.retransmission(now, id, request);
        }
        if request.method == Method::Ack {
            return self.events.push_back(Event::Ack { request, from });
        }
        if self.entries.len() >= self.config.max_transactions {
            return self.reply_stateless(&request, from, 503);
        }
        if request.method == Method::Cancel && !self.servers.contains_key(&key.cancelled_invite()) {
            return self.refuse_cancel(now, key, &request, from);
        }
        self.open_server(now, key, request, from);
    }

    fn retransmission(&mut self, now: Instant, id: u64, request: Request) {
        self.drive(id, |machine, out| match machine {
            Machine::InviteServer(m) if request.method == Method::Ack => m.on_ack(now, request, out),
            Machine::InviteServer(m) => m.on_request(out),
            Machine::NonInviteServer(m) => m.on_request(out),
            _ => {}
        });
    }

    fn open_server(&mut self, now: Instant, key: ServerKey, request: Request, from: Peer) {
        let durations = Durations::new(&self.config, from.transport.reliable());
        let machine = if request.method == Method::Invite {
            Machine::InviteServer(ServerInvite::new(now, &request, durations))
        } else {
            Machine::NonInviteServer(ServerNonInvite::new(now, durations))
        };
        let id = self.insert(TransactionKey::Server(key.clone()), from, machine);
        self.events.push_back(Event::Request { key, request, from });
        self.settle(id, Out::default());
    }

    /// A CANCEL for no known INVITE gets 481 (§9.2) in its own transaction,
    /// so that retransmissions of it are answered the same way.
    fn refuse_cancel(&mut self, now: Instant, key: ServerKey, cancel: &Request, from: Peer) {
        let durations = Durations::new(&self.config, from.transport.reliable());
        let machine = Machine::NonInviteServer(ServerNonInvite::new(now, durations));
        let id = self.insert(TransactionKey::Server(key), from, machine);
        let response = response_to(cancel, 481);
        self.drive(id, |machine, out| {
            if let Machine::NonInviteServer(m) = machine {
                // A fresh machine is in Trying, so this cannot be refused.
                let _ = m.respond(now, response, out);
            }
        });
    }

    fn reply_stateless(&mut self, request: &Request, to: Peer, status: u16) {
        let message = Message::Response(response_to(request, status));
        self.transmits.push_back(Transmit { to, message });
    }

    /// A response from the network. A match goes to its client transaction
    /// (and on to the TU as [`Event::Response`] unless absorbed); a response
    /// with an RFC 3261 branch that matches nothing becomes
    /// [`Event::StrayResponse`]; anything else is dropped.
    pub fn handle_response(&mut self, now: Instant, response: Response, from: Peer) {
        if !(100..=699).contains(&response.status) {
            return;
        }
        let Some(key) = ClientKey::for_response(&response) else {
            return;
        };
        let Some(&id) = self.clients.get(&key) else {
            return self.events.push_back(Event::StrayResponse { response, from });
        };
        self.drive(id, |machine, out| match machine {
            Machine::InviteClient(m) => m.on_response(now, response, out),
            Machine::NonInviteClient(m) => m.on_response(now, response, out),
            _ => {}
        });
    }

    /// The TU's response to the request of server transaction `key`.
    pub fn respond(&mut self, now: Instant, key: &ServerKey, response: Response) -> Result<(), TransactionError> {
        if !(100..=699).contains(&response.status) {
            return Err(TransactionError::InvalidStatus(response.status));
        }
        let id = *self.servers.get(key).ok_or(TransactionError::NoSuchTransaction)?;
        let mut result = Err(TransactionError::NoSuchTransaction);
        self.drive(id, |machine, out| {
            result = match machine {
                Machine::InviteServer(m) => m.respond(now, response, out),
                Machine::NonInviteServer(m) => m.respond(now, response, out),
                _ => Err(TransactionError::NoSuchTransaction),
            };
        });
        result
    }

    /// Starts a client transaction and queues the request for `to`.
    ///
    /// The request needs a top Via whose branch starts with
    /// [`super::MAGIC_COOKIE`] and is unique, and a CSeq. ACK is refused:
    /// use [`Self::send_ack`].
    pub fn send_request(&mut self, now: Instant, request: Request, to: Peer) -> Result<ClientKey, TransactionError> {
        if request.method == Method::Ack {
            return Err(TransactionError::AckIsNotATransaction);
        }
        let key = ClientKey::for_request(&request)
            .filter(|_| fields::cseq(&request.headers).is_some())
            .ok_or(TransactionError::MissingBranch)?;
        if self.clients.contains_key(&key) {
            return Err(TransactionError::DuplicateBranch);
        }
        if self.entries.len() >= self.config.max_transactions {
            return Err(TransactionError::Full);
        }
        let durations = Durations::new(&self.config, to.transport.reliable());
        let mut out = Out::default();
        let machine = if request.method == Method::Invite {
            Machine::InviteClient(ClientInvite::start(now, request, durations, &mut out))
        } else {
            Machine::NonInviteClient(ClientNonInvite::start(now, request, durations, &mut out))
        };
        let id = self.insert(TransactionKey::Client(key.clone()), to, machine);
        self.settle(id, out);
        Ok(key)
    }

    /// Queues the ACK for a 2xx, which is not a transaction (§13.2.2.4,
    /// §17.1.1.3): it is sent once, and again for each retransmitted 2xx
    /// the TU sees.
    pub fn send_ack(&mut self, ack: Request, to: Peer) -> Result<(), TransactionError> {
        if ack.method != Method::Ack {
            return Err(TransactionError::NotAnAck);
        }
        self.transmits.push_back(Transmit { to, message: Message::Request(ack) });
        Ok(())
    }

    /// Fires every timer due at `now`.
    pub fn handle_timeout(&mut self, now: Instant) {
        let due: Vec<u64> = self.deadlines.iter().take_while(|(at, _)| *at <= now).map(|(_, id)| *id).collect();
        for id in due {
            self.drive(id, |machine, out| machine.fire_due(now, out));
        }
    }

    /// The next message to send.
    #[must_use]
    pub fn poll_transmit(&mut self) -> Option<Transmit> {
        self.transmits.pop_front()
    }

    /// The next event for the TU.
    #[must_use]
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// When to call [`Self::handle_timeout`] next.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.deadlines.first().map(|(at, _)| *at)
    }

    /// Live transactions.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no transaction is live.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn insert(&mut self, key: TransactionKey, peer: Peer, machine: Machine) -> u64 {
        let id = self.next_id;
        self.next_id = self.next_id.wrapping_add(1);
        match &key {
            TransactionKey::Client(k) => self.clients.insert(k.clone(), id),
            TransactionKey::Server(k) => self.servers.insert(k.clone(), id),
        };
        self.entries.insert(id, Box::new(Entry { key, peer, machine, deadline: None }));
        id
    }

    /// Runs one input through machine `id`, then settles its output.
    fn drive(&mut self, id: u64, input: impl FnOnce(&mut Machine, &mut Out)) {
        let Some(entry) = self.entries.get_mut(&id) else {
            return;
        };
        let mut out = Out::default();
        input(&mut entry.machine, &mut out);
        self.settle(id, out);
    }

    /// Queues a machine's output, re-indexes its deadline, and removes it if
    /// it terminated.
    fn settle(&mut self, id: u64, out: Out) {
        let Some(entry) = self.entries.get_mut(&id) else {
            return;
        };
        let to = entry.peer;
        self.transmits.extend(out.send.into_iter().map(|message| Transmit { to, message }));
        self.events.extend(out.up.into_iter().filter_map(|up| event(&entry.key, to, up)));
        let next = entry.machine.timers().next_timeout();
        if next != entry.deadline {
            if let Some(old) = entry.deadline {
                self.deadlines.remove(&(old, id));
            }
            if let Some(new) = next {
                self.deadlines.insert((new, id));
            }
            entry.deadline = next;
        }
        if entry.machine.is_terminated() {
            self.remove(id);
        }
    }

    fn remove(&mut self, id: u64) {
        let Some(entry) = self.entries.remove(&id) else {
            return;
        };
        if let Some(at) = entry.deadline {
            self.deadlines.remove(&(at, id));
        }
        match &entry.key {
            TransactionKey::Client(k) => self.clients.remove(k),
            TransactionKey::Server(k) => self.servers.remove(k),
        };
        self.events.push_back(Event::Terminated { key: entry.key });
    }
}

fn event(key: &TransactionKey, from: Peer, up: Up) -> Option<Event> {
    match (key, up) {
        (TransactionKey::Client(key), Up::Response(response)) => Some(Event::Response { key: key.clone(), response }),
        (_, Up::Ack(request)) => Some(Event::Ack { request, from }),
        (key, Up::Timeout) => Some(Event::Timeout { key: key.clone() }),
        (TransactionKey::Server(_), Up::Response(_)) => None,
    }
}
