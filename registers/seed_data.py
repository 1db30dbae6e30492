"""The five seed registers, with every fact their privacy notices state.

The notices are in `shared/seeds/` (000..004). Finnish text is the notice's own
wording; obvious misspellings are corrected and broken cross-references
dropped (each listed in docs/seed-decisions.md). English is a faithful
translation. Within a text, a newline starts a new paragraph and a line that
starts with "- " is a list item.

`seed_registers_load()` is idempotent: controllers are matched by business ID
(by name when the notice gives none), registers by slug, contacts by their
place in the notice, service lines and processors by name. Every object is
`full_clean()`ed; an object is saved only when a value differs, so a second
run changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import models, transaction

from .models import Contact, Controller, Processor, Register, ServiceLine


def _text(*paragraphs: str) -> str:
    return "\n".join(paragraphs)


# --------------------------------------------------------------------------------------------------
# 000: Med Group Oy / ONNI hoiva, call recordings, 36 months.
# --------------------------------------------------------------------------------------------------
ONNI_HOIVA = {
    "controller": {
        "name": "Med Group Oy",
        "trade_names": "ONNI hoiva",
        "group_description": 'Med Group Oy ja sen tytäryhtiöt (jäljempänä "Onni hoiva", "Yhtiö" tai "Me").',
        "group_description_en": 'Med Group Oy and its subsidiaries (hereinafter "Onni hoiva", "the Company" or "we").',
        "business_id": "2080120-0",
        # The notice reads "Jaakonkatu 301620 Vantaa": street number 3 and postal code 01620 run together.
        "street_address": "Jaakonkatu 3",
        "postal_code": "01620",
        "city": "Vantaa",
        "email": "asiakaspalvelu@onnihoiva.fi",
        "phone": "",
        "website": "",
    },
    "register": {
        "slug": "onni-hoiva-puhelut",
        "name": "ONNI hoiva puhelintallenteiden rekisteri",
        "name_en": "ONNI hoiva call recording register",
        "notice_updated_on": None,
        "introduction": _text(
            'Med Group Oy ja sen tytäryhtiöt (jäljempänä "Onni hoiva", "Yhtiö" tai "Me") on sitoutunut '
            "huolehtimaan sen hallussa olevien henkilötietojen luottamuksellisuudesta ja tietosuojasta. Tämä "
            "tietosuojaseloste soveltuu henkilötietoihin, joita keräämme ONNI hoiva puhelintallenteiden rekisteriin "
            '(jäljempänä "Rekisteri") liittyen. Tässä tietosuojaselosteessa kuvataan keräämiämme henkilötietoja ja '
            "niiden käsittelyä.",
            "Voimme päivittää tätä tietosuojaselostetta aika ajoin esimerkiksi lainsäädännön muuttuessa. Pyrimme "
            "käyttämään kohtuullisia keinoja ilmoittaaksemme asiakkaille mahdollisista muutoksista ja niiden "
            "vaikutuksista hyvissä ajoin etukäteen.",
        ),
        "introduction_en": _text(
            'Med Group Oy and its subsidiaries (hereinafter "Onni hoiva", "the Company" or "we") are committed to '
            "protecting the confidentiality and privacy of the personal data in their possession. This privacy "
            "notice applies to the personal data we collect in connection with the ONNI hoiva call recording "
            'register (hereinafter "the Register"). It describes the personal data we collect and how we process it.',
            "We may update this privacy notice from time to time, for example when legislation changes. We aim to use "
            "reasonable means to inform customers of any changes and their effects well in advance.",
        ),
        "purpose": "Puheluita tallennetaan asiakastapahtuman varmentamiseksi ja palveluiden laadun kehittämiseksi.",
        "purpose_en": "Calls are recorded to verify customer transactions and to improve the quality of services.",
        # The notice states no legal basis; see docs/seed-decisions.md.
        "legal_basis": "legitimate_interests",
        "legal_basis_detail": (
            "Rekisterinpitäjän oikeutettu etu varmentaa asiakastapahtumat ja kehittää palveluiden laatua."
        ),
        "legal_basis_detail_en": (
            "The controller's legitimate interest in verifying customer transactions and improving its services."
        ),
        "national_law": "Tietosuojalaki (1050/2018)",
        "national_law_en": "Data Protection Act (1050/2018)",
        "data_subject_categories": (
            "ONNI hoivan asiakaspalvelu-, työntekijä- ja päivystyslinjoille soittavat henkilöt, asiakaspalveluasioissa "
            "soitettujen puheluiden vastaanottajat sekä puheluihin vastaavat ONNI hoivan työntekijät."
        ),
        "data_subject_categories_en": (
            "People calling ONNI hoiva's customer service, employee and on-call lines, the recipients of calls made "
            "on customer service matters, and the ONNI hoiva employees who answer the calls."
        ),
        "data_content": _text(
            "Puhelutallennejärjestelmään tallennetaan ONNI hoivan asiakaspalvelu-, työntekijä- ja päivystyslinjoille "
            "soitetut puhelut.",
            "Puheluista voivat tallentua seuraavat tunnistetiedot:",
            "- puhelun aloitusaika",
            "- puhelun kesto",
            "- soittajan puhelinnumero tai puhelun vastaanottajan puhelinnumero",
            "- puheluun vastanneen henkilön nimi",
            "- puhelun sisältö",
        ),
        "data_content_en": _text(
            "The call recording system stores the calls made to ONNI hoiva's customer service, employee and on-call "
            "lines.",
            "The following identifying details of a call may be recorded:",
            "- the time the call started",
            "- the duration of the call",
            "- the caller's telephone number or the called party's telephone number",
            "- the name of the person who answered the call",
            "- the content of the call",
        ),
        "recorded_metadata": ["start_time", "duration", "caller_number", "callee_number", "agent_name", "content"],
        "data_sources": (
            "ONNI hoivan asiakaspalvelunumeroihin soittavat henkilöt, sekä asiakaspalveluasioissa soitettujen "
            "puheluiden vastaanottajat."
        ),
        "data_sources_en": (
            "People who call ONNI hoiva's customer service numbers, and the recipients of calls made on customer "
            "service matters."
        ),
        "recipients": "Puhelutallenteita ei lähetetä eikä luovuteta.",
        "recipients_en": "Call recordings are neither sent nor disclosed.",
        "discloses_to_authorities": False,
        "processors_description": "Sähköinen tallennus tapahtuu Benemen puhelinjärjestelmän palvelimelle.",
        "processors_description_en": "Recordings are stored electronically on the server of the Benemen telephone "
        "system.",
        "transfers_outside_eea": False,
        "transfers_description": "Tietoa ei siirretä Euroopan unionin tai Euroopan talousalueen ulkopuolelle.",
        "transfers_description_en": "Data is not transferred outside the European Union or the European Economic Area.",
        "storage_location": _text(
            "Kaikki puhelinjärjestelmän turvapalvelimella olevat tiedot on tallennettu Suomessa sijaitseville "
            "palvelinlaitteille.",
            "Sähköinen tallennus tapahtuu Benemen puhelinjärjestelmän palvelimelle.",
        ),
        "storage_location_en": _text(
            "All data on the telephone system's secure server is stored on server hardware located in Finland.",
            "Recordings are stored electronically on the server of the Benemen telephone system.",
        ),
        "security_measures": _text(
            "Manuaalista aineistoa ei ole.",
            "Palvelin, johon puhelintallenteet tallennetaan, sijaitsee tilassa, jossa on käytössä elektroninen "
            "kulunvalvontajärjestelmä.",
        ),
        "security_measures_en": _text(
            "There is no manual material.",
            "The server on which the call recordings are stored is located in premises with an electronic access "
            "control system.",
        ),
        "access_description": (
            "Puhelutallennejärjestelmän tietoihin on pääsy asiakaspalvelukeskuksen esimiehillä sekä Med Group "
            "tietohallinnon henkilöstöllä."
        ),
        "access_description_en": (
            "The supervisors of the customer service centre and Med Group's IT staff have access to the data in the "
            "call recording system."
        ),
        "listening_description": (
            "Nauhoitteiden kuuntelu-oikeus on asiakaspalvelukeskuksen esimiehillä, sekä asiakaspalveluun "
            "osallistuvalla työntekijällä."
        ),
        "listening_description_en": (
            "The supervisors of the customer service centre, and the employee who took part in the customer service "
            "call, have the right to listen to the recordings."
        ),
        "caller_information": "",
        "caller_information_en": "",
        "automated_decision_making": "",
        "automated_decision_making_en": "",
        "retention_value": 36,
        "retention_unit": "months",
        "retention_trigger": "call_end",
        "retention_event": "",
        "retention_event_en": "",
        "retention_description": "Tallenteiden säilytysaika on 36 kk.",
        "retention_description_en": "Recordings are kept for 36 months.",
        "rights_offered": ["access", "rectification", "complaint"],
        "rights_description": _text(
            "Tarkastus- ja korjausoikeus: Pääsääntöisesti jokaisella puhelussa esiintyvällä henkilöllä on oikeus "
            "saada kuunnella itseään koskeva tallennettu puhelu, ONNI hoivan osoittamassa tilassa, erikseen "
            "sovittavana ajankohtana.",
            "Puhelutallenteita ei lähetetä eikä luovuteta.",
            "Henkilön tulee esittää tarkastuspyyntö suoraan rekisterinpitäjälle. Mahdolliset kysymykset tästä "
            "tietosuojaselosteesta voit lähettää osoitteeseen tietosuoja@medgroup.fi.",
            "Voimme kieltäytyä pyynnön toteuttamisesta sovellettavassa laissa säädetyllä perusteella. Asiakkaalla on "
            "myös aina oikeus tehdä valitus asianomaiselle valvontaviranomaiselle taikka sen EU:n jäsenvaltion "
            "valvontaviranomaiselle, jossa asuinpaikkasi tai työpaikkasi sijaitsee, mikäli katsot, että emme ole "
            "käsitelleet henkilötietoja soveltuvan tietosuojalainsäädännön mukaisesti.",
        ),
        "rights_description_en": _text(
            "Right of access and rectification: As a rule, everyone who takes part in a call has the right to listen "
            "to the recorded call concerning them, in premises designated by ONNI hoiva, at a time agreed separately.",
            "Call recordings are neither sent nor disclosed.",
            "A request for access must be made directly to the controller. Any questions about this privacy notice "
            "can be sent to tietosuoja@medgroup.fi.",
            "We may refuse to carry out a request on grounds laid down in the applicable law. You also always have "
            "the right to lodge a complaint with the competent supervisory authority, or with the supervisory "
            "authority of the EU member state where you live or work, if you consider that we have not processed "
            "personal data in accordance with the applicable data protection law.",
        ),
        "access_method": "on_premises",
        "request_channel": "any",
        "identity_verified": True,
        "response_target_days": None,
        "additional_information": "",
        "additional_information_en": "",
        "agents_may_listen_own_calls": True,
    },
    "contacts": [
        {
            "kind": "register_contact",
            "name": "Anna Korpivaara",
            "title": "Asiakaspalvelukeskuksen esimies",
            "title_en": "Supervisor, customer service centre",
            "organisation": "Med Group Oy",
            "email": "anna.korpivaara@medgroup.fi",
        },
        {
            "kind": "dpo",
            "name": "Malin Koho",
            "title": "Med Group Oy:n tietosuojavastaava",
            "title_en": "Data protection officer of Med Group Oy",
            "organisation": "Med Group Oy",
            "email": "malin.koho@medgroup.fi",
        },
        {
            "kind": "inquiries",
            "email": "tietosuoja@medgroup.fi",
            "note": "Mahdolliset kysymykset tästä tietosuojaselosteesta.",
            "note_en": "Any questions about this privacy notice.",
        },
    ],
    "service_lines": [
        {"kind": "customer_service", "name": "Asiakaspalvelulinja", "name_en": "Customer service line"},
        {"kind": "employees", "name": "Työntekijälinja", "name_en": "Employee line"},
        {"kind": "on_call", "name": "Päivystyslinja", "name_en": "On-call line"},
    ],
    "processors": [
        {
            "name": "Benemen",
            "service": "Puhelinjärjestelmä, jonka palvelimelle puhelut tallennetaan sähköisesti.",
            "service_en": "The telephone system on whose server the calls are recorded electronically.",
            "holds_register_data": False,
        },
    ],
}

# --------------------------------------------------------------------------------------------------
# 001: Pikkujätti lasten ja nuorten lääkäriasema Oy, 12 months from the end of the call.
# --------------------------------------------------------------------------------------------------
PIKKUJATTI = {
    "controller": {
        "name": "Pikkujätti lasten ja nuorten lääkäriasema Oy",
        "trade_names": "Pikkujätti",
        "group_description": "",
        "group_description_en": "",
        "business_id": "2272762-2",
        "street_address": "Annankatu 34 A",
        "postal_code": "00100",
        "city": "Helsinki",
        "email": "",
        "phone": "",
        "website": "",
    },
    "register": {
        "slug": "pikkujatti-puhelut",
        "name": "Pikkujätti lasten ja nuorten lääkäriasema Oy:n puhelinpalvelun nauhoitearkiston rekisteri",
        "name_en": "Telephone service recording archive of Pikkujätti lasten ja nuorten lääkäriasema Oy",
        "notice_updated_on": None,
        "introduction": "",
        "introduction_en": "",
        "purpose": _text(
            "Puhelinpalvelua käytetään Pikkujätti lasten ja nuorten lääkäriaseman asiakaspalvelun yhtenä "
            "palvelukanavana. Puhelinkeskustelu tallentuu asiakaspalvelujärjestelmään.",
            "Tallenteita voidaan käyttää puhelimitse tapahtuvan asiakaspalvelun laadun ja asiakkaille annettavien "
            "vastausten oikeellisuuden varmistamiseksi sekä toiminnan kehittämiseksi. Tallenteita voidaan käyttää "
            "myös asiakaspalvelun parantamiseen tähtäävässä koulutuksessa ja ohjeistuksen sisällön suunnittelussa.",
        ),
        "purpose_en": _text(
            "The telephone service is one of the customer service channels of Pikkujätti lasten ja nuorten "
            "lääkäriasema. The telephone conversation is recorded in the customer service system.",
            "The recordings may be used to ensure the quality of customer service given by telephone and the "
            "correctness of the answers given to customers, and to develop operations. The recordings may also be "
            "used in training aimed at improving customer service and in planning the content of instructions.",
        ),
        # The notice states no art. 6 basis; see docs/seed-decisions.md.
        "legal_basis": "legitimate_interests",
        "legal_basis_detail": (
            "Rekisterinpitäjän oikeutettu etu varmistaa asiakaspalvelun laatu ja asiakkaille annettavien vastausten "
            "oikeellisuus sekä kehittää toimintaa."
        ),
        "legal_basis_detail_en": (
            "The controller's legitimate interest in ensuring the quality of customer service and the correctness of "
            "the answers given to customers, and in developing its operations."
        ),
        "national_law": _text(
            "Toimintaa ohjaava lainsäädäntö, joista keskeisimmät ovat lueteltu tässä:",
            "- EU:n yleinen tietosuoja-asetus (2016/679)",
            "- Tietosuojalaki (1050/2018)",
        ),
        "national_law_en": _text(
            "The legislation governing the processing, the most important of which are listed here:",
            "- EU General Data Protection Regulation (2016/679)",
            "- Data Protection Act (1050/2018)",
        ),
        "data_subject_categories": "Puhelinpalveluun soittavat asiakkaat ja heitä palvelevat asiakaspalvelijat.",
        "data_subject_categories_en": "Customers who call the telephone service, and the customer service agents "
        "who serve them.",
        "data_content": (
            "Rekisteriin tallentuu asiakkaan kanssa käyty keskustelu. Palvelussa annetaan yleistä neuvontaa "
            "ajanvarauksiin liittyen sekä tehdään ajanvarauksia. Lisäksi rekisteriin tallentuu asiakkaan "
            "puhelinnumero, puhelun ajankohta, palvelunumero sekä asiakaspalvelijan nimi."
        ),
        "data_content_en": (
            "The register stores the conversation held with the customer. The service gives general advice on "
            "appointments and books appointments. The register also stores the customer's telephone number, the "
            "time of the call, the service number and the name of the customer service agent."
        ),
        "recorded_metadata": ["start_time", "caller_number", "service_number", "agent_name", "content"],
        "data_sources": "Tallennettavat tiedot saadaan asiakkaalta puhelimitse tapahtuvassa asiakaspalvelutilanteessa.",
        "data_sources_en": "The recorded data is obtained from the customer during customer service by telephone.",
        "recipients": (
            "Tietoja voidaan luovuttaa muihin tarkoituksiin Suomen lain mukaan, kuten rikosepäilytapauksissa tietoja "
            "voidaan luovuttaa poliisiviranomaisen haltuun. Tallenneaika rajataan vain kyseisen tapahtuman kannalta "
            "välttämättömään minimiin."
        ),
        "recipients_en": (
            "Data may be disclosed for other purposes in accordance with Finnish law; for example, in cases of "
            "suspected crime data may be handed over to the police. The recorded time disclosed is limited to the "
            "minimum necessary for the event in question."
        ),
        "discloses_to_authorities": True,
        "processors_description": _text(
            "Pikkujätti lasten ja nuorten lääkäriasema Oy:llä on oikeus käyttää alihankkijoita nauhoitearkiston "
            "hoitamiseen. Tällöin tietoja voidaan siirtää alihankkijoille siinä määrin kuin se on tarpeen palvelujen "
            "toteuttamiseksi. Alihankkija sitoutuu noudattamaan aina voimassaolevan lainsäädännön vaatimuksia.",
            "Teknisestä ylläpidosta vastaa ohjelmien toimittaja.",
        ),
        "processors_description_en": _text(
            "Pikkujätti lasten ja nuorten lääkäriasema Oy has the right to use subcontractors to maintain the "
            "recording archive. Data may then be transferred to the subcontractors to the extent necessary to "
            "provide the services. The subcontractor undertakes always to comply with the requirements of the "
            "legislation in force.",
            "The software vendor is responsible for technical maintenance.",
        ),
        "transfers_outside_eea": False,
        "transfers_description": "Sähköisten ohjelmien tietoja ei siirretä EU:n tai ETA-alueen ulkopuolelle.",
        "transfers_description_en": "Data in the electronic systems is not transferred outside the EU or the EEA.",
        "storage_location": "Tietokannat ja niiden varmuuskopiot sijaitsevat lukituissa tiloissa.",
        "storage_location_en": "The databases and their backups are located in locked premises.",
        "security_measures": _text(
            "Henkilötiedot kerätään tietokantoihin, jotka ovat palomuurein, salasanoin ja muilla teknisillä keinoilla "
            "suojattuja alan yleisten käytäntöjen mukaisesti. Tietokannat ja niiden varmuuskopiot sijaitsevat "
            "lukituissa tiloissa ja tietoihin pääsevät käsiksi vain tietyt ennalta nimetyt henkilöt.",
            "Pikkujätti lasten ja nuorten lääkäriasema suojaa keräämänsä henkilötiedot siten, etteivät muut kuin "
            "rekisterinpitäjän määrittelemät henkilöt tai tietojen käsittelijät voi käsitellä niitä ja että tietoja "
            "käsitellään vain liittyen työtehtäviin. Kullakin käyttäjällä on oma käyttäjätunnus ja salasana "
            "järjestelmään.",
            "Kaikkia puhelinpalvelun nauhoitearkiston rekisterin tietoja käyttäviä henkilöitä sitoo "
            "vaitiolovelvollisuus.",
        ),
        "security_measures_en": _text(
            "Personal data is collected in databases protected by firewalls, passwords and other technical means in "
            "accordance with common industry practice. The databases and their backups are located in locked "
            "premises and only certain persons named in advance can access the data.",
            "Pikkujätti lasten ja nuorten lääkäriasema protects the personal data it collects so that no one other "
            "than the persons or processors designated by the controller can process it, and so that the data is "
            "processed only in connection with work duties. Each user has their own username and password for the "
            "system.",
            "Everyone who uses the data of the telephone service recording archive is bound by a duty of "
            "confidentiality.",
        ),
        "access_description": "Tietoihin pääsevät käsiksi vain tietyt ennalta nimetyt henkilöt.",
        "access_description_en": "Only certain persons named in advance can access the data.",
        "listening_description": "",
        "listening_description_en": "",
        "caller_information": (
            "Asiakasta informoidaan keskustelun tallentamisesta puhelun alussa automaattisella äänitiedotteella."
        ),
        "caller_information_en": (
            "The customer is informed that the conversation is recorded by an automatic voice announcement at the "
            "start of the call."
        ),
        "automated_decision_making": "",
        "automated_decision_making_en": "",
        "retention_value": 12,
        "retention_unit": "months",
        "retention_trigger": "call_end",
        "retention_event": "",
        "retention_event_en": "",
        "retention_description": "Rekisterin tietoja säilytetään 12 kuukautta puhelun päättymisestä.",
        "retention_description_en": "The data in the register is kept for 12 months from the end of the call.",
        "rights_offered": ["access", "erasure", "complaint"],
        "rights_description": _text(
            "Rekisteröidyn oikeudet määräytyvät EU:n tietosuoja-asetuksen mukaan.",
            "Tarkastusoikeus: Rekisteröidyillä on oikeus saada pääsy omiin henkilötietoihinsa. Jokainen henkilö voi "
            "pyytää tietojensa tarkastamista kohdassa 2 mainituilta yhteyshenkilöiltä kirjallisesti. Rekisteröidyn "
            "henkilöllisyys varmennetaan aina ennen toimenpiteisiin ryhtymistä. Tarkastus pyritään järjestämään ilman "
            "viivettä viimeistään noin viikon kuluessa pyynnöstä.",
            "Oikeus poistaa tiedot: Rekisteröidyllä on oikeus vaatia poistamaan tiedot, mitä häntä koskien "
            "rekisteriin on tallennettu. Pyyntö tehdään kirjallisesti kohdassa 2 mainitulle yhteyshenkilölle. "
            "Rekisteröidyn henkilöllisyys varmennetaan aina ennen toimenpiteisiin ryhtymistä. Rekisterinpitäjä voi "
            "kieltäytyä toteuttamasta poistoa laissa säädetyin perusteluin tai rekisterinpitäjän velvollisuuksien ja "
            "oikeuksien perusteella.",
            "Oikeus tehdä valitus valvontaviranomaiselle: Rekisteröidyllä on oikeus tehdä valitus "
            "valvontaviranomaiselle, jos rekisteröity katsoo, että häntä koskevien henkilötietojen käsittelyssä "
            "rikotaan tietosuoja-asetusta. Valvontaviranomainen on Tietosuojavaltuutetun toimisto "
            "(https://tietosuoja.fi/).",
        ),
        "rights_description_en": _text(
            "The data subject's rights are determined by the EU General Data Protection Regulation.",
            "Right of access: Data subjects have the right to access their own personal data. Anyone may ask, in "
            "writing, the contact persons named in section 2 to let them check their data. The data subject's "
            "identity is always verified before any action is taken. Access is arranged without delay, at the latest "
            "within about a week of the request.",
            "Right to erasure: The data subject has the right to demand that the data stored about them in the "
            "register be erased. The request is made in writing to the contact person named in section 2. The data "
            "subject's identity is always verified before any action is taken. The controller may refuse to erase "
            "on grounds laid down in law or on the basis of the controller's obligations and rights.",
            "Right to lodge a complaint with the supervisory authority: The data subject has the right to lodge a "
            "complaint with the supervisory authority if they consider that the processing of their personal data "
            "infringes the General Data Protection Regulation. The supervisory authority is the Office of the Data "
            "Protection Ombudsman (https://tietosuoja.fi/).",
        ),
        "access_method": "copy",
        "request_channel": "written",
        "identity_verified": True,
        "response_target_days": 7,
        "additional_information": (
            "Rekisterihallinto: Pikkujätti lasten ja nuorten lääkäriasema Oy seuraa tietosuojaa koskevan "
            "lainsäädännön sekä viranomaisohjeiden muutoksia sekä kehittää palvelun toimintaa, ja varaa siksi "
            "oikeuden päivittää tätä selostetta."
        ),
        "additional_information_en": (
            "Register management: Pikkujätti lasten ja nuorten lääkäriasema Oy follows changes in data protection "
            "legislation and in the authorities' guidance and develops its service, and therefore reserves the right "
            "to update this notice."
        ),
        "agents_may_listen_own_calls": False,
    },
    "contacts": [
        {
            "kind": "register_contact",
            "name": "Päivi Honkanen",
            "title": "Rekisteriasioista vastaava henkilö ja yhteyshenkilö",
            "title_en": "Person responsible for register matters and contact person",
            "organisation": "Pikkujätti puhelinpalvelu",
            # The notice gives the pattern "etunimi.sukunimi@pikkujatti.fi"; resolved for the named person.
            "email": "paivi.honkanen@pikkujatti.fi",
            "phone": "010 380 8000",
            "note": "Tarkastus- ja poistopyynnöt kirjallisesti.",
            "note_en": "Requests for access and erasure, in writing.",
        },
        {
            "kind": "dpo",
            "name": "Marliina Mäkinen",
            "title": "Pikkujätin tietosuojavastaava (sijainen)",
            "title_en": "Data protection officer of Pikkujätti (deputy)",
            "organisation": "Pikkujätti lasten ja nuorten lääkäriasema Oy",
            "email": "tietosuoja@pikkujatti.fi",
            "phone": "010 380 8000",
        },
    ],
    "service_lines": [
        {
            "kind": "customer_service",
            "name": "Puhelinpalvelu (ajanvaraus ja neuvonta)",
            "name_en": "Telephone service (appointments and advice)",
            "number": "+358103808000",
        },
    ],
    "processors": [
        {
            "name": "Ohjelmien toimittaja",
            "service": "Nauhoitearkiston ohjelmien tekninen ylläpito.",
            "service_en": "Technical maintenance of the recording archive's software (vendor not named in the notice).",
            "holds_register_data": False,
        },
    ],
}

# --------------------------------------------------------------------------------------------------
# 002: 2M-IT Oy, user-support calls, 61 days.
# --------------------------------------------------------------------------------------------------
TWO_M_IT = {
    "controller": {
        "name": "2M-IT Oy",
        "trade_names": "",
        "group_description": "",
        "group_description_en": "",
        # The notice gives no business ID; none is invented (see docs/seed-decisions.md).
        "business_id": "",
        "street_address": "Joukahaisenkatu 9, 5-7 kerros",
        "postal_code": "20520",
        "city": "Turku",
        "email": "",
        "phone": "",
        "website": "",
    },
    "register": {
        "slug": "2m-it-tuki",
        "name": "Käyttäjätuen puheluiden nauhoittaminen",
        "name_en": "Recording of user support calls",
        "notice_updated_on": None,
        "introduction": "Käyttäjätuen puheluiden nauhoittamisen tietosuojaseloste. EU:n yleinen tietosuoja-asetus "
        "(2016/679), art. 12–22.",
        "introduction_en": "Privacy notice for the recording of user support calls. EU General Data Protection "
        "Regulation (2016/679), articles 12–22.",
        "purpose": (
            "Puhelinpalvelun kontaktihistoriaa ja puhelutallenteita käytetään ensi sijassa asiakaspalvelun "
            "kehittämiseen. Asiakaspalvelun kehittämiseksi tallenteita voidaan käyttää Käyttäjätuen ja varallaolon "
            "henkilöstön sisäisessä koulutuksessa, reklamaatiotapauksissa ja palvelutasojen tutkimuksissa."
        ),
        "purpose_en": (
            "The telephone service's contact history and call recordings are used primarily to develop customer "
            "service. To develop customer service, the recordings may be used in the internal training of the User "
            "Support and on-call staff, in complaint cases and in service level studies."
        ),
        # The section is titled "tarkoitus ja oikeusperuste" but names no basis; see docs/seed-decisions.md.
        "legal_basis": "legitimate_interests",
        "legal_basis_detail": "Rekisterinpitäjän oikeutettu etu kehittää asiakaspalveluaan.",
        "legal_basis_detail_en": "The controller's legitimate interest in developing its customer service.",
        "national_law": "",
        "national_law_en": "",
        "data_subject_categories": (
            "2M-IT Oy:n työntekijät (Käyttäjätuki ja varallaoloa tekevä henkilökunta), asiakkaiden työntekijät, "
            "yhteistyötahojen edustajat."
        ),
        "data_subject_categories_en": (
            "2M-IT Oy's employees (User Support and the staff on call), customers' employees, and representatives of "
            "partners."
        ),
        "data_content": _text(
            "Puhelut tallentuvat automaattisesti ja tietosisältönä on asiakkaan itsensä ilmoittamat tiedot, joita "
            "ovat esimerkiksi:",
            "- henkilön yksilöintitiedot, nimi, henkilötunnus, puhelinnumero, sähköpostiosoite, "
            "yksikkötieto/organisaatiotieto",
            "- potilastietoa, nimi, henkilötunnus",
            "Henkilötietojen tyyppi: Perustiedot.",
        ),
        "data_content_en": _text(
            "Calls are recorded automatically, and the content is the information the customers give themselves, "
            "for example:",
            "- identifying details of the person, name, personal identity code, telephone number, email address, "
            "unit or organisation",
            "- patient information, name, personal identity code",
            "Type of personal data: Basic data.",
        ),
        "recorded_metadata": ["content"],
        "data_sources": (
            "Tieto, joka tallennetaan, on asiakaspalvelutyöhön liittyvää keskustelua soittajan ja asiakaspalvelijan "
            "kesken. Tietosisältö on kuvattu kohdassa 5. Rekisteriin ei tallenneta säännönmukaisesti tietoja muista "
            "tietolähteistä."
        ),
        "data_sources_en": (
            "The data recorded is the conversation between the caller and the customer service agent in customer "
            "service work. The data content is described in section 5. No data from other sources is regularly "
            "stored in the register."
        ),
        "recipients": "Tallenteet ovat rekisterinpitäjän omaisuutta, eikä niitä luovuteta ulkopuolisille.",
        "recipients_en": "The recordings are the property of the controller and are not disclosed to outsiders.",
        "discloses_to_authorities": False,
        "processors_description": "Tallennusjärjestelmän palveluntarjoajalla on salassapitovelvoite.",
        "processors_description_en": "The provider of the recording system is bound by confidentiality.",
        "transfers_outside_eea": False,
        "transfers_description": "Tietoja ei siirretä EU:n tai ETA:n ulkopuolelle.",
        "transfers_description_en": "Data is not transferred outside the EU or the EEA.",
        "storage_location": (
            "Kontaktihistoria ja tallenteet säilytetään Elisan käytössä olevalla Suomessa sijaitsevalla palvelimella."
        ),
        "storage_location_en": "The contact history and recordings are kept on a server in Finland used by Elisa.",
        "security_measures": _text(
            "Järjestelmien käyttöoikeudet ovat rajattu erikseen nimetyille henkilöille, jotka käsittelevät ja "
            "ratkaisevat tukipyyntöjä tai ylläpitävät toiminnanohjausjärjestelmää. Käyttövaltuudet tarkastetaan "
            "henkilön siirtyessä toisiin tehtäviin.",
            "Kaikki työntekijät antavat vaitiolositoumuksen, jossa henkilö sitoutuu olemaan paljastamatta työssään "
            "tietoonsa saamiaan salassa pidettäviä tietoja.",
        ),
        "security_measures_en": _text(
            "Access rights to the systems are limited to specially named persons who handle and resolve support "
            "requests or maintain the enterprise resource planning system. Access rights are reviewed when a person "
            "moves to other duties.",
            "All employees sign a confidentiality undertaking in which they undertake not to reveal confidential "
            "information they learn in their work.",
        ),
        "access_description": (
            "Järjestelmien käyttöoikeudet ovat rajattu erikseen nimetyille henkilöille, jotka käsittelevät ja "
            "ratkaisevat tukipyyntöjä tai ylläpitävät toiminnanohjausjärjestelmää."
        ),
        "access_description_en": (
            "Access rights are limited to specially named persons who handle and resolve support requests or maintain "
            "the enterprise resource planning system."
        ),
        "listening_description": "",
        "listening_description_en": "",
        "caller_information": (
            "Asiakasta informoidaan keskustelun tallentamisesta puhelun alussa automaattisella äänitiedotteella: "
            "”Puhelut tallennetaan asiakaspalvelumme laadun kehittämiseksi”."
        ),
        "caller_information_en": (
            "The customer is informed that the conversation is recorded by an automatic voice announcement at the "
            "start of the call: “Calls are recorded to improve the quality of our customer service.”"
        ),
        "automated_decision_making": "Ei liity automaattista päätöksentekoa.",
        "automated_decision_making_en": "No automated decision-making is involved.",
        "retention_value": 61,
        "retention_unit": "days",
        "retention_trigger": "call_end",
        "retention_event": "",
        "retention_event_en": "",
        "retention_description": _text(
            "Puhelutallenteita säilytetään 61 vrk. Reklamaatio- ja koulutustarkoituksessa yksittäisiä nauhoitteita "
            "voidaan säilyttää pidempään.",
            "Tämän tietosuojaselosteen mukaisia henkilötietoja säilytetään niin kauan kuin rekisterinpitäjä "
            "hyödyntää tietoja henkilötietojen käsittelyn tarkoitukseksi kuvattuihin tarkoituksiin. Rekisteriin "
            "tallennetut henkilötiedot poistetaan, kun niiden käsittelylle ei ole enää laillista perustetta.",
        ),
        "retention_description_en": _text(
            "Call recordings are kept for 61 days. Individual recordings may be kept longer for complaints and "
            "training.",
            "The personal data covered by this privacy notice is kept for as long as the controller uses it for the "
            "purposes described as the purpose of processing. The personal data stored in the register is erased "
            "when there is no longer a lawful basis for processing it.",
        ),
        "rights_offered": [
            "access",
            "rectification",
            "erasure",
            "restriction",
            "portability",
            "direct_marketing",
            "withdraw_consent",
            "complaint",
        ],
        "rights_description": _text(
            "Pyyntö on toimitettava kirjallisesti rekisteriasioista vastaavalle henkilölle. Tämän yhteystiedot on "
            "kuvattu kappaleessa 2.",
            "Rekisteröidyn oikeus kieltää profilointi ja suoramarkkinointi: Rekisteröidyllä on oikeus kieltää "
            "käsittelemästä häntä koskevia rekisterissä olevia tietoja profiloinnissa, suoramarkkinoinnissa ja "
            "mielipide- ja markkinatutkimuksissa.",
            "Rekisteröidyn oikeus saada pääsy tietoihin (tarkastusoikeus): Rekisteröidyllä on oikeus tarkastaa, mitä "
            "häntä koskevia tietoja 2M-IT:n rekistereihin on talletettu. Tarkastusoikeus voidaan evätä laissa "
            "säädetyin perustein.",
            "Rekisteröidyn oikeus vaatia tiedon oikaisemista, poistamista tai käsittelyn rajoittamista: "
            "Rekisteröidyllä on oikeus vaatia, että rekisterinpitäjä oikaisee ilman aiheetonta viivytystä "
            "rekisteröityä koskevat epätarkat ja virheelliset henkilötiedot. Ottaen huomioon tarkoitukset, joihin "
            "tietoja käsiteltiin, rekisteröidyllä on oikeus saada puutteelliset henkilötiedot täydennettyä, muun "
            "muassa toimittamalla lisäselvitys. Rekisteröidyllä on myös oikeus vaatia rekisterinpitäjää rajoittamaan "
            "henkilötietojensa käsittelyä esimerkiksi siinä tilanteessa, kun rekisteröity odottaa rekisterinpitäjän "
            "vastausta tietojensa oikaisemista tai poistamista koskevaan pyyntöön.",
            "Rekisteröidyn oikeus siirtää tiedot järjestelmästä toiseen: Siltä osin, kun rekisteröity on itse "
            "toimittanut asiakasrekisteriin tietoja, joita käsitellään rekisteröidyn antaman suostumuksen tai "
            "toimeksiannon nojalla, rekisteröidyllä on oikeus saada tällaiset tiedot itselleen pääsääntöisesti "
            "koneluettavassa muodossa ja oikeus siirtää nämä tiedot toiselle rekisterinpitäjälle.",
            "Rekisteröidyn oikeus tehdä valitus valvontaviranomaiselle: Rekisteröidyllä on oikeus tehdä valitus "
            "toimivaltaiselle valvontaviranomaiselle, jos rekisterinpitäjä ei ole noudattanut toiminnassaan "
            "soveltuvaa tietosuojasääntelyä.",
            "Muut oikeudet: Mikäli henkilötietoja käsitellään rekisteröidyn suostumukseen perustuen, rekisteröidyllä "
            "on oikeus peruuttaa suostumuksensa.",
        ),
        "rights_description_en": _text(
            "Requests must be sent in writing to the person responsible for register matters. Their contact details "
            "are given in section 2.",
            "The data subject's right to prohibit profiling and direct marketing: The data subject has the right to "
            "prohibit the use of the data about them in the register for profiling, direct marketing and opinion and "
            "market research.",
            "The data subject's right of access: The data subject has the right to check what data about them has "
            "been stored in 2M-IT's registers. Access may be refused on grounds laid down in law.",
            "The data subject's right to demand rectification, erasure or restriction of processing: The data "
            "subject has the right to demand that the controller correct, without undue delay, inaccurate and "
            "incorrect personal data concerning them. Taking into account the purposes of the processing, the data "
            "subject has the right to have incomplete personal data completed, including by providing a "
            "supplementary statement. The data subject also has the right to demand that the controller restrict "
            "the processing of their personal data, for example while the data subject awaits the controller's "
            "answer to a request to rectify or erase their data.",
            "The data subject's right to transfer data from one system to another: Where the data subject has "
            "provided data to the customer register that is processed on the basis of the data subject's consent "
            "or an assignment, the data subject has the right to receive that data, as a rule in a machine-readable "
            "form, and to transfer it to another controller.",
            "The data subject's right to lodge a complaint with the supervisory authority: The data subject has the "
            "right to lodge a complaint with the competent supervisory authority if the controller has not complied "
            "with the applicable data protection rules.",
            "Other rights: Where personal data is processed on the basis of the data subject's consent, the data "
            "subject has the right to withdraw their consent.",
        ),
        "access_method": "copy",
        "request_channel": "written",
        "identity_verified": True,
        "response_target_days": None,
        "additional_information": "",
        "additional_information_en": "",
        "agents_may_listen_own_calls": False,
    },
    "contacts": [
        {
            "kind": "dpo",
            "name": "Oona Eskola",
            "title": "Tietosuojavastaava; yhteyshenkilö",
            "title_en": "Data protection officer; contact person",
            "organisation": "2M-IT Oy",
            "address": "PL 130, 20521 Turku",
            "email": "servicedesk@2m-it.fi",
            "note": "Rekisteröidyn oikeuksia koskevat pyynnöt kirjallisesti.",
            "note_en": "Data subjects' requests, in writing.",
        },
    ],
    "service_lines": [
        {"kind": "user_support", "name": "Käyttäjätuki", "name_en": "User support"},
        {"kind": "on_call", "name": "Varallaolo", "name_en": "On-call duty"},
    ],
    "processors": [
        {
            "name": "Elisa",
            "service": "Tallennusjärjestelmä: kontaktihistoria ja tallenteet Elisan käytössä olevalla Suomessa "
            "sijaitsevalla palvelimella; salassapitovelvoite.",
            "service_en": "Recording system: contact history and recordings on a server in Finland used by Elisa; "
            "bound by confidentiality.",
            "holds_register_data": False,
        },
    ],
}

# --------------------------------------------------------------------------------------------------
# 003: PHM Group Services Oy / Punavaara Oy, 6 months.
# --------------------------------------------------------------------------------------------------
PHM = {
    "controller": {
        "name": "PHM Group Services Oy",
        "trade_names": "PHM Group",
        "group_description": (
            'PHM Group Services Oy ja sen kanssa samaan konserniin kuuluvat konserniyhtiöt ("PHM Group" tai "Me"), '
            "kuten Punavaara Oy."
        ),
        "group_description_en": (
            'PHM Group Services Oy and the companies belonging to the same group ("PHM Group" or "we"), such as '
            "Punavaara Oy."
        ),
        "business_id": "3125932-2",
        "street_address": "Takomotie 1-3",
        "postal_code": "00380",
        "city": "Helsinki",
        "email": "tietosuoja@phmgroup.com",
        "phone": "010 270 8001",
        "website": "",
    },
    "register": {
        "slug": "phm-asiakaspalvelu",
        "name": "PHM Groupin puhelutallenteiden rekisteri",
        "name_en": "PHM Group call recording register",
        "notice_updated_on": date(2023, 9, 12),
        "introduction": "",
        "introduction_en": "",
        "purpose": (
            "Puheluiden tallentamisen tarkoituksena on asiakasrekisterin tietosuojaselosteen mukaisesti "
            "asiakassuhteen hoito, asiakaspalvelun laadun varmistaminen, asiakastapahtumien todentaminen sekä "
            "henkilöstön koulutus."
        ),
        "purpose_en": (
            "In line with the customer register's privacy notice, calls are recorded to manage the customer "
            "relationship, to ensure the quality of customer service, to verify customer transactions and to train "
            "staff."
        ),
        "legal_basis": "legitimate_interests",
        "legal_basis_detail": "Tallentaminen perustuu rekisterinpitäjän oikeutettuun etuun.",
        "legal_basis_detail_en": "The recording is based on the controller's legitimate interest.",
        "national_law": "",
        "national_law_en": "",
        "data_subject_categories": "",
        "data_subject_categories_en": "",
        "data_content": (
            "Tallennamme määritettyjen asiakaspalvelunumeroiden saapuvat ja lähtevät puhelut. Puhelutaltioiden "
            "lisäksi tallennetaan puhelun päivämäärä ja kellonaika, puhelun kesto sekä soittajan puhelinnumero. "
            "Tallennetut puhelutiedot eivät taltioidu henkilörekisteriimme."
        ),
        "data_content_en": (
            "We record the incoming and outgoing calls of designated customer service numbers. In addition to the "
            "call recordings, the date and time of the call, its duration and the caller's telephone number are "
            "stored. The recorded call data is not stored in our personal data register."
        ),
        "recorded_metadata": ["start_time", "duration", "caller_number", "content"],
        "data_sources": "Tiedot kerätään määritettyjen asiakaspalvelunumeroiden saapuvista ja lähtevistä puheluista.",
        "data_sources_en": "The data is collected from the incoming and outgoing calls of designated customer "
        "service numbers.",
        "recipients": (
            "Voimme luovuttaa henkilötietoja PHM konserniin kuuluville yrityksille tämän tietosuojaselosteen "
            "mukaisten tarkoitusten toteuttamiseksi. Emme säännönmukaisesti luovuta henkilötietoja konsernin "
            "ulkopuolisille tahoille. PHM konserni voi kuitenkin olla velvollinen luovuttamaan henkilötietoja "
            "lakisääteisen velvollisuuden tai viranomaisen vaatimuksen perusteella, esim. rikosten selvittämiseksi."
        ),
        "recipients_en": (
            "We may disclose personal data to companies of the PHM group for the purposes of this privacy notice. We "
            "do not regularly disclose personal data to parties outside the group. The PHM group may, however, be "
            "obliged to disclose personal data under a statutory obligation or at an authority's demand, for example "
            "to investigate crimes."
        ),
        "discloses_to_authorities": True,
        "processors_description": (
            "Käytämme puheluiden tallentamiseen ulkopuolista palveluntarjoajaa. Solmimme kaikkien käsittelijän "
            "roolissa toimivien palveluntarjoajien kanssa sopimuksen henkilötietojen käsittelystä ja edellytämme "
            "yhteistyökumppaneidemme käsittelevän henkilötietoja vain siinä määrin kuin se on tarpeen ko. palvelun "
            "tuottamiseksi."
        ),
        "processors_description_en": (
            "We use an external service provider to record calls. We sign a data processing agreement with every "
            "service provider acting as a processor, and require our partners to process personal data only to the "
            "extent needed to provide the service in question."
        ),
        "transfers_outside_eea": False,
        "transfers_description": "Emme siirrä henkilötietoja EU:n tai ETA:n ulkopuolelle.",
        "transfers_description_en": "We do not transfer personal data outside the EU or the EEA.",
        "storage_location": "",
        "storage_location_en": "",
        "security_measures": (
            "PHM konsernilla on käytössään asianmukaiset tekniset ja organisatoriset tietoturvatyökalut "
            "henkilötietojen suojaamiseksi."
        ),
        "security_measures_en": (
            "The PHM group uses appropriate technical and organisational security tools to protect personal data."
        ),
        "access_description": (
            "Tallenteisiin pääsy on rajattu vain henkilöille, joilla on työtehtäviensä vuoksi oikeus käsitellä "
            "tallenteita."
        ),
        "access_description_en": (
            "Access to the recordings is limited to persons whose work duties entitle them to process the recordings."
        ),
        "listening_description": "",
        "listening_description_en": "",
        "caller_information": "",
        "caller_information_en": "",
        "automated_decision_making": "",
        "automated_decision_making_en": "",
        "retention_value": 6,
        "retention_unit": "months",
        "retention_trigger": "call_end",
        "retention_event": "",
        "retention_event_en": "",
        "retention_description": (
            "Tallennetut puhelut poistetaan automaattisesti 6 kuukauden jälkeen. Tallenteita voidaan säilyttää "
            "pitempään, jos se on tarpeen erityisestä syystä, esimerkiksi rikosepäilyjen ja niitä koskevan "
            "viranomaistutkinnan vuoksi."
        ),
        "retention_description_en": (
            "Recorded calls are deleted automatically after 6 months. Recordings may be kept longer if a special "
            "reason requires it, for example suspected crimes and their investigation by the authorities."
        ),
        "rights_offered": ["access", "rectification", "erasure", "objection", "restriction", "complaint"],
        "rights_description": _text(
            "Rekisteröityjen oikeuksia koskevat pyynnöt tulee toimittaa yhteystiedoissa mainittuun osoitteeseen. "
            "Rekisteröitynä sinulla on seuraavat oikeudet:",
            "- Oikeus saada pääsy tietoihin ja oikeus vaatia tiedon oikaisua ja tietojen poistoa: Sinulla on oikeus "
            "tietää, käsitelläänkö tietojasi vai eikö niitä käsitellä, tarkastaa itseäsi koskevat henkilörekisteriin "
            "tallennetut tiedot sekä oikeus vaatia virheellisen tiedon oikaisua ja tietojen poistamista.",
            "- Vastustamisoikeus ja oikeus käsittelyn rajoittamiseen: Sinulla on oikeus vastustaa tietojesi "
            "käsittelyä tai pyytää tietojesi käsittelyn rajoittamista.",
            "- Oikeus tehdä kantelu valvontaviranomaiselle: Sinulla on oikeus tehdä kantelu valvontaviranomaiselle, "
            "erityisesti siinä EU-jäsenvaltiossa, jossa vakinainen asuinpaikkasi tai työpaikkasi on taikka jossa "
            "väitetty rikkomus on tapahtunut, jos katsot, että sinua koskevien henkilötietojen käsittelyssä rikotaan "
            "tietosuojalainsäädäntöä.",
        ),
        "rights_description_en": _text(
            "Requests concerning data subjects' rights must be sent to the address given in the contact details. As "
            "a data subject you have the following rights:",
            "- Right of access and right to demand rectification and erasure: You have the right to know whether or "
            "not your data is processed, to check the data about you stored in the personal data register, and to "
            "demand that incorrect data be corrected and data erased.",
            "- Right to object and right to restriction of processing: You have the right to object to the "
            "processing of your data or to ask for the processing of your data to be restricted.",
            "- Right to lodge a complaint with a supervisory authority: You have the right to lodge a complaint with "
            "a supervisory authority, in particular in the EU member state of your habitual residence or place of "
            "work or of the alleged infringement, if you consider that the processing of your personal data "
            "infringes data protection law.",
        ),
        "access_method": "copy",
        "request_channel": "written",
        "identity_verified": True,
        "response_target_days": None,
        "additional_information": "",
        "additional_information_en": "",
        "agents_may_listen_own_calls": False,
    },
    "contacts": [
        {
            "kind": "requests",
            "organisation": "Punavaara Oy c/o PHM Group Services Oy",
            "address": "Takomotie 1-3, 00380 Helsinki",
            "phone": "010 270 8001",
            "email": "tietosuoja@phmgroup.com",
            "note": "Yhteystiedot; rekisteröityjen oikeuksia koskevat pyynnöt.",
            "note_en": "Contact details; requests concerning data subjects' rights.",
        },
    ],
    "service_lines": [
        {
            "kind": "customer_service",
            "name": "Asiakaspalvelunumerot",
            "name_en": "Customer service numbers",
        },
    ],
    "processors": [
        {
            "name": "Puheluiden tallennuksen palveluntarjoaja",
            "service": "Puheluiden tallentaminen; sopimus henkilötietojen käsittelystä (palveluntarjoajaa ei nimetä "
            "selosteessa).",
            "service_en": "Call recording under a data processing agreement (the provider is not named in the notice).",
            "holds_register_data": False,
        },
    ],
}

# --------------------------------------------------------------------------------------------------
# 004: Onni & hoiva Oy customer register in Ajas Oy's booking system, kept until the account is deleted.
# --------------------------------------------------------------------------------------------------
ONNI_JA_HOIVA = {
    "controller": {
        # The notice writes "Onni & hoiva 0y" (a zero) and "oy" in lower case.
        "name": "Onni & hoiva Oy",
        "trade_names": "",
        "group_description": "",
        "group_description_en": "",
        "business_id": "2629593-5",
        "street_address": "Mäkelänkatu 37",
        "postal_code": "00550",
        "city": "Helsinki",
        "email": "info@onnijahoiva.fi",
        "phone": "",
        "website": "",
    },
    "register": {
        "slug": "onni-ja-hoiva-asiakkaat",
        "name": "Onni & hoivan asiakasrekisteri",
        "name_en": "Onni & hoiva customer register",
        "notice_updated_on": date(2018, 5, 24),
        "introduction": _text(
            "GDPR (EU 2016/679).",
            "Yksityisyyden suojasi on meille tärkeä. Kun käytät ja varaat palvelujamme luovutat tietoja käyttöömme. "
            "Tämän tietosuojakäytännön tarkoituksena on auttaa sinua ymmärtämään mitä tietoja keräämme sinusta ja "
            "miksi, sekä miten niitä käytetään palveluissamme mahdollistamaan parhaan palvelun tuottamisen.",
            "On tärkeää, että ymmärrät kuinka käytämme tietojasi ja tämän takia toivomme sinun lukevan käytännön "
            "huolellisesti.",
        ),
        "introduction_en": _text(
            "GDPR (EU 2016/679).",
            "Your privacy is important to us. When you use and book our services, you give us data. The purpose of "
            "this privacy policy is to help you understand what data we collect about you and why, and how it is "
            "used in our services to make it possible to provide the best service.",
            "It is important that you understand how we use your data, and we therefore hope you read the policy "
            "carefully.",
        ),
        "purpose": _text(
            "Asiakasrekisteriin kerätään Onni & hoiva Oy:n asiakkaiden henkilötietoja, jotta palvelut voitaisiin "
            "tarjota asianmukaisesti ja lainmukaisesti. Asiakkaiden henkilötietoja käytetään etenkin asiakkuuden "
            "hoitoon ja yhteydenpitoon.",
            "Käsittelemme vain niitä henkilötietoja, joita tarvitsemme asiakkaan käyttöön ottamien palveluiden "
            "suorittamiseksi.",
        ),
        "purpose_en": _text(
            "The personal data of Onni & hoiva Oy's customers is collected in the customer register so that services "
            "can be provided properly and lawfully. Customers' personal data is used in particular to manage the "
            "customer relationship and to keep in contact.",
            "We process only the personal data we need to perform the services the customer has taken into use.",
        ),
        "legal_basis": "contract",
        "legal_basis_detail": _text(
            "Kunnioitamme yksityisyyden suojaa ja noudatamme meihin sovellettavia lakeja emmekä käsittele "
            "asiakkaidemme tai heidän asiakkaidensa henkilötietoja ilman tietosuojalainsäädännön mukaista "
            "oikeusperustetta.",
            "Suostumus: Käyttämällä Onni & hoivan ajanvarauspalvelua käyttäjä hyväksyy tämän tietosuojakäytännön.",
        ),
        "legal_basis_detail_en": _text(
            "We respect privacy and comply with the laws that apply to us, and we do not process the personal data "
            "of our customers or their customers without a legal basis under data protection law.",
            "Consent: By using Onni & hoiva's booking service the user accepts this privacy policy.",
        ),
        "national_law": "",
        "national_law_en": "",
        "data_subject_categories": "Onni & hoiva Oy:n asiakkaat, jotka varaavat aikoja palveluihin.",
        "data_subject_categories_en": "Onni & hoiva Oy's customers who book appointments for its services.",
        "data_content": _text(
            "Henkilötiedot:",
            "- nimi",
            "- osoitetiedot",
            "- sähköposti",
            "- puhelinnumero",
            "- asiakkaan tilaamat ja käyttämät palvelut/tuotteet ja toiveet",
            "Palvelun käytöstä kertyvät tiedot: Palvelun käytöstä kertyvät tiedot tallennetaan Ajas Oy:n "
            "pilvipalveluun.",
            "Lisäksi Onni & hoiva Oy voi tallentaa asiakkaasta seuraavat tiedot asiakasrekisteriin:",
            "- Osoite",
            "- Asiakkaan yleistiedot koskien tarjottavia palveluita",
            "- Kenen ammatinharjoittajan palveluja asiakas on käyttänyt",
            "- Asiakkaalle myönnetyt alennukset",
            "- Lisätietoja, joilla asiakassuhteen aikana syntyneitä asiakastietoja pyritään hyödyntämään myös "
            "jatkossa asiakkaan hyväksi",
            "Edellä sanotun lisäksi asiakkaasta jää Onni & hoiva Oy:n tietoon ajankohta ja tekotapa ajanvarauksesta.",
        ),
        "data_content_en": _text(
            "Personal data:",
            "- name",
            "- address details",
            "- email",
            "- telephone number",
            "- the services/products the customer has ordered and used, and their wishes",
            "Data from using the service: Data that accrues from using the service is stored in Ajas Oy's cloud "
            "service.",
            "In addition, Onni & hoiva Oy may store the following data about the customer in the customer register:",
            "- Address",
            "- General information about the customer concerning the services offered",
            "- Which practitioner's services the customer has used",
            "- Discounts granted to the customer",
            "- Further information with which customer data created during the customer relationship is used for "
            "the customer's benefit in the future as well",
            "In addition to the above, Onni & hoiva Oy retains the time and the manner in which an appointment was "
            "booked.",
        ),
        "recorded_metadata": [],
        "data_sources": (
            "Onni & hoiva Oy saa käsittelemänsä henkilötiedot henkilöltä itseltään ajanvarauksen yhteydessä. Kun "
            "käyttäjä varaa ajan palveluihimme, häneltä kysytään ajanvaraukseen liittyviä tietoja."
        ),
        "data_sources_en": (
            "Onni & hoiva Oy receives the personal data it processes from the person themselves when they book an "
            "appointment. When a user books an appointment for our services, they are asked for the details "
            "relating to the booking."
        ),
        "recipients": _text(
            "Emme myy, vaihda tai muutoin siirrä henkilötietoja ulkopuolisille osapuolille. Tämä ei sisällä "
            "luotettuja kolmansia osapuolia, jotka auttavat meitä palveluidemme suorittamisessa, mutta myös näiden "
            "osapuolten on pidettävä tiedot luottamuksellisina. Tämä tarkoittaa Ajas-ajanvarauspalvelua, jonka kautta "
            "käyttäjä voi varata internet-ajanvarauksessa hoitoaikoja ja Ajas-kassa- ja ajanvarausjärjestelmää, "
            "johon asiakkaan tiedot tallentuvat ajanvarausta ja maksuliikennettä varten.",
            "Uskomme, että tietojen jakaminen voi olla tarpeen, jos tavoitteena on tutkia, estää tai muutoin käsitellä "
            "laitonta toimintaa, petosepäilyjä, tilanteita, jotka mahdollisesti uhkaavat jonkin henkilön fyysistä "
            "turvallisuutta, käyttöehtojemme rikkomista sekä muissa lain vaatimissa tilanteissa.",
        ),
        "recipients_en": _text(
            "We do not sell, trade or otherwise transfer personal data to outside parties. This does not include "
            "trusted third parties who help us perform our services, but these parties too must keep the data "
            "confidential. This means the Ajas booking service, through which the user can book treatment "
            "appointments online, and the Ajas till and booking system, in which the customer's data is stored for "
            "booking and payments.",
            "We believe that sharing data may be necessary to investigate, prevent or otherwise deal with illegal "
            "activity, suspected fraud, situations that may threaten anyone's physical safety, or breaches of our "
            "terms of use, and in other situations required by law.",
        ),
        "discloses_to_authorities": True,
        "processors_description": (
            "Onni & hoiva Oy käyttää henkilötietojen käsittelyyn ja ylläpitämiseen Ajas Oy:n palvelua, joka on Ajas "
            "Oy:n tuottama ajanvaraus- ja asiakkuudenhoitojärjestelmä."
        ),
        "processors_description_en": (
            "Onni & hoiva Oy uses Ajas Oy's service, a booking and customer relationship management system produced "
            "by Ajas Oy, to process and maintain personal data."
        ),
        "transfers_outside_eea": False,
        "transfers_description": (
            "Seloste ei kerro siirroista EU:n tai ETA-alueen ulkopuolelle. Tiedot tallennetaan Ajas Oy:n "
            "pilvipalveluun."
        ),
        "transfers_description_en": (
            "The notice says nothing about transfers outside the EU or the EEA. The data is stored in Ajas Oy's "
            "cloud service."
        ),
        "storage_location": "Ajas Oy:n pilvipalvelu.",
        "storage_location_en": "Ajas Oy's cloud service.",
        "security_measures": (
            "Onni & hoiva Oy on järjestänyt rekisterin tietoturvan yleisesti hyväksyttävällä tavalla sekä pyrkii "
            "asianmukaisin teknisin ratkaisuin estämään asiattomien pääsyn niin tietotekniikan avulla ylläpidettäviin "
            "tietojärjestelmiinsä kuin manuaalisesti ylläpidettäviin ja säilytettäviin aineistoihinsa."
        ),
        "security_measures_en": (
            "Onni & hoiva Oy has arranged the register's security in a generally accepted manner and seeks, with "
            "appropriate technical solutions, to prevent unauthorised access both to its information systems "
            "maintained by information technology and to its manually maintained and stored material."
        ),
        "access_description": _text(
            "Lähtökohtaisesti ainoastaan Onni & hoiva Oy:n ammatinharjoittajilla sekä sen puitteissa toimivilla "
            "yrittäjillä on pääsy rekisterin sisältämiin tietoihin.",
            "Rekisterin käyttöä on rajattu rekisterinpitäjän organisaatiossa siten, että pääsy rekisteriin on "
            "ainoastaan niillä, joilla on työtehtäviensä puolesta siihen oikeus ja jotka tarvitsevat tietoja "
            "tehtävässään.",
        ),
        "access_description_en": _text(
            "As a rule, only Onni & hoiva Oy's practitioners and the entrepreneurs working within it have access to "
            "the data in the register.",
            "Use of the register is limited within the controller's organisation so that only those whose work "
            "duties entitle them to it and who need the data in their work have access to the register.",
        ),
        "listening_description": "",
        "listening_description_en": "",
        "caller_information": "",
        "caller_information_en": "",
        "automated_decision_making": "",
        "automated_decision_making_en": "",
        "retention_value": None,
        "retention_unit": "months",
        "retention_trigger": "event",
        "retention_event": "asiakas poistaa käyttäjätilinsä tai pyytää meitä poistamaan sen",
        "retention_event_en": "the customer deletes their user account or asks us to delete it",
        "retention_description": (
            "Henkilötiedot säilytetään luottamuksellisina ja niitä säilytetään niin kauan kuin käyttäjä on "
            "rekisteröityneenä palveluumme palvelun toiminnan mahdollistamiseksi. Kun käyttäjä poistaa käyttäjätilinsä "
            "palvelustamme tai kun hän pyytää meitä näin tekemään, poistuu kaikki henkilötietoa sisältävä tieto "
            "palvelustamme. Ajas Oy on näiden tietojen rekisterinpitäjä."
        ),
        "retention_description_en": (
            "Personal data is kept confidential and is kept for as long as the user is registered with our service, "
            "to make the service work. When the user deletes their user account from our service, or asks us to do "
            "so, all information containing personal data is removed from our service. Ajas Oy is the controller of "
            "these data."
        ),
        "rights_offered": ["access", "rectification", "erasure", "direct_marketing", "complaint"],
        "rights_description": _text(
            "Käyttäjillä on oikeus kieltää Onni & hoiva Oy:tä käsittelemästä itseään koskevaa email-osoitetta "
            "markkinoinnissa. Tämä tapahtuu ilmoittamalla meille haluavansa poistaa lupa markkinointiin.",
            "Käyttäjä näkee palvelun kautta kaikki hänestä henkilörekisteriimme tallennetut henkilötiedot ja voi "
            "tehdä itse näihin tarpeelliset korjaukset. Kaikki käyttäjää koskevat tiedot on hankittu palvelun kautta "
            "ja hänellä on pääsy kaikkeen tähän tietoon. Käyttäjällä on kuitenkin oikeus pyytää tätä tietoa myös "
            "meiltä. Tämä tapahtuu osoittamalla pyyntö henkilökohtaisesti allekirjoitetulla kirjeellä osoitteeseen "
            "Onni & hoiva Oy, Mäkelänkatu 37, 00550 Helsinki. Tietojen tarkastaminen on maksutonta.",
            "Koska käyttäjä voi muuttaa ja korjata henkilörekisterissämme olevia tietojaan itse, se on suositeltu "
            "tapa tietojen korjaamiseen. Käyttäjällä on kuitenkin oikeus pyytää myös meitä tekemään tarvittava "
            "korjaus. Tämä tapahtuu osoittamalla pyyntö henkilökohtaisesti allekirjoitetulla kirjeellä osoitteeseen "
            "Onni & hoiva Oy, Pengerkatu 11 a 1, 00530 Helsinki.",
            "Jos käyttäjä haluaa poistaa kaiken tietonsa rekisteristämme, tulee hänen poistaa käyttäjätilinsä "
            "palvelustamme. Tämän käyttäjä voi tehdä joko itse tai valtuuttaa meidät tekemään puolestaan.",
            "Jos käyttäjä katsoo, että hänen lakisääteisiä oikeuksiaan on rikottu, voi hän tehdä asiasta valituksen "
            "tietosuojaviranomaiselle Euroopan Unionin alueella. Suomessa valvovana viranomaisena toimii "
            "tietosuojavaltuutettu.",
            "Onni & hoiva Oy sitoutuu oma-aloitteisesti tai rekisteriin kirjatun henkilön vaatimuksesta oikaisemaan, "
            "poistamaan tai täydentämään rekisterissä olevat tiedot, joiden todetaan olevan virheellisiä, "
            "tarpeettomia, puutteellisia tai esimerkiksi vanhentuneita. Mikäli tiedon korjaamista ei hyväksytä, "
            "annetaan henkilölle perusteltu ilmoitus, jossa kerrotaan syyt, joiden vuoksi vaatimusta ei ole "
            "hyväksytty.",
        ),
        "rights_description_en": _text(
            "Users have the right to forbid Onni & hoiva Oy from using their email address in marketing. This is "
            "done by telling us that they wish to withdraw their permission for marketing.",
            "Through the service the user sees all the personal data about them stored in our personal data "
            "register and can make the necessary corrections themselves. All data concerning the user has been "
            "obtained through the service and they have access to all of it. The user nevertheless has the right to "
            "request this data from us too. This is done by sending the request in a personally signed letter to "
            "Onni & hoiva Oy, Mäkelänkatu 37, 00550 Helsinki. Checking the data is free of charge.",
            "Because users can change and correct their data in our personal data register themselves, that is the "
            "recommended way to correct data. The user nevertheless has the right to ask us to make the necessary "
            "correction. This is done by sending the request in a personally signed letter to Onni & hoiva Oy, "
            "Pengerkatu 11 a 1, 00530 Helsinki.",
            "If the user wishes to erase all their data from our register, they must delete their user account from "
            "our service. The user can do this themselves or authorise us to do it on their behalf.",
            "If the user considers that their statutory rights have been infringed, they may lodge a complaint with "
            "a data protection authority in the European Union. In Finland the supervisory authority is the Data "
            "Protection Ombudsman.",
            "Onni & hoiva Oy undertakes, on its own initiative or at the request of the registered person, to "
            "correct, erase or complete data in the register found to be incorrect, unnecessary, incomplete or, for "
            "example, out of date. If a correction is not accepted, the person is given a reasoned notice stating "
            "why the demand was not accepted.",
        ),
        "access_method": "self_service",
        "request_channel": "signed_letter",
        "identity_verified": True,
        "response_target_days": None,
        "additional_information": (
            "Muutokset tietoturvakäytäntöön: Onni & hoiva Oy voi tehdä muutoksia tähän tietoturvakäytäntöön ja siihen "
            "liittyviin tietoihin, jotta voimme toimia lain mukaisesti. Suosittelemme, että käyttäjät käyvät "
            "katsomassa tietoturvakäytäntöä säännöllisesti saadakseen tiedon siihen mahdollisesti tehdyistä "
            "muutoksista. Tietoturvakäytännön yläosassa on aina tieto, milloin se on viimeksi päivitetty."
        ),
        "additional_information_en": (
            "Changes to this policy: Onni & hoiva Oy may make changes to this policy and the related information so "
            "that we can act in accordance with the law. We recommend that users check the policy regularly to learn "
            "of any changes. The top of the policy always shows when it was last updated."
        ),
        "agents_may_listen_own_calls": False,
    },
    "contacts": [
        {
            "kind": "register_contact",
            "name": "Elina Kauppila",
            "title": "Yhteyshenkilö",
            "title_en": "Contact person",
            "organisation": "Onni & hoiva Oy",
        },
        {
            "kind": "requests",
            "organisation": "Onni & hoiva Oy",
            "address": "Mäkelänkatu 37, 00550 Helsinki",
            "note": "Tarkastuspyynnöt henkilökohtaisesti allekirjoitetulla kirjeellä.",
            "note_en": "Requests for access, in a personally signed letter.",
        },
        {
            "kind": "requests",
            "organisation": "Onni & hoiva Oy",
            "address": "Pengerkatu 11 a 1, 00530 Helsinki",
            "note": "Korjauspyynnöt henkilökohtaisesti allekirjoitetulla kirjeellä.",
            "note_en": "Requests for rectification, in a personally signed letter.",
        },
    ],
    "service_lines": [],
    "processors": [
        {
            "name": "Ajas Oy",
            "service": "Ajanvaraus- ja asiakkuudenhoitojärjestelmä (Ajas-ajanvarauspalvelu ja Ajas-kassa- ja "
            "ajanvarausjärjestelmä); pilvipalvelu, johon asiakastiedot ja palvelun käytöstä kertyvät tiedot "
            "tallentuvat.",
            "service_en": "Booking and customer relationship management system (the Ajas booking service and the "
            "Ajas till and booking system); the cloud service where customer data and data from using the service "
            "are stored.",
            "holds_register_data": True,
        },
    ],
}

REGISTERS: list[dict] = [ONNI_HOIVA, PIKKUJATTI, TWO_M_IT, PHM, ONNI_JA_HOIVA]

# Contact fields a seed may leave out; a missing one means "empty".
_CONTACT_DEFAULTS = {
    "name": "",
    "title": "",
    "title_en": "",
    "organisation": "",
    "email": "",
    "phone": "",
    "address": "",
    "note": "",
    "note_en": "",
}
_LINE_DEFAULTS = {"name_en": "", "number": ""}


@dataclass
class SeedStats:
    """What a load did, per model: {"Register": {"created": 1, "updated": 0, "unchanged": 4}, ...}."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def note(self, model: type[models.Model], outcome: str) -> None:
        per_model = self.counts.setdefault(model.__name__, {"created": 0, "updated": 0, "unchanged": 0})
        per_model[outcome] += 1

    def total(self, outcome: str) -> int:
        return sum(c[outcome] for c in self.counts.values())

    @property
    def created(self) -> int:
        return self.total("created")

    @property
    def updated(self) -> int:
        return self.total("updated")

    @property
    def objects_changed(self) -> int:
        return self.created + self.updated

    @property
    def registers_created(self) -> int:
        return self.counts.get("Register", {}).get("created", 0)

    @property
    def controllers_created(self) -> int:
        return self.counts.get("Controller", {}).get("created", 0)

    def summary(self) -> str:
        return "; ".join(
            f"{name}: {c['created']} created, {c['updated']} updated, {c['unchanged']} unchanged"
            for name, c in self.counts.items()
        )


