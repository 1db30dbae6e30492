"""Finnish translations for the UI; `python scripts/fi_translations.py` fills locale/fi/LC_MESSAGES/django.po.

Run `manage.py makemessages -l fi` first to pick up new strings, then this
script, then `manage.py compilemessages`. Strings missing here stay English
until someone translates them in the .po file.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

FI = {
    # Navigation, home, login
    "Call recordings": "Puhelutallenteet",
    "Registers": "Rekisterit",
    "Log out": "Kirjaudu ulos",
    "Log in": "Kirjaudu sisään",
    "Username": "Käyttäjätunnus",
    "Password": "Salasana",
    "Your username and password didn't match. Please try again.": "Käyttäjätunnus tai salasana on väärin. Yritä uudelleen.",
    "Too many failed logins": "Liian monta epäonnistunutta kirjautumista",
    "Your registers": "Rekisterisi",
    "Register": "Rekisteri",
    "Your roles": "Roolisi",
    "Edit": "Muokkaa",
    "Download the record of processing activities (CSV)": "Lataa seloste käsittelytoimista (CSV)",
    "Privacy notice": "Tietosuojaseloste",
    "Audit log": "Tapahtumaloki",
    "Finnish": "suomi",
    "English": "englanti",
    # Roles and choices
    "Supervisor": "Esihenkilö",
    "Agent": "Asiakaspalvelija",
    "IT administrator": "IT-ylläpitäjä",
    "Data protection officer": "Tietosuojavastaava",
    "Auditor": "Tarkastaja",
    "Consent (GDPR art. 6(1)(a))": "Suostumus (tietosuoja-asetus 6 art. 1 a)",
    "Contract (GDPR art. 6(1)(b))": "Sopimus (tietosuoja-asetus 6 art. 1 b)",
    "Legal obligation (GDPR art. 6(1)(c))": "Lakisääteinen velvoite (tietosuoja-asetus 6 art. 1 c)",
    "Vital interests (GDPR art. 6(1)(d))": "Elintärkeät edut (tietosuoja-asetus 6 art. 1 d)",
    "Public task (GDPR art. 6(1)(e))": "Yleisen edun mukainen tehtävä (tietosuoja-asetus 6 art. 1 e)",
    "Legitimate interests (GDPR art. 6(1)(f))": "Rekisterinpitäjän oikeutettu etu (tietosuoja-asetus 6 art. 1 f)",
    "days": "päivää",
    "calendar months": "kalenterikuukautta",
    "from the end of the call": "puhelun päättymisestä",
    "until an event": "tapahtumaan asti",
    "time the call started": "puhelun aloitusaika",
    "duration of the call": "puhelun kesto",
    "caller's telephone number": "soittajan puhelinnumero",
    "called party's telephone number": "puhelun vastaanottajan puhelinnumero",
    "service number called": "palvelunumero",
    "name of the person who answered": "puheluun vastanneen henkilön nimi",
    "content of the conversation": "puhelun sisältö",
    "Right of access (art. 15)": "Oikeus saada pääsy tietoihin (15 art.)",
    "Right to rectification (art. 16)": "Oikeus tietojen oikaisemiseen (16 art.)",
    "Right to erasure (art. 17)": "Oikeus tietojen poistamiseen (17 art.)",
    "Right to restriction of processing (art. 18)": "Oikeus käsittelyn rajoittamiseen (18 art.)",
    "Right to data portability (art. 20)": "Oikeus siirtää tiedot järjestelmästä toiseen (20 art.)",
    "Right to object (art. 21)": "Vastustamisoikeus (21 art.)",
    "Right to object to direct marketing and profiling (art. 21)": "Oikeus kieltää suoramarkkinointi ja profilointi (21 art.)",
    "Right to withdraw consent (art. 7(3))": "Oikeus peruuttaa suostumus (7 art. 3 kohta)",
    "Right to lodge a complaint with the supervisory authority (art. 77)": "Oikeus tehdä valitus valvontaviranomaiselle (77 art.)",
    "Listening on the controller's premises at an agreed time": "Kuuntelu rekisterinpitäjän tiloissa sovittuna aikana",
    "A copy of the recordings delivered to the data subject": "Kopio tallenteista toimitetaan rekisteröidylle",
    "Self-service in the controller's system, or a copy on request": "Itsepalveluna rekisterinpitäjän järjestelmässä tai pyynnöstä kopiona",
    "In writing": "Kirjallisesti",
    "A personally signed letter": "Henkilökohtaisesti allekirjoitetulla kirjeellä",
    "Any channel (email, letter, telephone, in person)": "Millä tahansa tavalla (sähköposti, kirje, puhelin, paikan päällä)",
    "Contact person for register matters": "Rekisteriasioista vastaava yhteyshenkilö",
    "Address for data-subject requests": "Osoite rekisteröidyn pyynnöille",
    "Questions about this notice": "Kysymykset tästä selosteesta",
    "Customer service": "Asiakaspalvelu",
    "Employees": "Työntekijät",
    "On call": "Päivystys",
    "User support": "Käyttäjätuki",
    "Other": "Muu",
    # Privacy notice
    "%(period)s after %(event)s": "%(period)s sen jälkeen, kun %(event)s",
    "until %(event)s": "kunnes %(event)s",
    "%(period)s from the end of the call": "%(period)s puhelun päättymisestä",
    "Trade names: %(names)s": "Aputoiminimet: %(names)s",
    "Business ID: %(id)s": "Y-tunnus: %(id)s",
    "Email: %(email)s": "Sähköposti: %(email)s",
    "Telephone: %(phone)s": "Puhelin: %(phone)s",
    "Controller": "Rekisterinpitäjä",
    "Contact persons": "Yhteyshenkilöt",
    "Name of the register": "Rekisterin nimi",
    "Purpose and legal basis of processing": "Henkilötietojen käsittelyn tarkoitus ja oikeusperuste",
    "Purpose": "Käyttötarkoitus",
    "Legal basis": "Oikeusperuste",
    "National law": "Kansallinen lainsäädäntö",
    "Data content of the register": "Rekisterin tietosisältö",
    "Data subjects": "Rekisteröidyt",
    "Call details recorded": "Puheluista tallentuvat tiedot",
    "Regular sources of data": "Säännönmukaiset tietolähteet",
    "Recipients and regular disclosures": "Tietojen vastaanottajat ja säännönmukaiset luovutukset",
    "Processors and subcontractors": "Henkilötietojen käsittelijät ja alihankkijat",
    "Transfers outside the EU/EEA": "Tietojen siirto EU:n tai ETA:n ulkopuolelle",
    "Data is not transferred outside the EU or the EEA.": "Tietoja ei siirretä EU:n tai ETA:n ulkopuolelle.",
    "Recorded lines and how callers are informed": "Tallennettavat linjat ja soittajien informointi",
    "Recorded lines": "Tallennettavat linjat",
    "Announcement to callers": "Tiedote soittajille",
    "Who may access the register and listen to recordings": "Pääsy rekisteriin ja tallenteiden kuuntelu",
    "Access to the register": "Pääsy rekisteriin",
    "Listening to recordings": "Tallenteiden kuuntelu",
    "Retention period": "Henkilötietojen säilytysaika",
    "Rule": "Säilytyssääntö",
    "Protection of the register and storage location": "Rekisterin suojauksen periaatteet ja säilytyspaikka",
    "Security measures": "Suojaus",
    "Storage location": "Säilytyspaikka",
    "Rights of the data subject and how to use them": "Rekisteröidyn oikeudet ja niiden käyttäminen",
    "Your rights": "Oikeutesi",
    "How to use them": "Oikeuksien käyttäminen",
    "Access is given as": "Tarkastus toteutetaan",
    "Requests are made": "Pyynnöt tehdään",
    "Your identity is verified before a request is acted on.": "Henkilöllisyytesi varmennetaan ennen pyynnön käsittelyä.",
    "Answer": "Vastaus",
    "We answer within one month of receiving the request.": "Vastaamme kuukauden kuluessa pyynnön saapumisesta.",
    "We aim to answer within about %(days)s days, and at the latest within one month.": "Pyrimme vastaamaan noin %(days)s päivän kuluessa, viimeistään kuukauden kuluessa.",
    "Right to lodge a complaint": "Oikeus tehdä valitus",
    "You may lodge a complaint with the supervisory authority, %(name)s, %(address)s, %(web)s.": "Voit tehdä valituksen valvontaviranomaiselle: %(name)s, %(address)s, %(web)s.",
    "Recordings may be disclosed to the police or other authorities on request when the law requires it, for example to investigate a suspected crime.": "Tallenteita voidaan luovuttaa pyynnöstä poliisille tai muulle viranomaiselle lain niin vaatiessa, esimerkiksi rikosepäilyn selvittämiseksi.",
    "Automated decision-making and profiling": "Automaattinen päätöksenteko ja profilointi",
    "Other information": "Muut tiedot",
    "EU General Data Protection Regulation (2016/679), articles 13 and 14": "EU:n yleinen tietosuoja-asetus (2016/679), 13 ja 14 artikla",
    "Updated": "Päivitetty",
    # Recordings
    "Newest first": "Uusimmat ensin",
    "Oldest first": "Vanhimmat ensin",
    "Longest first": "Pisimmät ensin",
    "Shortest first": "Lyhyimmät ensin",
    "From": "Alkaen",
    "To": "Asti",
    "Number": "Numero",
    "Direction": "Suunta",
    "Service line": "Palvelulinja",
    "Min. duration (s)": "Vähimmäiskesto (s)",
    "Max. duration (s)": "Enimmäiskesto (s)",
    "Status": "Tila",
    "On hold": "Pidossa",
    "Not on hold": "Ei pidossa",
    "Restricted": "Rajoitettu",
    "Sort": "Järjestys",
    "The end date is before the start date.": "Loppupäivä on ennen alkupäivää.",
    "Reason for listening": "Kuuntelun syy",
    "Inbound": "Saapuva",
    "Outbound": "Lähtevä",
    "Internal": "Sisäinen",
    "Processing": "Käsitellään",
    "Ready": "Valmis",
    "Failed": "Epäonnistui",
    "You may not listen to this call.": "Et voi kuunnella tätä puhelua.",
    "Open a listening session first.": "Avaa ensin kuuntelu.",
    "The recording is still being processed.": "Tallennetta käsitellään vielä.",
    "Call": "Puhelu",
    "Call id": "Puhelun tunniste",
    "Started": "Alkoi",
    "Ended": "Päättyi",
    "Duration": "Kesto",
    "Caller": "Soittaja",
    "Callee": "Vastaanottaja",
    "Service number": "Palvelunumero",
    "Format": "Muoto",
    "ch": "kan.",
    "SHA-256 of the original": "Alkuperäisen SHA-256",
    "Expires": "Poistuu",
    "Processing restricted: only the DPO may play it": "Käsittelyä rajoitettu: vain tietosuojavastaava voi kuunnella",
    "The recording is being prepared for the browser.": "Tallennetta valmistellaan selaimelle.",
    "The audio is unavailable right now: the recording storage does not answer. Try again shortly.": "Ääni ei ole nyt saatavilla: tallenteiden tallennustila ei vastaa. Yritä hetken kuluttua uudelleen.",
    "The browser version could not be made:": "Selainversiota ei voitu tehdä:",
    "Your role does not allow listening to this call.": "Roolisi ei salli tämän puhelun kuuntelua.",
    "Listen": "Kuuntele",
    "Listening is recorded in the audit log.": "Kuuntelu kirjataan tapahtumalokiin.",
    "Download the original": "Lataa alkuperäinen",
    "Holds": "Säilytyspidot",
    "review": "tarkistus",
    "released": "vapautettu",
    "Active": "Voimassa",
    "Release": "Vapauta",
    "No holds.": "Ei säilytyspitoja.",
    "Place a hold": "Aseta säilytyspito",
    "Place the hold": "Aseta pito",
    "Audit trail": "Tapahtumahistoria",
    "Action": "Toiminto",
    "User": "Käyttäjä",
    "Retention and holds": "Säilytys ja pidot",
    "Filter": "Suodata",
    "Clear": "Tyhjennä",
    "More than %(n)s calls": "Yli %(n)s puhelua",
    "Rendition failed": "Selainversio epäonnistui",
    "No calls match.": "Ei puheluita.",
    "Next page": "Seuraava sivu",
    "Object": "Kohde",
    "No events yet.": "Ei tapahtumia.",
    "Time": "Aika",
    # Retention
    "Retention": "Säilytys",
    "Kind": "Laji",
    "Reason": "Syy",
    "Reference": "Viite",
    "Review date": "Tarkistuspäivä",
    "Why is the hold released?": "Miksi pito vapautetaan?",
    "Period": "Säilytysaika",
    "Unit": "Yksikkö",
    "Counted from": "Alkaen",
    "Event": "Tapahtuma",
    "Event date": "Tapahtuman päivä",
    "Reference (e.g. customer account number)": "Viite (esim. asiakasnumero)",
    "Note": "Huomautus",
    "Delete within (days)": "Poistettava (päivän kuluessa)",
    "Complaint (reklamaatio)": "Reklamaatio",
    "Training": "Koulutus",
    "Criminal investigation": "Rikostutkinta",
    "Data-subject request": "Rekisteröidyn pyyntö",
    "Retention period ended": "Säilytysaika päättyi",
    "Erasure request": "Poistopyyntö",
    "Retention event": "Säilytyksen päättävä tapahtuma",
    "Open": "Avoin",
    "Done": "Tehty",
    "Change the rule": "Muuta sääntöä",
    "Coming deletions": "Tulevat poistot",
    "Past their date, deleted at the next run": "Säilytysaika päättynyt, poistetaan seuraavalla ajolla",
    "Within 7 days": "7 päivän kuluessa",
    "Within 30 days": "30 päivän kuluessa",
    "Past their date but kept": "Säilytysaika päättynyt, mutta säilytetään",
    "%(held)s held, %(restricted)s restricted.": "%(held)s pidossa, %(restricted)s rajoitettu.",
    "Last purge runs": "Viimeisimmät poistoajot",
    "Deleted here": "Poistettu tästä rekisteristä",
    "Deleted in all": "Poistettu kaikkiaan",
    "Errors": "Virheet",
    "No runs yet.": "Ei ajoja vielä.",
    "Holds due for review": "Tarkistettavat säilytyspidot",
    "recordings": "tallennetta",
    "No holds due for review.": "Ei tarkistettavia pitoja.",
    "Deletion tasks": "Poistotehtävät",
    "Late": "Myöhässä",
    "Mark deleted": "Merkitse poistetuksi",
    "No open tasks.": "Ei avoimia tehtäviä.",
    "Record an event": "Kirjaa tapahtuma",
    "Record": "Kirjaa",
    "Change the retention rule": "Muuta säilytyssääntöä",
    "Now:": "Nyt:",
    "What the new rule does": "Mitä uusi sääntö tekee",
    "Recordings in the register": "Tallenteita rekisterissä",
    "Expire at once (deleted at the next run unless held)": "Vanhenee heti (poistetaan seuraavalla ajolla, ellei pidossa)",
    "Expire within a week": "Vanhenee viikon kuluessa",
    "Expire within a month": "Vanhenee kuukauden kuluessa",
    "Expire later": "Vanhenee myöhemmin",
    "No expiry date (kept until the event)": "Ei päättymispäivää (säilytetään tapahtumaan asti)",
    "Change the rule and recompute": "Muuta sääntö ja laske uudelleen",
    "Show what it does": "Näytä vaikutus",
    "Hold placed. The recording is kept until the hold is released.": "Pito asetettu. Tallenne säilytetään, kunnes pito vapautetaan.",
    "Hold released.": "Pito vapautettu.",
    "Say why the hold is released.": "Kerro, miksi pito vapautetaan.",
    "Your role may not place holds.": "Roolisi ei voi asettaa pitoja.",
    "Event recorded; the deletion is tracked as a task.": "Tapahtuma kirjattu; poisto seurataan tehtävänä.",
    # Retention statistics and login lockout
    "Deleted calls (anonymous statistics)": "Poistetut puhelut (nimettömät tilastot)",
    "Counted as recordings are deleted; nothing about any one call or caller is kept.": "Lasketaan tallenteita poistettaessa; yksittäisestä puhelusta tai soittajasta ei säilytetä mitään.",
    "Month": "Kuukausi",
    "Line": "Linja",
    "Calls": "Puhelut",
    "Total duration (h)": "Kesto yhteensä (h)",
    "No calls deleted yet.": "Puheluita ei ole vielä poistettu.",
    "You can try again in %(minutes)s minutes.": "Voit yrittää uudelleen %(minutes)s minuutin kuluttua.",
    # Two-factor
    "Code": "Koodi",
    "Two-factor login": "Kaksivaiheinen kirjautuminen",
    "Set up two-factor login": "Ota kaksivaiheinen kirjautuminen käyttöön",
    "Continue": "Jatka",
    "Confirm": "Vahvista",
    "Or type this key:": "Tai kirjoita tämä avain:",
    "Recovery codes": "Varakoodit",
    "I have saved them, continue": "Olen tallentanut ne, jatka",
    "You used a recovery code; %(n)s left.": "Käytit varakoodin; jäljellä %(n)s.",
    # Subject requests (most visible)
    "Data-subject requests": "Rekisteröityjen pyynnöt",
    "Record a new request": "Kirjaa uusi pyyntö",
    "Open requests by deadline": "Avoimet pyynnöt määräajan mukaan",
    "Rights": "Oikeudet",
    "Due": "Määräaika",
    "Overdue": "Myöhässä",
    "Due within a week": "Erääntyy viikon kuluessa",
    "No open requests.": "Ei avoimia pyyntöjä.",
    "Recordings": "Tallenteet",
    "Access (art. 15)": "Tarkastusoikeus (15 art.)",
    "Rectification (art. 16)": "Oikaisu (16 art.)",
    "Erasure (art. 17)": "Poisto (17 art.)",
    "Restriction of processing (art. 18)": "Käsittelyn rajoittaminen (18 art.)",
    "Data portability (art. 20)": "Siirto järjestelmästä toiseen (20 art.)",
    "Objection (art. 21)": "Vastustaminen (21 art.)",
    "Withdrawal of consent (art. 7(3))": "Suostumuksen peruuttaminen (7 art. 3 kohta)",
    "Email": "Sähköposti",
    "Letter": "Kirje",
    "Telephone": "Puhelin",
    "In person": "Henkilökohtaisesti",
    "Awaiting identity verification": "Odottaa henkilöllisyyden varmennusta",
    "In progress": "Käsittelyssä",
    "Answered": "Vastattu",
    "Refused": "Hylätty",
    "Received": "Saapunut",
    "Channel": "Kanava",
    "Deadline": "Määräaika",
    "Request": "Pyyntö",
    "Subject": "Rekisteröity",
    "Download": "Lataa",
    "Your data": "Tietosi",
    "Available until": "Saatavilla",
    "Cancel": "Peruuta",
    "Save": "Tallenna",
    "Play": "Toista",
}


def _drop_fuzzy(text: str) -> str:
    """makemessages guesses translations for new strings from similar old ones; never keep a guess."""
    blocks = text.split("\n\n")
    for i, block in enumerate(blocks):
        if i == 0 or "#, fuzzy" not in block:
            continue
        lines = [line for line in block.splitlines() if not line.startswith("#|")]
        lines = [line.replace("#, fuzzy, ", "#, ").replace("#, fuzzy", "") for line in lines]
        lines = [re.sub(r'^(msgstr(\[\d\])?) ".*"$', r'\1 ""', line) for line in lines if line != ""]
        blocks[i] = "\n".join(lines)
    return "\n\n".join(blocks)


def fill(po_path: Path) -> tuple[int, int]:
    text = _drop_fuzzy(po_path.read_text())
    filled = 0

    def replace(match: re.Match) -> str:
        nonlocal filled
        msgid, plural, rest = match.group(1), match.group(2), match.group(3)
        if plural is not None:
            return match.group(0)
        if msgid in FI and rest == '""':
            filled += 1
            return f'msgid "{msgid}"\nmsgstr "{FI[msgid]}"'
        return match.group(0)

    text = re.sub(r'msgid "(.+)"\n(msgid_plural ".*"\n)?msgstr (".*")', lambda m: replace(m), text)
    plurals = {
        "%(n)d day": ("%(n)d päivä", "%(n)d päivää"),
        "%(n)d calendar month": ("%(n)d kalenterikuukausi", "%(n)d kalenterikuukautta"),
        "%(n)s call": ("%(n)s puhelu", "%(n)s puhelua"),
        "%(n)s recording": ("%(n)s tallenne", "%(n)s tallennetta"),
        "%(days)s day left": ("%(days)s päivä jäljellä", "%(days)s päivää jäljellä"),
    }
    for singular, (one, many) in plurals.items():
        pattern = re.compile(rf'msgid "{re.escape(singular)}"\nmsgid_plural "(.*)"\nmsgstr\[0\] ""\nmsgstr\[1\] ""')
        text, count = pattern.subn(
            lambda m, one=one, many=many, singular=singular: (
                f'msgid "{singular}"\nmsgid_plural "{m.group(1)}"\nmsgstr[0] "{one}"\nmsgstr[1] "{many}"'
            ),
            text,
        )
        filled += count
    text = text.replace(
        '"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"', '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"'
    )
    text = text.replace('#, fuzzy\nmsgid ""', 'msgid ""', 1)
    po_path.write_text(text)
    return filled, len(FI)


if __name__ == "__main__":
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "locale/fi/LC_MESSAGES/django.po")
    done, known = fill(path)
    print(f"filled {done} translations ({known} known)")
