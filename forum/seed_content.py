"""The words of the demo community (`crossroads seed-demo`), kept apart from the machinery.

Everything here is invented. Rules for editing it:

- Voice: peers, not experts. Non-judgmental: wanting to leave is not villainy, wanting
  to stay is not weakness. In common ground nobody argues for leaving or for staying,
  and nobody attacks "the other side".
- Privacy: no names of people or places, no phone numbers, e-mail or street addresses,
  no dates that could identify anyone. Spouses are "my wife", "my husband", "my partner".
- No crisis language (self-harm, suicide, violence at home): those posts are rightly
  sent to the top of the moderators' queue, and the demo should not fill it.
- Markdown the way members really use it: now and then a list, a quote, some emphasis.

`tests/forum/test_seed.py` checks the counts and the privacy/crisis rules.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Opener:
    """A thread's first post; `titles` are alternatives, so a reused opener reads differently.

    `topics` (space-separated words) pick the replies that fit it: a reply answers a thread
    when they share a topic. Replies tagged "any" (and GENERAL_REPLIES) fit every thread.
    """

    titles: tuple[str, ...]
    body: str
    topics: str = "any"

    @property
    def topic_set(self) -> frozenset[str]:
        return frozenset(self.topics.split())


@dataclass(frozen=True)
class Reply:
    topics: frozenset[str]
    text: str

    def fits(self, topics: frozenset[str]) -> bool:
        return bool(self.topics & topics)


def R(topics: str, text: str) -> Reply:  # noqa: N802 - reads like a tag in the lists below
    return Reply(frozenset(topics.split()), text)


# --------------------------------------------------------------------------- members

# Pseudonyms, by path. Nothing that looks like a real name.
USERNAMES: dict[str, list[str]] = {
    "staying": [
        "still_waters",
        "harbor_light",
        "porch_swing",
        "steady_oak",
        "lantern_keeper",
        "morning_tide",
        "slow_bloom",
        "quiet_compass",
        "tea_and_rain",
        "kite_string",
        "maple_hollow",
        "hearth_ember",
        "long_road_home",
        "paper_boats",
        "driftwood_heart",
    ],
    "leaving": [
        "open_window",
        "new_chapter_maybe",
        "heavy_backpack",
        "first_light",
        "crossing_slowly",
        "gentle_exit",
        "honest_attempt",
        "river_bend",
        "bare_branches",
        "far_lighthouse",
        "quiet_door",
        "moving_carefully",
        "tall_grass",
    ],
    "undecided": [
        "in_the_middle",
        "fence_sitter",
        "both_hands",
        "fog_lifting",
        "weathervane",
        "midway_point",
        "coin_in_the_air",
        "still_deciding",
        "new_here_too",
        "pendulum_days",
        "tidepool",
        "grey_areas",
    ],
}
MODERATOR = "demo_moderator"
THERAPIST = "demo_therapist"
THERAPIST_CREDENTIAL = "LMFT"

SPACES = ("staying", "leaving", "common-ground")

# --------------------------------------------------------------------------- staying

STAYING_OPENERS: list[Opener] = [
    Opener(
        ("Blindsided at the kitchen sink", "It came out of nowhere (for me)"),
        "We were loading the dishwasher when my wife said she didn't think she loved me the way "
        "she used to, and that she had been thinking about leaving for a long time. *A long time.* "
        "I thought we were fine. Tired, busy with the kids, but fine.\n\n"
        "I keep replaying the last year looking for the moment I missed. How did you get through "
        "the first weeks of not understanding anything?",
        topics="shock grief",
    ),
    Opener(
        ("The floor just went", "Does the disorientation ever lift?"),
        "The best way I can describe it: the marriage was the floor I stood on, and now there is no "
        "floor. I forget words at work. I walk into rooms and can't remember why. My husband is calm "
        "and kind about all of it, which somehow makes it harder.\n\n"
        "Does the fog lift? What helped you find your feet, even a little?",
        topics="shock grief",
    ),
    Opener(
        ('"You\'ll be fine" — will I?', "Reassurances that sound hollow"),
        "He keeps saying *you'll be fine, you're stronger than you think.* I know he means it kindly. "
        "But it lands like he has already gone and is checking on me from the doorway.\n\n"
        "Did anyone else find the leaving partner's reassurances hard to hear? How did you respond "
        "without starting an argument?",
        topics="shock bounds reassure",
    ),
    Opener(
        (
            "Grieving someone who is still in the house",
            "Missing my wife while she sits across the table",
        ),
        "She is still here. We share the kitchen, we do school pickups, we say goodnight. And I miss "
        "her constantly, like she is already somewhere else. I don't know what to call this kind of "
        "grief. Is it normal to mourn a person who is right there?",
        topics="grief",
    ),
    Opener(
        ("Looking honestly at my share", "Journaling prompts that actually helped?"),
        "My counsellor asked me to write about my part in how we got here. Not to blame myself, she "
        "said, just to see it clearly. I managed half a page before I got defensive *with a notebook.*\n\n"
        "Does anyone have prompts that helped them be honest without spiralling into self-blame?",
        topics="self",
    ),
    Opener(
        (
            "Boundaries with a spouse who is halfway out the door",
            "Is this a reasonable set of boundaries?",
        ),
        "After a month of chasing every conversation, I've decided a few things for myself:\n\n"
        "- I won't ask for a status update every night.\n"
        "- I won't go through his phone.\n"
        "- I'll ask for one planned check-in a week instead of catching him off guard in the hallway.\n"
        "- I'll keep my evenings for the kids and for me.\n\n"
        "Does this sound reasonable? How did you hold yours when it got hard?",
        topics="bounds",
    ),
    Opener(
        ("What gets you through the evenings?", "Evenings are the worst part"),
        "Daytime I can manage: work, errands, the kids. Evenings, once the house is quiet, it all "
        "floods in. I've started walking around the block after the dishes, which helps a bit.\n\n"
        "What are your outlets? I'm collecting ideas.",
        topics="outlets",
    ),
    Opener(
        ("Started running again after ten years", "Movement as a way through"),
        "Not to brag, because it was mostly walking with short bursts of shuffling. But I went out "
        "three mornings this week, and for those twenty minutes my head was quiet. First time in weeks.\n\n"
        "If you've been putting off moving your body because it feels pointless next to everything "
        "else: it isn't. Anyone want to keep each other honest on this?",
        topics="outlets",
    ),
    Opener(
        ("I painted something terrible and it helped", "Art for feelings without words"),
        "My sister gave me a cheap set of watercolours. I sat at the table and painted what the last "
        "two months feel like. It is *objectively awful* — a big grey smear with one yellow corner. "
        "But I cried, and then I felt lighter, and I slept.\n\n"
        "Does anyone else use drawing, music or writing to get the feelings out of their body?",
        topics="outlets",
    ),
    Opener(
        ("How much do I tell my family?", "My parents keep asking what's wrong"),
        "My husband asked me not to tell anyone yet, while he figures out what he wants. I agreed, "
        "but I'm carrying this alone and my parents can tell something is off.\n\n"
        "How did you balance respecting that request with needing support of your own? I don't want "
        "to turn my family against him, I just need someone to know.",
        topics="others bounds",
    ),
    Opener(
        ("Is it hope or is it denial?", "Hoping versus waiting"),
        "I still believe we can come through this. Some days I think that belief keeps me steady. Other "
        "days I wonder if I'm just refusing to see what's in front of me.\n\n"
        "How do you tell the difference between healthy hope and waiting for something that isn't "
        "coming?",
        topics="hope",
    ),
    Opener(
        (
            "Discernment counselling — anyone tried it?",
            "Counselling when one of us has a foot out the door",
        ),
        "Our regular couples counsellor suggested discernment counselling, which is apparently made "
        "for exactly this: one partner leaning out, one leaning in. My wife agreed to a few sessions.\n\n"
        "For those who did it: what was it like? What should I expect, and what should I *not* expect?",
        topics="counsel",
    ),
    Opener(
        ("I found out there is someone else", "Learning about an affair in the middle of all this"),
        "So part of the picture I didn't have: there has been someone else for a while. He says it's "
        "over and that it isn't *why* he wants to leave, but it's all I can think about.\n\n"
        "I'm not here to trash him. I honestly want to know how others held the grief and the anger "
        "at the same time, and kept talking about the kids like adults.",
        topics="affair grief",
    ),
    Opener(
        ("First night in the guest room", "Sleeping in separate rooms now"),
        "We agreed I'd take the guest room for now. It was my idea, actually; I couldn't lie next to "
        "her pretending to sleep anymore. It's a small room and it smells like old books.\n\n"
        "Strange how a practical decision can feel so final. For those who did this, did it make the "
        "days easier or harder?",
        topics="grief bounds",
    ),
    Opener(
        ("Our anniversary is coming up", "How do I get through the anniversary?"),
        "In a couple of weeks it will be fifteen years. Last year we went away for the weekend. This "
        "year I don't know whether to mention it at all.\n\n"
        "Did you mark it? Ignore it? Plan something just for yourself?",
        topics="grief anniversary",
    ),
    Opener(
        ("I over-functioned for years", "Realising I made myself indispensable"),
        "Journaling this week showed me something uncomfortable. For years I ran everything: the "
        "calendar, the money, the kids' schedules, even his social plans. I thought that was love. "
        "He says he felt like a guest in his own life.\n\n"
        "> I didn't make room for him to show up, and then I resented that he didn't.\n\n"
        "That's the sentence I wrote. Has anyone else found a pattern like this in themselves?",
        topics="self overfunction",
    ),
    Opener(
        ("Stopped pleading. Now what?", "What does letting go mean when you want to stay?"),
        "I've stopped trying to talk my wife out of it. Everyone here said pleading drives people away, "
        "and they were right; she is a little warmer now that I'm not chasing.\n\n"
        "But I don't know what to do with my hands, so to speak. How do you let go of the outcome "
        "without giving up on the marriage?",
        topics="hope bounds",
    ),
    Opener(
        ("Small wins thread", "Little wins this week"),
        "Starting a thread for the small stuff, because we need it:\n\n"
        "- I ate an actual breakfast three days in a row.\n"
        "- I had a calm conversation about the school calendar.\n"
        "- I laughed at a silly show and didn't feel guilty.\n\n"
        "Your turn. Nothing is too small.",
        topics="outlets wins",
    ),
    Opener(
        ('Friends saying "just let them go"', "When friends take sides"),
        "Every friend I've told has an opinion, and most of them boil down to *why would you want "
        "someone who doesn't want you?* I know they love me. But it makes me feel foolish for wanting "
        "to try.\n\n"
        "How do you handle well-meaning friends who don't get why you'd stay?",
        topics="others",
    ),
    Opener(
        ("Rehearsing conversations in my head", "What I wish I had said"),
        "I spend hours having imaginary conversations with my husband. In my head I'm articulate and "
        "calm and I say exactly the right thing. In real life I freeze or cry.\n\n"
        "Has anyone found a way to stop the rehearsing, or to turn it into something useful?",
        topics="self rehearse",
    ),
    Opener(
        ("Time outdoors helps more than I expected", "A walk in the woods every morning"),
        "I'm not an outdoors person. But there's a patch of woods near the school, and after drop-off "
        "I've started walking there for half an hour. Trees don't ask how I'm doing.\n\n"
        "Anyone else finding that being outside does something talking can't?",
        topics="outlets",
    ),
    Opener(
        ("My daughter asked why Dad sleeps downstairs", "The kids are noticing"),
        "We haven't told the kids anything yet; we want to do it together when there's something to "
        "tell. But my youngest asked this morning, in the middle of cereal, and I said something vague "
        "about his back.\n\n"
        "I hated lying. What did you say in the in-between time, when nothing was decided?",
        topics="kids",
    ),
    Opener(
        ("Anger finally showed up", "From sad to angry, and it surprised me"),
        "For two months I was only sad. Yesterday I was suddenly *furious* — at her, at the years I "
        "spent thinking we were solid, at myself. I went for a long drive and sang along to the radio, loudly and badly.\n\n"
        "Is this a stage? Where did you put the anger so it didn't leak onto the kids?",
        topics="grief outlets",
    ),
    Opener(
        ("Working on myself, for me", "Growth that isn't a strategy to win them back"),
        "My counsellor caught me out: every change I was making was secretly a move to get my husband "
        "to stay. Exercise, new haircut, reading the books he likes.\n\n"
        "I want to change because it's good for me, whatever happens. How did you make that shift, "
        "from performance to actual growth?",
        topics="self hope perform",
    ),
    Opener(
        (
            "Three months in: what I've learned so far",
            "Notes from a few months on the staying side",
        ),
        "Writing this partly for the newer folks, partly for me:\n\n"
        "1. The first weeks are the worst. It does get *different*, if not easier.\n"
        "2. Pleading doesn't work. Calm does, or at least it keeps the door open.\n"
        "3. Your own therapist, not just a couples one.\n"
        "4. Move your body every day, even badly.\n"
        "5. Look at your part. It is uncomfortable and it is worth it.\n\n"
        "What would you add?",
        topics="shock self outlets bounds",
    ),
    Opener(
        ("Can I ask for a time frame?", "Asking for a pause before any big decisions"),
        "My wife wants to move out soon. I'm asking for a few months where we don't make any permanent "
        "decisions, keep seeing a counsellor, and agree some ground rules.\n\n"
        "Is that a fair thing to ask, or am I just delaying the inevitable? How did you frame it so it "
        "didn't sound like a delaying tactic?",
        topics="bounds hope timeframe",
    ),
    Opener(
        ("Finding a counsellor just for me", "Individual therapy while the marriage is in limbo"),
        "Everyone here says get your own counsellor, not just a couples one. I finally booked a first "
        "appointment. I'm oddly nervous — it feels like admitting this is really happening.\n\n"
        "What did you look for in an individual counsellor? Anything you wish you'd asked in the first "
        "session?",
        topics="counsel",
    ),
    Opener(
        ("The quiet at dinner", "Family meals have gone silent"),
        "We still eat together for the kids' sake. The kids chatter, and my husband and I pass the salt "
        "politely. I used to love dinner.\n\n"
        "Did anyone find a way to make shared family time feel less like a performance?",
        topics="kids grief",
    ),
]

STAYING_REPLIES: list[Reply] = [
    R(
        "shock",
        "The first weeks were a blur for me too. I lost my keys twice a day. Be as gentle with yourself "
        "as you would be with a friend who just got this news.",
    ),
    R(
        "shock",
        "I didn't see it coming either. What helped was accepting that I may never get a full "
        "explanation that makes sense to me, and that I can heal anyway.",
    ),
    R(
        "grief",
        "Grieving someone who is still in the house is its own kind of strange. You're not imagining it, "
        "and you're not being dramatic.",
    ),
    R(
        "hope bounds",
        "Something my counsellor said that stuck: *you can want the marriage and still take care of "
        "yourself as if it might end.* Both at once.",
    ),
    R(
        "shock",
        'The reassurances felt hollow to me too. Eventually I just said, "I know you mean that kindly, '
        "and right now I can't take it in.\" It lowered the temperature.",
    ),
    R(
        "outlets",
        "Walking saved my evenings. Same route every night, no podcast, just walking. The routine itself "
        "is comforting.",
    ),
    R(
        "self",
        'I started a "three lines a day" journal: one thing I felt, one thing I did, one thing I noticed '
        "about my part. Small enough that I actually do it.",
    ),
    R(
        "bounds",
        "Your boundaries list looks solid to me. The weekly check-in especially; it stopped me cornering "
        "my wife in doorways, which I did *a lot* in the beginning.",
    ),
    R(
        "others",
        "When friends said to let him go, I started answering, \"I'm not ready to decide anything, I'm "
        'taking it one week at a time." Most of them backed off.',
    ),
    R(
        "hope",
        "Hope and denial: for me the difference was whether I was still looking after my own life. When "
        "hope meant putting everything on hold, it had turned into waiting.",
    ),
    R(
        "counsel",
        "We did discernment counselling. It doesn't promise to save the marriage; it helps you both get "
        "clear. I came out of it understanding my wife better, even though I didn't like everything I heard.",
    ),
    R(
        "rehearse",
        "Go easy on the imaginary conversations. I started writing them down instead, then choosing *one* "
        "sentence worth saying out loud. Usually it was shorter and kinder than the rehearsal.",
    ),
    R(
        "outlets",
        "Painting, knitting, baking bread, whatever. My hands needed something to do so my head would "
        "stop. You're not being silly.",
    ),
    R(
        "grief",
        "The anger is normal. Mine came at about the same point. I took it to the gym and to my "
        "counsellor, and kept it out of the kitchen.",
    ),
    R(
        "grief bounds",
        "Separate rooms made the days easier for us and the nights harder. After a few weeks the nights "
        "evened out too.",
    ),
    R(
        "anniversary",
        "On the anniversary I took the day off and went to a museum on my own. It was melancholy but "
        "mine, and I was proud of myself afterwards.",
    ),
    R(
        "others",
        "I told one person — my oldest friend — and asked her to keep it private. That felt like a fair "
        "middle ground between my husband's request and my need for support.",
    ),
    R(
        "overfunction",
        "Your over-functioning post could have been written by me. Realising it didn't make me the bad "
        "guy; it gave me something I can actually change.",
    ),
    R(
        "hope",
        "Letting go of the outcome, for me, meant deciding how I want to behave *whatever happens*. That "
        "part is in my hands, and it's a relief to have something that is.",
    ),
    R(
        "wins",
        "Small win: I returned a call I'd been avoiding for weeks, and I went to bed before midnight.",
    ),
    R(
        "wins",
        "Small win: I cooked a real dinner instead of eating toast over the sink. The kids noticed.",
    ),
    R("wins", "Small win: I didn't check whether he'd read my message. Twice."),
    R(
        "kids",
        'With the kids, we said, "Mum and Dad are working on some grown-up things, and we both love you '
        'very much." True, and enough for the in-between time.',
    ),
    R(
        "outlets",
        "Being outside is underrated. There's something about the sky being bigger than the problem.",
    ),
    R(
        "outlets",
        "I'd add: eat something green, get outside, sleep when you can. Boring advice, but your body "
        "is carrying all of this too.",
    ),
    R(
        "timeframe",
        "Asking for a time frame is fair. We agreed three months with no permanent decisions and a "
        "check-in at the end. It didn't guarantee anything, but it gave both of us room to breathe.",
    ),
    R(
        "counsel",
        "In my first session I asked the counsellor how she works with people whose spouse wants to "
        "leave. Her answer told me a lot about whether she'd get it.",
    ),
    R(
        "kids",
        "Family dinners: we started a silly game with the kids, each person says a rose and a thorn from "
        "their day. It gave us all something to talk about besides the silence.",
    ),
    R(
        "affair",
        "I found an affair hard to separate from everything else, too. A counsellor helped me keep "
        "two lists: what I feel about the affair, and what I want for the family. Both valid, different "
        "conversations.",
    ),
    R(
        "reassure",
        "You said:\n\n> it lands like he has already gone\n\nThat was exactly it for me. It helped to "
        "remember that the leaving partner has often been grieving for months before we even knew.",
    ),
    R(
        "shock grief",
        "It does lift. Not all at once, and not in a straight line. Around week eight I noticed I'd "
        "gone a whole afternoon without thinking about it.",
    ),
    R(
        "any",
        "One practice that helped me: every morning I write down three things I can control today. "
        "The list is usually boring, and that's the point.",
    ),
    R(
        "others hope",
        "Please don't feel foolish for wanting to stay. Wanting to keep your family together is not "
        "weakness.",
    ),
    R(
        "self",
        "My counsellor gave me this prompt: *What did my partner ask for over the years that I didn't "
        "hear?* It was a hard hour, and a useful one.",
    ),
    R(
        "self",
        "Another prompt that helped: *When did I stop being curious about my partner?* I didn't like the "
        "answer, but I needed it.",
    ),
    R(
        "bounds",
        'I kept a note on my phone called "things I want to say at the check-in". It stopped me blurting '
        "everything out at the wrong moment.",
    ),
    R(
        "bounds",
        "I had to stop reading her social media. It was a boundary with myself more than with her, and "
        "it made a real difference to my sleep.",
    ),
    R(
        "outlets",
        "Music did it for me. I made a playlist for each mood and let myself feel it for the length of "
        "the playlist, then went and did something practical.",
    ),
    R(
        "outlets",
        "I joined a community choir. Singing with strangers who knew nothing about my life was the most "
        "restful two hours of my week.",
    ),
    R(
        "outlets",
        "Gardening. I can't fix the marriage this week, but I can pull up weeds and see the difference.",
    ),
    R(
        "any",
        "You are doing more right than you think. You're here, you're looking at your part, and you're "
        "thinking about the kids. That's a lot.",
    ),
    R(
        "perform",
        'I relate to the performance problem. What helped was asking, "Would I still do this if I knew the '
        "outcome already?\" If yes, it's for me.",
    ),
    R(
        "any",
        "Separate finances came up early for us, and I panicked. Having an adviser walk me through the "
        "numbers made it feel much less overwhelming.",
    ),
    R(
        "rehearse",
        "The rehearsing eased once I had a regular time to say things. Knowing there's a check-in on "
        "the weekend lets my brain put things down until then.",
    ),
    R("hope grief", "Some days I still hope. Some days I grieve. I've stopped trying to pick one."),
    R(
        "shock",
        "Be kind to the version of you who didn't see it coming. They were doing their best with what "
        "they knew.",
    ),
    R(
        "shock",
        "My husband's calm used to make me feel crazy. Then I realised he'd had months to get used to "
        "the idea, and I'd had days. We weren't on the same clock.",
    ),
    R(
        "counsel any",
        "It's okay to tell your counsellor things you're not ready to say to anyone else. That's what "
        "the room is for.",
    ),
    R(
        "any",
        "I'm on a similar timeline. Checking in on this thread again tomorrow; we can keep each other "
        "company.",
    ),
    R(
        "affair",
        "Finding out about someone else in the middle of all this is a second shock on top of the "
        "first. Give yourself permission to take that one slowly too.",
    ),
    R(
        "kids",
        "Kids notice more than we think. What mine seemed to need most was to know they're loved and "
        "that their days will stay familiar.",
    ),
    R(
        "kids grief",
        "Shared meals were the hardest part for me too. I started cooking the kids' favourites and "
        "letting them do the talking. Less performance, more just being there.",
    ),
    R(
        "self",
        "Self-inquiry without self-blame took me a while. I write as if I'm describing a friend's "
        "marriage, which makes me fairer to both of us.",
    ),
    R(
        "self perform",
        "Growth for its own sake is slower and quieter than growth as a strategy. You'll notice "
        "the difference in how tired you feel.",
    ),
]

STAYING_FOLLOWUPS: list[Reply] = [
    R(
        "any",
        "Thank you, all of you. I read every reply twice. I didn't expect to feel less alone from a "
        "forum, but I do.",
    ),
    R(
        "bounds",
        "Update: I tried the weekly check-in idea and it went better than I expected. Still hard, but calmer.",
    ),
    R(
        "any",
        "I wrote down a few of these and stuck them on the fridge, inside a cupboard door where only I "
        "see them.",
    ),
    R("outlets", "I went for a walk after reading this. Small thing, but it helped."),
    R("any", "This thread got me through a rough evening. Thank you for being here."),
    R("counsel", "Small update: I booked my own counsellor. First session next week."),
    R(
        "any",
        "Reading these made me realise I've been holding my breath for two months. Trying to let it out.",
    ),
    R("self", "I'm going to try the journaling prompts tonight. I'll report back."),
]

# --------------------------------------------------------------------------- leaving

LEAVING_OPENERS: list[Opener] = [
    Opener(
        ("The guilt is enormous", "I don't feel like a villain, but I feel guilty all the time"),
        "I told my husband I want to separate. He is a good man and a good father, and he did nothing "
        "*wrong* in the way people mean it. I just don't fit inside this marriage anymore.\n\n"
        "The guilt sits on my chest all day. How did you carry it without letting it pressure you into "
        "either staying out of guilt or rushing out to make it stop?",
        topics="guilt",
    ),
    Opener(
        (
            "I wasn't ready for how lost she looks",
            "Underestimated how disoriented my partner would be",
        ),
        "I've been thinking about this for over a year. My wife has known for nine days. I keep expecting "
        "her to be where I am, and of course she isn't. She asks the same questions every evening.\n\n"
        "How do you stay patient when your partner is at the beginning of something you've been "
        "living with for a long time?",
        topics="pace listen",
    ),
    Opener(
        ("How long is long enough?", "Resisting the urge to rush"),
        "Part of me wants to move out next month and get it over with. Another part knows that is "
        "mostly about making *my* discomfort stop.\n\n"
        "For those who took it slowly: how long did you give the transition, and how did you decide "
        "it was enough?",
        topics="pace",
    ),
    Opener(
        ("Owning my share", "I checked out years ago and never said so"),
        "The honest version: I stopped raising things years ago. I decided it was pointless, went "
        "quiet, and let resentment grow. My husband genuinely didn't know how unhappy I was, because I "
        "never told him.\n\n"
        "That doesn't change how I feel now. But I owe him an acknowledgement of it. Has anyone done "
        "this well?",
        topics="share",
    ),
    Opener(
        ("She asked me not to text after nine", "Respecting a boundary I don't love"),
        "My wife asked that we keep practical messages to daytime, and not text in the evenings at all. "
        "My first reaction was irritation: what if something comes up with the kids?\n\n"
        "My second reaction was that she probably needs her evenings to fall apart in peace. Anyone "
        "else navigating boundaries from the leaving side?",
        topics="bounds",
    ),
    Opener(
        ("Telling the kids — when and how?", "Planning the conversation with our children"),
        "We have two kids. We've agreed to tell them together, and not until we have a plan for "
        "where everyone will live. But the older one is sharp and already asking questions.\n\n"
        "What did you say? What do you wish you'd said differently?",
        topics="kids",
    ),
    Opener(
        ("Leaving someone I still care about", "I still love him, just not as a husband"),
        "People assume that if you're leaving you must be angry, or in love with someone else. I'm "
        "neither. I care about him deeply and I want him to be happy. I just don't want to be married "
        "to him.\n\n"
        "Does anyone else find that the hardest thing to explain?",
        topics="care guilt",
    ),
    Opener(
        ("There was someone else. It's over. Now what?", "Being honest about an affair"),
        "I'm not proud of this. There was someone else for a few months. It has stopped, and it isn't "
        "the reason I want to leave — the marriage was over for me before — but I know it looks that way.\n\n"
        "My partner knows now. How do I own this fully without letting it become the whole story, "
        "and without being defensive when it comes up?",
        topics="affair share",
    ),
    Opener(
        ("Non-defensive is harder than it sounds", "Practising non-defensive listening"),
        "My counsellor keeps saying *listen without defending.* In practice, when my husband says I "
        "gave up without trying, every cell in my body wants to list all the ways I tried.\n\n"
        "What actually helped you listen without interrupting?",
        topics="listen",
    ),
    Opener(
        (
            "My family thinks I'm making a huge mistake",
            "When your own family takes your partner's side",
        ),
        "My mother adores my wife. When I told her, she went quiet and then asked what I'd *done*. "
        "My brother has stopped replying to my messages.\n\n"
        "I'm not looking for people to tell me I'm right. I'm looking for how to stay steady when the "
        "people closest to you disapprove.",
        topics="others",
    ),
    Opener(
        ("It feels like staying would erase me", "Not selfishness — or is it?"),
        "The only way I can describe it is that, in this marriage, there is less and less of me. I've "
        "tried to change that from inside for years. Leaving feels like the only way to stay myself.\n\n"
        "But I also know that story is very convenient for me. How do you tell honest self-knowledge "
        "apart from a justification?",
        topics="doubt share",
    ),
    Opener(
        ("Our transition agreement so far", "Ground rules we've agreed"),
        "Sharing in case it helps, and I'd welcome feedback:\n\n"
        "- Six months before anyone moves out.\n"
        "- No dating, by either of us, until we've separated.\n"
        "- No purchases over an agreed amount without talking first.\n"
        "- We tell the kids together, with a counsellor's help.\n"
        "- A weekly check-in, an hour, with a timer.\n\n"
        "It was harder to agree than I expected, mostly because I wanted it all to go faster.",
        topics="pace bounds money dating kids rules",
    ),
    Opener(
        (
            "He wants counselling and I don't think it will change anything",
            "Going to counselling when I'm already out",
        ),
        "My husband asked for couples counselling. I've agreed, but honestly I'm going because I owe "
        "him that, not because I think it will change my mind.\n\n"
        "Is it fair to go in with that mindset? Should I say so up front?",
        topics="counsel",
    ),
    Opener(
        ("Not making big moves with money yet", "Money talk before separating"),
        "I found a flat I like and I'm tempted to put down a deposit. My wife doesn't know yet. Writing "
        "it out here, I can already see that's a bad idea.\n\n"
        "How did you handle money during the in-between months? Did you see an adviser together?",
        topics="money pace",
    ),
    Opener(
        ("Moving into the spare room", "Living together while planning to separate"),
        "We agreed I'd move into the spare room while we work things out. It's awkward. I come home "
        "and don't know whether to say hi or keep out of the way.\n\n"
        "How did you make the shared home bearable for both of you?",
        topics="home",
    ),
    Opener(
        ('When friends say "finally!"', "Friends who cheer too loudly"),
        "Some of my friends never liked my husband much, and they're *thrilled*. They keep telling me "
        "to get out fast, treat myself, start dating.\n\n"
        "It's not what I need. I need people who'll tell me to slow down and be decent about this.",
        topics="others pace",
    ),
    Opener(
        ("Writing an apology without an agenda", "The apology I owe her"),
        "I want to apologise to my wife for the years I went quiet instead of telling her I was unhappy. "
        "But every draft I write has a hidden *so please understand why I'm leaving* at the end.\n\n"
        "How do you apologise for your part without it being a move in an argument?",
        topics="share listen",
    ),
    Opener(
        ("The long messages every night", "Reading my partner's messages with compassion"),
        "My husband sends me long messages most nights — memories, questions, sometimes pleas. I read "
        "them and I don't know how to answer. Silence feels cruel; answering at length feels like "
        "giving false hope.\n\n"
        "What's the kind, honest way to handle this?",
        topics="bounds listen messages",
    ),
    Opener(
        ("Holidays this year", "Do we do the holidays together one more time?"),
        "The holidays are coming and the kids don't know yet. My wife wants one more normal holiday as "
        "a family. Part of me thinks that's lovely and part of me thinks it's pretending.\n\n"
        "What did you do?",
        topics="kids holiday",
    ),
    Opener(
        ("Am I sure?", "Doubting myself the week after telling him"),
        "I was so certain for so long. Now that I've said it out loud and seen his face, I'm full of "
        "doubt. Is this normal, or is it a sign I'm wrong?",
        topics="doubt",
    ),
    Opener(
        (
            "Relief and sadness at the same time",
            "I feel lighter, and I feel terrible about feeling lighter",
        ),
        "Since I told my wife, I sleep better. I feel lighter. And I feel awful about that, because she "
        "is clearly not sleeping at all.\n\n"
        "Did anyone else have that mix? How did you keep it private without hiding it?",
        topics="guilt relief",
    ),
    Opener(
        ("Things I said that landed badly", "What not to say"),
        "Collecting my own mistakes in the hope of helping someone else:\n\n"
        "- \"You'll be better off without me.\" (He heard: *I'm deciding for you.*)\n"
        '- "I haven\'t been happy for years." (He heard: *our whole life was a lie.*)\n'
        '- "We can still be friends." (Too soon. Much too soon.)\n\n'
        "What would you add?",
        topics="listen said",
    ),
    Opener(
        ("Who tells the in-laws?", "Letting my partner set the pace on who to tell"),
        "My wife isn't ready to tell her parents. I am ready to tell mine, and honestly I need their "
        "support. But her parents and mine are close.\n\n"
        "How did you work out who tells whom, and when?",
        topics="others bounds",
    ),
    Opener(
        ("Co-parenting before we've even separated", "Keeping the kids' routine steady"),
        "We've agreed the kids' routine stays exactly the same for now: same bedtimes, same activities, "
        "both of us at the school events. It's surprisingly hard to coordinate when we're barely talking.\n\n"
        "Tips for keeping the parenting side working while the marriage side is coming apart?",
        topics="kids home",
    ),
    Opener(
        ("Individual therapy helped me see my part", "What my counsellor helped me see"),
        "I started individual therapy mainly to get through this. What surprised me is how much of my "
        "side of the story was about avoiding conflict, and how much that shaped the marriage.\n\n"
        "If you're on the leaving side and haven't got your own counsellor, I really recommend it.",
        topics="counsel share",
    ),
    Opener(
        ("Not dating. Not yet.", 'A friend asked if I\'m "back out there"'),
        "A friend asked if I'd downloaded any apps yet. I haven't, and I won't until we're properly "
        "separated — it's one of our ground rules, and I think it's the right one.\n\n"
        "Anyone else getting this pressure? How do you answer?",
        topics="dating others",
    ),
    Opener(
        ('When the kids ask "is it our fault?"', "Reassuring children it isn't about them"),
        "We told the kids last weekend. The younger one asked if it was because of the arguments about "
        "her homework. My heart sank.\n\n"
        "We said no, clearly. But how do you keep reassuring them without making it a bigger thing?",
        topics="kids",
    ),
]

LEAVING_REPLIES: list[Reply] = [
    R(
        "guilt",
        "The guilt doesn't mean you're doing something wrong. It means you care about the person you're "
        "leaving. Both can be true.",
    ),
    R(
        "pace",
        "I rushed, and I regret it. Not the decision, but the speed. My partner needed months I didn't "
        "give, and our co-parenting paid for it for a long time.",
    ),
    R(
        "pace listen",
        "Remember you've had a year to process this and your partner has had days. Their questions "
        "aren't stalling; they're catching up.",
    ),
    R(
        "share",
        'Owning my share was the most useful thing I did. I said, "I stopped telling you things, and '
        "that wasn't fair to you.\" No *but* afterwards. It changed the tone of everything.",
    ),
    R(
        "bounds",
        "Respecting the boundary is a kindness even if it's inconvenient. We set up a shared calendar "
        "for kid logistics so evening messages weren't needed.",
    ),
    R(
        "kids",
        "We told our kids together, at home, on a weekend morning so we had the whole day with them. "
        "We kept it short, and we said over and over that it wasn't their fault.",
    ),
    R(
        "care guilt",
        "Still caring about someone you're leaving is more common than people think. It's part of why "
        "this is so hard.",
    ),
    R(
        "affair",
        "On the affair: I found it helped to acknowledge it plainly every time it came up, without "
        "explaining it. Explanations sounded like excuses even when I didn't mean them to.",
    ),
    R(
        "listen",
        'For non-defensive listening, I repeat back what I heard before I say anything. "You feel I '
        "gave up without trying.\" Half the time, that's all that was needed.",
    ),
    R(
        "others",
        "Families often take time. My mother came round after a few months, mostly once she saw I was "
        "being decent about it.",
    ),
    R(
        "doubt",
        "I think the question you're asking — *is this honest or convenient?* — is exactly the right "
        "one. A good counsellor can help you sit with it.",
    ),
    R(
        "rules",
        'Your agreement list is close to ours. We added "no big announcements on social media" and '
        '"we don\'t discuss the other person with the kids".',
    ),
    R(
        "counsel",
        "I went to counselling feeling the same way. I said up front that I was there to understand and "
        "to help us end well if it came to that. The counsellor appreciated the honesty.",
    ),
    R(
        "money",
        "Hold off on the deposit. Seeing an adviser together first made our whole separation calmer, "
        "because neither of us felt blindsided.",
    ),
    R(
        "home",
        "In the shared home, we made a simple schedule for the kitchen and the living room. Sounds "
        "clinical, but it removed a lot of awkwardness.",
    ),
    R(
        "others",
        "You need friends who'll hold you to your best self. It's okay to say, \"I know you're on my "
        'side, and I need you to help me slow down."',
    ),
    R(
        "share",
        "An apology without an agenda is short. \"I'm sorry I went quiet instead of telling you how I "
        'felt." Full stop. Resist the urge to add context.',
    ),
    R(
        "messages",
        "With the long messages, I replied briefly and kindly: \"I read this. I'm not able to respond "
        "properly now, and I don't want to give you a half answer.\" Then we talked at the check-in.",
    ),
    R(
        "holiday",
        "We did one last holiday together and told the kids in the new year. It was bittersweet, but I'm "
        "glad we gave them that.",
    ),
    R(
        "doubt",
        "Doubt after saying it out loud is very normal. I'd suggest not acting on the doubt *or* the "
        "certainty for a few weeks. Let it settle.",
    ),
    R(
        "relief",
        "Relief and sadness together is so normal. I kept the relief for my counsellor and my journal, "
        "and tried not to show it at home.",
    ),
    R(
        "said",
        'I\'d add "I need space" without saying what for or for how long. She heard it as a door '
        "closing without warning.",
    ),
    R(
        "others bounds",
        "Letting her choose when to tell her parents was important. We agreed neither of us would tell "
        "anyone in the other's family first.",
    ),
    R(
        "kids",
        "The kids' routine was our anchor too. We kept a shared notebook on the kitchen counter for "
        "school notes so we didn't have to talk through every detail.",
    ),
    R(
        "counsel share",
        "Individual therapy is how I learned that conflict avoidance was as much my pattern as anything "
        "my partner did.",
    ),
    R(
        "dating",
        "I told friends, \"Not until we're separated, and not for a while after that. It's a promise "
        "I've made.\" They got the message.",
    ),
    R(
        "kids",
        'When the kids asked if it was their fault, we said, "No. This is a grown-up problem, and grown-ups '
        'will sort it out." We repeated it for months. They needed to hear it many times.',
    ),
    R("pace", "Slow is kind. Slow is also, in the long run, easier on you."),
    R(
        "listen care",
        "Your partner may not be able to hear your reasons right now. That's okay. You don't need them "
        "to agree with your reasons to treat them with care.",
    ),
    R(
        "guilt",
        "What helped my guilt most was making amends where I could: being reliable, showing up for the "
        "kids, keeping every agreement we made.",
    ),
    R(
        "pace",
        "Give your partner the time you had. Not necessarily a year, but more than feels comfortable "
        "to you.",
    ),
    R(
        "pace listen",
        'I found it useful to ask my wife, "What would help you feel less blindsided?" She asked for '
        "time and no surprises. Reasonable.",
    ),
    R(
        "any",
        "You sound like you're trying to do this decently. That matters more than getting every word right.",
    ),
    R(
        "counsel",
        "We read a book on discernment counselling before the first session. It helped me understand "
        "what my husband was hoping for, and why it mattered to him to try.",
    ),
    R(
        "share",
        "I wrote my partner a letter owning my share, then waited a week before giving it to her. I "
        "took out half of it. The half I took out was all justification.",
    ),
    R(
        "kids",
        "My counsellor's line: *you can leave the marriage without leaving the family.* That reframed "
        "how I talked to the kids.",
    ),
    R(
        "doubt care",
        "It's okay to not have a perfect story for why you're leaving. \"The marriage doesn't fit who "
        "I've become\" is honest, even if it's not satisfying.",
    ),
    R(
        "guilt share",
        "Watch out for wanting your partner to forgive you quickly. That's about your comfort too.",
    ),
    R(
        "money rules",
        "We agreed on a mediator before either of us saw an attorney. It set a cooperative tone from "
        "the start.",
    ),
    R(
        "listen pace",
        "If he asks the same question every evening, it might help to offer a set time for those "
        "conversations. Predictable is easier for someone whose world just shifted.",
    ),
    R(
        "others pace",
        "Please don't let friends rush you. The pace you set now shapes the next ten years of co-parenting.",
    ),
    R(
        "listen",
        'Try not to defend the decision every time. You can say, "I understand you see it differently," '
        "and leave it there.",
    ),
    R(
        "share",
        "I found journaling about my partner's good qualities surprisingly helpful. It kept me honest "
        "when I wanted to make them the problem.",
    ),
    R(
        "kids any",
        "A question that helped me: *what do I want my kids to say, years from now, about how we did "
        "this?*",
    ),
    R("any", "Being on the leaving side is lonely in its own way. Glad you're here."),
    R("any", "I'm in a similar place, a few weeks behind you. Reading this carefully."),
    R(
        "bounds",
        "The boundary she asked for might be what lets her keep functioning. Respecting it without "
        "commentary is a gift.",
    ),
    R(
        "home",
        "Living together in the meantime is awkward for everyone. A short hello and then giving each "
        "other room became our rhythm, and it got less strange.",
    ),
    R(
        "home",
        "We agreed who cooks on which nights. Fewer awkward moments in the kitchen, and the kids got "
        "regular dinners out of it.",
    ),
    R(
        "affair share",
        "Owning the affair didn't mean explaining it again every time. It meant listening, "
        "answering honest questions honestly, and not asking for credit for it.",
    ),
    R(
        "dating others",
        "A friend kept asking if I was seeing anyone. I said, \"Not while we're still untangling "
        "things. It wouldn't be fair to anyone.\" She stopped asking.",
    ),
    R(
        "money",
        "We agreed nobody opens new accounts or moves money without telling the other. Boring, and it "
        "kept some trust intact at a time when trust was thin.",
    ),
]

LEAVING_FOLLOWUPS: list[Reply] = [
    R(
        "any",
        "Thank you. I needed people who wouldn't judge me and wouldn't let me off the hook either. "
        "This thread did both.",
    ),
    R(
        "pace",
        "Update: I slowed things down. We've agreed to revisit the timeline in three months. It feels "
        "better, honestly.",
    ),
    R(
        "share",
        "I took the advice and kept my apology short. She didn't say much, but the next day was calmer.",
    ),
    R("pace", "Saving this thread. The bit about giving your partner time really landed."),
    R(
        "any",
        "I talked to my counsellor about this today and brought some of your replies. Very helpful.",
    ),
    R("kids", "Small update: we told the kids together. It was hard and it went okay."),
    R("any", "I've been reading this every evening. Thank you for being honest with me."),
    R(
        "pace money",
        "I'm going to hold off on the bigger decisions for now. Thanks for talking me down.",
    ),
]

# --------------------------------------------------------------------------- common ground

COMMON_OPENERS: list[Opener] = [
    Opener(
        (
            "Ground rules for the in-between months — what did you agree?",
            "Transition ground rules: share yours",
        ),
        "We're early in this, and our counsellor suggested we write down ground rules for the "
        "transition, whatever the outcome. We have a first draft:\n\n"
        "- no dating, by either of us\n"
        "- no solo holidays\n"
        "- no large purchases without talking first\n"
        "- tell family and the kids together, when we're ready\n\n"
        "What did yours look like? What did you wish you'd included?",
        topics="rules",
    ),
    Opener(
        ("No dating until it's settled — fair?", 'The "no dating" rule'),
        "One of us is further along than the other, and the question of dating came up. We both agreed, "
        "somewhat reluctantly on different sides, that neither of us dates until we've formally "
        "separated.\n\n"
        'For those who had this rule: did it help? How did you define "dating"?',
        topics="dating rules",
    ),
    Opener(
        ("Solo holidays during the transition", "Is a trip alone a problem?"),
        "My spouse wants to go away alone for a week to think. I understand the need for space, but "
        "it also feels like a preview of separate lives.\n\n"
        "Did you include solo travel in your ground rules? What did you settle on?",
        topics="travel rules",
    ),
    Opener(
        ("Big purchases while things are undecided", "Agreeing a spending limit"),
        "We keep tripping over money. Neither of us wants to feel controlled, and neither of us wants "
        "to be surprised. Our counsellor suggested an agreed amount above which we talk first.\n\n"
        "How did you pick a number? Did you also agree on not moving savings around?",
        topics="money rules",
    ),
    Opener(
        ("Telling the children together", "A script for telling the kids"),
        "We've decided, whatever the outcome, we tell the kids together and say the same things. We're "
        "drafting what to say. So far:\n\n"
        "1. We both love you, and that won't change.\n"
        "2. This is a grown-up problem, not something you caused or can fix.\n"
        "3. Here is what stays the same for now.\n"
        "4. You can ask us anything, any time.\n\n"
        "What would you add or take away?",
        topics="kids script",
    ),
    Opener(
        ("How did you choose a mediator?", "Mediator before attorneys?"),
        "We'd like to keep things as cooperative as possible, whichever way this goes. A friend "
        "suggested starting with a mediator rather than each hiring an attorney.\n\n"
        "How did you find one you both trusted? What questions did you ask at the first meeting?",
        topics="pros mediator",
    ),
    Opener(
        ("Weekly check-ins that don't turn into arguments", "A structure for check-ins"),
        "We agreed to a weekly check-in, but the first two turned into the same argument. Looking for "
        "structures that have worked for people on either side.\n\n"
        "Do you use a timer? A list? A neutral place?",
        topics="checkin talk",
    ),
    Opener(
        ("I don't know which side I'm on", "Undecided, and tired of being asked"),
        "Everyone wants to know whether I want to stay or leave. Some days it's one, some days the "
        "other, most days neither. My partner is waiting for an answer and I don't have one.\n\n"
        'Is it okay to say "I don\'t know yet" for a while? How did you live with not knowing?',
        topics="undecided",
    ),
    Opener(
        ("A staying partner's view, offered gently", "What I wish the leaving partner understood"),
        "I want to share something from the staying side, without blaming anyone. What I wish my wife "
        "understood is that I'm not slow or stubborn. I'm grieving a future I thought we both "
        "wanted, and grief takes time.\n\n"
        "If you're on the leaving side, I'd genuinely like to hear what you wish we understood.",
        topics="sides",
    ),
    Opener(
        ("From the leaving side, with care", "What I wish the staying partner understood"),
        "Offering this in good faith. What I wish my husband understood is that I didn't decide this "
        "lightly, or suddenly. It has been a long, quiet process, and it isn't a judgement of his worth.\n\n"
        "I'd like to hear from the staying side too. What do you wish we understood?",
        topics="sides",
    ),
    Opener(
        ("Agreeing a time frame", "Three months? Six? How did you pick?"),
        "One of us wants to decide things quickly; the other needs much more time. Our counsellor "
        "suggested a fixed period with no permanent decisions and a review at the end.\n\n"
        "How long did you choose, and what did you do at the end of it?",
        topics="time",
    ),
    Opener(
        ("Telling extended family", "Who tells whose parents?"),
        "Our families are close and there are a lot of cousins and grandparents involved. We'd like to "
        "avoid people hearing second-hand.\n\n"
        "Did you tell everyone at once, or in stages? Who told whom?",
        topics="family",
    ),
    Opener(
        (
            "Couples counselling or individual counselling right now?",
            "Which kind of counselling helps in a mixed-agenda marriage?",
        ),
        "We're in that mixed place — one leaning out, one leaning in. Is couples counselling still "
        "useful, or is individual counselling better for each of us at this point? Or both?",
        topics="counsel",
    ),
    Opener(
        ("Seeing a financial adviser together", "Getting a clear picture of money before deciding"),
        "We realised neither of us fully understands our finances — one of us has always handled it. "
        "We're thinking of seeing a financial adviser together before any decisions.\n\n"
        "Did you do this? Did it help or add pressure?",
        topics="money pros",
    ),
    Opener(
        ("Birthdays and holidays this year", "Family occasions during the transition"),
        "There's a family birthday coming and everyone expects us both to be there. We're undecided "
        "on the marriage, and undecided on how to handle this.\n\n"
        "How did you approach family occasions while things were in the air?",
        topics="occasions family",
    ),
    Opener(
        ("Social media during the transition", "Posting nothing — is that one of your rules?"),
        "We agreed not to post anything about the relationship online, and not to change anything "
        "visible, until we've decided together. It's been surprisingly effective at avoiding drama.\n\n"
        "Did you have a rule like that?",
        topics="privacy rules",
    ),
    Opener(
        ("House rules for sharing a home", "Living under one roof while deciding"),
        "We're both staying in the house for now. Some things that have helped us:\n\n"
        "- knocking before entering the other's room\n"
        "- a shared calendar for the kids\n"
        "- one night a week where one of us is out, so the other has the house\n\n"
        "What worked for you?",
        topics="home rules",
    ),
    Opener(
        ("Phrases that lowered the temperature", "Language that helped us talk"),
        "Collecting sentences that helped conversations go better, from either side. Ours:\n\n"
        "> I want to understand, even if I don't agree.\n\n"
        "> Can we pause this and come back to it at the check-in?\n\n"
        "What are yours?",
        topics="talk",
    ),
    Opener(
        ("Is a trial separation a real thing?", "Trial separations: experiences?"),
        "Someone suggested a trial separation — living apart for a set time with ground rules, then "
        "deciding. Has anyone done this? How did you set it up so that it was fair to both of you?",
        topics="trial time",
    ),
    Opener(
        ("How do you tell what you actually want?", "Undecided: sorting out my own wants"),
        "I'm undecided, and I notice my answer changes depending on who I last spoke to. I want to "
        "find out what *I* think.\n\n"
        "What helped you get quiet enough to hear yourself?",
        topics="undecided",
    ),
    Opener(
        ("Shared friends and mutual circles", "What do we tell friends we share?"),
        "Most of our friends are friends of both of us. We'd like to avoid them feeling they have to "
        "choose. How did you handle shared friendships while things were undecided?",
        topics="friends",
    ),
    Opener(
        ("Repairing after a broken agreement", "When one of us breaks a ground rule"),
        "One of our ground rules got broken this week (it was me, and it was about money). I owned "
        "it, but trust took a knock.\n\n"
        "How did you repair when one of you broke an agreement?",
        topics="repair rules",
    ),
    Opener(
        ("Dividing the little things kindly", "The pets, the plants and the small stuff"),
        "Nothing is decided, but the small things keep coming up: who walks the dog, whose turn it is "
        "for the weekly shop, the family photos. How did you keep these from becoming proxy arguments?",
        topics="small home",
    ),
    Opener(
        ("Child counsellor — worth it?", "Talking to a professional about the kids"),
        "Our oldest has gone very quiet. We're wondering whether a child counsellor would help, or "
        "whether it would make things seem more serious to them than we want.\n\n"
        "Experiences welcome, from either side.",
        topics="kids counsel",
    ),
    Opener(
        (
            "Keeping posts anonymous when your spouse might read",
            "Both of us might be on this forum",
        ),
        "It occurred to me that my partner might be a member here too. I've gone back and made my posts "
        "more general. What do you all do to keep things private?",
        topics="privacy",
    ),
    Opener(
        (
            "An attorney consultation without it feeling like a battle",
            "Getting legal information calmly",
        ),
        "We'd both like to understand our legal options, but booking an attorney feels like "
        "making the first move in a conflict. How did you get information without escalating things?",
        topics="pros attorney",
    ),
    Opener(
        ("A conversation that went okay", "Good-news thread: something that went well"),
        "Sharing a small good thing: we had a check-in this week where we both listened, nobody raised "
        "their voice, and we agreed on the summer schedule for the kids. It felt like *respect.*\n\n"
        "What's gone okay for you lately?",
        topics="wins checkin",
    ),
]

COMMON_REPLIES: list[Reply] = [
    R(
        "rules",
        'Our ground rules were almost the same. We added "no big decisions about the house" and "we '
        'each keep our own counsellor". Writing them down made them real.',
    ),
    R(
        "dating",
        "The no-dating rule helped us both, on different sides. It took one big source of suspicion off "
        "the table for a while.",
    ),
    R(
        "dating",
        'We defined dating as "anything you\'d be uncomfortable telling the other about at the check-in". '
        "Simple, and surprisingly clear.",
    ),
    R(
        "travel",
        "We agreed that short trips for work or to see family were fine, but anything that looked like a "
        "holiday was discussed first.",
    ),
    R(
        "money",
        "For spending, we picked an amount that was big enough not to be petty and small enough not to "
        "be scary. And no moving savings without both signatures.",
    ),
    R(
        "script",
        "Your script for the kids is lovely. I'd add: tell them what *won't* change — school, friends, "
        "the dog, bedtime stories.",
    ),
    R(
        "mediator",
        "We interviewed two mediators together. We chose the one who spoke to both of us equally in the "
        "first meeting; that was the whole test, really.",
    ),
    R(
        "checkin",
        "For check-ins we use a timer: twenty minutes, each person gets ten uninterrupted. Then we stop, "
        "even mid-sentence. It stopped the spirals.",
    ),
    R(
        "undecided",
        "\"I don't know yet\" is an honest answer. It may help to say when you'll next check in about "
        "it, so your partner isn't waiting on an open-ended maybe.",
    ),
    R(
        "sides",
        "Thank you for writing this so carefully. Reading it helped me understand something about my "
        "partner's side I hadn't grasped.",
    ),
    R(
        "time",
        "A fixed period worked for us. Ours was four months. At the end we didn't have every answer, "
        "but we knew more than at the start.",
    ),
    R(
        "family",
        "We told each set of parents separately, each of us telling our own, on the same day. Nobody heard "
        "it second-hand.",
    ),
    R(
        "counsel",
        "Both, if you can. Couples counselling for the decision and the logistics, and individual "
        "counselling for everything you need to process alone.",
    ),
    R(
        "money",
        "Seeing an adviser together was the most calming thing we did. Numbers on paper are less "
        "daunting than numbers in your head.",
    ),
    R(
        "occasions",
        "For family occasions, we went together and kept it short. We agreed in advance on a time to "
        "leave and a signal if either of us needed to go early.",
    ),
    R(
        "privacy",
        "No social media posts was one of our rules too. It also protected the kids from hearing things "
        "from friends' parents.",
    ),
    R("home", "Knocking before entering each other's room sounds small, but it did a lot for us."),
    R(
        "talk",
        "One of ours: *I'm not trying to win this conversation.* Saying it out loud reset the tone more "
        "than once.",
    ),
    R(
        "talk",
        'Another phrase: "Help me understand what you need from me this week." Practical and kind.',
    ),
    R(
        "trial",
        "We did a trial separation for three months with clear rules: contact, money, the kids, no "
        "dating. The structure mattered more than the exact details.",
    ),
    R(
        "undecided",
        'When I was undecided, a counsellor suggested I stop asking "stay or leave?" and ask instead '
        '"what do I need to learn before I can decide?" Much less paralysing.',
    ),
    R(
        "friends",
        "With shared friends, we agreed on a simple line we'd both use, and asked friends not to pass "
        "messages between us.",
    ),
    R(
        "repair",
        "Owning a broken rule straight away, without excuses, is most of the repair. The rest is time "
        "and keeping the next agreements.",
    ),
    R(
        "small",
        "We made a list of the small things and went through it at check-ins, two items at a time. "
        "Slow, but no proxy arguments.",
    ),
    R(
        "kids counsel",
        "A child counsellor helped our son enormously. We framed it as \"someone to talk to who isn't "
        'Mum or Dad", and he liked having his own person.',
    ),
    R(
        "privacy",
        "I keep my posts general: no ages, no jobs, no places. Privacy here protects everyone, including "
        "the kids.",
    ),
    R(
        "attorney",
        "We each booked a single information-only consultation, and told each other we were doing it. "
        "That transparency kept it from feeling like a first move.",
    ),
    R(
        "wins",
        "That's a real win. Thank you for sharing it; threads like this help on the hard weeks.",
    ),
    R(
        "wins",
        "Good news from here: we managed a whole school event side by side and it was fine. Better than "
        "fine, actually.",
    ),
    R(
        "rules",
        "We wrote the ground rules with our counsellor so neither of us felt the other had imposed them.",
    ),
    R(
        "rules checkin",
        "We also added a rule about not discussing the marriage after a certain hour. Late-night "
        "conversations went badly for us every time.",
    ),
    R(
        "kids",
        "Agreeing how to tell the children was the first thing we fully agreed on in months. It gave us "
        "something to build on.",
    ),
    R(
        "mediator occasions",
        "A mediator also helped us with things we thought were too small for a professional — like how "
        "to split the holidays. Worth it.",
    ),
    R(
        "checkin",
        "We rotate who chooses the check-in location. Neutral places, like a café or a park bench, "
        "worked better than the kitchen table.",
    ),
    R(
        "undecided",
        "I'm undecided too, and I found it helped to journal both futures for a week each. Not to "
        "decide, just to notice how each one felt.",
    ),
    R(
        "sides",
        "Hearing both sides in this thread is exactly why I come to common ground. Thank you all for "
        "keeping it respectful.",
    ),
    R(
        "family",
        "For extended family, we wrote one short message together and both sent it. Same words, no "
        "versions.",
    ),
    R(
        "money pros",
        "We saw a financial adviser and an attorney in that order. Understanding the numbers first made "
        "the legal conversation much calmer.",
    ),
    R(
        "occasions",
        "It helped us to agree what we'd say at the birthday if someone asked. \"We're working some "
        "things out, and we're here for the birthday.\" That was enough.",
    ),
    R(
        "privacy rules",
        "One rule we had: no changing anything visible — names, photos, statuses — until we'd both "
        "agreed. It avoided a lot of gossip.",
    ),
    R(
        "home",
        "Sharing a home worked better once we each had a space that was *ours*, even just a corner with "
        "a chair.",
    ),
    R(
        "checkin talk",
        "Our counsellor taught us to start each check-in with one thing we appreciated about the other "
        "that week. It felt forced at first, then it didn't.",
    ),
    R(
        "trial",
        "The structure of a trial separation matters. Decide in advance how you'll talk, how often, and "
        "how you'll decide at the end.",
    ),
    R(
        "undecided",
        "Not knowing is exhausting. Be kind to yourself while you're in it; it's a real place, not a "
        "failure to decide.",
    ),
    R(
        "friends",
        "We asked friends to invite us separately for a while. Most were relieved to be given clear "
        "instructions.",
    ),
    R(
        "repair",
        "When a rule got broken, we went back to the counsellor and rewrote it so it was clearer. Half "
        "the time the rule was ambiguous, not the person.",
    ),
    R(
        "kids",
        "Kids often go quiet when they're taking things in. A professional can help them find words. "
        "Ours saw someone for a few months and it made a difference.",
    ),
    R(
        "pros",
        "A good attorney will tell you about mediation and collaborative options too. We asked that "
        "question first.",
    ),
    R(
        "wins",
        "I love this thread. Something that went okay for us: we agreed on a holiday plan for the kids "
        "without raised voices.",
    ),
    R(
        "rules",
        "We found that a shared document for ground rules helped. Either of us could suggest an edit, "
        "and we discussed edits at the check-in.",
    ),
    R(
        "rules checkin",
        "We kept a rule of *no surprises*: no big news dropped outside check-ins, except about the kids.",
    ),
    R(
        "time",
        "We picked six months because it gave the slower one of us room and ended at a natural point "
        "in the year. At the end we sat down with the counsellor to review.",
    ),
    R(
        "travel",
        "A trip alone worried me at first. What helped was agreeing in advance: how long, how we'd "
        "stay in touch, and that nothing would be decided while away.",
    ),
    R(
        "travel rules",
        "Our rule was that any trip of more than a night was talked about at the check-in first. "
        "No vetoes, just no surprises.",
    ),
    R(
        "small home",
        "The little things were where our real feelings leaked out. Naming that at a check-in, "
        "without blame, took the heat out of it.",
    ),
    R(
        "sides",
        "I'm on the other side from you, and I appreciate the care you took writing this. It helps me "
        "be more patient at home.",
    ),
    R(
        "counsel",
        "We did both: a couples counsellor every other week and our own counsellors in between. A lot "
        "of appointments, and worth it.",
    ),
]

COMMON_FOLLOWUPS: list[Reply] = [
    R(
        "any",
        "Thank you, everyone. We're bringing a few of these ideas to our next session with the counsellor.",
    ),
    R(
        "checkin",
        "Update: we tried the timer at our check-in. It helped. Not magic, but it helped.",
    ),
    R(
        "any",
        "Really grateful for replies from both sides here. It's rare to hear both perspectives this calmly.",
    ),
    R("rules", "We've added two of your suggestions to our ground rules. Thank you."),
    R("any", "This gave us a lot to talk about at the weekend — in a good way."),
    R("any", "Saving this thread to reread before the next hard conversation."),
    R(
        "mediator pros",
        "Small update: we booked a first meeting with a mediator. Nervous, but it feels like the right step.",
    ),
    R("any", "Thanks for the kindness here. I feel less alone with the not-knowing."),
]

THERAPIST_REPLIES: list[Reply] = [
    R(
        "rules",
        "Speaking generally, and as education rather than therapy: ground rules work best when both "
        "partners help write them and when there's a date to review them. Rules imposed by one side tend "
        "not to hold.",
    ),
    R(
        "time",
        "A general note from the counselling side: in mixed-agenda couples, the partner leaning in and "
        "the partner leaning out are usually on very different clocks. A fixed time frame gives both "
        "clocks something to agree on.",
    ),
    R(
        "kids",
        "As general information, not advice for your situation: children mostly need three things to "
        "hear — it isn't their fault, both parents love them, and what stays the same. Repeating them "
        "often is normal and helpful.",
    ),
    R(
        "checkin",
        "In general, check-ins go better when they're short, scheduled, and end on time. The structure "
        "carries some of the emotional weight, so you don't have to.",
    ),
    R(
        "undecided",
        'A general observation from my work: "I don\'t know yet" is a legitimate stage, not indecision. '
        "It can help to name what you need to know before you could decide.",
    ),
    R(
        "counsel",
        "Educational note: discernment counselling is designed for couples where one partner is leaning "
        "out. Its goal is clarity and confidence in a decision, not necessarily reconciliation.",
    ),
    R(
        "counsel",
        "Generally speaking, both partners benefit from having their own counsellor alongside any couples "
        "work. It gives each person somewhere to think out loud without affecting the other.",
    ),
    R(
        "pros money",
        "As general information: mediators, financial advisers and attorneys each answer different "
        "questions. Many couples find it calmer to start with understanding the numbers.",
    ),
]

MODERATOR_REPLIES: list[str] = [
    "A gentle reminder from the moderators: common ground is shared by both paths. Thank you all for "
    "speaking from your own experience and keeping this thread respectful.",
    "Moderator note: lovely thread. A reminder to keep identifying details out of posts — no names, "
    "places or workplaces. Your partner may be a member too.",
    "Thanks for keeping this constructive, everyone. If a post here ever worries you, please use the "
    "report link and a moderator will take a look.",
    "Moderator here: the resource directory has mediators, counsellors and financial advisers listed "
    "by path, if anyone is looking for a place to start.",
    "Just a reminder that this space isn't for persuading anyone to stay or to leave. Sharing what "
    "worked for you is perfect; that's exactly what this thread is doing.",
    "Moderator note: if you'd like a therapist's perspective, keep an eye on the AMA listings; they "
    "are a good place for questions like these.",
]

# --------------------------------------------------------------------------- shared pieces

# Fit under any reply, in any space.
GENERAL_REPLIES: list[str] = [
    "Thank you for putting this into words. I thought I was the only one.",
    "I don't have advice, just solidarity. I'm reading every word.",
    "This is such a thoughtful post. I'm saving it to reread.",
    "One day at a time. Sometimes one hour at a time. That's allowed.",
    "You're asking exactly the right questions. That counts for a lot.",
    "I've been where you are. It doesn't stay this intense forever, even when it feels like it will.",
    "Something that helped me was writing things down before bed, just to get them out of my head.",
    "Please make sure you have at least one person offline you can talk to. A friend, a counsellor, "
    "a sibling. This forum is good, and it's better alongside real people.",
    "I relate to this so much. Thank you for being honest.",
    "Sending steadiness your way today.",
    "It's okay to not have it figured out. Most of us here don't.",
    "Reading this on my lunch break and nodding. You're not alone in this.",
    "Take care of the basics this week: sleep, food, some fresh air. Everything is harder without them.",
    "I found it helped to take the big question off the table for a day and just focus on getting "
    "through the day well.",
    "My counsellor once said, *you don't have to solve this tonight.* I repeat it to myself a lot.",
    "Checking in on you. How are you holding up this week?",
    "There's no right speed for feelings. Yours make sense.",
    "What you wrote about routine really resonates. Structure helped me more than I expected.",
    "Be patient with yourself. You're doing something very hard.",
    "Glad you found this place. Keep posting; it helps to see you here.",
]

REPLY_LEADS: list[str] = [
    "Oh, this one lands close to home.",
    "Just catching up on this thread.",
    "Long-time reader.",
    "I could have written this.",
    "Coming back to this thread.",
    "Going through something very similar.",
    "So much of this sounds familiar.",
    "Hugs, if you want them.",
]

REPLY_CLOSINGS: dict[str, list[str]] = {
    "staying": [
        "Be gentle with yourself.",
        "Rooting for you, whatever happens.",
        "One step, then the next one.",
        "You're not weak for wanting to stay.",
    ],
    "leaving": [
        "Go gently, with yourself and with them.",
        "You can do this decently. Slowly is okay.",
        "No judgement here.",
        "Wanting out doesn't make you a bad person.",
    ],
    "common-ground": [
        "Thanks for keeping this thread so fair.",
        "Wishing you both a calm week.",
        "Good luck at the next check-in.",
        "Thanks for hearing both sides.",
    ],
}

OPENER_LEADS: list[str] = [
    "Long-time reader, first real post.",
    "Writing this before I lose my nerve.",
    "Apologies in advance, this got long.",
    "Couldn't sleep, so here I am.",
    "I've been going back and forth about posting this.",
    "Posting from the car during lunch.",
]

OPENER_CLOSINGS: list[str] = [
    "Any thoughts welcome.",
    "Thanks for reading this far.",
    "Grateful for this place.",
    "Has anyone else been here?",
]

OPENERS: dict[str, list[Opener]] = {
    "staying": STAYING_OPENERS,
    "leaving": LEAVING_OPENERS,
    "common-ground": COMMON_OPENERS,
}
REPLIES: dict[str, list[Reply]] = {
    "staying": STAYING_REPLIES,
    "leaving": LEAVING_REPLIES,
    "common-ground": COMMON_REPLIES,
}
FOLLOWUPS: dict[str, list[Reply]] = {
    "staying": STAYING_FOLLOWUPS,
    "leaving": LEAVING_FOLLOWUPS,
    "common-ground": COMMON_FOLLOWUPS,
}

# Demo entries for the resource directory. Every one is invented and says so, and every
# link is on example.org (reserved for examples): never a real-looking organisation.
# `days` are (first day, last day) relative to seeding; None for ongoing resources.
DEMO_RESOURCES: list[dict[str, object]] = [
    {
        "title": "Demo: Weekend retreat for couples rebuilding trust",
        "kind": "retreat",
        "paths": ["staying"],
        "format": "in-person",
        "location": "Example Valley",
        "days": (40, 42),
        "cost_note": "Demo entry, not a real event",
        "url": "https://example.org/demo/rebuilding-retreat",
        "description": "A fictional two-day retreat for couples where one partner is fighting for the marriage "
        "and the other is willing to try: guided conversations, time outdoors, no pressure to decide.",
    },
    {
        "title": "Demo: Staying grounded when your partner wants out",
        "kind": "workshop",
        "paths": ["staying"],
        "format": "online",
        "days": (14, 14),
        "cost_note": "Demo entry, free",
        "url": "https://example.org/demo/staying-grounded",
        "description": "A fictional evening workshop on boundaries, daily outlets for grief and fear, and honest "
        "self-inquiry about your own share of the problems.",
    },
    {
        "title": "Demo: Peer circle for partners hoping to stay",
        "kind": "support-group",
        "paths": ["staying"],
        "format": "online",
        "cost_note": "Demo entry",
        "url": "https://example.org/demo/staying-circle",
        "description": "A fictional weekly peer group for people who were blindsided and want to keep working on "
        "their marriage.",
    },
    {
        "title": "Demo: Leaving well, an eight-week program",
        "kind": "program",
        "paths": ["leaving"],
        "format": "online",
        "days": (21, 77),
        "cost_note": "Demo entry, sliding scale",
        "url": "https://example.org/demo/leaving-well",
        "description": "A fictional program for the partner who wants out: owning your share, giving the transition "
        "time, and talking with your partner honestly and without defensiveness.",
    },
    {
        "title": "Demo: Peer group for partners who have decided to leave",
        "kind": "support-group",
        "paths": ["leaving"],
        "format": "hybrid",
        "location": "Example City",
        "cost_note": "Demo entry",
        "url": "https://example.org/demo/leaving-group",
        "description": "A fictional fortnightly group: no judgement, and friendly accountability for how you leave.",
    },
    {
        "title": "Demo: Example family mediation service",
        "kind": "mediator",
        "paths": ["leaving"],
        "format": "hybrid",
        "location": "Example City",
        "cost_note": "Demo entry",
        "url": "https://example.org/demo/mediation",
        "description": "A fictional mediation service for separating couples: agreeing a time frame, ground rules "
        "and what to tell the children.",
    },
    {
        "title": "Demo: Separation finances clinic",
        "kind": "financial-adviser",
        "paths": ["leaving", "staying"],
        "format": "online",
        "cost_note": "Demo entry, first session free",
        "url": "https://example.org/demo/finances",
        "description": "A fictional clinic explaining budgets, shared accounts and large purchases while a "
        "marriage is at a crossroads.",
    },
    {
        "title": "Demo: Family-law information evenings",
        "kind": "attorney",
        "paths": ["leaving", "staying"],
        "format": "in-person",
        "location": "Example City",
        "cost_note": "Demo entry",
        "url": "https://example.org/demo/family-law",
        "description": "Fictional general-information sessions on separation law. Not legal advice for your case.",
    },
    {
        "title": "Demo: Directory of counsellors for mixed-agenda couples",
        "kind": "counselor",
        "paths": ["staying", "leaving"],
        "format": "hybrid",
        "cost_note": "Demo entry",
        "url": "https://example.org/demo/counsellors",
        "description": "A fictional list of counsellors who work with couples where one partner leans out and the "
        "other leans in.",
    },
    {
        "title": "Demo: Ten-minute journaling prompts for hard weeks",
        "kind": "practice",
        "paths": ["staying", "leaving"],
        "format": "online",
        "cost_note": "Demo entry, free",
        "url": "https://example.org/demo/journaling",
        "description": "Fictional daily prompts for noticing what you feel and what you need, on either path.",
    },
    {
        "title": "Demo: Co-parenting basics (a past session)",
        "kind": "workshop",
        "paths": ["staying", "leaving"],
        "format": "online",
        "days": (-30, -30),
        "cost_note": "Demo entry",
        "url": "https://example.org/demo/co-parenting",
        "description": "A fictional workshop that has already happened: it only shows with “Include events that "
        "have ended”.",
    },
]
