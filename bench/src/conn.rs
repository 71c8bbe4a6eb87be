//! One simulated participant: a WebSocket that reconnects with jittered backoff, syncs every chat it shows
//! after each (re)connect, sends when the driver says so, and times the messages the other side sent.
//!
//! A message's `client_id` carries its phase and send time (`s<micros>-<n>` or `p<micros>-<n>`), so the
//! receiving connection computes the delivery latency without sharing state with the sender.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bangban_core::protocol::{ClientFrame, SenderKind, ServerFrame};
use futures::{SinkExt, StreamExt};
use rand::Rng;
use tokio::net::TcpStream;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::{Message, protocol::frame::coding::CloseCode};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// The measured phases: index into [`Shared::acks`] and [`Shared::latency`].
pub(crate) const STEADY: usize = 0;
/// See [`STEADY`].
pub(crate) const PEAK: usize = 1;
const TAGS: [char; 2] = ['s', 'p'];

/// Counters every connection updates; the driver reads them.
pub(crate) struct Shared {
    epoch: Instant,
    /// Connections open now.
    pub(crate) open: AtomicUsize,
    /// Connections that finished their first sync.
    pub(crate) resumed: AtomicUsize,
    /// When the reconnect storm began (micros since the epoch; 0 = not yet).
    pub(crate) storm_at: AtomicU64,
    /// Connections that lost their socket after the storm began and have resumed since.
    pub(crate) storm_resumed: AtomicUsize,
    /// When the last of those resumed (micros since the epoch).
    pub(crate) storm_last: AtomicU64,
    /// End of the peak phase (micros since the epoch): acks after it do not count.
    pub(crate) peak_until: AtomicU64,
    /// Acks received, per phase.
    pub(crate) acks: [AtomicU64; 2],
    /// Closes seen: 1001 going away, 1013 try again (kicked as slow), any other code or no close frame.
    pub(crate) closes: [AtomicU64; 3],
    /// `error` frames received.
    pub(crate) errors: AtomicU64,
    /// Delivery latencies in microseconds, per phase.
    latency: [Mutex<Vec<u32>>; 2],
}

impl Shared {
    /// Counters at zero; times count from now.
    pub(crate) fn new() -> Shared {
        Shared {
            epoch: Instant::now(),
            open: AtomicUsize::new(0),
            resumed: AtomicUsize::new(0),
            storm_at: AtomicU64::new(0),
            storm_resumed: AtomicUsize::new(0),
            storm_last: AtomicU64::new(0),
            peak_until: AtomicU64::new(0),
            acks: Default::default(),
            closes: Default::default(),
            errors: AtomicU64::new(0),
            latency: Default::default(),
        }
    }

    /// Microseconds since the epoch.
    pub(crate) fn now_us(&self) -> u64 {
        self.epoch.elapsed().as_micros() as u64
    }

    /// The latencies of a phase, sorted.
    pub(crate) fn latencies(&self, phase: usize) -> Vec<u32> {
        let mut all = self.latency[phase].lock().expect("not poisoned").clone();
        all.sort_unstable();
        all
    }
}

/// Which side a connection plays.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// A citizen with one chat.
    Citizen,
    /// An agent with several chats.
    Agent,
}

/// How to reach the server as one participant.
pub(crate) struct Client {
    /// Which side.
    pub(crate) side: Side,
    /// `ws://.../api/ws[?visitor=...]`.
    pub(crate) url: String,
    /// The agent's `Cookie` header.
    pub(crate) cookie: Option<String>,
    /// The chats it shows.
    pub(crate) convs: Vec<String>,
}

/// What the driver asks of a connection.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Cmd {
    /// Send one steady-phase message in the chat with this index in [`Client::convs`].
    Send(usize),
    /// Send peak-phase messages back to back, the next on each ack, until [`Shared::peak_until`].
    Peak,
}

/// Starts the connection task; dropping the returned sender stops it.
pub(crate) fn spawn(client: Client, shared: Arc<Shared>) -> mpsc::Sender<Cmd> {
    let (tx, rx) = mpsc::channel(64);
    tokio::spawn(run(client, shared, rx));
    tx
}

