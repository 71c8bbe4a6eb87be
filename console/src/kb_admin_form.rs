//! The entry form: 问题, 相似问法 (one per line), 关键词 (separated by `|`), 答案, 栏目, 事项, 部门, 生效日期 and
//! 保存. The same form adds, edits, answers an unanswered group (转为知识) and approves an edited draft; the
//! server validates and its Chinese reasons are shown next to the form.

use bangban_core::kb::{COLUMNS, KbEntry};
use bangban_core::kbwork::{ApproveRequest, ResolveRequest};
use leptos::ev::SubmitEvent;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ApiResult;
use crate::api_kb::{self, Versioned};
use crate::kb_admin::{FormOpen, Kb, Purpose};
use crate::kb_admin_model::FormText;

/// The form's fields, one signal each.
#[derive(Clone, Copy)]
struct Fields {
    question: RwSignal<String>,
    similar: RwSignal<String>,
    keywords: RwSignal<String>,
    answer: RwSignal<String>,
    column: RwSignal<String>,
    item: RwSignal<String>,
    department: RwSignal<String>,
    effective: RwSignal<String>,
}

impl Fields {
    fn new(t: FormText) -> Self {
        Fields {
            question: RwSignal::new(t.question),
            similar: RwSignal::new(t.similar),
            keywords: RwSignal::new(t.keywords),
            answer: RwSignal::new(t.answer),
            column: RwSignal::new(t.column),
            item: RwSignal::new(t.item),
            department: RwSignal::new(t.department),
            effective: RwSignal::new(t.effective),
        }
    }

    fn text(self) -> FormText {
        FormText {
            question: self.question.get_untracked(),
            similar: self.similar.get_untracked(),
            keywords: self.keywords.get_untracked(),
            answer: self.answer.get_untracked(),
            column: self.column.get_untracked(),
            item: self.item.get_untracked(),
            department: self.department.get_untracked(),
            effective: self.effective.get_untracked(),
        }
    }
}

fn heading(purpose: &Purpose) -> String {
    match purpose {
        Purpose::New => "新增条目".to_owned(),
        Purpose::Edit(id) => format!("编辑条目 {id}"),
        Purpose::Resolve(_) => "转为知识".to_owned(),
        Purpose::Approve(_) => "修改后通过".to_owned(),
    }
}

/// Sends the form as `purpose` says; the published entry's id and the version it produced.
async fn send(purpose: Purpose, entry: KbEntry) -> ApiResult<Versioned<String>> {
    match purpose {
        Purpose::New | Purpose::Edit(_) => {
            let (saved, v) = api_kb::save_entry(&entry).await?;
            Ok((saved.id, v))
        }
        Purpose::Resolve(ids) => {
            let (saved, v) = api_kb::resolve(&ResolveRequest { ids, entry }).await?;
            Ok((saved.id, v))
        }
        Purpose::Approve(draft) => {
            let (done, v) = api_kb::approve(&draft, &ApproveRequest { entry }).await?;
            Ok((done.entry.unwrap_or_default(), v))
        }
    }
}

