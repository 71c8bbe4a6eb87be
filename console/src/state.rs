//! The workspace's reactive state and how server frames change it.
//!
//! One [`Workspace`] is created when an agent signs in and given to every component by context. It is `Copy`
//! (signals and a socket handle), so event handlers capture it freely. The pure rules (merging, ordering) live in
//! `transcript.rs` and `chats.rs`; this module only wires them to signals and the socket.

use std::collections::HashMap;

use bangban_core::protocol::{
    ClientFrame, ConversationView, Me, QueueEntry, Role, SenderKind, ServerFrame,
};
use leptos::prelude::*;

use crate::chats;
use crate::format;
use crate::notices::{self, Alerted};
use crate::server_clock::ServerClock;
use crate::socket::Socket;
use crate::sound;
use crate::transcript::Transcript;

/// What the main area shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Page {
    /// The queue, the agent's chats and the open chat.
    Chats,
    /// 工单: tickets to answer.
    Tickets,
    /// 客服状态: who is 签入 and how busy (supervisors, administrators).
    Agents,
    /// 账号管理 (administrators).
    Accounts,
    /// 事项管理: the item registry (administrators).
    Items,
    /// 服务数据: the dashboard (supervisors, administrators).
    Dashboard,
    /// 差评回访: follow-up cases.
    Cases,
    /// 问题台账: the problem ledger (department agents, supervisors).
    Ledger,
    /// 知识库: entries, unanswered questions, drafts (knowledge-base maintainers, administrators).
    Knowledge,
}

impl Page {
    /// The nav button's name.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Page::Chats => "会话",
            Page::Tickets => "工单",
            Page::Agents => "客服状态",
            Page::Accounts => "账号管理",
            Page::Items => "事项管理",
            Page::Dashboard => "服务数据",
            Page::Cases => "差评回访",
            Page::Ledger => "问题台账",
            Page::Knowledge => "知识库",
        }
    }

    /// The pages a role may open, in nav order.
    pub(crate) fn for_role(role: Role) -> &'static [Page] {
        match role {
            Role::Window => &[Page::Chats, Page::Tickets, Page::Cases],
            Role::Business => &[Page::Chats, Page::Tickets, Page::Cases, Page::Ledger],
            Role::KbMaintainer => &[Page::Chats, Page::Tickets, Page::Knowledge],
            Role::Supervisor => &[
                Page::Chats,
                Page::Tickets,
                Page::Agents,
                Page::Dashboard,
                Page::Cases,
                Page::Ledger,
            ],
            Role::Admin => &[
                Page::Chats,
                Page::Tickets,
                Page::Agents,
                Page::Accounts,
                Page::Items,
                Page::Dashboard,
                Page::Cases,
                Page::Knowledge,
            ],
        }
    }
}

/// Everything the signed-in console shows.
///
/// Async tasks may finish after 退出登录 has disposed these signals: writes to a disposed signal are ignored, but
/// reads panic, so code that runs after an `.await` reads with the `try_` methods.
#[derive(Clone, Copy)]
pub(crate) struct Workspace {
    /// The signed-in agent (duty changes it).
    pub(crate) me: RwSignal<Me>,
    /// Chats waiting for an agent, oldest first.
    pub(crate) queue: RwSignal<Vec<QueueEntry>>,
    /// The agent's chats, open first.
    pub(crate) chats: RwSignal<Vec<ConversationView>>,
    /// Messages by conversation id.
    pub(crate) transcripts: RwSignal<HashMap<String, Transcript>>,
    /// The chat shown in the middle column.
    pub(crate) selected: RwSignal<Option<String>>,
    /// The browser's clock, ticking every second for the waiting times.
    pub(crate) now_ms: RwSignal<i64>,
    /// A problem to announce (role="alert"), e.g. 409 on 接入.
    pub(crate) alert: RwSignal<Option<String>>,
    /// Whether the WebSocket is open.
    pub(crate) connected: RwSignal<bool>,
    /// The estimate of the server's clock (see `server_clock.rs`).
    pub(crate) server_clock: RwSignal<ServerClock>,
    /// Chats the server alerted about (waiting 45 s).
    pub(crate) alerted: RwSignal<Alerted>,
    /// "群众正在输入…": browser time until which to show it, by conversation.
    pub(crate) typing: RwSignal<HashMap<String, i64>>,
    /// The last `read` seq sent, by conversation.
    pub(crate) read_sent: StoredValue<HashMap<String, u64>>,
    /// 会话 or 工单.
    pub(crate) page: RwSignal<Page>,
    /// Set once the socket is started, right after the signals exist.
    socket: StoredValue<Option<Socket>>,
}

