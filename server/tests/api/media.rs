//! Screenshots and voice clips over the real API: upload, delivery over the WebSocket, serving to the
//! participants only, and a folder of hostile files, each refused with the right status and nothing left
//! behind.

use std::path::{Path, PathBuf};

use bangban_core::media::{AttachmentKind, MAX_AUDIO_BYTES, MAX_IMAGE_BYTES};
use bangban_core::protocol::{ChatMessage, ConversationView, SenderKind, ServerFrame};
use bangban_server::media::samples;

use crate::helpers::{AgentClient, Citizen, TestApp, error_code, ok_json};

/// A chat accepted by chuangkou1.
async fn accepted_chat(app: &TestApp) -> (Citizen, AgentClient, ConversationView) {
    let citizen = app.citizen().await;
    let conv = citizen.handoff(None, "页面上这个报错是什么意思").await;
    let agent = app.agent("chuangkou1").await;
    agent.sign_in().await;
    agent.accept(&conv.id).await;
    (citizen, agent, conv)
}

fn upload_path(conv: &str, client_id: &str) -> String {
    format!("/api/conversations/{conv}/attachments?client_id={client_id}")
}

fn blob_dir(app: &TestApp) -> PathBuf {
    app.dir.path().join("bangban.db.blobs")
}

/// Every file in the blob folder.
fn stored_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                found.extend(stored_files(&path));
            } else {
                found.push(path);
            }
        }
    }
    found
}

async fn messages(citizen: &Citizen, conv: &str) -> Vec<ChatMessage> {
    ok_json(citizen.get(&format!("/api/conversations/{conv}/messages?after=0"))).await
}

#[tokio::test]
async fn a_screenshot_reaches_the_agent_and_is_served_to_participants_only() {
    let app = TestApp::start().await;
    let (citizen, agent, conv) = accepted_chat(&app).await;
    let mut agent_ws = agent.socket(&app).await;

    let png = samples::png(1280, 720);
    let message: ChatMessage = ok_json(
        citizen
            .post(&upload_path(&conv.id, "img-1"))
            .header("content-type", "text/html")
            .body(png.clone()),
    )
    .await;
    let attachment = message.attachment.clone().expect("an attachment");
    assert_eq!(attachment.kind, AttachmentKind::Image);
    assert_eq!(attachment.mime, "image/png");
    assert_eq!(
        (attachment.width, attachment.height),
        (Some(1280), Some(720))
    );
    assert_eq!(message.text, "[图片]");
    assert_eq!(message.sender, SenderKind::Citizen);

    let pushed = agent_ws
        .until(|f| match f {
            ServerFrame::Message { message } if message.attachment.is_some() => Some(message),
            _ => None,
        })
        .await;
    assert_eq!(pushed, message);

    // The agent gets the file (re-encoded PNG) and a thumbnail, with safe headers.
    let url = attachment.url(&conv.id);
    let res = agent.get(&url).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("inline; filename=\"bangban-")
    );
    let body = res.bytes().await.unwrap();
    let decoded = image::load_from_memory(&body).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (1280, 720));
    let res = agent
        .get(&format!("{url}?download=1"))
        .send()
        .await
        .unwrap();
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    let thumb = agent
        .get(&attachment.thumb_url(&conv.id))
        .send()
        .await
        .unwrap();
    assert_eq!(thumb.headers()["content-type"], "image/jpeg");
    let small = image::load_from_memory(&thumb.bytes().await.unwrap()).unwrap();
    assert!(small.width() <= 320 && small.height() <= 320);
    assert_eq!(citizen.get(&url).send().await.unwrap().status(), 200);

    // Nobody else: another citizen, an agent not in the chat, nobody signed in; also not by guessing
    // the attachment id under another conversation.
    let stranger = app.citizen().await;
    assert_eq!(error_code(stranger.get(&url), 404).await, "not_found");
    assert_eq!(
        error_code(
            stranger
                .post(&upload_path(&conv.id, "x-1"))
                .body(samples::png(10, 10)),
            404
        )
        .await,
        "not_found"
    );
    let own = stranger.handoff(None, "另一个问题").await;
    let crossed = format!(
        "/api/conversations/{}/attachments/{}",
        own.id, attachment.id
    );
    assert_eq!(error_code(stranger.get(&crossed), 404).await, "not_found");
    let other_agent = app.agent("yewu1").await;
    assert_eq!(error_code(other_agent.get(&url), 404).await, "not_found");
    let anonymous = reqwest::Client::new();
    assert_eq!(
        anonymous.get(app.url(&url)).send().await.unwrap().status(),
        401
    );
}

