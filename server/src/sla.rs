//! The one-minute response clock. It starts at 转人工 (which is refused outside hours, so it always runs
//! inside them). At 45 s an unanswered chat alerts every agent of its queue and the supervisors; at 60 s
//! it is offered to every 窗口客服 as well.

use std::time::Duration;

use bangban_core::protocol::ServerFrame;

use crate::chat::broadcast_queue;
use crate::error::ApiError;
use crate::policy;
use crate::state::AppState;

/// Unanswered this long: alert.
pub const ALERT_AFTER_MS: i64 = 45_000;
/// Unanswered this long: offer to every 窗口客服.
pub const ESCALATE_AFTER_MS: i64 = 60_000;

/// Checks the waiting chats every `every` until shutdown.
pub async fn run(state: AppState, every: Duration) {
    let mut shutdown = state.shutdown.clone();
    loop {
        tokio::select! {
            () = tokio::time::sleep(every) => {}
            _ = shutdown.changed() => return,
        }
        if let Err(err) = tick(&state, state.clock.now_ms()).await {
            tracing::error!(error = ?err, "response clock check failed");
        }
    }
}

/// One check at `now_ms`: sends due alerts and escalations.
pub async fn tick(state: &AppState, now_ms: i64) -> Result<(), ApiError> {
    let mut escalated = false;
    for conv in state.store.waiting().await? {
        let since = conv
            .view
            .transfer
            .as_ref()
            .map_or(conv.view.created_ms, |t| t.at_ms);
        let waited = now_ms - since;
        if waited >= ALERT_AFTER_MS && state.store.mark_alerted(&conv.view.id, now_ms).await? {
            let frame = ServerFrame::Alert {
                conversation: conv.view.id.clone(),
                waited_ms: waited,
            };
            state.hub.to_agents(|agent| {
                (policy::oversees(agent) || policy::may_take(agent, &conv.view))
                    .then(|| frame.clone())
            });
        }
        if waited >= ESCALATE_AFTER_MS
            && conv.view.transfer.is_none()
            && state.store.mark_escalated(&conv.view.id, now_ms).await?
        {
            escalated = true;
        }
    }
    if escalated {
        broadcast_queue(state).await?;
        crate::chat::auto_assign(state).await?;
    }
    Ok(())
}
