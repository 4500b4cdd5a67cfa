# ruff: noqa: RUF001 - Ukrainian text is intended
"""Round 69: more everyday-life fields by their own vocabulary, for :mod:`offtopic`.

Walked from general knowledge of everyday life, not from requests: a car's brands, parts
and fuel; trips and the months one goes; sport, hobbies and games played at a table; a
person's job, money and taxes; a display bought for a desk; books to read and flowers to
send (round 73). English words are matched as
written where their stem is a developer's (fishing: the fish shell; employer: employees;
diving: a deep dive); Ukrainian ones as stems unless marked whole.

Also the words that tell software is meant: a technology whose name is an everyday word
too (Java the island, a pet python, a Kotlin or Phoenix trip) counts only beside a word of
code (:data:`CODE_CONTEXT`); the owner of the problem (our app, наш сайт) makes a request
the speaker's product; words of a program misbehaving (results loading, a timeout, fps).
"""

from __future__ import annotations

#: Everyday subjects matched as written (English).
LIFE_AS_WRITTEN_EN = frozenset(
    """
    stretching
    tesla corolla camry civic prius rav4 octavia fabia superb skoda renault logan duster
    peugeot citroen opel astra mazda kia sportage hyundai bmw audi mercedes lexus chevrolet
    volvo lada passat jetta tiguan polo yaris qashqai subaru
    petrol gasoline diesel antifreeze coolant muffler exhaust transmission horsepower
    headlight headlights wipers alternator suspension carburetor oil
    mirrorless dslr tripod gopro camcorder
    triathlon ironman halfmarathon bouldering sciatica hernia scoliosis posture snoring
    ukulele violin cello saxophone trumpet flute harmonica drumkit
    exercise exercises tulips roses peonies lilies daisies sunflowers bouquet flowers
    radiator radiators journaling ficus monstera succulent succulents cactus rainy
    freelance
    tower cathedral castle palace landmark landmarks
    inheritance testament freelancing
    diving divers fishing angling hunting island islands crowds crowded blossom blossoms
    deadlift deadlifts squats pushups pullups
    watercolor watercolors watercolour watercolours easel crochet chess
    taxes taxpayer freelancer freelancers overtime employer employers landlady
    novels novelist bookshop bookstore florist florists
    """.split()
)

#: Everyday Ukrainian subjects as stems (a token starting with one names the subject).
LIFE_UK = tuple(
    """
    зчеплен двигун антифриз тосол глушник кузов підвіск пробіг карбюратор
    октаві тойот королл фольксваген пассат мерседес лексус пежо сітроен мазд ланос жигул
    шевроле тесл гальмівн колодк котл котел підліток укулеле скрипк саксофон флейт
    сидінн підігрів фікус кактус сукулент собор палац водінн колес
    остров дайвінг снорклінг рибалк акварел малюванн понаднормов лікарнян кредитн
    флорист букет книгарн взутт
    """.split()
)
#: Short Ukrainian subjects matched whole (the stem would start other words).
LIFE_UK_WORDS = frozenset(
    """
    шкода шкоді шкоду шкодою рено ауді бмв опель логан логана логані грм фари фар
    чека чеку чеком тиск тиску тиском пити випити
    бухгалтер бухгалтера бухгалтеру бухгалтерка бухгалтерку бухгалтерки
    гальма гальм гальмами вежа вежу вежі сімї сімя сімю сімєю
    острів шахи шахів шахах монітор монітора монітору моніторі монітори моніторів моніторах
    """.split()
)
#: A technology whose name is an everyday word too: software only beside :data:`CODE_CONTEXT`
#: or a software word with an everyday sense (a list, a file).
HOMONYMS = frozenset("java python pythons kotlin rails phoenix django queue queues".split())
#: Words of code: beside one, a homonym of :data:`HOMONYMS` is the technology.
CODE_CONTEXT = frozenset(
    """
    code coding programming programmer developer developers learn learning course tutorial
    syntax version install compile jdk jvm spring maven gradle pip venv
    код коду кодом програмуванн вивчити вчити курс
    """.split()
)
#: The speaker's product: "our" (наш) counts as one software word with an everyday sense.
OWNERS = frozenset(
    "our ours наш наша наше наші нашого нашої нашому нашим нашій нашу нашими".split()
)
#: A program misbehaving or its parts, in words everyday life shares (software with an
#: everyday sense, as written).
PLAIN_AS_WRITTEN_EN = frozenset(
    """
    results loading loads timeout timeouts freezes frozen fps kiosk calculator booking
    bookings validate validation frames stutter stutters laggy schedule schedules calendar
    recurring reminder reminders dispatch map maps online pos tracker trackers portal
    render renders rendering resets product products rejects rejected invalid planner
    planners sorts sorting generates
    """.split()
)
PLAIN_UK = tuple(
    """фпс результат калькулятор валідац нагадуван бронюван платіж платеж зависа ламаєт
    розклад календар мапа мапі мапу онлайн фільтр трекер портал ігнору повертає
    повертають планувальник бронює сортує генерує""".split()
)
SOFTWARE_UK_WORDS = frozenset("айос веб вебі вебом веба вебу клод клода клоду клодом".split())

