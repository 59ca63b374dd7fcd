//! The command line (see CONTRACT.md "The program"): parses arguments, builds the
//! configuration and hands over to the application. Output here is for the person at the
//! terminal; logging goes through `tracing`.

use std::io::BufRead;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::{Config, RawConfig};
use crate::services::users::NewUserInput;
use crate::startup::{Application, StartupError};

#[derive(Debug, Parser)]
#[command(
    name = "expat-desk",
    version,
    about = "Case management for a city's expat centre"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Apply pending migrations, then serve HTTP and run the background workers.
    Serve(ConfigArgs),
    /// Apply pending migrations and exit.
    Migrate(ConfigArgs),
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Serve on a database filled with realistic demo data (if it is empty) and print the log-ins.
    Demo(ConfigArgs),
    /// Drive benchmark scenarios for a fixed time and print one row each.
    Bench(BenchArgs),
    /// Fill the database with N realistic requests (and their newcomers, partners,
    /// timelines, mail and timers) for load and scale work.
    Seed(SeedArgs),
}

#[derive(Debug, Args)]
struct SeedArgs {
    /// How many requests to create.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    requests: u64,
    /// Random seed: the same seed on an empty database gives the same data.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Write `reference,access_code` of the first 1000 seeded requests to this CSV file.
    #[arg(long, value_name = "PATH")]
    codes_file: Option<std::path::PathBuf>,
    #[command(flatten)]
    config: ConfigArgs,
}

#[derive(Debug, Args)]
struct BenchArgs {
    /// A running server to drive; without it a server starts in-process on DATABASE_URL.
    #[arg(long)]
    url: Option<String>,
    /// Seconds per scenario.
    #[arg(long, default_value_t = 10)]
    duration: u64,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 32)]
    concurrency: usize,
    /// Scenarios to run (default: all).
    #[arg(long = "scenario", value_enum)]
    scenarios: Vec<crate::bench::Scenario>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    config: ConfigArgs,
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Create an account; the password is read from standard input (one line).
    Add(UserAddArgs),
}

#[derive(Debug, Args)]
struct UserAddArgs {
    #[arg(long)]
    email: String,
    #[arg(long)]
    name: String,
    #[arg(long, value_enum)]
    role: RoleArg,
    /// The partner organisation's slug (required for the partner role).
    #[arg(long)]
    partner: Option<String>,
    /// Read the password from standard input (the only way: it never appears in `ps`).
    #[arg(long, required = true)]
    password_stdin: bool,
    #[command(flatten)]
    config: ConfigArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum RoleArg {
    Admin,
    Caseworker,
    Partner,
}

/// Every setting, as a flag or its environment variable.
#[derive(Debug, Args)]
struct ConfigArgs {
    /// `sqlite://FILE?mode=rwc` or `postgres://USER@HOST/DB`.
    #[arg(long, env = "DATABASE_URL")]
    database_url: Option<String>,
    /// Listen address.
    #[arg(long, env = "EXPAT_DESK_BIND")]
    bind: Option<String>,
    /// Absolute URL used in e-mailed links.
    #[arg(long, env = "EXPAT_DESK_BASE_URL")]
    base_url: Option<String>,
    /// `smtp://host:port`, `smtp+starttls://user:pass@host:587` or `smtps://…`; unset: dev mailbox.
    #[arg(long, env = "SMTP_URL", hide_env_values = true)]
    smtp_url: Option<String>,
    /// Sender of every e-mail.
    #[arg(long, env = "EXPAT_DESK_MAIL_FROM")]
    mail_from: Option<String>,
    /// Prefix of request references.
    #[arg(long, env = "EXPAT_DESK_REFERENCE_PREFIX")]
    reference_prefix: Option<String>,
    /// A TOML file replacing the embedded workflow definitions.
    #[arg(long, env = "EXPAT_DESK_WORKFLOWS")]
    workflows: Option<String>,
}

impl ConfigArgs {
    fn into_config(self) -> Result<Config, String> {
        let raw = RawConfig {
            database_url: non_blank(self.database_url),
            bind: non_blank(self.bind),
            base_url: non_blank(self.base_url),
            smtp_url: non_blank(self.smtp_url),
            mail_from: non_blank(self.mail_from),
            reference_prefix: non_blank(self.reference_prefix),
            workflows_file: non_blank(self.workflows),
        };
        Config::try_from(raw).map_err(|error| error.to_string())
    }
}

fn non_blank(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty())
}

/// Runs the parsed command; any failure is one line on stderr and a non-zero exit.
pub fn run(cli: Cli) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return fail(format!("cannot start the async runtime: {error}")),
    };
    match runtime.block_on(dispatch(cli.command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(message),
    }
}

fn fail(message: String) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::FAILURE
}

