"""The moderation text detectors, measured against lists of real-sounding posts.

The lists are the measurement. Each detector has phrasings it must catch and
phrasings it must leave alone, written the way members of this community
write:

* MUST_CATCH / MUST_NOT_CATCH: tuning lists, written alongside the patterns
  (plus earlier measurement rounds whose misses were then fixed). Every item
  must pass, so 100% here says nothing about new text.
* *_FRESH_*: the latest held-out round, written after the last pattern change
  and run once, untuned. Its counts are the honest estimate docs/screens.md
  gives; they are pinned in *_FRESH_EXPECTED, and its misses are left unfixed.
  To re-measure after changing the patterns: move this round into the tuning
  lists, write a new round *before* running it, record what it catches.
* KNOWN_MISSES / KNOWN_FALSE_ALARMS: strict xfail, so a change that fixes one
  fails loudly and docs/screens.md gets updated.

``python -m tests.moderation.test_detect`` prints the counts.
"""

from __future__ import annotations

import pytest

from moderation.detect import (
    Finding,
    WatchedWord,
    find_crisis,
    find_personal_data,
    find_watched,
    normalise,
)

# ---------------------------------------------------------------------------
# Crisis
# ---------------------------------------------------------------------------

# (text, expected category of at least one finding)
CRISIS_MUST_CATCH: list[tuple[str, str]] = [
    # round 2 (issue 10): former known misses, now caught
    ("i want to dye, litteraly cant stop crying", "suicide"),
    ("kil myself tbh", "suicide"),
    ("Quiero morirme, no puedo más.", "suicide"),
    ("I won't be a problem for anyone much longer.", "suicide"),
    ("I've started giving my things away to friends.", "suicide"),
    ("he put his hands round my neck", "violence_at_home"),
    ("I wrote letters to the kids last night. Just in case.", "suicide"),
    ("Some nights I just want to die. He left and I can't see a future.", "suicide"),
    ("I keep thinking about how to kill myself so the kids think it was an accident.", "suicide"),
    ("Honestly I've thought about ending it all since she told me she's leaving.", "suicide"),
    ("There's no reason to live if he goes through with the divorce.", "suicide"),
    ("The kids would be better off without me.", "suicide"),
    ("kms. seriously. I can't do another day of this.", "suicide"),
    ("been thinking about how to unalive myself, sorry to dump this here", "suicide"),
    ("My wife keeps saying she's suicidal and I don't know what to do.", "suicide"),
    ("He said he'd kill himself if I file. Is that manipulation or is he serious?", "suicide"),
    ("I wish I was dead, then at least this would stop.", "suicide"),
    ("i dont want to be here anymore", "suicide"),
    ("Sometimes I hope I don't wake up in the morning.", "suicide"),
    ("Nobody would even miss me if I was gone.", "suicide"),
    ("I've been stockpiling my sleeping pills just in case.", "suicide"),
    ("Thinking about driving my car into a tree on the way home from his lawyer's.", "suicide"),
    (
        "What's the point of living when the person you built your life around doesn't want you?",
        "suicide",
    ),
    ("Not going to lie, suicide has crossed my mind more than once this week.", "suicide"),
    ("I'd be better off dead than going through this divorce.", "suicide"),
    ("I have nothing left to live for.", "suicide"),
    ("I\u2019m going to take my own life if she moves him into our house.", "suicide"),
    ("**I want to die.** That's it, that's the post.", "suicide"),
    ("having thoughts of s*icide again since the separation", "suicide"),
    ("Day 3 suicidal thoughts, I've told my GP.", "suicide"),
    ("She threatened to kill herself when I said I was moving out.", "suicide"),
    ("I started cutting myself again after the mediation session.", "self_harm"),
    ("I want to hurt myself when he goes quiet on me.", "self_harm"),
    ("My wife has been self-harming since I told her I want out.", "self_harm"),
    ("I'm worried she'll hurt herself, she won't get out of bed.", "self_harm"),
    ("The urge to cut is back tonight.", "self_harm"),
    ("Last night he hit me in front of the kids.", "violence_at_home"),
    ("She threatened to kill me if I take the children.", "violence_at_home"),
    ("I'm afraid he will hurt the kids when he has them on weekends.", "violence_at_home"),
    ("He choked me during the argument and I can't stop shaking.", "violence_at_home"),
    (
        "My husband threatened me with a knife when I said I wanted to separate.",
        "violence_at_home",
    ),
    ("I don't feel safe at home since he started drinking again.", "violence_at_home"),
    ("My STBX shoved me into the door frame last night.", "violence_at_home"),
    ("He's hit me twice now but I keep making excuses for him.", "violence_at_home"),
    ("I'm scared of my husband. Last week he grabbed me by the throat.", "violence_at_home"),
    ("She slapped me and then locked me out of the house.", "violence_at_home"),
    ("my h said he'll take the kids, and he's threatened to hurt me before", "violence_at_home"),
    ("He pulled a gun on me when I asked about the affair.", "violence_at_home"),
    ("He told me he'd kill me if I ever left with the kids.", "violence_at_home"),
    ("I slapped her during the fight and I'm so ashamed.", "violence_at_home"),
    (
        "He gets violent when he drinks and I never know which version is coming home.",
        "violence_at_home",
    ),
    ("He threw a plate at me because I mentioned counselling.", "violence_at_home"),
]

