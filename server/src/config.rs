//! Command line and environment: `bangban serve [--demo]`, `bangban --help` documents every option.

use std::net::SocketAddr;
use std::path::PathBuf;

use bangban_core::protocol::Role;
use clap::{Args, Parser, Subcommand};

/// bangban (帮办): online help for government service portals.
#[derive(Debug, Parser)]
#[command(name = "bangban", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server: API, WebSocket, the widget, the console and the demo pages.
    Serve(ServeArgs),
    /// Manage agent accounts: `agent add|disable|reset-password`.
    Agent(AgentArgs),
    /// Import and export the knowledge base: `kb import FILE`, `kb export --format json|csv`.
    Kb(KbArgs),
    /// Ask the FAQ matcher from the command line (the same code and thresholds as the widget).
    #[command(subcommand)]
    Faq(FaqCommand),
}

/// `bangban agent ...`: the database and what to do.
#[derive(Debug, Args)]
pub struct AgentArgs {
    /// Database URL: `sqlite://FILE`.
    #[arg(
        long,
        env = "BANGBAN_DATABASE_URL",
        default_value = "sqlite://bangban.db",
        global = true
    )]
    pub database: String,
    /// What to do.
    #[command(subcommand)]
    pub command: AgentCommand,
}

/// Agent account commands.
#[derive(Debug, Subcommand)]
pub enum AgentCommand {
    /// Create an account (or update it, enabling it again); prints the password when one is made up.
    Add {
        /// 工号, the login name.
        username: String,
        /// Name shown to citizens.
        #[arg(long)]
        name: String,
        /// Role: window (窗口客服), business (业务客服), supervisor, kb_maintainer, admin.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// Department (主管部门); none means the general 窗口.
        #[arg(long)]
        department: Option<String>,
        /// Most chats at once.
        #[arg(long, default_value_t = crate::store::DEFAULT_MAX_CHATS)]
        max_chats: u32,
        /// Password; a random one is made and printed when absent.
        #[arg(long, env = "BANGBAN_AGENT_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
    /// Disable an account: it can no longer sign in, and its sessions end.
    Disable {
        /// 工号.
        username: String,
    },
    /// Set a new password; prints it when one is made up. Ends the account's sessions.
    ResetPassword {
        /// 工号.
        username: String,
        /// The new password; a random one is made and printed when absent.
        #[arg(long, env = "BANGBAN_AGENT_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
}

fn parse_role(s: &str) -> Result<Role, String> {
    serde_json::from_value(serde_json::Value::String(s.to_owned()))
        .map_err(|_| "one of: window, business, supervisor, kb_maintainer, admin".to_owned())
}

/// `bangban kb ...`.
#[derive(Debug, Args)]
pub struct KbArgs {
    /// Database URL: `sqlite://FILE`.
    #[arg(
        long,
        env = "BANGBAN_DATABASE_URL",
        default_value = "sqlite://bangban.db",
        global = true
    )]
    pub database: String,
    /// What to do.
    #[command(subcommand)]
    pub command: KbCommand,
}

/// Knowledge-base file formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum KbFormat {
    /// `{"entries":[...],"synonyms":[...]}`.
    Json,
    /// The same columns; `similar` and `keywords` separated by `|`; UTF-8 with BOM.
    Csv,
}

