//! The wire protocol: HTTP bodies and WebSocket frames, shared by the server and both browser apps.
//!
//! Every frame is JSON with a `type` tag. Invariants the server keeps:
//! - a message is acknowledged (`ServerFrame::Ack`) only after it is durably stored;
//! - `seq` numbers are per conversation, start at 1 and have no gaps;
//! - a message sent twice with the same `client_id` is stored once, and both sends get the same `seq`.

use serde::{Deserialize, Serialize};

use crate::media::Attachment;
use crate::rating::{BadReason, Rating};

/// Largest message text, in characters (not bytes).
pub const MAX_MESSAGE_CHARS: usize = 2000;
/// Largest number of 小申 turns carried into a human chat at 转人工.
pub const MAX_BOT_TURNS: usize = 40;
/// Largest client message id, in bytes.
pub const MAX_CLIENT_ID_LEN: usize = 64;

/// Who wrote a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SenderKind {
    /// The citizen (or enterprise staff) being helped.
    Citizen,
    /// 小申, the bot: its answers before the handoff are kept in the transcript.
    Bot,
    /// A human agent.
    Agent,
    /// The platform itself ("客服 X 已接入", "会话已结束").
    System,
}

/// One stored chat message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatMessage {
    /// The conversation it belongs to.
    pub conversation: String,
    /// Position in the conversation, from 1, without gaps.
    pub seq: u64,
    /// Id chosen by the sender's client; used to drop duplicates.
    pub client_id: String,
    /// Who wrote it.
    pub sender: SenderKind,
    /// Display name of the author (the agent's name, "小申"); `None` for the citizen.
    pub author: Option<String>,
    /// The text, always rendered as text. For an attachment, its summary ("[图片]", "[语音 12 秒]").
    pub text: String,
    /// When the server stored it, in Unix milliseconds.
    pub at_ms: i64,
    /// The screenshot or voice clip it carries, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment: Option<Attachment>,
}

/// Where a human chat stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConversationStatus {
    /// In the queue, no agent yet.
    #[default]
    Waiting,
    /// An agent has taken it.
    Active,
    /// Ended by the agent or the citizen.
    Closed,
}

/// A human chat as both sides see it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationView {
    /// Opaque id.
    pub id: String,
    /// The page's service item (事项), if the page named one.
    pub item: Option<String>,
    /// The department whose queue the chat is in; `None` is the general 窗口 queue.
    pub department: Option<String>,
    /// Where it stands.
    pub status: ConversationStatus,
    /// The agent who took it.
    pub agent: Option<AgentRef>,
    /// The question that led to 转人工 (the citizen's last question to 小申, or empty).
    pub first_question: String,
    /// When 转人工 was clicked (Unix ms).
    pub created_ms: i64,
    /// When an agent took it.
    pub accepted_ms: Option<i64>,
    /// When it ended.
    pub closed_ms: Option<i64>,
    /// The highest `seq` stored.
    pub last_seq: u64,
    /// The citizen's rating, once given.
    pub rating: Option<RatingView>,
    /// When the first agent reply was stored (the 1-minute standard is measured from `created_ms`).
    #[serde(default)]
    pub first_response_ms: Option<i64>,
    /// Unanswered for 60 s: offered to the general 窗口 queue as well.
    #[serde(default)]
    pub escalated: bool,
    /// Handed on by a 窗口客服 (转业务客服): waiting for a 业务客服 of the department.
    #[serde(default)]
    pub transfer: Option<TransferView>,
    /// How it ended, when it did not simply end.
    #[serde(default)]
    pub outcome: Option<Outcome>,
    /// Last `seq` the citizen has read.
    #[serde(default)]
    pub citizen_read_seq: u64,
    /// Last `seq` the agent has read.
    #[serde(default)]
    pub agent_read_seq: u64,
    /// When the agent invited a rating (邀请评价) before the end; the widget then shows the prompt.
    #[serde(default)]
    pub rating_invited_ms: Option<i64>,
}