async fn dispatch(command: Command) -> Result<(), String> {
    match command {
        Command::Serve(args) => serve(args.into_config()?, false).await,
        Command::Demo(args) => serve(args.into_config()?, true).await,
        Command::Migrate(args) => migrate(args.into_config()?).await,
        Command::Bench(args) => bench(args).await,
        Command::Seed(args) => seed(args).await,
        Command::User {
            command: UserCommand::Add(args),
        } => add_user(args).await,
    }
}

async fn serve(config: Config, demo: bool) -> Result<(), String> {
    let app = Application::build(config).await.map_err(startup_message)?;
    if demo {
        let logins = app
            .services()
            .fill_demo_data()
            .await
            .map_err(|e| e.to_string())?;
        print_demo_banner(&app, &logins);
    }
    tracing::info!(address = %app.local_addr(), "expat-desk is listening");
    app.run_until_stopped(crate::startup::shutdown_signal())
        .await
        .map_err(|error| format!("server stopped: {error}"))
}

fn print_demo_banner(app: &Application, logins: &[crate::services::demo::DemoLogin]) {
    println!("expat-desk demo is running at {}", app.base_url());
    if logins.is_empty() {
        println!("The database already had data; use the accounts you created.");
        return;
    }
    println!("Sign in with any of these demo accounts:");
    for login in logins {
        println!(
            "  {:<11} {:<32} password: {}",
            login.role, login.email, login.password
        );
    }
}

async fn bench(args: BenchArgs) -> Result<(), String> {
    if !(1..=3600).contains(&args.duration) || !(1..=1024).contains(&args.concurrency) {
        return Err("--duration takes 1 to 3600 seconds and --concurrency 1 to 1024".to_owned());
    }
    let options = crate::bench::BenchOptions {
        url: args.url,
        duration: std::time::Duration::from_secs(args.duration),
        concurrency: args.concurrency,
        scenarios: if args.scenarios.is_empty() {
            crate::bench::Scenario::ALL.to_vec()
        } else {
            args.scenarios
        },
    };
    let results = crate::bench::run(args.config.into_config()?, options).await?;
    if args.json {
        crate::bench::print_json(&results.rows, results.peak_rss_mb);
    } else {
        crate::bench::print_table(&results.rows, results.peak_rss_mb);
    }
    Ok(())
}

async fn seed(args: SeedArgs) -> Result<(), String> {
    let config = args.config.into_config()?;
    let services = crate::startup::services_for_cli(config)
        .await
        .map_err(startup_message)?;
    let bar = indicatif::ProgressBar::new(args.requests);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "seeding [{bar:40}] {human_pos}/{human_len} requests, {per_sec}, {elapsed} (ETA {eta})",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    let options = crate::services::seed::SeedOptions {
        requests: args.requests,
        seed: args.seed,
        codes_file: args.codes_file,
    };
    let progress = |done: u64, total: u64| {
        bar.set_length(total);
        bar.set_position(done);
        if done >= total {
            bar.finish_and_clear();
        }
    };
    let seeded = services.seed_database(options, &progress).await;
    bar.finish_and_clear();
    let report = seeded.map_err(|error| error.one_line())?;
    println!(
        "seeded {} requests, {} newcomers, {} events, {} outbox messages, {} timers \
         ({} partners, {} caseworkers) in {:.1} s",
        report.requests,
        report.newcomers,
        report.events,
        report.outbox,
        report.timers,
        report.partners,
        report.caseworkers,
        report.elapsed.as_secs_f64()
    );
    Ok(())
}

async fn migrate(config: Config) -> Result<(), String> {
    let db = crate::db::connect(&config)
        .await
        .map_err(|e| e.to_string())?;
    crate::db::migrate(&db).await.map_err(|e| e.to_string())?;
    println!("migrations applied");
    Ok(())
}

async fn add_user(args: UserAddArgs) -> Result<(), String> {
    let password = read_password_line()?;
    let config = args.config.into_config()?;
    let services = crate::startup::services_for_cli(config)
        .await
        .map_err(startup_message)?;
    let input = NewUserInput {
        email: args.email,
        name: args.name,
        role: match args.role {
            RoleArg::Admin => "admin",
            RoleArg::Caseworker => "caseworker",
            RoleArg::Partner => "partner",
        }
        .to_owned(),
        partner: args.partner,
        password,
    };
    let user = services
        .create_user_from_cli(input)
        .await
        .map_err(|error| error.one_line())?;
    println!("created {} ({}) with id {}", user.email, user.role, user.id);
    Ok(())
}

fn read_password_line() -> Result<String, String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|error| format!("cannot read the password from standard input: {error}"))?;
    let password = line.trim_end_matches(['\n', '\r']).to_owned();
    if password.is_empty() {
        return Err("no password on standard input".to_owned());
    }
    Ok(password)
}

fn startup_message(error: StartupError) -> String {
    error.to_string()
}
