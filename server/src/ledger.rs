//! 问题台账: one ledger of problems with department, measures and deadline; struck off when done (挂账销号);
//! overdue ones listed; whoever raised it is told the result. Monthly report per department, also as CSV
//! with contacts masked.

use std::collections::BTreeMap;

use bangban_core::calendar::Date;
use bangban_core::followup::CaseView;
use bangban_core::ledger::{
    CloseLedgerItem, DEFAULT_WORKING_DAYS, LedgerItem, LedgerSource, MonthlyRow, NewLedgerItem,
};
use bangban_core::ticket::mask_contact;

use crate::error::ApiError;
use crate::policy;
use crate::service;
use crate::state::AppState;
use crate::store::{AgentRecord, NewLedgerRow};

/// Longest problem, measures or result text, in characters.
pub const MAX_TEXT_CHARS: usize = 2000;

/// The entries this agent sees: their department's (everything for supervisors), overdue marked.
pub async fn list(state: &AppState, agent: &AgentRecord) -> Result<Vec<LedgerItem>, ApiError> {
    let today = today(state);
    let all = state.store.ledger().await?;
    Ok(all
        .into_iter()
        .filter(|i| may_see(agent, i))
        .map(|i| with_overdue(i, &today))
        .collect())
}

/// Enters a problem found by an agent, a leader's visit or an opinion form.
pub async fn add(
    state: &AppState,
    agent: &AgentRecord,
    req: NewLedgerItem,
) -> Result<LedgerItem, ApiError> {
    if req.source == LedgerSource::BadRating {
        return Err(ApiError::invalid(
            "bad_source",
            "差评整改由差评回访流程自动登记",
        ));
    }
    let problem = checked(&req.problem, "问题描述", true)?;
    let measures = checked(&req.measures, "整改措施", false)?;
    let department = match (req.department.as_deref().map(str::trim), &agent.department) {
        (Some(d), _)
            if !d.is_empty()
                && (policy::oversees(agent) || agent.department.as_deref() == Some(d)) =>
        {
            d.to_owned()
        }
        (None | Some(""), Some(own)) => own.clone(),
        _ => {
            return Err(ApiError::invalid(
                "bad_department",
                "请填写本部门或由监督员指定责任部门",
            ));
        }
    };
    let deadline = match req.deadline.as_deref().filter(|d| !d.is_empty()) {
        Some(d) => d
            .parse::<Date>()
            .map_err(|_| ApiError::invalid("bad_deadline", "整改期限应为 YYYY-MM-DD"))?
            .to_string(),
        None => service::due_in_working_days(state, DEFAULT_WORKING_DAYS),
    };
    let row = NewLedgerRow {
        source: req.source,
        department,
        item: req.item.filter(|i| !i.trim().is_empty()),
        problem,
        measures,
        deadline,
        raised_by: req
            .raised_by
            .filter(|r| !r.trim().is_empty())
            .unwrap_or_else(|| agent.display_name.clone()),
        contact: req.contact.filter(|c| !c.trim().is_empty()),
        origin: None,
        prefix: format!("TZ{}", service::day_stamp(state)),
        now_ms: state.clock.now_ms(),
    };
    Ok(state.store.add_ledger(&row).await?)
}

/// A 差评 found to hold goes into the ledger, due when its rectification is.
pub async fn from_case(
    state: &AppState,
    case: &CaseView,
    verification: &str,
) -> Result<(), ApiError> {
    let reason = case.reason.map(|r| r.label()).unwrap_or("其他");
    let comment = case.comment.as_deref().unwrap_or("");
    let row = NewLedgerRow {
        source: LedgerSource::BadRating,
        department: case
            .department
            .clone()
            .unwrap_or_else(|| "通用窗口".to_owned()),
        item: case.item.clone(),
        problem: format!("差评（{}，原因：{reason}）{comment}", case.level.label()),
        measures: verification.to_owned(),
        deadline: case
            .rectify_due
            .clone()
            .unwrap_or_else(|| service::due_in_working_days(state, 5)),
        raised_by: "群众".to_owned(),
        contact: case.contact.clone(),
        origin: Some(format!("case:{}", case.id)),
        prefix: format!("TZ{}", service::day_stamp(state)),
        now_ms: state.clock.now_ms(),
    };
    state.store.add_ledger(&row).await?;
    Ok(())
}