CRISIS_MUST_NOT_CATCH: list[str] = [
    # round 2 (issue 10): former known false alarms, now left alone
    "She'd be better off without me. I'm the one who checked out years ago.",
    "Oh sure, I'll just go kill myself then /s",
    "I'm not suicidal, just exhausted by all of this.",
    "If you're struggling, the 988 Suicide & Crisis Lifeline is free and open all night.",
    "This commute is killing me, an hour each way to the mediator.",
    "I could kill for a coffee after that counselling session.",
    "The suspense is killing me, she's meeting the lawyer today.",
    "I'm dying to know how your talk with him went!",
    "We hit a rough patch after our second was born.",
    "My heart hurts every time I see his coat in the hall.",
    "Just killing time in the car park before our appointment.",
    "He killed it at the presentation and I realised I'd stopped being proud of him.",
    "Dead tired after another night of talking in circles.",
    "I'd die of embarrassment if my sister read this.",
    "We watched Suicide Squad on our 'friendship night' and it was almost normal.",
    "Then it hit me: she's really going.",
    "She hit me with the divorce papers out of nowhere.",
    "He pushed me away for years before he finally said it.",
    "My wife will kill me if she finds out I posted this.",
    "I've been killing myself at work to keep the house.",
    "She beat me at Scrabble and we actually laughed for once.",
    "I cut myself off from our couple friends.",
    "I hurt myself at the gym trying to work out the anger.",
    "I'm afraid of him finding out I've been posting here.",
    "Leaving him would be career suicide in our small town.",
    "He would never hit me, he's just cold.",
    "I don't want to live in this house any more.",
    "I can't do this anymore, I'm calling a lawyer on Monday.",
    "5 kms with the running club this morning, first time I've felt human in weeks.",
    "He kicked me out of the bedroom, I'm on the sofa now.",
    "Our counsellor pushed me to say what I actually want.",
    "He choked me up when he read his letter to the kids.",
    "I'd rather die than spend Christmas at his mother's again.",
    "She grabbed me a coffee before mediation, which felt weirdly kind.",
    "He's killing himself with overtime to pay for two households.",
    "You're better off without him, honestly.",
    "I'm scared to death of being alone at 50.",
    "The Virgin Suicides was her favourite film when we met.",
    "I only hurt myself by checking her Instagram every night.",
    "He threatened to take the kids to his mum's for the summer.",
    "I want to die on this hill: no dating until the divorce is final.",
    "I'm afraid of her reaction when I tell her about the flat.",
    "He hit me up on WhatsApp at 2am asking if we could talk.",
    "Leaving feels like it's killing me slowly, but staying was killing me faster.",
    "I don't want to die alone, that's the fear underneath all of it.",
    "I could kill myself for forgetting our anniversary in the middle of all this.",
]

# Phrasings docs/screens.md names, so the page stays true.
CRISIS_MUST_CATCH += [
    ("He left me with bruises all down my arm.", "violence_at_home"),
    ("He forced me to have sex after the argument.", "violence_at_home"),
    ("Is what he does domestic violence? He blocks the door.", "violence_at_home"),
    ("I got a restraining order against my husband today.", "violence_at_home"),
    ("She overdosed last night and I'm in the hospital car park.", "suicide"),
    ("I keep thinking about jumping off the bridge on my commute.", "suicide"),
    ("He pinned me down on the bed and wouldn't let me leave.", "violence_at_home"),
]

# Round 1 "fresh" list: written before the first run (caught 10/16, flagged
# 0/12 clean ones); its misses then drove fixes, so it is tuning data now.
CRISIS_MUST_CATCH += [
    ("If she leaves I honestly don't see the point of going on.", "suicide"),
    ("i keep googling how many pills it would take", "suicide"),
    ("He texted me that he's going to end his life tonight.", "suicide"),
    ("Everyone would be better off if I wasn't around.", "suicide"),
    ("I just want to go to sleep and not wake up.", "suicide"),
    ("I'm so tired of living.", "suicide"),
    ("My husband keeps talking about wanting to die since I told him.", "suicide"),
    ("I burned myself with a cigarette last night to feel something.", "self_harm"),
    ("I've relapsed into self-harm after 3 years clean.", "self_harm"),
    ("He punched me in the stomach when I said I'd spoken to a lawyer.", "violence_at_home"),
    ("I locked myself in the bathroom because I was scared of what he'd do.", "violence_at_home"),
    ("She attacked me with a kitchen knife.", "violence_at_home"),
    ("My ex strangled me once and now he wants 50/50 custody.", "violence_at_home"),
    ("I'm terrified of him when he's been drinking.", "violence_at_home"),
    ("He has threatened to kill the dog if I leave.", "violence_at_home"),
]

CRISIS_MUST_NOT_CATCH += [
    "My therapist says I'm too hard on myself.",
    "He's dead set on selling the house.",
    "I laughed so hard at the kids' play I nearly died.",
    "It hurts to see her happy with someone else.",
    "We're killing it at co-parenting lately, small wins.",
    "She shot me a look across the mediation table.",
    "That film absolutely destroyed me, I cried for an hour.",
    "My back is killing me from sleeping on the sofa.",
    "I feel like I'm drowning in paperwork.",
    "He attacked my parenting in front of the counsellor.",
    "Honestly, the silence hits harder than any argument.",
    "I'd kill to have one normal weekend again.",
]

# Round 2: written with the patterns frozen, run once: caught 9/16, flagged
# 1/14 clean ones. Patterns were then added for six of the misses, so these
# are tuning data now.
CRISIS_MUST_CATCH += [
    ("I've been sitting in the garage with the engine running, thinking.", "suicide"),
    ("Honestly I think the world would be better without me in it.", "suicide"),
    ("my wife said she wants to die and locked herself in the bathroom", "suicide"),
    ("I'm planning how to kill myself after the kids' birthday.", "suicide"),
    ("Lately I think about dying all the time.", "suicide"),
    ("i took a bunch of pills last night but woke up", "suicide"),
    ("I'm thinking about ending my life.", "suicide"),
    ("i cut again last night", "self_harm"),
    ("He strangled me until I nearly passed out.", "violence_at_home"),
    ("My husband hits me when he's been drinking.", "violence_at_home"),
    ("She has a gun and said she'd use it on me.", "violence_at_home"),
    ("He threatened to burn the house down with us in it.", "violence_at_home"),
    ("My wife slapped our son across the face.", "violence_at_home"),
    ("I'm scared he's going to kill me.", "violence_at_home"),
    ("He beat me so badly I had to go to A&E.", "violence_at_home"),
]

CRISIS_MUST_NOT_CATCH += [
    "I nearly died laughing at the kids' nativity.",
    "That meeting with the lawyer killed me.",
    "She's killing me with these texts about the sofa.",
    "I'm dead on my feet.",
    "I would die for my kids, that's why I'm staying.",
    "We're trying to kill the habit of fighting in front of the kids.",
    "He hit the roof when I mentioned the credit card.",
    "The news hit me like a truck.",
    "I feel like I'm being pushed out of my own life.",
    "It's suicide to sign anything without a lawyer.",
    "He kicked the habit at last, three months sober.",
    "She punched the air when she got the job.",
    "I'm terrified of getting it wrong with the kids.",
    "My son hit me with a question I couldn't answer: are you getting divorced?",
]

