//! The subcommands and their flags, as `--help` explains them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Gatehouse: a desktop admin console for SailPoint ISC and Cloudentity ACP. Without a
/// subcommand it opens the window; the subcommands run headless (no display needed), for
/// scheduled backups and CI: progress goes to stderr, results to stdout.
#[derive(Debug, Parser)]
#[command(name = "gatehouse", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Export a tenant's configuration to a folder: canonical JSON or YAML with a manifest,
    /// secrets redacted and volatile fields left out unless asked. The folder is replaced only
    /// once every file is written. Exit 0 complete, 3 written but incomplete (the manifest
    /// lists what failed), 1 error (nothing replaced).
    Export(ExportArgs),
    /// Compare an export with the live tenant (`--connection`), or two exports with each
    /// other: objects added, removed or changed, field by field. Exit 0 no drift, 2 drift,
    /// 1 error.
    Diff(DiffArgs),
    /// Check an export against its manifest: format version, every file's SHA-256, files
    /// added or missing, each file parses. Exit 0 intact, 2 not intact, 1 error.
    Verify(VerifyArgs),
    /// Plan a restore of the live tenant to an export: per difference the request that undoes
    /// it (create, update; delete only where named with --delete), in dependency order, each
    /// with the live object's fingerprint. Nothing is sent. Secrets the export holds as
    /// placeholders are left out and listed as needing a value. Exit 0 nothing to restore,
    /// 2 a plan with steps written, 1 error.
    Plan(PlanArgs),
    /// Run a plan against the tenant it was made for. A step whose object changed since the
    /// plan is refused; each step is recorded in the journal beside the plan
    /// (`PLAN.journal.jsonl`), and a second run does only what is left. Exit 0 every step
    /// done, 2 some refused or failed (see the journal), 1 error.
    Apply(ApplyArgs),
}

#[derive(Debug, Args)]
pub struct ConnectionArgs {
    /// A saved connection's name or id, or the built-in `sandbox-sailpoint` /
    /// `sandbox-cloudentity` (an external sandbox when GATEHOUSE_SANDBOX_URL and
    /// GATEHOUSE_SANDBOX_CREDENTIALS are set; SAIL_BASE_URL, SAIL_CLIENT_ID and
    /// SAIL_CLIENT_SECRET give `environment-sailpoint`).
    #[arg(long, value_name = "NAME")]
    pub connection: String,
}

#[derive(Debug, Args)]
pub struct ReadArgs {
    /// Requests started in any `--pace-seconds` at most: keep it below the vendor's rate limit
    /// (100 per 10 s for SailPoint and the sandbox).
    #[arg(long, value_name = "N", default_value_t = 95, value_parser = clap::value_parser!(u32).range(1..))]
    pub pace_requests: u32,
    /// The window `--pace-requests` is counted over, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub pace_seconds: u64,
    /// SailPoint: an identity id whose auth user to export (the vendor lists none); repeat
    /// for more.
    #[arg(long = "auth-user", value_name = "IDENTITY_ID")]
    pub auth_users: Vec<String>,
    /// Cloudentity: leave out the system export (for a connection without a system client).
    #[arg(long)]
    pub no_system_export: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FileFormat {
    Json,
    Yaml,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FileLayout {
    /// One folder per type, one file per object.
    Folder,
    /// Every type in one file.
    File,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub connection: ConnectionArgs,
    /// The folder to write; anything in it that is not the export's (`.git`, a README) is kept.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    #[arg(long, value_enum, default_value_t = FileFormat::Json)]
    pub format: FileFormat,
    #[arg(long, value_enum, default_value_t = FileLayout::Folder)]
    pub layout: FileLayout,
    /// Write secrets as they are instead of placeholders. Anyone who can read the files can
    /// then use them; the manifest records it.
    #[arg(long)]
    pub include_secrets: bool,
    /// Keep fields the vendor bumps by itself (`lastUsed`, timestamps): every export then
    /// differs.
    #[arg(long)]
    pub include_volatile: bool,
    /// Only this resource type (`oauth-clients`, `clients`, `configuration`...) and what it
    /// lives under; repeat for more. Every type by default.
    #[arg(long = "type", value_name = "TYPE")]
    pub types: Vec<String>,
    #[command(flatten)]
    pub read: ReadArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The export to compare (the "before" side).
    #[arg(value_name = "EXPORT")]
    pub export: PathBuf,
    /// A second export (the "after" side), instead of the live tenant.
    #[arg(
        value_name = "OTHER",
        conflicts_with = "connection",
        required_unless_present = "connection"
    )]
    pub other: Option<PathBuf>,
    /// The live tenant to compare with (the "after" side): a connection's name or id, as
    /// for `export`.
    #[arg(long, value_name = "NAME")]
    pub connection: Option<String>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    #[command(flatten)]
    pub read: ReadArgs,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The export's folder.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

/// `TYPE/ID`, as `diff` lists an object.
fn type_and_id(text: &str) -> Result<(String, String), String> {
    match text.split_once('/') {
        Some((resource, id)) if !resource.is_empty() && !id.is_empty() => {
            Ok((resource.to_owned(), id.to_owned()))
        }
        _ => Err(format!(
            "{text}: expected TYPE/ID, as `diff` lists it (clients/3f2a...)"
        )),
    }
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The export to restore to.
    #[arg(value_name = "EXPORT")]
    pub export: PathBuf,
    #[command(flatten)]
    pub connection: ConnectionArgs,
    /// Where to write the plan (JSON), for review and for `apply`.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Only this difference (`TYPE/ID`, as `diff` lists it); repeat for more. Every create
    /// and update without.
    #[arg(long = "only", value_name = "TYPE/ID", value_parser = type_and_id)]
    pub only: Vec<(String, String)>,
    /// Delete this object, which only the live tenant has (`TYPE/ID`); repeat for more.
    /// Nothing is deleted that is not named here.
    #[arg(long = "delete", value_name = "TYPE/ID", value_parser = type_and_id)]
    pub delete: Vec<(String, String)>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    #[command(flatten)]
    pub read: ReadArgs,
}

#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// The plan `plan` wrote.
    #[arg(value_name = "PLAN")]
    pub plan: PathBuf,
    #[command(flatten)]
    pub connection: ConnectionArgs,
    /// Where the secrets of re-created objects are written (one JSON line each; the file is
    /// created readable by its owner only). Needed when the plan re-creates an object the
    /// vendor gives a secret: they are shown nowhere else.
    #[arg(long, value_name = "FILE")]
    pub secrets_file: Option<PathBuf>,
}
