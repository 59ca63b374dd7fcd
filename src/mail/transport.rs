//! Where mail goes: an SMTP server (plain for a local relay, STARTTLS, or TLS, with optional
//! authentication), or — without `SMTP_URL` — the built-in dev mailbox.

use std::time::Duration;

use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use url::Url;

/// How long one SMTP conversation may take; well under the outbox lease.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

/// The configured way out.
#[derive(Clone)]
pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    DevMailbox,
}

/// Why a message was not handed over.
#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    #[error("SMTP_URL: {0}")]
    Config(String),
    #[error("SMTP: {0}")]
    Smtp(String),
}

impl Mailer {
    /// The mailer for `SMTP_URL` (none: the dev mailbox).
    ///
    /// # Errors
    /// A URL lettre cannot use (for example a TLS host name it cannot resolve as a name).
    pub fn from_url(url: Option<&Url>) -> Result<Self, TransportError> {
        let Some(url) = url else {
            return Ok(Mailer::DevMailbox);
        };
        let host = url
            .host_str()
            .ok_or_else(|| TransportError::Config("no host".into()))?;
        let mut builder = match url.scheme() {
            "smtp" => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
                .port(url.port().unwrap_or(25)),
            "smtp+starttls" => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)
                .map_err(|e| TransportError::Config(e.to_string()))?
                .port(url.port().unwrap_or(587)),
            "smtps" => AsyncSmtpTransport::<Tokio1Executor>::relay(host)
                .map_err(|e| TransportError::Config(e.to_string()))?
                .port(url.port().unwrap_or(465)),
            other => return Err(TransportError::Config(format!("unknown scheme {other}"))),
        };
        if !url.username().is_empty() {
            let user = percent_decode(url.username());
            let password = percent_decode(url.password().unwrap_or_default());
            builder = builder.credentials(Credentials::new(user, password));
        }
        Ok(Mailer::Smtp(builder.timeout(Some(SMTP_TIMEOUT)).build()))
    }

    /// Hands a message to the SMTP server.
    ///
    /// # Errors
    /// When the server is unreachable or refuses the message.
    pub async fn send_smtp(
        transport: &AsyncSmtpTransport<Tokio1Executor>,
        message: Message,
    ) -> Result<(), TransportError> {
        transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|error| TransportError::Smtp(error.to_string()))
    }
}

fn percent_decode(text: &str) -> String {
    url::form_urlencoded::parse(format!("x={text}").as_bytes())
        .next()
        .map(|(_, value)| value.into_owned())
        .unwrap_or_else(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_smtp_url_means_the_dev_mailbox() {
        assert!(matches!(Mailer::from_url(None), Ok(Mailer::DevMailbox)));
    }

    // The SMTP connection pool starts on the async runtime, as it does in the server.
    #[tokio::test]
    async fn every_contract_scheme_builds_a_transport() {
        for url in [
            "smtp://127.0.0.1:2525",
            "smtp+starttls://user:p%40ss@mail.example.org:587",
            "smtps://mail.example.org",
        ] {
            let url = Url::parse(url).expect("url");
            assert!(
                matches!(Mailer::from_url(Some(&url)), Ok(Mailer::Smtp(_))),
                "{url}"
            );
        }
    }
}
