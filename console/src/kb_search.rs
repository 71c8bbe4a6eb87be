//! 搜索知识库: searches as the agent types (debounced), within the chat's 事项; each hit can be inserted into
//! the reply.

use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, KbHit};
use crate::format;

/// Wait this long after the last keystroke before searching.
const DEBOUNCE_MS: u32 = 300;

/// The search box and its hits.
#[component]
pub(crate) fn KbSearch(
    /// The chat's 事项, to rank its entries first.
    item: Option<String>,
    /// The reply being written.
    draft: RwSignal<String>,
) -> impl IntoView {
    let hits = RwSignal::new(Vec::<KbHit>::new());
    let error = RwSignal::new(None::<String>);
    // The pending search (dropping a Timeout cancels it) and a counter so an old answer never replaces a newer one.
    let pending = StoredValue::new_local(None::<Timeout>);
    let latest = StoredValue::new(0_u32);
    let item = StoredValue::new(item);
    let on_input = move |ev| {
        let q = event_target_value(&ev).trim().to_owned();
        let n = latest.get_value() + 1;
        latest.set_value(n);
        let run = move || search(q, item.get_value(), n, latest, hits, error);
        pending.set_value(Some(Timeout::new(DEBOUNCE_MS, run)));
    };
    view! {
        <section class="helper" aria-labelledby="kb-heading">
            <h3 id="kb-heading">"知识库"</h3>
            <label for="kb-query" class="sr-only">"搜索知识库"</label>
            <input id="kb-query" type="search" placeholder="搜索知识库" on:input=on_input/>
            <Show when=move || error.with(Option::is_some)>
                <p class="error" role="alert">{move || error.get()}</p>
            </Show>
            <ul class="hits">
                <For each=move || hits.get() key=|h| h.id.clone() let:hit>
                    <HitRow hit draft/>
                </For>
            </ul>
        </section>
    }
}

fn search(
    q: String,
    item: Option<String>,
    n: u32,
    latest: StoredValue<u32>,
    hits: RwSignal<Vec<KbHit>>,
    error: RwSignal<Option<String>>,
) {
    if q.is_empty() {
        hits.set(Vec::new());
        return;
    }
    spawn_local(async move {
        let answer = api::kb_search(&q, item.as_deref()).await;
        if latest.try_get_value() != Some(n) {
            return;
        }
        match answer {
            Ok(list) => {
                error.set(None);
                hits.set(list);
            }
            Err(e) => error.set(Some(e.message())),
        }
    });
}

/// One hit: its question, its answer, and 插入.
#[component]
fn HitRow(
    /// The hit.
    hit: KbHit,
    /// The reply being written.
    draft: RwSignal<String>,
) -> impl IntoView {
    let question_id = format!("kb-q-{}", hit.id);
    let answer = hit.answer.clone();
    let described_by = question_id.clone();
    let insert = move |_| draft.update(|d| format::append_line(d, &answer));
    view! {
        <li class="hit" class:confident=hit.confident>
            <p class="q" id=question_id>{hit.question}</p>
            <p class="a">{hit.answer}</p>
            <button type="button" aria-describedby=described_by on:click=insert>"插入"</button>
        </li>
    }
}