/// What a connection remembers across reconnects.
struct State {
    last_seq: Vec<u64>,
    sent: u64,
    next_conv: usize,
    peaking: bool,
    outstanding: bool,
    counted_first: bool,
    lost_at: Option<u64>,
    counted_storm: bool,
}

async fn run(client: Client, shared: Arc<Shared>, mut cmds: mpsc::Receiver<Cmd>) {
    let mut st = State {
        last_seq: vec![0; client.convs.len()],
        sent: 0,
        next_conv: 0,
        peaking: false,
        outstanding: false,
        counted_first: false,
        lost_at: None,
        counted_storm: false,
    };
    let mut attempt = 0;
    loop {
        tokio::time::sleep(backoff(attempt)).await;
        let Ok(ws) = connect(&client).await else {
            attempt += 1;
            continue;
        };
        attempt = 0;
        shared.open.fetch_add(1, Relaxed);
        let end = Session {
            client: &client,
            shared: &shared,
            st: &mut st,
            ws,
        }
        .run(&mut cmds)
        .await;
        shared.open.fetch_sub(1, Relaxed);
        let Some(code) = end else { return };
        let kind = match code {
            Some(CloseCode::Away) => 0,
            Some(CloseCode::Again) => 1,
            _ => 2,
        };
        shared.closes[kind].fetch_add(1, Relaxed);
        st.lost_at = Some(shared.now_us());
        st.outstanding = false;
    }
}

/// Full jitter: the first try within a second (so thousands of clients do not all arrive at once), then up
/// to 250 ms × 2^n, at most 4 s.
fn backoff(attempt: u32) -> Duration {
    let cap = if attempt == 0 {
        1000
    } else {
        (250u64 << attempt.min(4)).min(4000)
    };
    Duration::from_millis(rand::thread_rng().gen_range(0..cap))
}

async fn connect(client: &Client) -> anyhow::Result<Ws> {
    let mut req = client.url.as_str().into_client_request()?;
    if let Some(cookie) = &client.cookie {
        req.headers_mut().insert("cookie", cookie.parse()?);
    }
    let config = WebSocketConfig::default()
        .read_buffer_size(8 * 1024)
        .write_buffer_size(0);
    let (ws, _) = tokio_tungstenite::connect_async_with_config(req, Some(config), true).await?;
    Ok(ws)
}

/// One connected socket.
struct Session<'a> {
    client: &'a Client,
    shared: &'a Shared,
    st: &'a mut State,
    ws: Ws,
}

