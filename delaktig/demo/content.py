"""The demo's texts: realistic Swedish rounds modelled on Säter, Nässjö and Torsby."""

FIRST_NAMES = [
    "Anna",
    "Erik",
    "Maria",
    "Lars",
    "Karin",
    "Anders",
    "Eva",
    "Johan",
    "Sara",
    "Per",
    "Lena",
    "Mikael",
    "Emma",
    "Fredrik",
    "Ida",
    "Jonas",
    "Elin",
    "Magnus",
    "Linnea",
    "Oskar",
    "Hanna",
    "Nils",
    "Maja",
    "Gustav",
    "Frida",
    "Ali",
    "Amina",
    "Mohammed",
    "Leila",
    "Daniel",
]
LAST_NAMES = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Lindberg",
    "Lindqvist",
    "Berg",
    "Holm",
    "Ek",
    "Lund",
    "Sandberg",
    "Hassan",
]

SATER = {
    "name": "Medarbetarbudget 2021 – du vet bäst",
    "summary": (
        "Medarbetarna på Samhällsbyggnadssektorn bestämmer över 50 000 kronor till något "
        "som gör arbetsmiljön bättre."
    ),
    "rules_text": (
        "Alla som arbetar på Samhällsbyggnadssektorn får lämna förslag och rösta.\n\n"
        "Ett förslag får kosta högst 30 000 kronor.\n\n"
        "När du röstar väljer du minst två förslag. Tillsammans får de kosta högst "
        "50 000 kronor.\n\n"
        "Du kan ändra din röst ända tills omröstningen stänger. Förslagen med flest röster "
        "blir av, så långt pengarna räcker."
    ),
    "budget": 50_000,
    "proposals": [
        (
            "Höj- och sänkbara skrivbord i kontorslandskapet",
            "Fyra skrivbord som går att höja så att vi kan stå och arbeta en stund varje dag. "
            "Det är bra för ryggen och orken.",
            28_000,
        ),
        (
            "Ljudabsorbenter i mötesrummet Dalälven",
            "Det ekar så mycket i mötesrummet att det är svårt att höra på digitala möten. "
            "Absorbenter i tak och på väggar löser det.",
            18_000,
        ),
        (
            "Friskvårdsdag med vandring i Ljusterdalen",
            "En gemensam dag med vandring, lunch och tid att prata med kollegor från andra "
            "enheter.",
            15_000,
        ),
        (
            "Regnkläder och varselkläder till fältpersonalen",
            "Bra regnkläder och varselkläder i rätt storlekar till oss som arbetar ute.",
            25_000,
        ),
        (
            "Växter och bättre belysning i receptionen",
            "Gröna växter och varmare ljus gör receptionen trivsammare för både oss och besökarna.",
            9_000,
        ),
        (
            "Kurs i klarspråk för hela sektorn",
            "En halvdag där vi lär oss skriva beslut och brev som invånarna förstår.",
            20_000,
        ),
        (
            "Ny kaffemaskin i fikarummet",
            "Kaffemaskinen går sönder varje vecka. En ny maskin som klarar många koppar.",
            12_000,
        ),
        (
            "Utegym och sittplatser vid förrådet på Skönvik",
            "Ett litet utegym och bänkar där vi kan träna och äta lunch ute.",
            45_000,
        ),
    ],
    "not_feasible": {
        "Utegym och sittplatser vid förrådet på Skönvik": (
            "Förslaget kostar 45 000 kronor. Ett förslag får kosta högst 30 000 kronor, så "
            "det kan inte vara med i omröstningen. Du får gärna lämna en mindre variant nästa "
            "gång, till exempel bara sittplatserna."
        ),
    },
}