impl Workspace {
    /// Fresh state for `me`; call [`Workspace::set_socket`] once the socket exists.
    pub(crate) fn new(me: Me) -> Self {
        Workspace {
            me: RwSignal::new(me),
            queue: RwSignal::new(Vec::new()),
            chats: RwSignal::new(Vec::new()),
            transcripts: RwSignal::new(HashMap::new()),
            selected: RwSignal::new(None),
            now_ms: RwSignal::new(now_ms()),
            alert: RwSignal::new(None),
            connected: RwSignal::new(false),
            server_clock: RwSignal::new(ServerClock::default()),
            alerted: RwSignal::new(Alerted::default()),
            typing: RwSignal::new(HashMap::new()),
            read_sent: StoredValue::new(HashMap::new()),
            page: RwSignal::new(Page::Chats),
            socket: StoredValue::new(None),
        }
    }

    /// The workspace given by context; components below `WorkspaceView` always have one.
    pub(crate) fn get() -> Self {
        expect_context()
    }

    /// Links the socket once it is started.
    pub(crate) fn set_socket(self, socket: Socket) {
        self.socket.set_value(Some(socket));
    }

    /// Sends a frame; `false` when the socket is down (the caller keeps what needs resending).
    pub(crate) fn send(self, frame: &ClientFrame) -> bool {
        self.socket
            .try_get_value()
            .flatten()
            .is_some_and(|socket| socket.send(frame))
    }

    /// Whether this agent takes chats (窗口客服, 业务客服) rather than only watching (supervisors). The role
    /// cannot change without signing in again, so this is read once, untracked.
    pub(crate) fn answers_chats(self) -> bool {
        self.me.with_untracked(|me| me.role.answers_chats())
    }

    /// Applies one frame from the server.
    pub(crate) fn apply(self, frame: ServerFrame) {
        match frame {
            ServerFrame::Queue { waiting } => {
                self.clock(|c, now| {
                    waiting
                        .iter()
                        .for_each(|q| c.at_least(q.waiting_since_ms, now))
                });
                self.queue.set(waiting);
            }
            ServerFrame::Message { message } => {
                self.clock(|c, now| c.fresh(message.at_ms, now));
                let id = message.conversation.clone();
                if message.sender == SenderKind::Citizen {
                    self.typing.update(|t| {
                        t.remove(&id);
                    });
                }
                self.update_transcript(&id, |t| t.insert(message));
            }
            ServerFrame::Messages {
                conversation,
                messages,
            } => {
                if let Some(last) = messages.last() {
                    self.clock(|c, now| c.at_least(last.at_ms, now));
                }
                self.update_transcript(&conversation, |t| t.merge(messages));
            }
            ServerFrame::Alert {
                conversation,
                waited_ms,
            } => self.waited_too_long(&conversation, waited_ms),
            ServerFrame::Typing { conversation, who } => {
                if who == SenderKind::Citizen {
                    let until = now_ms() + notices::TYPING_SHOWN_MS;
                    self.typing.update(|t| {
                        t.insert(conversation, until);
                    });
                }
            }
            ServerFrame::Read {
                conversation,
                reader,
                seq,
            } => {
                if reader == SenderKind::Citizen {
                    self.chats
                        .update(|cs| chats::citizen_read(cs, &conversation, seq));
                }
            }
            ServerFrame::Conversation { conversation } => self.conversation_changed(conversation),
            ServerFrame::Ack(ack) => {
                self.transcripts.update(|all| {
                    if let Some(t) = all.get_mut(&ack.conversation) {
                        t.ack(&ack.client_id, ack.seq);
                    }
                });
            }
            ServerFrame::Error { error, client_id } => self.refused(client_id, error.message),
            // Keep-alive, and the citizen's place in the queue (not for agents).
            ServerFrame::Pong | ServerFrame::QueuePosition { .. } => {}
        }
    }

