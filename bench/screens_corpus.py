"""The labelled corpus for the crisis and personal-data screens (a development tool).

Sources, all in moderation/corpus/ (hand-written in the community's voice, invented):

* crisis.tsv, crisis_round2.tsv / crisis_lookalike*.tsv -- crisis lines by kind, and hard look-alikes by kind;
* personal.tsv / personal_lookalike.tsv -- personal details by kind, and look-alikes;
* ordinary posts: the demo community's posts (forum/seed_content.py).

From each hand-written line the loader derives, deterministically, a noisy variant
(lower case, no apostrophes, a typo, sometimes an emoji), one with a lead-in, and a
long post with the line buried in paragraph three among ordinary paragraphs. A
few templates add slot-filled lines (numbers, names, places, verbs). Every
derived line carries the *group* of the line or template it came from, and the
split is by group (CRC-32 of the group, 30% validation), so no variant of a
validation line, and no filling of a validation template, is ever trained on.

``load()`` returns every item; ``python -m bench.screens_corpus`` prints counts.
"""

from __future__ import annotations

import random
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "moderation" / "corpus"
# The hand-written files split into train and validation (rounds 1 to 5).
# fresh_*.tsv and blind*_*.tsv (blind sets 1-3) are never split, never trained on: see split_of and --blind.
CRISIS_FILES = (
    "crisis.tsv",
    "crisis_round2.tsv",
    "crisis_round3.tsv",
    "crisis_round4.tsv",
    "crisis_round5.tsv",
)
CRISIS_LOOKALIKE_FILES = (
    "crisis_lookalike.tsv",
    "crisis_lookalike_round2.tsv",
    "crisis_lookalike_round3.tsv",
    "crisis_lookalike_round4.tsv",
    "crisis_lookalike_round5.tsv",
    "everyday.tsv",
)
PERSONAL_FILES = ("personal.tsv", "personal_round3.tsv", "personal_round5.tsv")
PERSONAL_LOOKALIKE_FILES = (
    "personal_lookalike.tsv",
    "personal_lookalike_round3.tsv",
    "personal_lookalike_round5.tsv",
    "everyday.tsv",
)
VALIDATION_SHARE = 3  # of 10


@dataclass(frozen=True)
class Item:
    """One labelled text. ``task``: "crisis" or "personal"; ``label``: 1 must be
    caught, 0 must not; ``kind``: e.g. "indirect", "lookalike:legal", "ordinary";
    ``source``: hand, noisy, lead, buried, template."""

    task: str
    label: int
    kind: str
    group: str
    source: str
    text: str

    @property
    def split(self) -> str:
        return split_of(self.group)


def split_of(group: str) -> str:
    """ "fresh" for the fresh_*.tsv lines (written after the rules, run once, never
    tuned on); else "validation" for 30% of groups by CRC-32, "train" for the rest."""
    if group.startswith("fresh:"):
        return "fresh"
    return "validation" if zlib.crc32(group.encode()) % 10 < VALIDATION_SHARE else "train"


def read_tsv(name: str | Path) -> list[tuple[str, str]]:
    """(kind, text) rows of a corpus file (a name in moderation/corpus/, or a path);
    blank lines and lines starting with # are skipped."""
    rows = []
    for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, _, text = line.partition("\t")
        rows.append((kind.strip(), text.strip()))
    return rows


def ordinary_posts() -> list[str]:
    """Every text of the demo community (openers, replies, follow-ups...)."""
    from forum import seed_content as S

    texts: list[str] = []
    for openers in S.OPENERS.values():
        for o in openers:
            texts.append(f"{o.titles[0]}\n\n{o.body}")
    for group in (S.REPLIES, S.FOLLOWUPS):
        for replies in group.values():
            texts.extend(r.text for r in replies)
    texts.extend(r.text for r in S.THERAPIST_REPLIES)
    texts.extend(S.MODERATOR_REPLIES)
    texts.extend(S.GENERAL_REPLIES)
    return list(dict.fromkeys(t for t in texts if t.strip()))


# ---------------------------------------------------------------------------
# Derived variants
# ---------------------------------------------------------------------------

