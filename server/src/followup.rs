//! 差评 follow-up: the department contacts the rater within 1 working day (回访), verifies, and either
//! rectifies within 5 working days (13 when complex, 整改完成) and replies, or records why the complaint does
//! not hold. Every step is recorded with who and when; deadlines come from the working-day calendar.

use bangban_core::calendar::Date;
use bangban_core::followup::{
    CONTACT_WITHIN, CaseStatus, CaseView, NoteRequest, RECTIFY_COMPLEX_WITHIN, RECTIFY_WITHIN,
    VerifyRequest,
};

use crate::error::ApiError;
use crate::policy;
use crate::service;
use crate::state::AppState;
use crate::store::{AgentRecord, CaseUpdate, ConversationRecord};

/// Longest step note, in characters.
pub const MAX_NOTE_CHARS: usize = 2000;

/// Opens the case of a real-name 差评 (once per chat).
pub async fn open_case(state: &AppState, conv: &ConversationRecord) -> Result<CaseView, ApiError> {
    let prefix = format!("CP{}", service::day_stamp(state));
    let due = service::due_in_working_days(state, CONTACT_WITHIN);
    let now = state.clock.now_ms();
    let case = state.store.open_case(conv, &prefix, &due, now).await?;
    tracing::info!(case = %case.number, conversation = %conv.view.id, "差评 follow-up opened");
    Ok(case)
}

/// The cases this agent follows: their department's (all for supervisors), with overdue marked.
pub async fn list(state: &AppState, agent: &AgentRecord) -> Result<Vec<CaseView>, ApiError> {
    let today = today(state);
    let all = state.store.cases().await?;
    Ok(all
        .into_iter()
        .filter(|c| may_follow(agent, c))
        .map(|c| with_overdue(c, &today))
        .collect())
}

/// 回访: the rater was contacted.
pub async fn contact(
    state: &AppState,
    agent: &AgentRecord,
    id: &str,
    req: NoteRequest,
) -> Result<CaseView, ApiError> {
    let case = followed(state, agent, id, CaseStatus::ContactPending).await?;
    let update = step(state, agent, CaseStatus::Verifying, "回访", &req.note)?;
    apply(state, &case.id, update).await
}

/// 核实: the complaint holds (rectify by the deadline) or not (closed, with why).
pub async fn verify(
    state: &AppState,
    agent: &AgentRecord,
    id: &str,
    req: VerifyRequest,
) -> Result<CaseView, ApiError> {
    let case = followed(state, agent, id, CaseStatus::Verifying).await?;
    let (status, action) = if req.holds {
        (CaseStatus::Rectifying, "核实：情况属实")
    } else {
        (CaseStatus::NotHeld, "核实：情况不属实")
    };
    let mut update = step(state, agent, status, action, &req.note)?;
    if req.holds {
        let days = if req.complex {
            RECTIFY_COMPLEX_WITHIN
        } else {
            RECTIFY_WITHIN
        };
        update.rectify_due = Some(service::due_in_working_days(state, days));
        update.complex = req.complex;
    }
    let verified = apply(state, &case.id, update).await?;
    if req.holds {
        // A complaint that holds is a problem to rectify: it goes into the ledger.
        crate::ledger::from_case(state, &verified, req.note.trim()).await?;
    }
    Ok(verified)
}

/// 整改完成.
pub async fn rectified(
    state: &AppState,
    agent: &AgentRecord,
    id: &str,
    req: NoteRequest,
) -> Result<CaseView, ApiError> {
    let case = followed(state, agent, id, CaseStatus::Rectifying).await?;
    let update = step(
        state,
        agent,
        CaseStatus::ReplyPending,
        "整改完成",
        &req.note,
    )?;
    apply(state, &case.id, update).await
}

/// 答复: the rater was told the result; the case closes.
pub async fn reply(
    state: &AppState,
    agent: &AgentRecord,
    id: &str,
    req: NoteRequest,
) -> Result<CaseView, ApiError> {
    let case = followed(state, agent, id, CaseStatus::ReplyPending).await?;
    let update = step(state, agent, CaseStatus::Replied, "答复", &req.note)?;
    apply(state, &case.id, update).await
}

fn may_follow(agent: &AgentRecord, case: &CaseView) -> bool {
    policy::oversees(agent)
        || (agent.role.answers_chats()
            && (agent.department.is_none() || agent.department == case.department))
}

/// The case if the agent follows it and it is at `expected`; "not found" or a conflict otherwise.
async fn followed(
    state: &AppState,
    agent: &AgentRecord,
    id: &str,
    expected: CaseStatus,
) -> Result<CaseView, ApiError> {
    let case = state.store.case(id).await?;
    let Some(case) = case.filter(|c| may_follow(agent, c)) else {
        return Err(ApiError::NotFound);
    };
    if case.status != expected {
        return Err(ApiError::conflict(
            "wrong_step",
            &format!("该案件当前为「{}」，不能进行此操作", case.status.label()),
        ));
    }
    Ok(case)
}

fn step(
    state: &AppState,
    agent: &AgentRecord,
    status: CaseStatus,
    action: &str,
    note: &str,
) -> Result<CaseUpdate, ApiError> {
    let note = note.trim();
    if note.is_empty() || note.chars().count() > MAX_NOTE_CHARS {
        return Err(ApiError::invalid(
            "bad_note",
            &format!("请填写情况说明（最多 {MAX_NOTE_CHARS} 字）"),
        ));
    }
    Ok(CaseUpdate {
        status,
        rectify_due: None,
        complex: false,
        action: action.to_owned(),
        note: note.to_owned(),
        by: agent.id,
        now_ms: state.clock.now_ms(),
    })
}

async fn apply(state: &AppState, id: &str, update: CaseUpdate) -> Result<CaseView, ApiError> {
    let case = state
        .store
        .update_case(id, &update)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(with_overdue(case, &today(state)))
}

fn today(state: &AppState) -> String {
    Date::from_unix_ms(state.clock.now_ms()).to_string()
}

fn with_overdue(mut case: CaseView, today: &str) -> CaseView {
    case.overdue = case.due.as_deref().is_some_and(|due| due < today);
    case
}
