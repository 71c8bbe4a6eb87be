//! Reports that must reach the server even when it cannot be reached now: 小申's 已解决 / 未解决 and
//! the questions it could not answer.
//!
//! Every report goes into the queue in `localStorage` (`bangban.pending`) first and is then sent,
//! oldest first. An entry leaves the queue only after the server answered 2xx (or 400: refused for
//! good, sending it again cannot help), so nothing is lost when the network or the server is down: the
//! queue is sent again after a delay ([`Backoff`]), when the browser says it is back online, and on the
//! next open. One flush runs at a time, so an entry is never sent twice by this page; only a page
//! closed between the server's storing and its answer arriving can repeat one.

use std::cell::{Cell, RefCell};

use gloo_net::http::Method;
use gloo_timers::future::TimeoutFuture;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::backoff::Backoff;
use crate::bot::Report;
use crate::{api, clock, storage};

/// One queued request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Pending {
    /// Ours, to remove exactly this entry after it was accepted.
    pub(crate) id: String,
    /// Where to `POST` it.
    pub(crate) path: String,
    /// The JSON body.
    pub(crate) body: String,
}

impl Pending {
    /// The request for `report`.
    pub(crate) fn new(report: &Report, id: String) -> Option<Pending> {
        let (path, body) = match report {
            Report::Feedback(f) => ("/api/bot-feedback", serde_json::to_string(f)),
            Report::Unanswered(u) => ("/api/unanswered", serde_json::to_string(u)),
        };
        Some(Pending {
            id,
            path: path.to_owned(),
            body: body.ok()?,
        })
    }
}

/// Whether a queued entry is done with after an answer of `status`.
pub(crate) fn settled(status: u16) -> bool {
    (200..300).contains(&status) || status == 400
}

thread_local! {
    static FLUSHING: Cell<bool> = const { Cell::new(false) };
    static RETRY: RefCell<Backoff> = RefCell::new(Backoff::default());
}

fn load() -> Vec<Pending> {
    storage::get_json(storage::PENDING).unwrap_or_default()
}

fn remove(id: &str) {
    let mut queue = load();
    queue.retain(|p| p.id != id);
    if queue.is_empty() {
        storage::remove(storage::PENDING);
    } else {
        storage::set_json(storage::PENDING, &queue);
    }
}

/// Queues `report` and tries to send the queue.
pub(crate) fn report(report: &Report) {
    let Some(entry) = Pending::new(report, clock::new_client_id()) else {
        return;
    };
    let mut queue = load();
    queue.push(entry);
    storage::set_json(storage::PENDING, &queue);
    flush();
}

/// Sends the queue, oldest first; on failure tries again later.
pub(crate) fn flush() {
    if FLUSHING.with(|f| f.replace(true)) {
        return;
    }
    spawn_local(async move {
        let mut failed = false;
        while let Some(first) = load().into_iter().next() {
            match api::send(Method::POST, &first.path, Some(&first.body), &[]).await {
                Ok(response) if settled(response.status()) => remove(&first.id),
                _ => {
                    failed = true;
                    break;
                }
            }
        }
        FLUSHING.with(|f| f.set(false));
        if failed {
            let delay = RETRY.with(|r| r.borrow_mut().next_delay());
            spawn_local(async move {
                TimeoutFuture::new(delay).await;
                flush();
            });
        } else {
            RETRY.with(|r| r.borrow_mut().reset());
        }
    });
}

/// Sends the queue now and whenever the browser comes back online.
pub(crate) fn start() {
    if let Some(window) = web_sys::window() {
        let online = Closure::<dyn FnMut()>::new(flush);
        let _ = window.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
        // Listens for the page's whole life.
        online.forget();
    }
    flush();
}

#[cfg(test)]
mod tests {
    use super::*;
    use bangban_core::kbwork::{UnansweredReason, UnansweredReport};

    #[test]
    fn reports_become_posts_to_their_endpoint() {
        let report = Report::Unanswered(UnansweredReport {
            question: "今天天气".into(),
            item: None,
            reason: UnansweredReason::NoMatch,
            entry: None,
        });
        let p = Pending::new(&report, "p1".into()).unwrap();
        assert_eq!(p.path, "/api/unanswered");
        assert!(p.body.contains(r#""reason":"no_match""#), "{}", p.body);
        let back: UnansweredReport = serde_json::from_str(&p.body).unwrap();
        assert_eq!(back.question, "今天天气");
    }

    #[test]
    fn only_an_accepted_or_refused_entry_leaves_the_queue() {
        assert!(settled(200) && settled(202) && settled(400));
        for status in [0, 401, 404, 409, 429, 500, 502, 503] {
            assert!(!settled(status), "{status}");
        }
    }
}
