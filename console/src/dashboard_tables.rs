//! The dashboard's tables: the daily trend (chats per day and the 60-second share, drawn as bars) and the
//! figures per department, item or agent, each with its CSV export.

use bangban_core::standards::{Figures, GroupFigures};
use leptos::prelude::*;

use crate::figures;

/// 每日趋势: one row per day with a bar for the chats and one for the share answered within 60 s.
#[component]
pub(crate) fn DailyTrend(
    /// The days, oldest first.
    days: Vec<GroupFigures>,
    /// The CSV export.
    href: String,
) -> impl IntoView {
    let max = days.iter().map(|d| d.figures.chats).max().unwrap_or(0);
    let rows = days
        .into_iter()
        .map(|d| {
            let f = d.figures;
            let chats = format!("{}%", figures::bar_width(f.chats, max));
            let share = f.within_60s_share();
            let share_w = format!("{}%", share.unwrap_or(0.0) * 100.0);
            view! {
                <tr>
                    <th scope="row">{d.key}</th>
                    <td><span class="bar" style:width=chats aria-hidden="true"></span>{f.chats}</td>
                    <td><span class="bar alt" style:width=share_w aria-hidden="true"></span>{figures::percent(share)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="table-block" aria-labelledby="trend-heading">
            <h3 id="trend-heading">"每日趋势"</h3>
            <a href=href download>"导出CSV"</a>
            <table class="data trend">
                <thead>
                    <tr><th scope="col">"日期"</th><th scope="col">"会话数"</th><th scope="col">"60秒内响应占比"</th></tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

/// One table of groups (部门, 事项 or 客服) with the main figures.
#[component]
pub(crate) fn GroupTable(
    /// The heading, e.g. 按部门.
    title: &'static str,
    /// The first column's name.
    key_name: &'static str,
    /// The groups.
    rows: Vec<GroupFigures>,
    /// The CSV export.
    href: String,
) -> impl IntoView {
    let heading = format!("table-{key_name}");
    let labelled_by = heading.clone();
    let body = rows
        .into_iter()
        .map(|g| view! { <tr><th scope="row">{g.key}</th>{cells(&g.figures)}</tr> })
        .collect_view();
    view! {
        <section class="table-block" aria-labelledby=labelled_by>
            <h3 id=heading>{title}</h3>
            <a href=href download>"导出CSV"</a>
            <table class="data">
                <thead>
                    <tr>
                        <th scope="col">{key_name}</th>
                        <th scope="col">"会话数"</th>
                        <th scope="col">"60秒内响应"</th>
                        <th scope="col">"首次响应中位数"</th>
                        <th scope="col">"人工解决率"</th>
                        <th scope="col">"转12345比例"</th>
                        <th scope="col">"小申解决率"</th>
                        <th scope="col">"评价数"</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </section>
    }
}

fn cells(f: &Figures) -> impl IntoView + use<> {
    let rated: u64 = f.ratings.iter().sum();
    let [within_60s, resolution, hotline, bot, ..] = f.standards();
    view! {
        <td>{f.chats}</td>
        {judged(within_60s)}
        <td>{figures::seconds(f.first_response_median_ms)}</td>
        {judged(resolution)}
        {judged(hotline)}
        {judged(bot)}
        <td>{rated}</td>
    }
}

/// A share shown against its standard: green when met, red when not, with the verdict in words too (not by
/// colour alone).
fn judged((_, value, met): (&'static str, Option<f64>, Option<bool>)) -> impl IntoView + use<> {
    let class = match met {
        Some(true) => "met",
        Some(false) => "unmet",
        None => "",
    };
    let text = match met {
        Some(_) => format!("{}（{}）", figures::percent(value), figures::verdict(met)),
        None => figures::percent(value),
    };
    view! { <td class=class>{text}</td> }
}
