//! Turns one workflow event into one e-mail (subject, plain text and HTML) in the
//! recipient's language.
//!
//! The prose lives in Fluent files (`templates/i18n/<language>/mail.ftl`), so translators
//! never touch Rust; the layout lives in askama templates (`templates/email/<kind>.txt`
//! and `.html`), so whoever shapes a mail never touches Fluent. This module is the only
//! place that knows both: per kind it picks the Fluent keys, translates them into a
//! [`MailView`] of plain strings and hands that to the kind's two templates. Templates
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
        subject: one_line(&format!("[{}] {}", ctx.reference.trim(), view.subject)),
        text,
        html,
    })
}

/// Everything a mail template shows, already translated and chosen for its kind.
struct MailView {
    lang: &'static str,
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
            CommentUse::Required => Some(non_blank(&ctx.comment).ok_or_else(|| missing("comment"))?),
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
            subject: words.of_kind("subject"),
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
                label: words.get(match audience {
                    Audience::Newcomer => "mail-action-newcomer",
                    Audience::Partner => "mail-action-partner",
                    Audience::Staff => "mail-action-staff",
                }),
                url: url.to_owned(),
                fallback: words.get("mail-link-fallback"),
            }),
            why: words.get(match audience {
                Audience::Newcomer => "mail-why-newcomer",
                Audience::Partner => "mail-why-partner",
                Audience::Staff => "mail-why-staff",
            }),
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
                non_blank(&ctx.recipient_name).unwrap_or_default().to_owned(),
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

/// Declares the two template enums, one variant (and template file) per kind and part.
macro_rules! mail_templates {
    ($($kind:ident: $text:tt, $html:tt;)+) => {
        /// The plain-text part; `.txt` templates are not escaped, which is right for text.
        #[derive(Template)]
        enum TextPart<'a> {
            $(
                #[template(path = $text)]
                $kind { m: &'a MailView },
            )+
        }

        /// The HTML part; askama escapes every value in `.html` templates.
        #[derive(Template)]
        enum HtmlPart<'a> {
            $(
                #[template(path = $html)]
                $kind { m: &'a MailView },
            )+
        }

        impl<'a> TextPart<'a> {
            fn new(kind: MailKind, m: &'a MailView) -> Self {
                match kind {
                    $(MailKind::$kind => TextPart::$kind { m },)+
                }
            }
        }

        impl<'a> HtmlPart<'a> {
            fn new(kind: MailKind, m: &'a MailView) -> Self {
                match kind {
                    $(MailKind::$kind => HtmlPart::$kind { m },)+
                }
            }
        }
    };
}

mail_templates! {
    RequestReceived: "email/request_received.txt", "email/request_received.html";
    ReferralOffered: "email/referral_offered.txt", "email/referral_offered.html";
    PartnerAccepted: "email/partner_accepted.txt", "email/partner_accepted.html";
    PartnerDeclined: "email/partner_declined.txt", "email/partner_declined.html";
    InfoNeeded: "email/info_needed.txt", "email/info_needed.html";
    PartnerReminder: "email/partner_reminder.txt", "email/partner_reminder.html";
    Escalation: "email/escalation.txt", "email/escalation.html";
    Resolved: "email/resolved.txt", "email/resolved.html";
    Closed: "email/closed.txt", "email/closed.html";
    Cancelled: "email/cancelled.txt", "email/cancelled.html";
    ReferralWithdrawn: "email/referral_withdrawn.txt", "email/referral_withdrawn.html";
    NewcomerReminder: "email/newcomer_reminder.txt", "email/newcomer_reminder.html";
    ApplicationFiled: "email/application_filed.txt", "email/application_filed.html";
    AppointmentBooked: "email/appointment_booked.txt", "email/appointment_booked.html";
    DecisionIssued: "email/decision_issued.txt", "email/decision_issued.html";
    NewcomerMessage: "email/newcomer_message.txt", "email/newcomer_message.html";
}
