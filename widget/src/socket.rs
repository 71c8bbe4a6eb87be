//! The chat WebSocket (`/api/ws?visitor=<token>`), reconnecting on its own.
//!
//! Any close (a network drop, a server restart, code 1013 "try again later" for a slow reader) is
//! followed by a new attempt after the [`Backoff`] delay until [`Socket::stop`]. What to do after a
//! (re)connect (sync, resend the outbox) is the caller's `on_open`; this module only moves frames.
//!
//! The browser callbacks hold a weak reference, and a dropped connection is replaced from a timer task,
//! never from inside its own `onclose` (dropping a closure while it runs is not allowed).
//!
//! The browser's `offline` event closes the connection at once and stops the attempts until `online`,
//! which reconnects without waiting for the backoff: an open WebSocket may otherwise look alive for a
//! long time after the network went away, and frames written into it would be lost silently.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use bangban_core::protocol::{ClientFrame, ServerFrame};
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{CloseEvent, MessageEvent, WebSocket};

use crate::backoff::Backoff;

/// What the owner of a socket is told.
pub(crate) struct Handlers {
    /// A connection opened (first time or again).
    pub(crate) on_open: Box<dyn Fn()>,
    /// A frame arrived.
    pub(crate) on_frame: Box<dyn Fn(ServerFrame)>,
    /// The connection dropped; a new attempt is scheduled.
    pub(crate) on_down: Box<dyn Fn()>,
}

/// A self-reconnecting socket; clones share the connection.
#[derive(Clone)]
pub(crate) struct Socket(Rc<RefCell<Inner>>);

struct Inner {
    url: String,
    ws: Option<WebSocket>,
    backoff: Backoff,
    stopped: bool,
    handlers: Rc<Handlers>,
    callbacks: Option<Callbacks>,
    /// The browser says it is offline: no attempts until it is back.
    offline: bool,
    /// Bumped whenever a scheduled attempt must not happen any more.
    generation: u64,
    network: Option<NetworkListeners>,
}

/// The window's `online` / `offline` listeners, removed on [`Socket::stop`].
struct NetworkListeners {
    online: Closure<dyn FnMut()>,
    offline: Closure<dyn FnMut()>,
}

/// Kept alive as long as their connection may call them.
struct Callbacks {
    _open: Closure<dyn FnMut()>,
    _message: Closure<dyn FnMut(MessageEvent)>,
    _close: Closure<dyn FnMut(CloseEvent)>,
}

impl Socket {
    /// Connects to `url` (absolute `ws:` or `wss:`) and keeps reconnecting until stopped.
    pub(crate) fn open(url: String, handlers: Handlers) -> Socket {
        let socket = Socket(Rc::new(RefCell::new(Inner {
            url,
            ws: None,
            backoff: Backoff::default(),
            stopped: false,
            handlers: Rc::new(handlers),
            callbacks: None,
            offline: !navigator_online(),
            generation: 0,
            network: None,
        })));
        socket.listen_to_network();
        let offline = socket.0.borrow().offline;
        if offline {
            let handlers = socket.0.borrow().handlers.clone();
            (handlers.on_down)();
        } else {
            socket.connect();
        }
        socket
    }

    /// Sends `frame` if connected; `false` otherwise (the caller resends after the next open).
    pub(crate) fn send(&self, frame: &ClientFrame) -> bool {
        let inner = self.0.borrow();
        let Some(ws) = inner.ws.as_ref() else {
            return false;
        };
        ws.ready_state() == WebSocket::OPEN
            && serde_json::to_string(frame).is_ok_and(|text| ws.send_with_str(&text).is_ok())
    }

    /// Closes the connection for good.
    pub(crate) fn stop(&self) {
        let mut inner = self.0.borrow_mut();
        inner.stopped = true;
        if let Some(ws) = inner.ws.take() {
            detach(&ws);
            let _ = ws.close();
        }
        inner.callbacks = None;
        if let (Some(net), Some(window)) = (inner.network.take(), web_sys::window()) {
            let _ = window
                .remove_event_listener_with_callback("online", net.online.as_ref().unchecked_ref());
            let _ = window.remove_event_listener_with_callback(
                "offline",
                net.offline.as_ref().unchecked_ref(),
            );
        }
    }

