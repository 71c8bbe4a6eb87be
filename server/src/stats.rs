//! The supervisor dashboard: every service standard measured over a date range, in total and per
//! department, item, agent and day, and the same tables as CSV.

use std::collections::BTreeMap;

use bangban_core::calendar::Date;
use bangban_core::followup::CaseView;
use bangban_core::rating::Rating;
use bangban_core::standards::{ChatFact, Figures, GroupFigures, StatsReport};

use crate::error::ApiError;
use crate::kbwork::ANSWER_WITHIN_WORKING_DAYS;
use crate::state::AppState;
use crate::store::stats::{ChatRow, UnansweredFact};

/// Key of chats without a department.
pub const GENERAL_QUEUE: &str = "通用窗口";
/// Key of chats without an item.
pub const NO_ITEM: &str = "未指定事项";

/// What accumulates per group before it becomes [`Figures`].
#[derive(Default)]
struct Acc {
    chats: Vec<ChatFact>,
    figures: Figures,
}

/// The four groupings and the total.
#[derive(Default)]
struct Tables {
    total: Acc,
    departments: BTreeMap<String, Acc>,
    items: BTreeMap<String, Acc>,
    agents: BTreeMap<String, Acc>,
    daily: BTreeMap<String, Acc>,
}

impl Tables {
    /// Every group a fact counts in: total, its department, item, day, and agent if any.
    fn each(
        &mut self,
        department: &str,
        item: &str,
        day: &str,
        agent: Option<&str>,
        f: impl Fn(&mut Acc),
    ) {
        f(&mut self.total);
        f(self.departments.entry(department.to_owned()).or_default());
        f(self.items.entry(item.to_owned()).or_default());
        f(self.daily.entry(day.to_owned()).or_default());
        if let Some(agent) = agent {
            f(self.agents.entry(agent.to_owned()).or_default());
        }
    }
}

/// The dashboard for the days `from..=to`.
pub async fn report(state: &AppState, from: Date, to: Date) -> Result<StatsReport, ApiError> {
    if to < from {
        return Err(ApiError::invalid("bad_range", "结束日期不能早于开始日期"));
    }
    if to.days_since_epoch() - from.days_since_epoch() > 366 {
        return Err(ApiError::invalid("bad_range", "统计区间最长一年"));
    }
    let (from_ms, to_ms) = (from.start_unix_ms(), to.add_days(1).start_unix_ms());
    let today = Date::from_unix_ms(state.clock.now_ms());
    let mut t = Tables::default();
    for chat in state.store.chat_rows(from_ms, to_ms).await? {
        add_chat(state, &mut t, chat);
    }
    for bot in state.store.bot_rows(from_ms, to_ms).await? {
        let (dept, item) = keys(state, None, bot.item.as_deref());
        t.each(&dept, &item, &day(bot.created_ms), None, |a| {
            a.figures.bot_solved += u64::from(bot.solved);
            a.figures.bot_unsolved += u64::from(!bot.solved);
        });
    }
    for q in state.store.unanswered_rows(from_ms, to_ms).await? {
        add_unanswered(state, &mut t, &q, today);
    }
    for case in state.store.cases().await? {
        if (from_ms..to_ms).contains(&case.created_ms) {
            let on_time = case_on_time(&case, &today.to_string());
            let (dept, item) = keys(state, case.department.as_deref(), case.item.as_deref());
            t.each(&dept, &item, &day(case.created_ms), None, |a| {
                a.figures.cases += 1;
                a.figures.cases_on_time += u64::from(on_time);
            });
        }
    }
    Ok(StatsReport {
        from: from.to_string(),
        to: to.to_string(),
        total: finish(t.total),
        departments: groups(t.departments),
        items: groups(t.items),
        agents: groups(t.agents),
        daily: groups(t.daily),
    })
}

fn add_chat(state: &AppState, t: &mut Tables, chat: ChatRow) {
    let fact = ChatFact {
        first_response_ms: chat.first_response_ms.map(|at| at - chat.created_ms),
        rating: chat.rating,
        solved: chat.solved,
        pushed_12345: chat.pushed_12345,
    };
    let (dept, item) = keys(state, chat.department.as_deref(), chat.item.as_deref());
    t.each(
        &dept,
        &item,
        &day(chat.created_ms),
        chat.agent.as_deref(),
        |a| a.chats.push(fact.clone()),
    );
}

