//! One message bubble, shared by the bot chat and the human chat.

use bangban_core::media::Attachment;
use bangban_core::protocol::SenderKind;
use leptos::prelude::*;

use crate::media_view::AttachmentView;

/// A message: the author's name, the text (always as a text node, never as HTML), the time, extras.
#[expect(
    unreachable_pub,
    reason = "the #[component] macro gives the generated props builder `pub` items"
)]
#[component]
pub(crate) fn Bubble(
    /// Who wrote it: decides the side, the colour and what a screen reader hears first.
    sender: SenderKind,
    /// Name shown above the text (agents, 小申); the citizen's own messages have none.
    #[prop(optional_no_strip)]
    author: Option<String>,
    /// The text.
    text: String,
    /// A screenshot or voice clip, shown in place of the text (its summary, "[图片]").
    #[prop(optional_no_strip)]
    attachment: Option<Attachment>,
    /// `HH:MM`, when known.
    #[prop(optional_no_strip)]
    time: Option<String>,
    /// Buttons or a delivery state under the text.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    if sender == SenderKind::System {
        return view! { <p class="bb-system">{text}</p> }.into_any();
    }
    let class = match sender {
        SenderKind::Citizen => "bb-msg bb-citizen",
        SenderKind::Agent => "bb-msg bb-agent",
        _ => "bb-msg bb-bot",
    };
    let who = match (sender, author) {
        (SenderKind::Citizen, _) => view! { <span class="bb-sr">"我说："</span> }.into_any(),
        (_, Some(name)) => view! { <span class="bb-author">{name}</span> }.into_any(),
        (_, None) => ().into_any(),
    };
    view! {
        <div class=class>
            {who}
            {match attachment {
                Some(attachment) => view! { <AttachmentView attachment/> }.into_any(),
                None => view! { <p class="bb-text">{text}</p> }.into_any(),
            }}
            {time.map(|t| view! { <span class="bb-time">{t}</span> })}
            {children.map(|c| c())}
        </div>
    }
    .into_any()
}
