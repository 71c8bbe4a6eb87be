//! The `bangban` binary: reads the command line, sets up logging, and runs the server.

use anyhow::Context;
use bangban_server::clock::Clock;
use bangban_server::config::{Cli, Command, FaqCommand, KbCommand, KbFormat};
use bangban_server::store::sqlite::SqliteStore;
use bangban_server::{accounts, demo, faq, kb_io, prepare, run};
use clap::Parser;
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

/// mimalloc instead of glibc's malloc: with 5,200 WebSockets, glibc's arenas held 231 MB resident for a
/// heap about half that size; mimalloc returns freed pages (`cargo xtask bench chat`, see the README).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match real_main().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            // One line for people; the chain of causes, no backtrace.
            eprintln!("bangban: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn real_main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    match Cli::parse().command {
        Command::Serve(args) => {
            let prepared = prepare(&args).await?;
            let listener = TcpListener::bind(args.addr)
                .await
                .with_context(|| format!("cannot listen on {}", args.addr))?;
            let addr = listener.local_addr()?;
            tracing::info!(%addr, "listening");
            if let Some(password) = &prepared.demo_password {
                println!("{}", demo::banner(&addr.to_string(), password));
            }
            run(listener, prepared, shutdown_signal()).await
        }
        Command::Agent(args) => {
            let store = SqliteStore::open(&args.database).await?;
            println!("{}", accounts::run(&store, args.command).await?);
            Ok(())
        }
        Command::Kb(args) => {
            let store = SqliteStore::open(&args.database).await?;
            match args.command {
                KbCommand::Import { file } => {
                    let now = Clock::system().now_ms();
                    println!("{}", kb_io::import(&store, &file, now).await?);
                }
                KbCommand::Export { format, output } => {
                    let text = kb_io::export(&store, format == KbFormat::Csv).await?;
                    match output {
                        Some(path) => std::fs::write(&path, text)?,
                        None => print!("{text}"),
                    }
                }
            }
            Ok(())
        }
        Command::Faq(FaqCommand::Search { kb, item }) => {
            let stdin = std::io::stdin().lock();
            let stdout = std::io::stdout().lock();
            faq::search(&kb, item.as_deref(), stdin, std::io::BufWriter::new(stdout))
        }
    }
}

/// Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
    tracing::info!("shutting down");
}
