//! Storage for administration: the agent list and the service-item registry.

use async_trait::async_trait;
use bangban_core::protocol::ServiceItem;

use super::{AgentRecord, StoreResult};

/// Administration storage operations.
#[async_trait]
pub trait AdminStore {
    /// Every agent account with its number of open chats, by 工号.
    async fn list_agents(&self) -> StoreResult<Vec<(AgentRecord, u32)>>;
    /// The service-item registry, by name.
    async fn items(&self) -> StoreResult<Vec<ServiceItem>>;
    /// Replaces the whole registry in one transaction.
    async fn replace_items(&self, items: &[ServiceItem]) -> StoreResult<()>;
}
