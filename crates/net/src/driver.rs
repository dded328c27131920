//! The driver: one task that owns the transaction layer (RFC 3261 §17),
//! feeds it what the sockets read, hands new requests to the [`Handler`] and
//! sends what the layer asks to send.
//!
//! It follows the sans-IO drain rule: after every input, drain
//! `poll_transmit` and `poll_event`, then sleep until `poll_timeout`.

use std::collections::HashMap;
use std::future::Future;
use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use std::time::Instant;

use futures_util::FutureExt;
use sip::parse::Limits;
use sip::transaction::{
    ClientKey, Config, Event, Peer, ServerKey, TransactionKey, TransactionLayer, Transmit, TransportKind,
};
use sip::{Message, Request, Response};
use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use crate::client::{ClientEvent, ClientReply, Command, ReplySender, ServerTransaction, SipSender};
use crate::config::{DialOut, ListenerConfig, Listeners};
use crate::outbound::Outbound;
use crate::{NetError, via};

/// Messages waiting for the driver; UDP beyond this is dropped (the phone retransmits).
const INBOUND_QUEUE: usize = 16_384;

/// Who sent a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    /// UDP, TCP or TLS.
    pub transport: TransportKind,
    /// The packet's source address.
    pub remote: SocketAddr,
}

/// Answers requests that start a new server transaction (and ACKs for 2xx).
pub trait Handler: Send + Sync + 'static {
    /// The final (or provisional) response to send, or `None` for requests
    /// that take none (ACK).
    fn handle(&self, request: &Request, source: Source) -> impl Future<Output = Option<Response>> + Send;

    /// Like [`Self::handle`], with the request's server transaction, so a
    /// handler may answer later (return `None` now and call
    /// [`SipSender::respond`]) or start client transactions. ACKs for 2xx
    /// arrive here too, with a key that matches no transaction.
    fn handle_transaction(
        &self,
        request: &Request,
        source: Source,
        transaction: ServerTransaction,
    ) -> impl Future<Output = Option<Response>> + Send {
        let _ = transaction;
        self.handle(request, source)
    }
}

/// A parsed message and where it came from.
pub(crate) struct Inbound {
    pub(crate) message: Message,
    pub(crate) peer: Peer,
}

/// What socket tasks share with the driver.
pub(crate) struct Shared {
    pub(crate) limits: Limits,
    pub(crate) outbound: Outbound,
    inbound: mpsc::Sender<Inbound>,
}

impl Shared {
    /// Hands a datagram's message to the driver, dropping it when overloaded.
    pub(crate) fn deliver(&self, inbound: Inbound) {
        if self.inbound.try_send(inbound).is_err() {
            tracing::warn!("SIP driver overloaded; datagram dropped");
        }
    }

    /// Hands a stream's message to the driver, waiting when it is busy.
    pub(crate) async fn deliver_stream(&self, inbound: Inbound) {
        let _ = self.inbound.send(inbound).await;
    }
}

/// A running SIP server.
pub struct SipServer {
    bound: Vec<ListenerConfig>,
    stop: CancellationToken,
    tasks: JoinSet<()>,
}

impl SipServer {
    /// Binds every listener and starts serving `handler`.
    pub async fn start<H: Handler>(listeners: &Listeners, handler: Arc<H>) -> Result<Self, NetError> {
        let (inbound, inbox) = mpsc::channel(INBOUND_QUEUE);
        let mut outbound = Outbound::default();
        let bound = crate::listen::bind_all(listeners, &mut outbound).await?;
        let shared = Arc::new(Shared { limits: Limits::default(), outbound, inbound });
        let stop = CancellationToken::new();
        let mut tasks = JoinSet::new();
        let addresses = bound.addresses();
        bound.spawn(&mut tasks, &shared, listeners.tls.as_ref(), &stop);
        let (commands, commanded) = mpsc::unbounded_channel();
        let sender = SipSender::new(commands, addresses.clone());
        let mut driver = Driver::new(shared, handler, sender);
        driver.dial = listeners.dial.iter().map(|dial| (dial.peer, dial.clone())).collect();
        driver.stop = stop.clone();
        tasks.spawn(driver.run(inbox, commanded, stop.clone()));
        Ok(Self { bound: addresses, stop, tasks })
    }

    /// The listeners as bound (port 0 replaced by the real port).
    pub fn local_addrs(&self) -> &[ListenerConfig] {
        &self.bound
    }

    /// Stops every listener and connection and waits for them.
    pub async fn shutdown(mut self) {
        self.stop.cancel();
        while self.tasks.join_next().await.is_some() {}
    }
}

/// A handler's answer to one server transaction.
struct Answer {
    key: ServerKey,
    response: Response,
}