/// 挂账销号.
pub async fn close(
    state: &AppState,
    agent: &AgentRecord,
    id: &str,
    req: CloseLedgerItem,
) -> Result<LedgerItem, ApiError> {
    let result = checked(&req.result, "整改结果", true)?;
    let item = state.store.ledger_item(id).await?;
    if !item.as_ref().is_some_and(|i| may_see(agent, i)) {
        return Err(ApiError::NotFound);
    }
    let now = state.clock.now_ms();
    let closed = state
        .store
        .close_ledger(id, &result, req.notified, now)
        .await?
        .ok_or_else(|| ApiError::conflict("already_closed", "该问题已销号"))?;
    Ok(with_overdue(closed, &today(state)))
}

/// The monthly report (`YYYY-MM`): per department, entries opened, closed and overdue.
pub async fn monthly(state: &AppState, month: &str) -> Result<Vec<MonthlyRow>, ApiError> {
    let first: Date = format!("{month}-01")
        .parse()
        .map_err(|_| ApiError::invalid("bad_month", "月份应为 YYYY-MM"))?;
    let next = first.add_days(32);
    let next =
        Date::new(next.year(), next.month(), 1).ok_or_else(|| anyhow::anyhow!("bad month"))?;
    let today = Date::from_unix_ms(state.clock.now_ms());
    let cutoff = if today < next {
        today
    } else {
        next.add_days(-1)
    };
    let (start, end) = (first.start_unix_ms(), next.start_unix_ms());
    let mut rows: BTreeMap<String, MonthlyRow> = BTreeMap::new();
    for item in state.store.ledger().await? {
        let row = rows
            .entry(item.department.clone())
            .or_insert_with(|| MonthlyRow {
                department: item.department.clone(),
                ..MonthlyRow::default()
            });
        row.opened += u64::from((start..end).contains(&item.created_ms));
        row.closed += u64::from(item.closed_ms.is_some_and(|c| (start..end).contains(&c)));
        let open_at_cutoff = item.created_ms < cutoff.add_days(1).start_unix_ms()
            && item
                .closed_ms
                .is_none_or(|c| c >= cutoff.add_days(1).start_unix_ms());
        row.overdue += u64::from(open_at_cutoff && item.deadline < cutoff.to_string());
    }
    Ok(rows
        .into_values()
        .filter(|r| r.opened + r.closed + r.overdue > 0)
        .collect())
}

/// The monthly report as CSV (UTF-8 with BOM).
pub fn monthly_csv(rows: &[MonthlyRow]) -> anyhow::Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["部门", "本月新增", "本月销号", "逾期未销号"])?;
    for r in rows {
        w.write_record([
            &r.department,
            &r.opened.to_string(),
            &r.closed.to_string(),
            &r.overdue.to_string(),
        ])?;
    }
    Ok(format!("\u{feff}{}", String::from_utf8(w.into_inner()?)?))
}

/// The ledger as CSV, contacts masked.
pub fn ledger_csv(items: &[LedgerItem]) -> anyhow::Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "编号",
        "来源",
        "责任部门",
        "事项",
        "问题",
        "整改措施",
        "整改期限",
        "提出人",
        "联系方式",
        "状态",
        "整改结果",
        "已告知提出人",
    ])?;
    for i in items {
        let status = if i.closed_ms.is_some() {
            "已销号"
        } else if i.overdue {
            "逾期"
        } else {
            "整改中"
        };
        w.write_record([
            i.number.as_str(),
            i.source.label(),
            &i.department,
            i.item.as_deref().unwrap_or(""),
            &i.problem,
            &i.measures,
            &i.deadline,
            &i.raised_by,
            &i.contact.as_deref().map(mask_contact).unwrap_or_default(),
            status,
            i.result.as_deref().unwrap_or(""),
            if i.notified { "是" } else { "否" },
        ])?;
    }
    Ok(format!("\u{feff}{}", String::from_utf8(w.into_inner()?)?))
}

fn may_see(agent: &AgentRecord, item: &LedgerItem) -> bool {
    policy::oversees(agent) || agent.department.as_deref() == Some(item.department.as_str())
}

fn checked(text: &str, what: &str, required: bool) -> Result<String, ApiError> {
    let text = text.trim();
    if required && text.is_empty() {
        return Err(ApiError::invalid("empty_text", &format!("{what}不能为空")));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(ApiError::invalid(
            "text_too_long",
            &format!("{what}最多 {MAX_TEXT_CHARS} 字"),
        ));
    }
    Ok(text.to_owned())
}

fn today(state: &AppState) -> String {
    Date::from_unix_ms(state.clock.now_ms()).to_string()
}

fn with_overdue(mut item: LedgerItem, today: &str) -> LedgerItem {
    item.overdue = item.closed_ms.is_none() && item.deadline.as_str() < today;
    item
}
