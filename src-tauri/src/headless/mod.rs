//! The `gatehouse` subcommands: headless, thin over `gatehouse-core`, never touching the
//! window's toolkit. Progress and errors go to stderr, results to stdout.

mod cli;
mod output;
mod restore;

use std::io::Write as _;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use gatehouse_core::configfiles::{ExportOptions, Format, Layout};
use gatehouse_core::{AppConfig, CancelFlag, Gatehouse, Pace, Picks, Progress, ReadOptions};
use gatehouse_wire::ApiError;

pub use cli::{Cli, Command};
use cli::{DiffArgs, ExportArgs, FileFormat, FileLayout, PlanArgs, ReadArgs, VerifyArgs};

/// Exit status: the command did what it was asked and found nothing to report.
pub const SUCCESS: i32 = 0;
/// It failed; nothing was replaced.
pub const FAILED: i32 = 1;
/// `diff` found drift, `verify` found the files changed, `plan` planned steps, `apply`
/// left steps refused or failed.
pub const DIFFERENT: i32 = 2;
/// `export` wrote the files but could not read every type.
pub const INCOMPLETE: i32 = 3;

/// Runs `command` to its end and gives the process's exit status.
pub fn run(command: Command, config: AppConfig) -> i32 {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("gatehouse: cannot start: {error}");
            return FAILED;
        }
    };
    match runtime.block_on(dispatch(command, config)) {
        Ok(status) => status,
        Err(error) => {
            eprintln!("gatehouse: {error}");
            FAILED
        }
    }
}

async fn dispatch(command: Command, config: AppConfig) -> Result<i32, ApiError> {
    match command {
        Command::Export(args) => export(args, Gatehouse::new(config)?).await,
        Command::Diff(args) => diff(args, config).await,
        Command::Verify(args) => verify(&args),
        Command::Plan(args) => plan(args, Gatehouse::new(config)?).await,
        Command::Apply(args) => restore::apply(args, Gatehouse::new(config)?).await,
    }
}

/// Progress on stderr, one line per type when it is done and every tenth request.
fn progress_to_stderr() -> Arc<dyn Fn(&Progress) + Send + Sync> {
    Arc::new(|progress: &Progress| {
        if progress.done == progress.total || progress.done.is_multiple_of(10) && progress.done > 0
        {
            eprintln!("{} {}/{}", progress.resource, progress.done, progress.total);
        }
    })
}

/// Read options from the flags; Ctrl-C cancels.
fn read_options(args: &ReadArgs) -> ReadOptions {
    let cancel = CancelFlag::default();
    let on_interrupt = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln!("cancelling: the previous files stay as they were");
            on_interrupt.cancel();
        }
    });
    ReadOptions {
        pace: Pace {
            requests: args.pace_requests,
            per: Duration::from_secs(args.pace_seconds),
        },
        auth_user_ids: args.auth_users.clone(),
        types: None,
        system_export: !args.no_system_export,
        progress: Some(progress_to_stderr()),
        cancel,
    }
}

async fn export(args: ExportArgs, app: Gatehouse) -> Result<i32, ApiError> {
    if args.include_secrets {
        eprintln!(
            "warning: secrets are written as they are; anyone who can read {} can use them",
            args.out.display()
        );
    }
    let files = ExportOptions {
        include_secrets: args.include_secrets,
        include_volatile: args.include_volatile,
        format: match args.format {
            FileFormat::Json => Format::Json,
            FileFormat::Yaml => Format::Yaml,
        },
        layout: match args.layout {
            FileLayout::Folder => Layout::Folder,
            FileLayout::File => Layout::File,
        },
    };
    let options = ReadOptions {
        types: (!args.types.is_empty()).then(|| args.types.iter().cloned().collect()),
        ..read_options(&args.read)
    };
    let manifest = app
        .export(&args.connection.connection, &options, &files, &args.out)
        .await?;
    print(&output::manifest_summary(&args.out, &manifest));
    for failure in &manifest.failures {
        eprintln!(
            "not read completely: {}: {}",
            failure.resource, failure.message
        );
    }
    Ok(if manifest.complete {
        SUCCESS
    } else {
        INCOMPLETE
    })
}

async fn diff(args: DiffArgs, config: AppConfig) -> Result<i32, ApiError> {
    let comparison = match (&args.connection, &args.other) {
        (Some(connection), _) => {
            let app = Gatehouse::new(config)?;
            app.diff_live(connection, &args.export, &read_options(&args.read))
                .await?
        }
        (None, Some(other)) => gatehouse_core::diff_exports(&args.export, other)?,
        // clap requires one of the two.
        (None, None) => unreachable!("diff needs --connection or a second export"),
    };
    print(&match args.format {
        cli::ReportFormat::Text => output::comparison_text(&comparison),
        cli::ReportFormat::Json => output::json(&comparison),
    });
    Ok(if comparison.has_drift() {
        DIFFERENT
    } else {
        SUCCESS
    })
}

fn verify(args: &VerifyArgs) -> Result<i32, ApiError> {
    let verification = gatehouse_core::verify_export(&args.dir)?;
    print(&match args.format {
        cli::ReportFormat::Text => output::verification_text(Path::new(&args.dir), &verification),
        cli::ReportFormat::Json => output::json(&verification),
    });
    Ok(if verification.is_intact() {
        SUCCESS
    } else {
        DIFFERENT
    })
}

async fn plan(args: PlanArgs, app: Gatehouse) -> Result<i32, ApiError> {
    let picks = Picks {
        only: (!args.only.is_empty()).then(|| args.only.iter().cloned().collect()),
        delete: args.delete.iter().cloned().collect(),
    };
    let plan = app
        .plan_restore(
            &args.connection.connection,
            &args.export,
            &picks,
            &read_options(&args.read),
        )
        .await?;
    plan.write(&args.out)
        .map_err(|error| ApiError::new(gatehouse_wire::ErrorKind::Storage, error.to_string()))?;
    print(&match args.format {
        cli::ReportFormat::Text => output::plan_text(&args.out, &plan),
        cli::ReportFormat::Json => output::json(&plan),
    });
    Ok(if plan.is_empty() { SUCCESS } else { DIFFERENT })
}

/// Writes a result to stdout; a closed pipe (`| head`) is not an error worth a panic.
fn print(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}
