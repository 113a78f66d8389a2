//! The catalogue itself: every finding with its stable code, its usual
//! severity and its texts in Swedish and English. The one place a finding's
//! words are written; `docs/findings.md` is generated from it.

use super::severity::Severity;

/// One entry of the catalogue.
#[derive(Debug)]
pub struct Entry {
    pub code: &'static str,
    pub severity: Severity,
    pub message_sv: &'static str,
    pub message_en: &'static str,
    pub hint_sv: &'static str,
    pub hint_en: &'static str,
}

macro_rules! catalogue {
    ($( $variant:ident = $code:literal, $sev:ident,
        sv: $msv:literal, en: $men:literal,
        hint_sv: $hsv:literal, hint_en: $hen:literal; )*) => {
        /// Every finding the tool knows.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Code { $( $variant, )* }

        /// The whole catalogue, in the order findings are documented.
        pub const CATALOGUE: &[(Code, Entry)] = &[
            $( (Code::$variant, Entry {
                code: $code,
                severity: Severity::$sev,
                message_sv: $msv,
                message_en: $men,
                hint_sv: $hsv,
                hint_en: $hen,
            }), )*
        ];
    };
}

catalogue! {
    NoCertificates = "no_certificates", Fail,
        sv: "Kortet har inga certifikat.",
        en: "The card holds no certificates.",
        hint_sv: "Kortet kan inte användas för inloggning. Kontakta ID-administratören för nya certifikat eller ett nytt kort.",
        hint_en: "The card cannot be used to log in. Ask the ID administrator for new certificates or a new card.";
    CertificateUnreadable = "certificate_unreadable", Warn,
        sv: "Ett certifikat på kortet ({cert}) går inte att tolka.",
        en: "A certificate on the card ({cert}) cannot be parsed.",
        hint_sv: "Läs kortet igen; hjälper det inte, spara en kortavbild (sithsctl dump) och bifoga den i ärendet.",
        hint_en: "Read the card again; if that does not help, save a card image (sithsctl dump) and attach it to the ticket.";
    RenewCertificateNotCard = "renew_certificate_not_card", Fail,
        sv: "Certifikatet {cert} gick ut {date}, men kortet är giltigt till {card_date}.",
        en: "Certificate {cert} expired on {date}, but the card is valid until {card_date}.",
        hint_sv: "Förnya certifikatet, inte kortet: hos ID-administratören (LRA) eller på självservicesidan för SITHS eID. Kortet kan behållas.",
        hint_en: "Renew the certificate, not the card: at the ID administrator (LRA) or on the SITHS eID self-service page. The card can be kept.";
    CertificateExpired = "certificate_expired", Fail,
        sv: "Certifikatet {cert} gick ut {date}.",
        en: "Certificate {cert} expired on {date}.",
        hint_sv: "Jämför med kortets tryckta datum (--card-expiry): gäller kortet fortfarande, förnya certifikatet, inte kortet.",
        hint_en: "Compare with the date printed on the card (--card-expiry): if the card is still valid, renew the certificate, not the card.";
    CertificateExpiredReplaced = "certificate_expired_replaced", Info,
        sv: "Certifikatet {cert} gick ut {date}; ett giltigt certifikat med samma roll och innehavare finns.",
        en: "Certificate {cert} expired on {date}; a valid certificate with the same role and holder is on the card.",
        hint_sv: "Inget att göra. Visar inloggningen det gamla certifikatet, välj det som är giltigt.",
        hint_en: "Nothing to do. If the login dialogue offers the old certificate, pick the valid one.";
    CertificateNotYetValid = "certificate_not_yet_valid", Warn,
        sv: "Certifikatet {cert} gäller först från {date}.",
        en: "Certificate {cert} is not valid before {date}.",
        hint_sv: "Kontrollera datorns klocka; är den rätt, vänta tills certifikatet börjar gälla.",
        hint_en: "Check the computer's clock; if it is right, wait until the certificate becomes valid.";
    CertificateExpiring = "certificate_expiring", Warn,
        sv: "Certifikatet {cert} går ut {date} (om {days} dagar).",
        en: "Certificate {cert} expires on {date} (in {days} days).",
        hint_sv: "Förnya certifikatet i tid hos ID-administratören eller på självservicesidan för SITHS eID.",
        hint_en: "Renew the certificate in time at the ID administrator or on the SITHS eID self-service page.";
    CardExpired = "card_expired", Fail,
        sv: "Kortet {card_number} gick ut {card_date} (tryckt datum).",
        en: "Card {card_number} expired on {card_date} (printed date).",
        hint_sv: "Beställ ett nytt kort hos ID-administratören; att förnya certifikaten räcker inte.",
        hint_en: "Order a new card from the ID administrator; renewing the certificates is not enough.";
    CardExpiring = "card_expiring", Warn,
        sv: "Kortet {card_number} går ut {card_date} (om {days} dagar).",
        en: "Card {card_number} expires on {card_date} (in {days} days).",
        hint_sv: "Beställ ett nytt kort i tid hos ID-administratören.",
        hint_en: "Order a new card in time from the ID administrator.";
    CardExpiresBeforeCertificates = "card_expires_before_certificates", Info,
        sv: "Kortet {card_number} går ut {card_date}, före certifikatet {cert} (giltig till {date}).",
        en: "Card {card_number} expires on {card_date}, before certificate {cert} (valid until {date}).",
        hint_sv: "Certifikaten kan inte användas efter kortets datum: planera ett nytt kort till dess.",
        hint_en: "The certificates cannot be used after the card's date: plan a new card by then.";
    OtherCardNumber = "other_card_number", Fail,
        sv: "Certifikatet {cert} har kortnummer {other_card_number}, men kortets kortnummer är {card_number}.",
        en: "Certificate {cert} carries card number {other_card_number}, but the card's number is {card_number}.",
        hint_sv: "Certifikatet skrevs för ett annat kort. Låt ID-administratören ta bort det och utfärda ett nytt till det här kortet.",
        hint_en: "The certificate was written for another card. Have the ID administrator remove it and issue a new one for this card.";
    CardNumberInvalid = "card_number_invalid", Warn,
        sv: "Kortnumret {card_number} i certifikatet {cert} är felaktigt (19 siffror, börjar 9752, Luhn-kontrollsiffra).",
        en: "Card number {card_number} in certificate {cert} is malformed (19 digits, starting 9752, Luhn check digit).",
        hint_sv: "Jämför med numret tryckt på kortet och kontakta ID-administratören om de skiljer sig.",
        hint_en: "Compare with the number printed on the card and contact the ID administrator if they differ.";
    PersonalNumberOnly = "personal_number_only", Fail,
        sv: "Kortet har bara personnummercertifikat, inget certifikat med HSA-ID.",
        en: "The card holds only personnummer certificates, no certificate with an HSA-ID.",
        hint_sv: "Journalsystemen kräver legitimering med HSA-ID. Beställ HSA-ID-certifikat hos ID-administratören.",
        hint_en: "Record systems need an identification certificate with an HSA-ID. Ask the ID administrator for HSA-ID certificates.";
    PersonalNumberCertificatePresent = "personal_number_certificate_present", Info,
        sv: "Kortet har både HSA-ID- och personnummercertifikat.",
        en: "The card holds both HSA-ID and personnummer certificates.",
        hint_sv: "Vid inloggning i journalsystemet: välj certifikatet med HSA-ID ({hsa_id}), inte personnummercertifikatet.",
        hint_en: "When logging in to the record system, pick the certificate with the HSA-ID ({hsa_id}), not the personnummer certificate.";
    NoSignatureCertificate = "no_signature_certificate", Warn,
        sv: "Det finns inget underskriftscertifikat för {hsa_id}.",
        en: "There is no signature certificate for {hsa_id}.",
        hint_sv: "Nya kort levereras med bara legitimering; underskriftscertifikatet hämtas separat på självservicesidan eller hos ID-administratören.",
        hint_en: "New cards come with the identification certificate only; fetch the signature certificate on the self-service page or at the ID administrator.";
    TestPkiCertificate = "test_pki_certificate", Fail,
        sv: "Certifikatet {cert} är utfärdat av test-PKI:n ({issuer}).",
        en: "Certificate {cert} is issued by the test PKI ({issuer}).",
        hint_sv: "Testcertifikat gäller aldrig i produktion. Använd ett produktionskort för inloggning.",
        hint_en: "Test certificates are never valid in production. Use a production card to log in.";
    LegacyIssuer = "legacy_issuer", Info,
        sv: "Certifikatet {cert} kommer från den gamla SITHS-PKI:n ({issuer}), som slutade utfärda 2020.",
        en: "Certificate {cert} comes from the old SITHS PKI ({issuer}), which stopped issuing in 2020.",
        hint_sv: "Det används inte för inloggning med SITHS eID; ID-administratören kan ta bort det.",
        hint_en: "It is not used for SITHS eID login; the ID administrator can remove it.";
    AssuranceLevel2 = "assurance_level_2", Info,
        sv: "Certifikatet {cert} har tillitsnivå {level} (reservkort).",
        en: "Certificate {cert} has assurance level {level} (replacement card).",
        hint_sv: "Reservkort gäller en begränsad tid och inte alla tjänster godtar nivå 2; ordinarie kort har nivå 3.",
        hint_en: "Replacement cards are meant for a limited time and not every service accepts level 2; ordinary cards are level 3.";
    ChainSignatureInvalid = "chain_signature_invalid", Fail,
        sv: "Utfärdarens signatur på certifikatet {cert} stämmer inte ({issuer}).",
        en: "The issuer's signature on certificate {cert} does not verify ({issuer}).",
        hint_sv: "Certifikatet är inte utfärdat av den SITHS-utfärdare det anger. Kontakta ID-administratören; använd inte kortet.",
        hint_en: "The certificate was not issued by the SITHS issuer it names. Contact the ID administrator; do not use the card.";
    ChainNotAnchored = "chain_not_anchored", Fail,
        sv: "Certifikatets kedja når ingen betrodd rot: {cert} (utfärdare: {issuer}).",
        en: "The certificate's chain reaches no trusted root: {cert} (issuer: {issuer}).",
        hint_sv: "Utfärdarens CA-certifikat är inte SITHS eget, eller roten är okänd. Ange roten med --ca om du litar på den; annars, använd inte kortet och kontakta ID-administratören.",
        hint_en: "The issuer's CA certificate is not the real SITHS one, or the root is unknown. Give the root with --ca if you trust it; otherwise do not use the card and contact the ID administrator.";
    CardCaUntrusted = "card_ca_untrusted", Warn,
        sv: "Kortet bär ett CA-certifikat {cert} som inte verifieras mot någon betrodd rot ({issuer}); det används inte som utfärdare.",
        en: "The card carries a CA certificate {cert} that does not verify against any trusted root ({issuer}); it is not used as an issuer.",
        hint_sv: "Ett CA-certifikat med SITHS namn men en annan nyckel är inte SITHS. Lita inte på certifikat som bara det intygar.",
        hint_en: "A CA certificate with a SITHS name but another key is not SITHS. Do not trust certificates only it vouches for.";
    UnusedCertificateExpired = "unused_certificate_expired", Info,
        sv: "Certifikatet {cert} gick ut {date}; inloggningen använder det inte.",
        en: "Certificate {cert} expired on {date}; the login does not use it.",
        hint_sv: "Inget att göra för inloggningen. ID-administratören kan ta bort det.",
        hint_en: "Nothing to do for the login. The ID administrator can remove it.";
    UnknownIssuer = "unknown_issuer", Warn,
        sv: "Certifikatet {cert} har en okänd utfärdare ({issuer}).",
        en: "Certificate {cert} has an unknown issuer ({issuer}).",
        hint_sv: "Det är inte ett SITHS-certifikat som verktyget känner till; journalsystemen godtar det troligen inte.",
        hint_en: "It is not a SITHS certificate this tool knows; record systems will probably not accept it.";
    NoValidHsaIdIdentification = "no_valid_hsa_id_identification", Fail,
        sv: "Det finns inget giltigt legitimeringscertifikat med HSA-ID.",
        en: "There is no valid identification certificate with an HSA-ID.",
        hint_sv: "Utan det går det inte att logga in i journalsystemet. Kontakta ID-administratören.",
        hint_en: "Without one the user cannot log in to the record system. Contact the ID administrator.";
    OrgIdentificationFound = "org_identification_found", Ok,
        sv: "Giltigt legitimeringscertifikat för {org}: HSA-ID {hsa_id}.",
        en: "Valid identification certificate for {org}: HSA-ID {hsa_id}.",
        hint_sv: "Registrera HSA-ID {hsa_id} i journalsystemet.",
        hint_en: "Register HSA-ID {hsa_id} in the record system.";
    OrgIdentificationMissing = "org_identification_missing", Fail,
        sv: "Inget giltigt legitimeringscertifikat med HSA-ID för {org} på kortet (hittade: {found}).",
        en: "No valid identification certificate with an HSA-ID of {org} on the card (found: {found}).",
        hint_sv: "Personen behöver ett certifikat från {org} på kortet: beställ det hos ID-administratören i {org}.",
        hint_en: "The person needs a certificate from {org} on the card: ask the ID administrator of {org} for one.";
    OrgIdentificationMissingNewCard = "org_identification_missing_new_card", Fail,
        sv: "Inget giltigt legitimeringscertifikat med HSA-ID för {org} på kortet (hittade: {found}), och kortet {card_number} går ut {card_date} (tryckt datum): det går inte att beställa ett certifikat till det.",
        en: "No valid identification certificate with an HSA-ID of {org} on the card (found: {found}), and card {card_number} itself ends on {card_date} (printed date): no certificate can be ordered for it.",
        hint_sv: "Beställ ett nytt kort hos ID-administratören, med ett certifikat från {org}.",
        hint_en: "Order a new card from the ID administrator, with a certificate from {org}.";
    OrgOnlyTestCertificate = "org_only_test_certificate", Fail,
        sv: "För {org} finns bara certifikat från test-PKI:n ({hsa_id}).",
        en: "For {org} there are only test-PKI certificates ({hsa_id}).",
        hint_sv: "Testcertifikat godtas aldrig i produktion. Använd ett produktionskort.",
        hint_en: "Test certificates never pass a production check. Use a production card.";
    HsaIdFound = "hsa_id_found", Ok,
        sv: "Giltigt legitimeringscertifikat med HSA-ID {hsa_id}.",
        en: "Valid identification certificate with HSA-ID {hsa_id}.",
        hint_sv: "HSA-ID:t stämmer med det som krävs.",
        hint_en: "The HSA-ID matches the one required.";
    HsaIdMissing = "hsa_id_missing", Fail,
        sv: "Inget giltigt legitimeringscertifikat med HSA-ID {hsa_id} (hittade: {found}).",
        en: "No valid identification certificate with HSA-ID {hsa_id} (found: {found}).",
        hint_sv: "Kontrollera HSA-ID:t i katalogen (HSA) och att rätt kort sitter i läsaren.",
        hint_en: "Check the HSA-ID in the directory (HSA) and that the right card is in the reader.";
    SignatureMissingForHsaId = "signature_missing_for_hsa_id", Fail,
        sv: "Inget giltigt underskriftscertifikat med HSA-ID {hsa_id}.",
        en: "No valid signature certificate with HSA-ID {hsa_id}.",
        hint_sv: "Hämta underskriftscertifikatet på självservicesidan för SITHS eID eller hos ID-administratören.",
        hint_en: "Fetch the signature certificate on the SITHS eID self-service page or at the ID administrator.";
    PinBlocked = "pin_blocked", Warn,
        sv: "{pin} är spärrad: för många felaktiga försök.",
        en: "{pin} is blocked: too many wrong tries.",
        hint_sv: "Lås upp den med PUK-koden från PIN-brevet i SITHS eID-appen eller Net iD, eller hos ID-administratören (kort med produktkod 7XX låses alltid upp där). Är PUK-koden också spärrad behövs ett nytt kort.",
        hint_en: "Unlock it with the PUK from the PIN letter in the SITHS eID app or Net iD, or at the ID administrator (cards with product code 7XX are always unlocked there). If the PUK is blocked too, a new card is needed.";
    PinBlockedRequired = "pin_blocked_required", Fail,
        sv: "{pin} är spärrad, och den behövs för det som krävs: inloggningen eller underskriften går inte att göra.",
        en: "{pin} is blocked, and what the check requires needs it: the login or signature cannot be done.",
        hint_sv: "Lås upp den med PUK-koden från PIN-brevet i SITHS eID-appen eller Net iD, eller hos ID-administratören (kort med produktkod 7XX låses alltid upp där). Är PUK-koden också spärrad behövs ett nytt kort.",
        hint_en: "Unlock it with the PUK from the PIN letter in the SITHS eID app or Net iD, or at the ID administrator (cards with product code 7XX are always unlocked there). If the PUK is blocked too, a new card is needed.";
    PinLastTry = "pin_last_try", Warn,
        sv: "{pin} har ett försök kvar: ett fel till spärrar den.",
        en: "{pin} has one try left: one more wrong entry blocks it.",
        hint_sv: "Gissa inte, använd PUK-koden: är koden osäker, välj en ny med PUK-koden i SITHS eID-appen eller Net iD, eller kontakta ID-administratören.",
        hint_en: "Do not guess; use the PUK: if the code is uncertain, set a new one with the PUK in the SITHS eID app or Net iD, or contact the ID administrator.";
    PinCountLow = "pin_count_low", Info,
        sv: "{pin}: fel kod har angetts sedan den senaste rätta (enligt inloggningsprogrammet).",
        en: "{pin}: a wrong code was entered since the last right one (as the middleware reports it).",
        hint_sv: "Inget att göra om inloggningen fungerar; gissa inte om koden är osäker.",
        hint_en: "Nothing to do if login works; do not guess if the code is uncertain.";
    PukBlocked = "puk_blocked", Warn,
        sv: "PUK-koden är spärrad: en spärrad PIN-kod kan inte längre låsas upp.",
        en: "The PUK is blocked: a blocked PIN can no longer be unlocked.",
        hint_sv: "Inloggningen fungerar så länge PIN-koderna gör det. Spärras en PIN-kod behövs ett nytt kort: beställ det i tid hos ID-administratören.",
        hint_en: "Login works as long as the PINs do. If a PIN gets blocked, a new card is needed: order one in time from the ID administrator.";
    PukLastTry = "puk_last_try", Warn,
        sv: "PUK-koden har ett försök kvar: ett fel till spärrar den för gott.",
        en: "The PUK has one try left: one more wrong entry blocks it for good.",
        hint_sv: "Gissa inte på PUK-koden: kontakta ID-administratören.",
        hint_en: "Do not guess the PUK: contact the ID administrator.";
    CertificateRevoked = "certificate_revoked", Fail,
        sv: "{cert} är spärrat sedan {date}: kortet eller certifikatet har bytts ut eller spärrats (svar från {url}).",
        en: "{cert} is revoked since {date}: the card or certificate was replaced or blocked (answer from {url}).",
        hint_sv: "Kortet är spärrat sedan {date}. Ett spärrat kort kan inte låsas upp: beställ ett nytt kort hos ID-administratören. Har personen redan fått ett nytt kort, använd det.",
        hint_en: "The card is blocked since {date}. A blocked card cannot be unblocked: order a new card from the ID administrator. If the person already has a new card, use that one.";
    CertificateRevokedCompromised = "certificate_revoked_compromised", Fail,
        sv: "{cert} är spärrat sedan {date}: koderna eller kortet kan ha kommit i fel händer (svar från {url}).",
        en: "{cert} is revoked since {date}: blocked because the codes or the card may be compromised (answer from {url}).",
        hint_sv: "Kortet är spärrat sedan {date} och ska inte användas. Ett spärrat kort kan inte låsas upp: beställ ett nytt kort hos ID-administratören.",
        hint_en: "The card is blocked since {date} and must not be used. A blocked card cannot be unblocked: order a new card from the ID administrator.";
    RevocationUnknown = "revocation_unknown", Warn,
        sv: "Spärrtjänsten ({url}) känner inte till {cert}: certifikatet kommer inte från den utfärdare det anger.",
        en: "The responder ({url}) does not know {cert}: it is not a certificate of the CA it names.",
        hint_sv: "Kontrollera att kortet är utfärdat inom SITHS; fråga ID-administratören om certifikatet.",
        hint_en: "Check that the card was issued within SITHS; ask the ID administrator about the certificate.";
    RevocationUnreachable = "revocation_unreachable", Warn,
        sv: "Om {cert} är spärrat gick inte att kontrollera: inget svar från {url}.",
        en: "Whether {cert} is revoked could not be checked: no answer from {url}.",
        hint_sv: "Kontrollera nätet och proxyn (--proxy, http_proxy i miljön eller proxy i [revocation]); sithsctl frågar över vanlig http (port 80). Frågan kan stängas av med --offline.",
        hint_en: "Check the network and the proxy (--proxy, http_proxy in the environment or proxy in [revocation]); sithsctl asks over plain http (port 80). --offline turns the question off.";
    RevocationBadAnswer = "revocation_bad_answer", Warn,
        sv: "Svaret från {url} om {cert} gick inte att lita på (fel signatur, för gammalt, fel svar eller ett serverfel), och ingen spärrlista gav svar.",
        en: "The answer from {url} about {cert} could not be trusted (bad signature, stale, for another certificate, or a server error), and no revocation list answered.",
        hint_sv: "Försök igen om en stund. Kvarstår det, kontakta SITHS support (Inera) med svaret i JSON-utdata (--json).",
        hint_en: "Try again in a while. If it persists, contact SITHS support (Inera) with the answer in the JSON output (--json).";
}
