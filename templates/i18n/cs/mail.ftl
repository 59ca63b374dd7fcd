# E-maily, které expat-desk posílá, po skupinách podle druhu.
#
# Hodnoty, které lze použít v každé zprávě:
#   { $reference }  číslo požadavku, např. EXP-2026-00042
#   { $title }      název požadavku
#   { $category }   název oblasti požadavku v tomto jazyce
#   { $centre }     název centra
#   { $name }       jméno adresáta (prázdné, pokud ho neznáme)
#
# Každý druh má `-subject` (za „[číslo] “ v předmětu), `-intro` (první odstavec),
# `-next` (co bude dál a co od čtenáře očekáváme) a tam, kde e-mail ukazuje
# komentář pracovníka nebo partnera, také `-detail` (nadpis nad komentářem).
#
# Vykáme s malým „v“ jako ve stavových textech aplikace. Vyhýbáme se tvarům
# „jste udělal(a)“: u neznámého adresáta neznáme rod.

## Části společné všem e-mailům

# Oslovení jménem by v češtině vyžadovalo 5. pád; bezpečnější je neutrální pozdrav.
mail-greeting = Dobrý den,
mail-greeting-named = Dobrý den,
mail-facts-heading = O požadavku
mail-fact-reference = Číslo požadavku
mail-fact-request = Požadavek
mail-fact-category = Oblast
mail-fact-status = Aktuální stav
mail-fact-partner = Partnerská organizace
mail-access-code-label = Váš přístupový kód
mail-access-code-advice = Kód nikomu nesdělujte. Spolu s číslem požadavku vám umožní sledovat jeho stav online. Z bezpečnostních důvodů ho později nedokážeme dohledat, proto si tento e-mail uschovejte.
mail-action-newcomer = Zobrazit stav požadavku
mail-action-partner = Otevřít předaný požadavek
mail-action-staff = Otevřít požadavek
mail-link-fallback = Pokud tlačítko nefunguje, zkopírujte tuto adresu do prohlížeče:
mail-why-newcomer = Tento e-mail dostáváte, protože { $centre } vyřizuje váš požadavek a tuto adresu máme pro zprávy o něm.
mail-why-partner = Tento e-mail dostáváte, protože vaše organizace spolupracuje s { $centre } a tento požadavek byl předán vám.
mail-why-staff = Tento e-mail dostáváte, protože máte tento požadavek na starosti.

## request_received: klientovi při založení požadavku

mail-request_received-subject = Váš požadavek jsme přijali
mail-request_received-intro = Děkujeme, že se na nás obracíte. Váš požadavek „{ $title }“ jsme zaevidovali pod číslem { $reference }.
mail-request_received-next = Co bude dál: pracovník centra se vaším požadavkem bude zabývat co nejdříve, obvykle do dvou pracovních dnů. Pokud od vás budeme něco potřebovat, napíšeme vám na tuto adresu. Teď nemusíte nic dělat.

## referral_offered: partnerské organizaci

mail-referral_offered-subject = Nový požadavek pro vaši organizaci
mail-referral_offered-intro = { $centre } vám předává požadavek „{ $title }“ (oblast: { $category }) a prosí vaši organizaci o pomoc.
mail-referral_offered-detail = Poznámka centra
mail-referral_offered-next = Otevřete prosím předaný požadavek. Pokud můžete pomoci, přijměte ho; pokud ne, odmítněte ho s krátkým zdůvodněním, abychom mohli rychle najít jinou organizaci. Pokud se nám neozvete, pošleme vám připomínku.

## partner_accepted: klientovi

mail-partner_accepted-subject = Vaším požadavkem se nyní zabývá partnerská organizace
mail-partner_accepted-intro = Dobrá zpráva: partnerská organizace, se kterou spolupracujeme, převzala váš požadavek „{ $title }“ a začala na něm pracovat.
mail-partner_accepted-next = Organizace vás může kontaktovat přímo nebo prostřednictvím centra. Pokud od vás bude něco potřebovat, dostanete e-mail. Stav požadavku můžete kdykoli sledovat online.

## partner_declined: odpovědnému pracovníkovi

mail-partner_declined-subject = Partnerská organizace odmítla předaný požadavek
mail-partner_declined-intro = Partnerská organizace odmítla převzít požadavek „{ $title }“. Požadavek se vrátil do posouzení.
mail-partner_declined-detail = Důvod uvedený organizací
mail-partner_declined-next = Projděte si prosím důvod a předejte požadavek jiné partnerské organizaci, nebo ho vyřešte přímo v centru.

## info_needed: klientovi

mail-info_needed-subject = Potřebujeme od vás doplnit informace
mail-info_needed-intro = Abychom mohli ve vyřizování vašeho požadavku „{ $title }“ pokračovat, potřebujeme od vás další informace nebo doklady.
mail-info_needed-detail = Co potřebujeme
mail-info_needed-next = Odpovězte prosím na tento e-mail nebo doneste doklady do centra a uveďte číslo požadavku { $reference }. Do té doby vyřizování čeká; jakmile podklady dostaneme, budeme pokračovat.

## partner_reminder: partnerské organizaci