struct Driver<H> {
    layer: TransactionLayer,
    shared: Arc<Shared>,
    handler: Arc<H>,
    answers: mpsc::UnboundedSender<Answer>,
    answered: mpsc::UnboundedReceiver<Answer>,
    sender: SipSender,
    /// Who waits for each client transaction's responses.
    clients: HashMap<ClientKey, ReplySender>,
    /// Stream peers this node connects to itself.
    dial: HashMap<Peer, DialOut>,
    /// Commands waiting for a connection being dialled.
    dialing: HashMap<Peer, Vec<Command>>,
    stop: CancellationToken,
}

impl<H: Handler> Driver<H> {
    fn new(shared: Arc<Shared>, handler: Arc<H>, sender: SipSender) -> Self {
        let (answers, answered) = mpsc::unbounded_channel();
        let layer = TransactionLayer::new(Config::default());
        let (clients, dial, dialing) = (HashMap::new(), HashMap::new(), HashMap::new());
        let stop = CancellationToken::new();
        Self { layer, shared, handler, answers, answered, sender, clients, dial, dialing, stop }
    }

    async fn run(
        mut self,
        mut inbox: mpsc::Receiver<Inbound>,
        mut commands: mpsc::UnboundedReceiver<Command>,
        stop: CancellationToken,
    ) {
        // One timer, moved only when the next deadline changes: re-arming a
        // fresh sleep per message costs a timer-wheel insert and removal.
        let timer = tokio::time::sleep(IDLE_WAKEUP);
        tokio::pin!(timer);
        loop {
            self.drain();
            let deadline = self.layer.poll_timeout().map_or_else(idle_deadline, tokio::time::Instant::from_std);
            if timer.deadline() != deadline {
                timer.as_mut().reset(deadline);
            }
            tokio::select! {
                () = stop.cancelled() => return,
                Some(inbound) = inbox.recv() => self.on_inbound(inbound),
                Some(answer) = self.answered.recv() => self.on_answer(answer),
                Some(command) = commands.recv() => self.on_command(command),
                () = &mut timer => self.layer.handle_timeout(Instant::now()),
            }
        }
    }

    fn on_inbound(&mut self, Inbound { message, peer }: Inbound) {
        let now = Instant::now();
        match message {
            Message::Request(mut request) => {
                via::stamp_received(&mut request.headers, peer.addr);
                self.layer.handle_request(now, request, peer);
            }
            Message::Response(response) => self.layer.handle_response(now, response, peer),
        }
    }

    fn on_answer(&mut self, Answer { key, response }: Answer) {
        if let Err(error) = self.layer.respond(Instant::now(), &key, response) {
            tracing::debug!(%error, "answer for a finished transaction");
        }
    }

    fn on_command(&mut self, command: Command) {
        let now = Instant::now();
        let command = match self.unconnected(command) {
            Some(command) => command,
            None => return,
        };
        match command {
            Command::Respond { key, response } => self.on_answer(Answer { key, response }),
            Command::Ack { ack, to } => {
                let _ = self.layer.send_ack(ack, to);
            }
            Command::Request { request, to, replies } => {
                let branch = ClientKey::for_request(&request).map(|k| k.branch().to_owned()).unwrap_or_default();
                match self.layer.send_request(now, request, to) {
                    Ok(key) => {
                        self.clients.insert(key, replies);
                    }
                    Err(error) => {
                        tracing::debug!(%error, "client transaction refused");
                        let _ = replies.send(Box::new(ClientReply { branch, event: ClientEvent::Refused }));
                    }
                }
            }
            Command::Dialed { peer, connected } => self.on_dialed(peer, connected),
        }
    }

    /// A request or ACK for a stream peer with no open connection: dialled
    /// (and the command kept until then) when the peer is one we connect
    /// to, else a request is told `Unreachable` at once. Anything else is
    /// handed back.
    fn unconnected(&mut self, command: Command) -> Option<Command> {
        let to = match &command {
            Command::Request { to, .. } | Command::Ack { to, .. } => *to,
            _ => return Some(command),
        };
        if to.transport == TransportKind::Udp || self.shared.outbound.has_stream(to) {
            return Some(command);
        }
        match self.dial.get(&to) {
            Some(dial) => {
                let waiting = self.dialing.entry(to).or_default();
                if waiting.is_empty() {
                    crate::dial::start(dial.clone(), Arc::clone(&self.shared), self.sender.clone(), self.stop.clone());
                }
                waiting.push(command);
            }
            None => unreachable_now(command),
        }
        None
    }