/// The entry form; focus moves to 问题 when it opens.
#[component]
pub(crate) fn EntryForm(
    /// What it is for and what it starts with.
    open: FormOpen,
) -> impl IntoView {
    let kb = Kb::get();
    let fields = Fields::new(open.text);
    let purpose = StoredValue::new(open.purpose);
    let (busy, error) = (RwSignal::new(false), RwSignal::new(None::<String>));
    let first = NodeRef::<Input>::new();
    Effect::new(move || {
        if let Some(input) = first.get() {
            let _ = input.focus();
        }
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let purpose = purpose.get_value();
        let id = match &purpose {
            Purpose::Edit(id) => id.clone(),
            _ => String::new(),
        };
        let entry = fields.text().to_entry(&id);
        let question = entry.question.clone();
        busy.set(true);
        spawn_local(async move {
            match send(purpose, entry).await {
                Ok((id, version)) => {
                    kb.close_form(true);
                    kb.changed(version, format!("已保存并发布：{question}（{id}）"));
                }
                Err(e) => {
                    error.try_set(Some(e.message()));
                    busy.try_set(false);
                }
            }
        });
    };
    let title = purpose.with_value(heading);
    view! {
        <form class="kb-form" aria-labelledby="kb-form-heading" novalidate on:submit=submit>
            <h3 id="kb-form-heading">{title}</h3>
            <TextFields fields first/>
            <ChoiceFields fields/>
            <div class="actions">
                <button type="submit" class="primary" disabled=move || busy.get()>"保存"</button>
                <button type="button" on:click=move |_| kb.close_form(false)>"取消"</button>
            </div>
            <Show when=move || error.with(Option::is_some)>
                <p class="error" role="alert" id="kb-form-error">{move || error.get()}</p>
            </Show>
        </form>
    }
}

/// 问题, 相似问法, 关键词 and 答案, with their hints.
#[component]
fn TextFields(fields: Fields, first: NodeRef<Input>) -> impl IntoView {
    view! {
        <div class="field wide">
            <label for="kb-f-question">"问题"</label>
            <input id="kb-f-question" type="text" required node_ref=first bind:value=fields.question/>
        </div>
        <div class="field wide">
            <label for="kb-f-similar">"相似问法"</label>
            <textarea id="kb-f-similar" rows="3" aria-describedby="kb-f-similar-hint" bind:value=fields.similar></textarea>
            <span class="hint" id="kb-f-similar-hint">"每行一个"</span>
        </div>
        <div class="field wide">
            <label for="kb-f-keywords">"关键词"</label>
            <input id="kb-f-keywords" type="text" aria-describedby="kb-f-keywords-hint" bind:value=fields.keywords/>
            <span class="hint" id="kb-f-keywords-hint">"用 | 分隔"</span>
        </div>
        <div class="field wide">
            <label for="kb-f-answer">"答案"</label>
            <textarea id="kb-f-answer" rows="6" required aria-describedby="kb-f-answer-hint" bind:value=fields.answer></textarea>
            <span class="hint" id="kb-f-answer-hint">"纯文本，链接直接写网址"</span>
        </div>
    }
}

/// 栏目, 事项 (the registry's items offered), 部门 (filled from the registry when empty) and 生效日期.
#[component]
fn ChoiceFields(fields: Fields) -> impl IntoView {
    let kb = Kb::get();
    let columns = COLUMNS
        .iter()
        .map(|&c| view! { <option value=c>{c}</option> })
        .collect_view();
    let item_options = move || {
        kb.items
            .get()
            .into_iter()
            .map(|i| view! { <option value=i.item></option> })
            .collect_view()
    };
    let item_chosen = move |_| {
        let item = fields.item.get_untracked();
        if fields.department.with_untracked(|d| d.trim().is_empty())
            && let Some(dept) = kb.department_of(item.trim())
        {
            fields.department.set(dept);
        }
    };
    view! {
        <div class="field">
            <label for="kb-f-column">"栏目"</label>
            <select id="kb-f-column" bind:value=fields.column>{columns}</select>
        </div>
        <div class="field">
            <label for="kb-f-item">"事项"</label>
            <input id="kb-f-item" type="text" list="kb-f-items" bind:value=fields.item on:change=item_chosen/>
            <datalist id="kb-f-items">{item_options}</datalist>
        </div>
        <div class="field">
            <label for="kb-f-department">"部门"</label>
            <input id="kb-f-department" type="text" bind:value=fields.department/>
        </div>
        <div class="field">
            <label for="kb-f-effective">"生效日期"</label>
            <input id="kb-f-effective" type="date" aria-describedby="kb-f-effective-hint" bind:value=fields.effective/>
            <span class="hint" id="kb-f-effective-hint">"留空即刻生效；晚于今天的到期自动发布"</span>
        </div>
    }
}