# Round 3: written after the last pattern change, run once, untuned. Its
# counts are the estimate docs/screens.md gives; its misses are not fixed.
CRISIS_FRESH_CATCH: list[tuple[str, str]] = [
    (
        "My kids deserve a better mom than me, maybe they'd be happier if I disappeared.",
        "suicide",
    ),
    ("I'm going to end it tonight, I've made up my mind.", "suicide"),
    ("Tonight I looked up the tallest bridge near us.", "suicide"),
    ("My husband told me he's been thinking about suicide.", "suicide"),
    ("I want to die every single morning when I wake up and remember.", "suicide"),
    ("i just wanna disappear forever", "suicide"),
    ("I dont see any point in living without him.", "suicide"),
    ("He's threatening to shoot himself.", "suicide"),
    ("I've been hurting myself again, mostly my arms.", "self_harm"),
    ("My daughter told me her dad hit her.", "violence_at_home"),
    ("She kicked me in the ribs while I was asleep.", "violence_at_home"),
    ("He grabbed my wrist so hard it bruised.", "violence_at_home"),
    ("He said if I leave he'll make sure I never see daylight again.", "violence_at_home"),
    ("He hurt the kids last weekend at his place.", "violence_at_home"),
    ("My wife punched me and then said I made her do it.", "violence_at_home"),
    ("I'm terrified she'll stab me in my sleep.", "violence_at_home"),
]

CRISIS_FRESH_CLEAN: list[str] = [
    "That argument took the life out of me.",
    "My wife is a killer negotiator, mediation was brutal.",
    "I'm going to hit the gym before the kids come home.",
    "He slapped a for-sale sign on the house without asking me.",
    "I bombed the interview, I want to crawl under a rock and die.",
    "The kids are killing me with questions about Christmas.",
    "I'm so done with this stupid app.",
    "He's dying to tell his family before I do.",
    "Honestly the pain in my chest when he left felt like I was dying.",
    "She threatened to call a lawyer if I didn't sign.",
    "I'd kill to know what she's thinking.",
    "We both know staying together would be slow death.",
    "She'll murder me for posting the photo of the cake.",
    "Gutted. Absolutely gutted. He's really leaving.",
]

# Round 3 (issue 10, session 2): kinds the round-2 rules missed (moderation/detect/crisis_round3.py).
CRISIS_MUST_CATCH += [
    ("My family would manage fine, probably better, once I'm out of the picture.", "suicide"),
    ("I'd rather not exist than go through the court case.", "suicide"),
    ("Nobody would notice for days if I disappeared.", "suicide"),
    ("I've saved up the codeine from my back op.", "suicide"),
    ("I've worked out which beam in the loft would hold.", "suicide"),
    ("Wrote my note. It's under the clock on the mantelpiece.", "suicide"),
    ("Please tell my boys their dad loved them more than anything. I can't.", "suicide"),
    ("He keeps saying he'll end me if I tell anyone.", "violence_at_home"),
    ("He said he'd break my legs so I couldn't walk out.", "violence_at_home"),
    ("He pinned me against the wall by my throat.", "violence_at_home"),
    ("I've been locked in the spare room since Friday.", "violence_at_home"),
    ("He took the door handles off the inside.", "violence_at_home"),
    ("My youngest said daddy held her under the water in the bath.", "child_at_risk"),
    ("My daughter has bruises on her legs every time she comes back from his.", "child_at_risk"),
    ("I cut deeper than I meant to last night.", "self_harm"),
    ("I burned my arm with the iron on purpose.", "self_harm"),
    ("i wana die", "suicide"),
    ("every1 wud b better off w/o me", "suicide"),
    ("Me dijo que me iba a matar si me llevaba a los niños.", "violence_at_home"),
    ("Je n'ai plus aucune raison de rester en vie.", "suicide"),
]
CRISIS_MUST_NOT_CATCH += [
    "I don't want to die, I just want this year to be over.",
    "She stabbed me in the back by telling his family everything.",
    "I could strangle him for forgetting her birthday again.",
    "She beat me at Scrabble again, some things don't change.",
    "After he strangled me in 2016 I left with the kids, we've been safe ever since.",
    "I remember wanting to die the month he left. It passed. Hang on, it passes.",
    "Writing my husband a goodbye letter to the marriage, my therapist's idea, not to send.",
    "Warning signs of suicide include giving away possessions and saying goodbye.",
    "I jumped off the bridge into the river with the kids, it's a summer tradition here.",
    "I sat on the edge of the bed and cried.",
    "Me pegó un susto cuando apareció sin avisar.",
    "Ce dossier de divorce me tue.",
    "Shoot me a message if you want the worksheet.",
    "The kids will be fine without me for one weekend.",
    "I banged my head on the cupboard door again.",
]

# Round 4 (issue 10, session 3), from the corpus's training split: the structure of a farewell, a
# plan and being held (no single telling phrase), and the scope step (advice to someone else, a
# negated intent, a past crisis resolved). The round-3 screens got every one of these wrong.
CRISIS_ROUND4_CATCH: list[tuple[str, str]] = [
    ("I rehomed the cat today and cancelled my phone contract.", "suicide"),
    ("Don't worry about me after tonight, I'll be at peace.", "suicide"),
    (
        "I'm leaving my passwords and the life insurance papers with a note for my brother.",
        "suicide",
    ),
    ("Left the spare key under the mat for my sister. She'll know what to do.", "suicide"),
    (
        "The pills are in my coat pocket. I'm sitting in the car outside the school gates trying to decide.",
        "suicide",
    ),
    (
        "I've got a bottle of vodka and two boxes of paracetamol on the table in front of me.",
        "suicide",
    ),
    ("I chose the date. It's the day after our anniversary.", "suicide"),
    (
        "I'm typing this on the kids' tablet in the bathroom. He's got my phone and the house keys.",
        "violence_at_home",
    ),
    (
        "Every door in the house has a key lock now and he carries the keys on his belt.",
        "violence_at_home",
    ),
    (
        "He's taken the car, the keys and my purse. I'm stuck here with a baby and no way to get anywhere.",
        "violence_at_home",
    ),
]
CRISIS_ROUND4_LEAVE: list[str] = [
    "Not suicidal, before anyone worries. Just done with this divorce.",
    "I used to keep a stash of tablets 'just in case'. I flushed them when I started therapy and I'm doing much better.",
    "He used to take my car keys so I couldn't leave. I'm writing this from my own car, in my own drive, five years on.",
    "For anyone whose partner has threatened to kill themselves if you leave: you are not responsible for their "
    "choice, but do tell the police.",
    "Anyone who's written a goodbye note, please, please reach out before you do anything else. We want you here.",
    "I wrote my note in 2018 and never used it. I burned it last year on the anniversary of the day I chose to stay.",
    "Said my goodbyes to the old house, we handed over the keys today.",
    "Tonight I'm going to have a bath, a glass of wine and an early night.",
    "I've picked a date for the move, the 14th, and the kids are excited.",
    "To anyone on a bridge or a roof tonight: come down and post here, we'll stay up with you.",
    "Thanks everyone, I'm off to bed, this thread helped.",
    "I've got my meds counted out in the weekly box, it's the only way I remember them.",
]