def _field_values(obj: models.Model) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def _upsert(model: type[models.Model], obj: models.Model | None, lookup: dict, values: dict, stats: SeedStats):
    """Create or update one object; `full_clean()` always, save only when a value differs."""
    created = obj is None
    if created:
        obj = model(**lookup)
    before = {} if created else _field_values(obj)
    for name, value in {**lookup, **values}.items():
        setattr(obj, name, value)
    obj.full_clean()
    if created:
        obj.save()
        stats.note(model, "created")
    elif _field_values(obj) != before:
        obj.save()
        stats.note(model, "updated")
    else:
        stats.note(model, "unchanged")
    return obj


def _controller(values: dict, stats: SeedStats) -> Controller:
    values = dict(values)
    business_id = values.get("business_id", "")
    if business_id:
        existing = Controller.objects.filter(business_id=business_id).first()
    else:
        existing = Controller.objects.filter(name=values["name"], business_id="").first()
    return _upsert(Controller, existing, {}, values, stats)


def _load_one(entry: dict, stats: SeedStats) -> Register:
    controller = _controller(entry["controller"], stats)
    values = dict(entry["register"])
    slug = values.pop("slug")
    register = _upsert(
        Register,
        Register.objects.filter(slug=slug).first(),
        {"slug": slug},
        {"controller": controller, **values},
        stats,
    )
    for order, contact in enumerate(entry["contacts"]):
        values = {**_CONTACT_DEFAULTS, **contact}
        lookup = {"controller": controller, "register": register, "order": order}
        existing = Contact.objects.filter(**lookup).order_by("id").first()
        _upsert(Contact, existing, lookup, values, stats)
    for line in entry["service_lines"]:
        values = {**_LINE_DEFAULTS, **line}
        lookup = {"register": register, "name": values.pop("name")}
        _upsert(ServiceLine, ServiceLine.objects.filter(**lookup).first(), lookup, values, stats)
    for order, processor in enumerate(entry["processors"]):
        values = {"order": order, "service_en": "", "holds_register_data": False, **processor}
        lookup = {"register": register, "name": values.pop("name")}
        _upsert(Processor, Processor.objects.filter(**lookup).first(), lookup, values, stats)
    return register


@transaction.atomic
def seed_registers_load() -> SeedStats:
    """Create or update the five seed controllers and registers; a second run changes nothing."""
    stats = SeedStats()
    for entry in REGISTERS:
        _load_one(entry, stats)
    return stats
