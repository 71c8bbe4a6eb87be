//! 线上人工帮办: the human chat's signals, its socket, and the frame handling that keeps them in step.
//!
//! Delivery rules: a message is shown at once as "发送中" and kept in the persisted outbox until the
//! server acknowledges it; after every (re)connect the widget asks for what it missed (`Sync` after its
//! last `seq`) and resends the outbox. The server drops repeats by `client_id`, so resending is safe.
//! A message the server refused stays in the persisted outbox as "未发送" until 重新发送, which sends it
//! again with the same `client_id`.

use bangban_core::protocol::{
    ChatMessage, ClientFrame, ConversationStatus, ConversationView, SenderKind, ServerFrame,
};
use bangban_core::text::validate_message;
use leptos::prelude::*;

use crate::chat::{ChatLog, Delivery, Outgoing};
use crate::receipts::Receipts;
use crate::socket::{Handlers, Socket, chat_url};
use crate::{clock, host, storage};

/// Why a message left unsent in a chat that has ended is not sent.
const ENDED_UNSENT: &str = "会话已结束";

/// Handle to the human chat; cheap to copy into event handlers.
#[derive(Clone, Copy)]
pub(crate) struct Human {
    /// The chat shown; `None` while 小申 answers.
    pub(crate) conversation: RwSignal<Option<ConversationView>>,
    /// Its messages.
    pub(crate) log: RwSignal<ChatLog>,
    /// Whether the socket is connected (a lost connection shows a notice).
    pub(crate) online: RwSignal<bool>,
    /// Chats ahead of ours in the queue, while waiting ("您前面还有 N 位").
    pub(crate) ahead: RwSignal<Option<u32>>,
    /// Typing and read notices.
    pub(crate) receipts: Receipts,
    socket: StoredValue<Option<Socket>, LocalStorage>,
    host: StoredValue<Option<String>>,
}

impl Human {
    /// No chat yet; `host` is the loader's origin, for unread notices.
    pub(crate) fn new(host: Option<String>) -> Human {
        Human {
            conversation: RwSignal::new(None),
            log: RwSignal::new(ChatLog::default()),
            online: RwSignal::new(true),
            ahead: RwSignal::new(None),
            receipts: Receipts::new(),
            socket: StoredValue::new_local(None),
            host: StoredValue::new(host),
        }
    }

    /// The status of the chat shown, tracked.
    pub(crate) fn status(self) -> Option<ConversationStatus> {
        self.conversation.with(|c| c.as_ref().map(|c| c.status))
    }

    /// Shows `view` with `messages` and, unless it has ended, connects.
    pub(crate) fn enter(self, view: ConversationView, messages: Vec<ChatMessage>, token: &str) {
        let mut log = ChatLog::default();
        let outbox: Vec<Outgoing> = storage::get_json(storage::OUTBOX).unwrap_or_default();
        for o in outbox.into_iter().filter(|o| o.conversation == view.id) {
            log.push_outgoing(o);
        }
        log.merge(messages);
        let open = view.status != ConversationStatus::Closed;
        if !open {
            for o in log.outbox() {
                log.fail(&o.client_id, ENDED_UNSENT);
            }
        }
        self.receipts.reset(&view);
        self.log.set(log);
        self.conversation.set(Some(view));
        self.save_outbox();
        if open {
            self.connect(token);
        }
    }

    /// Leaves the chat (rated, or the citizen went back to 小申).
    pub(crate) fn leave(self) {
        if let Some(socket) = self.socket.get_value() {
            socket.stop();
        }
        self.socket.set_value(None);
        self.conversation.set(None);
        self.ahead.set(None);
        self.log.set(ChatLog::default());
        storage::remove(storage::OUTBOX);
    }

    /// A newer view of the chat shown (from an HTTP answer); views of other chats are ignored.
    pub(crate) fn update_view(self, view: ConversationView) {
        if self.is_current(&view.id) {
            self.conversation.set(Some(view));
        }
    }

    /// Sends `text`; `Err` is the Chinese reason it was not sent.
    pub(crate) fn send(self, text: String) -> Result<(), String> {
        validate_message(&text).map_err(|e| e.message)?;
        let Some(conversation) = self
            .conversation
            .with_untracked(|c| c.as_ref().map(|c| c.id.clone()))
        else {
            return Ok(());
        };
        let client_id = clock::new_client_id();
        let frame = ClientFrame::Send {
            conversation: conversation.clone(),
            client_id: client_id.clone(),
            text: text.clone(),
        };
        self.log.update(|l| {
            l.push_outgoing(Outgoing {
                conversation,
                client_id,
                text,
                at_ms: clock::now_ms(),
                delivery: Delivery::Sending,
            })
        });
        self.save_outbox();
        self.send_frame(&frame);
        Ok(())
    }

    /// 重新发送: sends a refused message again, with the same `client_id`.
    pub(crate) fn retry(self, client_id: &str) {
        let Some(o) = self.log.try_update(|l| l.retry(client_id)).flatten() else {
            return;
        };
        self.save_outbox();
        self.send_frame(&ClientFrame::Send {
            conversation: o.conversation,
            client_id: o.client_id,
            text: o.text,
        });
    }

