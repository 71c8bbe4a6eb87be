//! 知识库 (knowledge-base maintainers, administrators): 知识条目 (search, add, edit, retire), 未解决问题 (groups
//! of questions 小申 could not answer, with their 5-working-day deadline, turned into entries) and 待审草稿
//! (agents' replies to approve or send back). Every change says the published version it produced.

use bangban_core::protocol::ServiceItem;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::api_admin;
use crate::kb_admin_drafts::DraftsTab;
use crate::kb_admin_entries::EntriesTab;
use crate::kb_admin_form::EntryForm;
use crate::kb_admin_model::{FormText, version_label};
use crate::kb_admin_unanswered::UnansweredTab;

/// The three parts of the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tab {
    /// 知识条目.
    Entries,
    /// 未解决问题.
    Unanswered,
    /// 待审草稿.
    Drafts,
}

impl Tab {
    const ALL: [Tab; 3] = [Tab::Entries, Tab::Unanswered, Tab::Drafts];

    fn label(self) -> &'static str {
        match self {
            Tab::Entries => "知识条目",
            Tab::Unanswered => "未解决问题",
            Tab::Drafts => "待审草稿",
        }
    }
}

/// What saving the entry form does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Purpose {
    /// 新增条目.
    New,
    /// 编辑 this entry.
    Edit(String),
    /// 转为知识: publish and resolve these unanswered questions.
    Resolve(Vec<i64>),
    /// 修改后通过: publish this draft as edited.
    Approve(String),
}

/// An open entry form: what it is for and what it starts with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FormOpen {
    /// What 保存 does.
    pub(crate) purpose: Purpose,
    /// The texts it starts with.
    pub(crate) text: FormText,
}

/// What the page's parts share, given by context.
#[derive(Clone, Copy)]
pub(crate) struct Kb {
    /// The published version, once an answer said it.
    pub(crate) version: RwSignal<Option<u64>>,
    /// The part shown.
    pub(crate) tab: RwSignal<Tab>,
    /// The entry form, when open.
    pub(crate) form: RwSignal<Option<FormOpen>>,
    /// The item registry, for the 事项 choices and their departments.
    pub(crate) items: RwSignal<Vec<ServiceItem>>,
    /// What the last change did ("已保存…"), or why it failed.
    pub(crate) notice: RwSignal<Option<(bool, String)>>,
    /// Bumped after every change, so the lists load again.
    pub(crate) changes: RwSignal<u32>,
    /// The id of the control to focus once the list is drawn again (after a change re-creates its row).
    refocus: StoredValue<Option<String>>,
}

/// The id of 新增条目, where the focus goes when nothing better is on the page.
pub(crate) const ADD_ID: &str = "kb-add";

/// The id of a row's 编辑 button.
pub(crate) fn edit_id(entry: &str) -> String {
    format!("kb-edit-{entry}")
}

/// The id of a group's 转为知识 button.
pub(crate) fn turn_id(first: i64) -> String {
    format!("kb-turn-{first}")
}

/// The id of a draft's 修改后通过 button.
pub(crate) fn revise_id(draft: &str) -> String {
    format!("kb-revise-{draft}")
}

/// The id of a tab's button in the page's nav.
fn tab_id(tab: Tab) -> &'static str {
    match tab {
        Tab::Entries => "kb-tab-entries",
        Tab::Unanswered => "kb-tab-unanswered",
        Tab::Drafts => "kb-tab-drafts",
    }
}

/// Where the focus goes when the entry form closes, and whether that control is drawn again by the list's
/// reload (so the focus must wait for it): the control that opened the form, or, when saving took that row's
/// control away (a resolved group, an approved draft), the part's tab.
fn return_to(purpose: &Purpose, saved: bool) -> (String, bool) {
    match (purpose, saved) {
        (Purpose::New, _) => (ADD_ID.to_owned(), false),
        (Purpose::Edit(id), saved) => (edit_id(id), saved),
        (Purpose::Resolve(ids), false) => {
            (turn_id(ids.first().copied().unwrap_or_default()), false)
        }
        (Purpose::Approve(draft), false) => (revise_id(draft), false),
        (Purpose::Resolve(_), true) => (tab_id(Tab::Unanswered).to_owned(), false),
        (Purpose::Approve(_), true) => (tab_id(Tab::Drafts).to_owned(), false),
    }
}

impl Kb {
    /// The page's shared state; components below `KbAdminPage` always have one.
    pub(crate) fn get() -> Self {
        expect_context()
    }

    /// Opens the entry form (replacing any open one).
    pub(crate) fn open_form(self, purpose: Purpose, text: FormText) {
        self.notice.set(None);
        self.form.set(Some(FormOpen { purpose, text }));
    }

    /// Closes the entry form after 保存 (`saved`) or 取消, and moves the focus back to a control of the page
    /// ([`return_to`]), so keyboard users are not left on the page body.
    pub(crate) fn close_form(self, saved: bool) {
        let Some(Some(open)) = self.form.try_update(Option::take) else {
            return;
        };
        let (target, after_reload) = return_to(&open.purpose, saved);
        if after_reload {
            self.focus_after_reload(target);
        } else {
            request_animation_frame(move || {
                focus_if_lost(&target);
            });
        }
    }

    /// Focuses the control `id` once the list has been drawn again after the next change.
    pub(crate) fn focus_after_reload(self, id: String) {
        self.refocus.set_value(Some(id));
    }

