//! 好差评 after a human chat: five levels as real radio buttons, then 提交评价.

use bangban_core::protocol::RatingRequest;
use bangban_core::rating::Rating;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::bot_ctl::Bot;
use crate::human::Human;
use crate::session;

/// The rating form of the closed chat.
#[expect(
    unreachable_pub,
    reason = "the #[component] macro gives the generated props builder `pub` items"
)]
#[component]
pub(crate) fn RatingForm() -> impl IntoView {
    let bot = expect_context::<Bot>();
    let human = expect_context::<Human>();
    let chosen = RwSignal::new(None::<Rating>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(level) = chosen.get_untracked() else {
            error.set(Some("请选择评价等级".to_owned()));
            return;
        };
        let Some(id) = human
            .conversation
            .with_untracked(|c| c.as_ref().map(|c| c.id.clone()))
        else {
            return;
        };
        error.set(None);
        busy.set(true);
        spawn_local(async move {
            let request = RatingRequest {
                level,
                solved: None,
                comment: None,
                reason: None,
                contact: None,
            };
            let result = api::rate(&id, &request).await;
            busy.set(false);
            match result {
                Ok(_) => session::rated(bot, human),
                Err(e) => error.set(Some(e.message())),
            }
        });
    };
    view! {
        <form class="bb-rating" on:submit=submit>
            <p class="bb-rating-title">"请对本次服务进行评价"</p>
            <div class="bb-levels" role="radiogroup" aria-label="服务评价">
                {Rating::ALL.into_iter().map(|level| view! { <Level level chosen/> }).collect_view()}
            </div>
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
    /// The chosen level.
    chosen: RwSignal<Option<Rating>>,
) -> impl IntoView {
    let filled = usize::from(level.stars());
    let stars = format!("{}{}", "★".repeat(filled), "☆".repeat(5 - filled));
    view! {
        <label class="bb-level">
            <input
                type="radio"
                name="bb-rating"
                value=level.stars().to_string()
                on:change=move |_| chosen.set(Some(level))
            />
            <span class="bb-stars" aria-hidden="true">{stars}</span>
            <span>{level.label()}</span>
        </label>
    }
}
