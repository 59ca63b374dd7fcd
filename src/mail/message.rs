//! Turning an outbox row into an RFC 5322 message with the headers that keep a request's
//! mail in one thread and keep auto-responders quiet.

use lettre::Message;
use lettre::message::header::{Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};

/// Why a message could not be built.
#[derive(Debug, thiserror::Error)]
pub enum MessageError {
    #[error("invalid address {address}: {reason}")]
    Address { address: String, reason: String },
    #[error("cannot build the message: {0}")]
    Build(String),
}

/// What to send.
#[derive(Debug, Clone)]
pub struct OutgoingMail {
    pub from: String,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// This message's id, without angle brackets.
    pub message_id: String,
    /// The request thread's root id, without angle brackets.
    pub thread_id: String,
    /// A reply address that names the request (`noreply+EXP-2026-00042@…`).
    pub reply_to: Option<String>,
    /// The language of the text (`Content-Language`, RFC 3282).
    pub language: String,
}

/// `Content-Language`: lets mail clients offer translation and screen readers pick a voice.
#[derive(Clone)]
struct ContentLanguage(String);

impl Header for ContentLanguage {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Content-Language")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(s.to_owned()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// `Auto-Submitted: auto-generated` (RFC 3834): out-of-office replies must not answer.
#[derive(Clone)]
struct AutoSubmitted;

impl Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "auto-generated".to_owned())
    }
}

/// Microsoft's equivalent of `Auto-Submitted`, which Exchange honours.
#[derive(Clone)]
struct SuppressAutoResponses;

impl Header for SuppressAutoResponses {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("X-Auto-Response-Suppress")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "All".to_owned())
    }
}

fn mailbox(address: &str) -> Result<Mailbox, MessageError> {
    address.parse().map_err(
        |error: lettre::address::AddressError| MessageError::Address {
            address: address.to_owned(),
            reason: error.to_string(),
        },
    )
}

/// Builds the message: plain text and HTML alternatives, `Message-ID`, and — unless it is
/// the thread's first message — `In-Reply-To` and `References` to the thread's root.
///
/// # Errors
/// An invalid address, or a message lettre refuses.
pub fn build(mail: &OutgoingMail) -> Result<Message, MessageError> {
    let mut builder = Message::builder()
        .from(mailbox(&mail.from)?)
        .to(mailbox(&mail.to)?)
        .subject(mail.subject.clone())
        .message_id(Some(format!("<{}>", mail.message_id)))
        .header(AutoSubmitted)
        .header(SuppressAutoResponses)
        .header(ContentLanguage(mail.language.clone()));
    if let Some(reply_to) = &mail.reply_to {
        builder = builder.reply_to(mailbox(reply_to)?);
    }
    if mail.message_id != mail.thread_id {
        builder = builder
            .in_reply_to(format!("<{}>", mail.thread_id))
            .references(format!("<{}>", mail.thread_id));
    }
    builder
        .multipart(MultiPart::alternative_plain_html(
            mail.text.clone(),
            mail.html.clone(),
        ))
        .map_err(|error| MessageError::Build(error.to_string()))
}

/// The headers of a built message, one per line (for the dev mailbox).
pub fn headers_text(message: &Message) -> String {
    let formatted = String::from_utf8_lossy(&message.formatted()).into_owned();
    formatted
        .split("\r\n\r\n")
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// A reply address naming the request, by plus-addressing the sender: replies can be
/// routed to the request's thread.
pub fn reply_to_for(from: &str, reference: &str) -> Option<String> {
    let address = match (from.rfind('<'), from.rfind('>')) {
        (Some(start), Some(end)) if start < end => &from[start + 1..end],
        _ => from,
    };
    let (local, domain) = address.trim().split_once('@')?;
    let local = local.split('+').next().unwrap_or(local);
    Some(format!("{local}+{reference}@{domain}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail(message_id: &str) -> OutgoingMail {
        OutgoingMail {
            from: "Expat Centre <noreply@centre.example.org>".into(),
            to: "olena@example.org".into(),
            subject: "[EXP-2026-00042] Hello".into(),
            text: "Hello".into(),
            html: "<p>Hello</p>".into(),
            message_id: message_id.into(),
            thread_id: "EXP-2026-00042@centre.example.org".into(),
            reply_to: reply_to_for(
                "Expat Centre <noreply@centre.example.org>",
                "EXP-2026-00042",
            ),
            language: "uk".into(),
        }
    }

    #[test]
    fn follow_up_mail_points_at_the_thread_root() {
        let built = build(&mail("EXP-2026-00042.abc@centre.example.org")).expect("built");
        let headers = headers_text(&built);
        assert!(
            headers.contains("In-Reply-To: <EXP-2026-00042@centre.example.org>"),
            "{headers}"
        );
        assert!(headers.contains("References: <EXP-2026-00042@centre.example.org>"));
        assert!(headers.contains("Auto-Submitted: auto-generated"));
        assert!(headers.contains("Reply-To: noreply+EXP-2026-00042@centre.example.org"));
    }

    #[test]
    fn the_first_mail_of_a_thread_is_its_root() {
        let built = build(&mail("EXP-2026-00042@centre.example.org")).expect("built");
        let headers = headers_text(&built);
        assert!(headers.contains("Message-ID: <EXP-2026-00042@centre.example.org>"));
        assert!(!headers.contains("In-Reply-To"));
    }

    #[test]
    fn a_broken_recipient_is_an_error_not_a_panic() {
        let mut broken = mail("x@y");
        broken.to = "not an address".into();
        assert!(build(&broken).is_err());
    }
}
