//! The widget's frame: header (小申智能客服, 大字, 转人工, 关闭), the conversation with 小申's notices and
//! the 留言 / 办不成事 form, "客服正在输入…", the 办不成事 / 查询办理进度 bar, the input.
//!
//! The controllers are created here once and handed down through context, each as its own small
//! `Copy` handle, so a component asks only for what it uses.

use bangban_core::protocol::ConversationStatus;
use leptos::html::Textarea;
use leptos::prelude::*;

use crate::bot_ctl::Bot;
use crate::bot_view::BotLines;
use crate::chat_view::{HumanLines, StatusLine, TypingLine};
use crate::composer::Composer;
use crate::help::Help;
use crate::help_view::{HelpNotes, MyTickets, OpenForm, ServiceBar};
use crate::human::Human;
use crate::presence::Presence;
use crate::rating::Rater;
use crate::rating_view::RatingArea;
use crate::session::{self, HandingOff, Notice};
use crate::{host, params, storage};

/// What the host page said in the widget's URL.
#[derive(Clone, Debug, Default)]
pub(crate) struct Page {
    /// The service item (事项) of the page.
    pub(crate) item: Option<String>,
    /// The exact origin of the host page, the only target of `postMessage`.
    pub(crate) host: Option<String>,
}

impl Page {
    fn from_location() -> Page {
        let search = web_sys::window()
            .and_then(|w| w.location().search().ok())
            .unwrap_or_default();
        let Ok(query) = web_sys::UrlSearchParams::new_with_str(&search) else {
            return Page::default();
        };
        Page {
            item: params::item(query.get("item")),
            host: query.get("host").and_then(|h| params::http_origin(&h)),
        }
    }
}

/// The text box, so that other parts can give it focus back.
#[derive(Clone, Copy)]
pub(crate) struct InputRef(pub(crate) NodeRef<Textarea>);

impl InputRef {
    /// Moves focus to the text box.
    pub(crate) fn focus(self) {
        if let Some(input) = self.0.get_untracked() {
            let _ = input.focus();
        }
    }
}

/// The whole widget.
#[expect(
    unreachable_pub,
    reason = "the #[component] macro gives the generated props builder `pub` items"
)]
#[component]
pub(crate) fn App() -> impl IntoView {
    let page = Page::from_location();
    let bot = Bot::new(page.item.clone());
    let human = Human::new(page.host.clone());
    let help = Help::new(page.item.clone());
    let presence = Presence::new(page.host.is_some());
    let notice = Notice(RwSignal::new(None));
    let input = InputRef(NodeRef::new());
    provide_context(page.clone());
    provide_context(bot);
    provide_context(human);
    provide_context(help);
    provide_context(notice);
    provide_context(HandingOff(RwSignal::new(false)));
    provide_context(Rater::new());
    provide_context(input);
    session::start(bot, human, help, notice);
    host::on_dialog(page.host.clone(), move |open| {
        presence.set_dialog_open(open);
        if open {
            input.focus();
            help.refresh_tickets();
        }
    });
    host::close_on_escape(page.host.clone());
    // Agent messages the citizen can see are reported as read (again after a reconnect).
    Effect::new(move || {
        human.log.track();
        human.online.track();
        if presence.seen() {
            human.report_read();
        }
    });
    request_animation_frame(move || {
        if has_focus() {
            input.focus();
        }
        host::ready(page.host.as_deref());
    });
    view! {
        <main class="bb-app">
            <Header/>
            <Conversation/>
            <TypingLine/>
            <ServiceBar/>
            <Composer/>
        </main>
    }
}

fn has_focus() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.has_focus().ok())
        .unwrap_or(false)
}

/// Title and the buttons that are always there.
#[component]
fn Header() -> impl IntoView {
    let page = expect_context::<Page>();
    view! {
        <header class="bb-header">
            <h1>"小申智能客服"</h1>
            <div class="bb-tools">
                <LargeText/>
                <HandoffButton/>
                <button
                    type="button"
                    class="bb-close"
                    aria-label="关闭"
                    on:click=move |_| host::request_close(page.host.as_deref())
                >
                    <span aria-hidden="true">"✕"</span>
                </button>
            </div>
        </header>
    }
}

/// 长辈版: larger text everywhere, remembered across visits.
#[component]
fn LargeText() -> impl IntoView {
    let large = RwSignal::new(storage::get(storage::LARGE).is_some());
    Effect::new(move || {
        let on = large.get();
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.class_list().toggle_with_force("bb-large", on);
        }
        if on {
            storage::set(storage::LARGE, "1");
        } else {
            storage::remove(storage::LARGE);
        }
    });
    view! {
        <button
            type="button"
            class="bb-tool"
            aria-pressed=move || large.get().to_string()
            on:click=move |_| large.update(|l| *l = !*l)
        >
            "大字模式"
        </button>
    }
}

/// 转人工: always shown; inactive while a human chat is open or being opened.
#[component]
fn HandoffButton() -> impl IntoView {
    let bot = expect_context::<Bot>();
    let human = expect_context::<Human>();
    let help = expect_context::<Help>();
    let notice = expect_context::<Notice>();
    let busy = expect_context::<HandingOff>();
    let rater = expect_context::<Rater>();
    let disabled = move || {
        busy.0.get()
            || matches!(
                human.status(),
                Some(ConversationStatus::Waiting | ConversationStatus::Active)
            )
    };
    view! {
        <button
            type="button"
            class="bb-tool bb-handoff"
            disabled=disabled
            on:click=move |_| session::hand_off(bot, human, help, notice, busy, rater)
        >
            "转人工"
        </button>
    }
}

/// The scrolling conversation: the log, the status line and, after a chat ends or when the agent
/// invites it, the rating form.
#[component]
fn Conversation() -> impl IntoView {
    let bot = expect_context::<Bot>();
    let human = expect_context::<Human>();
    let help = expect_context::<Help>();
    let rater = expect_context::<Rater>();
    let scroller = NodeRef::<leptos::html::Div>::new();
    // Keep the newest line in view whenever anything is added.
    Effect::new(move || {
        bot.log.track();
        human.log.track();
        human.conversation.track();
        help.notes.track();
        help.form.track();
        help.list_open.track();
        help.tickets.track();
        rater.given.track();
        rater.editing.track();
        request_animation_frame(move || {
            if let Some(el) = scroller.get_untracked() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    });
    let in_human = move || human.conversation.with(Option::is_some);
    view! {
        <div class="bb-scroll" node_ref=scroller>
            <section class="bb-log" role="log" aria-live="polite" aria-label="对话记录">
                <Show when=in_human fallback=|| view! { <BotLines/> }>
                    <HumanLines/>
                </Show>
                <StatusLine/>
                <HelpNotes/>
            </section>
            <RatingArea/>
            <OpenForm/>
            <MyTickets/>
        </div>
    }
}