#[tokio::test]
async fn a_retried_upload_is_stored_once() {
    let app = TestApp::start().await;
    let (citizen, _agent, conv) = accepted_chat(&app).await;
    let png = samples::png(300, 200);
    let first: ChatMessage = ok_json(
        citizen
            .post(&upload_path(&conv.id, "same"))
            .body(png.clone()),
    )
    .await;
    let again: ChatMessage = ok_json(citizen.post(&upload_path(&conv.id, "same")).body(png)).await;
    assert_eq!(first, again);
    assert_eq!(
        stored_files(&blob_dir(&app)).len(),
        2,
        "one file and its thumbnail"
    );
    let with_files = messages(&citizen, &conv.id)
        .await
        .into_iter()
        .filter(|m| m.attachment.is_some())
        .count();
    assert_eq!(with_files, 1);
}

#[tokio::test]
async fn voice_clips_of_each_recorder_format_are_measured() {
    let app = TestApp::start().await;
    let (citizen, agent, conv) = accepted_chat(&app).await;
    let cases = [
        ("webm", samples::webm_opus(5_000), "audio/webm", 5_000),
        ("ogg", samples::ogg_opus(12_000), "audio/ogg", 12_000),
        ("mp4", samples::mp4_aac(3_000, true), "audio/mp4", 3_000),
    ];
    for (name, bytes, mime, ms) in cases {
        let message: ChatMessage = ok_json(
            citizen
                .post(&upload_path(&conv.id, &format!("clip-{name}")))
                .body(bytes.clone()),
        )
        .await;
        let clip = message.attachment.expect("an attachment");
        assert_eq!(clip.kind, AttachmentKind::Audio, "{name}");
        assert_eq!(clip.mime, mime);
        let got = clip.duration_ms.unwrap();
        assert!(got.abs_diff(ms) <= 50, "{name}: {got} ms");
        let res = agent.get(&clip.url(&conv.id)).send().await.unwrap();
        assert_eq!(res.headers()["content-type"], mime);
        assert_eq!(
            res.bytes().await.unwrap().as_ref(),
            &bytes[..],
            "kept as recorded"
        );
    }
    // The agent can send one too.
    let back: ChatMessage = ok_json(
        agent
            .post(&upload_path(&conv.id, "agent-img"))
            .body(samples::png(50, 50)),
    )
    .await;
    assert_eq!(back.sender, SenderKind::Agent);
}

