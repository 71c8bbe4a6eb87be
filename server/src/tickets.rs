//! Tickets: 留言 outside hours (answered on the next working day; the citizen sees the answer on return) and
//! 转派12345. Staff answer them from the console.

use bangban_core::ticket::{
    LeaveMessageRequest, MAX_TICKET_CHARS, TicketAnswerRequest, TicketKind, TicketView,
};

use crate::error::ApiError;
use crate::items::MAX_ITEM_CHARS;
use crate::policy;
use crate::service;
use crate::state::AppState;
use crate::store::{AgentRecord, NewTicket, TicketRecord};

/// Longest contact, in characters.
pub const MAX_CONTACT_CHARS: usize = 50;

/// 留言: the citizen leaves a question for the department.
pub async fn leave_message(
    state: &AppState,
    visitor_id: i64,
    req: LeaveMessageRequest,
) -> Result<TicketView, ApiError> {
    let text = checked_text(&req.text, "留言内容")?;
    let item = req.item.as_deref().map(str::trim).filter(|i| !i.is_empty());
    if item.is_some_and(|i| i.chars().count() > MAX_ITEM_CHARS) {
        return Err(ApiError::invalid("bad_item", "事项名称过长"));
    }
    let contact = req
        .contact
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    if contact.is_some_and(|c| c.chars().count() > MAX_CONTACT_CHARS) {
        return Err(ApiError::invalid("bad_contact", "联系方式过长"));
    }
    let new = NewTicket {
        kind: TicketKind::LeaveMessage,
        visitor_id: Some(visitor_id),
        conversation: None,
        item: item.map(str::to_owned),
        department: service::department_of(state, item),
        problem: text,
        contact: contact.map(str::to_owned),
        due: service::due_in_working_days(state, 1),
        day: service::day_stamp(state),
        now_ms: state.clock.now_ms(),
    };
    let ticket = state.store.create_ticket(&new).await?;
    tracing::info!(ticket = %ticket.view.number, "leave message");
    Ok(ticket.view)
}

/// The citizen's own tickets, with answers.
pub async fn mine(state: &AppState, visitor_id: i64) -> Result<Vec<TicketView>, ApiError> {
    let tickets = state.store.visitor_tickets(visitor_id).await?;
    Ok(tickets.into_iter().map(|t| t.view).collect())
}

/// The tickets an agent handles: their department's and the general ones; supervisors see all.
pub async fn for_staff(state: &AppState, agent: &AgentRecord) -> Result<Vec<TicketView>, ApiError> {
    let all = state.store.tickets().await?;
    Ok(all
        .into_iter()
        .filter(|t| may_handle(agent, t))
        .map(|t| t.view)
        .collect())
}

/// Answers a ticket the agent may handle.
pub async fn answer(
    state: &AppState,
    agent: &AgentRecord,
    id: &str,
    req: TicketAnswerRequest,
) -> Result<TicketView, ApiError> {
    let answer = checked_text(&req.answer, "答复内容")?;
    let ticket = state.store.ticket(id).await?;
    let Some(ticket) = ticket.filter(|t| may_handle(agent, t)) else {
        return Err(ApiError::NotFound);
    };
    let now = state.clock.now_ms();
    let answered = state
        .store
        .answer_ticket(&ticket.view.id, &answer, agent.id, now)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(answered.view)
}

fn may_handle(agent: &AgentRecord, ticket: &TicketRecord) -> bool {
    policy::oversees(agent)
        || (agent.role.answers_chats()
            && (agent.department.is_none() || agent.department == ticket.view.department))
}

fn checked_text(text: &str, what: &str) -> Result<String, ApiError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ApiError::invalid("empty_text", &format!("{what}不能为空")));
    }
    if text.chars().count() > MAX_TICKET_CHARS {
        return Err(ApiError::invalid(
            "text_too_long",
            &format!("{what}最多 {MAX_TICKET_CHARS} 字"),
        ));
    }
    Ok(text.to_owned())
}
