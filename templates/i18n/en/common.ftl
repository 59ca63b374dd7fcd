# Words shared by every e-mail (and later by pages): the footer, the centre's
# contact lines and the names of the request categories.
#
# Fluent syntax in short: `key = text`; `{ $name }` inserts a value; a line
# starting with `#` is a comment. Keep the keys, change only the text.

## Footer

footer-automatic = This is an automatic message.
footer-replies = You can reply to this e-mail: replies are read by the centre's staff.

centre-name = Expat Centre Ostrava

## The centre's contact lines (shown under the centre's name)

centre-contact-address = Ostrava, Moravian-Silesian Region, Czech Republic
centre-contact-visit = You are welcome to visit us in person; please bring the reference of your request with you.

## Request categories (the part after `category-` is the machine name used by the API)

category-residence_permit = Residence permit
category-work_permit = Work permit
category-registration = Registration of residence
category-housing = Housing
category-job = Work and jobs
category-health_insurance = Health insurance
category-education = Education and schools
category-language_course = Czech language course
category-business = Business and self-employment
category-family = Family
category-other = Other