LEADS = [
    "Sorry, long day. ",
    "Update: ",
    "Not sure where else to put this. ",
    "Since he left, ",
    "Honestly? ",
    "Can't sleep. ",
    "Week 3 of the separation. ",
    "I don't usually post but ",
    "Throwaway-ish account. ",
    "Mediation was today. ",
    "Ok so. ",
    "Late night post. ",
]
EMOJI = [" 😞", " 😭", " 💔", " 🙃", " 😔", "", "", ""]


def noisy(text: str, rnd: random.Random) -> str:
    """Lower case, apostrophes dropped, one transposed or doubled letter, maybe an emoji."""
    t = text.lower().replace("'", "").replace("\u2019", "")
    words = t.split(" ")
    long_words = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
    if long_words:
        i = rnd.choice(long_words)
        w = words[i]
        j = rnd.randrange(1, len(w) - 2)
        words[i] = (
            w[:j] + w[j + 1] + w[j] + w[j + 2 :] if rnd.random() < 0.5 else w[:j] + w[j] + w[j:]
        )
    t = " ".join(words).rstrip(".")
    return t + rnd.choice(EMOJI)


def buried(text: str, rnd: random.Random, pool: list[str]) -> str:
    """A long post (~1,000-2,500 characters): the line sits in paragraph three."""
    paras = [rnd.choice(pool) for _ in range(4)]
    paras[2] = paras[2] + " " + text
    return "\n\n".join(paras)


# ---------------------------------------------------------------------------
# Templates (slot-filled; grouped by template so a template is all-train or all-validation)
# ---------------------------------------------------------------------------

SUBJECTS = ["He", "My husband", "My H", "My stbx", "She", "My wife", "My ex", "My partner", "My DH"]
TIMES = [
    "last night",
    "again on Sunday",
    "in front of the kids",
    "when I said I was leaving",
    "after the mediation",
    "this morning",
    "on Friday",
    "while the baby was asleep",
]
FIRST = [
    "John",
    "Mark",
    "Sarah",
    "Emily",
    "David",
    "Priya",
    "Tom",
    "Anna",
    "Lucas",
    "Marta",
    "Pierre",
    "Chloe",
    "Kevin",
    "Fatima",
    "Oliver",
    "Sophie",
    "Daniel",
    "Aisha",
    "Liam",
    "Ines",
]
LAST = [
    "Smith",
    "Thompson",
    "O'Brien",
    "Kowalski",
    "Dubois",
    "García",
    "Okafor",
    "Patel",
    "Jones",
    "Müller",
    "Rossi",
    "Nguyen",
    "MacLeod",
    "Fernandes",
    "Walsh",
    "Lindqvist",
    "Brennan",
    "Hughes",
]
TOWNS = [
    "Hexham",
    "Ripon",
    "Ilkley",
    "Bicester",
    "Kendal",
    "Stroud",
    "Truro",
    "Keswick",
    "Tetbury",
    "Boulder",
    "Ashland",
    "Galway",
    "Bruges",
    "Annecy",
    "Girona",
    "Leiden",
    "Uppsala",
    "Graz",
]
EMPLOYERS = [
    "the Tesco",
    "the Co-op",
    "the Lidl",
    "the library",
    "St Mary's hospital",
    "the vet's",
    "the council offices",
    "the garden centre",
    "the leisure centre",
    "the Boots",
    "the primary school",
    "the fire station",
    "the post office",
    "the GP surgery",
]


def _digits(rnd: random.Random, n: int) -> str:
    return "".join(rnd.choice("0123456789") for _ in range(n))


def _phone(rnd: random.Random, fmt: str) -> str:
    out = []
    for ch in fmt:
        out.append(
            rnd.choice("123456789") if ch == "N" else rnd.choice("0123456789") if ch == "d" else ch
        )
    return "".join(out)


