//! The WebSocket endpoint. The session itself works on any `Sink`/`Stream` of messages, so it does not know
//! it is a WebSocket; the handler only authenticates and upgrades.

use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::response::Response;
use axum_extra::extract::CookieJar;
use bangban_core::protocol::{ClientFrame, ErrorBody, ServerFrame};
use futures::{Sink, SinkExt, Stream, StreamExt};
use serde::Deserialize;

use crate::auth::{self, Caller, SESSION_COOKIE};
use crate::chat;
use crate::error::ApiError;
use crate::state::AppState;

/// Largest frame a client may send, in bytes: a 2,000-character message with room to spare.
pub const MAX_CLIENT_FRAME: usize = 16 * 1024;
/// Most messages one `sync` returns; the client syncs again from the last one for more.
pub const SYNC_PAGE: u32 = 500;
/// Close code for "you fell behind: reconnect and sync".
pub const CLOSE_TRY_AGAIN: u16 = 1013;
/// Close code for "the server is going away".
pub const CLOSE_GOING_AWAY: u16 = 1001;

/// `?visitor=<token>` for citizens; agents use their cookie.
#[derive(Debug, Deserialize)]
pub struct WsQuery {
    visitor: Option<String>,
}

/// `GET /api/ws`: authenticates, then upgrades.
pub async fn upgrade(
    State(state): State<AppState>,
    Query(query): Query<WsQuery>,
    jar: CookieJar,
    ws: WebSocketUpgrade,
) -> Result<Response, ApiError> {
    let caller = match (&query.visitor, jar.get(SESSION_COOKIE)) {
        (Some(token), _) => auth::visitor_by_token(&state, token)
            .await?
            .map(Caller::Visitor),
        (None, Some(cookie)) => auth::agent_by_token(&state, cookie.value())
            .await?
            .map(Caller::Agent),
        (None, None) => None,
    }
    .ok_or(ApiError::Unauthenticated)?;
    Ok(ws
        .read_buffer_size(8 * 1024)
        .write_buffer_size(8 * 1024)
        .max_message_size(MAX_CLIENT_FRAME)
        .max_frame_size(MAX_CLIENT_FRAME)
        .on_upgrade(move |socket: WebSocket| {
            let (sink, stream) = socket.split();
            session(state, caller, sink, stream)
        }))
}

/// Runs one connection until either side closes, the client stalls, or the server shuts down.
pub async fn session<S, R, E>(state: AppState, caller: Caller, mut sink: S, mut stream: R)
where
    S: Sink<Message> + Unpin,
    R: Stream<Item = Result<Message, E>> + Unpin,
{
    let mut reg = state.hub.register(caller.clone());
    let mut shutdown = state.shutdown.clone();
    if let Some(first) = greeting(&state, &caller).await
        && send(&mut sink, &first).await.is_err()
    {
        state.hub.unregister(reg.id);
        return;
    }
    loop {
        tokio::select! {
            frame = reg.rx.recv() => match frame {
                Some(text) => {
                    if sink.send(Message::Text(text)).await.is_err() {
                        break;
                    }
                }
                None => break,
            },
            () = reg.kick.notified() => {
                close(&mut sink, CLOSE_TRY_AGAIN, "resync").await;
                break;
            }
            changed = shutdown.changed() => {
                if changed.is_err() || *shutdown.borrow() {
                    close(&mut sink, CLOSE_GOING_AWAY, "server restarting").await;
                    break;
                }
            }
            incoming = stream.next() => match incoming {
                Some(Ok(Message::Text(text))) => {
                    let reply = handle(&state, &caller, text.as_str()).await;
                    if let Some(reply) = reply
                        && send(&mut sink, &reply).await.is_err()
                    {
                        break;
                    }
                }
                Some(Ok(Message::Binary(_))) => {
                    let reply = error_frame("malformed_frame", "消息格式错误", None);
                    if send(&mut sink, &reply).await.is_err() {
                        break;
                    }
                }
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                Some(Ok(_)) => {}
            },
        }
    }
    state.hub.unregister(reg.id);
}

