//! The live connection to `/api/ws`: JSON frames in and out, reconnecting with [`Backoff`] after every drop.
//!
//! The socket knows nothing about chats. It calls `on_open` after each (re)connect, so the workspace can refetch
//! and `sync`, and `on_frame` for each server frame. Sends while disconnected are refused (`false`); the outbox
//! keeps those messages and resends them from `on_open`.

use std::rc::Rc;

use bangban_core::protocol::{ClientFrame, ServerFrame};
use gloo_timers::callback::{Interval, Timeout};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{MessageEvent, WebSocket};

use crate::backoff::Backoff;

/// How often to ping, so proxies keep the connection and dead connections are noticed.
const PING_MS: u32 = 25_000;

/// A cheap, copyable handle to the connection; it lives as long as the component that started it.
#[derive(Clone, Copy)]
pub(crate) struct Socket {
    inner: StoredValue<Inner, LocalStorage>,
}

struct Inner {
    conn: Option<Connection>,
    backoff: Backoff,
    stopped: bool,
    connected: RwSignal<bool>,
    on_open: Rc<dyn Fn()>,
    on_frame: Rc<dyn Fn(ServerFrame)>,
}

/// One WebSocket and the JS callbacks it holds; dropping it detaches them and closes the socket.
struct Connection {
    ws: WebSocket,
    _ping: Interval,
    _on_open: Closure<dyn FnMut()>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_close: Closure<dyn FnMut()>,
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.ws.set_onopen(None);
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
        let _ = self.ws.close();
    }
}

impl Socket {
    /// Opens the connection now and keeps it open until [`Socket::stop`] or the owner is cleaned up.
    pub(crate) fn start(
        connected: RwSignal<bool>,
        on_open: impl Fn() + 'static,
        on_frame: impl Fn(ServerFrame) + 'static,
    ) -> Socket {
        let inner = StoredValue::new_local(Inner {
            conn: None,
            backoff: Backoff::default(),
            stopped: false,
            connected,
            on_open: Rc::new(on_open),
            on_frame: Rc::new(on_frame),
        });
        let socket = Socket { inner };
        socket.connect();
        on_cleanup(move || socket.stop());
        socket
    }

    /// Sends a frame if connected; `false` means it was not sent.
    pub(crate) fn send(self, frame: &ClientFrame) -> bool {
        let Ok(text) = serde_json::to_string(frame) else {
            return false;
        };
        self.inner
            .try_with_value(|i| match &i.conn {
                Some(c) if c.ws.ready_state() == WebSocket::OPEN => {
                    c.ws.send_with_str(&text).is_ok()
                }
                _ => false,
            })
            .unwrap_or(false)
    }

    /// Closes the connection for good (logout, or the workspace went away).
    pub(crate) fn stop(self) {
        let connected = self.inner.try_update_value(|i| {
            i.stopped = true;
            i.conn = None;
            i.connected
        });
        if let Some(connected) = connected {
            connected.try_set(false);
        }
    }

    fn connect(self) {
        if self.inner.try_with_value(|i| i.stopped).unwrap_or(true) {
            return;
        }
        let Some(url) = ws_url() else { return };
        let Ok(ws) = WebSocket::new(&url) else {
            self.schedule_retry();
            return;
        };
        let conn = self.attach(ws);
        self.inner.try_update_value(|i| i.conn = Some(conn));
    }

    fn attach(self, ws: WebSocket) -> Connection {
        let on_open = Closure::<dyn FnMut()>::new(move || self.opened());
        let on_message =
            Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| self.received(ev));
        let on_close = Closure::<dyn FnMut()>::new(move || self.closed());
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        let ping = Interval::new(PING_MS, move || {
            self.send(&ClientFrame::Ping);
        });
        Connection {
            ws,
            _ping: ping,
            _on_open: on_open,
            _on_message: on_message,
            _on_close: on_close,
        }
    }

    fn opened(self) {
        let Some((connected, on_open)) = self.inner.try_update_value(|i| {
            i.backoff.reset();
            (i.connected, i.on_open.clone())
        }) else {
            return;
        };
        connected.set(true);
        on_open();
    }

    fn received(self, ev: MessageEvent) {
        let Some(text) = ev.data().as_string() else {
            return;
        };
        let Ok(frame) = serde_json::from_str::<ServerFrame>(&text) else {
            return;
        };
        if let Some(f) = self.inner.try_with_value(|i| i.on_frame.clone()) {
            f(frame);
        }
    }

    /// The socket closed (or never opened): try again later. The dead connection is replaced in the timer, not
    /// here, because this runs inside one of its own callbacks.
    fn closed(self) {
        if let Some(connected) = self.inner.try_with_value(|i| i.connected) {
            connected.set(false);
        }
        self.schedule_retry();
    }

    /// Reconnects after the next backoff delay. The timer is not kept: dropping it from inside its own callback
    /// would be unsound for the JS glue, and [`Socket::connect`] checks `stopped` anyway.
    fn schedule_retry(self) {
        if let Some(delay) = self.inner.try_update_value(|i| i.backoff.next_delay()) {
            Timeout::new(delay, move || self.connect()).forget();
        }
    }
}

/// `ws://host/api/ws` or `wss://…` for pages served over https.
fn ws_url() -> Option<String> {
    let location = window().location();
    let scheme = match location.protocol().ok()?.as_str() {
        "https:" => "wss",
        _ => "ws",
    };
    Some(format!("{scheme}://{}/api/ws", location.host().ok()?))
}
