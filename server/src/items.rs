//! The registry of service items (事项) and their responsible departments.
//!
//! A page's `data-item` routes its chats to the item's department; no item or an unknown one goes to the
//! general 窗口 queue. The registry lives in the database, seeded from a data file (the 35 items of seed 001
//! 附件1 by default) at first start, and an administrator edits it from the console.

use std::collections::HashMap;
use std::sync::RwLock;

use anyhow::Context;
use bangban_core::protocol::ServiceItem;
use serde::Deserialize;

/// The built-in registry: the 35 items of seed 001 附件1.
pub const DEFAULT_ITEMS: &str = include_str!("../../data/items.json");

/// Longest accepted item or department name, in characters.
pub const MAX_ITEM_CHARS: usize = 100;

#[derive(Deserialize)]
struct ItemsFile {
    items: Vec<ServiceItem>,
}

/// Parses the `{"items":[{"item":..,"department":..}]}` file.
pub fn parse(json: &str) -> anyhow::Result<Vec<ServiceItem>> {
    let file: ItemsFile = serde_json::from_str(json).context("items file is not valid")?;
    Ok(file.items)
}

/// Checks a registry an administrator submits; the reason is Chinese.
pub fn validate(items: &[ServiceItem]) -> Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    for (i, row) in items.iter().enumerate() {
        let (item, dept) = (row.item.trim(), row.department.trim());
        if item.is_empty() || dept.is_empty() {
            return Err(format!("第 {} 项：事项和部门都不能为空", i + 1));
        }
        if item.chars().count() > MAX_ITEM_CHARS || dept.chars().count() > MAX_ITEM_CHARS {
            return Err(format!(
                "第 {} 项：名称过长（最多 {MAX_ITEM_CHARS} 字）",
                i + 1
            ));
        }
        if !seen.insert(item) {
            return Err(format!("第 {} 项：事项「{item}」重复", i + 1));
        }
    }
    Ok(())
}

/// Item name → department, shared by every request; replaced whole when the administrator saves.
#[derive(Debug, Default)]
pub struct Registry {
    departments: RwLock<HashMap<String, String>>,
}

impl Registry {
    /// A registry of these items.
    pub fn new(items: &[ServiceItem]) -> Registry {
        let registry = Registry::default();
        registry.replace(items);
        registry
    }

    /// Replaces every item.
    pub fn replace(&self, items: &[ServiceItem]) {
        let map = items
            .iter()
            .map(|r| (r.item.trim().to_owned(), r.department.trim().to_owned()))
            .collect();
        *self.departments.write().unwrap_or_else(|p| p.into_inner()) = map;
    }

    /// The department that owns `item`, if the item is known.
    pub fn department_of(&self, item: &str) -> Option<String> {
        let map = self.departments.read().unwrap_or_else(|p| p.into_inner());
        map.get(item).cloned()
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.departments
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .len()
    }

    /// Whether the registry is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(item: &str, department: &str) -> ServiceItem {
        ServiceItem {
            item: item.into(),
            department: department.into(),
        }
    }

    #[test]
    fn the_default_registry_has_the_35_items() {
        let registry = Registry::new(&parse(DEFAULT_ITEMS).unwrap());
        assert_eq!(registry.len(), 35);
        assert_eq!(
            registry.department_of("居住证签注").as_deref(),
            Some("市公安局")
        );
        assert_eq!(
            registry.department_of("发票领用").as_deref(),
            Some("市税务局")
        );
        assert_eq!(registry.department_of("不存在的事项"), None);
    }

    #[test]
    fn submitted_registries_are_checked() {
        assert!(validate(&[row("居住证签注", "市公安局")]).is_ok());
        let dup = validate(&[row("a", "b"), row("a", "c")]).unwrap_err();
        assert!(dup.contains("重复"), "{dup}");
        assert!(validate(&[row(" ", "b")]).is_err());
        assert!(validate(&[row(&"长".repeat(101), "b")]).is_err());
    }
}
