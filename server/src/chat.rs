//! What happens in a human chat: 转人工, 接入, messages, 结束会话, rating. The HTTP handlers and the
//! WebSocket session both call these, so both paths check and do exactly the same.

use bangban_core::protocol::{
    BotTurn, ChatMessage, ConversationStatus, ConversationView, HandoffRequest, MAX_BOT_TURNS,
    QueueEntry, SendAck, SenderKind, ServerFrame,
};
use bangban_core::text::{validate_client_id, validate_message};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::items::MAX_ITEM_CHARS;
use crate::policy;
use crate::service;
use crate::state::AppState;
use crate::store::{
    AcceptError, AgentRecord, ConversationRecord, NewAttachment, NewConversation, NewMessage,
};

/// The conversation if `caller` may see it; "not found" otherwise.
pub async fn visible(
    state: &AppState,
    caller: &Caller,
    id: &str,
) -> Result<ConversationRecord, ApiError> {
    match state.store.conversation(id).await? {
        Some(conv) if policy::can_see(caller, &conv) => Ok(conv),
        Some(conv) if serves_citizen(state, caller, &conv).await? => Ok(conv),
        _ => Err(ApiError::NotFound),
    }
}

/// An agent serving a citizen now may read that citizen's earlier chats (read-only: writing needs the chat to
/// be assigned to them), to see what was already said and promised.
async fn serves_citizen(
    state: &AppState,
    caller: &Caller,
    conv: &ConversationRecord,
) -> Result<bool, ApiError> {
    match caller {
        Caller::Agent(agent) if conv.view.status == ConversationStatus::Closed => Ok(state
            .store
            .agent_serves_visitor(agent.id, conv.visitor_id)
            .await?),
        _ => Ok(false),
    }
}

/// 转人工: queues a chat for the citizen, carrying over what 小申 said. Asking again while a chat is
/// open returns that chat.
pub async fn handoff(
    state: &AppState,
    visitor_id: i64,
    req: HandoffRequest,
) -> Result<ConversationView, ApiError> {
    let item = check_handoff(&req)?;
    if let Some(open) = state.store.current_conversation(visitor_id).await?
        && open.view.status != ConversationStatus::Closed
    {
        return Ok(open.view);
    }
    let department = service::department_of(state, item.as_deref());
    if !service::is_open(state, department.as_deref()) {
        return Err(service::closed_error(state, department.as_deref()));
    }
    let first_question = req
        .bot_transcript
        .iter()
        .rev()
        .find(|t| t.sender == SenderKind::Citizen)
        .map(|t| t.text.clone())
        .unwrap_or_default();
    let new = NewConversation {
        id: uuid::Uuid::new_v4().simple().to_string(),
        visitor_id,
        item,
        department,
        first_question,
        bot_turns: req.bot_transcript,
        now_ms: state.clock.now_ms(),
    };
    let conv = state.store.create_conversation(&new).await?;
    tracing::info!(conversation = %conv.view.id, department = ?conv.view.department, "handoff");
    broadcast_queue(state).await?;
    auto_assign(state).await?;
    Ok(conv.view)
}

/// Validates a handoff; returns the trimmed item (empty means none).
fn check_handoff(req: &HandoffRequest) -> Result<Option<String>, ApiError> {
    if req.bot_transcript.len() > MAX_BOT_TURNS {
        return Err(ApiError::invalid("too_many_turns", "对话记录过长"));
    }
    for BotTurn { sender, text } in &req.bot_transcript {
        if !matches!(sender, SenderKind::Citizen | SenderKind::Bot) {
            return Err(ApiError::invalid("bad_turn", "对话记录格式错误"));
        }
        validate_message(text)?;
    }
    let item = req.item.as_deref().map(str::trim).filter(|i| !i.is_empty());
    if item.is_some_and(|i| i.chars().count() > MAX_ITEM_CHARS) {
        return Err(ApiError::invalid("bad_item", "事项名称过长"));
    }
    Ok(item.map(str::to_owned))
}

/// Stores a message and tells every participant; resending a `client_id` is acknowledged again.
pub async fn send(
    state: &AppState,
    caller: &Caller,
    conversation: &str,
    client_id: &str,
    text: &str,
) -> Result<SendAck, ApiError> {
    validate_client_id(client_id)?;
    validate_message(text)?;
    let conv = visible(state, caller, conversation).await?;
    let (message, _) = deliver(state, caller, &conv, client_id, text, None).await?;
    Ok(SendAck {
        conversation: conversation.to_owned(),
        client_id: client_id.to_owned(),
        seq: message.seq,
    })
}

