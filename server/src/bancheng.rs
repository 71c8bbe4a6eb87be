//! 办不成事 (seed 003 第十三条, 附件5/附件6): a citizen stuck in an application reports it from the widget, or a
//! hall records it (处理记录单); the 热线办 dispatches it to the handling department (派单, which also enters
//! the problem ledger), the department handles it and answers with its verification, and the 热线办 closes
//! it (销单, striking the ledger entry off).

use bangban_core::calendar::Date;
use bangban_core::ledger::LedgerSource;
use bangban_core::protocol::{BotTurn, MAX_BOT_TURNS, SenderKind};
use bangban_core::text::validate_message;
use bangban_core::ticket::{
    BanchengReply, BanchengRequest, CloseTicketRequest, DispatchRequest, MAX_TICKET_CHARS,
    OfflineReportRequest, TicketDetail, TicketKind, TicketStatus, TicketView,
};

use crate::auth::Caller;
use crate::chat;
use crate::error::ApiError;
use crate::items::MAX_ITEM_CHARS;
use crate::policy;
use crate::service;
use crate::state::AppState;
use crate::store::{AgentRecord, NewLedgerRow, NewTicket, TicketRecord};

/// Working days the department has to answer.
pub const HANDLE_WITHIN: u32 = 5;

/// The citizen's 办不成事 report, with the 小申 transcript and their chat attached.
pub async fn report(
    state: &AppState,
    visitor_id: i64,
    req: BanchengRequest,
) -> Result<TicketView, ApiError> {
    let problem = text(&req.problem, "问题描述")?;
    let item = optional(req.item.as_deref(), MAX_ITEM_CHARS, "事项名称")?;
    let contact = optional(req.contact.as_deref(), 50, "联系方式")?;
    if req.bot_transcript.len() > MAX_BOT_TURNS {
        return Err(ApiError::invalid("too_many_turns", "对话记录过长"));
    }
    let mut transcript = String::new();
    for BotTurn { sender, text } in &req.bot_transcript {
        validate_message(text)?;
        let who = if *sender == SenderKind::Bot {
            "小申"
        } else {
            "群众"
        };
        transcript.push_str(&format!("{who}：{text}\n"));
    }
    if let Some(id) = &req.conversation {
        chat::visible(state, &Caller::Visitor(visitor_id), id).await?;
        for m in state.store.messages_after(id, 0, 500).await? {
            let who = m.author.as_deref().unwrap_or("群众");
            transcript.push_str(&format!("{who}：{}\n", m.text));
        }
    }
    let new = new_ticket(
        state,
        Some(visitor_id),
        req.conversation,
        item,
        problem,
        contact,
    );
    let ticket = state.store.create_ticket(&new).await?;
    let record = bangban_core::ticket::BanchengRecord {
        transcript,
        ..Default::default()
    };
    state.store.save_record(&ticket.view.id, &record).await?;
    tracing::info!(ticket = %ticket.view.number, "办不成事 reported");
    Ok(ticket.view)
}

/// A hall's 处理记录单, entered by staff.
pub async fn offline(
    state: &AppState,
    agent: &AgentRecord,
    req: OfflineReportRequest,
) -> Result<TicketDetail, ApiError> {
    let reporter = text(&req.reporter, "反映人")?;
    let problem = text(&req.problem, "反映问题")?;
    let item = optional(req.item.as_deref(), MAX_ITEM_CHARS, "事项名称")?;
    let contact = optional(req.contact.as_deref(), 50, "联系方式")?;
    let mut new = new_ticket(state, None, None, item, problem, contact);
    if new.department.is_none() {
        new.department = agent.department.clone();
    }
    let ticket = state.store.create_ticket(&new).await?;
    let record = bangban_core::ticket::BanchengRecord {
        reporter: Some(reporter),
        received_by: Some(agent.display_name.clone()),
        offline: true,
        ..Default::default()
    };
    state.store.save_record(&ticket.view.id, &record).await?;
    Ok(TicketDetail {
        ticket: ticket.view,
        record,
    })
}

fn new_ticket(
    state: &AppState,
    visitor_id: Option<i64>,
    conversation: Option<String>,
    item: Option<String>,
    problem: String,
    contact: Option<String>,
) -> NewTicket {
    NewTicket {
        kind: TicketKind::Bancheng,
        visitor_id,
        conversation,
        department: service::department_of(state, item.as_deref()),
        item,
        problem,
        contact,
        due: service::due_in_working_days(state, HANDLE_WITHIN),
        day: service::day_stamp(state),
        now_ms: state.clock.now_ms(),
    }
}

/// A ticket with its record, for staff who may handle it.
pub async fn detail(
    state: &AppState,
    agent: &AgentRecord,
    id: &str,
) -> Result<TicketDetail, ApiError> {
    let ticket = handled(state, agent, id).await?;
    let record = state.store.record(id).await?;
    Ok(TicketDetail {
        ticket: ticket.view,
        record,
    })
}