/// A 转业务客服 hand-over.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferView {
    /// Who handed it on.
    pub from: AgentRef,
    /// Their note for the 业务客服.
    pub note: String,
    /// When (Unix ms).
    pub at_ms: i64,
}

/// How a chat ended, when not simply closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Pushed to the 12345 hotline as a ticket (转派12345).
    Pushed12345,
}

/// An agent as others see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentRef {
    /// 工号.
    pub username: String,
    /// Name shown to citizens.
    pub display_name: String,
}

/// A rating as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingView {
    /// The five-level 好差评 score.
    pub level: Rating,
    /// "问题是否解决", when the citizen answered it.
    pub solved: Option<bool>,
    /// Optional comment.
    pub comment: Option<String>,
    /// When it was given (Unix ms).
    pub at_ms: i64,
    /// Why, for a 差评.
    #[serde(default)]
    pub reason: Option<BadReason>,
    /// The rater can be contacted (实名): a 差评 then opens a follow-up case.
    #[serde(default)]
    pub real_name: bool,
}

/// A chat waiting for an agent, as the queue shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueEntry {
    /// The conversation.
    pub conversation: String,
    /// Its service item.
    pub item: Option<String>,
    /// The department queue it is in.
    pub department: Option<String>,
    /// The question that led to 转人工.
    pub first_question: String,
    /// When it started waiting (Unix ms).
    pub waiting_since_ms: i64,
    /// Unanswered for 60 s and offered to the general 窗口 queue.
    #[serde(default)]
    pub escalated: bool,
    /// 转业务客服: only a 业务客服 of the department may take it; the note says why.
    #[serde(default)]
    pub transfer: Option<TransferView>,
}

/// `POST /api/conversations/{id}/transfer` (the agent of the chat): 转业务客服 or 转派12345.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferRequest {
    /// Where to.
    pub to: TransferTarget,
    /// A note for whoever takes it on (at most 500 characters).
    #[serde(default)]
    pub note: String,
}

/// Where a chat is handed on to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransferTarget {
    /// 转业务客服: a 业务客服 of the department that owns the item.
    Business,
    /// 转派12345: a ticket for the 12345 hotline with the transcript; the chat ends.
    Hotline12345,
}

/// `GET /api/service-status?item=`: whether human help is open for the page's item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceStatus {
    /// Open now (a working day, within the department's hours).
    pub open: bool,
    /// Someone of the queue is signed in (签入) now.
    pub agents_online: bool,
    /// Chinese sentence for the citizen, e.g. "人工服务将于明天 9:00 开始".
    pub message: String,
    /// The hours, e.g. "工作日 9:00-11:30、13:30-16:30".
    pub hours: String,
    /// The hotline to call, "12345".
    pub hotline: String,
}

/// One turn of the citizen's chat with 小申, carried into the human chat at 转人工.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotTurn {
    /// Citizen or Bot; anything else is refused.
    pub sender: SenderKind,
    /// What was said.
    pub text: String,
}

/// `POST /api/conversations` (citizen): 转人工.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoffRequest {
    /// The page's `data-item`.
    pub item: Option<String>,
    /// What was said with 小申 before, oldest first (at most [`MAX_BOT_TURNS`]).
    #[serde(default)]
    pub bot_transcript: Vec<BotTurn>,
}

/// `POST /api/conversations/{id}/messages` (either side): send over HTTP instead of the socket.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendRequest {
    /// Client-chosen id, unique per message.
    pub client_id: String,
    /// The text.
    pub text: String,
}

/// Answer to a send: the message is durably stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendAck {
    /// The conversation.
    pub conversation: String,
    /// The client id that was sent.
    pub client_id: String,
    /// The stored message's sequence number.
    pub seq: u64,
}