    /// Called by a list after it has been drawn: focuses the control [`Kb::focus_after_reload`] asked for, or
    /// 新增条目 when that row is not shown. Only when the focus was lost (a click elsewhere meanwhile wins).
    pub(crate) fn settle_focus(self) {
        let Some(Some(id)) = self.refocus.try_update_value(Option::take) else {
            return;
        };
        request_animation_frame(move || {
            if !focus_if_lost(&id) {
                focus_if_lost(ADD_ID);
            }
        });
    }

    /// After a change: the new version, what happened, and fresh lists. Safe after the page is gone.
    pub(crate) fn changed(self, version: Option<u64>, what: String) {
        if let Some(v) = version {
            self.version.try_set(Some(v));
        }
        self.notice.try_set(Some((true, what)));
        self.changes.try_update(|n| *n += 1);
    }

    /// A failed action outside the form.
    pub(crate) fn failed(self, message: String) {
        self.notice.try_set(Some((false, message)));
    }

    /// The department that owns `item` in the registry.
    pub(crate) fn department_of(self, item: &str) -> Option<String> {
        self.items.with_untracked(|all| {
            all.iter()
                .find(|i| i.item == item)
                .map(|i| i.department.clone())
        })
    }
}

/// The 知识库 page.
#[component]
pub(crate) fn KbAdminPage() -> impl IntoView {
    let kb = Kb {
        version: RwSignal::new(None),
        tab: RwSignal::new(Tab::Entries),
        form: RwSignal::new(None),
        items: RwSignal::new(Vec::new()),
        notice: RwSignal::new(None),
        changes: RwSignal::new(0),
        refocus: StoredValue::new(None),
    };
    provide_context(kb);
    spawn_local(async move {
        if let Ok(items) = api_admin::items().await {
            kb.items.try_set(items);
        }
    });
    view! {
        <section class="page kb-admin" aria-labelledby="kb-admin-heading">
            <div class="page-head">
                <h2 id="kb-admin-heading">"知识库"</h2>
                <p class="kb-version" role="status">{move || kb.version.get().map(version_label)}</p>
            </div>
            <TabNav/>
            <Notice/>
            {move || kb.form.get().map(|open| view! { <EntryForm open/> })}
            {move || match kb.tab.get() {
                Tab::Entries => view! { <EntriesTab/> }.into_any(),
                Tab::Unanswered => view! { <UnansweredTab/> }.into_any(),
                Tab::Drafts => view! { <DraftsTab/> }.into_any(),
            }}
        </section>
    }
}

/// 知识条目, 未解决问题, 待审草稿; the current one is marked with `aria-current`.
#[component]
fn TabNav() -> impl IntoView {
    let kb = Kb::get();
    let open = move |tab: Tab| {
        kb.form.set(None);
        kb.notice.set(None);
        kb.tab.set(tab);
    };
    let link = move |tab: Tab| {
        let current = move || (kb.tab.get() == tab).then_some("page");
        view! {
            <button type="button" class="nav" id=tab_id(tab) aria-current=current on:click=move |_| open(tab)>
                {tab.label()}
            </button>
        }
    };
    view! {
        <nav class="pages kb-tabs" aria-label="知识库页面">
            {Tab::ALL.iter().map(|&t| link(t)).collect_view()}
        </nav>
    }
}

/// What the last change did (a live region that stays, so screen readers hear each change), or why it failed.
#[component]
fn Notice() -> impl IntoView {
    let kb = Kb::get();
    let text = move |want: bool| {
        kb.notice
            .get()
            .and_then(|(ok, text)| (ok == want).then_some(text))
    };
    view! {
        <p class="ok" role="status">{move || text(true)}</p>
        <Show when=move || text(false).is_some()>
            <p class="error" role="alert">{move || text(false)}</p>
        </Show>
    }
}

/// Focuses the element `id` if it is on the page and nothing else has the focus (it was on a control that went
/// away); whether the element is there.
fn focus_if_lost(id: &str) -> bool {
    let document = document();
    let Some(el) = document
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return false;
    };
    let lost = document
        .active_element()
        .is_none_or(|a| a.tag_name().eq_ignore_ascii_case("body"));
    if lost {
        let _ = el.focus();
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_focus_returns_to_the_control_that_opened_the_form() {
        assert_eq!(return_to(&Purpose::New, true), ("kb-add".to_owned(), false));
        assert_eq!(
            return_to(&Purpose::New, false),
            ("kb-add".to_owned(), false)
        );
        let edit = Purpose::Edit("kb-0007".into());
        // A saved entry's row is drawn again: its 编辑 is focused once it is.
        assert_eq!(return_to(&edit, true), ("kb-edit-kb-0007".to_owned(), true));
        assert_eq!(
            return_to(&edit, false),
            ("kb-edit-kb-0007".to_owned(), false)
        );
        let resolve = Purpose::Resolve(vec![4, 9]);
        assert_eq!(return_to(&resolve, false).0, "kb-turn-4");
        assert_eq!(return_to(&resolve, true).0, "kb-tab-unanswered");
        let approve = Purpose::Approve("d1".into());
        assert_eq!(return_to(&approve, false).0, "kb-revise-d1");
        assert_eq!(return_to(&approve, true).0, "kb-tab-drafts");
    }
}
