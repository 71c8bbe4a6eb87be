//! 好差评 form: five levels (stars and words) as real radio buttons, 问题是否解决, 不满意原因 for a
//! 差评, an optional comment with a live count and an optional phone number, then 提交评价; after it,
//! "感谢您的评价！" with 修改评价.
//!
//! Rating is voluntary: the form never takes the input away, so a new question or 转人工 still works.

use bangban_core::rating::{BadReason, MAX_COMMENT_CHARS, Rating};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::human::Human;
use crate::rating::{Draft, RATED, Rater, comment_chars, wants_rating};
use crate::session;

/// The chat the form rates now, and what to fill the form with.
fn target(human: Human, rater: Rater) -> Option<(String, Draft)> {
    if rater.editing.get() {
        return rater.given.with(|g| {
            g.as_ref()
                .map(|(id, r)| (id.clone(), Draft::from_request(r)))
        });
    }
    human.conversation.with(|c| {
        c.as_ref()
            .filter(|c| wants_rating(c))
            .map(|c| (c.id.clone(), Draft::default()))
    })
}

/// The form when a chat wants a rating (or 修改评价 was clicked), otherwise the thanks after one.
#[expect(
    unreachable_pub,
    reason = "the #[component] macro gives the generated props builder `pub` items"
)]
#[component]
pub(crate) fn RatingArea() -> impl IntoView {
    let human = expect_context::<Human>();
    let rater = expect_context::<Rater>();
    // Keyed by the chat, so the form keeps its state while the chat's other fields change.
    let current = Memo::new(move |_| target(human, rater));
    let id = Memo::new(move |_| current.with(|t| t.as_ref().map(|(id, _)| id.clone())));
    move || match id.get() {
        Some(id) => {
            let draft = current.with_untracked(|t| t.as_ref().map(|(_, d)| d.clone()));
            view! { <RatingForm id draft=draft.unwrap_or_default()/> }.into_any()
        }
        None => view! { <RatedNote/> }.into_any(),
    }
}

/// "感谢您的评价！" and 修改评价, after a rating was accepted.
#[component]
fn RatedNote() -> impl IntoView {
    let rater = expect_context::<Rater>();
    let given = move || rater.given.with(Option::is_some);
    view! {
        <Show when=given>
            <div class="bb-rated" role="status">
                <p>{RATED}</p>
                <button type="button" class="bb-tool" on:click=move |_| rater.editing.set(true)>
                    "修改评价"
                </button>
            </div>
        </Show>
    }
}

/// The form for chat `id`.
#[component]
fn RatingForm(
    /// The chat rated.
    id: String,
    /// What the form starts with.
    draft: Draft,
) -> impl IntoView {
    let human = expect_context::<Human>();
    let rater = expect_context::<Rater>();
    let draft = RwSignal::new(draft);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let request = match draft.with_untracked(Draft::request) {
            Ok(request) => request,
            Err(reason) => return error.set(Some(reason)),
        };
        error.set(None);
        busy.set(true);
        let id = id.clone();
        spawn_local(async move {
            let result = api::rate(&id, &request).await;
            busy.set(false);
            match result {
                Ok(view) => session::rated(human, rater, view, request),
                Err(e) => error.set(Some(e.message())),
            }
        });
    };
    let bad = move || draft.with(|d| d.level.is_some_and(Rating::is_bad));
    view! {
        <form class="bb-rating" aria-labelledby="bb-rating-title" on:submit=submit>
            <p class="bb-rating-title" id="bb-rating-title">"请对本次服务进行评价"</p>
            <div class="bb-levels" role="radiogroup" aria-label="服务评价">
                {Rating::ALL.into_iter().map(|level| view! { <Level level draft/> }).collect_view()}
            </div>
            <Solved draft/>
            <Show when=bad>
                <Reasons draft/>
            </Show>
            <Texts draft/>
            {move || error.get().map(|e| view! { <p class="bb-error" role="alert">{e}</p> })}
            <button type="submit" class="bb-submit" disabled=move || busy.get()>"提交评价"</button>
        </form>
    }
}

/// One level: the radio, decorative stars, and the word that names it.
#[component]
fn Level(
    /// The level.
    level: Rating,
    /// The form.
    draft: RwSignal<Draft>,
) -> impl IntoView {
    let filled = usize::from(level.stars());
    let stars = format!("{}{}", "★".repeat(filled), "☆".repeat(5 - filled));
    view! {
        <label class="bb-level">
            <input
                type="radio"
                name="bb-rating"
                value=level.stars().to_string()
                prop:checked=move || draft.with(|d| d.level == Some(level))
                on:change=move |_| draft.update(|d| d.level = Some(level))
            />
            <span class="bb-stars" aria-hidden="true">{stars}</span>
            <span>{level.label()}</span>
        </label>
    }
}

/// 问题是否解决: 已解决 / 未解决 (optional).
#[component]
fn Solved(
    /// The form.
    draft: RwSignal<Draft>,
) -> impl IntoView {
    let choice = move |solved: bool, label: &'static str| {
        view! {
            <label class="bb-choice">
                <input
                    type="radio"
                    name="bb-solved"
                    prop:checked=move || draft.with(|d| d.solved == Some(solved))
                    on:change=move |_| draft.update(|d| d.solved = Some(solved))
                />
                <span>{label}</span>
            </label>
        }
    };
    view! {
        <div class="bb-group" role="radiogroup" aria-labelledby="bb-solved-title">
            <span class="bb-group-title" id="bb-solved-title">"问题是否解决"</span>
            {choice(true, "已解决")}
            {choice(false, "未解决")}
        </div>
    }
}

/// 不满意原因, required for 不满意 and 非常不满意.
#[component]
fn Reasons(
    /// The form.
    draft: RwSignal<Draft>,
) -> impl IntoView {
    let choices = BadReason::ALL
        .into_iter()
        .map(|reason| {
            view! {
                <label class="bb-choice">
                    <input
                        type="radio"
                        name="bb-reason"
                        prop:checked=move || draft.with(|d| d.reason == Some(reason))
                        on:change=move |_| draft.update(|d| d.reason = Some(reason))
                    />
                    <span>{reason.label()}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <div
            class="bb-group"
            role="radiogroup"
            aria-labelledby="bb-reason-title"
            aria-required="true"
        >
            <span class="bb-group-title" id="bb-reason-title">"不满意原因"</span>
            {choices}
        </div>
    }
}

/// The optional comment, with its count, and the optional phone number.
#[component]
fn Texts(
    /// The form.
    draft: RwSignal<Draft>,
) -> impl IntoView {
    let count = move || {
        let n = draft.with(|d| comment_chars(&d.comment));
        format!("{n}/{MAX_COMMENT_CHARS}")
    };
    view! {
        <label class="bb-field">
            <span>"评价内容（选填）"</span>
            <textarea
                aria-label="评价内容（选填）"
                aria-describedby="bb-comment-count"
                rows="3"
                maxlength=MAX_COMMENT_CHARS.to_string()
                prop:value=move || draft.with(|d| d.comment.clone())
                on:input=move |ev| draft.update(|d| d.comment = event_target_value(&ev))
            ></textarea>
            <span class="bb-count" id="bb-comment-count">{count}</span>
        </label>
        <label class="bb-field">
            <span>"联系电话（选填，便于回访）"</span>
            <input
                type="tel"
                aria-label="联系电话（选填，便于回访）"
                autocomplete="tel"
                prop:value=move || draft.with(|d| d.contact.clone())
                on:input=move |ev| draft.update(|d| d.contact = event_target_value(&ev))
            />
        </label>
    }
}