/// What a new connection needs at once: an agent the queue, a waiting citizen their place in it.
async fn greeting(state: &AppState, caller: &Caller) -> Option<ServerFrame> {
    match caller {
        Caller::Agent(agent) => chat::queue_for(state, agent)
            .await
            .ok()
            .map(|waiting| ServerFrame::Queue { waiting }),
        Caller::Visitor(visitor) => chat::position_of(state, *visitor).await.ok().flatten(),
    }
}

/// Answers one text frame. Every failure is an `error` frame; the connection stays open. Typing and read
/// notices have no answer.
async fn handle(state: &AppState, caller: &Caller, text: &str) -> Option<ServerFrame> {
    let frame = match serde_json::from_str::<ClientFrame>(text) {
        Ok(frame) => frame,
        Err(_) => return Some(error_frame("malformed_frame", "消息格式错误", None)),
    };
    let reply = match frame {
        ClientFrame::Ping => ServerFrame::Pong,
        ClientFrame::Typing { conversation } => {
            return notice(state, caller, &conversation, None).await.err();
        }
        ClientFrame::Read { conversation, seq } => {
            return notice(state, caller, &conversation, Some(seq)).await.err();
        }
        ClientFrame::Send {
            conversation,
            client_id,
            text,
        } => match chat::send(state, caller, &conversation, &client_id, &text).await {
            Ok(ack) => ServerFrame::Ack(ack),
            Err(err) => ServerFrame::Error {
                error: err.parts().1,
                client_id: Some(client_id),
            },
        },
        ClientFrame::Sync {
            conversation,
            after,
        } => match sync(state, caller, &conversation, after).await {
            Ok(frame) => frame,
            Err(err) => ServerFrame::Error {
                error: err.parts().1,
                client_id: None,
            },
        },
    };
    Some(reply)
}

/// Passes "typing" (`read` is `None`) or "read up to" on to the other side; the error frame if refused.
async fn notice(
    state: &AppState,
    caller: &Caller,
    conversation: &str,
    read: Option<u64>,
) -> Result<(), ServerFrame> {
    let refused = |err: ApiError| ServerFrame::Error {
        error: err.parts().1,
        client_id: None,
    };
    let conv = chat::visible(state, caller, conversation)
        .await
        .map_err(refused)?;
    let (who, _) = crate::policy::sender_of(caller, &conv).map_err(refused)?;
    let frame = match read {
        None => ServerFrame::Typing {
            conversation: conversation.to_owned(),
            who,
        },
        Some(seq) => {
            state
                .store
                .set_read(conversation, who, seq)
                .await
                .map_err(|e| refused(e.into()))?;
            ServerFrame::Read {
                conversation: conversation.to_owned(),
                reader: who,
                seq: seq.min(conv.view.last_seq),
            }
        }
    };
    state.hub.to_conversation(&conv, &frame);
    Ok(())
}

async fn sync(
    state: &AppState,
    caller: &Caller,
    conversation: &str,
    after: u64,
) -> Result<ServerFrame, ApiError> {
    chat::visible(state, caller, conversation).await?;
    let messages = state
        .store
        .messages_after(conversation, after, SYNC_PAGE)
        .await?;
    Ok(ServerFrame::Messages {
        conversation: conversation.to_owned(),
        messages,
    })
}

fn error_frame(code: &str, message: &str, client_id: Option<String>) -> ServerFrame {
    ServerFrame::Error {
        error: ErrorBody {
            code: code.to_owned(),
            message: message.to_owned(),
        },
        client_id,
    }
}

async fn send<S: Sink<Message> + Unpin>(sink: &mut S, frame: &ServerFrame) -> Result<(), ()> {
    let json = serde_json::to_string(frame).map_err(|_| ())?;
    sink.send(Message::Text(json.into())).await.map_err(|_| ())
}

async fn close<S: Sink<Message> + Unpin>(sink: &mut S, code: u16, reason: &'static str) {
    let frame = CloseFrame {
        code,
        reason: reason.into(),
    };
    let _ = sink.send(Message::Close(Some(frame))).await;
}
