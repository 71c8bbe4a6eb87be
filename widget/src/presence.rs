//! Whether the citizen can see the widget: the loader's dialog is open (`bangban:open` /
//! `bangban:closed`) and the browser tab is visible. Messages count as read only then.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::VisibilityState;

/// Tracked visibility of the widget.
#[derive(Clone, Copy)]
pub(crate) struct Presence {
    dialog_open: RwSignal<bool>,
    page_visible: RwSignal<bool>,
}

impl Presence {
    /// Starts listening to the tab's visibility. Inside a loader (`in_dialog`) the dialog counts as
    /// closed until the loader says it is open; a widget opened on its own is always "open".
    pub(crate) fn new(in_dialog: bool) -> Presence {
        let presence = Presence {
            dialog_open: RwSignal::new(!in_dialog),
            page_visible: RwSignal::new(tab_visible()),
        };
        let page_visible = presence.page_visible;
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            let listener = Closure::<dyn Fn()>::new(move || page_visible.set(tab_visible()));
            let _ = document.add_event_listener_with_callback(
                "visibilitychange",
                listener.as_ref().unchecked_ref(),
            );
            // The listener lives as long as the page.
            listener.forget();
        }
        presence
    }

    /// The loader opened (`true`) or closed the dialog.
    pub(crate) fn set_dialog_open(self, open: bool) {
        self.dialog_open.set(open);
    }

    /// Whether the citizen can see the widget now, tracked.
    pub(crate) fn seen(self) -> bool {
        self.dialog_open.get() && self.page_visible.get()
    }
}

fn tab_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_none_or(|d| d.visibility_state() == VisibilityState::Visible)
}
