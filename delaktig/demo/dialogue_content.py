"""The demo's dialogues: texts modelled on Skara (employees on collaboration and influence,
before the budget) and Vansbro ("Utmaningen": residents' trust in the municipality), and an
evaluation survey for the Säter round.

A question is (kind, text, extra): extra holds options/statements, scale ends, and a
condition ("show_if": (index of an earlier question, [option texts])).
"""

AGREE = ("Instämmer inte alls", "Instämmer helt")

SKARA = {
    "name": "Medarbetardialog: samverkan och inflytande",
    "summary": (
        "Kommunstyrelsen vill veta hur samverkan och inflytande fungerar på din arbetsplats, "
        "inför budget 2027."
    ),
    "rules_text": (
        "Alla som arbetar i kommunen får svara. Du svarar anonymt: ingen kan se vad just du "
        "har svarat, och grupper med färre än fem svar visas aldrig.\n\n"
        "Central samverkan sammanställer svaren i en dialograpport till kommunstyrelsen."
    ),
    "decision_body": "Kommunstyrelsen",
    "decision_subject": "Budget 2027",
    "decision_when": "november 2026",
    "units": [
        ("Barn och utbildning", 185),
        ("Vård och omsorg", 155),
        ("Samhällsbyggnadssektorn", 110),
        ("Kommundirektörens stab", 3),  # small on purpose: the K rule hides it
    ],
    "survey": {
        "slug": "samverkan-och-inflytande",
        "title": "Samverkan och inflytande 2026",
        "intro": (
            "Enkäten tar ungefär tio minuter. Du svarar anonymt. Svaren blir underlag för "
            "dialograpporten till kommunstyrelsen inför budget 2027."
        ),
        "sections": [
            (
                "Samverkan på din arbetsplats",
                [
                    (
                        "matrix",
                        "Hur väl stämmer påståendena in på din arbetsplats?",
                        {
                            "statements": [
                                "Jag får information i tid om förändringar som berör mig",
                                "Jag kan påverka beslut som rör mitt arbete",
                                "Arbetsplatsträffarna (APT) fungerar bra",
                                "Jag vet vad samverkansgruppen gör",
                                "Mina synpunkter tas till vara",
                            ],
                            "scale": (1, 5, *AGREE),
                            "dont_know": True,
                            "required": True,
                        },
                    ),
                    (
                        "scale",
                        "Hur stort inflytande har du över hur ditt arbete ska utföras?",
                        {"scale": (1, 5, "Mycket litet", "Mycket stort"), "dont_know": True},
                    ),
                ],
            ),
            (
                "Dina synpunkter",
                [
                    (
                        "single",
                        "Har du tagit upp en synpunkt om arbetet med din chef det senaste året?",
                        {"options": ["Ja", "Nej"], "required": True},
                    ),
                    (
                        "scale",
                        "Hur togs din synpunkt emot?",
                        {
                            "scale": (1, 5, "Mycket dåligt", "Mycket bra"),
                            "show_if": (2, ["Ja"]),
                        },
                    ),
                    (
                        "multiple",
                        "Var tar du helst upp synpunkter?",
                        {
                            "options": [
                                "På arbetsplatsträffen",
                                "I medarbetarsamtalet",
                                "Direkt med min chef",
                                "Genom facket eller skyddsombudet",
                            ],
                            "other": True,
                            "max": 2,
                        },
                    ),
                    (
                        "ranking",
                        "Vad är viktigast att förbättra?",
                        {
                            "options": [
                                "Information i tid",
                                "Tid för samverkan",
                                "Chefens närvaro",
                                "Uppföljning av synpunkter",
                            ]
                        },
                    ),
                    ("long_text", "Vad skulle göra samverkan bättre på din arbetsplats?", {}),
                ],
            ),
        ],
        "responses": 400,
    },
    "themes": {
        "Information": "för sent",
        "Tid för samverkan": "tid",
        "Chefens roll": "chef",
        "Arbetsplatsträffar": "apt",
    },
    "free_text": [
        "Vi får ofta veta om förändringar för sent, när allt redan är bestämt.",
        "Mer tid på APT till frågor som vi själva tar upp, inte bara information uppifrån.",
        "Chefen behöver vara mer på plats. Det är svårt att ta upp saker via mejl.",
        "Samverkansgruppen känns långt borta. Jag vet inte vem som sitter där.",
        "Det vore bra med en återkoppling när man har lämnat en synpunkt.",
        "Schemat gör att vi i kvällsgruppen aldrig kan vara med på APT.",
        "Protokollen från samverkan borde ligga där alla hittar dem.",
        "Ge oss tid att förbereda oss innan mötena, skicka underlaget tidigare.",
        "Det fungerar bra hos oss, chefen lyssnar och vi pratar mycket.",
        "Fler korta avstämningar i stället för ett långt möte i månaden.",
        "Skyddsombudet behöver tid avsatt för sitt uppdrag.",
        "Jag skulle vilja kunna lämna synpunkter anonymt.",
    ],
    "quotes": [0, 1, 2, 4, 5],
    "report": {
        "title": "Samverkan och inflytande 2026: det här sa medarbetarna",
        "intro": (
            "# Om dialogen\n\n"
            "Under hösten svarade medarbetare i fyra förvaltningar på frågor om samverkan och "
            "inflytande. Central samverkan har läst alla svar. Rapporten går till "
            "kommunstyrelsen som underlag inför budget 2027.\n\n"
            "Grupper med färre än fem svar redovisas inte, så att ingen kan pekas ut."
        ),
        "themes": {
            "Information": "Många får veta om förändringar **för sent**, när besluten redan "
            "är fattade.",
            "Tid för samverkan": "Arbetsplatsträffarna räcker inte till. Kvällspersonalen når "
            "dem sällan.",
            "Chefens roll": "Där chefen är nära fungerar samverkan bäst.",
            "Arbetsplatsträffar": "APT ses som den viktigaste platsen för att lämna synpunkter.",
        },
        "next_steps": (
            "- Kommunstyrelsen behandlar rapporten i november 2026.\n"
            "- Central samverkan tar fram en plan för information i tid före februari 2027.\n"
            '- Vi återkommer med vad som beslutades under rubriken "Ni sa – vi gjorde".'
        ),
    },
    "feedback": {
        "decided": (
            "Kommunstyrelsen beslutade den 18 november 2026 att avsätta tid för "
            "arbetsplatsträffar även för kvälls- och helgpersonal från 2027."
        ),
        "used": (
            "Svaren om information i tid och om arbetsplatsträffar låg till grund för beslutet."
        ),
        "not_done": (
            "Ett förslag om anonyma synpunkter i ett digitalt verktyg ryms inte i budget 2027. "
            "Det prövas igen inför 2028."
        ),
    },
}