@pytest.mark.parametrize(("text", "category"), CRISIS_ROUND4_CATCH)
def test_crisis_round4_structures_catch(text: str, category: str) -> None:
    findings = find_crisis(text)
    assert category in _categories(findings), (text, findings)
    assert all(f.excerpt and f.excerpt in text for f in findings)


@pytest.mark.parametrize("text", CRISIS_ROUND4_LEAVE)
def test_crisis_round4_scope_leaves_alone(text: str) -> None:
    assert find_crisis(text) == []


def test_model_hit_shows_only_when_confident_and_in_scope() -> None:
    from moderation.detect import ModelHit, model_hit_shows

    def hit(score: float, sentence: str) -> ModelHit:
        return ModelHit("crisis", score, sentence, threshold=0.9, queue_threshold=0.8)

    assert model_hit_shows(hit(0.95, "I've made my peace with it."))
    assert not model_hit_shows(hit(0.85, "I've made my peace with it."))  # possible only
    assert not model_hit_shows(hit(0.99, "I'm not suicidal, just exhausted."))  # a denial
    assert not model_hit_shows(
        hit(0.99, "Anyone who has the pills ready, please reach out tonight.")
    )  # advice
    assert not model_hit_shows(
        hit(0.99, "Years ago I had a plan and a date. I got help and I'm well now.")
    )  # past


# Round 5 (issue 10, session 4), from the corpus's training split: legal talk that names abuse by
# its legal term only, and someone's past crisis that ended well in words the round-4 past step
# did not know. The round-4 screens flagged every one of these.
CRISIS_ROUND5_LEAVE: list[str] = [
    "The court granted the protection order this morning. Now we're just waiting on the final "
    "hearing for the house.",
    "Cafcass do a safeguarding check for domestic violence on every case, it's routine.",
    "Can a restraining order be varied so he can come to our son's football matches?",
    "My brother tried to take his own life when he was twenty. He's forty now, married with three "
    "kids, and he coaches my son's rugby team.",
    "I self-harmed all through my twenties. Those scars are faded now and I haven't done it in "
    "twelve years.",
    "Back in 2016 my husband locked me in the house for a weekend. I left on the Monday with the "
    "police and never saw him again.",
    "After my wife's suicide attempt we did two years of therapy together. We're stronger than ever.",
    "My dad tried to kill himself when I was a kid. Years later he went on to open his own bakery.",
]
# ... while the same terms said of the member's own present still count.
CRISIS_ROUND5_STILL_CATCH: list[tuple[str, str]] = [
    ("I got a restraining order against my husband today.", "violence_at_home"),
    (
        "The judge granted the protection order but he turned up outside my house tonight.",
        "violence_at_home",
    ),
    ("I'm living with domestic abuse and I don't know who to tell.", "violence_at_home"),
    (
        "My brother tried to take his own life when he was twenty and he's talking about it again.",
        "suicide",
    ),
]


# Round 5 rules by kind (crisis_round5), from the round-5 training split; the round-4 screens
# missed every one of these.
CRISIS_ROUND5_CATCH: list[tuple[str, str]] = [
    ("Mi mujer dice que se va a suicidar si la dejo.", "suicide"),
    ("Nadie me echaría de menos si me muriera.", "suicide"),
    ("Me corto los brazos para no sentir lo demás.", "self_harm"),
    ("Ayer me empujó contra la pared y me dio un puñetazo delante de la niña.", "violence_at_home"),
    ("Dejó a los niños solos toda la noche y se fue a beber.", "child_at_risk"),
    ("Il m'enferme dans la chambre quand il part travailler.", "violence_at_home"),
    ("Il laisse les petits seuls à la maison des nuits entières.", "child_at_risk"),
    ("my boy has marks on his back from his dads belt again", "child_at_risk"),
    ("She screams at our toddler and shakes him till he goes quiet.", "child_at_risk"),
    (
        "Our 9 year old said he doesn't want to go to his mum's because her partner locks him in "
        "his room.",
        "child_at_risk",
    ),
    ("im gunna hurt myslef i know it", "self_harm"),
    ("cnt stop cuttin", "self_harm"),
    ("I've looked up which of my tablets are the most dangerous together.", "suicide"),
    (
        "My will's signed, the cat is booked into the shelter and the house is clean. There's "
        "nothing left to do.",
        "suicide",
    ),
    ("Gonna log off now. Don't worry about me, I won't be hurting much longer.", "suicide"),
    ("Please tell the people on the Sunday thread I'm sorry I couldn't stick around.", "suicide"),
    ("Every night I pray not to wake up and every morning I'm disappointed.", "suicide"),
    ("My kids would be better off with a mum who's dead than one who's like this.", "suicide"),
    ("Ya tengo decidido cómo lo voy a hacer.", "suicide"),
    ("He drives the kids around after a bottle of wine, I smell it at handover.", "child_at_risk"),
    (
        "I wanted to say thank you to this group. You were the last people I talked to properly.",
        "suicide",
    ),
]
CRISIS_ROUND5_KIND_LEAVE: list[str] = [
    "Me pegó un susto cuando apareció sin avisar.",
    "My son fell off the trampoline and has a massive bruise on his back.",
    "My daughter told her brother to keep it a secret that we're planning a surprise party.",
    "I've made my decision about the house, thank you all for the advice.",
    "Signing off for tonight, thanks everyone, see you tomorrow.",
    "I hope the baby doesn't wake up before the health visitor comes.",
    "We're on the electoral register at the new address now, the kids are settled.",
    "Thanks for the advice, I'll try mediation one more time.",
]


@pytest.mark.parametrize(("text", "category"), CRISIS_ROUND5_CATCH)
def test_crisis_round5_rules_catch(text: str, category: str) -> None:
    findings = find_crisis(text)
    assert category in _categories(findings), (text, findings)
    assert all(f.excerpt and f.excerpt in text for f in findings)


@pytest.mark.parametrize("text", CRISIS_ROUND5_KIND_LEAVE)
def test_crisis_round5_rules_leave_alone(text: str) -> None:
    assert find_crisis(text) == []


@pytest.mark.parametrize("text", CRISIS_ROUND5_LEAVE)
def test_crisis_round5_legal_and_past_left_alone(text: str) -> None:
    assert find_crisis(text) == []


