# ruff: noqa: RUF001 - Ukrainian text is intended
"""Round 91: the words of other trades a business asks (for :mod:`offtopic`).

A startup's founder asks a lawyer for a subscription agreement or terms of service, an
accountant which tax regime a sole trader (ФОП) selling SaaS abroad should pick, an investor
relations person for unit economics, a brand designer for a logo, a manager whether OKRs or
KPIs suit a team of fifteen, a shop which keyboard a programmer should buy. Written per trade
from general knowledge of the trade, in English (as written) and Ukrainian (stems, and short
words whole), with the phrases whose words alone are everyday (terms of service, умови
користування, unit economics). The people themselves (a lawyer, an accountant) are left out:
a request naming them often only passes a developer's task on.

Per trade also the words an agent that covers it describes itself by: on a roster with such
an agent (VoltAgent's legal advisor, brand visual designer) the request routes as usual.
"""

from __future__ import annotations

from typing import NamedTuple


class Trade(NamedTuple):
    """One trade: its words (English and short Ukrainian ones as written), its Ukrainian
    stems, its phrases (a word and the stems or words of the word after it), the words an
    agent that covers it describes itself by, the words one of which the request must hold
    too (a purchase asked: which keyboard to buy) or none, and whether a coder may be the one
    asking (a keyboard for a programmer: the coder words are no software work then)."""

    words: frozenset[str]
    stems: tuple[str, ...]
    phrases: dict[str, tuple[str, ...]]
    cover: frozenset[str]
    asked: frozenset[str] = frozenset()
    coders: bool = False


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


