//! Who may see, take and write in a conversation. Every API and socket path asks here.

use bangban_core::protocol::{ConversationStatus, ConversationView, Role, SenderKind};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::store::{AgentRecord, ConversationRecord};

/// Whether `caller` may see the conversation at all. Anything else is answered as "not found".
pub fn can_see(caller: &Caller, conv: &ConversationRecord) -> bool {
    match caller {
        Caller::Visitor(v) => *v == conv.visitor_id,
        Caller::Agent(a) => {
            oversees(a)
                || conv.agent_id == Some(a.id)
                || (conv.view.status == ConversationStatus::Waiting && may_take(a, &conv.view))
        }
    }
}

/// Supervisors and administrators see every chat (but take none).
pub fn oversees(agent: &AgentRecord) -> bool {
    matches!(agent.role, Role::Supervisor | Role::Admin)
}

/// Whether the agent may take this waiting chat. A chat handed on with 转业务客服 waits for a 业务客服 of its
/// department. Otherwise the agent must serve its queue ([`serves_queue`]); once a chat has waited 60 s
/// unanswered it is offered to every 窗口客服 as well.
pub fn may_take(agent: &AgentRecord, conv: &ConversationView) -> bool {
    if !agent.role.answers_chats() {
        return false;
    }
    if conv.transfer.is_some() {
        return agent.role == Role::Business
            && agent.department.is_some()
            && agent.department == conv.department;
    }
    serves_queue(agent, conv.department.as_deref())
        || (conv.escalated && agent.role == Role::Window)
}

/// Whether the agent serves a department's queue: agents of the general 窗口 (no department) serve every
/// queue; department agents serve their department's queue and the general one.
pub fn serves_queue(agent: &AgentRecord, department: Option<&str>) -> bool {
    agent.role.answers_chats()
        && match (agent.department.as_deref(), department) {
            (None, _) | (_, None) => true,
            (Some(mine), Some(queue)) => mine == queue,
        }
}

/// The sender kind and author name for a message `caller` writes, if they may write now.
pub fn sender_of(
    caller: &Caller,
    conv: &ConversationRecord,
) -> Result<(SenderKind, Option<String>), ApiError> {
    match caller {
        Caller::Visitor(_) => Ok((SenderKind::Citizen, None)),
        Caller::Agent(a) if conv.agent_id == Some(a.id) => {
            Ok((SenderKind::Agent, Some(a.display_name.clone())))
        }
        Caller::Agent(_) => Err(ApiError::conflict("not_assigned", "请先接入该会话")),
    }
}

/// Whether `caller` takes part in the conversation (may end it).
pub fn takes_part(caller: &Caller, conv: &ConversationRecord) -> bool {
    match caller {
        Caller::Visitor(v) => *v == conv.visitor_id,
        Caller::Agent(a) => conv.agent_id == Some(a.id) || oversees(a),
    }
}
