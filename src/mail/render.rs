//! Turns one workflow event into one e-mail (subject, plain text and HTML) in the
//! recipient's language.
//!
//! The prose lives in Fluent files (`templates/i18n/<language>/mail.ftl`), so translators
//! never touch Rust; the layout lives in askama templates (`templates/email/<kind>.txt`
//! and `.html`), so whoever shapes a mail never touches Fluent. This module is the only
//! place that knows both: per kind it picks the Fluent keys, translates them into a
//! `MailView` of plain strings and hands that to the kind's two templates. Templates
//! thus never see a key, and HTML escaping treats every translated string (which may
//! contain a request title or a name) like any other value.

use askama::Template;

use crate::i18n::Translations;
use crate::workflow::Language;

/// What one mail is about, as the services know it when they write the outbox row.
#[derive(Debug, Clone, Default)]
pub struct MailContext {
    /// The request's reference, e.g. `EXP-2026-00042`; it prefixes every subject.
    pub reference: String,
    /// The request's title as entered at intake.
    pub request_title: String,
    /// The category's machine name (`residence_permit`, …); shown translated.
    pub category: String,
    /// The recipient's name, when known.
    pub recipient_name: Option<String>,
    /// The partner organisation the request is referred to, if any.
    pub partner_name: Option<String>,
    /// The request's current state label, already in the recipient's language.
    pub state_label: Option<String>,
    /// The comment of the transition that caused the mail (what is needed, the outcome…).
    pub comment: Option<String>,
    /// The newcomer's access code; used only by `request_received`, ignored otherwise.
    pub access_code: Option<String>,
    /// Absolute URL of the status page, or of the staff or partner page of the request.
    pub link: Option<String>,
    /// The centre's name, as configured.
    pub centre_name: String,
}

/// A mail ready for the outbox: the transport adds addresses and threading headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedMail {
    /// `[reference] ` followed by the translated subject, on one line.
    pub subject: String,
    /// The plain-text alternative.
    pub text: String,
    /// The HTML alternative.
    pub html: String,
}

/// Why a mail could not be rendered; each is a bug in the caller or a template, never
/// something a retry would fix.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The workflow named a template this module does not have.
    #[error("unknown mail template `{0}`")]
    UnknownTemplate(String),
    /// The kind of mail cannot be written without this piece of context.
    #[error("mail `{template}` needs a {field}, but none was given")]
    MissingField {
        /// The mail kind.
        template: &'static str,
        /// The missing [`MailContext`] field.
        field: &'static str,
    },
    /// The link is not an absolute http(s) URL, so a mail client could not follow it.
    #[error("mail link `{0}` is not an absolute http(s) URL")]
    InvalidLink(String),
    /// Askama failed while rendering a template.
    #[error("mail template `{template}` failed to render")]
    Template {
        /// The mail kind.
        template: &'static str,
        /// What askama reported.
        #[source]
        source: askama::Error,
    },
}

/// Every mail the workflow can ask for, by the template name definitions use.
///
/// Public so that loading a workflow definition can reject an unknown template name
/// before any request reaches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MailKind {
    /// To the newcomer at intake: reference, access code, status link.
    RequestReceived,
    /// To a partner: a request is offered to them.
    ReferralOffered,
    /// To the newcomer: a partner took the request on.
    PartnerAccepted,
    /// To the assignee: the partner declined (comment = reason).
    PartnerDeclined,
    /// To the newcomer: what is needed from them (comment).
    InfoNeeded,
    /// To a partner: the referral still waits for an answer.
    PartnerReminder,
    /// To the assignee: reminders went unanswered.
    Escalation,
    /// To the newcomer: the outcome (comment).
    Resolved,
    /// To the newcomer: the request is closed.
    Closed,
    /// To the newcomer: the request is cancelled.
    Cancelled,
    /// To a partner: the referral is withdrawn.
    ReferralWithdrawn,
    /// To the newcomer: we are still waiting for them.
    NewcomerReminder,
    /// To the newcomer: the application was filed with the authority.
    ApplicationFiled,
    /// To the newcomer: an appointment is booked (comment = date and place).
    AppointmentBooked,
    /// To the newcomer: the authority decided (comment = the decision).
    DecisionIssued,
    /// To the assignee: the newcomer wrote a message (comment).
    NewcomerMessage,
}

