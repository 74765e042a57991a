"""The demo's content pages, written and published by the demo official through the pages
app's services: how the municipality works with citizen dialogue, the dialogue handbook, how
to take part, and questions and answers (with a second version, so the history shows)."""

from delaktig.pages import services as pages
from delaktig.pages.models import Page

MEDBORGARDIALOG_SV = """\
Kommunen fattar många beslut som påverkar ditt vardagsliv: skolor, vägar, badplatser,
fritidsgårdar och vård. Vi vill att de som berörs ska kunna säga sitt **innan** beslutet fattas.

# Vad är medborgardialog?

Medborgardialog är när kommunen frågar invånare, föreningar och företag om deras erfarenheter
och åsikter. Det kan vara en enkät, ett dialogcafé, en fokusgrupp eller ett möte i din by.

# Så går det till

1. Politikerna bestämmer vad dialogen ska handla om och vilket beslut den ska ge underlag till.
2. Vi berättar vad du kan påverka, och vad som redan är bestämt.
3. Du säger vad du tycker, på nätet, på papper eller på ett möte.
4. Vi sammanfattar vad vi har hört i en rapport som alla kan läsa.
5. Efter beslutet berättar vi vad som hände med det ni sa.

# Vem bestämmer?

Det är alltid de förtroendevalda som fattar beslutet. Dialogen ger dem kunskap om hur invånarna
ser på frågan."""

MEDBORGARDIALOG_EN = """\
The municipality makes many decisions that affect your everyday life. We want those affected to
have their say **before** the decision is made.

# How it works

1. The politicians decide what the dialogue is about and which decision it informs.
2. We tell you what you can influence, and what is already decided.
3. You give your views online, on paper or at a meeting.
4. We sum up what we heard in a report anyone can read.
5. After the decision we tell you what came of what you said."""

ARBETSBOK_SV = """\
Den här arbetsboken är till för dig som är tjänsteperson eller förtroendevald och ska planera en
medborgardialog.

# Före dialogen

- **Syfte:** Vilket beslut ska dialogen ge underlag till, och när fattas det?
- **Påverkansutrymme:** Vad kan invånarna faktiskt påverka? Skriv också vad som inte går att ändra.
- **Målgrupp:** Vilka berörs? Tänk särskilt på dem som sällan hörs: unga, äldre, nyanlända och
personer med funktionsnedsättning.
- **Metod:** Enkät, dialogcafé, fokusgrupp eller möte. Ofta behövs flera.

# Under dialogen

- Berätta tydligt vad som händer med svaren.
- Ge fler än ett sätt att delta: på nätet, på papper och på plats.
- Bjud in föreningarna i föreningsregistret.

# Efter dialogen

- Sammanfatta i en rapport inom en månad.
- Återkoppla efter beslutet: *Ni sa – vi gjorde*.
- Utvärdera: nådde vi dem vi ville nå?"""

DELTA_SV = """Det finns många sätt att vara med och påverka.

# På nätet

Under [Sätt att delta](/delta/) ser du vilka dialoger och budgetomgångar som är öppna nu. Många
enkäter kan du svara på utan att logga in.

# På papper

Du kan hämta en papperenkät i kommunens reception och på biblioteken, och lämna den där.

# På plats

Kommunen ordnar dialogcaféer och möten i Vansbro, Dala-Järna, Äppelbo och Nås. Mötena är
tillgängliga, och du kan be om tolk.

# Genom din förening

Föreningar i [föreningsregistret](/foreningar/) får inbjudningar till dialoger som berör dem."""

DELTA_EN = """There are many ways to take part.

- **Online:** [Ways to take part](/delta/) lists the dialogues and budget rounds open now.
- **On paper:** pick up a paper survey at the municipality's reception or at the libraries.
- **In person:** the municipality holds dialogue cafés and meetings in every part of the
municipality.
- **Through your association:** associations in the [register](/foreningar/) are invited to
dialogues that concern them."""

FRAGOR_SV_1 = """# Måste jag logga in?

Nej, inte för de flesta enkäter. För att rösta i en medborgarbudget loggar du in med e-legitimation.

# Vad händer med mina svar?

Svaren sammanfattas i en rapport. Ingen kan se vem som har svarat vad.

# Hur länge sparas mina uppgifter?

Bara så länge de behövs. Läs mer i personuppgiftspolicyn."""

FRAGOR_SV_2 = (
    FRAGOR_SV_1
    + """

# Kan jag svara på papper?

Ja. Hämta en enkät i receptionen eller på biblioteket. En handläggare för in svaren."""
)

PAGES = [
    (
        "medborgardialog",
        1,
        "Så arbetar kommunen med medborgardialog",
        "Varför vi frågar dig, och vad som händer med det du säger.",
        MEDBORGARDIALOG_SV,
        "How the municipality works with citizen dialogue",
        "Why we ask you, and what happens with what you say.",
        MEDBORGARDIALOG_EN,
    ),
    (
        "arbetsbok",
        2,
        "Arbetsbok för medborgardialog",
        "Stöd för dig som planerar en dialog: före, under och efter.",
        ARBETSBOK_SV,
        "",
        "",
        "",
    ),
    (
        "sa-deltar-du",
        3,
        "Så kan du delta",
        "På nätet, på papper, på plats eller genom din förening.",
        DELTA_SV,
        "How to take part",
        "Online, on paper, in person or through your association.",
        DELTA_EN,
    ),
    (
        "fragor-och-svar",
        4,
        "Frågor och svar",
        "Svar på det vi oftast får frågor om.",
        FRAGOR_SV_1,
        "",
        "",
        "",
    ),
]


def load_pages(demo) -> list[Page]:
    made = []
    for slug, position, title, summary, body, title_en, summary_en, body_en in PAGES:
        page = pages.create_page(
            by=demo.official,
            slug=slug,
            text=pages.PageText(
                title_sv=title,
                summary_sv=summary,
                body_sv=body,
                title_en=title_en,
                summary_en=summary_en,
                body_en=body_en,
                note="Första versionen",
            ),
        )
        Page.objects.filter(pk=page.pk).update(position=position)
        pages.publish(by=demo.official, page=page, number=1)
        made.append(page)
    faq = made[-1]
    pages.save_version(
        by=demo.colleague,
        page=faq,
        text=pages.PageText(
            title_sv="Frågor och svar",
            summary_sv="Svar på det vi oftast får frågor om.",
            body_sv=FRAGOR_SV_2,
            note="La till frågan om papperenkäter",
        ),
        based_on=1,
    )
    pages.publish(by=demo.colleague, page=faq, number=2)
    # A draft waiting: the handbook gets a new section that is not published yet.
    pages.save_version(
        by=demo.official,
        page=made[1],
        text=pages.PageText(
            title_sv="Arbetsbok för medborgardialog",
            summary_sv="Stöd för dig som planerar en dialog: före, under och efter.",
            body_sv=ARBETSBOK_SV + "\n\n# Mallar\n\nMallar för inbjudan och rapport kommer här.",
            note="Utkast: avsnitt om mallar",
        ),
        based_on=1,
    )
    return made
