//! Time and ids: the clock shown next to messages (HH:MM, local time) and message client ids.
//!
//! The browser's `Date` does the time-zone work, so no date crate is shipped in the wasm.

/// Now, in Unix milliseconds.
pub(crate) fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// Now by the server's clock, as far as we know it: ours plus the difference last observed (the
/// server may be set to another time than the browser, e.g. a demo or a test clock).
pub(crate) fn server_now_ms() -> i64 {
    let skew: i64 = crate::storage::get_json(crate::storage::SKEW).unwrap_or_default();
    now_ms() + skew
}

/// The server stamped something with `at_ms` just now: remember how far its clock is from ours.
pub(crate) fn observe_server(at_ms: i64) {
    crate::storage::set_json(crate::storage::SKEW, &(at_ms - now_ms()));
}

/// `at_ms` as local `HH:MM`.
pub(crate) fn hh_mm(at_ms: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at_ms as f64));
    format_hm(date.get_hours(), date.get_minutes())
}

/// A fresh client id for a message: time and randomness, printable ASCII, well under 64 bytes.
pub(crate) fn new_client_id() -> String {
    let random = (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
    client_id(now_ms(), random)
}

fn format_hm(hours: u32, minutes: u32) -> String {
    format!("{hours:02}:{minutes:02}")
}

fn client_id(now_ms: i64, random: u32) -> String {
    format!("w{now_ms:x}-{random:08x}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use bangban_core::text::validate_client_id;

    #[test]
    fn times_are_zero_padded() {
        assert_eq!(format_hm(9, 5), "09:05");
        assert_eq!(format_hm(23, 59), "23:59");
    }

    #[test]
    fn client_ids_pass_the_server_rules() {
        let id = client_id(1_700_000_000_000, u32::MAX);
        assert!(validate_client_id(&id).is_ok(), "{id}");
        assert_ne!(client_id(1, 2), client_id(1, 3));
    }
}