    /// Updates the server clock estimate with the browser's time now.
    pub(crate) fn clock(self, change: impl FnOnce(&mut ServerClock, i64)) {
        let now = now_ms();
        self.server_clock.update(|c| change(c, now));
    }

    /// The server's time now, tracked by the one-second tick.
    pub(crate) fn server_now(self) -> i64 {
        self.server_clock.get().now(self.now_ms.get())
    }

    /// A chat has waited 45 s: mark its row, say so (role="alert") and beep, once per chat.
    fn waited_too_long(self, conversation: &str, waited_ms: i64) {
        let since = self.queue.with_untracked(|q| {
            q.iter()
                .find(|e| e.conversation == conversation)
                .map(|e| e.waiting_since_ms)
        });
        if let Some(since) = since {
            self.clock(|c, now| c.fresh(since + waited_ms, now));
        }
        if self
            .alerted
            .try_update(|a| a.first(conversation))
            .unwrap_or(false)
        {
            sound::beep();
        }
    }

    /// Changes one transcript; when the change reveals missing messages, asks for them with `sync`.
    pub(crate) fn update_transcript(
        self,
        id: &str,
        change: impl FnOnce(&mut Transcript) -> Option<u64>,
    ) {
        let gap = self
            .transcripts
            .try_update(|all| change(all.entry(id.to_owned()).or_default()))
            .flatten();
        if let Some(after) = gap {
            self.send(&ClientFrame::Sync {
                conversation: id.to_owned(),
                after,
            });
        }
    }

    /// A chat was taken, closed or rated. It is ours when we hold it already or our name is on it.
    pub(crate) fn conversation_changed(self, chat: ConversationView) {
        self.queue.update(|q| {
            if chat.status != bangban_core::protocol::ConversationStatus::Waiting {
                chats::leave_queue(q, &chat.id);
            }
        });
        let Some(username) = self.me.try_with_untracked(|me| me.username.clone()) else {
            return;
        };
        let mine = chat.agent.as_ref().is_some_and(|a| a.username == username)
            || self
                .chats
                .try_with_untracked(|cs| cs.iter().any(|c| c.id == chat.id))
                .unwrap_or(false);
        if mine {
            self.chats.update(|cs| chats::upsert(cs, chat));
        }
    }

    /// A send was refused: show the reason next to the message, or in the alert when no message matches.
    fn refused(self, client_id: Option<String>, reason: String) {
        let marked = client_id.is_some_and(|id| {
            self.transcripts
                .try_update(|all| all.values_mut().any(|t| t.fail(&id, reason.clone())))
                .unwrap_or(false)
        });
        if !marked {
            self.alert.set(Some(reason));
        }
    }

    /// After every (re)connect: `sync` each chat we show and resend what was never acknowledged.
    pub(crate) fn resync(self) {
        let frames = self.transcripts.try_with_untracked(|all| {
            let mut frames = Vec::new();
            for (id, t) in all {
                frames.push(ClientFrame::Sync {
                    conversation: id.clone(),
                    after: t.contiguous_seq(),
                });
                frames.extend(t.unsent().map(|o| ClientFrame::Send {
                    conversation: id.clone(),
                    client_id: o.client_id.clone(),
                    text: o.text.clone(),
                }));
            }
            frames
        });
        for frame in frames.unwrap_or_default() {
            self.send(&frame);
        }
    }
}

/// The browser's clock in Unix milliseconds.
pub(crate) fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// "14:05" in the browser's time zone.
pub(crate) fn local_clock(at_ms: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at_ms as f64));
    // getTimezoneOffset counts minutes west of UTC; format::clock wants minutes east.
    format::clock(at_ms, -(date.get_timezone_offset() as i64))
}