/// Who reads a mail; decides the button label and why they are told they got it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Audience {
    Newcomer,
    Partner,
    Staff,
}

impl Audience {
    /// The suffix of the Fluent keys written for this audience (`mail-why-partner`).
    fn key(self) -> &'static str {
        match self {
            Audience::Newcomer => "newcomer",
            Audience::Partner => "partner",
            Audience::Staff => "staff",
        }
    }
}

/// Whether a kind shows the transition's comment.
///
/// `Hidden` where the workflow keeps that comment internal (e.g. a cancellation reason
/// is not a public comment), so the newcomer never reads a note meant for staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CommentUse {
    Hidden,
    Optional,
    Required,
}

impl MailKind {
    /// Every kind, in the order of the workflow's life cycle.
    pub const ALL: [MailKind; 16] = [
        MailKind::RequestReceived,
        MailKind::ReferralOffered,
        MailKind::PartnerAccepted,
        MailKind::PartnerDeclined,
        MailKind::InfoNeeded,
        MailKind::PartnerReminder,
        MailKind::Escalation,
        MailKind::Resolved,
        MailKind::Closed,
        MailKind::Cancelled,
        MailKind::ReferralWithdrawn,
        MailKind::NewcomerReminder,
        MailKind::ApplicationFiled,
        MailKind::AppointmentBooked,
        MailKind::DecisionIssued,
        MailKind::NewcomerMessage,
    ];

    /// The template name used in workflow definitions and outbox rows.
    pub fn name(self) -> &'static str {
        self.spec().0
    }

    /// Reads a template name; `None` for one this module cannot render.
    pub fn parse(name: &str) -> Option<MailKind> {
        MailKind::ALL.into_iter().find(|kind| kind.name() == name)
    }

    fn spec(self) -> (&'static str, Audience, CommentUse) {
        use Audience::{Newcomer, Partner, Staff};
        use CommentUse::{Hidden, Optional, Required};
        match self {
            MailKind::RequestReceived => ("request_received", Newcomer, Hidden),
            MailKind::ReferralOffered => ("referral_offered", Partner, Optional),
            MailKind::PartnerAccepted => ("partner_accepted", Newcomer, Hidden),
            MailKind::PartnerDeclined => ("partner_declined", Staff, Required),
            MailKind::InfoNeeded => ("info_needed", Newcomer, Required),
            MailKind::PartnerReminder => ("partner_reminder", Partner, Hidden),
            MailKind::Escalation => ("escalation", Staff, Hidden),
            MailKind::Resolved => ("resolved", Newcomer, Required),
            MailKind::Closed => ("closed", Newcomer, Hidden),
            MailKind::Cancelled => ("cancelled", Newcomer, Hidden),
            MailKind::ReferralWithdrawn => ("referral_withdrawn", Partner, Optional),
            MailKind::NewcomerReminder => ("newcomer_reminder", Newcomer, Optional),
            MailKind::ApplicationFiled => ("application_filed", Newcomer, Hidden),
            MailKind::AppointmentBooked => ("appointment_booked", Newcomer, Required),
            MailKind::DecisionIssued => ("decision_issued", Newcomer, Required),
            MailKind::NewcomerMessage => ("newcomer_message", Staff, Required),
        }
    }

    fn audience(self) -> Audience {
        self.spec().1
    }

    fn comment_use(self) -> CommentUse {
        self.spec().2
    }
}