#: Pairs (round 69): a word and the words before it that give it its everyday sense.
PAIRS_EN: dict[str, tuple[str, ...]] = {
    "engine": ("check", "car", "diesel", "petrol"),
    "belt": ("timing", "seat"),
    "plugs": ("spark",),
    "score": ("credit",),
    "model": ("tesla",),
    **dict.fromkeys(("games", "game"), ("board", "card", "table", "tabletop")),
    **dict.fromkeys(
        ("monitor", "monitors"),
        ("gaming", "4k", "curved", "external", "second", "portable", "ultrawide", "inch", "27"),
    ),
    "visit": ("to", "worth"),
    "return": ("tax",),
    "income": ("side", "my", "extra", "rental"),
    "will": ("a",),
    "pay": (),  # its everyday sense follows it (PAIRS_NEXT_EN: to pay off a loan)
    **dict.fromkeys(
        ("machine", "machines"),
        ("espresso", "coffee", "washing", "sewing", "vending", "slot", "rowing", "bread"),
    ),
    **dict.fromkeys(("train", "trains"), ("by", "night", "sleeper", "high-speed")),
    # feeding a pet or a child (a news feed is "the feed")
    "feed": ("i", "to", "we", "you"),
    # furniture by its kind (a help desk is software)
    **dict.fromkeys(
        ("desk", "desks"), ("standing", "office", "gaming", "writing", "computer", "corner")
    ),
    **dict.fromkeys(("chair", "chairs"), ("office", "gaming", "ergonomic", "desk")),
    **dict.fromkeys(("seat", "seats"), ("heated", "car", "passenger", "child", "booster")),
    **dict.fromkeys(("fine", "fines"), ("parking", "speeding", "traffic")),
    # a test of a person (a driving test, a blood test), not of code
    **dict.fromkeys(
        ("test", "tests"), ("driving", "drivers", "eye", "blood", "pregnancy", "covid", "theory")
    ),
    **dict.fromkeys(("wheel", "wheels"), ("steering", "spare", "flat", "bike", "car")),
    **dict.fromkeys(("speaker", "speakers"), ("smart", "bluetooth", "portable")),
    "speaking": ("public",),
    "brew": ("cold",),
    **dict.fromkeys(
        ("lease", "deposit"), ("my", "break", "apartment", "flat", "rental", "security")
    ),
    "passport": ("my", "ukrainian", "new", "expired", "biometric", "foreign"),
    "visa": (),  # its travel sense follows it (PAIRS_NEXT_EN: a visa for Georgia)
    # round 98: people at work by where or how they work (a celery worker is software)
    **dict.fromkeys(
        ("worker", "workers"),
        tuple(
            "remote office warehouse factory seasonal temporary parttime construction farm"
            " hourly contract freelance skilled".split()
        ),
    ),
    **dict.fromkeys(("benefit", "benefits"), ("child", "unemployment", "housing", "disability")),
}
#: Words of :data:`PAIRS_EN` whose everyday sense the word after them gives.
PAIRS_NEXT_EN: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("monitor", "monitors"), ("should", "to", "under")),
    "pay": ("off",),
    "visa": ("for", "to"),
}
PAIRS_UK: dict[str, tuple[str, ...]] = {
    **dict.fromkeys("ігри ігор іграх".split(), ("настільн",)),
    **dict.fromkeys("колонка колонку колонки".split(), ("розумн", "блютуз", "портативн")),
}
#: A device's own trouble (its battery, charging, heat): a person's problem with it even
#: without "my" (a phone that drains after an update), unless an app is named.
DEVICE_TROUBLE_EN = frozenset(
    """battery batteries charge charging charges drains draining overheats overheating
    flickers flickering cracked dropped""".split()
)
DEVICE_TROUBLE_UK = (
    *("батаре", "акумулятор", "заряд", "розряд", "нагріва", "сіда", "мерехт", "падінн"),
    *("впав", "впала", "тріснув", "тріснул"),
)
APP_WORDS = ("app", "apps", "application", "застосун", "додат")
#: What a person who says "my ..." right before it made, not uses (my app only runs on my
#: laptop; мій сайт): software work, not a consumer's trouble.
MADE = frozenset(
    "app website site code project repo застосунок сайт сайту код коду проєкт проект".split()
)
