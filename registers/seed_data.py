"""The five seed registers, with every fact their privacy notices state.

Finnish text keeps the notices' own wording (typos in running text corrected
only where they would mislead); English is a faithful translation. Where a
notice is flawed (a garbled address, two addresses, a period stated twice)
the choice made is recorded in docs/seed-decisions.md.

`seed_registers_load()` is idempotent: controllers are matched by name,
registers by slug, contacts, lines and processors by their natural keys, so a
second run changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from .models import Contact, Controller, Processor, Register, ServiceLine

MED_GROUP = {
    "name": "Med Group Oy",
    "trade_names": "ONNI hoiva",
    "group_description": 'Med Group Oy ja sen tytäryhtiöt (jäljempänä "Onni hoiva", "Yhtiö" tai "Me").',
    "group_description_en": 'Med Group Oy and its subsidiaries ("Onni hoiva", "the Company" or "we").',
    "business_id": "2080120-0",
    # The notice reads "Jaakonkatu 301620 Vantaa": street number 3 and postal code 01620 run together.
    "street_address": "Jaakonkatu 3",
    "postal_code": "01620",
    "city": "Vantaa",
    "email": "asiakaspalvelu@onnihoiva.fi",
}

PIKKUJATTI = {
    "name": "Pikkujätti lasten ja nuorten lääkäriasema Oy",
    "business_id": "2272762-2",
    "street_address": "Annankatu 34 A",
    "postal_code": "00100",
    "city": "Helsinki",
    "phone": "010 380 8000",
}

TWO_M_IT = {
    "name": "2M-IT Oy",
    # The notice gives no business ID; none is invented (see docs/seed-decisions.md).
    "business_id": "",
    "street_address": "Joukahaisenkatu 9, 5.–7. kerros",
    "postal_code": "20520",
    "city": "Turku",
    "email": "servicedesk@2m-it.fi",
}

PHM = {
    "name": "PHM Group Services Oy",
    "trade_names": "PHM Group, Punavaara Oy",
    "group_description": (
        'PHM Group Services Oy ja sen kanssa samaan konserniin kuuluvat konserniyhtiöt ("PHM Group" tai "Me"), '
        "kuten Punavaara Oy."
    ),
    "group_description_en": (
        'PHM Group Services Oy and the companies of its group ("PHM Group" or "we"), such as Punavaara Oy.'
    ),
    "business_id": "3125932-2",
    "street_address": "Takomotie 1-3",
    "postal_code": "00380",
    "city": "Helsinki",
    "email": "tietosuoja@phmgroup.com",
    "phone": "010 270 8001",
}

ONNI_JA_HOIVA = {
    # The notice writes "Onni & hoiva 0y" with a zero.
    "name": "Onni & hoiva Oy",
    "business_id": "2629593-5",
    "street_address": "Mäkelänkatu 37",
    "postal_code": "00550",
    "city": "Helsinki",
    "email": "info@onnijahoiva.fi",
}

RECORDING_BASE = {
    "legal_basis": "legitimate_interests",
    "discloses_to_authorities": False,
    "transfers_outside_eea": False,
}

REGISTERS: list[dict] = [
    {
        "controller": MED_GROUP,
        "register": {
            **RECORDING_BASE,
            "slug": "onni-hoiva-puhelut",
            "name": "ONNI hoiva puhelintallenteiden rekisteri",
            "name_en": "ONNI hoiva call recording register",
            "introduction": (
                "Med Group Oy ja sen tytäryhtiöt on sitoutunut huolehtimaan sen hallussa olevien henkilötietojen "
                "luottamuksellisuudesta ja tietosuojasta. Tämä tietosuojaseloste soveltuu henkilötietoihin, joita "
                "keräämme ONNI hoiva puhelintallenteiden rekisteriin liittyen.\n"
                "Voimme päivittää tätä tietosuojaselostetta aika ajoin esimerkiksi lainsäädännön muuttuessa. "
                "Pyrimme käyttämään kohtuullisia keinoja ilmoittaaksemme asiakkaille mahdollisista muutoksista ja "
                "niiden vaikutuksista hyvissä ajoin etukäteen."
            ),
            "introduction_en": (
                "Med Group Oy and its subsidiaries are committed to the confidentiality and protection of the "
                "personal data they hold. This notice covers the personal data we collect in the ONNI hoiva call "
                "recording register.\nWe may update this notice from time to time, for example when the law "
                "changes, and aim to tell customers of changes and their effects well in advance."
            ),
            "purpose": "Puheluita tallennetaan asiakastapahtuman varmentamiseksi ja palveluiden laadun kehittämiseksi.",
            "purpose_en": "Calls are recorded to verify customer transactions and to improve the quality of services.",
            "legal_basis_detail": (
                "Rekisterinpitäjän oikeutettu etu: asiakastapahtumien varmentaminen ja palvelun laadun kehittäminen."
            ),
            "legal_basis_detail_en": (
                "The controller's legitimate interest in verifying customer transactions and improving service."
            ),
            "national_law": "Tietosuojalaki (1050/2018)",
            "national_law_en": "Data Protection Act (1050/2018)",
            "data_subject_categories": (
                "ONNI hoivan asiakaspalvelu-, työntekijä- ja päivystyslinjoille soittavat henkilöt sekä puheluiden "
                "vastaanottajat."
            ),
            "data_subject_categories_en": (
                "People calling ONNI hoiva's customer service, employee and on-call lines, and the people they call."
            ),
            "data_content": (
                "Puhelutallennejärjestelmään tallennetaan ONNI hoivan asiakaspalvelu-, työntekijä- ja "
                "päivystyslinjoille soitetut puhelut. Puheluista voivat tallentua seuraavat tunnistetiedot: puhelun "
                "aloitusaika, puhelun kesto, soittajan puhelinnumero tai puhelun vastaanottajan puhelinnumero, "
                "puheluun vastanneen henkilön nimi ja puhelun sisältö."
            ),
            "data_content_en": (
                "The call recording system stores calls made to ONNI hoiva's customer service, employee and on-call "
                "lines. The following may be recorded: start time, duration, the caller's or the called party's "
                "telephone number, the name of the person who answered, and the content of the call."
            ),
            "recorded_metadata": [
                "start_time",
                "duration",
                "caller_number",
                "callee_number",
                "agent_name",
                "content",
            ],
            "data_sources": (
                "ONNI hoivan asiakaspalvelunumeroihin soittavat henkilöt sekä asiakaspalveluasioissa soitettujen "
                "puheluiden vastaanottajat."
            ),
            "data_sources_en": (
                "People who call ONNI hoiva's customer service numbers, and the recipients of calls made on customer "
                "service matters."
            ),
            "recipients": "Puhelutallenteita ei lähetetä eikä luovuteta.",
            "recipients_en": "Call recordings are neither sent nor disclosed to anyone.",
            "processors_description": "Sähköinen tallennus tapahtuu Benemen puhelinjärjestelmän palvelimelle.",
            "processors_description_en": "Recordings are stored electronically on the server of Benemen's telephony "
            "system.",
            "transfers_description": "Tietoa ei siirretä Euroopan unionin tai Euroopan talousalueen ulkopuolelle.",
            "transfers_description_en": "Data is not transferred outside the European Union or the European "
            "Economic Area.",
            "storage_location": (
                "Kaikki puhelinjärjestelmän turvapalvelimella olevat tiedot on tallennettu Suomessa sijaitseville "
                "palvelinlaitteille."
            ),
            "storage_location_en": "All data on the telephony system's secure server is stored on servers in Finland.",
            "security_measures": (
                "Manuaalista aineistoa ei ole. Sähköinen tallennus tapahtuu Benemen puhelinjärjestelmän "
                "palvelimelle. Palvelin, johon puhelintallenteet tallennetaan, sijaitsee tilassa, jossa on käytössä "
                "elektroninen kulunvalvontajärjestelmä."
            ),
            "security_measures_en": (
                "There is no manual material. Recordings are stored electronically on the Benemen telephony system's "
                "server, which is located in premises with electronic access control."
            ),
            "access_description": (
                "Puhelutallennejärjestelmän tietoihin on pääsy asiakaspalvelukeskuksen esimiehillä sekä Med Group "
                "tietohallinnon henkilöstöllä."
            ),
            "access_description_en": (
                "The customer service centre's supervisors and Med Group's IT staff have access to the call "
                "recording system."
            ),
            "listening_description": (
                "Nauhoitteiden kuunteluoikeus on asiakaspalvelukeskuksen esimiehillä sekä asiakaspalveluun "
                "osallistuvalla työntekijällä."
            ),
            "listening_description_en": (
                "The customer service centre's supervisors and the employee who took part in the call may listen "
                "to recordings."
            ),
            "retention_value": 36,
            "retention_unit": "months",
            "retention_trigger": "call_end",
            "retention_description": "Tallenteiden säilytysaika on 36 kk.",
            "retention_description_en": "Recordings are kept for 36 months.",
            "rights_offered": ["access", "rectification", "complaint"],
            "rights_description": (
                "Pääsääntöisesti jokaisella puhelussa esiintyvällä henkilöllä on oikeus saada kuunnella itseään "
                "koskeva tallennettu puhelu, ONNI hoivan osoittamassa tilassa, erikseen sovittavana ajankohtana. "
                "Puhelutallenteita ei lähetetä eikä luovuteta.\n"
                "Henkilön tulee esittää tarkastuspyyntö suoraan rekisterinpitäjälle. Mahdolliset kysymykset tästä "
                "tietosuojaselosteesta voit lähettää osoitteeseen tietosuoja@medgroup.fi.\n"
                "Voimme kieltäytyä pyynnön toteuttamisesta sovellettavassa laissa säädetyllä perusteella. "
                "Asiakkaalla on myös aina oikeus tehdä valitus asianomaiselle valvontaviranomaiselle taikka sen EU:n "
                "jäsenvaltion valvontaviranomaiselle, jossa asuinpaikkasi tai työpaikkasi sijaitsee, mikäli katsot, "
                "että emme ole käsitelleet henkilötietoja soveltuvan tietosuojalainsäädännön mukaisesti."
            ),
            "rights_description_en": (
                "As a rule, everyone who takes part in a call has the right to listen to the recording concerning "
                "them, in premises shown by ONNI hoiva, at a time agreed separately. Recordings are neither sent nor "
                "disclosed.\nA request for access is made directly to the controller. Questions about this notice "
                "can be sent to tietosuoja@medgroup.fi.\nWe may refuse a request on grounds laid down in law. You "
                "always have the right to complain to the supervisory authority, or to the authority of the EU "
                "member state where you live or work, if you consider that we have not processed personal data "
                "lawfully."
            ),
            "access_method": "on_premises",
            "request_channel": "written",
            "agents_may_listen_own_calls": True,
        },
        "contacts": [
            {
                "kind": "register_contact",
                "name": "Anna Korpivaara",
                "title": "Asiakaspalvelukeskuksen esimies",
                "title_en": "Supervisor, customer service centre",
                "email": "anna.korpivaara@medgroup.fi",
            },
            {
                "kind": "dpo",
                "name": "Malin Koho",
                "title": "Med Group Oy:n tietosuojavastaava",
                "title_en": "Data protection officer, Med Group Oy",
                "email": "malin.koho@medgroup.fi",
            },
            {
                "kind": "inquiries",
                "email": "tietosuoja@medgroup.fi",
                "note": "Kysymykset tästä tietosuojaselosteesta.",
                "note_en": "Questions about this notice.",
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
                "service": "Puhelinjärjestelmä ja sen palvelin, jolle tallenteet tallennetaan.",
                "service_en": "Telephony system and the server the recordings are stored on.",
            },
        ],
    },
    {
        "controller": PIKKUJATTI,
        "register": {
            **RECORDING_BASE,
            "slug": "pikkujatti-puhelut",
            "name": "Pikkujätti lasten ja nuorten lääkäriasema Oy:n puhelinpalvelun nauhoitearkiston rekisteri",
            "name_en": "Telephone service recording archive of Pikkujätti lasten ja nuorten lääkäriasema Oy",
            "purpose": (
                "Puhelinpalvelua käytetään Pikkujätti lasten ja nuorten lääkäriaseman asiakaspalvelun yhtenä "
                "palvelukanavana. Puhelinkeskustelu tallentuu asiakaspalvelujärjestelmään.\n"
                "Tallenteita voidaan käyttää puhelimitse tapahtuman asiakaspalvelun laadun ja asiakkaille "
                "annettavien vastausten oikeellisuuden varmistamiseksi sekä toiminnan kehittämiseksi. Tallenteita "
                "voidaan käyttää myös asiakaspalvelun parantamiseen tähtäävässä koulutuksessa ja ohjeistuksen "
                "sisällön suunnittelussa."
            ),
            "purpose_en": (
                "The telephone service is one of the customer service channels of Pikkujätti. The conversation is "
                "recorded in the customer service system.\nRecordings may be used to ensure the quality of telephone "
                "customer service and the correctness of answers given to customers, and to develop operations. "
                "They may also be used in training to improve customer service and in planning instructions."
            ),
            "legal_basis_detail": "Rekisterinpitäjän oikeutettu etu: asiakaspalvelun laadun varmistaminen.",
            "legal_basis_detail_en": "The controller's legitimate interest in ensuring the quality of customer "
            "service.",
            "national_law": "EU:n yleinen tietosuoja-asetus (2016/679)\nTietosuojalaki (1050/2018)",
            "national_law_en": "EU General Data Protection Regulation (2016/679)\nData Protection Act (1050/2018)",
            "data_subject_categories": "Puhelinpalveluun soittavat asiakkaat ja asiakaspalvelijat.",
            "data_subject_categories_en": "Customers calling the telephone service, and customer service staff.",
            "data_content": (
                "Rekisteriin tallentuu asiakkaan kanssa käyty keskustelu. Palvelussa annetaan yleistä neuvontaa "
                "ajanvarauksiin liittyen sekä tehdään ajanvarauksia. Lisäksi rekisteriin tallentuu asiakkaan "
                "puhelinnumero, puhelun ajankohta, palvelunumero sekä asiakaspalvelijan nimi."
            ),
            "data_content_en": (
                "The conversation with the customer is recorded. The service gives general advice on appointments "
                "and books them. The customer's telephone number, the time of the call, the service number and the "
                "customer service agent's name are also recorded."
            ),
            "recorded_metadata": ["start_time", "caller_number", "service_number", "agent_name", "content"],
            "data_sources": "Tallennettavat tiedot saadaan asiakkaalta puhelimitse tapahtuvassa "
            "asiakaspalvelutilanteessa.",
            "data_sources_en": "The data comes from the customer during the telephone customer service call.",
            "recipients": (
                "Tietoja voidaan luovuttaa muihin tarkoituksiin Suomen lain mukaan, kuten rikosepäilytapauksissa "
                "tietoja voidaan luovuttaa poliisiviranomaisen haltuun. Tallenneaika rajataan vain kyseisen "
                "tapahtuman kannalta välttämättömään minimiin."
            ),
            "recipients_en": (
                "Data may be disclosed for other purposes under Finnish law; for example, in suspected crimes it "
                "may be handed to the police. The recording disclosed is limited to the minimum needed for the "
                "event in question."
            ),
            "discloses_to_authorities": True,
            "processors_description": (
                "Pikkujätti lasten ja nuorten lääkäriasema Oy:llä on oikeus käyttää alihankkijoita nauhoitearkiston "
                "hoitamiseen. Tällöin tietoja voidaan siirtää alihankkijoille siinä määrin kuin se on tarpeen "
                "palvelujen toteuttamiseksi. Alihankkija sitoutuu noudattamaan aina voimassaolevan lainsäädännön "
                "vaatimuksia. Teknisestä ylläpidosta vastaa ohjelmien toimittaja."
            ),
            "processors_description_en": (
                "Pikkujätti may use subcontractors to maintain the recording archive; data may then be transferred "
                "to them as far as needed to provide the services, and they undertake always to comply with the law. "
                "The software vendor is responsible for technical maintenance."
            ),
            "transfers_description": "Sähköisten ohjelmien tietoja ei siirretä EU:n tai ETA-alueen ulkopuolelle.",
            "transfers_description_en": "Data in the electronic systems is not transferred outside the EU or the EEA.",
            "security_measures": (
                "Henkilötiedot kerätään tietokantoihin, jotka ovat palomuurein, salasanoin ja muilla teknisillä "
                "keinoilla suojattuja alan yleisten käytäntöjen mukaisesti. Tietokannat ja niiden varmuuskopiot "
                "sijaitsevat lukituissa tiloissa ja tietoihin pääsevät käsiksi vain tietyt ennalta nimetyt "
                "henkilöt.\nPikkujätti lasten ja nuorten lääkäriasema suojaa keräämänsä henkilötiedot siten, "
                "etteivät muut kuin rekisterinpitäjän määrittelemät henkilöt tai tietojen käsittelijät voi käsitellä "
                "niitä ja että tietoja käsitellään vain liittyen työtehtäviin. Kullakin käyttäjällä on oma "
                "käyttäjätunnus ja salasana järjestelmään.\nKaikkia puhelinpalvelun nauhoitearkiston rekisterin "
                "tietoja käyttäviä henkilöitä sitoo vaitiolovelvollisuus."
            ),
            "security_measures_en": (
                "Personal data is kept in databases protected by firewalls, passwords and other technical means "
                "according to good industry practice. The databases and their backups are in locked premises and "
                "only named persons can access the data.\nOnly persons or processors designated by the controller "
                "can process the data, and only for their work. Every user has their own username and password.\n"
                "Everyone who uses the recording archive is bound by confidentiality."
            ),
            "storage_location": "Tietokannat ja niiden varmuuskopiot sijaitsevat lukituissa tiloissa.",
            "storage_location_en": "The databases and their backups are in locked premises.",
            "caller_information": "Asiakasta informoidaan keskustelun tallentamisesta puhelun alussa automaattisella "
            "äänitiedotteella.",
            "caller_information_en": "Customers are told that the call is recorded by an automatic announcement at "
            "the start of the call.",
            "retention_value": 12,
            "retention_unit": "months",
            "retention_trigger": "call_end",
            "retention_description": "Rekisterin tietoja säilytetään 12 kuukautta puhelun päättymisestä.",
            "retention_description_en": "Data is kept for 12 months from the end of the call.",
            "rights_offered": ["access", "erasure", "complaint"],
            "rights_description": (
                "Rekisteröidyn oikeudet määräytyvät EU:n tietosuoja-asetuksen mukaan.\n"
                "Tarkastusoikeus: Rekisteröidyillä on oikeus saada pääsy omiin henkilötietoihinsa. Jokainen henkilö "
                "voi pyytää tietojensa tarkastamista kohdassa 2 mainituilta yhteyshenkilöiltä kirjallisesti. "
                "Rekisteröidyn henkilöllisyys varmennetaan aina ennen toimenpiteisiin ryhtymistä. Tarkastus "
                "pyritään järjestämään ilman viivettä viimeistään noin viikon kuluessa pyynnöstä.\n"
                "Oikeus poistaa tiedot: Rekisteröidyllä on oikeus vaatia poistamaan tiedot, mitä häntä koskien "
                "rekisteriin on tallennettu. Pyyntö tehdään kirjallisesti kohdassa 2 mainitulle yhteyshenkilölle. "
                "Rekisterinpitäjä voi kieltäytyä toteuttamasta poistoa laissa säädetyin perusteluin tai "
                "rekisterinpitäjän velvollisuuksien ja oikeuksien perusteella.\n"
                "Oikeus tehdä valitus valvontaviranomaiselle: jos rekisteröity katsoo, että häntä koskevien "
                "henkilötietojen käsittelyssä rikotaan tietosuoja-asetusta. Valvontaviranomainen on "
                "Tietosuojavaltuutetun toimisto (https://tietosuoja.fi/)."
            ),
            "rights_description_en": (
                "The data subject's rights follow the EU General Data Protection Regulation.\n"
                "Right of access: ask in writing from the contact person named in section 2. Your identity is always "
                "verified first. Access is arranged without delay, at the latest within about a week of the "
                "request.\nRight to erasure: ask in writing from the contact person named in section 2. The "
                "controller may refuse on grounds laid down in law or on the basis of its obligations and rights.\n"
                "Right to complain to the supervisory authority, the Office of the Data Protection Ombudsman "
                "(https://tietosuoja.fi/), if you consider that the processing of your data breaches the GDPR."
            ),
            "access_method": "copy",
            "request_channel": "written",
            "response_target_days": 7,
            "additional_information": (
                "Rekisterihallinto: Pikkujätti lasten ja nuorten lääkäriasema Oy seuraa tietosuojaa koskevan "
                "lainsäädännön sekä viranomaisohjeiden muutoksia sekä kehittää palvelun toimintaa, ja varaa siksi "
                "oikeuden päivittää tätä selostetta."
            ),
            "additional_information_en": (
                "Register management: Pikkujätti follows changes in data protection law and guidance and develops "
                "its service, and therefore reserves the right to update this notice."
            ),
        },
        "contacts": [
            {
                "kind": "register_contact",
                "name": "Päivi Honkanen",
                "title": "Pikkujätti puhelinpalvelu",
                "title_en": "Pikkujätti telephone service",
                # The notice gives the pattern "etunimi.sukunimi@pikkujatti.fi"; resolved for the named person.
                "email": "paivi.honkanen@pikkujatti.fi",
                "phone": "010 380 8000",
                "note": "Tarkastus- ja poistopyynnöt kirjallisesti.",
                "note_en": "Requests for access and erasure, in writing.",
            },
            {
                "kind": "dpo",
                "name": "Marliina Mäkinen",
                "title": "Tietosuojavastaava (sijainen)",
                "title_en": "Data protection officer (deputy)",
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
            {"name": "Ohjelmien toimittaja", "service": "Tekninen ylläpito.", "service_en": "Technical maintenance."},
        ],
    },
    {
        "controller": TWO_M_IT,
        "register": {
            **RECORDING_BASE,
            "slug": "2m-it-tuki",
            "name": "Käyttäjätuen puheluiden nauhoittaminen",
            "name_en": "Recording of user support calls",
            "introduction": "Käyttäjätuen puheluiden nauhoittamisen tietosuojaseloste. EU:n yleinen "
            "tietosuoja-asetus (679/2016), art. 12–22.",
            "introduction_en": "Privacy notice for the recording of user support calls. EU General Data Protection "
            "Regulation (2016/679), articles 12–22.",
            "purpose": (
                "Puhelinpalvelun kontaktihistoriaa ja puhelutallenteita käytetään ensi sijassa asiakaspalvelun "
                "kehittämiseen. Asiakaspalvelun kehittämiseksi tallenteita voidaan käyttää Käyttäjätuen ja "
                "varallaolon henkilöstön sisäisessä koulutuksessa, reklamaatiotapauksissa ja palvelutasojen "
                "tutkimuksissa."
            ),
            "purpose_en": (
                "The telephone service's contact history and recordings are used primarily to develop customer "
                "service: in internal training of user support and on-call staff, in complaint cases and in "
                "service level studies."
            ),
            "legal_basis_detail": "Rekisterinpitäjän oikeutettu etu: asiakaspalvelun kehittäminen.",
            "legal_basis_detail_en": "The controller's legitimate interest in developing customer service.",
            "data_subject_categories": (
                "2M-IT Oy:n työntekijät (Käyttäjätuki ja varallaoloa tekevä henkilökunta), asiakkaiden työntekijät, "
                "yhteistyötahojen edustajat."
            ),
            "data_subject_categories_en": (
                "2M-IT Oy's employees (user support and on-call staff), customers' employees, and representatives "
                "of partners."
            ),
            "data_content": (
                "Puhelut tallentuvat automaattisesti ja tietosisältönä on asiakkaan itsensä ilmoittamat tiedot, "
                "joita ovat esimerkiksi: henkilön yksilöintitiedot, nimi, henkilötunnus, puhelinnumero, "
                "sähköpostiosoite, yksikkötieto/organisaatiotieto; potilastietoa, nimi, henkilötunnus.\n"
                "Henkilötietojen tyyppi: perustiedot."
            ),
            "data_content_en": (
                "Calls are recorded automatically; the content is what the caller tells, for example: identifying "
                "details, name, personal identity code, telephone number, email address, unit or organisation; "
                "patient information, name, personal identity code.\nType of personal data: basic data."
            ),
            "recorded_metadata": ["start_time", "duration", "caller_number", "agent_name", "content"],
            "data_sources": (
                "Tieto, joka tallennetaan, on asiakaspalvelutyöhön liittyvää keskustelua soittajan ja "
                "asiakaspalvelijan kesken. Rekisteriin ei tallenneta säännönmukaisesti tietoja muista "
                "tietolähteistä."
            ),
            "data_sources_en": (
                "What is recorded is the customer service conversation between the caller and the agent. No data "
                "is regularly recorded from other sources."
            ),
            "recipients": "Tallenteet ovat rekisterinpitäjän omaisuutta, eikä niitä luovuteta ulkopuolisille.",
            "recipients_en": "The recordings are the controller's property and are not disclosed to outsiders.",
            "processors_description": "Tallennusjärjestelmän palveluntarjoajalla on salassapitovelvoite.",
            "processors_description_en": "The recording system's provider is bound by confidentiality.",
            "transfers_description": "Tietoja ei siirretä EU:n tai ETA:n ulkopuolelle.",
            "transfers_description_en": "Data is not transferred outside the EU or the EEA.",
            "storage_location": "Kontaktihistoria ja tallenteet säilytetään Elisan käytössä olevalla Suomessa "
            "sijaitsevalla palvelimella.",
            "storage_location_en": "Contact history and recordings are kept on a server used by Elisa, located in "
            "Finland.",
            "security_measures": (
                "Järjestelmien käyttöoikeudet ovat rajattu erikseen nimetyille henkilöille, jotka käsittelevät ja "
                "ratkaisevat tukipyyntöjä tai ylläpitävät toiminnanohjausjärjestelmää. Käyttövaltuudet tarkastetaan "
                "henkilön siirtyessä toisiin tehtäviin. Kaikki työntekijät antavat vaitiolositoumuksen, jossa henkilö "
                "sitoutuu olemaan paljastamatta työssään tietoonsa saamiaan salassa pidettäviä tietoja."
            ),
            "security_measures_en": (
                "Access to the systems is limited to named persons who handle and resolve support requests or "
                "maintain the ERP system. Access rights are reviewed when a person moves to other duties. All "
                "employees sign a confidentiality undertaking."
            ),
            "caller_information": "Puhelut tallennetaan asiakaspalvelumme laadun kehittämiseksi.",
            "caller_information_en": "“Calls are recorded to improve the quality of our customer service.”",
            "automated_decision_making": "Ei liity automaattista päätöksentekoa.",
            "automated_decision_making_en": "There is no automated decision-making.",
            "retention_value": 61,
            "retention_unit": "days",
            "retention_trigger": "call_end",
            "retention_description": (
                "Puhelutallenteita säilytetään 61 vrk. Reklamaatio- ja koulutustarkoituksessa yksittäisiä "
                "nauhoitteita voidaan säilyttää pidempään. Henkilötietoja säilytetään niin kauan kuin "
                "rekisterinpitäjä hyödyntää tietoja käsittelyn tarkoituksiin, ja ne poistetaan, kun niiden "
                "käsittelylle ei ole enää laillista perustetta."
            ),
            "retention_description_en": (
                "Recordings are kept for 61 days. Single recordings may be kept longer for complaints and training. "
                "Personal data is kept as long as the controller uses it for the stated purposes and deleted when "
                "there is no longer a lawful basis."
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
            "rights_description": (
                "Pyyntö on toimitettava kirjallisesti rekisteriasioista vastaavalle henkilölle (yhteyshenkilö "
                "yllä).\nRekisteröidyllä on oikeus kieltää käsittelemästä häntä koskevia tietoja profiloinnissa, "
                "suoramarkkinoinnissa ja mielipide- ja markkinatutkimuksissa.\nTarkastusoikeus: oikeus tarkastaa, "
                "mitä häntä koskevia tietoja 2M-IT:n rekistereihin on talletettu; tarkastusoikeus voidaan evätä "
                "laissa säädetyin perustein.\nOikeus vaatia tiedon oikaisemista, poistamista tai käsittelyn "
                "rajoittamista, esimerkiksi kun rekisteröity odottaa vastausta oikaisua tai poistoa koskevaan "
                "pyyntöön.\nOikeus siirtää tiedot järjestelmästä toiseen siltä osin kuin tietoja käsitellään "
                "suostumuksen tai toimeksiannon nojalla.\nOikeus tehdä valitus toimivaltaiselle "
                "valvontaviranomaiselle.\nJos käsittely perustuu suostumukseen, rekisteröidyllä on oikeus peruuttaa "
                "suostumuksensa."
            ),
            "rights_description_en": (
                "Requests are made in writing to the person responsible for the register (contact above).\n"
                "You may forbid the use of your data for profiling, direct marketing and opinion and market "
                "research.\nRight of access, which may be refused on grounds laid down in law.\nRight to "
                "rectification, erasure or restriction, for example while awaiting an answer to a rectification or "
                "erasure request.\nRight to data portability for data processed on the basis of consent or "
                "contract.\nRight to complain to the competent supervisory authority.\nWhere processing is based "
                "on consent, you may withdraw it."
            ),
            "access_method": "copy",
            "request_channel": "written",
        },
        "contacts": [
            {
                "kind": "dpo",
                "name": "Oona Eskola",
                "title": "Tietosuojavastaava",
                "title_en": "Data protection officer",
                "address": "PL 130, 20521 Turku",
                "email": "servicedesk@2m-it.fi",
                "note": "Myös rekisteröityjen pyynnöt kirjallisesti.",
                "note_en": "Also data subjects' requests, in writing.",
            },
        ],
        "service_lines": [
            {"kind": "user_support", "name": "Käyttäjätuki", "name_en": "User support"},
            {"kind": "on_call", "name": "Varallaolo", "name_en": "On-call"},
        ],
        "processors": [
            {
                "name": "Elisa",
                "service": "Tallennusjärjestelmä ja palvelin Suomessa; salassapitovelvoite.",
                "service_en": "Recording system and server in Finland; bound by confidentiality.",
            },
        ],
    },
    {
        "controller": PHM,
        "register": {
            **RECORDING_BASE,
            "slug": "phm-asiakaspalvelu",
            "name": "Puhelutallenteiden rekisteri",
            "name_en": "Call recording register",
            "notice_updated_on": date(2023, 9, 12),
            "purpose": (
                "Puheluiden tallentamisen tarkoituksena on asiakasrekisterin tietosuojaselosteen mukaisesti "
                "asiakassuhteen hoito, asiakaspalvelun laadun varmistaminen, asiakastapahtumien todentaminen sekä "
                "henkilöstön koulutus."
            ),
            "purpose_en": (
                "Calls are recorded, in line with the customer register's privacy notice, to manage the customer "
                "relationship, ensure the quality of customer service, verify customer transactions and train "
                "staff."
            ),
            "legal_basis_detail": "Tallentaminen perustuu rekisterinpitäjän oikeutettuun etuun.",
            "legal_basis_detail_en": "Recording is based on the controller's legitimate interest.",
            "data_content": (
                "Tallennamme määritettyjen asiakaspalvelunumeroiden saapuvat ja lähtevät puhelut. Puhelutaltioiden "
                "lisäksi tallennetaan puhelun päivämäärä ja kellonaika, puhelun kesto sekä soittajan puhelinnumero. "
                "Tallennetut puhelutiedot eivät taltioidu henkilörekisteriimme."
            ),
            "data_content_en": (
                "We record incoming and outgoing calls of designated customer service numbers. Besides the audio, "
                "the date and time, duration and caller's number are stored. The call data is not stored in our "
                "customer register."
            ),
            "recorded_metadata": ["start_time", "duration", "caller_number", "service_number", "content"],
            "data_sources": "Asiakaspalvelunumeroihin soittavat ja niistä soitettujen puheluiden osapuolet.",
            "data_sources_en": "The parties to calls to and from the customer service numbers.",
            "recipients": (
                "Voimme luovuttaa henkilötietoja PHM konserniin kuuluville yrityksille tämän tietosuojaselosteen "
                "mukaisten tarkoitusten toteuttamiseksi. Emme säännönmukaisesti luovuta henkilötietoja konsernin "
                "ulkopuolisille tahoille. PHM konserni voi kuitenkin olla velvollinen luovuttamaan henkilötietoja "
                "lakisääteisen velvollisuuden tai viranomaisen vaatimuksen perusteella, esim. rikosten "
                "selvittämiseksi."
            ),
            "recipients_en": (
                "We may disclose personal data to PHM group companies for the purposes of this notice. We do not "
                "regularly disclose data outside the group, but may be obliged to by law or an authority's demand, "
                "for example to investigate crimes."
            ),
            "discloses_to_authorities": True,
            "processors_description": (
                "Käytämme puheluiden tallentamiseen ulkopuolista palveluntarjoajaa. Solmimme kaikkien käsittelijän "
                "roolissa toimivien palveluntarjoajien kanssa sopimuksen henkilötietojen käsittelystä ja "
                "edellytämme yhteistyökumppaneidemme käsittelevän henkilötietoja vain siinä määrin kuin se on "
                "tarpeen ko. palvelun tuottamiseksi."
            ),
            "processors_description_en": (
                "We use an external service provider to record calls. We sign a data processing agreement with "
                "every processor and require them to process personal data only as far as needed for the service."
            ),
            "transfers_description": "Emme siirrä henkilötietoja EU:n tai ETA:n ulkopuolelle.",
            "transfers_description_en": "We do not transfer personal data outside the EU or the EEA.",
            "security_measures": (
                "PHM konsernilla on käytössään asianmukaiset tekniset ja organisatoriset tietoturvatyökalut "
                "henkilötietojen suojaamiseksi. Tallenteisiin pääsy on rajattu vain henkilöille, joilla on "
                "työtehtäviensä vuoksi oikeus käsitellä tallenteita."
            ),
            "security_measures_en": (
                "PHM group uses appropriate technical and organisational security measures. Access to recordings is "
                "limited to people whose duties require it."
            ),
            "access_description": "Tallenteisiin pääsy on rajattu vain henkilöille, joilla on työtehtäviensä vuoksi "
            "oikeus käsitellä tallenteita.",
            "access_description_en": "Only people whose duties require it have access to the recordings.",
            "retention_value": 6,
            "retention_unit": "months",
            "retention_trigger": "call_end",
            "retention_description": (
                "Tallennetut puhelut poistetaan automaattisesti 6 kuukauden jälkeen. Tallenteita voidaan säilyttää "
                "pitempään, jos se on tarpeen erityisestä syystä, esimerkiksi rikosepäilyjen ja niitä koskevan "
                "viranomaistutkinnan vuoksi."
            ),
            "retention_description_en": (
                "Recorded calls are deleted automatically after 6 months. They may be kept longer for a special "
                "reason, for example a suspected crime and its investigation by the authorities."
            ),
            "rights_offered": ["access", "rectification", "erasure", "objection", "restriction", "complaint"],
            "rights_description": (
                "Rekisteröityjen oikeuksia koskevat pyynnöt tulee toimittaa yhteystiedoissa mainittuun osoitteeseen.\n"
                "Oikeus saada pääsy tietoihin ja oikeus vaatia tiedon oikaisua ja tietojen poistoa: sinulla on "
                "oikeus tietää, käsitelläänkö tietojasi, tarkastaa itseäsi koskevat tiedot sekä vaatia virheellisen "
                "tiedon oikaisua ja tietojen poistamista.\nVastustamisoikeus ja oikeus käsittelyn rajoittamiseen.\n"
                "Oikeus tehdä kantelu valvontaviranomaiselle, erityisesti siinä EU-jäsenvaltiossa, jossa vakinainen "
                "asuinpaikkasi tai työpaikkasi on taikka jossa väitetty rikkomus on tapahtunut."
            ),
            "rights_description_en": (
                "Requests are sent to the address in the contact details.\nRight of access, rectification and "
                "erasure: you may know whether your data is processed, see it, and demand that wrong data be "
                "corrected or data erased.\nRight to object and to restriction.\nRight to complain to a supervisory "
                "authority, in particular in the EU member state of your habitual residence or workplace or where "
                "the alleged breach took place."
            ),
            "access_method": "copy",
            "request_channel": "written",
        },
        "contacts": [
            {
                "kind": "requests",
                "organisation": "Punavaara Oy c/o PHM Group Services Oy",
                "address": "Takomotie 1-3, 00380 Helsinki",
                "phone": "010 270 8001",
                "email": "tietosuoja@phmgroup.com",
                "note": "Rekisteröityjen oikeuksia koskevat pyynnöt.",
                "note_en": "Data subjects' requests.",
            },
        ],
        "service_lines": [
            {"kind": "customer_service", "name": "Asiakaspalvelunumerot", "name_en": "Customer service numbers"},
        ],
        "processors": [
            {
                "name": "Puheluiden tallennuksen palveluntarjoaja",
                "service": "Puheluiden tallentaminen (henkilötietojen käsittelysopimus).",
                "service_en": "Call recording (data processing agreement).",
            },
        ],
    },
    {
        "controller": ONNI_JA_HOIVA,
        "register": {
            "slug": "onni-ja-hoiva-asiakkaat",
            "name": "Onni & hoivan asiakasrekisteri",
            "name_en": "Onni & hoiva customer register",
            "notice_updated_on": date(2018, 5, 24),
            "introduction": (
                "Yksityisyyden suojasi on meille tärkeä. Kun käytät ja varaat palvelujamme, luovutat tietoja "
                "käyttöömme. Tämän tietosuojakäytännön tarkoituksena on auttaa sinua ymmärtämään, mitä tietoja "
                "keräämme sinusta ja miksi, sekä miten niitä käytetään palveluissamme."
            ),
            "introduction_en": (
                "Your privacy matters to us. When you use and book our services you give us data. This notice "
                "explains what we collect about you and why, and how it is used in our services."
            ),
            "purpose": (
                "Asiakasrekisteriin kerätään Onni & hoiva Oy:n asiakkaiden henkilötietoja, jotta palvelut "
                "voitaisiin tarjota asianmukaisesti ja lainmukaisesti. Asiakkaiden henkilötietoja käytetään etenkin "
                "asiakkuuden hoitoon ja yhteydenpitoon."
            ),
            "purpose_en": (
                "The customer register holds Onni & hoiva Oy's customers' personal data so that services can be "
                "provided properly and lawfully, in particular to manage the customer relationship and contact "
                "customers."
            ),
            "legal_basis": "contract",
            "legal_basis_detail": (
                "Asiakassuhde. Kunnioitamme yksityisyyden suojaa emmekä käsittele henkilötietoja ilman "
                "tietosuojalainsäädännön mukaista oikeusperustetta. Käyttämällä ajanvarauspalvelua käyttäjä "
                "hyväksyy tämän tietosuojakäytännön."
            ),
            "legal_basis_detail_en": (
                "The customer relationship. We do not process personal data without a lawful basis. By using the "
                "booking service the user accepts this notice."
            ),
            "data_subject_categories": "Onni & hoiva Oy:n asiakkaat.",
            "data_subject_categories_en": "Onni & hoiva Oy's customers.",
            "data_content": (
                "Henkilötiedot: nimi, osoitetiedot, sähköposti, puhelinnumero, asiakkaan tilaamat ja käyttämät "
                "palvelut/tuotteet ja toiveet.\nLisäksi: osoite, asiakkaan yleistiedot koskien tarjottavia "
                "palveluita, kenen ammatinharjoittajan palveluja asiakas on käyttänyt, asiakkaalle myönnetyt "
                "alennukset, lisätietoja asiakassuhteen aikana syntyneiden tietojen hyödyntämiseksi asiakkaan "
                "hyväksi.\nAjanvarauksen ajankohta ja tekotapa."
            ),
            "data_content_en": (
                "Personal data: name, address, email, telephone number, services and products ordered and used, and "
                "wishes.\nAlso: address, general data on the services offered, which practitioner the customer has "
                "seen, discounts granted, further notes used for the customer's benefit.\nThe time and way an "
                "appointment was booked."
            ),
            "recorded_metadata": [],
            "data_sources": "Henkilötiedot saadaan henkilöltä itseltään ajanvarauksen yhteydessä.",
            "data_sources_en": "The data comes from the person themselves when booking an appointment.",
            "recipients": (
                "Emme myy, vaihda tai muutoin siirrä henkilötietoja ulkopuolisille osapuolille. Tämä ei sisällä "
                "luotettuja kolmansia osapuolia, jotka auttavat meitä palveluidemme suorittamisessa ja joiden on "
                "pidettävä tiedot luottamuksellisina: Ajas-ajanvarauspalvelu ja Ajas-kassa- ja "
                "ajanvarausjärjestelmä.\nTietojen jakaminen voi olla tarpeen laittoman toiminnan, petosepäilyjen, "
                "henkilön fyysistä turvallisuutta uhkaavien tilanteiden ja käyttöehtojen rikkomisen selvittämiseksi "
                "sekä muissa lain vaatimissa tilanteissa."
            ),
            "recipients_en": (
                "We do not sell, trade or otherwise transfer personal data to outside parties, apart from trusted "
                "third parties who help provide our services and must keep the data confidential: the Ajas online "
                "booking service and the Ajas till and booking system.\nData may be shared to investigate or "
                "prevent illegal activity, suspected fraud, threats to anyone's physical safety or breaches of our "
                "terms, and where the law requires."
            ),
            "discloses_to_authorities": True,
            "processors_description": (
                "Onni & hoiva Oy käyttää henkilötietojen käsittelyyn ja ylläpitämiseen Ajas Oy:n palvelua, joka on "
                "Ajas Oy:n tuottama ajanvaraus- ja asiakkuudenhoitojärjestelmä. Palvelun käytöstä kertyvät tiedot "
                "tallennetaan Ajas Oy:n pilvipalveluun."
            ),
            "processors_description_en": (
                "Onni & hoiva Oy uses Ajas Oy's booking and customer management system to process and maintain the "
                "data. Data from using the service is stored in Ajas Oy's cloud service."
            ),
            "transfers_outside_eea": False,
            "storage_location": "Ajas Oy:n pilvipalvelu.",
            "storage_location_en": "Ajas Oy's cloud service.",
            "security_measures": (
                "Onni & hoiva Oy on järjestänyt rekisterin tietoturvan yleisesti hyväksyttävällä tavalla sekä pyrkii "
                "asianmukaisin teknisin ratkaisuin estämään asiattomien pääsyn niin tietotekniikan avulla "
                "ylläpidettäviin tietojärjestelmiinsä kuin manuaalisesti ylläpidettäviin ja säilytettäviin "
                "aineistoihinsa."
            ),
            "security_measures_en": (
                "Onni & hoiva Oy secures the register in a generally accepted way and uses appropriate technical "
                "means to prevent unauthorised access to its IT systems and its manual records."
            ),
            "access_description": (
                "Lähtökohtaisesti ainoastaan Onni & hoiva Oy:n ammatinharjoittajilla sekä sen puitteissa toimivilla "
                "yrittäjillä on pääsy rekisterin tietoihin. Pääsy rekisteriin on ainoastaan niillä, joilla on "
                "työtehtäviensä puolesta siihen oikeus ja jotka tarvitsevat tietoja tehtävässään."
            ),
            "access_description_en": (
                "As a rule only Onni & hoiva Oy's practitioners and the entrepreneurs working within it can access "
                "the register, and only those whose duties require it."
            ),
            "retention_value": None,
            "retention_unit": "months",
            "retention_trigger": "event",
            "retention_event": "asiakas poistaa käyttäjätilinsä tai pyytää poistamaan sen",
            "retention_event_en": "the customer deletes their account or asks us to delete it",
            "retention_description": (
                "Henkilötiedot säilytetään luottamuksellisina niin kauan kuin käyttäjä on rekisteröityneenä "
                "palveluumme. Kun käyttäjä poistaa käyttäjätilinsä tai pyytää meitä tekemään niin, poistuu kaikki "
                "henkilötietoa sisältävä tieto palvelustamme. Ajas Oy on näiden tietojen rekisterinpitäjä."
            ),
            "retention_description_en": (
                "Personal data is kept confidential for as long as the user is registered with our service. When "
                "the user deletes their account, or asks us to, all personal data is removed from the service. Ajas "
                "Oy is stated as the controller of these data."
            ),
            "rights_offered": ["access", "rectification", "erasure", "direct_marketing", "complaint"],
            "rights_description": (
                "Käyttäjillä on oikeus kieltää käsittelemästä sähköpostiosoitettaan markkinoinnissa ilmoittamalla "
                "haluavansa poistaa luvan markkinointiin.\nKäyttäjä näkee palvelun kautta kaikki hänestä "
                "tallennetut henkilötiedot ja voi tehdä itse tarpeelliset korjaukset. Käyttäjällä on oikeus pyytää "
                "tietoa myös meiltä henkilökohtaisesti allekirjoitetulla kirjeellä osoitteeseen Onni & hoiva Oy, "
                "Mäkelänkatu 37, 00550 Helsinki. Tietojen tarkastaminen on maksutonta.\nKorjauspyyntö "
                "henkilökohtaisesti allekirjoitetulla kirjeellä osoitteeseen Onni & hoiva Oy, Pengerkatu 11 a 1, "
                "00530 Helsinki.\nJos käyttäjä haluaa poistaa kaikki tietonsa, hänen tulee poistaa käyttäjätilinsä "
                "itse tai valtuuttaa meidät tekemään se.\nJos käyttäjä katsoo, että hänen oikeuksiaan on rikottu, "
                "hän voi tehdä valituksen tietosuojaviranomaiselle; Suomessa valvovana viranomaisena toimii "
                "tietosuojavaltuutettu.\nMikäli tiedon korjaamista ei hyväksytä, annetaan perusteltu ilmoitus."
            ),
            "rights_description_en": (
                "You may forbid the use of your email address for marketing by telling us you withdraw "
                "permission.\nYou can see all your stored data in the service and correct it yourself. You may "
                "also ask us, by a personally signed letter to Onni & hoiva Oy, Mäkelänkatu 37, 00550 Helsinki. "
                "Access is free of charge.\nRequests for rectification by a personally signed letter to Onni & hoiva "
                "Oy, Pengerkatu 11 a 1, 00530 Helsinki.\nTo erase all your data, delete your account or authorise us "
                "to do it.\nIf you consider your rights breached you may complain to a data protection authority; "
                "in Finland, the Data Protection Ombudsman.\nIf a rectification is refused, you get a reasoned "
                "notice."
            ),
            "access_method": "self_service",
            "request_channel": "signed_letter",
            "additional_information": (
                "Onni & hoiva Oy voi tehdä muutoksia tähän tietoturvakäytäntöön. Se sitoutuu oma-aloitteisesti tai "
                "rekisteröidyn vaatimuksesta oikaisemaan, poistamaan tai täydentämään virheelliset, tarpeettomat, "
                "puutteelliset tai vanhentuneet tiedot. Tietoturvakäytännön yläosassa on aina tieto, milloin se on "
                "viimeksi päivitetty."
            ),
            "additional_information_en": (
                "Onni & hoiva Oy may change this notice. It undertakes, on its own initiative or at the data "
                "subject's request, to correct, erase or complete data found wrong, unnecessary, incomplete or "
                "outdated. The top of the notice always says when it was last updated."
            ),
        },
        "contacts": [
            {"kind": "register_contact", "name": "Elina Kauppila", "email": "info@onnijahoiva.fi"},
            {
                "kind": "requests",
                "organisation": "Onni & hoiva Oy",
                "address": "Mäkelänkatu 37, 00550 Helsinki",
                "note": "Tarkastuspyynnöt henkilökohtaisesti allekirjoitetulla kirjeellä.",
                "note_en": "Requests for access, by a personally signed letter.",
            },
            {
                "kind": "requests",
                "organisation": "Onni & hoiva Oy",
                "address": "Pengerkatu 11 a 1, 00530 Helsinki",
                "note": "Korjauspyynnöt henkilökohtaisesti allekirjoitetulla kirjeellä.",
                "note_en": "Requests for rectification, by a personally signed letter.",
            },
        ],
        "service_lines": [],
        "processors": [
            {
                "name": "Ajas Oy",
                "holds_register_data": True,
                "service": "Ajanvaraus- ja asiakkuudenhoitojärjestelmä (Ajas-ajanvarauspalvelu ja Ajas-kassa); "
                "pilvipalvelu, johon asiakastiedot tallentuvat.",
                "service_en": "Booking and customer management system (Ajas online booking and Ajas till); the "
                "cloud service where customer data is stored.",
            },
        ],
    },
]


@dataclass
class SeedStats:
    controllers_created: int = 0
    registers_created: int = 0
    objects_changed: int = 0


def _upsert(model, lookup: dict, values: dict, stats: SeedStats):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        stats.objects_changed += 1
        return obj, True
    changed = False
    for field, value in values.items():
        if getattr(obj, field) != value:
            setattr(obj, field, value)
            changed = True
    if changed:
        obj.full_clean()
        obj.save()
        stats.objects_changed += 1
    return obj, False


@transaction.atomic
def seed_registers_load() -> SeedStats:
    """Create or update the five seed controllers and registers; a second run changes nothing."""
    stats = SeedStats()
    for entry in REGISTERS:
        controller_values = dict(entry["controller"])
        name = controller_values.pop("name")
        controller, created = _upsert(Controller, {"name": name}, controller_values, stats)
        stats.controllers_created += created
        register_values = dict(entry["register"])
        slug = register_values.pop("slug")
        register, created = _upsert(Register, {"slug": slug}, {"controller": controller, **register_values}, stats)
        stats.registers_created += created
        for order, contact in enumerate(entry["contacts"]):
            values = dict(contact)
            key = {"controller": controller, "register": register, "kind": values.pop("kind"), "order": order}
            _upsert(Contact, key, values, stats)
        for line in entry["service_lines"]:
            values = dict(line)
            _upsert(ServiceLine, {"register": register, "name": values.pop("name")}, values, stats)
        for order, processor in enumerate(entry["processors"]):
            values = dict(processor)
            _upsert(Processor, {"register": register, "name": values.pop("name")}, {"order": order, **values}, stats)
    return stats