@pytest.mark.parametrize(("text", "category"), CRISIS_ROUND5_STILL_CATCH)
def test_crisis_round5_present_danger_still_caught(text: str, category: str) -> None:
    assert category in _categories(find_crisis(text))


# Knowingly missed; each stays xfail(strict) until a change catches it.
CRISIS_KNOWN_MISSES: list[tuple[str, str]] = [
    # a staying partner's despair, or suicidal? Too ambiguous to match on
    ("I don't want to live without her. I mean it literally.", "suicide"),
    # read as the idiom "she'll kill me if she finds out", though it may be literal
    ("He'd kill me if he knew I was posting here.", "violence_at_home"),
]

# Knowingly flagged although not a crisis (the screen leans towards catching).
CRISIS_KNOWN_FALSE_ALARMS: list[str] = [
    "I'm scared of what she'll do when she finds out about the money.",
]


def _categories(findings: list[Finding]) -> set[str]:
    return {f.category for f in findings}


@pytest.mark.parametrize(("text", "category"), CRISIS_MUST_CATCH)
def test_crisis_catches(text: str, category: str) -> None:
    findings = find_crisis(text)
    assert category in _categories(findings), (text, findings)
    assert all(f.kind == "crisis" and f.reason.startswith("crisis: ") for f in findings)
    assert all(f.excerpt and f.excerpt in text for f in findings)


@pytest.mark.parametrize("text", CRISIS_MUST_NOT_CATCH)
def test_crisis_leaves_alone(text: str) -> None:
    assert find_crisis(text) == []


# ---------------------------------------------------------------------------
# Personal data
# ---------------------------------------------------------------------------

PERSONAL_MUST_CATCH: list[tuple[str, str]] = [
    # phone numbers
    ("If anyone local wants to talk, text me on (555) 123-4567.", "phone"),
    ("My number is 555-123-4567, call after the kids are asleep.", "phone"),
    ("555.123.4567 is my cell, he doesn't know it", "phone"),
    ("Reach me at +1 555 123 4567 any evening.", "phone"),
    ("1-555-123-4567 is the one to use", "phone"),
    ("Happy to chat, my mobile is 07700 900123.", "phone"),
    ("07700900123 on WhatsApp", "phone"),
    ("Call me, +44 7700 900123, I'm in Leeds too.", "phone"),
    ("Office line +44 (0)20 7946 0958 if you want the mediator's details.", "phone"),
    ("Landline is 0161 496 0000 but he checks the bill.", "phone"),
    ("My sister in Leicester, 0116 496 0321, knows everything.", "phone"),
    ("I'm in Sydney, +61 412 345 678 on Signal.", "phone"),
    ("text me at 555-1234 whenever", "phone"),
    # e-mail addresses
    ("Email me at jane.doe@gmail.com if you want to talk privately.", "email"),
    ("my private one is JohnSmith1979@yahoo.co.uk", "email"),
    ("j_smith+forum@outlook.com is safe, she doesn't know about it", "email"),
    ("jane dot doe at gmail dot com", "email"),
    ("janedoe [at] hotmail [dot] com", "email"),
    ("Write to jdoe (at) protonmail (dot) me", "email"),
    ("I'm sarah1985 at yahoo dot com", "email"),
    ("reach me on mark.t@gmail", "email"),
    # street addresses and postcodes
    ("He's staying at 123 Maple Street with her now.", "street_address"),
    ("We rented 42 Oak Ave, Apt 5 when we first married.", "street_address"),
    (
        "Our first flat was round the corner from 10 Downing St, believe it or not.",
        "street_address",
    ),
    ("She's moved to a flat near SW1A 2AA.", "street_address"),
    ("1600 Pennsylvania Avenue NW, Washington, DC 20500", "street_address"),
    ("The house at 221B Baker Street is going on the market.", "street_address"),
    ("He's renting 7 Elm Close now", "street_address"),
    ("meet me outside 15 north main st. at 6", "street_address"),
    ("Springfield, IL 62704 is where his parents live.", "street_address"),
    ("flat 3, 27 Victoria Road, M1 1AE", "street_address"),
    ("She lives at 1234 W 5th Ave and parks his car there.", "street_address"),
    # full names of partners
    ("My husband John Smith has been seeing someone from work.", "full_name"),
    ("my wife's name is Jane Doe, if anyone here knows her", "full_name"),
    ("My husband, Michael O'Brien, told the kids before we agreed what to say.", "full_name"),
    ("my stbx Mark Thompson wants the house", "full_name"),
    ("My ex-wife Sarah Jane Miller posts on here too.", "full_name"),
    ("The OW is called Emily Clarke and she works with him.", "full_name"),
    ("His affair partner, Rachel Green, messaged me last night.", "full_name"),
    ("Jane Doe (my wife) said I could share this.", "full_name"),
    ("My H David Lee-Jones moved out on Sunday.", "full_name"),
    ("my wife\u2019s full name is Mar\u00eda Garc\u00eda, in case the lawyer asks", "full_name"),
]

PERSONAL_MUST_NOT_CATCH: list[str] = [
    "We've been married 20 years this June.",
    "We argue 3-4 times a week, usually about money.",
    "Counselling costs $150 per session and we go every week.",
    "He moved out on 12/03/2023.",
    "Married 2004-2024, two kids, one dog.",
    "Our house is worth about £450,000 but the mortgage is huge.",
    "I'm 42 and he's 45.",
    "It happened at 10:30 pm on a Tuesday.",
    "The hotline is 1-800-799-7233, they were kind to me.",
    "Samaritans on 116 123, any time, free.",
    "The national domestic abuse helpline is 0808 2000 247.",
    "Call 988 if you're in crisis.",
    "Between 1998 and 2004 we lived abroad.",
    "Dates: 2023-10-05 first session, 2023-11-02 second.",
    "my husband John keeps texting me at work",
    "My ex-wife, Karen, has the kids this weekend.",
    "My husband and I went to our first session.",
    "We read The Seven Principles by John Gottman together.",
    "We met at Match.com of all places.",
    "@sarah_k thanks for this, it helped",
    "We live on Maple Street, near the school.",
    "I walked 3 blocks down the road and sat in the car.",
    "He drove 40 miles up the motorway to her place.",
    "It came from 1 dark place in me I didn't know was there.",
    "Version 10.0.19045 of the app crashed again.",
    "Psalm 23:4 got me through last night.",
    "My husband's therapist Dr Smith suggested a trial separation.",
    "My wife Jane And I are trying a 90 day plan.",
    "We took the M25 at junction 10 and didn't talk for an hour.",
    "He's asking for 60/40 on the house, we paid 250000 for it in 2010.",
]

