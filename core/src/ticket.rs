//! Tickets (工单): 留言 left outside service hours, chats pushed to 12345 (转派12345), and later 办不成事 reports
//! all go through the same lifecycle (seed 003 附件5/附件6): new → dispatched to a department → being handled →
//! answered to the citizen → closed (销单).

use serde::{Deserialize, Serialize};

/// Longest ticket text (problem or answer), in characters.
pub const MAX_TICKET_CHARS: usize = 2000;

/// What started the ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketKind {
    /// 留言: a question left when human help was closed; answered on the next working day.
    LeaveMessage,
    /// 转派12345: a chat the department could not solve, pushed to the 12345 hotline.
    Hotline12345,
}

impl TicketKind {
    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            TicketKind::LeaveMessage => "留言",
            TicketKind::Hotline12345 => "转派12345",
        }
    }

    /// Prefix of the ticket number.
    pub fn prefix(self) -> &'static str {
        match self {
            TicketKind::LeaveMessage => "LY",
            TicketKind::Hotline12345 => "RX",
        }
    }
}

/// Where a ticket stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketStatus {
    /// Received.
    New,
    /// Sent to the handling department (派单).
    Dispatched,
    /// The department is handling it.
    Handling,
    /// Answered to the citizen.
    Answered,
    /// Closed (销单).
    Closed,
}

impl TicketStatus {
    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            TicketStatus::New => "已受理",
            TicketStatus::Dispatched => "已派单",
            TicketStatus::Handling => "办理中",
            TicketStatus::Answered => "已答复",
            TicketStatus::Closed => "已办结",
        }
    }
}

/// A ticket as the citizen and the console see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketView {
    /// Opaque id.
    pub id: String,
    /// Number shown to people, e.g. `LY202611230001`.
    pub number: String,
    /// What started it.
    pub kind: TicketKind,
    /// Where it stands.
    pub status: TicketStatus,
    /// The page's service item.
    pub item: Option<String>,
    /// The handling department; `None` is the general 窗口.
    pub department: Option<String>,
    /// The citizen's question or the agent's summary.
    pub problem: String,
    /// Contact the citizen left (masked for everyone but the handling staff).
    pub contact: Option<String>,
    /// The chat it came from.
    pub conversation: Option<String>,
    /// When it was received (Unix ms).
    pub created_ms: i64,
    /// Answer due by this working day (`YYYY-MM-DD`).
    pub due: String,
    /// The answer to the citizen.
    pub answer: Option<String>,
    /// When it was answered.
    pub answered_ms: Option<i64>,
}

/// `POST /api/tickets` (citizen): 留言.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaveMessageRequest {
    /// The page's `data-item`.
    pub item: Option<String>,
    /// The question.
    pub text: String,
    /// A phone number or other contact, optional.
    #[serde(default)]
    pub contact: Option<String>,
}

/// `POST /api/tickets/{id}/answer` (staff).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketAnswerRequest {
    /// The answer to the citizen.
    pub answer: String,
}

/// Masks a phone or ID-card number for logs and exports: keeps the first 3 and last 4 characters.
pub fn mask_contact(contact: &str) -> String {
    let chars: Vec<char> = contact.chars().collect();
    if chars.len() <= 7 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 7))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_and_id_numbers_are_masked() {
        assert_eq!(mask_contact("13812345678"), "138****5678");
        assert_eq!(mask_contact("310101199001011234"), "310***********1234");
        assert_eq!(mask_contact("12345"), "*****");
    }
}