VANSBRO = {
    "name": "Utmaningen: förtroende i Vansbro",
    "summary": (
        "Hur ser du på kommunens öppenhet, framförhållning och förmåga att genomföra det som "
        "beslutas? Svaren ligger till grund för kommunens arbete med medborgardialog."
    ),
    "rules_text": (
        "Alla får svara, utan att logga in. Det betyder att en person skulle kunna svara flera "
        "gånger; vi redovisar därför hur många som svarat digitalt och hur många vi har "
        "intervjuat.\n\nVi intervjuar också besökare vid badplatsen under Vansbrosimningen och "
        "för in deras svar."
    ),
    "decision_body": "Kommunfullmäktige",
    "decision_subject": "Arbetsbok för medborgardialog",
    "decision_when": "mars 2027",
    "survey": {
        "slug": "fortroende",
        "title": "Vad tycker du om kommunen?",
        "intro": "Enkäten har fyra frågor och tar några minuter.",
        "sections": [
            (
                "Förtroende",
                [
                    (
                        "matrix",
                        "Hur väl stämmer det här in på Vansbro kommun?",
                        {
                            "statements": [
                                "Kommunen är öppen med hur beslut fattas",
                                "Kommunen genomför det som har beslutats",
                                "Kommunen planerar i god tid",
                                "Kommunens information är tydlig",
                            ],
                            "scale": (1, 5, *AGREE),
                            "dont_know": True,
                            "required": True,
                        },
                    ),
                    (
                        "single",
                        "Hur ofta tar du del av kommunens information?",
                        {"options": ["Varje vecka", "Varje månad", "Sällan", "Aldrig"]},
                    ),
                    (
                        "multiple",
                        "Hur vill du helst lämna synpunkter till kommunen?",
                        {
                            "options": [
                                "Digitalt, på webben",
                                "På ett möte",
                                "På en kommundelsträff",
                                "Per telefon",
                            ],
                            "other": True,
                        },
                    ),
                    ("long_text", "Vad skulle öka ditt förtroende för kommunen?", {}),
                ],
            ),
        ],
        "responses": 120,
        "interviews": 40,
    },
    "free_text": [
        "Berätta vad som hände med förslagen från kommundelsträffen.",
        "Svara när man hör av sig. Det tar för lång tid nu.",
        "Fler möten ute i byarna, inte bara i Vansbro.",
        "Visa budgeten på ett sätt som vanligt folk förstår.",
        "Genomför det som har beslutats innan nya projekt startar.",
        "Bättre information om vägarbeten och avstängningar.",
    ],
}

SATER_EVALUATION = {
    "slug": "utvardering",
    "title": "Vad tyckte du om medarbetarbudgeten?",
    "intro": "Hjälp oss att göra nästa medarbetarbudget bättre. Tre frågor, en minut.",
    "sections": [
        (
            "Utvärdering",
            [
                (
                    "scale",
                    "Hur nöjd är du med medarbetarbudgeten som helhet?",
                    {"scale": (1, 5, "Inte alls nöjd", "Mycket nöjd"), "required": True},
                ),
                (
                    "single",
                    "Vill du vara med nästa år också?",
                    {"options": ["Ja", "Nej", "Vet inte"]},
                ),
                ("long_text", "Vad kan bli bättre nästa gång?", {}),
            ],
        )
    ],
}