/// Renders the mail `template` for one recipient in `language`.
///
/// # Errors
/// [`RenderError::UnknownTemplate`] for a name that is not a [`MailKind`];
/// [`RenderError::MissingField`] when the reference is empty, `request_received` has no
/// access code, or a kind that exists to pass on a comment has none;
/// [`RenderError::InvalidLink`] for a link that is not absolute http(s);
/// [`RenderError::Template`] if askama fails.
pub fn render(
    translations: &Translations,
    template: &str,
    language: Language,
    ctx: &MailContext,
) -> Result<RenderedMail, RenderError> {
    let kind =
        MailKind::parse(template).ok_or_else(|| RenderError::UnknownTemplate(template.into()))?;
    let view = MailView::build(translations, kind, language, ctx)?;
    let failed = |source| RenderError::Template {
        template: kind.name(),
        source,
    };
    let text = TextPart::new(kind, &view).render().map_err(failed)?;
    let html = HtmlPart::new(kind, &view).render().map_err(failed)?;
    Ok(RenderedMail {
        subject: view.subject,
        text,
        html,
    })
}

/// Everything a mail template shows, already translated and chosen for its kind.
struct MailView {
    lang: &'static str,
    /// Already prefixed with the reference, as the header will be.
    subject: String,
    greeting: String,
    intro: String,
    next: String,
    detail: Option<Detail>,
    access_code: Option<AccessCode>,
    facts_heading: String,
    facts: Vec<Fact>,
    action: Option<Action>,
    why: String,
    automatic: String,
    replies: String,
    centre: String,
    contact: Vec<String>,
}

/// A comment with the heading that says what it is (the reason, the outcome…).
struct Detail {
    label: String,
    text: String,
}

struct AccessCode {
    label: String,
    code: String,
    advice: String,
}

/// One line of the "about the request" summary.
struct Fact {
    label: String,
    value: String,
}

/// The button (HTML) or link line (text) to the request's page.
struct Action {
    label: String,
    url: String,
    fallback: String,
}

impl MailView {
    fn build(
        translations: &Translations,
        kind: MailKind,
        language: Language,
        ctx: &MailContext,
    ) -> Result<MailView, RenderError> {
        let missing = |field| RenderError::MissingField {
            template: kind.name(),
            field,
        };
        if ctx.reference.trim().is_empty() {
            return Err(missing("reference"));
        }
        let comment = match kind.comment_use() {
            CommentUse::Hidden => None,
            CommentUse::Optional => non_blank(&ctx.comment),
            CommentUse::Required => {
                Some(non_blank(&ctx.comment).ok_or_else(|| missing("comment"))?)
            }
        };
        let access_code = match kind {
            MailKind::RequestReceived => {
                Some(non_blank(&ctx.access_code).ok_or_else(|| missing("access code"))?)
            }
            _ => None,
        };
        let link = non_blank(&ctx.link).map(checked_link).transpose()?;

        let words = Words::new(translations, kind, language, ctx);
        let audience = kind.audience();
        Ok(MailView {
            lang: language.code(),
            subject: one_line(&format!(
                "[{}] {}",
                ctx.reference.trim(),
                words.of_kind("subject")
            )),
            greeting: match non_blank(&ctx.recipient_name) {
                Some(_) => words.get("mail-greeting-named"),
                None => words.get("mail-greeting"),
            },
            intro: words.of_kind("intro"),
            next: words.of_kind("next"),
            detail: comment.map(|text| Detail {
                label: words.of_kind("detail"),
                text: text.to_owned(),
            }),
            access_code: access_code.map(|code| AccessCode {
                label: words.get("mail-access-code-label"),
                code: code.to_owned(),
                advice: words.get("mail-access-code-advice"),
            }),
            facts_heading: words.get("mail-facts-heading"),
            facts: facts(&words, audience, ctx),
            action: link.map(|url| Action {
                label: words.get(&format!("mail-action-{}", audience.key())),
                url: url.to_owned(),
                fallback: words.get("mail-link-fallback"),
            }),
            why: words.get(&format!("mail-why-{}", audience.key())),
            automatic: words.get("footer-automatic"),
            replies: words.get("footer-replies"),
            centre: ctx.centre_name.trim().to_owned(),
            contact: match audience {
                Audience::Newcomer => vec![
                    words.get("centre-contact-address"),
                    words.get("centre-contact-visit"),
                ],
                Audience::Partner | Audience::Staff => vec![words.get("centre-contact-address")],
            },
        })
    }
}

