//! The chat with 小申: greeting, questions, answers with 已解决 / 未解决 and related questions, suggestion
//! buttons.

use bangban_core::protocol::SenderKind;
use leptos::prelude::*;

use crate::app::InputRef;
use crate::bot::{BotLine, GREETING, LineKind, RELATED_INTRO};
use crate::bot_ctl::Bot;
use crate::bubble::Bubble;
use crate::knowledge::Suggestion;

/// Every line of the bot chat, newest last.
#[expect(
    unreachable_pub,
    reason = "the #[component] macro gives the generated props builder `pub` items"
)]
#[component]
pub(crate) fn BotLines() -> impl IntoView {
    let bot = expect_context::<Bot>();
    // The key changes when an answer gets its feedback (or 都不是 is chosen), so that line is drawn
    // again without buttons.
    let key = |line: &BotLine| (line.id, line.kind.settled());
    view! {
        <Bubble sender=SenderKind::Bot author=Some("小申".to_owned()) text=GREETING.to_owned()/>
        <For
            each=move || bot.log.with(|l| l.lines().to_vec())
            key=key
            children=move |line| view! { <BotLineView line/> }
        />
    }
}

/// One line, with its buttons when it has any.
#[component]
fn BotLineView(line: BotLine) -> impl IntoView {
    let author = (line.sender == SenderKind::Bot).then(|| "小申".to_owned());
    let id = line.id;
    let extra = match line.kind {
        LineKind::Answer {
            feedback: None,
            related,
            question,
            ..
        } => Some(view! { <Feedback id/> <Related list=related question/> }.into_any()),
        LineKind::Suggest {
            list,
            question,
            declined,
        } => Some(view! { <Suggestions id list question declined/> }.into_any()),
        _ => None,
    };
    view! {
        <Bubble sender=line.sender author text=line.text>
            {extra}
        </Bubble>
    }
}

/// 已解决 / 未解决 under an answer; the buttons go once one is chosen, focus returns to the input.
#[component]
fn Feedback(
    /// The answer line.
    id: u32,
) -> impl IntoView {
    let bot = expect_context::<Bot>();
    let input = expect_context::<InputRef>();
    let choose = move |solved: bool| {
        bot.feedback(id, solved);
        input.focus();
    };
    view! {
        <div class="bb-actions">
            <button type="button" on:click=move |_| choose(true)>"已解决"</button>
            <button type="button" on:click=move |_| choose(false)>"未解决"</button>
        </div>
    }
}

/// "您是不是想问：" and one button per question, then 都不是 (until it is chosen).
#[component]
fn Suggestions(
    /// The suggestion line.
    id: u32,
    /// The suggested entries.
    list: Vec<Suggestion>,
    /// The citizen's question.
    question: String,
    /// 都不是 was chosen already.
    declined: bool,
) -> impl IntoView {
    let bot = expect_context::<Bot>();
    let input = expect_context::<InputRef>();
    let buttons = question_buttons(bot, list, question);
    let none = (!declined).then(|| {
        view! {
            <li>
                <button
                    type="button"
                    class="bb-none"
                    on:click=move |_| {
                        bot.decline(id);
                        input.focus();
                    }
                >
                    "都不是"
                </button>
            </li>
        }
    });
    view! { <ul class="bb-suggest">{buttons}{none}</ul> }
}

/// "您可能还想问：" and one button per related question under an answer: picking one answers with it, as
/// picking a suggestion does. Nothing when there are none.
#[component]
fn Related(
    /// The related entries.
    list: Vec<Suggestion>,
    /// The citizen's question.
    question: String,
) -> impl IntoView {
    let bot = expect_context::<Bot>();
    (!list.is_empty()).then(|| {
        let name = RELATED_INTRO.trim_end_matches('：');
        view! {
            <p class="bb-related-intro">{RELATED_INTRO}</p>
            <ul class="bb-related" aria-label=name>
                {question_buttons(bot, list, question)}
            </ul>
        }
    })
}

/// One list item with a button per question of `list`, offered for the citizen's `question`.
fn question_buttons(bot: Bot, list: Vec<Suggestion>, question: String) -> impl IntoView {
    list.into_iter()
        .map(|s| {
            let label = s.question.clone();
            let question = question.clone();
            view! {
                <li>
                    <button type="button" on:click=move |_| bot.choose(s.clone(), &question)>
                        {label}
                    </button>
                </li>
            }
        })
        .collect_view()
}
