//! Every route and layer of the server, in one table.

use std::path::Path;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::Redirect;
use axum::routing::{get, post, put};
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::api::{
    admin, agent, auth, cases, conversations, kb, kbwork, ledger, service, stats, tickets, visitors,
};
use crate::state::AppState;
use crate::ws;

/// Largest JSON body: a handoff with 40 turns of 2,000 characters fits.
pub const MAX_JSON_BODY: usize = 512 * 1024;

/// Where the static parts live.
#[derive(Clone, Debug)]
pub struct StaticDirs {
    /// Built apps (`dist/`, with `widget/` and `console/`).
    pub dist: std::path::PathBuf,
    /// `public/`: the loader and demo pages.
    pub public: std::path::PathBuf,
}

/// The whole application.
pub fn router(state: AppState, dirs: &StaticDirs) -> Router {
    let api = Router::new()
        .route("/visitors", post(visitors::create))
        .route("/kb/snapshot", get(kb::snapshot))
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/me", get(agent::get_me))
        .route("/agent/duty", post(agent::set_duty))
        .route("/agent/conversations", get(agent::conversations))
        .route("/queue", get(agent::queue))
        .route("/conversations", post(conversations::create))
        .route("/conversations/current", get(conversations::current))
        .route("/conversations/{id}", get(conversations::get))
        .route(
            "/conversations/{id}/messages",
            get(conversations::messages).post(conversations::send),
        )
        .route(
            "/conversations/{id}/attachments",
            post(crate::media::upload),
        )
        .route(
            "/conversations/{id}/attachments/{attachment}",
            get(crate::media::file),
        )
        .route(
            "/conversations/{id}/attachments/{attachment}/thumb",
            get(crate::media::thumb),
        )
        .route("/conversations/{id}/accept", post(conversations::accept))
        .route("/conversations/{id}/close", post(conversations::close))
        .route("/conversations/{id}/rating", post(conversations::rate))
        .route(
            "/conversations/{id}/transfer",
            post(conversations::transfer),
        )
        .route("/conversations/{id}/history", get(conversations::history))
        .route("/service-status", get(service::status))
        .route("/canned", get(service::canned))
        .route("/kb/search", get(service::search))
        .route("/tickets", get(tickets::list).post(tickets::create))
        .route("/tickets/mine", get(tickets::mine))
        .route("/tickets/{id}/answer", post(tickets::answer))
        .route("/agents", get(admin::agents))
        .route("/items", get(admin::items))
        .route("/admin/agents", post(admin::save_agent))
        .route("/admin/agents/{username}/disable", post(admin::disable))
        .route("/admin/agents/{username}/enable", post(admin::enable))
        .route(
            "/admin/agents/{username}/reset-password",
            post(admin::reset_password),
        )
        .route("/admin/items", put(admin::save_items))
        .route("/kb/entries", get(kbwork::entries).post(kbwork::save))
        .route("/kb/entries/{id}/retire", post(kbwork::retire))
        .route("/kb/unanswered", get(kbwork::unanswered))
        .route("/kb/unanswered/resolve", post(kbwork::resolve))
        .route("/kb/drafts", get(kbwork::drafts).post(kbwork::propose))
        .route("/kb/drafts/{id}/approve", post(kbwork::approve))
        .route("/kb/drafts/{id}/reject", post(kbwork::reject))
        .route("/unanswered", post(kbwork::report))
        .route(
            "/conversations/{id}/invite-rating",
            post(conversations::invite_rating),
        )
        .route("/bot-feedback", post(conversations::bot_feedback))
        .route("/cases", get(cases::list))
        .route("/cases/{id}/contact", post(cases::contact))
        .route("/cases/{id}/verify", post(cases::verify))
        .route("/cases/{id}/rectify", post(cases::rectify))
        .route("/cases/{id}/reply", post(cases::reply))
        .route("/stats", get(stats::report))
        .route("/stats/export", get(stats::export))
        .route("/ledger", get(ledger::list).post(ledger::add))
        .route("/ledger/export", get(ledger::export))
        .route("/ledger/monthly", get(ledger::monthly))
        .route("/ledger/monthly/export", get(ledger::monthly_export))
        .route("/ledger/{id}/close", post(ledger::close))
        .route("/bancheng", post(tickets::bancheng))
        .route("/tickets/offline", post(tickets::offline))
        .route("/tickets/{id}", get(tickets::detail))
        .route("/tickets/{id}/dispatch", post(tickets::dispatch))
        .route("/tickets/{id}/take", post(tickets::take))
        .route("/tickets/{id}/reply", post(tickets::reply))
        .route("/tickets/{id}/close", post(tickets::close))
        .route("/ws", get(ws::upgrade))
        .layer(DefaultBodyLimit::max(MAX_JSON_BODY))
        .layer(no_store());

    Router::new()
        .nest("/api", api)
        .route(
            "/",
            get(|| async { Redirect::temporary("/demo/yiwangtongban.html") }),
        )
        .nest_service("/widget", app_dir(&dirs.dist.join("widget")))
        .nest_service(
            "/console",
            tower::ServiceBuilder::new()
                .layer(deny_framing())
                .service(app_dir(&dirs.dist.join("console"))),
        )
        .fallback_service(ServeDir::new(&dirs.public))
        .with_state(state)
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("referrer-policy"),
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http().make_span_with(span_without_query))
}

/// A built app: its files, and its `index.html` for every other path.
fn app_dir(dir: &Path) -> ServeDir<ServeFile> {
    ServeDir::new(dir).fallback(ServeFile::new(dir.join("index.html")))
}

fn no_store() -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    )
}

fn deny_framing() -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"))
}

/// Request spans carry the method and path only: query strings may hold a visitor token.
fn span_without_query(req: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    tracing::info_span!("http", method = %req.method(), path = %req.uri().path())
}