#[tokio::test]
async fn hostile_files_are_refused_and_leave_nothing_behind() {
    let app = TestApp::start().await;
    let (citizen, _agent, conv) = accepted_chat(&app).await;
    let folder = tempfile::tempdir().unwrap();
    let whole = samples::png(400, 300);
    let mut oversized_image = samples::png(8, 8);
    oversized_image.resize(MAX_IMAGE_BYTES as usize + 1, 0);
    let mut oversized_audio = samples::webm_opus(1_000);
    oversized_audio.resize(MAX_AUDIO_BYTES as usize + 1, 0);
    let hostile: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        (
            "page.png",
            b"<html><body><script>alert(document.cookie)</script></body></html>".to_vec(),
            415,
            "unsupported_type",
        ),
        (
            "drawing.svg",
            br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>"#.to_vec(),
            415,
            "unsupported_type",
        ),
        (
            "cut.png",
            whole[..whole.len() / 2].to_vec(),
            422,
            "broken_image",
        ),
        (
            "bomb.png",
            samples::png_bomb_header(60_000, 60_000),
            413,
            "too_many_pixels",
        ),
        (
            "long.webm",
            samples::webm_opus(90_000),
            413,
            "audio_too_long",
        ),
        (
            "noise.webm",
            samples::random_bytes(4096),
            415,
            "unsupported_type",
        ),
        ("huge.png", oversized_image, 413, "image_too_large"),
        ("huge.webm", oversized_audio, 413, "audio_too_large"),
        ("empty.png", Vec::new(), 422, "empty_file"),
    ];
    let before = messages(&citizen, &conv.id).await.len();
    for (name, bytes, status, code) in hostile {
        let path = folder.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let body = std::fs::read(&path).unwrap();
        let res = citizen
            .post(&upload_path(&conv.id, &format!("bad-{name}")))
            .header("content-type", "image/png")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), status, "{name}");
        let envelope: serde_json::Value = res.json().await.unwrap();
        assert_eq!(envelope["code"], code, "{name}");
        let message = envelope["message"].as_str().unwrap();
        assert!(
            message
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{name}: a Chinese message, got {message}"
        );
        assert!(
            stored_files(&blob_dir(&app)).is_empty(),
            "{name} left a file"
        );
        assert_eq!(messages(&citizen, &conv.id).await.len(), before, "{name}");
    }

    // A photo with its GPS position is taken, but the stored copy has no EXIF at all.
    let photo = samples::jpeg_with_gps(640, 480);
    assert!(samples::has_exif(&photo));
    std::fs::write(folder.path().join("gps.jpg"), &photo).unwrap();
    let message: ChatMessage = ok_json(
        citizen
            .post(&upload_path(&conv.id, "gps"))
            .body(std::fs::read(folder.path().join("gps.jpg")).unwrap()),
    )
    .await;
    let attachment = message.attachment.unwrap();
    assert_eq!(attachment.mime, "image/jpeg");
    let files = stored_files(&blob_dir(&app));
    assert_eq!(files.len(), 2);
    for file in files {
        let stored = std::fs::read(&file).unwrap();
        assert!(!samples::has_exif(&stored), "{}", file.display());
        assert!(
            !stored.windows(2).any(|w| w == [0xFF, 0xE1]),
            "no APP1 segment"
        );
    }
    let served = citizen
        .get(&attachment.url(&conv.id))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(!samples::has_exif(&served));
}

#[tokio::test]
async fn a_closed_chat_takes_no_files_and_orphans_are_swept_at_start() {
    let app = TestApp::start().await;
    let (citizen, agent, conv) = accepted_chat(&app).await;
    let kept: ChatMessage = ok_json(
        citizen
            .post(&upload_path(&conv.id, "kept"))
            .body(samples::png(20, 20)),
    )
    .await;
    let _: ConversationView =
        ok_json(agent.post(&format!("/api/conversations/{}/close", conv.id))).await;
    assert_eq!(
        error_code(
            citizen
                .post(&upload_path(&conv.id, "late"))
                .body(samples::png(20, 20)),
            409
        )
        .await,
        "conversation_closed"
    );
    // As if the server had died between storing a file and committing its message.
    let orphan = blob_dir(&app).join("0123456789abcdef0123456789abcdef");
    std::fs::write(&orphan, b"left by a crash").unwrap();
    let dir = app.stop().await;
    let app = TestApp::start_in(dir).await;
    assert!(!orphan.exists(), "the orphan is swept at start");
    let attachment = kept.attachment.unwrap();
    let res = citizen_of(&app, &citizen)
        .get(&attachment.url(&conv.id))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "files of stored messages stay");
}

/// The same citizen against a restarted server (new port, same token).
fn citizen_of(app: &TestApp, citizen: &Citizen) -> Citizen {
    Citizen {
        base: app.base.clone(),
        http: citizen.http.clone(),
        token: citizen.token.clone(),
    }
}