/// 派单: the 热线办 sends the ticket to the handling department; the problem enters the ledger.
pub async fn dispatch(
    state: &AppState,
    agent: &AgentRecord,
    id: &str,
    req: DispatchRequest,
) -> Result<TicketDetail, ApiError> {
    if !policy::oversees(agent) {
        return Err(ApiError::Forbidden);
    }
    let department = text(&req.department, "承办部门")?;
    let ticket = handled(state, agent, id).await?;
    let from = [TicketStatus::New, TicketStatus::Dispatched];
    move_to(
        state,
        id,
        &from,
        TicketStatus::Dispatched,
        Some(&department),
    )
    .await?;
    let row = NewLedgerRow {
        source: LedgerSource::Bancheng,
        department: department.clone(),
        item: ticket.view.item.clone(),
        problem: format!("办不成事 {}：{}", ticket.view.number, ticket.view.problem),
        measures: String::new(),
        deadline: ticket.view.due.clone(),
        raised_by: "群众".to_owned(),
        contact: ticket.view.contact.clone(),
        origin: Some(format!("ticket:{id}")),
        prefix: format!("TZ{}", service::day_stamp(state)),
        now_ms: state.clock.now_ms(),
    };
    state.store.add_ledger(&row).await?;
    detail(state, agent, id).await
}

/// The department takes the ticket on (办理中).
pub async fn take(
    state: &AppState,
    agent: &AgentRecord,
    id: &str,
) -> Result<TicketDetail, ApiError> {
    handled(state, agent, id).await?;
    let from = [TicketStatus::Dispatched];
    move_to(state, id, &from, TicketStatus::Handling, None).await?;
    let mut record = state.store.record(id).await?;
    record.handler = Some(agent.display_name.clone());
    state.store.save_record(id, &record).await?;
    detail(state, agent, id).await
}

/// The department's answer, with verification and whether it was solved.
pub async fn reply(
    state: &AppState,
    agent: &AgentRecord,
    id: &str,
    req: BanchengReply,
) -> Result<TicketDetail, ApiError> {
    let answer = text(&req.answer, "答复内容")?;
    let verification = text(&req.verification, "核实及处理情况")?;
    let why_not = optional(req.why_not.as_deref(), MAX_TICKET_CHARS, "未解决原因")?;
    if !req.solved && why_not.is_none() {
        return Err(ApiError::invalid(
            "why_not_required",
            "未解决的，请填写原因",
        ));
    }
    let ticket = handled(state, agent, id).await?;
    if ticket.view.status != TicketStatus::Handling {
        return Err(ApiError::conflict("wrong_step", "请先接单办理"));
    }
    let mut record = state.store.record(id).await?;
    record.handler = Some(agent.display_name.clone());
    record.verification = Some(verification);
    record.solved = Some(req.solved);
    record.why_not = why_not;
    record.handler_contact = optional(req.handler_contact.as_deref(), 50, "承办人联系方式")?;
    state.store.save_record(id, &record).await?;
    let now = state.clock.now_ms();
    state
        .store
        .answer_ticket(id, &answer, agent.id, now)
        .await?;
    detail(state, agent, id).await
}

/// 销单: the 热线办 closes an answered ticket; its ledger entry is struck off.
pub async fn close(
    state: &AppState,
    agent: &AgentRecord,
    id: &str,
    req: CloseTicketRequest,
) -> Result<TicketDetail, ApiError> {
    if !policy::oversees(agent) {
        return Err(ApiError::Forbidden);
    }
    let ticket = handled(state, agent, id).await?;
    move_to(
        state,
        id,
        &[TicketStatus::Answered],
        TicketStatus::Closed,
        None,
    )
    .await?;
    let mut record = state.store.record(id).await?;
    record.approver = optional(req.approver.as_deref(), 50, "审核领导")?;
    record.closed_on = Some(Date::from_unix_ms(state.clock.now_ms()).to_string());
    state.store.save_record(id, &record).await?;
    let result = ticket.view.answer.clone().unwrap_or_default();
    let now = state.clock.now_ms();
    state
        .store
        .close_ledger_origin(&format!("ticket:{id}"), &result, now)
        .await?;
    detail(state, agent, id).await
}

/// The 办不成事 ticket if the agent may handle it: supervisors always, a department its own.
async fn handled(
    state: &AppState,
    agent: &AgentRecord,
    id: &str,
) -> Result<TicketRecord, ApiError> {
    let ticket = state.store.ticket(id).await?;
    let ok = |t: &TicketRecord| {
        t.view.kind == TicketKind::Bancheng
            && (policy::oversees(agent)
                || (agent.department.is_some() && agent.department == t.view.department))
    };
    ticket.filter(ok).ok_or(ApiError::NotFound)
}

async fn move_to(
    state: &AppState,
    id: &str,
    from: &[TicketStatus],
    to: TicketStatus,
    department: Option<&str>,
) -> Result<(), ApiError> {
    if state.store.move_ticket(id, from, to, department).await? {
        Ok(())
    } else {
        Err(ApiError::conflict(
            "wrong_step",
            "工单当前状态不能进行此操作",
        ))
    }
}

fn text(value: &str, what: &str) -> Result<String, ApiError> {
    optional(Some(value), MAX_TICKET_CHARS, what)?
        .ok_or_else(|| ApiError::invalid("empty_text", &format!("{what}不能为空")))
}

fn optional(value: Option<&str>, max: usize, what: &str) -> Result<Option<String>, ApiError> {
    let value = value.map(str::trim).filter(|v| !v.is_empty());
    if value.is_some_and(|v| v.chars().count() > max) {
        return Err(ApiError::invalid(
            "text_too_long",
            &format!("{what}最多 {max} 字"),
        ));
    }
    Ok(value.map(str::to_owned))
}
