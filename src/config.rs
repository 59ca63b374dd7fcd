//! One typed configuration, built once at start and passed down (no globals).
//!
//! Every setting comes from an environment variable (and the matching `serve` flag, see
//! `cli.rs`), each with a default that works on a fresh machine.

use std::fmt;
use std::net::SocketAddr;

use url::Url;

/// The default database: an SQLite file next to the working directory, created on first use.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://expat-desk.db?mode=rwc";
/// The default listen address.
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
/// The default sender of every e-mail.
pub const DEFAULT_MAIL_FROM: &str = "Expat Centre <noreply@localhost>";
/// The default prefix of request references (`EXP-2026-00042`).
pub const DEFAULT_REFERENCE_PREFIX: &str = "EXP";

/// The settings every part of the program reads.
#[derive(Clone)]
pub struct Config {
    pub database_url: String,
    pub bind: SocketAddr,
    pub base_url: Url,
    /// `None`: mail stays in the built-in dev mailbox.
    pub smtp_url: Option<Url>,
    pub mail_from: String,
    pub reference_prefix: String,
    /// Path of a TOML file replacing the embedded workflow definitions.
    pub workflows_file: Option<String>,
    /// Rate limits on sign-in and the status check. Only `expat-desk bench` turns them off
    /// (its load comes from one address); no variable does.
    pub rate_limits: bool,
}

/// The raw values, as text, before they are checked.
#[derive(Debug, Default, Clone)]
pub struct RawConfig {
    pub database_url: Option<String>,
    pub bind: Option<String>,
    pub base_url: Option<String>,
    pub smtp_url: Option<String>,
    pub mail_from: Option<String>,
    pub reference_prefix: Option<String>,
    pub workflows_file: Option<String>,
}

/// A setting that could not be used; the message names the variable.
#[derive(Debug, thiserror::Error)]
#[error("{variable}: {reason}")]
pub struct ConfigError {
    pub variable: &'static str,
    pub reason: String,
}

impl ConfigError {
    fn new(variable: &'static str, reason: impl Into<String>) -> Self {
        Self {
            variable,
            reason: reason.into(),
        }
    }
}

impl RawConfig {
    /// Reads the raw values from the process environment.
    pub fn from_env() -> Self {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        Self {
            database_url: var("DATABASE_URL"),
            bind: var("EXPAT_DESK_BIND"),
            base_url: var("EXPAT_DESK_BASE_URL"),
            smtp_url: var("SMTP_URL"),
            mail_from: var("EXPAT_DESK_MAIL_FROM"),
            reference_prefix: var("EXPAT_DESK_REFERENCE_PREFIX"),
            workflows_file: var("EXPAT_DESK_WORKFLOWS"),
        }
    }
}

impl TryFrom<RawConfig> for Config {
    type Error = ConfigError;

    fn try_from(raw: RawConfig) -> Result<Self, Self::Error> {
        let database_url = parse_database_url(raw.database_url)?;
        let bind_text = raw.bind.unwrap_or_else(|| DEFAULT_BIND.to_owned());
        let bind: SocketAddr = bind_text.trim().parse().map_err(|_| {
            ConfigError::new(
                "EXPAT_DESK_BIND",
                format!("`{bind_text}` is not an address like 127.0.0.1:8080"),
            )
        })?;
        let base_url = parse_base_url(raw.base_url, bind)?;
        let smtp_url = raw.smtp_url.map(|text| parse_smtp_url(&text)).transpose()?;
        let mail_from = raw
            .mail_from
            .unwrap_or_else(|| DEFAULT_MAIL_FROM.to_owned());
        if !mail_from.contains('@') {
            return Err(ConfigError::new(
                "EXPAT_DESK_MAIL_FROM",
                format!(
                    "`{mail_from}` is not an address like `Expat Centre <noreply@example.org>`"
                ),
            ));
        }
        let reference_prefix = parse_reference_prefix(raw.reference_prefix)?;
        Ok(Self {
            database_url,
            bind,
            base_url,
            smtp_url,
            mail_from,
            reference_prefix,
            workflows_file: raw.workflows_file,
            rate_limits: true,
        })
    }
}

fn parse_database_url(value: Option<String>) -> Result<String, ConfigError> {
    let url = value.unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
    let supported = ["sqlite:", "postgres://", "postgresql://"];
    if supported.iter().any(|scheme| url.starts_with(scheme)) {
        Ok(url)
    } else {
        Err(ConfigError::new(
            "DATABASE_URL",
            "expected `sqlite://FILE?mode=rwc` or `postgres://USER@HOST/DB`",
        ))
    }
}