PHONE_FORMATS = [
    "030 dddddd",
    "030 dddddddd",
    "0Nd dddddd",
    "6dd dd dd dd",
    "6dd ddd ddd",
    "06 dd dd dd dd",
    "07 dd dd dd dd",
    "+33 6 dd dd dd dd",
    "+34 6dd ddd ddd",
    "+49 15d dddddddd",
    "01dd ddd dddd",
    "07700 9ddddd",
    "+44 7700 9ddddd",
    "(Ndd) Ndd-dddd",
    "Ndd-Ndd-dddd",
    "Ndd.Ndd.dddd",
    "08d ddd dddd",
    "+353 8d ddd dddd",
    "04dd ddd ddd",
    "+61 4dd ddd ddd",
    "3dd ddd dddd",
    "+39 3dd ddd dddd",
    "06-dddddddd",
    "+31 6 dddddddd",
    "0470 dd dd dd",
    "+32 470 dd dd dd",
]
PHONE_FRAMES = [
    "Call me on {x} if you want to talk.",
    "my number is {x}",
    "Text me, {x}, any time after 8.",
    "{x} is my mobile, he doesn't know it.",
    "WhatsApp: {x}",
    "Mi número es {x}, escríbeme.",
    "Mon numéro : {x}",
    "ring me {x}",
    "You can reach me on {x} in the evenings.",
    "My sister's number is {x}, she knows everything.",
]
EMAIL_STYLES = [
    "{f}.{l}@{p}.com",
    "{f} dot {l} at {p} dot com",
    "{f}{l} [at] {p} [dot] com",
    "{f}_{l} (at) {p} (dot) com",
    "{f} underscore {l} at {p} dot com",
    "{f}.{l} AT {p} DOT com",
    "{f}{n} at {p}",
    "{f} {l} {n} at {p} dot co dot uk",
    "{f}.{l}{n} @ {p} . com",
    "{f}-{l} {{at}} {p} {{dot}} com",
]
PROVIDERS = ["gmail", "hotmail", "outlook", "yahoo", "protonmail", "icloud", "gmx", "orange"]
EMAIL_FRAMES = [
    "Email me: {x}",
    "my private email is {x}",
    "write to {x} if you want to talk",
    "{x} is safe, she doesn't know about it",
    "mi correo es {x}",
    "mon email : {x}",
]
ADDRESS_FORMATS = [
    ("{S}straße {n}, {z5} {T}", ["Haupt", "Linden", "Garten", "Schul", "Bahnhof"]),
    ("Calle {S} {n}, {T}", ["Mayor", "Real", "del Sol", "de Alcalá", "Nueva"]),
    ("{n} rue {S}, {z5} {T}", ["de la Paix", "Victor Hugo", "des Lilas", "du Moulin", "Pasteur"]),
    ("Via {S} {n}, {T}", ["Roma", "Garibaldi", "Dante", "Verdi", "Mazzini"]),
    ("{S}straat {n}, {T}", ["Kerk", "Molen", "Dorp", "School", "Nieuwe"]),
    ("{S}gatan {n}, {T}", ["Kungs", "Drottning", "Stor", "Skol", "Kyrko"]),
    ("{n} {S} Street, {T}", ["Elm", "Maple", "Mill", "Station", "Queen"]),
    ("{n} {S} Road, {T} {pc}", ["Church", "Victoria", "Park", "London", "Manor"]),
    (
        "Avenida {S} {n}, {T}",
        ["da Liberdade", "de la Constitución", "Brasil", "Central", "del Mar"],
    ),
    ("{S}weg {n}, {z4} {T}", ["Berg", "Wald", "See", "Feld", "Kirch"]),
]
ADDRESS_FRAMES = [
    "We live at {x}.",
    "my address is {x}",
    "He moved to {x} last month.",
    "I'm at {x} if anyone local wants a coffee.",
    "Send it to {x}.",
    "The kids stay with him at {x} on weekends.",
]
PLATE_FORMATS = [
    "LLdd LLL",
    "dLLLddd",
    "LL-ddd-LL",
    "dddd LLL",
    "L-LL dddd",
    "LLL ddd",
    "LL dd LLL",
]
PLATE_FRAMES = [
    "His car is a grey Astra, reg {x}.",
    "the plate is {x}",
    "Plate {x}, she parks outside my work.",
    "He follows me in a black van, {x}.",
    "her reg is {x} if anyone sees it",
    "matrícula {x}",
]
HANDLE_FRAMES = [
    "Find me on Instagram @{h}",
    "my insta is @{h}",
    "I'm @{h} on TikTok, DM me",
    "Add me on Snapchat: {h}",
    "Telegram @{h}",
    "My Twitter is @{h}",
    "on discord i'm {h}#{n4}",
]
SCHOOL_FRAMES = [
    "My son goes to {s} in {T}.",
    "The kids are at {s}, year {y}.",
    "I do pick-up at {s} every day.",
    "Our daughter is in year {y} at {s}.",
    "She started at {s} in {T} this September.",
]
SCHOOLS = [
    "St {F}'s Primary",
    "{T} Academy",
    "{F}field Elementary",
    "Holy Trinity C of E",
    "Lycée {F} {L}",
    "Colegio San {F}",
    "{T} Grammar School",
    "Oakwood Junior School",
]
WORK_FRAMES = [
    "I work at {e} in {T}, night shifts.",
    "He works at {e} in {T}, on the tills.",
    "I'm the only male nurse at {e} in {T}, so you'd know me.",
    "She manages {e} in {T}.",
]
NAME_FRAMES = [
    "My husband {F} {L} has moved in with her.",
    "my wife's name is {F} {L}",
    "The OW is {F} {L}, she works with him.",
    "{F} {L}, my ex, is telling everyone lies.",
    "his affair partner is {F} {L}",
    "my stbx {F} {L} hired a lawyer",
    "Mi marido se llama {F} {L}.",
    "Mon mari, {F} {L}, refuse de signer.",
    "She's seeing {F} {L} from the gym.",
]

