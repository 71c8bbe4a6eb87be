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
    /// 办不成事: a citizen stuck in an application, online or recorded at a hall (处理记录单).
    Bancheng,
}

impl TicketKind {
    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            TicketKind::LeaveMessage => "留言",
            TicketKind::Hotline12345 => "转派12345",
            TicketKind::Bancheng => "办不成事",
        }
    }

    /// Prefix of the ticket number.
    pub fn prefix(self) -> &'static str {
        match self {
            TicketKind::LeaveMessage => "LY",
            TicketKind::Hotline12345 => "RX",
            TicketKind::Bancheng => "BB",
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

/// `POST /api/bancheng` (citizen): 办不成事, with what was said with 小申 and the chat, if any.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BanchengRequest {
    /// The page's `data-item`.
    #[serde(default)]
    pub item: Option<String>,
    /// What went wrong.
    pub problem: String,
    /// A phone number, optional.
    #[serde(default)]
    pub contact: Option<String>,
    /// The 小申 transcript the widget holds (at most 40 turns).
    #[serde(default)]
    pub bot_transcript: Vec<crate::protocol::BotTurn>,
    /// The citizen's human chat, if there was one.
    #[serde(default)]
    pub conversation: Option<String>,
}

/// `POST /api/tickets/offline` (staff): a hall's 处理记录单.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfflineReportRequest {
    /// 反映人.
    pub reporter: String,
    /// 联系方式.
    #[serde(default)]
    pub contact: Option<String>,
    /// 事项.
    #[serde(default)]
    pub item: Option<String>,
    /// 反映问题.
    pub problem: String,
}

/// The 处理记录单 fields (seed 003 附件6) beyond the ticket itself.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BanchengRecord {
    /// 反映人.
    pub reporter: Option<String>,
    /// 接待人 (staff who recorded an offline report).
    pub received_by: Option<String>,
    /// Recorded at a hall rather than online.
    pub offline: bool,
    /// 承办人.
    pub handler: Option<String>,
    /// 核实及处理情况.
    pub verification: Option<String>,
    /// 是否解决.
    pub solved: Option<bool>,
    /// 未解决原因.
    pub why_not: Option<String>,
    /// 承办人联系方式.
    pub handler_contact: Option<String>,
    /// 审核领导.
    pub approver: Option<String>,
    /// 办结日期 (`YYYY-MM-DD`).
    pub closed_on: Option<String>,
    /// What was said with 小申 and in the chat, attached at the report.
    pub transcript: String,
}

/// A ticket with its 处理记录单, for staff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketDetail {
    /// The ticket.
    pub ticket: TicketView,
    /// The record.
    pub record: BanchengRecord,
}

/// `POST /api/tickets/{id}/dispatch` (热线办, supervisors): 派单.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DispatchRequest {
    /// The handling department.
    pub department: String,
}

/// `POST /api/tickets/{id}/reply` (the department): the 办不成事 answer with its record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BanchengReply {
    /// The answer to the citizen.
    pub answer: String,
    /// 核实及处理情况.
    pub verification: String,
    /// 是否解决.
    pub solved: bool,
    /// 未解决原因 (required when not solved).
    #[serde(default)]
    pub why_not: Option<String>,
    /// 承办人联系方式.
    #[serde(default)]
    pub handler_contact: Option<String>,
}

/// `POST /api/tickets/{id}/close` (热线办): 销单.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloseTicketRequest {
    /// 审核领导.
    #[serde(default)]
    pub approver: Option<String>,
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

/// Masks, in free text, every number long enough to be a phone, ID-card or receipt number (a run of ASCII
/// letters and digits with at least 7 digits, as the FAQ matcher cuts them out: 我的身份证310101199001011234
/// -> 我的身份证310***********1234), as [`mask_contact`] does; shorter numbers (12345, 2024年) stay.
pub fn mask_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_alphanumeric()) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        let word = &rest[..end];
        if word.bytes().filter(u8::is_ascii_digit).count() >= 7 {
            out.push_str(&mask_contact(word));
        } else {
            out.push_str(word);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_numbers_in_text_are_masked() {
        assert_eq!(
            mask_numbers("我的身份证310101199001011234X，电话13812345678。"),
            "我的身份证310************234X，电话138****5678。"
        );
        assert_eq!(
            mask_numbers("受理号SW20240412003 打12345 2024年 ukey"),
            "受理号SW2******2003 打12345 2024年 ukey"
        );
        assert_eq!(mask_numbers("居住证签注"), "居住证签注");
    }

    #[test]
    fn phone_and_id_numbers_are_masked() {
        assert_eq!(mask_contact("13812345678"), "138****5678");
        assert_eq!(mask_contact("310101199001011234"), "310***********1234");
        assert_eq!(mask_contact("12345"), "*****");
    }
}
