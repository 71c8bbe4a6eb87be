//! A short beep for the 45-second alert, made with a WebAudio oscillator (no audio file to load).
//!
//! Browsers only let a page play sound after the user has interacted with it; the agent has at least signed in,
//! so this normally plays. Any failure is silent: the alert is also shown on screen.

use web_sys::{AudioContext, OscillatorType};

/// Length of the beep, in seconds.
const LENGTH_S: f64 = 0.25;
/// Pitch, in hertz: high enough to cut through an office, not shrill.
const PITCH_HZ: f32 = 880.0;

/// Plays one beep.
pub(crate) fn beep() {
    let _ = try_beep();
}

fn try_beep() -> Result<(), wasm_bindgen::JsValue> {
    let ctx = AudioContext::new()?;
    let osc = ctx.create_oscillator()?;
    let gain = ctx.create_gain()?;
    osc.set_type(OscillatorType::Sine);
    osc.frequency().set_value(PITCH_HZ);
    gain.gain().set_value(0.2);
    osc.connect_with_audio_node(&gain)?;
    gain.connect_with_audio_node(&ctx.destination())?;
    let start = ctx.current_time();
    osc.start_with_when(start)?;
    osc.stop_with_when(start + LENGTH_S)?;
    // Free the audio device once the beep is over.
    let done = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = ctx.close();
    });
    osc.set_onended(Some(wasm_bindgen::JsCast::unchecked_ref(&done)));
    Ok(())
}