impl Session<'_> {
    /// Runs until the socket ends (`Some(close code)`) or the driver is done (`None`).
    async fn run(mut self, cmds: &mut mpsc::Receiver<Cmd>) -> Option<Option<CloseCode>> {
        let mut pending = self.client.convs.len();
        for i in 0..pending {
            let sync = ClientFrame::Sync {
                conversation: self.client.convs[i].clone(),
                after: self.st.last_seq[i],
            };
            if self.write(&sync).await.is_err() {
                return Some(None);
            }
        }
        loop {
            let ok = tokio::select! {
                cmd = cmds.recv() => match cmd {
                    Some(Cmd::Send(i)) => self.send_message(i, STEADY).await,
                    Some(Cmd::Peak) => {
                        self.st.peaking = true;
                        self.next_peak().await
                    }
                    None => return None,
                },
                frame = self.ws.next() => match frame {
                    Some(Ok(Message::Text(text))) => self.on_text(text.as_str(), &mut pending).await,
                    Some(Ok(Message::Close(frame))) => return Some(frame.map(|f| f.code)),
                    Some(Ok(_)) => Ok(()),
                    Some(Err(_)) | None => return Some(None),
                },
            };
            if ok.is_err() {
                return Some(None);
            }
        }
    }

    async fn on_text(&mut self, text: &str, pending: &mut usize) -> Result<(), ()> {
        let now = self.shared.now_us();
        match serde_json::from_str::<ServerFrame>(text) {
            Ok(ServerFrame::Ack(ack)) => {
                let phase = phase_of(&ack.client_id).map(|(phase, _)| phase);
                if phase == Some(STEADY)
                    || (phase == Some(PEAK) && now <= self.shared.peak_until.load(Relaxed))
                {
                    self.shared.acks[phase.unwrap_or(STEADY)].fetch_add(1, Relaxed);
                }
                self.st.outstanding = false;
                return self.next_peak().await;
            }
            Ok(ServerFrame::Message { message }) => {
                self.seen(&message.conversation, message.seq);
                let other = match self.client.side {
                    Side::Citizen => SenderKind::Agent,
                    Side::Agent => SenderKind::Citizen,
                };
                if message.sender == other
                    && let Some((phase, sent)) = phase_of(&message.client_id)
                {
                    let micros = now.saturating_sub(sent).min(u32::MAX as u64) as u32;
                    let mut all = self.shared.latency[phase].lock().expect("not poisoned");
                    all.push(micros);
                }
            }
            Ok(ServerFrame::Messages {
                conversation,
                messages,
            }) => {
                if let Some(last) = messages.last() {
                    self.seen(&conversation, last.seq);
                }
                *pending = pending.saturating_sub(1);
                if *pending == 0 {
                    self.resumed(now);
                    return self.next_peak().await;
                }
            }
            Ok(ServerFrame::Error { .. }) => {
                self.shared.errors.fetch_add(1, Relaxed);
                self.st.outstanding = false;
            }
            _ => {}
        }
        Ok(())
    }

    /// All chats synced: counts the first resume, and the first after the storm began.
    fn resumed(&mut self, now: u64) {
        if !self.st.counted_first {
            self.st.counted_first = true;
            self.shared.resumed.fetch_add(1, Relaxed);
        }
        let storm = self.shared.storm_at.load(Relaxed);
        if storm > 0 && !self.st.counted_storm && self.st.lost_at.is_some_and(|t| t >= storm) {
            self.st.counted_storm = true;
            self.shared.storm_resumed.fetch_add(1, Relaxed);
            self.shared.storm_last.fetch_max(now, Relaxed);
        }
    }

    fn seen(&mut self, conv: &str, seq: u64) {
        if let Some(i) = self.client.convs.iter().position(|c| c == conv) {
            self.st.last_seq[i] = self.st.last_seq[i].max(seq);
        }
    }

    /// In the peak phase, sends the next message if none is waiting for its ack.
    async fn next_peak(&mut self) -> Result<(), ()> {
        if !self.st.peaking || self.st.outstanding {
            return Ok(());
        }
        if self.shared.now_us() > self.shared.peak_until.load(Relaxed) {
            self.st.peaking = false;
            return Ok(());
        }
        let i = self.st.next_conv;
        self.st.next_conv = (i + 1) % self.client.convs.len();
        self.send_message(i, PEAK).await
    }

    async fn send_message(&mut self, i: usize, phase: usize) -> Result<(), ()> {
        self.st.sent += 1;
        self.st.outstanding = true;
        let client_id = format!("{}{}-{}", TAGS[phase], self.shared.now_us(), self.st.sent);
        let frame = ClientFrame::Send {
            conversation: self.client.convs[i].clone(),
            client_id,
            text: "您好，请问材料还需要补充什么？".to_owned(),
        };
        self.write(&frame).await
    }

    async fn write(&mut self, frame: &ClientFrame) -> Result<(), ()> {
        let json = serde_json::to_string(frame).map_err(|_| ())?;
        self.ws
            .send(Message::Text(json.into()))
            .await
            .map_err(|_| ())
    }
}

/// The phase and send time a bench `client_id` carries.
fn phase_of(client_id: &str) -> Option<(usize, u64)> {
    let mut chars = client_id.chars();
    let tag = chars.next()?;
    let phase = TAGS.iter().position(|&t| t == tag)?;
    let micros = chars.as_str().split('-').next()?.parse().ok()?;
    Some((phase, micros))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_ids_carry_phase_and_time() {
        assert_eq!(phase_of("s123-4"), Some((STEADY, 123)));
        assert_eq!(phase_of("p9-1"), Some((PEAK, 9)));
        assert_eq!(phase_of("sys-accept"), None);
        assert_eq!(phase_of("bot-1"), None);
    }

    #[test]
    fn backoff_is_bounded() {
        for attempt in 0..20 {
            assert!(backoff(attempt) < Duration::from_secs(4));
        }
    }
}
