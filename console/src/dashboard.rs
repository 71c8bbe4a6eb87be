//! 服务数据 (supervisors, administrators): the service standards over a date range, the rating distribution,
//! the daily trend and the tables per department, item and agent, each exportable as CSV.

use bangban_core::calendar::Date;
use bangban_core::rating::Rating;
use bangban_core::standards::{Figures, StatsReport};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api_admin;
use crate::dashboard_tables::{DailyTrend, GroupTable};
use crate::figures;
use crate::state::Workspace;

/// The dashboard page.
#[component]
pub(crate) fn DashboardPage() -> impl IntoView {
    let ws = Workspace::get();
    let today = Date::from_unix_ms(ws.server_clock.get_untracked().now(crate::state::now_ms()));
    let (from0, to0) = figures::default_range(today);
    let (from, to) = (RwSignal::new(from0), RwSignal::new(to0));
    let report = RwSignal::new(None::<Result<StatsReport, String>>);
    let load = move || {
        let (f, t) = (from.get_untracked(), to.get_untracked());
        spawn_local(async move {
            let answer = api_admin::stats(&f, &t).await.map_err(|e| e.message());
            report.try_set(Some(answer));
        });
    };
    load();
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        load();
    };
    let body = move || match report.get() {
        None => view! { <p class="empty">"正在加载…"</p> }.into_any(),
        Some(Err(message)) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
        Some(Ok(r)) => view! { <Report report=r/> }.into_any(),
    };
    view! {
        <section class="page dashboard" aria-labelledby="dashboard-heading">
            <h2 id="dashboard-heading">"服务数据"</h2>
            <form class="range" on:submit=submit>
                <label>"开始日期"<input type="date" required bind:value=from/></label>
                <label>"结束日期"<input type="date" required bind:value=to/></label>
                <button type="submit" class="primary">"查询"</button>
            </form>
            {body}
        </section>
    }
}

/// Everything of one report.
#[component]
fn Report(report: StatsReport) -> impl IntoView {
    let (from, to) = (report.from.clone(), report.to.clone());
    let href = move |by: &str| figures::export_href(&from, &to, by);
    view! {
        <p class="range-shown">{format!("统计区间：{} 至 {}", report.from, report.to)}</p>
        <Standards figures=report.total.clone()/>
        <RatingBars ratings=report.total.ratings/>
        <DailyTrend days=report.daily href=href("daily")/>
        <GroupTable title="按部门" key_name="部门" rows=report.departments href=href("department")/>
        <GroupTable title="按事项" key_name="事项" rows=report.items href=href("item")/>
        <GroupTable title="按客服" key_name="客服" rows=report.agents href=href("agent")/>
    }
}

/// The six standards as cards (green met, red not met, grey without data), then the response times.
#[component]
fn Standards(figures: Figures) -> impl IntoView {
    let cards = figures
        .standards()
        .into_iter()
        .enumerate()
        .map(|(i, (name, value, met))| {
            let class = match met {
                Some(true) => "card met",
                Some(false) => "card unmet",
                None => "card nodata",
            };
            view! {
                <li class=class aria-label=name>
                    <h3>{name}</h3>
                    <p class="value">{figures::percent(value)}</p>
                    <p class="target">{figures::target(i)}</p>
                    <p class="verdict">{figures::verdict(met)}</p>
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="standards-heading">
            <h3 id="standards-heading">"服务标准"</h3>
            <ul class="cards">{cards}</ul>
            <dl class="times">
                <dt>"会话数"</dt><dd class="chats">{figures.chats}</dd>
                <dt>"首次响应中位数"</dt><dd class="median">{figures::seconds(figures.first_response_median_ms)}</dd>
                <dt>"首次响应 P90"</dt><dd class="p90">{figures::seconds(figures.first_response_p90_ms)}</dd>
            </dl>
        </section>
    }
}

/// 评价分布: one bar per level, with its label and count as text.
#[component]
fn RatingBars(ratings: [u64; 5]) -> impl IntoView {
    let max = ratings.iter().copied().max().unwrap_or(0);
    let bars = Rating::ALL
        .iter()
        .zip(ratings)
        .map(|(level, count)| {
            let width = format!("{}%", figures::bar_width(count, max));
            view! {
                <li class="bar-row" aria-label=format!("{}：{count}", level.label())>
                    <span class="bar-label">{level.label()}</span>
                    <span class="bar-track" aria-hidden="true"><span class="bar" style:width=width></span></span>
                    <span class="bar-count">{count}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="ratings-heading">
            <h3 id="ratings-heading">"评价分布"</h3>
            <ul class="bars">{bars}</ul>
        </section>
    }
}