# Round 1 "fresh" list (caught 7/10 before the name bug was fixed, 0/8 false alarms).
PERSONAL_MUST_CATCH += [
    ("you can call me on 020 3946 0111 in the evenings", "phone"),
    ("My cell: 212 555 0198", "phone"),
    ("Whatsapp +33 6 12 34 56 78", "phone"),
    ("my email is m.jones at outlook dot com", "email"),
    ("mike_d@icloud.com", "email"),
    ("He moved in with her at 58 Cherry Tree Lane.", "street_address"),
    ("We're at 9 Kings Road, Chelsea, SW3 4RP", "street_address"),
    ("my husband Tom Fletcher", "full_name"),
    ("my wife is called Priya Shah", "full_name"),
    ("My ex, Daniel Kowalski, has a new partner.", "full_name"),
]

PERSONAL_MUST_NOT_CATCH += [
    "Day 45 of no contact, 320 days until the divorce is final.",
    "It's 11.30pm and I can't sleep.",
    "We split the £1,200 rent 50/50.",
    "Step 4 of the workbook was the hardest.",
    "My husband Dave is a good dad.",
    "I read Esther Perel's book on the train.",
    "Flight BA 287 got delayed and we had to talk for 6 hours.",
    "She's 5 ft 4 and I still look for her in crowds.",
]

# Round 2: written with the patterns frozen, run once: caught 12/12, flagged
# 0/12 clean ones. Tuning data now.
PERSONAL_MUST_CATCH += [
    ("text me 07911 123456", "phone"),
    ("My number's +1 (415) 555-0132", "phone"),
    ("home phone (020) 7123 4567, don't ring after 9", "phone"),
    ("email me: lisa.m.b@hotmail.co.uk", "email"),
    ("rob at protonmail dot com", "email"),
    ("tomkins77 (at) gmail.com", "email"),
    ("She lives at 14 Rosewood Drive with him now.", "street_address"),
    ("it's 3 Chapel Row, Bath BA1 1HX", "street_address"),
    ("2217 Elm St Apt 3B, Austin TX 78701", "street_address"),
    ("my husband, Gareth Llewellyn-Price, is a teacher", "full_name"),
    ("the other woman is named Chloe Martin", "full_name"),
    ("my wife Anne-Marie Dubois", "full_name"),
]

PERSONAL_MUST_NOT_CATCH += [
    "We've done 12 sessions in 6 months.",
    "I was born in 1979 and married in 2001.",
    "He earns 85,000 a year and still says we can't afford counselling.",
    "Chapter 7 of the book is about repair.",
    "Pages 112-118 of the workbook.",
    "Meet at 7.45 at the cafe?",
    "My ex, Jordan, is a good dad.",
    "Dear John letters are not my style.",
    "We split at 10pm on 14 February.",
    "Our son is 15 and our daughter is 12.",
    "Our counsellor is at Relate in town.",
    "We have 2 Great Danes and 1 very old Labrador.",
]

# Round 3: written after the last pattern change, run once, untuned.
PERSONAL_FRESH_CATCH: list[tuple[str, str]] = [
    ("Ring me on 0113 496 0123", "phone"),
    ("I'm at (212) 555-0147 after six", "phone"),
    ("my personal one: kate_w88@aol.com", "email"),
    ("his work email is d.hughes at bt dot com", "email"),
    ("We used to live at 88 Larkspur Crescent", "street_address"),
    ("the flat is 4 Mill Lane, Oxford OX1 2AB", "street_address"),
    ("our old place, 5501 Sunset Blvd, LA", "street_address"),
    ("My wife, Lucy Ann Whitfield, is a nurse there.", "full_name"),
    ("my STBXH Kevin MacAllister", "full_name"),
    ("DM'd her husband, Paul Rivera, by mistake", "full_name"),
]

PERSONAL_FRESH_CLEAN: list[str] = [
    "Week 3 of 12 in the separation plan.",
    "I paid 1,450 for the retainer.",
    "He was 27 and I was 24 when we married.",
    "See page 45 of the Gottman book.",
    "From 9-5 I'm fine, it's the evenings.",
    "Our son's school is on Church Road.",
    "We spent 2 nights in a hotel on the High Street.",
    "My husband Mark's mum has been amazing.",
    "I texted 3 friends and 2 of them replied.",
    "Call 111 if it's not an emergency.",
]

# Round 3 (issue 10, session 2): kinds the round-2 patterns missed (moderation/detect/personal_more.py).
PERSONAL_MUST_CATCH += [
    ("my number is five five five, one two three, four five six seven", "phone"),
    ("jane underscore doe at gee mail", "email"),
    ("Ring me on 030 123456, I'm in Berlin.", "phone"),
    ("Call me on 612 34 56 78, I'm in Valencia.", "phone"),
    ("My number is oh seven seven double oh, nine hundred, four six one.", "phone"),
    ("my private address is j o h n s m i t h at gmail", "email"),
    ("We live at Hauptstraße 5, 10115 Berlin.", "street_address"),
    ("I'm at Calle de Serrano 45, 28001 Madrid, bell says García.", "street_address"),
    ("I moved to 8 avenue Jean Jaurès, Toulouse.", "street_address"),
    ("my postcode is sw1a 2aa", "street_address"),
    ("His van is a white Transit, reg YK19 ABX, he parks it outside my work.", "licence_plate"),
    ("Plaque AB-123-CD, une Clio grise, il me suit.", "licence_plate"),
    ("My Insta is @lucy.tries.again if you want to follow.", "handle"),
    ("I'm u/quietlyleaving on reddit too.", "handle"),
    ("Our boys go to Hillcrest Academy in Bicester.", "school"),
    ("The kids go to Lycée Jean Moulin in Lyon.", "school"),
    ("I'm a pharmacist at the Boots in Ripon town centre.", "workplace"),
    ("He's a PE teacher at the secondary school in Malton.", "workplace"),
    ("The man she left me for is Daniel Okafor.", "full_name"),
    ("Mon mari, Pierre Lambert, refuse de signer.", "full_name"),
    ("The joint account is sort code 20-00-00, account 12345678.", "id_number"),
]
PERSONAL_MUST_NOT_CATCH += [
    "@hopeful_again your post made me cry, thank you.",
    "Follow the @relate_charity account for tips.",
    "My son started secondary school this year and loves it.",
    "He works in finance in London, long hours.",
    "I'm a nurse and I work nights.",
    "In Germany the Hilfetelefon is 08000 116 016.",
    "Mind's infoline is 0300 123 3393.",
    "The A1 was closed so we took the M6.",
    "Form E1 and C100 are the ones you need.",
    "My Instagram is private now.",
    "He sent me an email at 3am again.",
    "I'll be at the gym at six.",
    "Mediation session 3 of 6 is on 14/11 at 10:00.",
    "We paid 325.000 for the house in 2014 and it's worth 410.000 now.",
]

