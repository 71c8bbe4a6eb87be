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

/// Whether the agent serves the queue this waiting chat is in: agents of the general 窗口 (no department)
/// serve every queue; department agents serve their department's queue and the general one.
pub fn may_take(agent: &AgentRecord, conv: &ConversationView) -> bool {
    agent.role.answers_chats()
        && match (&agent.department, &conv.department) {
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