/// `POST /api/conversations/{id}/rating` (citizen).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingRequest {
    /// The five-level score.
    pub level: Rating,
    /// "问题是否解决".
    #[serde(default)]
    pub solved: Option<bool>,
    /// Optional comment (at most [`crate::rating::MAX_COMMENT_CHARS`] characters).
    #[serde(default)]
    pub comment: Option<String>,
    /// Required for 不满意 and 非常不满意.
    #[serde(default)]
    pub reason: Option<BadReason>,
    /// A phone number for the follow-up (回访); with it (or a signed-in citizen) the rating is real-name.
    #[serde(default)]
    pub contact: Option<String>,
}

/// `POST /api/visitors`: a new anonymous citizen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitorToken {
    /// Secret bearer token; the widget keeps it in its own origin's storage.
    pub token: String,
}

/// `POST /api/auth/login`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRequest {
    /// 工号.
    pub username: String,
    /// Password.
    pub password: String,
}

/// An agent's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 窗口客服: first line.
    Window,
    /// 业务客服: department expert.
    Business,
    /// Supervisor (办公室 / 热线办).
    Supervisor,
    /// 知识库维护人员.
    KbMaintainer,
    /// Administrator.
    Admin,
}

impl Role {
    /// The Chinese name shown in the console.
    pub fn label(self) -> &'static str {
        match self {
            Role::Window => "窗口客服",
            Role::Business => "业务客服",
            Role::Supervisor => "监督员",
            Role::KbMaintainer => "知识库维护",
            Role::Admin => "管理员",
        }
    }

    /// Whether this role answers chats.
    pub fn answers_chats(self) -> bool {
        matches!(self, Role::Window | Role::Business)
    }
}

/// `GET /api/me`: the signed-in agent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    /// 工号.
    pub username: String,
    /// Name shown to citizens.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Department, if any.
    pub department: Option<String>,
    /// Signed in for chats (签入).
    pub on_duty: bool,
}

/// `POST /api/agent/duty`: 签入 (`true`) or 签出 (`false`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DutyRequest {
    /// The wanted state.
    pub on_duty: bool,
}

/// Error envelope of every failed API call and of `ServerFrame::Error`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// Stable machine code, e.g. `message_too_long`.
    pub code: String,
    /// Human message in Chinese, safe to show to the user.
    pub message: String,
}

/// Frames a client sends on `/api/ws`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientFrame {
    /// Send a message; answered by `Ack` (and the `Message` to every participant) or `Error`.
    Send {
        /// The conversation.
        conversation: String,
        /// Client-chosen id, unique per message; resending it is safe.
        client_id: String,
        /// The text.
        text: String,
    },
    /// Ask for every message after `after`; answered by `Messages`.
    Sync {
        /// The conversation.
        conversation: String,
        /// The last `seq` the client has.
        after: u64,
    },
    /// "I am typing" (send at most every 2 s while typing); not stored, not answered.
    Typing {
        /// The conversation.
        conversation: String,
    },
    /// "I have read up to `seq`"; stored, and the other side is told.
    Read {
        /// The conversation.
        conversation: String,
        /// Last `seq` read.
        seq: u64,
    },
    /// Keep-alive; answered by `Pong`.
    Ping,
}

