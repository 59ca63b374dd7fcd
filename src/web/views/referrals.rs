use askama::Template;
use askama_web::WebTemplate;

use super::forms::FormState;
use super::layout::Layout;
use crate::services::referrals::{LinkedReferral, PartnerFigures, RuleView};

/// A partner's answer page, reached from the referral e-mail without an account.
#[derive(Template, WebTemplate)]
#[template(path = "referrals/link.html")]
pub struct ReferralLinkPage {
    pub layout: Layout,
    pub referral: LinkedReferral,
    pub category: String,
    pub form: FormState,
}

/// The outcome of a link: answered, or why the link does not work.
#[derive(Template, WebTemplate)]
#[template(path = "referrals/done.html")]
pub struct ReferralLinkDone {
    pub layout: Layout,
    pub title: String,
    pub message: String,
}

/// The partner directory with figures and routing rules.
#[derive(Template, WebTemplate)]
#[template(path = "admin/partners.html")]
pub struct PartnersPage {
    pub layout: Layout,
    pub figures: Vec<PartnerFigures>,
    pub rules: Vec<RuleView>,
    pub partner_form: FormState,
    pub rule_form: FormState,
    pub categories: Vec<super::requests::Choice>,
    pub partners: Vec<super::requests::Choice>,
}