/// The summary under the message; the partner line is left out of mail to the partner.
fn facts(words: &Words<'_>, audience: Audience, ctx: &MailContext) -> Vec<Fact> {
    let fact = |key, value: &str| Fact {
        label: words.get(key),
        value: value.to_owned(),
    };
    let mut facts = vec![fact("mail-fact-reference", ctx.reference.trim())];
    if !ctx.request_title.trim().is_empty() {
        facts.push(fact("mail-fact-request", ctx.request_title.trim()));
    }
    if !ctx.category.trim().is_empty() {
        facts.push(fact("mail-fact-category", &words.category));
    }
    if let Some(state) = non_blank(&ctx.state_label) {
        facts.push(fact("mail-fact-status", state));
    }
    if let Some(partner) = non_blank(&ctx.partner_name).filter(|_| audience != Audience::Partner) {
        facts.push(fact("mail-fact-partner", partner));
    }
    facts
}

/// Looks texts up for one mail, with the Fluent variables every message may use.
struct Words<'a> {
    translations: &'a Translations,
    kind: MailKind,
    language: Language,
    category: String,
    args: Vec<(&'static str, String)>,
}

impl<'a> Words<'a> {
    fn new(
        translations: &'a Translations,
        kind: MailKind,
        language: Language,
        ctx: &MailContext,
    ) -> Words<'a> {
        let category_key = format!("category-{}", ctx.category.trim());
        // An unknown category shows its machine name rather than a Fluent key.
        let category = if translations.has(language, &category_key) {
            translations.text(language, &category_key, &[])
        } else {
            ctx.category.trim().to_owned()
        };
        let args = vec![
            ("reference", ctx.reference.trim().to_owned()),
            ("title", ctx.request_title.trim().to_owned()),
            ("category", category.clone()),
            ("centre", ctx.centre_name.trim().to_owned()),
            (
                "name",
                non_blank(&ctx.recipient_name)
                    .unwrap_or_default()
                    .to_owned(),
            ),
        ];
        Words {
            translations,
            kind,
            language,
            category,
            args,
        }
    }

    fn get(&self, key: &str) -> String {
        self.translations.text(self.language, key, &self.args)
    }

    /// `mail-<kind>-<part>`, e.g. `mail-resolved-intro`.
    fn of_kind(&self, part: &str) -> String {
        self.get(&format!("mail-{}-{part}", self.kind.name()))
    }
}

fn non_blank(value: &Option<String>) -> Option<&str> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|value| !value.is_empty())
}

/// Only absolute web links: anything else (`javascript:`, a relative path) would be
/// useless or dangerous behind a button in a mail client.
fn checked_link(link: &str) -> Result<&str, RenderError> {
    let lower = link.to_ascii_lowercase();
    let absolute = ["https://", "http://"]
        .iter()
        .any(|scheme| lower.starts_with(scheme) && lower.len() > scheme.len());
    if absolute && !link.contains(char::is_whitespace) {
        Ok(link)
    } else {
        Err(RenderError::InvalidLink(link.to_owned()))
    }
}