fn parse_base_url(value: Option<String>, bind: SocketAddr) -> Result<Url, ConfigError> {
    let text = value.unwrap_or_else(|| format!("http://{bind}"));
    let url = Url::parse(&text).map_err(|error| {
        ConfigError::new(
            "EXPAT_DESK_BASE_URL",
            format!("`{text}` is not a URL ({error})"),
        )
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(ConfigError::new(
            "EXPAT_DESK_BASE_URL",
            "must start with http:// or https://",
        ));
    }
    Ok(url)
}

fn parse_smtp_url(text: &str) -> Result<Url, ConfigError> {
    let url = Url::parse(text)
        .map_err(|error| ConfigError::new("SMTP_URL", format!("not a URL ({error})")))?;
    match url.scheme() {
        "smtp" | "smtp+starttls" | "smtps" if url.host_str().is_some() => Ok(url),
        _ => Err(ConfigError::new(
            "SMTP_URL",
            "expected smtp://host:port, smtp+starttls://user:pass@host:587 or smtps://host",
        )),
    }
}

fn parse_reference_prefix(value: Option<String>) -> Result<String, ConfigError> {
    let prefix = value.unwrap_or_else(|| DEFAULT_REFERENCE_PREFIX.to_owned());
    let valid = (1..=10).contains(&prefix.len())
        && prefix
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if valid {
        Ok(prefix)
    } else {
        Err(ConfigError::new(
            "EXPAT_DESK_REFERENCE_PREFIX",
            "use 1 to 10 capital letters or digits, like EXP",
        ))
    }
}

impl Config {
    /// The configuration a fresh machine gets with no variables set.
    ///
    /// # Errors
    /// Never with the built-in defaults; kept fallible so callers treat it like any other source.
    pub fn defaults() -> Result<Self, ConfigError> {
        Self::try_from(RawConfig::default())
    }

    /// True when the database is PostgreSQL (several app instances may share it).
    pub fn is_postgres(&self) -> bool {
        self.database_url.starts_with("postgres")
    }
}

/// Hides passwords in URLs, so the configuration can be logged at start.
impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &redact(&self.database_url))
            .field("bind", &self.bind)
            .field("base_url", &self.base_url.as_str())
            .field(
                "smtp_url",
                &self.smtp_url.as_ref().map(|u| redact(u.as_str())),
            )
            .field("mail_from", &self.mail_from)
            .field("reference_prefix", &self.reference_prefix)
            .field("workflows_file", &self.workflows_file)
            .field("rate_limits", &self.rate_limits)
            .finish()
    }
}

fn redact(url: &str) -> String {
    match Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(f: impl FnOnce(&mut RawConfig)) -> Result<Config, ConfigError> {
        let mut raw = RawConfig::default();
        f(&mut raw);
        Config::try_from(raw)
    }

    #[test]
    fn defaults_work_on_a_fresh_machine() {
        let config = Config::defaults().expect("defaults are valid");
        assert_eq!(config.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(config.base_url.as_str(), "http://127.0.0.1:8080/");
        assert!(config.smtp_url.is_none());
    }

    #[test]
    fn a_bad_bind_address_names_the_variable() {
        let error = with(|raw| raw.bind = Some("localhost".into())).err();
        assert_eq!(error.map(|e| e.variable), Some("EXPAT_DESK_BIND"));
    }

    #[test]
    fn an_unknown_database_scheme_is_refused() {
        let error = with(|raw| raw.database_url = Some("mysql://x".into())).err();
        assert_eq!(error.map(|e| e.variable), Some("DATABASE_URL"));
    }

    #[test]
    fn a_lowercase_reference_prefix_is_refused() {
        let error = with(|raw| raw.reference_prefix = Some("exp".into())).err();
        assert_eq!(
            error.map(|e| e.variable),
            Some("EXPAT_DESK_REFERENCE_PREFIX")
        );
    }

    #[test]
    fn an_smtp_url_with_an_unknown_scheme_is_refused() {
        let error = with(|raw| raw.smtp_url = Some("http://mail".into())).err();
        assert_eq!(error.map(|e| e.variable), Some("SMTP_URL"));
    }

    #[test]
    fn debug_output_hides_passwords() {
        let config = with(|raw| {
            raw.database_url = Some("postgres://app:secret@db/expat".into());
            raw.smtp_url = Some("smtp+starttls://u:hunter2@mail:587".into());
        })
        .expect("valid");
        let shown = format!("{config:?}");
        assert!(
            !shown.contains("secret") && !shown.contains("hunter2"),
            "{shown}"
        );
    }
}