CRISIS_TEMPLATES = {
    "violence": ["{S} {v} me {t}.", "{S} {v} me again {t} and I'm scared.", "{t} {s} {v} me."],
    "violence_neck": [
        "{S} put {his} hands round my neck {t}.",
        "{S} squeezed my throat {t} until I couldn't breathe.",
    ],
    "locked_in": [
        "{S} locked me in the {room} {t} and took my phone.",
        "{S} won't let me leave the house, {t} {s} took my keys.",
    ],
    "partner_threat": [
        "{S} said {s}'d kill me if I take the kids.",
        "{S} told me {t} that I won't live to see the divorce.",
    ],
    "children": ["{S} {v} our son {t}.", "I'm scared {s}'ll hurt the kids this weekend."],
    "third_party": [
        "{S} said {s}'s going to kill {him}self if I leave.",
        "{S} texted goodbye {t} and isn't answering.",
    ],
}
VIOLENT_VERBS = ["hit", "punched", "choked", "strangled", "slapped", "kicked", "shoved", "beat"]
ROOMS = ["bedroom", "bathroom", "basement", "flat", "spare room"]
LOOKALIKE_TEMPLATES = {
    "figure_of_speech": [
        "{thing} is killing me.",
        "{thing} will be the death of me.",
        "I could murder {food} right now.",
    ],
    "legal": [
        "My lawyer says we can execute the {doc} next week.",
        "The {doc} hearing is on {day}, wish me luck.",
    ],
    "message_idiom": [
        "Shoot me a message if you want the {res}.",
        "Hit me up if you want the {res}.",
    ],
}
THINGS = [
    "This commute",
    "The waiting",
    "Form E",
    "The school run",
    "This heat",
    "The paperwork",
    "My back",
]
FOODS = ["a coffee", "a curry", "a glass of wine", "a bacon sandwich", "some chocolate"]
DOCS = ["separation agreement", "consent order", "custody", "parenting plan", "financial order"]
DAYS = ["Monday", "the 14th", "Thursday", "next week"]
RES = ["worksheet", "book title", "mediator's name", "link to the podcast", "co-parenting app"]

PERSONAL_LOOKALIKE_TEMPLATES = [
    "We spent £{n4} on the mediator so far.",
    "The hearing is on {d}/{m} at {h}:30.",
    "It's been {n2} months and {n1} weeks.",
    "We married in {yr} and separated in {yr2}.",
    "Pages {n3}-{n3b} of the workbook.",
    "He pays {n3} a month in maintenance and {n4} for the mortgage.",
    "Session {n1} of 12 done.",
    "I ran {n1} km in {n2}:{n2b}.",
    "The flat is {n2} m², {n4} a month.",
    "Samaritans are on 116 123 if you need them.",
    "I was at work at {h} at the end of my tether.",
    "my son is in year {n1} now, the school has been good",
    "He works in retail in a small town.",
]


