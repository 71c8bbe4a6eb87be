//! Service hours and the 转人工 status: whether human help is open for a page's item, and what to tell the
//! citizen when it is not (when it opens next, 留言, the 12345 hotline).

use bangban_core::calendar::Date;
use bangban_core::protocol::ServiceStatus;

use crate::error::ApiError;
use crate::state::AppState;

/// The city's hotline, given whenever human help is closed.
pub const HOTLINE: &str = "12345";

/// The department queue of an item; unknown items and none go to the general queue (`None`).
pub fn department_of(state: &AppState, item: Option<&str>) -> Option<String> {
    item.and_then(|i| state.items.department_of(i))
}

/// Whether human help of this department is open now.
pub fn is_open(state: &AppState, department: Option<&str>) -> bool {
    state
        .hours
        .is_open(&state.calendar, department, state.clock.now_ms())
}

/// What the widget shows by 转人工.
pub async fn status(state: &AppState, item: Option<&str>) -> Result<ServiceStatus, ApiError> {
    let department = department_of(state, item);
    let dept = department.as_deref();
    let now = state.clock.now_ms();
    let agents_online = state
        .store
        .on_duty_agents()
        .await?
        .iter()
        .any(|a| crate::policy::serves_queue(a, dept));
    Ok(ServiceStatus {
        open: is_open(state, dept),
        agents_online,
        message: state
            .hours
            .describe_next_opening(&state.calendar, dept, now),
        hours: state.hours.describe_hours(dept),
        hotline: HOTLINE.to_owned(),
    })
}

/// The refusal of a 转人工 outside hours, with when help opens next.
pub fn closed_error(state: &AppState, department: Option<&str>) -> ApiError {
    let now = state.clock.now_ms();
    let when = state
        .hours
        .describe_next_opening(&state.calendar, department, now);
    ApiError::conflict(
        "outside_hours",
        &format!("现在不是人工服务时间，{when}。您可以留言，或拨打 {HOTLINE} 热线。"),
    )
}

/// The working day `n` working days after today (`YYYY-MM-DD`).
pub fn due_in_working_days(state: &AppState, n: u32) -> String {
    let today = Date::from_unix_ms(state.clock.now_ms());
    state.calendar.add_working_days(today, n).to_string()
}

/// Today as `YYYYMMDD`, for ticket numbers.
pub fn day_stamp(state: &AppState) -> String {
    Date::from_unix_ms(state.clock.now_ms())
        .to_string()
        .replace('-', "")
}
