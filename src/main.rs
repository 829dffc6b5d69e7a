//! chamilo-gateway: Chamilo's SOAP (soap.php) and REST (v2.php) web services over one core.

mod config;
mod dashboard;
mod logging;
mod metrics;
mod server;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use config::environment::Environment;
use config::Config;
use figment::Figment;
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "chamilo-gateway", version, about)]
struct Cli {
    /// Configuration file (default: ./gateway.toml when present).
    #[arg(long, global = true, env = "GATEWAY_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (the default).
    Serve {
        /// Do not apply pending migrations at start.
        #[arg(long)]
        no_migrate: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Platform administrators.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// The SOAP security key (secret_key = sha1(caller_ip + security_key)).
    SecurityKey {
        #[command(subcommand)]
        command: SecurityKeyCommand,
    },
    /// The configuration (defaults < gateway.toml < GATEWAY_* variables).
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// Print the configuration in force and where each value comes from, secrets masked.
    Show,
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create a platform admin, or reset an existing user's password and make it admin.
    Create {
        #[arg(long)]
        username: String,
        #[arg(long)]
        password: String,
        #[arg(long)]
        email: Option<String>,
    },
}

#[derive(Subcommand)]
enum SecurityKeyCommand {
    /// Print the key in force.
    Show,
    /// Store a new key and print it (a configured key still takes precedence).
    Rotate,
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    let layers = Config::layers(cli.config.as_deref(), Environment::of_process())?;
    let config = Config::from_layers(&layers)?;
    // dropped last, after the runtime: writes the log lines still queued
    let _log_writer = logging::init(&config.log_format);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the runtime")?;
    runtime.block_on(run(cli.command, config, &layers))
}

async fn run(command: Option<Command>, config: Config, layers: &Figment) -> Result<()> {
    match command.unwrap_or(Command::Serve { no_migrate: false }) {
        Command::Serve { no_migrate } => server::serve(config, !no_migrate).await,
        Command::Migrate => {
            if let Some(path) = &config.chamilo_config {
                anyhow::bail!(
                    "nothing to migrate: with chamilo_config ({}) the database is the Chamilo \
                     platform's own, whose schema only Chamilo changes",
                    path.display()
                );
            }
            server::open_gateway(&config, true).await?;
            println!("migrations applied");
            Ok(())
        }
        Command::Admin {
            command:
                AdminCommand::Create {
                    username,
                    password,
                    email,
                },
        } => {
            let (gateway, _) = server::open_gateway(&config, config.auto_migrate).await?;
            let id = gateway
                .ensure_admin(&username, &password, email.as_deref())
                .await
                .context("creating the admin")?;
            println!("admin '{username}' has id {id}");
            Ok(())
        }
        Command::SecurityKey { command } => {
            if let (SecurityKeyCommand::Rotate, Some(path)) = (&command, &config.chamilo_config) {
                anyhow::bail!(
                    "the security key is the Chamilo platform's: change \
                     $_configuration['security_key'] in {}",
                    path.display()
                );
            }
            let (gateway, config) = server::open_gateway(&config, config.auto_migrate).await?;
            let key = match command {
                SecurityKeyCommand::Show => {
                    gateway.security_key(config.security_key.as_deref()).await?
                }
                SecurityKeyCommand::Rotate => {
                    if config.security_key.is_some() {
                        eprintln!("note: a configured security_key overrides the stored one");
                    }
                    gateway.rotate_security_key().await?
                }
            };
            println!("{key}");
            Ok(())
        }
        Command::Config {
            command: ConfigCommand::Show,
        } => {
            print!("{}", config::show::render(&config, layers)?);
            Ok(())
        }
    }
}
