"""The demo's forum (issue 14): on the Vansbro-like "Utmaningen" dialogue, a thread where the
municipality asks, residents reply and reply to replies, officials answer as the municipality
and pin an answer, and one post was reported and hidden with its public reason; a second thread
is closed with a summary. Built through the forums and proposals services, as a real forum
would be."""

from delaktig.forums import services as forums
from delaktig.proposals import services as reports

OPEN_THREAD = {
    "title": "Vad skulle göra att du litar mer på kommunens beslut?",
    "question": (
        "I Utmaningen svarade många att kommunen är sämst på att genomföra beslut och på att "
        "vara öppen. Vi vill veta mer: vad skulle få dig att lita mer på det kommunen "
        "beslutar? Ge gärna exempel från din vardag.\n\n"
        "Vi läser alla inlägg. Kommunens svar är märkta så att du ser dem."
    ),
    "posts": [
        (
            "Att man får veta vad som händer efter ett beslut. Förra året beslutades det om en "
            "ny gångväg vid skolan, sedan hörde vi ingenting på ett halvår.",
            [
                "Samma här med belysningen vid badplatsen. Någon uppföljning hade hjälpt mycket.",
                "Kanske en sida där man kan se status på det som är beslutat?",
            ],
        ),
        (
            "Fler möten i byarna, inte bara i centralorten. Alla kan inte ta sig in en "
            "vardagskväll.",
            ["Håller med. Ett digitalt alternativ vore också bra för oss som pendlar."],
        ),
        (
            "Jag vill gärna prata med någon om vägen i Äppelbo, ring mig på 070-123 45 67.",
            [],
        ),
    ],
    "answer": (
        "Tack för era inlägg! Vi tar med oss två saker redan nu: från januari publicerar vi "
        "status för varje beslut om en investering på kommunens webbplats, och under våren "
        "håller vi kommundelsträffar i Äppelbo, Järna och Nås. Frågor om enskilda vägar tar "
        "kontaktcenter emot på 0281-750 00."
    ),
    "hidden": (
        "Alla politiker här är korrupta, och han på tekniska borde sparkas omedelbart.",
        "Inlägget pekar ut en enskild tjänsteperson och anklagar utan grund. Det bryter mot "
        "forumets regler. Skriv gärna igen om sakfrågan.",
    ),
}

CLOSED_THREAD = {
    "title": "Hur vill du få information om dialogen?",
    "posts": [
        "Sms eller mejl, jag läser inte lokaltidningen.",
        "Affischer i affären och på biblioteket.",
        "Via skolans app, där når ni alla föräldrar.",
    ],
    "summary": (
        "Tack till alla som svarade. De flesta vill ha information direkt i telefonen, och "
        "många nämnde skolans app. Vi informerar nu om dialogen i skolans app och med "
        "affischer på biblioteket och i affärerna i byarna."
    ),
}


def load_vansbro_forum(demo, process):
    official = demo.official
    people = [p for district in demo.residents.values() for p in district][:12]
    thread = forums.start_thread(
        by=official,
        process=process,
        title=OPEN_THREAD["title"],
        question=OPEN_THREAD["question"],
    )
    writers = iter(people)
    for body, replies in OPEN_THREAD["posts"]:
        post = forums.add_post(by=next(writers), thread=thread, body=body)
        for reply in replies:
            forums.add_post(by=next(writers), thread=thread, body=reply, parent=post)
    answer = forums.add_post(by=official, thread=thread, body=OPEN_THREAD["answer"])
    forums.pin_post(by=official, post=answer)
    text, reason = OPEN_THREAD["hidden"]
    rude = forums.add_post(by=next(writers), thread=thread, body=text)
    report = reports.report_target(
        by=next(writers), target=rude, reason="Hänger ut en anställd på tekniska."
    )
    reports.hide_reported(by=demo.moderator, report=report, reason=reason)

    closed = forums.start_thread(by=official, process=process, title=CLOSED_THREAD["title"])
    for body in CLOSED_THREAD["posts"]:
        forums.add_post(by=next(writers), thread=closed, body=body)
    forums.close_thread(by=official, thread=closed, summary=CLOSED_THREAD["summary"])
    return thread