    fn listen_to_network(&self) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let (up, down) = (Rc::downgrade(&self.0), Rc::downgrade(&self.0));
        let net = NetworkListeners {
            online: Closure::new(move || {
                if let Some(inner) = up.upgrade() {
                    Socket(inner).back_online();
                }
            }),
            offline: Closure::new(move || {
                if let Some(inner) = down.upgrade() {
                    Socket(inner).went_offline();
                }
            }),
        };
        let _ =
            window.add_event_listener_with_callback("online", net.online.as_ref().unchecked_ref());
        let _ = window
            .add_event_listener_with_callback("offline", net.offline.as_ref().unchecked_ref());
        self.0.borrow_mut().network = Some(net);
    }

    /// The browser lost the network: drop the connection now and wait for `online`.
    fn went_offline(&self) {
        let handlers = {
            let mut inner = self.0.borrow_mut();
            if inner.stopped || inner.offline {
                return;
            }
            inner.offline = true;
            inner.generation += 1;
            if let Some(ws) = inner.ws.take() {
                detach(&ws);
                let _ = ws.close();
            }
            inner.handlers.clone()
        };
        (handlers.on_down)();
    }

    /// The network is back: connect at once, without the backoff delay.
    fn back_online(&self) {
        {
            let mut inner = self.0.borrow_mut();
            if inner.stopped || !inner.offline {
                return;
            }
            inner.offline = false;
            inner.generation += 1;
            inner.backoff.reset();
            if inner.ws.is_some() {
                return;
            }
        }
        self.connect();
    }

    fn connect(&self) {
        let url = self.0.borrow().url.clone();
        let Ok(ws) = WebSocket::new(&url) else {
            self.dropped();
            return;
        };
        let callbacks = self.callbacks();
        ws.set_onopen(Some(callbacks._open.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(callbacks._message.as_ref().unchecked_ref()));
        ws.set_onclose(Some(callbacks._close.as_ref().unchecked_ref()));
        let mut inner = self.0.borrow_mut();
        inner.ws = Some(ws);
        inner.callbacks = Some(callbacks);
    }

    fn callbacks(&self) -> Callbacks {
        let weak = Rc::downgrade(&self.0);
        let on_open = weak.clone();
        let on_message = weak.clone();
        Callbacks {
            _open: Closure::new(move || {
                if let Some(h) = handlers(&on_open, true) {
                    (h.on_open)();
                }
            }),
            _message: Closure::new(move |ev: MessageEvent| {
                let frame = ev
                    .data()
                    .as_string()
                    .and_then(|t| serde_json::from_str(&t).ok());
                if let (Some(h), Some(frame)) = (handlers(&on_message, false), frame) {
                    (h.on_frame)(frame);
                }
            }),
            _close: Closure::new(move |_: CloseEvent| {
                if let Some(inner) = weak.upgrade() {
                    Socket(inner).dropped();
                }
            }),
        }
    }

    /// The connection is gone: tell the owner and try again after the backoff delay.
    fn dropped(&self) {
        let (handlers, delay, generation) = {
            let mut inner = self.0.borrow_mut();
            if inner.stopped {
                return;
            }
            inner.ws = None;
            if inner.offline {
                return;
            }
            inner.generation += 1;
            (
                inner.handlers.clone(),
                inner.backoff.next_delay(),
                inner.generation,
            )
        };
        (handlers.on_down)();
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            TimeoutFuture::new(delay).await;
            let due = {
                let inner = me.0.borrow();
                !inner.stopped && !inner.offline && inner.generation == generation
            };
            if due {
                me.connect();
            }
        });
    }
}

/// The handlers, taken out of the cell so they may call back into the socket; `opened` resets the backoff.
fn handlers(weak: &Weak<RefCell<Inner>>, opened: bool) -> Option<Rc<Handlers>> {
    let inner = weak.upgrade()?;
    let mut inner = inner.borrow_mut();
    if opened {
        inner.backoff.reset();
    }
    Some(inner.handlers.clone())
}

fn detach(ws: &WebSocket) {
    ws.set_onopen(None);
    ws.set_onmessage(None);
    ws.set_onclose(None);
}

/// What the browser says about the network; `true` when it cannot tell.
fn navigator_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// The chat socket's address on the widget's own origin, `ws:` or `wss:` like the page.
pub(crate) fn chat_url(token: &str) -> Option<String> {
    let location = web_sys::window()?.location();
    let scheme = if location.protocol().ok()? == "https:" {
        "wss"
    } else {
        "ws"
    };
    let host = location.host().ok()?;
    let token = js_sys::encode_uri_component(token);
    Some(format!("{scheme}://{host}/api/ws?visitor={token}"))
}
