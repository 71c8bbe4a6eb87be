//! The registry of service items (事项) and their responsible departments, from a data file.
//!
//! A page's `data-item` routes its chats to the item's department; no item or an unknown one goes to the
//! general 窗口 queue.

use std::collections::HashMap;

use anyhow::Context;
use serde::Deserialize;

/// The built-in registry: the 35 items of seed 001 附件1.
pub const DEFAULT_ITEMS: &str = include_str!("../../data/items.json");

/// Longest accepted item name, in characters.
pub const MAX_ITEM_CHARS: usize = 100;

/// Item name → department.
#[derive(Debug, Default)]
pub struct Items {
    departments: HashMap<String, String>,
}

#[derive(Deserialize)]
struct ItemsFile {
    items: Vec<ItemRow>,
}

#[derive(Deserialize)]
struct ItemRow {
    item: String,
    department: String,
}

impl Items {
    /// Parses the `{"items":[{"item":..,"department":..}]}` file.
    pub fn parse(json: &str) -> anyhow::Result<Items> {
        let file: ItemsFile = serde_json::from_str(json).context("items file is not valid")?;
        let departments = file
            .items
            .into_iter()
            .map(|row| (row.item, row.department))
            .collect();
        Ok(Items { departments })
    }

    /// The department that owns `item`, if the item is known.
    pub fn department_of(&self, item: &str) -> Option<&str> {
        self.departments.get(item).map(String::as_str)
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.departments.len()
    }

    /// Whether the registry is empty.
    pub fn is_empty(&self) -> bool {
        self.departments.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_registry_has_the_35_items() {
        let items = Items::parse(DEFAULT_ITEMS).unwrap();
        assert_eq!(items.len(), 35);
        assert_eq!(items.department_of("居住证签注"), Some("市公安局"));
        assert_eq!(items.department_of("发票领用"), Some("市税务局"));
        assert_eq!(items.department_of("不存在的事项"), None);
    }
}
