//! What the agent's clicks do: HTTP calls and frames, with their results written into the [`Workspace`].
//!
//! Each function returns at once and finishes in a local task; failures end up in `Workspace::alert` (or, for a
//! reply, in the caller's own error line), always as the server's Chinese message.

use bangban_core::protocol::{ClientFrame, TransferRequest};
use bangban_core::text::validate_message;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::chats;
use crate::format;
use crate::notices::{self, Throttle};
use crate::state::{Workspace, now_ms};

/// After every (re)connect: refetch the queue and the chats, then `sync` and resend.
pub(crate) fn connected(ws: Workspace) {
    spawn_local(async move {
        refresh_queue(ws).await;
        if let Ok(list) = api::my_chats().await {
            ws.transcripts.update(|all| {
                for chat in list.iter().filter(|c| chats::is_open(c)) {
                    all.entry(chat.id.clone()).or_default();
                }
            });
            let nothing_shown = ws.selected.try_get_untracked().flatten().is_none();
            let choice = chats::initial_choice(&list, remembered().as_deref());
            ws.chats.set(list);
            if let (true, Some(id)) = (nothing_shown, choice) {
                select(ws, id);
            }
        }
        ws.resync();
    });
}

/// Reloads the waiting list; agents off duty see none, supervisors always watch it.
async fn refresh_queue(ws: Workspace) {
    let Some(watching) = ws
        .me
        .try_with_untracked(|me| me.on_duty || !me.role.answers_chats())
    else {
        return;
    };
    if !watching {
        ws.queue.set(Vec::new());
        return;
    }
    if let Ok(waiting) = api::queue().await {
        ws.queue.set(waiting);
    }
}

/// 签入 / 签出.
pub(crate) fn toggle_duty(ws: Workspace, busy: RwSignal<bool>) {
    let on_duty = !ws.me.with_untracked(|me| me.on_duty);
    busy.set(true);
    spawn_local(async move {
        match api::duty(on_duty).await {
            Ok(me) => {
                ws.me.set(me);
                refresh_queue(ws).await;
            }
            Err(e) => ws.alert.set(Some(e.message())),
        }
        busy.set(false);
    });
}

/// 接入: take a waiting chat and open it; someone faster gets a 409 whose message we show.
pub(crate) fn accept(ws: Workspace, id: String) {
    spawn_local(async move {
        match api::accept(&id).await {
            Ok(chat) => {
                if let Some(at) = chat.accepted_ms {
                    ws.clock(|c, now| c.fresh(at, now));
                }
                ws.queue.update(|q| chats::leave_queue(q, &chat.id));
                ws.chats.update(|cs| chats::upsert(cs, chat));
                select(ws, id);
            }
            Err(e) => {
                if e.status == 409 {
                    ws.queue.update(|q| chats::leave_queue(q, &id));
                }
                ws.alert.set(Some(e.message()));
            }
        }
    });
}

/// Shows a chat and loads whatever of its transcript is not here yet.
pub(crate) fn select(ws: Workspace, id: String) {
    // Setting the same id again would re-render the chat and lose the draft.
    if ws.selected.try_get_untracked().flatten().as_deref() != Some(id.as_str()) {
        ws.selected.set(Some(id.clone()));
        remember(&id);
    }
    let after = ws
        .transcripts
        .try_with_untracked(|all| all.get(&id).map_or(0, |t| t.contiguous_seq()))
        .unwrap_or(0);
    spawn_local(async move {
        match api::messages(&id, after).await {
            Ok(messages) => ws.update_transcript(&id, |t| t.merge(messages)),
            Err(e) => ws.alert.set(Some(e.message())),
        }
    });
}

/// 结束会话.
pub(crate) fn close(ws: Workspace, id: String) {
    spawn_local(async move {
        match api::close(&id).await {
            Ok(chat) => ws.conversation_changed(chat),
            Err(e) => ws.alert.set(Some(e.message())),
        }
    });
}

/// Validates and sends a reply. It shows at once as "发送中"; if the socket is down it waits in the outbox and
/// goes out after the reconnect. `Err` carries the Chinese reason it was not accepted locally.
pub(crate) fn reply(ws: Workspace, id: &str, text: String) -> Result<(), String> {
    validate_message(&text).map_err(|e| e.message)?;
    let random = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
    let client_id = format::client_id(now_ms(), random);
    let frame = ClientFrame::Send {
        conversation: id.to_owned(),
        client_id: client_id.clone(),
        text: text.clone(),
    };
    ws.transcripts
        .update(|all| all.entry(id.to_owned()).or_default().queue(client_id, text));
    ws.send(&frame);
    Ok(())
}

/// 退出登录: end the session on the server, then go back to the login form whatever it answered.
pub(crate) fn logout(on_done: Callback<()>) {
    spawn_local(async move {
        let _ = api::logout().await;
        on_done.run(());
    });
}

/// Keeps the shown chat in the URL fragment, so a reload comes back to it. `replace` adds no history entry and,
/// for a fragment, does not reload.
fn remember(id: &str) {
    let _ = window().location().replace(&format!("#{id}"));
}

/// The chat remembered by [`remember`] before a reload.
fn remembered() -> Option<String> {
    let hash = window().location().hash().ok()?;
    let id = hash.trim_start_matches('#');
    (!id.is_empty()).then(|| id.to_owned())
}

/// The agent typed in the reply box: tell the citizen, at most every 2 s.
pub(crate) fn typing(ws: Workspace, id: &str, pace: StoredValue<Throttle>) {
    let due = pace
        .try_update_value(|t| t.ready(now_ms(), notices::TYPING_EVERY_MS))
        .unwrap_or(false);
    if due {
        ws.send(&ClientFrame::Typing {
            conversation: id.to_owned(),
        });
    }
}

/// 转业务客服 or 转派12345. On success the chat's new state (handed on, or ended) replaces the old one and
/// `done` runs; on failure the server's Chinese message goes to `error`.
pub(crate) fn transfer(
    ws: Workspace,
    id: String,
    request: TransferRequest,
    busy: RwSignal<bool>,
    error: RwSignal<Option<String>>,
    done: impl FnOnce() + 'static,
) {
    busy.set(true);
    spawn_local(async move {
        match api::transfer(&id, &request).await {
            Ok(chat) => {
                ws.conversation_changed(chat);
                done();
            }
            Err(e) => error.set(Some(e.message())),
        }
        busy.try_set(false);
    });
}