/// Frames the server sends on `/api/ws`.
#[allow(
    clippy::large_enum_variant,
    reason = "frames are serialized as soon as they are built, never kept in bulk (the lint fires or not \
              depending on the target's pointer width)"
)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerFrame {
    /// The message with this `client_id` is durably stored as `seq`.
    Ack(SendAck),
    /// A new message in a conversation the receiver takes part in.
    Message {
        /// The message.
        message: ChatMessage,
    },
    /// Answer to `Sync`: the messages after the asked `seq`, in order.
    Messages {
        /// The conversation.
        conversation: String,
        /// The messages.
        messages: Vec<ChatMessage>,
    },
    /// A conversation the receiver takes part in changed (taken, closed, rated).
    Conversation {
        /// Its new state.
        conversation: ConversationView,
    },
    /// The waiting chats, sent to signed-in agents whenever it changes.
    Queue {
        /// Oldest first.
        waiting: Vec<QueueEntry>,
    },
    /// To a waiting citizen: how many chats wait before theirs in the same queue ("您前面还有 N 位").
    QueuePosition {
        /// The waiting conversation.
        conversation: String,
        /// Chats ahead of it.
        ahead: u32,
    },
    /// To the agents of the queue and supervisors: a chat has waited 45 s without an answer.
    Alert {
        /// The chat.
        conversation: String,
        /// How long it has waited (ms).
        waited_ms: i64,
    },
    /// The other side is typing.
    Typing {
        /// The chat.
        conversation: String,
        /// Who types.
        who: SenderKind,
    },
    /// The other side has read up to `seq`.
    Read {
        /// The chat.
        conversation: String,
        /// Who read.
        reader: SenderKind,
        /// Last `seq` read.
        seq: u64,
    },
    /// A frame could not be handled; nothing changed.
    Error {
        /// The error.
        error: ErrorBody,
        /// The `client_id` of the failed `Send`, if it was one.
        client_id: Option<String>,
    },
    /// Answer to `Ping`.
    Pong,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_frames_are_tagged_json() {
        let frame = ClientFrame::Send {
            conversation: "c1".into(),
            client_id: "m1".into(),
            text: "你好".into(),
        };
        let json = serde_json::to_string(&frame).unwrap();
        assert_eq!(
            json,
            r#"{"type":"send","conversation":"c1","client_id":"m1","text":"你好"}"#
        );
        assert_eq!(serde_json::from_str::<ClientFrame>(&json).unwrap(), frame);
    }

    #[test]
    fn ack_frame_flattens_the_ack() {
        let frame = ServerFrame::Ack(SendAck {
            conversation: "c1".into(),
            client_id: "m1".into(),
            seq: 3,
        });
        let json = serde_json::to_string(&frame).unwrap();
        assert_eq!(
            json,
            r#"{"type":"ack","conversation":"c1","client_id":"m1","seq":3}"#
        );
    }

    #[test]
    fn unknown_frames_are_rejected() {
        assert!(serde_json::from_str::<ClientFrame>(r#"{"type":"drop_tables"}"#).is_err());
        assert!(serde_json::from_str::<ClientFrame>("not json").is_err());
    }
}

/// A service item (事项) and the department that owns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceItem {
    /// The item's name, as pages give it in `data-item`.
    pub item: String,
    /// 主管部门.
    pub department: String,
}

/// An agent as supervisors and administrators see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentSummary {
    /// 工号.
    pub username: String,
    /// Name shown to citizens.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Department.
    pub department: Option<String>,
    /// Signed in for chats (签入).
    pub on_duty: bool,
    /// Disabled accounts cannot sign in.
    pub disabled: bool,
    /// Most chats at once.
    pub max_chats: u32,
    /// Chats open now.
    pub open_chats: u32,
}

/// `POST /api/admin/agents`: create or update an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentRequest {
    /// 工号.
    pub username: String,
    /// Name shown to citizens.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Department; `None` for the general 窗口.
    #[serde(default)]
    pub department: Option<String>,
    /// Most chats at once (default 5).
    #[serde(default)]
    pub max_chats: Option<u32>,
}

/// A new password, shown once to the administrator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordIssued {
    /// 工号.
    pub username: String,
    /// The password to pass on to the agent.
    pub password: String,
}

/// `POST /api/bot-feedback` (citizen): 已解决 / 未解决 on a 小申 answer, rated apart from human chats.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotFeedback {
    /// The answered entry.
    pub entry: String,
    /// The question asked.
    pub question: String,
    /// 已解决 (`true`) or 未解决.
    pub solved: bool,
    /// The page's 事项.
    #[serde(default)]
    pub item: Option<String>,
}