/// Stores a checked message (text, or an attachment already in the blob store with its summary as text)
/// in a conversation the caller may see, and tells every participant. A `client_id` stored before gets
/// that message back (`false`: nothing new was stored), also once the chat is closed.
pub async fn deliver(
    state: &AppState,
    caller: &Caller,
    conv: &ConversationRecord,
    client_id: &str,
    text: &str,
    attachment: Option<NewAttachment>,
) -> Result<(ChatMessage, bool), ApiError> {
    if conv.view.status == ConversationStatus::Closed {
        return match state
            .store
            .message_by_client_id(&conv.view.id, client_id)
            .await?
        {
            Some(stored) => Ok((stored, false)),
            None => Err(ApiError::conflict("conversation_closed", "会话已结束")),
        };
    }
    let (sender, author) = policy::sender_of(caller, conv)?;
    let (message, inserted) = state
        .store
        .append_message(&NewMessage {
            conversation: conv.view.id.clone(),
            client_id: client_id.to_owned(),
            sender,
            author,
            text: text.to_owned(),
            attachment,
            now_ms: state.clock.now_ms(),
        })
        .await?;
    if inserted {
        state.hub.to_conversation(
            conv,
            &ServerFrame::Message {
                message: message.clone(),
            },
        );
    }
    Ok((message, inserted))
}

/// 接入: the agent takes a waiting chat.
pub async fn accept(
    state: &AppState,
    agent: &AgentRecord,
    id: &str,
) -> Result<ConversationView, ApiError> {
    let caller = Caller::Agent(agent.clone());
    let conv = visible(state, &caller, id).await?;
    if !policy::may_take(agent, &conv.view) {
        return Err(ApiError::Forbidden);
    }
    if !agent.on_duty {
        return Err(ApiError::conflict("not_on_duty", "请先签入"));
    }
    if state.store.open_count(agent.id).await? >= agent.max_chats {
        return Err(ApiError::conflict(
            "at_capacity",
            &format!("已达到同时接待上限（{} 个会话）", agent.max_chats),
        ));
    }
    let now = state.clock.now_ms();
    let conv = match state.store.accept(id, agent.id, now).await? {
        Ok(conv) => conv,
        Err(AcceptError::NotFound) => return Err(ApiError::NotFound),
        Err(AcceptError::AlreadyTaken) => {
            return Err(ApiError::conflict(
                "already_taken",
                "该会话已被其他客服接入",
            ));
        }
    };
    let text = format!("客服 {} 已接入，很高兴为您服务", agent.display_name);
    system_message(state, &conv, "accept", &text).await?;
    changed(state, &conv);
    broadcast_queue(state).await?;
    Ok(conv.view)
}

/// With `--auto-assign`: gives waiting chats, oldest first, to the least-loaded signed-in agent who may take
/// them and has room. Without it, agents take chats with 接入.
pub async fn auto_assign(state: &AppState) -> Result<(), ApiError> {
    if !state.auto_assign {
        return Ok(());
    }
    let waiting = state.store.waiting().await?;
    if waiting.is_empty() {
        return Ok(());
    }
    let agents = state.store.on_duty_agents().await?;
    let mut load = std::collections::HashMap::new();
    for agent in &agents {
        load.insert(agent.id, state.store.open_count(agent.id).await?);
    }
    for conv in waiting {
        let best = agents
            .iter()
            .filter(|a| policy::may_take(a, &conv.view) && load[&a.id] < a.max_chats)
            .min_by_key(|a| (load[&a.id], a.id));
        if let Some(agent) = best
            && accept(state, agent, &conv.view.id).await.is_ok()
        {
            *load.entry(agent.id).or_default() += 1;
        }
    }
    Ok(())
}