fn add_unanswered(state: &AppState, t: &mut Tables, q: &UnansweredFact, today: Date) {
    let due = state
        .calendar
        .add_working_days(Date::from_unix_ms(q.created_ms), ANSWER_WITHIN_WORKING_DAYS);
    let answered = q.resolved_ms.map(Date::from_unix_ms);
    if answered.is_none() && today <= due {
        return; // still within its time: not yet counted either way
    }
    let in_time = answered.is_some_and(|d| d <= due);
    let (dept, item) = keys(state, None, q.item.as_deref());
    t.each(&dept, &item, &day(q.created_ms), None, |a| {
        a.figures.unanswered_due += 1;
        a.figures.unanswered_in_time += u64::from(in_time);
    });
}

/// A case is on time when every deadline so far was met: contact (回访) and, if it held, rectification.
fn case_on_time(case: &CaseView, today: &str) -> bool {
    let done_by = |action: &str, due: &str| match case.steps.iter().find(|s| s.action == action) {
        Some(step) => day(step.at_ms).as_str() <= due,
        None => today <= due,
    };
    done_by("回访", &case.contact_due)
        && case
            .rectify_due
            .as_deref()
            .is_none_or(|due| done_by("整改完成", due))
}

/// Department and item keys; the department falls back to the item's owner.
fn keys(state: &AppState, department: Option<&str>, item: Option<&str>) -> (String, String) {
    let dept = department
        .map(str::to_owned)
        .or_else(|| item.and_then(|i| state.items.department_of(i)))
        .unwrap_or_else(|| GENERAL_QUEUE.to_owned());
    (dept, item.unwrap_or(NO_ITEM).to_owned())
}

fn day(ms: i64) -> String {
    Date::from_unix_ms(ms).to_string()
}

fn finish(acc: Acc) -> Figures {
    let mut figures = acc.figures;
    figures.add_chats(&acc.chats);
    figures
}

fn groups(map: BTreeMap<String, Acc>) -> Vec<GroupFigures> {
    map.into_iter()
        .map(|(key, acc)| GroupFigures {
            key,
            figures: finish(acc),
        })
        .collect()
}

/// One table of the report as CSV (UTF-8 with BOM, for Excel).
pub fn csv(rows: &[GroupFigures], key_name: &str) -> anyhow::Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec![key_name.to_owned()];
    header.extend(
        [
            "会话数",
            "60秒内首次响应",
            "60秒响应率",
            "首次响应中位数(秒)",
            "首次响应P90(秒)",
            "填写是否解决",
            "已解决",
            "人工解决率",
            "转12345",
            "转12345比例",
        ]
        .map(str::to_owned),
    );
    header.extend(Rating::ALL.iter().map(|r| r.label().to_owned()));
    header.extend(
        [
            "小申已解决",
            "小申未解决",
            "小申解决率",
            "差评案件",
            "按时处理",
            "到期未答问题",
            "按时补充",
        ]
        .map(str::to_owned),
    );
    w.write_record(&header)?;
    for row in rows {
        let f = &row.figures;
        let pct = |v: Option<f64>| v.map(|v| format!("{:.1}%", v * 100.0)).unwrap_or_default();
        let secs = |v: Option<i64>| {
            v.map(|ms| format!("{:.1}", ms as f64 / 1000.0))
                .unwrap_or_default()
        };
        let mut rec = vec![
            row.key.clone(),
            f.chats.to_string(),
            f.answered_within_60s.to_string(),
            pct(f.within_60s_share()),
            secs(f.first_response_median_ms),
            secs(f.first_response_p90_ms),
            f.solved_answered.to_string(),
            f.solved_yes.to_string(),
            pct(f.resolution_rate()),
            f.pushed_12345.to_string(),
            pct(f.hotline_share()),
        ];
        rec.extend(f.ratings.iter().map(u64::to_string));
        rec.extend([
            f.bot_solved.to_string(),
            f.bot_unsolved.to_string(),
            pct(f.bot_rate()),
            f.cases.to_string(),
            f.cases_on_time.to_string(),
            f.unanswered_due.to_string(),
            f.unanswered_in_time.to_string(),
        ]);
        w.write_record(&rec)?;
    }
    Ok(format!("\u{feff}{}", String::from_utf8(w.into_inner()?)?))
}