mail-partner_reminder-subject = Připomínka: předaný požadavek čeká na vaši odpověď
mail-partner_reminder-intro = Požadavek „{ $title }“ (oblast: { $category }), který jsme vám předali, stále čeká na vaši odpověď.
mail-partner_reminder-next = Přijměte ho prosím, nebo odmítněte, co nejdříve. Pokud se nám neozvete, upozorníme odpovědného pracovníka centra, aby klient nemusel zbytečně čekat.

## escalation: odpovědnému pracovníkovi, když připomínky zůstaly bez odezvy

mail-escalation-subject = Bez odezvy: požadavek vyžaduje vaši pozornost
mail-escalation-intro = Připomínky k požadavku „{ $title }“ zůstaly bez odezvy, proto požadavek nyní vyžaduje vaši pozornost.
mail-escalation-next = Zkontrolujte prosím jeho aktuální stav, kontaktujte partnerskou organizaci nebo klienta a rozhodněte, jak dál.

## resolved: klientovi

mail-resolved-subject = Váš požadavek je vyřešen
mail-resolved-intro = Práci na vašem požadavku „{ $title }“ jsme dokončili.
mail-resolved-detail = Výsledek
mail-resolved-next = Pokud vám něco není jasné nebo problém trvá, odpovězte prosím na tento e-mail do 14 dnů a požadavek znovu otevřeme. Jinak už nemusíte nic dělat; požadavek poté automaticky uzavřeme.

## closed: klientovi

mail-closed-subject = Váš požadavek je uzavřen
mail-closed-intro = Váš požadavek „{ $title }“ je nyní uzavřen.
mail-closed-next = Děkujeme za důvěru. Pokud budete potřebovat pomoc s něčím dalším, obraťte se na nás kdykoli znovu a založíme nový požadavek.

## cancelled: klientovi

mail-cancelled-subject = Váš požadavek byl zrušen
mail-cancelled-intro = Váš požadavek „{ $title }“ byl zrušen a dále se jím nebudeme zabývat.
mail-cancelled-next = Pokud si myslíte, že jde o omyl, nebo stále potřebujete pomoc, odpovězte prosím na tento e-mail nebo se obraťte na centrum a uveďte číslo požadavku { $reference }.

## referral_withdrawn: partnerské organizaci

mail-referral_withdrawn-subject = Předání požadavku je zrušeno
mail-referral_withdrawn-intro = Předání požadavku „{ $title }“ (oblast: { $category }) rušíme, protože požadavek byl zrušen.
mail-referral_withdrawn-detail = Důvod
mail-referral_withdrawn-next = K tomuto požadavku už nemusíte nic dělat. Děkujeme za spolupráci.

## newcomer_reminder: klientovi, když na něj čekáme

mail-newcomer_reminder-subject = Připomínka: stále čekáme na vaši odpověď
mail-newcomer_reminder-intro = Abychom mohli ve vyřizování vašeho požadavku „{ $title }“ pokračovat, stále od vás potřebujeme informace nebo doklady.
mail-newcomer_reminder-detail = O co jsme vás žádali
mail-newcomer_reminder-next = Odpovězte prosím na tento e-mail nebo navštivte centrum a uveďte číslo požadavku { $reference }. Pokud už pomoc nepotřebujete, dejte nám prosím vědět.

## application_filed: klientovi (požadavky o povolení)

mail-application_filed-subject = Vaše žádost byla podána
mail-application_filed-intro = Žádost k vašemu požadavku „{ $title }“ byla podána na úřad.
mail-application_filed-next = Úřad ji nyní posoudí; rozhodnutí obvykle trvá až 60 dnů a lhůtu za vás hlídáme. Pokud bude úřad chtít něco doplnit, dáme vám vědět. Dopisy, které od úřadu dostanete, si prosím schovejte a řekněte nám o nich.

## appointment_booked: klientovi (požadavky o povolení)

mail-appointment_booked-subject = Termín je objednán
mail-appointment_booked-intro = K vašemu požadavku „{ $title }“ jsme vám objednali termín.
mail-appointment_booked-detail = Datum, čas a místo
mail-appointment_booked-next = Přijďte prosím s dostatečným předstihem a vezměte si s sebou cestovní pas a originály všech dokladů, které jsme s vámi probrali. Pokud nemůžete přijít, dejte nám co nejdříve vědět, abychom mohli domluvit jiný termín.

## decision_issued: klientovi (požadavky o povolení)

mail-decision_issued-subject = Úřad rozhodl o vaší žádosti
mail-decision_issued-intro = Úřad vydal rozhodnutí o žádosti k vašemu požadavku „{ $title }“.
mail-decision_issued-detail = Rozhodnutí
mail-decision_issued-next = Máte-li k rozhodnutí otázky nebo se chcete odvolat, ozvěte se nám prosím do 14 dnů: lhůty pro odvolání jsou krátké.

## newcomer_message: odpovědnému pracovníkovi

mail-newcomer_message-subject = Nová zpráva od klienta
mail-newcomer_message-intro = Klient poslal zprávu k požadavku „{ $title }“.
mail-newcomer_message-detail = Zpráva
mail-newcomer_message-next = Přečtěte si ji prosím a podle potřeby odpovězte nebo požadavek aktualizujte.