/// Knowledge-base commands.
#[derive(Debug, Subcommand)]
pub enum KbCommand {
    /// Add or update the entries of a JSON or CSV file (by id). A file with any bad row is refused whole,
    /// with every row number and reason. The running server picks the new version up within seconds.
    Import {
        /// The file; `.csv` is read as CSV, anything else as JSON.
        file: PathBuf,
    },
    /// Write the published entries to stdout (or `--output`).
    Export {
        /// Format.
        #[arg(long, value_enum, default_value = "json")]
        format: KbFormat,
        /// Write here instead of stdout.
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

/// `bangban faq ...`.
#[derive(Debug, Subcommand)]
pub enum FaqCommand {
    /// Reads one question per line on stdin and writes one JSON line per question:
    /// `{"q":"...","answer":"kb-0042"|null,"suggestions":["kb-0043"]}`.
    Search {
        /// Knowledge base in the interchange format: JSON (`{"entries":[...]}`) or CSV (same columns, `similar` and
        /// `keywords` separated by `|`), UTF-8 with or without BOM.
        #[arg(long)]
        kb: PathBuf,
        /// The page's service item (事项), as `data-item` gives it.
        #[arg(long)]
        item: Option<String>,
    },
}

/// Options of `bangban serve`.
#[derive(Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "BANGBAN_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Database URL: `sqlite://FILE` (created if missing).
    #[arg(
        long,
        env = "BANGBAN_DATABASE_URL",
        default_value = "sqlite://bangban.db"
    )]
    pub database: String,
    /// Folder of the built browser apps (`cargo xtask build` writes it).
    #[arg(long, env = "BANGBAN_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// Folder of static files: the loader `bangban.js` and the demo pages.
    #[arg(long, env = "BANGBAN_PUBLIC", default_value = "public")]
    pub public: PathBuf,
    /// Service items and their departments (JSON): replaces the registry at start. At first start without
    /// it, the built-in 35 items of seed 001 附件1; afterwards the registry an administrator keeps.
    #[arg(long, env = "BANGBAN_ITEMS")]
    pub items: Option<PathBuf>,
    /// Folder of working-day calendar files (`2026.json` ...); the built-in 2025-2027 files when absent.
    #[arg(long, env = "BANGBAN_CALENDAR_DIR")]
    pub calendar: Option<PathBuf>,
    /// Online human help hours per department (JSON); working days 9:00-11:30 and 13:30-16:30 when absent.
    #[arg(long, env = "BANGBAN_HOURS")]
    pub hours: Option<PathBuf>,
    /// Canned replies for agents (JSON list of strings); the built-in list when absent.
    #[arg(long, env = "BANGBAN_CANNED")]
    pub canned: Option<PathBuf>,
    /// Give each waiting chat automatically to the least-loaded signed-in agent who may take it and has
    /// room (their chat limit), instead of waiting for an agent to click 接入.
    #[arg(long, env = "BANGBAN_AUTO_ASSIGN")]
    pub auto_assign: bool,
    /// Demo mode: create the demo accounts (printed at start) and load the demo knowledge base.
    #[arg(long)]
    pub demo: bool,
    /// Password of the demo accounts; a random one is made (and printed) when absent.
    #[arg(long, env = "BANGBAN_DEMO_PASSWORD", hide_env_values = true)]
    pub demo_password: Option<String>,
    /// With --demo only: where the server clock starts (RFC 3339, e.g. 2026-11-23T10:00:00+08:00);
    /// it runs on from there.
    #[arg(long, env = "BANGBAN_DEMO_NOW")]
    pub demo_now: Option<String>,
    /// Where uploaded screenshots and voice clips are kept, outside any public folder: a folder (default: the
    /// database file's name plus `.blobs`, beside it), or `s3://BUCKET/PREFIX` when built with `--features s3`
    /// (an S3-compatible store; credentials, region and endpoint from the usual `AWS_*` variables).
    #[arg(long, env = "BANGBAN_BLOBS")]
    pub blobs: Option<String>,
}

impl std::fmt::Debug for ServeArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServeArgs")
            .field("addr", &self.addr)
            .field("database", &self.database)
            .field("dist", &self.dist)
            .field("public", &self.public)
            .field("items", &self.items)
            .field("calendar", &self.calendar)
            .field("hours", &self.hours)
            .field("canned", &self.canned)
            .field("auto_assign", &self.auto_assign)
            .field("blobs", &self.blobs)
            .field("demo", &self.demo)
            .field(
                "demo_password",
                &self.demo_password.as_ref().map(|_| "<redacted>"),
            )
            .field("demo_now", &self.demo_now)
            .finish()
    }
}