LEGAL = Trade(
    _set(
        """sue suing sued lawsuit lawsuits illegal legally lawful trademark trademarks
        contract contracts agreement agreements nda ndas liability liabilities tos eula
        судитися позов позову позовом засудити нда
        закон закону законом законі закони законів законам"""
    ),
    tuple("договор договір угод оферт юридичн законн законодавств".split()),
    {
        "торгову": ("марк",),
        "торгова": ("марк",),
        "торгової": ("марк",),
        "terms": ("of",),
        "privacy": ("policy", "notice"),
        "умови": ("користуван", "використан"),
        "умов": ("користуван", "використан"),
        "ліміт": ("відповідальн",),
        "лімітом": ("відповідальн",),
        "обмеження": ("відповідальн",),
        # round 106: a shop's policies for its buyers (a returns policy legal in the EU), the
        # law they must keep to (consumer law), and whether a thing is legal at all
        **dict.fromkeys(
            ("return", "returns", "refund", "refunds", "shipping", "delivery", "warranty"),
            ("policy", "policies"),
        ),
        **dict.fromkeys(("cancellation", "exchange", "cookie", "cookies"), ("policy", "policies")),
        "consumer": ("law", "right", "protection"),
        "legal": ("in", "to", "requirement", "advice", "risk", "text", "obligation"),
        **dict.fromkeys(
            ("політика", "політику", "політики"),
            ("конфіденційн", "поверне", "повернен", "обмін"),
        ),
        **dict.fromkeys(("умови", "умов", "правила", "правил"), ("поверне", "повернен", "обмін")),
        **dict.fromkeys(("права", "прав", "захист"), ("споживач", "прав")),
    },
    _set("legal law lawyer lawyers attorney"),
)
TAX = Trade(
    _set(
        """vat tax taxes taxed taxation depreciation deductible bookkeeping accountancy
        пдв фоп фопа фопу фопі фопом тов єсв пдфо"""
    ),
    tuple("податк оподатк бухгалтері бухгалтерськ бухоблік".split()),
    {},
    _set("tax taxes bookkeeping"),
)
#: Round 98: a post for a social network (a post on Instagram, TikTok) is marketing's.
MARKETING = Trade(
    _set(
        """ads advertising adwords smm реклама рекламу реклами рекламою рекламна рекламну
        таргет таргетинг таргетовану instagram tiktok інстаграм інстаграмі інстаграму
        інстаграма інсту інсті тікток тіктоку тіктоці"""
    ),
    (),
    {},
    _set("marketing advertising ad ads seo campaign"),
)
#: A team's people: their leave, hiring and team events (round 98: a team building, a
#: corporate party, корпоратив whole: корпоративна пошта is mail); who is hired may be a
#: coder (a backend dev's job post): the coder words are no software work then.
STAFF = Trade(
    _set(
        """vacation vacations pto відпустка відпустки відпусток відпустку hire hiring
        recruit recruiting recruitment headhunter headhunters teambuilding тімбілдинг
        тимбілдинг корпоратив корпоративу корпоративі"""
    ),
    tuple("найм найня рекрут фріланс".split()),
    {"team": ("building",)},
    _set("hr recruiting recruiter"),
    coders=True,
)
#: Round 106: bringing new staff in (an onboarding checklist and a first week for two new
#: warehouse packers, онбординг нових працівників): asked about people who work there, named
#: as staff (a user's onboarding is a product's screens; a new developer's is left to the
#: roster: a coder is software work here). A roster with an HR agent answers it.
ONBOARDING = Trade(
    _set("onboarding onboard induction онбординг онбордингу онбордингом"),
    (),
    {},
    _set("hr onboarding recruiting recruiter"),
    _set(
        """hire hires employee employees staff staffer worker workers packer packers courier
        couriers picker pickers cashier cashiers newcomer newcomers starter starters trainee
        trainees intern interns colleague colleagues teammate teammates waiter waiters
        співробітник співробітника співробітників співробітникам співробітниці працівник
        працівника працівників працівникам працівниці новачок новачка новачків новачкам
        новенький новенького новеньких стажер стажера стажерів стажерам касир касирів
        комплектувальник комплектувальників курєр курєрів пакувальник пакувальників"""
    ),
)
#: Round 106: taking photos of what one sells (white sneakers that come out grey on a phone
#: against a wall): a photographer's craft, not a product's code; a roster with a
#: photographer answers it. "Photo" alone is left out (a product photo upload fails).
PHOTO = Trade(
    _set(
        """photograph photographs photographing photographed photoshoot photoshoots
        фотографувати сфотографувати фотографуємо фотосесія фотосесію фотосесії"""
    ),
    tuple("фотозйомк фотографуван сфотографуй сфотографува".split()),
    {"product": ("shoot", "shot"), "предметна": ("зйомк",), "предметну": ("зйомк",)},
    _set("photography photographer photographers"),
)
#: Round 98: what a person at work is paid (what a junior developer should earn, a bonus
#: for the engineers, скільки платити мідлу): asked about someone who works, named by role
#: or level. "Pay" itself is left out (the pay button, paying with Apple Pay); a roster with
#: an HR agent answers it.
PAY = Trade(
    _set("earn earns earning salary salaries wage wages bonus bonuses"),
    tuple("платит заплатит заробля заробіт премі".split()),
    {},
    _set("hr compensation payroll"),
    _set(
        """programmer programmers developer developers dev devs engineer engineers designer
        designers contractor contractors freelancer freelancers junior juniors senior
        seniors middle розробник розробнику розробника програміст програмісту
        дизайнер дизайнеру інженер інженеру підрядник підряднику фрілансер фрілансеру
        джун джуну джуна мідл мідлу мідла сеньйор сеньйору сеньйора"""
    ),
    True,
)
#: Round 98: a rota of people's time (whose shift, duty or vacation falls when: графік змін,
#: чергувань, відпусток; a shift schedule, a duty rota): a manager's or HR's to draw up,
#: not a developer's; a roster with an HR or workforce agent answers it. A work plan
#: (графік робіт) is a project's, left out.
ROTA = Trade(
    _set("rota rotas"),
    (),
    {
        **dict.fromkeys(
            ("графік", "графіка", "графіку", "графіки", "розклад", "розкладу"),
            ("змін", "чергуван", "відпуст", "вихідн"),
        ),
        **dict.fromkeys(("shift", "shifts"), ("schedule", "rota", "plan", "roster")),
        "duty": ("roster", "rota", "schedule"),
        # round 103: the team's holidays or vacations laid out (a holiday schedule)
        **dict.fromkeys(
            ("holiday", "holidays", "vacation", "vacations"),
            ("schedule", "calendar", "rota", "roster", "plan", "days"),
        ),
    },
    _set("hr workforce staffing"),
)
#: Goals and how a team is measured (OKR, KPI): a manager's question; a roster with a
#: project manager or a scrum master answers it.
GOALS = Trade(
    _set("okr okrs kpi kpis окр кпі"),
    (),
    {},
    _set("okr kpi scrum agile roadmap stakeholder stakeholders"),
)
#: A pitch, a round and the numbers a startup shows investors (the investors themselves are
#: people: they ask for uptime numbers too).
FINANCE = Trade(
    _set(
        """investment investments valuation fundraising fundraise pitchdeck cac ltv payback
        runway equity"""
    ),
    tuple("інвестиц пітч фандрейз окупн".split()),
    {
        "unit": ("economics",),
        "юніт": ("економ",),
        "pitch": ("deck", "decks"),
        "cap": ("table",),
        "term": ("sheet",),
        "burn": ("rate",),
    },
    _set("finance financial investor investors investment fintech quant trading economics"),
)
#: A brand's name, logo and slogan: a brand designer's (a roster with one routes them).
BRAND = Trade(
    _set(
        """logo logos logotype branding rebrand rebranding slogan slogans tagline mascot
        brandbook лого бренд бренду бренда брендом"""
    ),
    tuple("логотип брендинг брендбук ребрендинг слоган айдентик візитк".split()),
    {
        "придумайте": ("назв",),
        "придумай": ("назв",),
        "придумати": ("назв",),
        "business": ("card",),
    },
    _set("brand branding logo graphic illustration copywriter copywriting marketing"),
)
#: Equipment a person buys (a keyboard, a monitor, a chair), asked which to take.
GOODS = Trade(
    _set(
        """keyboard keyboards monitor monitors headphones headset webcam microphone chair
        chairs laptop laptops"""
    ),
    tuple("клавіатур монітор навушник вебкамер мікрофон крісл ноутбук".split()),
    {"standing": ("desk",), "стіл": ("для",)},
    _set("peripheral peripherals ergonomic ergonomics"),
    _set(
        """best buy buying recommend which worth good get купити купувати порадь порадьте
        порадите який яка яку які краще кращий вибрати обрати"""
    ),
    True,
)
TRADES = (LEGAL, TAX, MARKETING, STAFF, ONBOARDING, PAY, ROTA, GOALS, FINANCE, BRAND, GOODS, PHOTO)

#: Round 106: the coders' work itself (long coding sessions; among :data:`CODERS`): a
#: software word right after one is the time a purchase serves, not software work.
CODING = _set("coding programming кодингу програмування")
#: What a business sells or serves, as a trade's question names it (taxes on the SaaS we
#: sell, terms of service for our service, a logo for our startup; round 106: the listings
#: and catalogue photographed, the goods a returns policy covers): no software work by
#: itself. English as written, Ukrainian stems.
SUBJECTS = _set(
    """site website app apps store shop online file saas service services startup
    product products business company clients customers listing listings catalog catalogue"""
)
SUBJECTS_UK = tuple(
    "сайт додат застосун магазин сервіс стартап продукт бізнес компані клієнт саас товар"
    " каталог".split()
)
#: Who asks for equipment (a programmer's keyboard), or is hired or paid (round 98: a
#: designer too): no software work in a purchase or a hire asked.
CODERS = (
    _set(
        """programmer programmers developer developers coder coders coding programming
    програміста програмісту програміст програмістів розробника розробнику розробник
    розробників dev devs engineer engineers designer designers дизайнер дизайнера
    дизайнеру дизайнерів інженер інженера інженеру інженерів"""
    )
    | CODING
)
