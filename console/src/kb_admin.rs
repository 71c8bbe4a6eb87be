//! 知识库 (knowledge-base maintainers, administrators): 知识条目 (search, add, edit, retire), 未解决问题 (groups
//! of questions 小申 could not answer, with their 5-working-day deadline, turned into entries) and 待审草稿
//! (agents' replies to approve or send back). Every change says the published version it produced.

use bangban_core::protocol::ServiceItem;
use leptos::prelude::*;
use leptos::task::spawn_local;

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
            <button type="button" class="nav" aria-current=current on:click=move |_| open(tab)>
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