/// 结束会话, by the citizen, the assigned agent or a supervisor. Ending an ended chat changes nothing.
pub async fn close(
    state: &AppState,
    caller: &Caller,
    id: &str,
) -> Result<ConversationView, ApiError> {
    let conv = visible(state, caller, id).await?;
    if !policy::takes_part(caller, &conv) {
        return Err(ApiError::Forbidden);
    }
    if conv.view.status == ConversationStatus::Closed {
        return Ok(conv.view);
    }
    let text = match caller {
        Caller::Visitor(_) => "您已结束会话",
        Caller::Agent(_) => "客服已结束会话",
    };
    system_message(state, &conv, "close", text).await?;
    let closed = state
        .store
        .close(id, state.clock.now_ms())
        .await?
        .ok_or(ApiError::NotFound)?;
    changed(state, &closed);
    if conv.view.status == ConversationStatus::Waiting {
        broadcast_queue(state).await?;
    }
    auto_assign(state).await?;
    Ok(closed.view)
}

/// The waiting chats this agent may take, oldest first.
pub async fn queue_for(state: &AppState, agent: &AgentRecord) -> Result<Vec<QueueEntry>, ApiError> {
    let waiting = state.store.waiting().await?;
    Ok(visible_queue(agent, &waiting))
}

/// The waiting chats an agent may take, or, for supervisors, every waiting chat (to watch, not to take).
fn visible_queue(agent: &AgentRecord, waiting: &[ConversationRecord]) -> Vec<QueueEntry> {
    waiting
        .iter()
        .filter(|c| policy::oversees(agent) || policy::may_take(agent, &c.view))
        .map(|c| QueueEntry {
            conversation: c.view.id.clone(),
            item: c.view.item.clone(),
            department: c.view.department.clone(),
            first_question: c.view.first_question.clone(),
            waiting_since_ms: c
                .view
                .transfer
                .as_ref()
                .map_or(c.view.created_ms, |t| t.at_ms),
            escalated: c.view.escalated,
            transfer: c.view.transfer.clone(),
        })
        .collect()
}

/// Sends every connected agent the queue as they may see it, and every waiting citizen their place.
pub async fn broadcast_queue(state: &AppState) -> Result<(), ApiError> {
    let waiting = state.store.waiting().await?;
    state.hub.to_agents(|agent| {
        Some(ServerFrame::Queue {
            waiting: visible_queue(agent, &waiting),
        })
    });
    let frames = positions(&waiting)
        .into_iter()
        .map(|(conv, ahead)| {
            let frame = ServerFrame::QueuePosition {
                conversation: conv.view.id.clone(),
                ahead,
            };
            (conv.visitor_id, frame)
        })
        .collect();
    state.hub.to_visitors(&frames);
    Ok(())
}

/// The place of the citizen's waiting chat, if they have one.
pub async fn position_of(
    state: &AppState,
    visitor_id: i64,
) -> Result<Option<ServerFrame>, ApiError> {
    let waiting = state.store.waiting().await?;
    Ok(positions(&waiting)
        .into_iter()
        .find(|(conv, _)| conv.visitor_id == visitor_id)
        .map(|(conv, ahead)| ServerFrame::QueuePosition {
            conversation: conv.view.id.clone(),
            ahead,
        }))
}

/// Each waiting chat with the number of chats before it in the same department queue (oldest first).
fn positions(waiting: &[ConversationRecord]) -> Vec<(&ConversationRecord, u32)> {
    let mut per_queue: std::collections::HashMap<Option<&str>, u32> = Default::default();
    waiting
        .iter()
        .map(|conv| {
            let count = per_queue
                .entry(conv.view.department.as_deref())
                .or_default();
            let ahead = *count;
            *count += 1;
            (conv, ahead)
        })
        .collect()
}

/// Stores a platform message in the chat and tells its participants.
/// `kind` names the event in the message's client id (`sys-accept-…`); every event is a new message.
pub(crate) async fn system_message(
    state: &AppState,
    conv: &ConversationRecord,
    kind: &str,
    text: &str,
) -> Result<(), ApiError> {
    let (message, inserted) = state
        .store
        .append_message(&NewMessage {
            conversation: conv.view.id.clone(),
            client_id: format!("sys-{kind}-{}", uuid::Uuid::new_v4().simple()),
            sender: SenderKind::System,
            author: None,
            text: text.to_owned(),
            attachment: None,
            now_ms: state.clock.now_ms(),
        })
        .await?;
    if inserted {
        state
            .hub
            .to_conversation(conv, &ServerFrame::Message { message });
    }
    Ok(())
}

/// Tells the participants that the conversation changed.
pub(crate) fn changed(state: &AppState, conv: &ConversationRecord) {
    let frame = ServerFrame::Conversation {
        conversation: conv.view.clone(),
    };
    state.hub.to_conversation(conv, &frame);
}