PERSONAL_KNOWN_MISSES: list[tuple[str, str]] = [
    ("my husband john smith", "full_name"),  # lower case
    ("He lives on the corner of Elm and 5th, the blue house.", "street_address"),
    (
        "zero six, douze, trente-quatre, cinquante-six, soixante-dix-huit",
        "phone",
    ),  # French number words
]


def _check_personal(text: str) -> list[Finding]:
    findings = find_personal_data(text)
    assert all(
        f.kind == "personal_data" and f.reason.startswith("personal data: ") for f in findings
    )
    assert all(f.excerpt and f.excerpt in text for f in findings)
    return findings


# Round 5 (issue 10, session 4), from the round-5 training split: a handle named without "@" near
# its platform, a school or nursery named with the school word in lower case or as "College".
PERSONAL_ROUND5_CATCH: list[tuple[str, str]] = [
    (
        "She posts everything on her Instagram, it's lauren.m.fitness if you want to see.",
        "handle",
    ),
    ("you can find me on insta as mumof3_surviving", "handle"),
    ("He games as Shadowwolf_1984 on Xbox, that's how he met her.", "handle"),
    ("My son started at St Anselm's College in Birkenhead this year.", "school"),
    ("Ma fille est en CM1 à l'école Jules Ferry de Nantes.", "school"),
    ("My youngest goes to Little Acorns nursery on Mill Lane, he's there on Mondays.", "school"),
]
PERSONAL_ROUND5_LEAVE: list[str] = [
    "Someone on TikTok explained Form E better than my solicitor did, she posts as a lawyer.",
    "We met on Instagram, it's where everyone is these days.",
    "My son is at college in Birkenhead now, doing plumbing.",
    "The nursery has been lovely about the separation.",
]


@pytest.mark.parametrize(("text", "category"), PERSONAL_ROUND5_CATCH)
def test_personal_round5_catch(text: str, category: str) -> None:
    assert category in _categories(find_personal_data(text))


@pytest.mark.parametrize("text", PERSONAL_ROUND5_LEAVE)
def test_personal_round5_leave_alone(text: str) -> None:
    assert find_personal_data(text) == []


@pytest.mark.parametrize(("text", "category"), PERSONAL_MUST_CATCH)
def test_personal_data_catches(text: str, category: str) -> None:
    findings = _check_personal(text)
    assert category in _categories(findings), (text, findings)


@pytest.mark.parametrize("text", PERSONAL_MUST_NOT_CATCH)
def test_personal_data_leaves_alone(text: str) -> None:
    assert find_personal_data(text) == []


def test_personal_data_excerpts_and_reasons() -> None:
    text = "Text me on 07700 900123 or jane.doe@gmail.com; he's at 42 Oak Ave, Apt 5 with my husband John Smith."
    by_category = {f.category: f for f in find_personal_data(text)}
    assert by_category["phone"].excerpt == "07700 900123"
    assert by_category["phone"].reason == "personal data: phone number"
    assert by_category["email"].excerpt == "jane.doe@gmail.com"
    assert by_category["email"].reason == "personal data: e-mail address"
    assert by_category["street_address"].excerpt == "42 Oak Ave, Apt 5"
    assert by_category["street_address"].reason == "personal data: street address"
    assert by_category["full_name"].excerpt == "my husband John Smith"
    assert by_category["full_name"].reason == "personal data: full name"


def test_postcode_reason() -> None:
    (finding,) = find_personal_data("near SW1A 2AA")
    assert finding.category == "street_address"
    assert finding.reason == "personal data: postcode"


def test_crisis_excerpt_is_from_original_text() -> None:
    (finding,) = find_crisis("Last   night\nhe **hit me** again.")
    assert finding.category == "violence_at_home"
    assert finding.reason == "crisis: violence at home"
    assert finding.excerpt == "he **hit me"


def test_empty_text() -> None:
    assert find_crisis("") == []
    assert find_personal_data("") == []
    assert find_watched("", [WatchedWord("x", "flag")]) == []


# ---------------------------------------------------------------------------
# Watched words
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Hello, WORLD!", "hello world"),
        ("Café Naïve Über", "cafe naive uber"),
        ("sh!t", "shit"),
        ("a$$", "ass"),
        ("@ss", "ass"),
        ("b1tch", "bitch"),
        ("h0e", "hoe"),
        ("l00s3r", "looser"),
        ("5lut", "slut"),
        ("7rash", "trash"),
        ("idiot!", "idiot"),
        ("married in 2020, 3 kids", "married in 2020 3 kids"),
        ("s h i t", "shit"),
        ("s.h.i.t", "shit"),
        ("f---   off", "f off"),
        ("straße", "strasse"),
        ("ｆｕｌｌ　ｗｉｄｔｈ", "full width"),
        ("", ""),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


WATCH = [
    WatchedWord("ass", "hold"),
    WatchedWord("shit", "flag"),
    WatchedWord("gold digger", "hold"),
    WatchedWord("kill", "flag"),
    WatchedWord("cheat*", "flag"),
    WatchedWord("jezebel", "block"),
]


@pytest.mark.parametrize(
    ("text", "pattern", "excerpt"),
    [
        ("He's being a complete ass about the car.", "ass", "ass"),
        ("what an @$$", "ass", "@$$"),
        ("A-S-S", "ass", "A-S-S"),
        ("this is sh!t", "shit", "sh!t"),
        ("SHIT.", "shit", "SHIT"),
        ("She's a gold-digger and everyone knows it", "gold digger", "gold-digger"),
        ("gold   digger", "gold digger", "gold   digger"),
        ("G0LD D1GGER", "gold digger", "G0LD D1GGER"),
        ("I'll k1ll him", "kill", "k1ll"),
        ("he's a cheater", "cheat*", "cheater"),
        ("she cheated", "cheat*", "cheated"),
        ("J\u00e9z\u00e9bel", "jezebel", "J\u00e9z\u00e9bel"),
    ],
)
def test_watched_matches(text: str, pattern: str, excerpt: str) -> None:
    hits = {w.pattern: f for w, f in find_watched(text, WATCH)}
    assert pattern in hits, (text, hits)
    finding = hits[pattern]
    assert finding.kind == "watched_word"
    assert finding.category == pattern
    assert finding.reason == f"watched word: {pattern}"
    assert finding.excerpt == excerpt


