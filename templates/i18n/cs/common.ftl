# Společné texty všech e-mailů (později i stránek): patička, kontaktní řádky
# centra a názvy oblastí požadavků.
#
# Syntaxe Fluent ve zkratce: `klíč = text`; `{ $name }` vloží hodnotu; řádek
# začínající `#` je komentář. Klíče neměňte, překládejte jen text.

## Patička

footer-automatic = Toto je automatická zpráva.
footer-replies = Na tento e-mail můžete odpovědět: odpovědi čtou pracovníci centra.

## Kontaktní řádky centra (pod názvem centra)

centre-contact-address = Ostrava, Moravskoslezský kraj, Česká republika
centre-contact-visit = Můžete nás navštívit i osobně; vezměte si s sebou číslo svého požadavku.

## Oblasti požadavků (část za `category-` je strojový název z API)

category-residence_permit = Povolení k pobytu
category-work_permit = Pracovní povolení
category-registration = Hlášení pobytu a registrace
category-housing = Bydlení
category-job = Práce a zaměstnání
category-health_insurance = Zdravotní pojištění
category-education = Vzdělávání a školy
category-language_course = Kurz češtiny
category-business = Podnikání a živnost
category-family = Rodina
category-other = Ostatní

centre-name = Expat Centre Ostrava
