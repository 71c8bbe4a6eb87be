//! Beside the open chat: 知识库 search, 常用语 and the citizen's 历史会话. Answers and phrases are inserted into
//! the reply box (as text, for the agent to edit), never sent directly.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::chat::chat_view;
use crate::format;
use crate::history::HistoryPanel;
use crate::kb_search::KbSearch;
use crate::state::Workspace;

/// The helper column of the open chat.
#[component]
pub(crate) fn Helpers(
    /// The chat's id.
    id: String,
    /// The reply being written.
    draft: RwSignal<String>,
) -> impl IntoView {
    let ws = Workspace::get();
    let item = chat_view(ws, &id).and_then(|c| c.item);
    view! {
        <aside class="helpers" aria-label="辅助工具">
            <KbSearch item draft/>
            <CannedList draft/>
            <HistoryPanel id/>
        </aside>
    }
}

/// 常用语: one button per canned reply, loaded once per chat shown.
#[component]
fn CannedList(
    /// The reply being written.
    draft: RwSignal<String>,
) -> impl IntoView {
    let phrases = RwSignal::new(Vec::<String>::new());
    spawn_local(async move {
        if let Ok(list) = api::canned().await {
            phrases.try_set(list);
        }
    });
    view! {
        <section class="helper" aria-labelledby="canned-heading">
            <h3 id="canned-heading">"常用语"</h3>
            <ul class="canned">
                <For each=move || phrases.get() key=|p| p.clone() let:phrase>
                    <li>
                        <button type="button" class="phrase" on:click=move |_| {
                            draft.update(|d| format::append_line(d, &phrase));
                        }>{phrase.clone()}</button>
                    </li>
                </For>
            </ul>
        </section>
    }
}