@pytest.mark.parametrize(
    "text",
    [
        "Our first class together was salsa.",
        "I passed the glass to him without a word.",
        "We need to reassess the schedule.",
        "Massive thanks to everyone here.",
        "He's a skilled carpenter.",
        "Her shiitake risotto was the last nice dinner we had.",
        "The gold necklace and the digger toy went to the charity shop.",
        "killing time before the session",  # "kill" is a whole word only
        "Class of 2004.",
    ],
)
def test_watched_word_boundaries(text: str) -> None:
    assert find_watched(text, WATCH) == []


def test_watched_returns_words_in_text_order_once_each() -> None:
    text = "shit, shit, what an ass"
    hits = find_watched(text, WATCH)
    assert [w.pattern for w, _ in hits] == ["shit", "ass"]
    assert hits[0][0].action == "flag" and hits[1][0].action == "hold"


def test_watched_word_action_is_checked() -> None:
    with pytest.raises(ValueError):
        WatchedWord("x", "delete")


def test_watched_word_empty_pattern_is_ignored() -> None:
    assert (
        find_watched("anything at all", [WatchedWord("  ", "flag"), WatchedWord("!!", "hold")])
        == []
    )


# ---------------------------------------------------------------------------
# Fresh lists and known gaps
# ---------------------------------------------------------------------------


def _caught_crisis(item: tuple[str, str]) -> bool:
    return item[1] in _categories(find_crisis(item[0]))


def _caught_personal(item: tuple[str, str]) -> bool:
    return item[1] in _categories(find_personal_data(item[0]))


# Recorded from the single untuned run; docs/screens.md quotes them.
# (caught of *_FRESH_CATCH, flagged of *_FRESH_CLEAN). If a change moves these,
# update docs/screens.md, then these numbers.
CRISIS_FRESH_EXPECTED = (12, 0)  # of (16, 14); was (8, 0) before the round-2 rules
PERSONAL_FRESH_EXPECTED = (10, 0)  # of (10, 10)


def test_fresh_lists_match_recorded_counts() -> None:
    crisis = (
        sum(_caught_crisis(i) for i in CRISIS_FRESH_CATCH),
        sum(bool(find_crisis(t)) for t in CRISIS_FRESH_CLEAN),
    )
    personal = (
        sum(_caught_personal(i) for i in PERSONAL_FRESH_CATCH),
        sum(bool(find_personal_data(t)) for t in PERSONAL_FRESH_CLEAN),
    )
    assert crisis == CRISIS_FRESH_EXPECTED, "detectors changed: re-measure, update docs/screens.md"
    assert personal == PERSONAL_FRESH_EXPECTED, (
        "detectors changed: re-measure, update docs/screens.md"
    )


@pytest.mark.xfail(strict=True, reason="known miss, see docs/screens.md")
@pytest.mark.parametrize(("text", "category"), CRISIS_KNOWN_MISSES)
def test_crisis_known_misses(text: str, category: str) -> None:
    assert category in _categories(find_crisis(text))


@pytest.mark.xfail(strict=True, reason="known false alarm, see docs/screens.md")
@pytest.mark.parametrize("text", CRISIS_KNOWN_FALSE_ALARMS)
def test_crisis_known_false_alarms(text: str) -> None:
    assert find_crisis(text) == []


@pytest.mark.xfail(strict=True, reason="known miss, see docs/screens.md")
@pytest.mark.parametrize(("text", "category"), PERSONAL_KNOWN_MISSES)
def test_personal_known_misses(text: str, category: str) -> None:
    assert category in _categories(find_personal_data(text))


def summary() -> list[str]:
    """The counts docs/screens.md reports."""

    def line(name: str, caught: int, total: int) -> str:
        return f"{name:<42} {caught:>3} / {total:<3}"

    return [
        line(
            "crisis, must catch (tuning)",
            sum(map(_caught_crisis, CRISIS_MUST_CATCH)),
            len(CRISIS_MUST_CATCH),
        ),
        line(
            "crisis, must leave alone (tuning) flagged",
            sum(bool(find_crisis(t)) for t in CRISIS_MUST_NOT_CATCH),
            len(CRISIS_MUST_NOT_CATCH),
        ),
        line(
            "crisis, fresh, caught",
            sum(map(_caught_crisis, CRISIS_FRESH_CATCH)),
            len(CRISIS_FRESH_CATCH),
        ),
        line(
            "crisis, fresh clean, flagged",
            sum(bool(find_crisis(t)) for t in CRISIS_FRESH_CLEAN),
            len(CRISIS_FRESH_CLEAN),
        ),
        line(
            "crisis, known misses, caught",
            sum(map(_caught_crisis, CRISIS_KNOWN_MISSES)),
            len(CRISIS_KNOWN_MISSES),
        ),
        line(
            "crisis, known false alarms, flagged",
            sum(bool(find_crisis(t)) for t in CRISIS_KNOWN_FALSE_ALARMS),
            len(CRISIS_KNOWN_FALSE_ALARMS),
        ),
        line(
            "personal data, must catch (tuning)",
            sum(map(_caught_personal, PERSONAL_MUST_CATCH)),
            len(PERSONAL_MUST_CATCH),
        ),
        line(
            "personal data, must leave alone, flagged",
            sum(bool(find_personal_data(t)) for t in PERSONAL_MUST_NOT_CATCH),
            len(PERSONAL_MUST_NOT_CATCH),
        ),
        line(
            "personal data, fresh, caught",
            sum(map(_caught_personal, PERSONAL_FRESH_CATCH)),
            len(PERSONAL_FRESH_CATCH),
        ),
        line(
            "personal data, fresh clean, flagged",
            sum(bool(find_personal_data(t)) for t in PERSONAL_FRESH_CLEAN),
            len(PERSONAL_FRESH_CLEAN),
        ),
        line(
            "personal data, known misses, caught",
            sum(map(_caught_personal, PERSONAL_KNOWN_MISSES)),
            len(PERSONAL_KNOWN_MISSES),
        ),
    ]


def test_print_summary(capsys: pytest.CaptureFixture[str]) -> None:
    with capsys.disabled():
        print("\n" + "\n".join(summary()))


if __name__ == "__main__":
    print("\n".join(summary()))