    /// Replays the commands that waited for `peer`'s connection, or tells
    /// their requests it could not be opened.
    fn on_dialed(&mut self, peer: Peer, connected: bool) {
        for command in self.dialing.remove(&peer).unwrap_or_default() {
            if connected && self.shared.outbound.has_stream(peer) {
                self.on_command(command);
            } else {
                unreachable_now(command);
            }
        }
    }

    fn to_client(&self, key: &ClientKey, event: ClientEvent) {
        if let Some(replies) = self.clients.get(key) {
            let _ = replies.send(Box::new(ClientReply { branch: key.branch().to_owned(), event }));
        }
    }

    /// Sends and handles until the layer has nothing more: handling an
    /// event may answer at once, which queues transmits.
    fn drain(&mut self) {
        loop {
            while let Some(transmit) = self.layer.poll_transmit() {
                self.send(transmit);
            }
            let Some(event) = self.layer.poll_event() else { return };
            self.on_event(event);
        }
    }

    fn on_event(&mut self, event: Event) {
        match event {
            Event::Request { key, request, from } => self.dispatch(key, request, from),
            Event::Ack { request, from } => {
                if let Some(key) = ServerKey::for_request(&request) {
                    self.dispatch(key, request, from);
                }
            }
            Event::Response { key, response } => self.to_client(&key, ClientEvent::Response(response)),
            Event::Timeout { key: TransactionKey::Client(key) } => self.to_client(&key, ClientEvent::Timeout),
            Event::Terminated { key: TransactionKey::Client(key) } => {
                self.clients.remove(&key);
            }
            // The event's name only: its messages carry numbers and addresses.
            other => tracing::trace!(event = event_name(&other), "transaction event"),
        }
    }

    /// Runs the handler; a panic there becomes a 500 for that request only.
    /// The handler is polled once here: most answers (challenges, OPTIONS)
    /// need no waiting and go out at once. One that must wait (for the
    /// database) finishes in a task of its own and comes back as an answer.
    fn dispatch(&mut self, key: ServerKey, request: Request, from: Peer) {
        let handler = Arc::clone(&self.handler);
        let source = Source { transport: from.transport, remote: from.addr };
        let transaction = ServerTransaction { key: key.clone(), sip: self.sender.clone() };
        let mut job = Box::pin(async move {
            let handling = handler.handle_transaction(&request, source, transaction);
            let handled = AssertUnwindSafe(handling).catch_unwind().await;
            let response = handled.unwrap_or_else(|_| {
                tracing::error!("request handler panicked; answered 500");
                Some(Response::for_request(&request, 500))
            });
            response.map(|response| Answer { key, response })
        });
        match job.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(Some(answer)) => self.on_answer(answer),
            Poll::Ready(None) => {}
            Poll::Pending => {
                let answers = self.answers.clone();
                tokio::spawn(async move {
                    if let Some(answer) = job.await {
                        let _ = answers.send(answer);
                    }
                });
            }
        }
    }

    fn send(&self, Transmit { to, message }: Transmit) {
        let bytes = message.to_bytes();
        match to.transport {
            TransportKind::Udp => {
                let destination = match &message {
                    Message::Response(r) => via::response_destination(&r.headers).unwrap_or(to.addr),
                    Message::Request(_) => to.addr,
                };
                self.shared.outbound.send_udp(destination, to.addr, &bytes);
            }
            _ => {
                if !self.shared.outbound.send_stream(to, bytes) {
                    tracing::debug!("no open connection for a stream transmit");
                }
            }
        }
    }
}

/// Tells the sender of a request that could not leave (an ACK is dropped).
fn unreachable_now(command: Command) {
    if let Command::Request { request, replies, .. } = command {
        tracing::debug!("no connection for a stream request");
        let branch = ClientKey::for_request(&request).map(|k| k.branch().to_owned()).unwrap_or_default();
        let _ = replies.send(Box::new(ClientReply { branch, event: ClientEvent::Unreachable }));
    }
}

/// With no transaction waiting on a timer, the driver still wakes this
/// often (harmlessly: `handle_timeout` finds nothing due).
const IDLE_WAKEUP: std::time::Duration = std::time::Duration::from_secs(3600);

fn idle_deadline() -> tokio::time::Instant {
    tokio::time::Instant::now() + IDLE_WAKEUP
}

/// A transaction event's name, for logs (never its messages, which carry
/// numbers and addresses).
fn event_name(event: &Event) -> &'static str {
    match event {
        Event::Request { .. } => "request",
        Event::Ack { .. } => "ack",
        Event::Response { .. } => "response",
        Event::StrayResponse { .. } => "stray response",
        Event::Timeout { .. } => "timeout",
        Event::Terminated { .. } => "terminated",
        _ => "other",
    }
}