def _fill_crisis(template: str, rnd: random.Random) -> str:
    subj = rnd.choice(SUBJECTS)
    female = subj in ("She", "My wife")
    return (
        template.format(
            S=subj,
            s="she" if female else "he",
            his="her" if female else "his",
            him="her" if female else "him",
            v=rnd.choice(VIOLENT_VERBS),
            t=rnd.choice(TIMES),
            room=rnd.choice(ROOMS),
        )
        .replace(". ", ". ")
        .capitalize()
        if template.startswith("{t}")
        else template.format(
            S=subj,
            s="she" if female else "he",
            his="her" if female else "his",
            him="her" if female else "him",
            v=rnd.choice(VIOLENT_VERBS),
            t=rnd.choice(TIMES),
            room=rnd.choice(ROOMS),
        )
    )


def _plate(rnd: random.Random, fmt: str) -> str:
    return "".join(
        rnd.choice("ABCDEFGHJKLMNPRSTVWXYZ")
        if c == "L"
        else rnd.choice("0123456789")
        if c == "d"
        else c
        for c in fmt
    )


def load(per_template: int = 12) -> list[Item]:
    """Every item of the corpus, hand-written lines first, then derived ones."""
    rnd = random.Random(20261130)
    items: list[Item] = []
    ordinary = ordinary_posts()
    pools = {
        split: [t for t in ordinary if split_of("ordinary:" + t) == split]
        for split in ("train", "validation")
    }
    for text in ordinary:
        group = "ordinary:" + text
        items.append(Item("crisis", 0, "ordinary", group, "seed", text))
        items.append(Item("personal", 0, "ordinary", group, "seed", text))

    def derive(task: str, label: int, kind: str, text: str) -> None:
        group = f"{task}:{text}"
        pool = pools[split_of(group)]
        items.append(Item(task, label, kind, group, "hand", text))
        items.append(Item(task, label, kind, group, "noisy", noisy(text, rnd)))
        items.append(
            Item(task, label, kind, group, "lead", rnd.choice(LEADS) + text[0].lower() + text[1:])
        )
        items.append(Item(task, label, kind, group, "buried", buried(text, rnd, pool)))

    for name in CRISIS_FILES:
        for kind, text in read_tsv(name):
            derive("crisis", 1, kind, text)
    for name in CRISIS_LOOKALIKE_FILES:
        for kind, text in read_tsv(name):
            derive("crisis", 0, "lookalike:" + kind, text)
    for name in PERSONAL_FILES:
        for kind, text in read_tsv(name):
            derive("personal", 1, kind, text)
    for name in PERSONAL_LOOKALIKE_FILES:
        for kind, text in read_tsv(name):
            derive("personal", 0, "lookalike:" + kind, text)

    for task, name in (("crisis", "crisis"), ("personal", "personal")):
        for kind, text in read_tsv(f"fresh_{name}.tsv"):
            items.append(Item(task, 1, kind, f"fresh:{task}:{text}", "fresh", text))
        for kind, text in read_tsv(f"fresh_{name}_lookalike.tsv"):
            items.append(Item(task, 0, "lookalike:" + kind, f"fresh:{task}:{text}", "fresh", text))

    def add_template(task: str, label: int, kind: str, group: str, make) -> None:
        pool = pools[split_of(group)]
        for k in range(per_template):
            text = make()
            if k % 4 == 3:
                items.append(Item(task, label, kind, group, "buried", buried(text, rnd, pool)))
            else:
                items.append(Item(task, label, kind, group, "template", text))

    for kind, templates in CRISIS_TEMPLATES.items():
        for i, t in enumerate(templates):
            add_template(
                "crisis", 1, kind, f"crisis-template:{kind}:{i}", lambda t=t: _fill_crisis(t, rnd)
            )
    for kind, templates in LOOKALIKE_TEMPLATES.items():
        for i, t in enumerate(templates):
            add_template(
                "crisis",
                0,
                "lookalike:" + kind,
                f"crisis-lookalike-template:{kind}:{i}",
                lambda t=t: t.format(
                    thing=rnd.choice(THINGS),
                    food=rnd.choice(FOODS),
                    doc=rnd.choice(DOCS),
                    day=rnd.choice(DAYS),
                    res=rnd.choice(RES),
                ),
            )

    for i, fmt in enumerate(PHONE_FORMATS):
        add_template(
            "personal",
            1,
            "phone_template",
            f"phone:{i}",
            lambda fmt=fmt: rnd.choice(PHONE_FRAMES).format(x=_phone(rnd, fmt)),
        )
    for i, style in enumerate(EMAIL_STYLES):
        add_template(
            "personal",
            1,
            "email_template",
            f"email:{i}",
            lambda style=style: rnd.choice(EMAIL_FRAMES).format(
                x=style.format(
                    f=rnd.choice(FIRST).lower(),
                    l=rnd.choice(LAST).lower().replace("'", ""),
                    p=rnd.choice(PROVIDERS),
                    n=_digits(rnd, 2),
                )
            ),
        )
    for i, (fmt, streets) in enumerate(ADDRESS_FORMATS):
        add_template(
            "personal",
            1,
            "address_template",
            f"address:{i}",
            lambda fmt=fmt, streets=streets: rnd.choice(ADDRESS_FRAMES).format(
                x=fmt.format(
                    S=rnd.choice(streets),
                    n=rnd.randint(1, 180),
                    z5=_digits(rnd, 5),
                    z4=_digits(rnd, 4),
                    T=rnd.choice(TOWNS),
                    pc=_plate(rnd, "LLd dLL"),
                )
            ),
        )
    for i, fmt in enumerate(PLATE_FORMATS):
        add_template(
            "personal",
            1,
            "plate_template",
            f"plate:{i}",
            lambda fmt=fmt: rnd.choice(PLATE_FRAMES).format(x=_plate(rnd, fmt)),
        )
    for i, frame in enumerate(HANDLE_FRAMES):
        add_template(
            "personal",
            1,
            "handle_template",
            f"handle:{i}",
            lambda frame=frame: frame.format(
                h=rnd.choice(FIRST).lower()
                + rnd.choice(["_", ".", "", "_x_"])
                + rnd.choice(LAST).lower().replace("'", "")
                + _digits(rnd, 2),
                n4=_digits(rnd, 4),
            ),
        )
    for i, frame in enumerate(SCHOOL_FRAMES):
        add_template(
            "personal",
            1,
            "school_template",
            f"school:{i}",
            lambda frame=frame: frame.format(
                s=rnd.choice(SCHOOLS).format(
                    F=rnd.choice(FIRST), L=rnd.choice(LAST), T=rnd.choice(TOWNS)
                ),
                T=rnd.choice(TOWNS),
                y=rnd.randint(1, 11),
            ),
        )
    for i, frame in enumerate(WORK_FRAMES):
        add_template(
            "personal",
            1,
            "workplace_template",
            f"work:{i}",
            lambda frame=frame: frame.format(e=rnd.choice(EMPLOYERS), T=rnd.choice(TOWNS)),
        )
    for i, frame in enumerate(NAME_FRAMES):
        add_template(
            "personal",
            1,
            "name_template",
            f"name:{i}",
            lambda frame=frame: frame.format(F=rnd.choice(FIRST), L=rnd.choice(LAST)),
        )
    for i, t in enumerate(PERSONAL_LOOKALIKE_TEMPLATES):
        add_template(
            "personal",
            0,
            "lookalike:numbers_template",
            f"personal-lookalike-template:{i}",
            lambda t=t: t.format(
                n1=rnd.randint(1, 9),
                n2=rnd.randint(10, 59),
                n2b=rnd.randint(10, 59),
                n3=rnd.randint(100, 400),
                n3b=rnd.randint(401, 900),
                n4=rnd.randint(1000, 9999),
                d=rnd.randint(1, 28),
                m=rnd.randint(1, 12),
                h=rnd.randint(8, 11),
                yr=rnd.randint(1990, 2010),
                yr2=rnd.randint(2011, 2025),
            ),
        )
    return items


def main() -> None:
    items = load()
    counts = Counter(
        (
            i.task,
            i.label,
            i.kind.split(":")[0] if i.label == 0 and i.kind != "ordinary" else i.kind,
            i.split,
        )
        for i in items
    )
    for key in sorted(counts):
        print(*key, counts[key], sep="\t")
    print("total", len(items))


if __name__ == "__main__":
    main()
