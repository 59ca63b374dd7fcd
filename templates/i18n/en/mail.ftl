# The e-mails expat-desk sends, one group per kind of mail.
#
# Values you can use in every message:
#   { $reference }  the request's reference, e.g. EXP-2026-00042
#   { $title }      the request's title
#   { $category }   the name of the request's category in this language
#   { $centre }     the centre's name
#   { $name }       the recipient's name (empty when unknown)
#
# Each kind has `-subject` (shown after "[reference] "), `-intro` (the first
# paragraph), `-next` (what happens next and what is expected of the reader)
# and, where the mail shows a comment from staff or a partner, `-detail`
# (the heading above that comment).

## Parts every mail shares

mail-greeting = Hello,
mail-greeting-named = Dear { $name },
mail-facts-heading = About the request
mail-fact-reference = Reference
mail-fact-request = Request
mail-fact-category = Category
mail-fact-status = Current status
mail-fact-partner = Partner organisation
mail-access-code-label = Your access code
mail-access-code-advice = Keep this code private. Together with the reference, it lets you check the status of your request online. For your security we cannot look it up again later, so please keep this e-mail.
mail-action-newcomer = Check the status of your request
mail-action-partner = Open the referral
mail-action-staff = Open the request
mail-link-fallback = If the button does not work, copy this address into your browser:
mail-why-newcomer = You are receiving this e-mail because { $centre } is handling your request and this is the address we have for news about it.
mail-why-partner = You are receiving this e-mail because your organisation works with { $centre } and this request was referred to you.
mail-why-staff = You are receiving this e-mail because you are responsible for this request.

## request_received: to the newcomer, at intake

mail-request_received-subject = We have received your request
mail-request_received-intro = Thank you for contacting us. We have registered your request “{ $title }” under the reference { $reference }.
mail-request_received-next = What happens next: a caseworker will look at your request as soon as possible, usually within two working days. If we need anything from you, we will write to you at this address. You do not need to do anything now.

## referral_offered: to a partner organisation

mail-referral_offered-subject = A new request for your organisation
mail-referral_offered-intro = { $centre } would like to refer the request “{ $title }” ({ $category }) to your organisation and asks for your help.
mail-referral_offered-detail = Note from the centre
mail-referral_offered-next = Please open the referral. If you can help, accept it; if not, decline it with a short reason so that we can quickly find another organisation. If we do not hear from you, we will send you a reminder.

## partner_accepted: to the newcomer

mail-partner_accepted-subject = A partner organisation is now working on your request
mail-partner_accepted-intro = Good news: a partner organisation we work with has accepted your request “{ $title }” and has started working on it.
mail-partner_accepted-next = They may contact you directly or through the centre. If they need anything from you, you will receive an e-mail. You can check the status of your request online at any time.

## partner_declined: to the caseworker

mail-partner_declined-subject = A partner organisation declined the referral
mail-partner_declined-intro = The partner organisation has declined to take on the request “{ $title }”. The request is back in review.
mail-partner_declined-detail = Reason given by the organisation
mail-partner_declined-next = Please read the reason, then refer the request to another partner organisation or handle it at the centre.

## info_needed: to the newcomer

mail-info_needed-subject = We need more information from you
mail-info_needed-intro = To continue with your request “{ $title }”, we need more information or documents from you.
mail-info_needed-detail = What we need
mail-info_needed-next = Please reply to this e-mail or bring the documents to the centre, and mention your reference { $reference }. Until then your request is on hold; as soon as we have what we need, we will continue.

## partner_reminder: to a partner organisation

mail-partner_reminder-subject = Reminder: a referral is waiting for your answer
mail-partner_reminder-intro = The request “{ $title }” ({ $category }) that we referred to you is still waiting for your answer.
mail-partner_reminder-next = Please accept or decline it as soon as you can. If we do not hear from you, we will alert the responsible caseworker so that the newcomer is not left waiting.

## escalation: to the caseworker, when reminders went unanswered

mail-escalation-subject = No response: a request needs your attention
mail-escalation-intro = The reminders about the request “{ $title }” have gone unanswered, so the request now needs your attention.
mail-escalation-next = Please check its current status, contact the partner organisation or the newcomer, and decide how to continue.

## resolved: to the newcomer

mail-resolved-subject = Your request has been resolved
mail-resolved-intro = We have finished working on your request “{ $title }”.
mail-resolved-detail = Outcome
mail-resolved-next = If anything is unclear or the problem has not been solved, please reply to this e-mail within 14 days and we will reopen the request. Otherwise there is nothing more you need to do; the request will then be closed automatically.

## closed: to the newcomer

mail-closed-subject = Your request has been closed
mail-closed-intro = Your request “{ $title }” is now closed.
mail-closed-next = Thank you for your trust. If you need help with anything else, you are welcome to contact us again at any time and we will open a new request.

## cancelled: to the newcomer

mail-cancelled-subject = Your request has been cancelled
mail-cancelled-intro = Your request “{ $title }” has been cancelled, and we will not continue working on it.
mail-cancelled-next = If you think this is a mistake, or you still need help, please reply to this e-mail or contact the centre and mention your reference { $reference }.

## referral_withdrawn: to a partner organisation

mail-referral_withdrawn-subject = Referral withdrawn
mail-referral_withdrawn-intro = We are withdrawing the referral of the request “{ $title }” ({ $category }) because the request has been cancelled.
mail-referral_withdrawn-detail = Reason
mail-referral_withdrawn-next = You do not need to do anything more on this request. Thank you for your cooperation.

## newcomer_reminder: to the newcomer, while we wait for them

mail-newcomer_reminder-subject = Reminder: we are still waiting for your reply
mail-newcomer_reminder-intro = To continue with your request “{ $title }”, we still need information or documents from you.
mail-newcomer_reminder-detail = What we asked for
mail-newcomer_reminder-next = Please reply to this e-mail or visit the centre, and mention your reference { $reference }. If you no longer need help, simply let us know.

## application_filed: to the newcomer (permit requests)

mail-application_filed-subject = Your application has been filed
mail-application_filed-intro = The application for your request “{ $title }” has been filed with the authority.
mail-application_filed-next = The authority will now process it; a decision usually takes up to 60 days, and we keep an eye on the deadline for you. If the authority asks for anything more, we will let you know. Please keep any letters you receive from the authority and tell us about them.

## appointment_booked: to the newcomer (permit requests)

mail-appointment_booked-subject = Your appointment has been booked
mail-appointment_booked-intro = We have booked an appointment for you for your request “{ $title }”.
mail-appointment_booked-detail = Date, time and place
mail-appointment_booked-next = Please arrive in good time and bring your passport and the originals of all the documents we have discussed with you. If you cannot come, let us know as soon as possible so that we can arrange another date.

## decision_issued: to the newcomer (permit requests)

mail-decision_issued-subject = The authority has decided on your application
mail-decision_issued-intro = The authority has issued a decision on the application for your request “{ $title }”.
mail-decision_issued-detail = The decision
mail-decision_issued-next = If you have questions about the decision or want to appeal, please contact us within 14 days: the deadlines for an appeal are short.

## newcomer_message: to the caseworker

mail-newcomer_message-subject = New message from the newcomer
mail-newcomer_message-intro = The newcomer has sent a message about the request “{ $title }”.
mail-newcomer_message-detail = Message
mail-newcomer_message-next = Please read it, then reply or update the request if needed.
