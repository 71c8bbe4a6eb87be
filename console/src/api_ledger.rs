//! The 办不成事 and 问题台账 side of the HTTP API (docs/API.md "办不成事 and the problem ledger").

use bangban_core::ledger::{CloseLedgerItem, LedgerItem, MonthlyRow, NewLedgerItem};
use bangban_core::ticket::{
    BanchengReply, CloseTicketRequest, DispatchRequest, OfflineReportRequest, TicketDetail,
};
use gloo_net::http::Request;

use crate::api::{ApiResult, call, call_with};

/// `GET /api/tickets/{id}`: the ticket with its 处理记录单.
pub(crate) async fn detail(id: &str) -> ApiResult<TicketDetail> {
    call(Request::get(&format!("/api/tickets/{id}"))).await
}

/// `POST /api/tickets/{id}/dispatch`: 派单.
pub(crate) async fn dispatch(id: &str, department: String) -> ApiResult<TicketDetail> {
    let body = DispatchRequest { department };
    call_with(Request::post(&format!("/api/tickets/{id}/dispatch")), &body).await
}

/// `POST /api/tickets/{id}/take`: 接单.
pub(crate) async fn take(id: &str) -> ApiResult<TicketDetail> {
    call(Request::post(&format!("/api/tickets/{id}/take"))).await
}

/// `POST /api/tickets/{id}/reply`: the department's answer with its record.
pub(crate) async fn reply(id: &str, body: &BanchengReply) -> ApiResult<TicketDetail> {
    call_with(Request::post(&format!("/api/tickets/{id}/reply")), body).await
}

/// `POST /api/tickets/{id}/close`: 销单.
pub(crate) async fn close(id: &str, approver: Option<String>) -> ApiResult<TicketDetail> {
    let body = CloseTicketRequest { approver };
    call_with(Request::post(&format!("/api/tickets/{id}/close")), &body).await
}

/// `POST /api/tickets/offline`: a hall's 处理记录单.
pub(crate) async fn offline(body: &OfflineReportRequest) -> ApiResult<TicketDetail> {
    call_with(Request::post("/api/tickets/offline"), body).await
}

/// `GET /api/ledger`.
pub(crate) async fn ledger() -> ApiResult<Vec<LedgerItem>> {
    call(Request::get("/api/ledger")).await
}

/// `POST /api/ledger`.
pub(crate) async fn add(body: &NewLedgerItem) -> ApiResult<LedgerItem> {
    call_with(Request::post("/api/ledger"), body).await
}

/// `POST /api/ledger/{id}/close`: 挂账销号.
pub(crate) async fn strike_off(id: &str, body: &CloseLedgerItem) -> ApiResult<LedgerItem> {
    call_with(Request::post(&format!("/api/ledger/{id}/close")), body).await
}

/// `GET /api/ledger/monthly?month=`.
pub(crate) async fn monthly(month: &str) -> ApiResult<Vec<MonthlyRow>> {
    call(Request::get("/api/ledger/monthly").query([("month", month)])).await
}
