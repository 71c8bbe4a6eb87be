//! Handing a chat on: 转业务客服 (to a department expert, with a note and the whole history) and 转派12345
//! (a ticket for the hotline with the transcript; the chat ends and counts toward the 12345 rate).

use bangban_core::calendar::Date;
use bangban_core::protocol::{
    ChatMessage, ConversationStatus, ConversationView, Outcome, SenderKind, TransferRequest,
    TransferTarget,
};
use bangban_core::ticket::TicketKind;

use crate::auth::Caller;
use crate::chat::{self, broadcast_queue, changed, system_message};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{AgentRecord, ConversationRecord, NewTicket};
use crate::{service, ws::SYNC_PAGE};

/// Longest transfer note, in characters.
pub const MAX_NOTE_CHARS: usize = 500;

/// `POST /api/conversations/{id}/transfer` by the agent of the chat.
pub async fn transfer(
    state: &AppState,
    agent: &AgentRecord,
    id: &str,
    req: TransferRequest,
) -> Result<ConversationView, ApiError> {
    let conv = chat::visible(state, &Caller::Agent(agent.clone()), id).await?;
    if conv.agent_id != Some(agent.id) || conv.view.status != ConversationStatus::Active {
        return Err(ApiError::conflict("not_assigned", "请先接入该会话"));
    }
    let note = req.note.trim();
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(ApiError::invalid(
            "note_too_long",
            &format!("转派说明最多 {MAX_NOTE_CHARS} 字"),
        ));
    }
    match req.to {
        TransferTarget::Business => to_business(state, agent, conv, note).await,
        TransferTarget::Hotline12345 => to_hotline(state, conv, note).await,
    }
}

async fn to_business(
    state: &AppState,
    agent: &AgentRecord,
    conv: ConversationRecord,
    note: &str,
) -> Result<ConversationView, ApiError> {
    if conv.view.department.is_none() {
        return Err(ApiError::conflict(
            "no_department",
            "该会话没有对应的业务部门，无法转业务客服",
        ));
    }
    let text = "您的问题已转给业务客服，请稍候";
    system_message(state, &conv, "transfer-business", text).await?;
    let now = state.clock.now_ms();
    let moved = state
        .store
        .transfer_to_business(&conv.view.id, agent.id, note, now)
        .await?
        .ok_or(ApiError::NotFound)?;
    // The agent who handed it on hears of it too, though no longer assigned.
    changed(state, &conv_with(&moved, conv.agent_id));
    changed(state, &moved);
    broadcast_queue(state).await?;
    chat::auto_assign(state).await?;
    tracing::info!(conversation = %moved.view.id, "transferred to business");
    Ok(moved.view)
}

async fn to_hotline(
    state: &AppState,
    conv: ConversationRecord,
    note: &str,
) -> Result<ConversationView, ApiError> {
    let messages = state
        .store
        .messages_after(&conv.view.id, 0, SYNC_PAGE)
        .await?;
    let new = NewTicket {
        kind: TicketKind::Hotline12345,
        visitor_id: Some(conv.visitor_id),
        conversation: Some(conv.view.id.clone()),
        item: conv.view.item.clone(),
        department: conv.view.department.clone(),
        problem: transcript(note, &messages),
        contact: None,
        due: service::due_in_working_days(state, 1),
        day: service::day_stamp(state),
        now_ms: state.clock.now_ms(),
    };
    let ticket = state.store.create_ticket(&new).await?;
    let text = format!(
        "您的问题已转派 12345 市民服务热线处理，工单号 {}，请留意后续回复",
        ticket.view.number
    );
    system_message(state, &conv, "transfer-12345", &text).await?;
    state
        .store
        .set_outcome(&conv.view.id, Outcome::Pushed12345)
        .await?;
    let closed = state
        .store
        .close(&conv.view.id, state.clock.now_ms())
        .await?
        .ok_or(ApiError::NotFound)?;
    changed(state, &closed);
    tracing::info!(conversation = %closed.view.id, ticket = %ticket.view.number, "pushed to 12345");
    Ok(closed.view)
}

/// The same chat as seen by a former agent, so that `changed` reaches them.
fn conv_with(conv: &ConversationRecord, agent_id: Option<i64>) -> ConversationRecord {
    ConversationRecord {
        agent_id,
        ..conv.clone()
    }
}

/// The ticket text: the agent's note, then the transcript with times and who said what.
fn transcript(note: &str, messages: &[ChatMessage]) -> String {
    let mut out = format!(
        "转派说明：{}\n\n对话记录：\n",
        if note.is_empty() { "无" } else { note }
    );
    for m in messages {
        let who = match m.sender {
            SenderKind::Citizen => "群众",
            SenderKind::Bot => "小申",
            SenderKind::Agent => m.author.as_deref().unwrap_or("客服"),
            SenderKind::System => "系统",
        };
        let at = Date::from_unix_ms(m.at_ms);
        out.push_str(&format!("[{at}] {who}：{}\n", m.text));
    }
    out
}