/// Subjects are headers: a stray line break from a title or translation must not split them.
fn one_line(text: &str) -> String {
    text.split(char::is_control)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The plain-text part; `.txt` templates are not escaped, which is right for text.
#[derive(Template)]
enum TextPart<'a> {
    #[template(path = "email/request_received.txt")]
    RequestReceived { m: &'a MailView },
    #[template(path = "email/referral_offered.txt")]
    ReferralOffered { m: &'a MailView },
    #[template(path = "email/partner_accepted.txt")]
    PartnerAccepted { m: &'a MailView },
    #[template(path = "email/partner_declined.txt")]
    PartnerDeclined { m: &'a MailView },
    #[template(path = "email/info_needed.txt")]
    InfoNeeded { m: &'a MailView },
    #[template(path = "email/partner_reminder.txt")]
    PartnerReminder { m: &'a MailView },
    #[template(path = "email/escalation.txt")]
    Escalation { m: &'a MailView },
    #[template(path = "email/resolved.txt")]
    Resolved { m: &'a MailView },
    #[template(path = "email/closed.txt")]
    Closed { m: &'a MailView },
    #[template(path = "email/cancelled.txt")]
    Cancelled { m: &'a MailView },
    #[template(path = "email/referral_withdrawn.txt")]
    ReferralWithdrawn { m: &'a MailView },
    #[template(path = "email/newcomer_reminder.txt")]
    NewcomerReminder { m: &'a MailView },
    #[template(path = "email/application_filed.txt")]
    ApplicationFiled { m: &'a MailView },
    #[template(path = "email/appointment_booked.txt")]
    AppointmentBooked { m: &'a MailView },
    #[template(path = "email/decision_issued.txt")]
    DecisionIssued { m: &'a MailView },
    #[template(path = "email/newcomer_message.txt")]
    NewcomerMessage { m: &'a MailView },
}

/// The HTML part; askama escapes every value in `.html` templates.
#[derive(Template)]
enum HtmlPart<'a> {
    #[template(path = "email/request_received.html")]
    RequestReceived { m: &'a MailView },
    #[template(path = "email/referral_offered.html")]
    ReferralOffered { m: &'a MailView },
    #[template(path = "email/partner_accepted.html")]
    PartnerAccepted { m: &'a MailView },
    #[template(path = "email/partner_declined.html")]
    PartnerDeclined { m: &'a MailView },
    #[template(path = "email/info_needed.html")]
    InfoNeeded { m: &'a MailView },
    #[template(path = "email/partner_reminder.html")]
    PartnerReminder { m: &'a MailView },
    #[template(path = "email/escalation.html")]
    Escalation { m: &'a MailView },
    #[template(path = "email/resolved.html")]
    Resolved { m: &'a MailView },
    #[template(path = "email/closed.html")]
    Closed { m: &'a MailView },
    #[template(path = "email/cancelled.html")]
    Cancelled { m: &'a MailView },
    #[template(path = "email/referral_withdrawn.html")]
    ReferralWithdrawn { m: &'a MailView },
    #[template(path = "email/newcomer_reminder.html")]
    NewcomerReminder { m: &'a MailView },
    #[template(path = "email/application_filed.html")]
    ApplicationFiled { m: &'a MailView },
    #[template(path = "email/appointment_booked.html")]
    AppointmentBooked { m: &'a MailView },
    #[template(path = "email/decision_issued.html")]
    DecisionIssued { m: &'a MailView },
    #[template(path = "email/newcomer_message.html")]
    NewcomerMessage { m: &'a MailView },
}

impl<'a> TextPart<'a> {
    fn new(kind: MailKind, m: &'a MailView) -> Self {
        match kind {
            MailKind::RequestReceived => TextPart::RequestReceived { m },
            MailKind::ReferralOffered => TextPart::ReferralOffered { m },
            MailKind::PartnerAccepted => TextPart::PartnerAccepted { m },
            MailKind::PartnerDeclined => TextPart::PartnerDeclined { m },
            MailKind::InfoNeeded => TextPart::InfoNeeded { m },
            MailKind::PartnerReminder => TextPart::PartnerReminder { m },
            MailKind::Escalation => TextPart::Escalation { m },
            MailKind::Resolved => TextPart::Resolved { m },
            MailKind::Closed => TextPart::Closed { m },
            MailKind::Cancelled => TextPart::Cancelled { m },
            MailKind::ReferralWithdrawn => TextPart::ReferralWithdrawn { m },
            MailKind::NewcomerReminder => TextPart::NewcomerReminder { m },
            MailKind::ApplicationFiled => TextPart::ApplicationFiled { m },
            MailKind::AppointmentBooked => TextPart::AppointmentBooked { m },
            MailKind::DecisionIssued => TextPart::DecisionIssued { m },
            MailKind::NewcomerMessage => TextPart::NewcomerMessage { m },
        }
    }
}

impl<'a> HtmlPart<'a> {
    fn new(kind: MailKind, m: &'a MailView) -> Self {
        match kind {
            MailKind::RequestReceived => HtmlPart::RequestReceived { m },
            MailKind::ReferralOffered => HtmlPart::ReferralOffered { m },
            MailKind::PartnerAccepted => HtmlPart::PartnerAccepted { m },
            MailKind::PartnerDeclined => HtmlPart::PartnerDeclined { m },
            MailKind::InfoNeeded => HtmlPart::InfoNeeded { m },
            MailKind::PartnerReminder => HtmlPart::PartnerReminder { m },
            MailKind::Escalation => HtmlPart::Escalation { m },
            MailKind::Resolved => HtmlPart::Resolved { m },
            MailKind::Closed => HtmlPart::Closed { m },
            MailKind::Cancelled => HtmlPart::Cancelled { m },
            MailKind::ReferralWithdrawn => HtmlPart::ReferralWithdrawn { m },
            MailKind::NewcomerReminder => HtmlPart::NewcomerReminder { m },
            MailKind::ApplicationFiled => HtmlPart::ApplicationFiled { m },
            MailKind::AppointmentBooked => HtmlPart::AppointmentBooked { m },
            MailKind::DecisionIssued => HtmlPart::DecisionIssued { m },
            MailKind::NewcomerMessage => HtmlPart::NewcomerMessage { m },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REFERENCE: &str = "EXP-2026-00042";
    const CODE: &str = "K7MP-Q4XR-2WHT";
    const HOSTILE: &str = "<script>alert(1)</script> & \"quotes\"";

    fn translations() -> Translations {
        match Translations::embedded() {
            Ok(translations) => translations,
            Err(error) => panic!("translations do not load: {error}"),
        }
    }

    fn context() -> MailContext {
        MailContext {
            reference: REFERENCE.into(),
            request_title: "Prodloužení povolení k pobytu pro Olenu".into(),
            category: "residence_permit".into(),
            recipient_name: Some("Olena Kovalenková".into()),
            partner_name: Some("Charita Ostrava – poradna pro cizince".into()),
            state_label: Some("Předáno partnerovi".into()),
            comment: Some(format!("Kopii nájemní smlouvy, prosím. {HOSTILE}")),
            access_code: Some(CODE.into()),
            link: Some(format!(
                "https://desk.example.cz/status?reference={REFERENCE}&lang=cs"
            )),
            centre_name: "Expat Centre Ostrava".into(),
        }
    }

    /// Askama 0.16 escapes with numeric entities (`&#60;`); named ones (`&lt;`) are
    /// accepted too, so a different escaper configuration keeps the test meaningful.
    fn shows_escaped_script(html: &str) -> bool {
        html.contains("&#60;script&#62;") || html.contains("&lt;script&gt;")
    }

    fn rendered(kind: MailKind, language: Language, ctx: &MailContext) -> RenderedMail {
        match render(&translations(), kind.name(), language, ctx) {
            Ok(mail) => mail,
            Err(error) => panic!("{} in {language} failed: {error}", kind.name()),
        }
    }

    #[test]
    fn every_mail_renders_in_every_language() {
        let translations = translations();
        let ctx = context();
        for kind in MailKind::ALL {
            for language in Language::ALL {
                let label = format!("{} in {language}", kind.name());
                let mail = match render(&translations, kind.name(), language, &ctx) {
                    Ok(mail) => mail,
                    Err(error) => panic!("{label} failed: {error}"),
                };
                assert!(
                    mail.subject.starts_with("[EXP-2026-00042] "),
                    "{label}: {}",
                    mail.subject
                );
                assert!(mail.subject.len() > "[EXP-2026-00042] ".len(), "{label}");
                for part in [&mail.subject, &mail.text, &mail.html] {
                    assert!(
                        !part.contains("mail-"),
                        "{label}: a Fluent key leaked:\n{part}"
                    );
                    assert!(
                        !part.contains("category-"),
                        "{label}: a Fluent key leaked:\n{part}"
                    );
                    assert!(
                        !part.contains(['{', '}']),
                        "{label}: a placeholder is left:\n{part}"
                    );
                }
                assert!(!mail.html.contains("<script>"), "{label}:\n{}", mail.html);
                if kind.comment_use() != CommentUse::Hidden {
                    assert!(shows_escaped_script(&mail.html), "{label}:\n{}", mail.html);
                    assert!(mail.text.contains(HOSTILE), "{label}:\n{}", mail.text);
                }
                assert!(mail.text.contains(REFERENCE), "{label}");
                assert!(mail.text.contains("Expat Centre Ostrava"), "{label}");
            }
        }
    }

    #[test]
    fn user_input_is_escaped_in_every_html_mail() {
        let ctx = MailContext {
            request_title: format!("Byt {HOSTILE}"),
            recipient_name: Some(format!("Jan {HOSTILE}")),
            partner_name: Some(format!("Partner {HOSTILE}")),
            ..context()
        };
        for kind in MailKind::ALL {
            for language in Language::ALL {
                let mail = rendered(kind, language, &ctx);
                assert!(
                    !mail.html.contains("<script>"),
                    "{}:\n{}",
                    kind.name(),
                    mail.html
                );
                assert!(shows_escaped_script(&mail.html), "{}", kind.name());
            }
        }
    }

    #[test]
    fn the_access_code_appears_only_in_the_request_received_mail() {
        let ctx = context();
        for kind in MailKind::ALL {
            for language in Language::ALL {
                let mail = rendered(kind, language, &ctx);
                let expected = kind == MailKind::RequestReceived;
                assert_eq!(mail.text.contains(CODE), expected, "{} text", kind.name());
                assert_eq!(mail.html.contains(CODE), expected, "{} html", kind.name());
                assert!(!mail.subject.contains(CODE), "{}", kind.name());
            }
        }
    }

    #[test]
    fn request_received_without_an_access_code_is_an_error() {
        for access_code in [None, Some("   ".to_owned())] {
            let ctx = MailContext {
                access_code,
                ..context()
            };
            let result = render(&translations(), "request_received", Language::En, &ctx);
            assert!(
                matches!(
                    result,
                    Err(RenderError::MissingField {
                        field: "access code",
                        ..
                    })
                ),
                "{result:?}"
            );
        }
    }

    #[test]
    fn an_unknown_template_is_an_error() {
        let result = render(&translations(), "birthday_wishes", Language::Cs, &context());
        assert!(
            matches!(result, Err(RenderError::UnknownTemplate(name)) if name == "birthday_wishes")
        );
    }

    #[test]
    fn a_mail_that_passes_on_a_comment_fails_without_one() {
        let ctx = MailContext {
            comment: None,
            ..context()
        };
        for kind in MailKind::ALL {
            let result = render(&translations(), kind.name(), Language::Uk, &ctx);
            match kind.comment_use() {
                CommentUse::Required => assert!(
                    matches!(
                        result,
                        Err(RenderError::MissingField {
                            field: "comment",
                            ..
                        })
                    ),
                    "{}: {result:?}",
                    kind.name()
                ),
                CommentUse::Hidden | CommentUse::Optional => {
                    assert!(result.is_ok(), "{}: {result:?}", kind.name());
                }
            }
        }
    }

    #[test]
    fn an_internal_comment_never_reaches_a_cancelled_newcomer() {
        let mail = rendered(MailKind::Cancelled, Language::En, &context());
        assert!(!mail.text.contains("nájemní smlouvy"), "{}", mail.text);
        assert!(!mail.html.contains("nájemní smlouvy"), "{}", mail.html);
    }

    #[test]
    fn the_html_part_declares_the_recipients_language() {
        for language in Language::ALL {
            let mail = rendered(MailKind::Resolved, language, &context());
            let tag = format!("<html lang=\"{}\">", language.code());
            assert!(mail.html.contains(&tag), "{}", mail.html);
        }
    }

    #[test]
    fn the_link_is_a_button_in_html_and_a_line_in_text() {
        let mail = rendered(MailKind::InfoNeeded, Language::Cs, &context());
        let url = format!("https://desk.example.cz/status?reference={REFERENCE}&lang=cs");
        assert!(mail.text.contains(&url), "{}", mail.text);
        assert!(
            mail.text.contains("Zobrazit stav požadavku"),
            "{}",
            mail.text
        );
        let escaped = url.replace('&', "&#38;");
        let href = format!("<a href=\"{escaped}\"");
        let href_named = format!("<a href=\"{}\"", url.replace('&', "&amp;"));
        assert!(
            mail.html.contains(&href) || mail.html.contains(&href_named),
            "{}",
            mail.html
        );
    }

    #[test]
    fn a_mail_without_a_link_has_no_button() {
        let ctx = MailContext {
            link: None,
            ..context()
        };
        let mail = rendered(MailKind::Closed, Language::En, &ctx);
        assert!(!mail.html.contains("<a "), "{}", mail.html);
        assert!(!mail.text.contains("http"), "{}", mail.text);
    }

    #[test]
    fn a_link_that_is_not_absolute_http_is_an_error() {
        for link in ["javascript:alert(1)", "/status", "https://"] {
            let ctx = MailContext {
                link: Some(link.into()),
                ..context()
            };
            let result = render(&translations(), "closed", Language::En, &ctx);
            assert!(
                matches!(result, Err(RenderError::InvalidLink(_))),
                "{link}: {result:?}"
            );
        }
    }

    #[test]
    fn a_subject_stays_on_one_line() {
        let ctx = MailContext {
            reference: "EXP-2026-00042\r\nBcc: someone@example.org".into(),
            ..context()
        };
        let mail = rendered(MailKind::Closed, Language::En, &ctx);
        assert!(!mail.subject.contains(['\r', '\n']), "{}", mail.subject);
    }

    #[test]
    fn newcomer_mail_reads_naturally_in_czech() {
        let mail = rendered(MailKind::RequestReceived, Language::Cs, &context());
        assert_eq!(mail.subject, "[EXP-2026-00042] Váš požadavek jsme přijali");
        assert!(
            mail.text.starts_with("Dobrý den,\n\nDěkujeme"),
            "{}",
            mail.text
        );
        assert!(
            mail.text
                .contains("„Prodloužení povolení k pobytu pro Olenu“"),
            "{}",
            mail.text
        );
        assert!(
            mail.text.contains("Oblast: Povolení k pobytu"),
            "{}",
            mail.text
        );
    }

    #[test]
    fn every_kind_name_parses_back_to_itself() {
        for kind in MailKind::ALL {
            assert_eq!(MailKind::parse(kind.name()), Some(kind));
        }
        assert_eq!(MailKind::parse("Request_Received"), None);
    }
}