    /// The citizen is typing: tells the agent, at most every 2 s.
    pub(crate) fn typing(self) {
        let now = clock::now_ms();
        if !self.receipts.typing_due(now) || !self.is_live() {
            return;
        }
        let Some(conversation) = self.current_id() else {
            return;
        };
        if self.send_frame(&ClientFrame::Typing { conversation }) {
            self.receipts.typed(now);
        }
    }

    /// The citizen can see the chat: reports agent messages not yet reported as read.
    pub(crate) fn report_read(self) {
        let after = self.receipts.read_sent();
        let (Some(conversation), Some(seq)) = (
            self.current_id(),
            self.log.with_untracked(|l| l.unread_agent_seq(after)),
        ) else {
            return;
        };
        if self.send_frame(&ClientFrame::Read { conversation, seq }) {
            self.receipts.mark_read_sent(seq);
        }
    }

    /// A message the server stored for us, from an HTTP answer (an attachment's upload): shown like
    /// the socket's copy, which is dropped as a duplicate by its `seq` when it comes.
    pub(crate) fn show_stored(self, message: ChatMessage) {
        self.on_message(message);
    }

    /// Whether the chat shown is waiting or active (untracked).
    pub(crate) fn is_live(self) -> bool {
        self.conversation.with_untracked(|c| {
            c.as_ref().is_some_and(|c| {
                matches!(
                    c.status,
                    ConversationStatus::Waiting | ConversationStatus::Active
                )
            })
        })
    }

    /// The id of the chat shown (untracked).
    pub(crate) fn current_id(self) -> Option<String> {
        self.conversation
            .with_untracked(|c| c.as_ref().map(|c| c.id.clone()))
    }

    fn connect(self, token: &str) {
        let Some(url) = chat_url(token) else {
            return;
        };
        let socket = Socket::open(
            url,
            Handlers {
                on_open: Box::new(move || self.on_open()),
                on_frame: Box::new(move |frame| self.on_frame(frame)),
                on_down: Box::new(move || self.online.set(false)),
            },
        );
        self.socket.set_value(Some(socket));
    }

    /// (Re)connected: catch up and resend what was not acknowledged.
    fn on_open(self) {
        self.online.set(true);
        self.sync();
        for o in self.log.with_untracked(ChatLog::outbox) {
            self.send_frame(&ClientFrame::Send {
                conversation: o.conversation,
                client_id: o.client_id,
                text: o.text,
            });
        }
    }

    fn on_frame(self, frame: ServerFrame) {
        match frame {
            ServerFrame::Ack(ack) => {
                self.log.update(|l| l.ack(&ack.client_id));
                self.save_outbox();
            }
            ServerFrame::Message { message } => self.on_message(message),
            ServerFrame::Messages {
                conversation,
                messages,
            } if self.is_current(&conversation) => {
                self.log.update(|l| l.merge(messages));
                self.save_outbox();
            }
            ServerFrame::Conversation { conversation } if self.is_current(&conversation.id) => {
                self.receipts.agent_read_up_to(conversation.agent_read_seq);
                self.conversation.set(Some(conversation));
            }
            ServerFrame::Typing {
                conversation,
                who: SenderKind::Agent,
            } if self.is_current(&conversation) => self.receipts.agent_typed(),
            ServerFrame::Read {
                conversation,
                reader: SenderKind::Agent,
                seq,
            } if self.is_current(&conversation) => self.receipts.agent_read_up_to(seq),
            ServerFrame::QueuePosition {
                conversation,
                ahead,
            } if self.is_current(&conversation) => self.ahead.set(Some(ahead)),
            ServerFrame::Error {
                error,
                client_id: Some(id),
            } => {
                self.log.update(|l| l.fail(&id, &error.message));
                self.save_outbox();
            }
            _ => {}
        }
    }

    fn on_message(self, message: ChatMessage) {
        if !self.is_current(&message.conversation) {
            return;
        }
        if self.log.with_untracked(|l| l.is_gap(message.seq)) {
            self.sync();
            return;
        }
        clock::observe_server(message.at_ms);
        if message.sender == SenderKind::Agent {
            self.receipts.agent_wrote();
            host::agent_message(self.host.get_value().as_deref());
        }
        self.log.update(|l| l.merge([message]));
        self.save_outbox();
    }

    fn sync(self) {
        let Some(conversation) = self
            .conversation
            .with_untracked(|c| c.as_ref().map(|c| c.id.clone()))
        else {
            return;
        };
        let after = self.log.with_untracked(ChatLog::last_seq);
        self.send_frame(&ClientFrame::Sync {
            conversation,
            after,
        });
    }

    /// Sends `frame` if connected; `false` otherwise.
    fn send_frame(self, frame: &ClientFrame) -> bool {
        self.socket
            .get_value()
            .is_some_and(|socket| socket.send(frame))
    }

    fn is_current(self, id: &str) -> bool {
        self.conversation
            .with_untracked(|c| c.as_ref().is_some_and(|c| c.id == id))
    }

    fn save_outbox(self) {
        self.log
            .with_untracked(|l| storage::set_json(storage::OUTBOX, &l.unstored()));
    }
}