NASSJO_AREAS = [
    "Nässjö centrum",
    "Bodafors",
    "Forserum",
    "Malmbäck",
    "Anneberg",
    "Fredriksdal",
    "Ormaryd",
    "Solberga",
]
NASSJO = {
    "name": "Medborgarbudget Nässjö 2025",
    "summary": (
        "Invånarna i Nässjö kommuns åtta områden lämnade förslag och röstade fram vad "
        "100 000 kronor per område ska användas till."
    ),
    "rules_text": (
        "Du som bor i kommunen röstar i ditt eget område. Du kan välja upp till tre förslag.\n\n"
        "Rösterna räknas med metoden lika andelar (Method of Equal Shares): varje väljare får "
        "lika stor del av områdets pengar, och ett förslag blir av när de som röstat på det "
        "tillsammans har råd med det. Det gör att pengarna sprids rättvist mellan olika grupper "
        "av väljare."
    ),
    "area_budget": 100_000,
    "templates": [
        (
            "Belysning längs gångvägen vid {place}",
            "Gångvägen är mörk på kvällarna. Fler lampor gör att fler vågar gå där.",
            45_000,
        ),
        (
            "Ny lekplats i parken i {place}",
            "Lekplatsen är gammal. Nya gungor och en klätterställning för de minsta.",
            70_000,
        ),
        (
            "Bänkar och bord vid badplatsen i {place}",
            "Fler sittplatser så att familjer och äldre kan stanna en stund.",
            20_000,
        ),
        (
            "Blomsterängar och fågelholkar i {place}",
            "Vi vill så blommor för bin och fjärilar och sätta upp holkar.",
            15_000,
        ),
        ("Hundrastgård i {place}", "En inhägnad plats där hundar kan springa lösa.", 35_000),
    ],
}

TORSBY = {
    "name": "Ungas park i Torsby",
    "summary": "Du som är ung i Torsby: tyck till om hur den nya parken ska se ut.",
    "rules_text": (
        "Du som är 10–19 år och har fått en röstkod av din skola får lämna förslag och rösta. "
        "Parken får kosta 300 000 kronor.\n\n"
        "Skriv vad du vill ha i parken och ungefär vad det kostar. Vi hjälper dig med "
        "kostnaden om du inte vet. En vuxen på kommunen läser förslagen innan de visas här, "
        "och ditt namn visas aldrig."
    ),
    "budget": 300_000,
    "categories": ["Lek", "Idrott", "Natur", "Mötesplats"],
    # The school's invitation list: made-up pupils with birth dates for the age limit.
    "pupils": [
        ("Elsa Berg", "2012-03-14"),
        ("Noah Lind", "2011-09-02"),
        ("Maja Holm", "2013-01-27"),
        ("Liam Ek", "2010-06-30"),
        ("Alva Nord", "2012-11-08"),
        ("Hugo Sand", "2014-04-19"),
    ],
    "proposals": [
        (
            "Skatepark med ramper",
            "Ramper och rails för skateboard och sparkcykel.",
            150_000,
            "Idrott",
        ),
        (
            "Hängmattor och tak mot regn",
            "Ett ställe att hänga med kompisar även när det regnar.",
            40_000,
            "Mötesplats",
        ),
        ("Klätterbuske och balansbana", "Något att klättra på för de yngre.", 60_000, "Lek"),
    ],
}

# The follow-up (issue 13): reasons, progress updates and the photos' alt text.
FOLLOWUP_DELAYED_REASON = (
    "Leverantören av utrustningen kan inte leverera förrän i maj. Arbetet på platsen fortsätter "
    "när leveransen har kommit."
)
FOLLOWUP_CANCELLED_REASON = (
    "Marken visade sig vara förorenad och måste saneras först. Kommunstyrelsen har beslutat att "
    "pengarna går till saneringen, och förslaget får lämnas in igen i nästa omgång."
)
FOLLOWUP_UPDATES = [
    (
        "Arbetet har börjat",
        "Entreprenören är på plats och har **märkt ut** var allt ska stå.\n\n"
        "- Platsen är avspärrad under arbetet\n- Gångvägen är öppen som vanligt",
    ),
    (
        "Halvvägs",
        "Grunden är gjuten och de första delarna är monterade. Vi håller tidsplanen.",
    ),
    (
        "Besiktning bokad",
        "Allt är på plats. Besiktningen är bokad, och efter den öppnar vi för alla.",
    ),
]
FOLLOWUP_DRAFT = (
    "Invigning",
    "Välkommen på invigning! Datum och tid kommer här.",
)
FOLLOWUP_PHOTO_ALT = "Arbetsplatsen för {title}: en ny konstruktion på en gräsyta, blå himmel."
