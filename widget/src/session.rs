//! The path of one question across modes: startup and reload restore, 转人工, sending, and the way
//! back to 小申 after a rating. The two controllers ([`Bot`], [`Human`]) know nothing of each other;
//! this module moves the citizen between them.

use bangban_core::protocol::{ConversationStatus, ConversationView, HandoffRequest, RatingRequest};
use bangban_core::text::validate_message;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::bot_ctl::Bot;
use crate::help::Help;
use crate::human::Human;
use crate::rating::{Rater, worth_restoring};
use crate::{clock, pending};

/// Shown while 转人工 is under way and while the chat waits for an agent.
pub(crate) const WAITING: &str = "正在为您转接人工客服，请稍候…";
/// The server's code for a 转人工 outside service hours.
const OUTSIDE_HOURS: &str = "outside_hours";

/// The error line above the input; `None` hides it.
#[derive(Clone, Copy)]
pub(crate) struct Notice(pub(crate) RwSignal<Option<String>>);

/// Whether 转人工 has been clicked and the server has not answered yet.
#[derive(Clone, Copy)]
pub(crate) struct HandingOff(pub(crate) RwSignal<bool>);

/// On load: make sure there is a visitor, refresh the knowledge base, ask whether human help is open,
/// say the answers to earlier 留言, send reports queued while offline, and bring back an unfinished
/// chat (a closed, unrated one only for [`crate::rating::REPROMPT_WITHIN_MS`], to ask for its rating).
pub(crate) fn start(bot: Bot, human: Human, help: Help, notice: Notice) {
    spawn_local(async move {
        help.check().await;
    });
    spawn_local(async move {
        let token = api::visitor_token().await;
        bot.refresh();
        let Ok(token) = token else {
            return;
        };
        help.refresh_tickets();
        pending::start();
        match api::current_conversation().await {
            Ok(Some(view))
                if view.rating.is_none() && worth_restoring(&view, clock::server_now_ms()) =>
            {
                restore(human, view, &token).await
            }
            Ok(_) | Err(ApiError::Network) => {}
            Err(error) => notice.0.set(Some(error.message())),
        }
    });
}

async fn restore(human: Human, view: ConversationView, token: &str) {
    let messages = api::messages(&view.id, 0).await.unwrap_or_default();
    human.enter(view, messages, token);
}

/// 转人工: asks whether human help is open; when it is, hands the bot transcript to the server and
/// switches to the human chat. When it is not (or the server refuses as outside hours), 小申 says when
/// it opens and offers 留言 and the hotline instead; when nobody is signed in, the chat still queues.
pub(crate) fn hand_off(
    bot: Bot,
    human: Human,
    help: Help,
    notice: Notice,
    busy: HandingOff,
    rater: Rater,
) {
    if busy.0.get_untracked() {
        return;
    }
    rater.forget();
    if human.conversation.with_untracked(Option::is_some) {
        // Only a closed, unrated chat can be left this way; its rating is skipped.
        human.leave();
    }
    busy.0.set(true);
    notice.0.set(None);
    spawn_local(async move {
        let status = help.check().await;
        if let Some(status) = status.as_ref().filter(|s| !s.open) {
            busy.0.set(false);
            help.closed(status);
            return;
        }
        let request = HandoffRequest {
            item: bot.item(),
            bot_transcript: bot.transcript(),
        };
        let result = api::hand_off(&request).await;
        let token = api::visitor_token().await;
        busy.0.set(false);
        match (result, token) {
            (Ok(view), Ok(token)) => {
                clock::observe_server(view.created_ms);
                bot.clear();
                human.enter(view, Vec::new(), &token);
                if status.is_some_and(|s| !s.agents_online) {
                    help.nobody_online();
                }
            }
            (Err(ApiError::Server(body)), _) if body.code == OUTSIDE_HOURS => {
                help.refused(body.message);
            }
            (Err(error), _) | (_, Err(error)) => notice.0.set(Some(error.message())),
        }
    });
}

/// The send button: to the agent while a chat is open, otherwise to 小申.
pub(crate) fn submit(bot: Bot, human: Human, text: String) -> Result<(), String> {
    validate_message(&text).map_err(|e| e.message)?;
    let status = human
        .conversation
        .with_untracked(|c| c.as_ref().map(|c| c.status));
    match status {
        Some(ConversationStatus::Waiting | ConversationStatus::Active) => human.send(text),
        Some(ConversationStatus::Closed) => {
            human.leave();
            bot.ask(text);
            Ok(())
        }
        None => {
            bot.ask(text);
            Ok(())
        }
    }
}

/// The rating was accepted: "感谢您的评价！" with 修改评价; a closed chat goes back to 小申, an open one
/// (邀请评价) goes on.
pub(crate) fn rated(human: Human, rater: Rater, view: ConversationView, request: RatingRequest) {
    if let Some(rating) = &view.rating {
        clock::observe_server(rating.at_ms);
    }
    rater.given.set(Some((view.id.clone(), request)));
    rater.editing.set(false);
    if view.status == ConversationStatus::Closed {
        human.leave();
    } else {
        human.update_view(view);
    }
}
