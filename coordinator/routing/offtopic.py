# ruff: noqa: RUF001 - Ukrainian text is intended
"""Requests about everyday life, not software.

A roster's long bodies hold everyday words (a poem, a car, a cat, a wedding), so a request
such as "translate my wedding speech into French" or "help me pick a name for my puppy" finds
an agent whose body mentions translation or naming. Such a request names a subject from
everyday life and nothing software is made of (no app, site, API, script, database, form,
user...; an error code alone is no software: cars have them): then no specialist fits,
whatever technology it mentions in passing ("a poem about kubernetes").
A request that names both ("a recipe app", "the pet shop's checkout page") routes as usual,
and so does every request on a roster with an agent for such subjects (a poet).

An everyday *frame* outweighs software words that have an everyday sense too: office software
and home devices (Excel, VBA, Outlook, wifi, a printer) and a time of the week or day (friday,
8pm) say the request is about a spreadsheet, a router at home or a booking, and a table, a
column, a row, an email or a password there is the everyday one ("book me a table for two on
friday at 8pm", "excel formula to sum column B", "forgot the wifi password"). The frame decides
when it weighs FRAME_MIN or more and more than those words, and no word only software has
(an app, an API, a database, a script) occurs.
Consumer products some developer specialists do work on (game consoles for a game developer,
an Arduino for an embedded engineer) frame a request only on a roster with no agent whose
description names their field; everyday subjects of such a field (fabrics and clothes for a
textile expert) make the request that agent's on such a roster, as a software word does.
A word before a software word can give it its everyday sense (a ball python, to lose
weight), and asking for a recommendation is no recommender system.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import IntEnum, StrEnum
from functools import lru_cache
from itertools import chain, pairwise, repeat
from operator import itemgetter
from typing import NamedTuple

from coordinator.routing import carried, lifewords, outcomes, signatures, tradewords
from coordinator.routing.endings import Prefixes
from coordinator.routing.products import PLATFORMS, PRODUCTS
from coordinator.routing.shapes import skeleton, spelled_shape
from coordinator.routing.text import STOPWORDS, is_cyrillic, term_list, words
from coordinator.routing.vocab import COMMON_WORDS, SENSES

#: Subjects from everyday life: writing for people, family occasions, food and health,
#: animals, vehicles, travel (cats, not cat: a Unix command; a stem all the same).
_LIFE_EN = """
    poem poems poetry verse rhyme rhymes lyrics song songs essay eulogy
    wedding birthday anniversary funeral girlfriend boyfriend wife husband sister brother
    mom dad grandma grandmother grandpa baby
    recipe recipes cooking bake baking calorie calories diet workout gym vitamin
    puppy kitten kitty cats dog dogs pet pets parrot hamster horse
    car cars tire tires vehicle motorbike bicycle
    vacation holiday honeymoon hotel horoscope zodiac linkedin
    kitchen bathroom faucet plumber plumbing toilet dishwasher sofa couch mattress lawn
    landlord headache fever snake snakes headphones earbuds fop
    fridge refrigerator microwave oven stove washer dryer laundry kettle boiler furnace
    mileage windshield brake brakes sedan hatchback minivan tyre tyres gearbox clutch
    dealership odometer toyota honda hyundai volkswagen subaru nissan
    mortgage pension pensions payslip paycheck atm irs ringtone ringtones miele whirlpool dyson
    knit knits knitted
""".split()
#: More everyday subjects, from a general checklist of everyday life (round 24): travel and
#: trips, outdoor and sport, food and diets, health and symptoms, pets (reptiles, fish,
#: birds), home, garden, repairs and cleaning, family and school, personal finance, jobs,
#: entertainment, holidays and gifts, writing for people, language learning, religion,
#: shopping, weather and transport. Left out as a developer's word too (a stem some agent
#: or request uses in its software sense): trip (a circuit breaker), packing, boarding,
#: cycling, fasting, symptom (of a bug), visa and passport (a card, Passport.js), vet,
#: parking (lot), exam (a certification), sugar (syntactic), soup (Beautiful Soup), onion
#: (architecture), mold (a linker), scrub, damp, descale (stems to desc), pillow and silk
#: (Python libraries), blanket, shirt (t-shirt sizes), haiku and sonnet (models), theater
#: (stems to the), basement (base), university (univers), refinance (refin), insurance,
#: dating (date), friend (friendly), teacher (teach), tailor, celebration, graduation,
#: anime (anim), netflix, coupon (Stripe's), weather (the demo app), series, episode, story,
#: book, ticket, menu, weight (alone), language names (a locale), resort (last resort),
#: floor (Math.floor), perfume (a product photo to generate), and words whose stem is a
#: developer's token: pilates (PIL), radiator (radial), sweater (SWE); fabric (Service Fabric,
#: Hyperledger Fabric) only says a roster covers textiles.
_LIFE_MORE_EN = """
    suitcase luggage baggage itinerary flight flights airline airlines airport layover
    hostel sightseeing backpacking hiking hike hikes camping tent trek beach cruise roadtrip
    jetlag tourist tourists tourism souvenir souvenirs museum embassy
    marathon jogging swimming yoga football soccer basketball tennis golf skiing
    snowboard climbing surfing muscle muscles treadmill dumbbell dumbbells
    sneakers athlete shoes
    dinner lunch breakfast meal meals vegan vegetarian gluten keto protein snack snacks
    dessert cake bread salad pasta pizza chicken beef pork vegetables veggies fruit garlic
    cheese wine beer coffee tea grill bbq barbecue frying roast marinade spices ingredient
    ingredients leftovers dieting eggs rice potatoes milk salmon steak pancakes chocolate
    cough sore throat rash allergy allergies migraine flu covid insomnia dentist tooth
    toothache teeth pediatrician therapist therapy anxiety depression pregnancy
    pregnant blood ibuprofen paracetamol antibiotics pills vaccine nausea
    dizziness diabetes cholesterol injury sprained ankle knee acne eczema hangover stomach
    aquarium goldfish betta guppy terrarium reptile reptiles gecko lizard tortoise turtle
    iguana bunny budgie cockatiel veterinarian kennel leash litter molting bird birds fur
    fleas chewing barking puppies breeds
    garden gardening houseplant houseplants tomatoes soil fertilizer compost weeds mower
    roses orchid watering repot drywall wallpaper roof grout caulk mould hammer screwdriver
    screw screws hinge hinges cabinet cabinets
    shelf ikea furniture carpet curtains wardrobe closet heater thermostat
    insulation renovation electrician lightbulb bulb doorbell garage attic apartment
    roommate neighbor neighbour shower hair stain stains mop bleach detergent dishes limescale
    ironing
    wrinkles washing
    toddler kids son daughter babysitter nanny divorce marriage breakup nephew niece cousin
    aunt uncle teenager newborn diaper diapers breastfeeding tantrum bedtime grandparents
    homework classmate semester tuition college thesis dissertation calculus chemistry
    biology kindergarten gpa scholarship textbook
    roth ira 401k 403b deductible accountant rent renting
    coworker colleague colleagues boss layoff unemployment commute career
    movie movies film films sitcom audiobook podcast concert guitar piano album playlist
    singer musical crossword karaoke
    gift gifts christmas xmas easter halloween thanksgiving hanukkah diwali ramadan valentine
    valentines congratulate congratulations
    condolence condolences sympathy vows apology limerick
    duolingo pronunciation conjugation ielts toefl
    church prayer bible quran mosque meditation buddhism stoicism spiritual faith
    groceries grocery supermarket ebay warranty keycaps
    rain raining snow sunny humidity thunderstorm restaurant cafe
    balcony mountains sunscreen mosquito mosquitoes
    subway taxi scooter tram ferry
    haircut hairstyle makeup lipstick manicure skincare moisturizer shampoo beard
    shaving tattoo piercing lonely loneliness grief procrastination dinosaurs planets
    moon astronomy telescope volcano earthquake president origami pottery woodworking
    birdwatching lego photography speeding dashcam roaming verizon vodafone parcel courier
    electricity aliexpress
    bike bikes ebike motorcycle motorcycles skateboard
    sourdough dough yeast flour loaf loaves baguette croissant pastry muffins
    snorkeling snorkelling scuba
    smartphone smartphones binge bingewatch salary salaries backache
    payday payrise
    physio physiotherapist physiotherapy chiropractor spine league leagues championship
    tournament
""".split()
#: Everyday subjects matched as written: their stem is a software word's (stretching is a
#: workout; a stretched image is a layout bug).
_LIFE_AS_WRITTEN_EN = lifewords.LIFE_AS_WRITTEN_EN
#: The same subjects as Ukrainian stems (a token starting with one names the subject).
_LIFE_UK = tuple(
    """
    вірш поем пісн римов роман промов
    весілл ювіле похорон дівчин хлопц дружин чолові сестр бабус дідус
    рецепт готуванн випічк калорі дієт спортзал вітамін
    цуцен кошен котик кота коту котів собак песик папуг хомяк
    автомобіл велосипед мотоцикл
    відпустк канікул готел переліт перельот гороскоп
    кухн сантехн унітаз посудомийк диван матрац газон орендодав застуд линьк навушник
    холодильник мікрохвильовк духовк пральн сушарк пилосос кондиціонер
    автосервіс шиномонтаж техогляд іпотек пенсі банкомат рингтон
    """.split()
)
#: Short Ukrainian words for the same subjects, matched whole (кіт is no prefix of кітчен).
_LIFE_UK_WORDS = frozenset(
    "кіт кот коти пес мама тато брат есе шина шини авто зал залі залу резюме змія змію змії"
    " змією фоп фопа фопу фопі фопом бойлер бойлера бойлері бойлером".split()
)
#: Round 24's subjects as Ukrainian stems (the same checklist). Left out as prefixes of
#: developer words: спеці (спеціаліст), поход (походження), віз (візуалізація), маршрут,
#: потяг (потягнути), доч (дочірній), друг (другий), сусід (сусідній), вин (виняток), кав
#: (кавички), сир (сирий), паст (paste), вклад (вкладка), мов (мова програмування), мод
#: (модуль); and what English leaves out: меню, симптом, іспит, податок, тренування, погода,
#: температура, тиск, купон, знижка, гарантія, клавіатура.
_LIFE_MORE_UK = tuple(
    """
    валіз багаж паспорт авіаквит аеропорт пересадк хостел екскурс кемпінг намет пляж круїз
    турист сувенір музей посольств подорож мандрівк
    марафон пробіжк велопрогулянк плаванн басейн пілатес футбол баскетбол теніс гольф
    сноуборд скелелаз серфінг мяз розтяжк гантел кросівк фітнес
    вечер снідан страв веган вегетаріан глютен перекус десерт торт хліб салат піц курк
    яловичин свинин овоч фрукт цукор цукр часник цибул гриль шашлик смаж маринад
    гречк мяс яйц картопл молок борщ вареник собац кістк субсиді опаленн
    інгредієнт схудн голодуван харчуван нутриціолог дієтолог
    кашл кашел горл висип алергі мігрен ковід безсонн стоматолог зуб лікар педіатр терапевт
    психолог психотерапевт тривожніст депресі вагітн таблетк антибіотик вакцин нудот
    запаморочен діабет холестерин травм щиколот колін прищ екзем похмілл шлун
    акваріум рибк тераріум рептилі гекон ящірк черепах ігуан кролик ветеринар нашийник
    повідк птах пташ шерст блох гриз гавка
    садівн рослин помідор томат добрив компост бурян троянд орхіде полив гіпсокартон
    шпалер цвіл плісня молоток викрутк полиц ікеа мебл килим штор шаф обігрівач термостат
    утеплен ремонт лампочк гараж горищ підвал квартир плям швабр відбілювач посуд накип
    прасуванн праск прання зімят
    дитин малюк немовл підлітк розлучен шлюб побаченн подруг стосунк племінн кузен тітк
    дядьк онук свекр тещ підгузк істерик
    домашк вчител учител однокласн семестр університет коледж диплом дисертац хімі біологі
    стипенді підручник школ дитсад
    депозит страховк кредитк оренд комуналк квартплат
    колег начальник карєр
    фільм мультфільм мультик концерт гітар піаніно плейлист співак співач театр
    мюзикл кросворд караоке подкаст
    подарун різдв великодн хелловін гелловін валентин народженн свят привітанн вітаю
    співчутт вибачен клятв листівк
    дуолінго вимов
    церкв церков молитв мечет медитац буддизм стоїцизм духовн
    супермаркет розпродаж
    гроз
    вокзал сирник ванн
    автобус таксі маршрутк самокат трамва тролейбус пором електричк поїзд парковк заправк
    водійськ
    відпочин відпочит квит авіакомпан тренажер спорт качалк зарядк їж
    смачн солодк ресторан кавярн лікуван хвор щеплен кров серц нежит
    ангін отруєн корм кішк кицьк котяч собач вигул ветклінік прибиран пилюк розетк
    двер балкон музик музичн репетитор олімпіад заощаджен готівк роботодав
    новорічн побажанн мороз бензин пальн дизел
    зачіск стрижк макіяж манікюр шампун бород голінн татуюв шкір штраф самотн столиц
    президент динозавр
    планет вулкан землетрус астроном телескоп оригамі гончар рибалк полюванн вишив бісер
    акумулятор київстар водафон лайфсел алікспрес посилк курєр
    канцеляр приватбанк монобанк ощадбанк
    лінкедін лінкедин смартфон вакансі співбесід зарплат поклаж
    кавомашин кавоварк переговорк фізіотерапевт масаж чемпіонат
    """.split()
)
#: Stems that start as a software stem does (багаж, аудіокнига): read before those.
_LIFE_FIRST_UK = ("багаж", "аудіокниг")
#: Round 24's short words, matched whole (the stem alone would start other words).
_LIFE_MORE_UK_WORDS = frozenset(
    """
    віза візу візи дощ дощу дощем дощі сніг снігу снігом суп супу біг бігу йога йогу йогою
    кето обід обіду обідом сир сиру вино вина вином пиво пива кава каву кави кавою чай чаю
    грип грипу ліки ліків ліками болить болять біль болю живіт живота сад саду саді город
    городі ґрунт ґрунту дах даху діти дітей дітям дітьми син сина сину синові донька доньку
    доньки дочка дочку дочки друг друга другу друзі друзів сусід сусіда сусіди сусідів
    сусідка няня няню аніме зно нмт віра вірою бог бога богу метро повідок спецій спеції
    спеціями серіал серіалу серіали серіалів серіалом альбом альбому альбоми біблія біблії
    біблію лижі лижах лижами потяг потяга потягом потязі похід походу поході походи походів
    море моря морі морем гори горах тур туру турів рейс рейсу рейсом рейси кафе мити
    миття кран крана крані мамі маму мамою тата татові татом твір твору хвіст
    крем крему кремом цнап лего масло масла дтп олх тату
    листя смерть смерті рис рису рисом риба риби рибу рибою заснути сон сну
    гроші грошей грошима грошах пін їхати
    машина машину машині машиною
    вправи вправу вправами спина спину спини спиною ліга лігу ліги лізі
    """.split()
)
#: What software is made of: one of these and the request is about software after all.
_SOFTWARE_EN = """
    app apps application website site web api endpoint service server backend frontend
    database db sql query schema script bot codebase repo repository function
    class component module test tests deploy deployment button
    screen dataset model pipeline cli tool plugin extension bug crash feature
    user users login signup upload cache json csv
    storage ui ux mobile ios android admin dashboard sync notification webhook payment
    checkout cart request response http url token session llm ai gpt prompt chatbot agent
    log logs grep shell terminal command bash linux
    player playback stream streaming avatar feed
    i18n locale localization recommendation recommendations widget
    cron job queue worker push sms integration sdk library framework
    python pandas numpy openpyxl javascript typescript java kotlin golang csharp dotnet
    powershell php node nodejs django fastapi firmware iot embedded bluetooth addin addon
    mqtt mosquitto qos marketplace marketplaces mvp saas ci
    git github gitlab bitbucket commit commits rebase pwa
    embedding embeddings vector rag chunking pgvector cors preflight
    etl elt
    html css
""".split()
#: A business's audience and stock in the plural (customers, patients, a catalog, inventory;
#: Ukrainian ones in _SOFTWARE_UK_WORDS): the request is about its product, not the speaker's
#: own life ("our customers can't find sneakers when they search"). Matched as written: their
#: stems are everyday words' (customs, visit).
_BUSINESS_EN = frozenset(
    """
    customers clients subscribers shoppers buyers sellers merchants vendors patients visitors
    couriers catalog catalogue inventory sku skus storefront
    """.split()
)
#: Software words with an everyday sense too (a table at a restaurant, a spreadsheet's
#: column, a home router's password): they make a request about software unless an everyday
#: frame outweighs them.
_SOFTWARE_PLAIN_EN = """
    table tables column columns row rows cell cells sheet sheets list form field filter search
    email emails newsletter file files folder data chart report template password program
    export import backup audio video image images photo photos error errors fail fails failed
    callback callbacks
""".split()
#: Everyday frames: products of office and home life (weight 2) and times of the week or day
#: (weight 1; a clock time such as 8pm too).
_FRAME_PRODUCTS_EN = """
    excel spreadsheet spreadsheets vba outlook powerpoint wifi printer modem
    vlookup xlookup hlookup sumif sumifs countif countifs iferror
    libreoffice openoffice onenote keynote
    photoshop lightroom indesign gimp canva procreate inkscape coreldraw
    audacity garageband ableton imovie capcut autocad sketchup solidworks
    tv tvs television macbook laptop laptops chromebook thinkpad airpods kindle soundbar
    broadband netgear tplink eero ultrawide logitech razer
""".split()
_FRAME_TIMES_EN = (
    "monday tuesday wednesday thursday friday saturday sunday tonight weekend weekends evening"
).split()
#: A spreadsheet's own words (weight 1, like a time: alone it decides nothing).
_FRAME_OFFICE_EN = "formula formulas macro macros".split()


class _Field(StrEnum):
    """A field of consumer products that some specialists do cover (a game developer, an
    embedded engineer): its products frame a request as everyday life only on a roster
    with no agent for the field."""

    GAMES = "games"
    DEVICES = "devices"
    TEXTILES = "textiles"
    LEGAL = "legal"
    MARKETS = "markets"
    CARE = "care"


#: Per field: its products, in English and as Ukrainian stems (weight 2, like an office
#: product), and the words an agent that covers the field describes itself by.
_FIELD_PRODUCTS_EN = {
    _Field.GAMES: "xbox playstation ps4 ps5 nintendo steamdeck fortnite minecraft roblox valorant"
    " steam twitch",
    _Field.DEVICES: "arduino esp32 esp8266 soldering solder breadboard multimeter"
    " oscilloscope filament cura prusa octoprint bambu ender nozzle hdmi",
}
#: Development boards (prefixes): an engineer's work, not a consumer product, on a roster
#: whose agents cover devices: there the request is that agent's, as a software word makes it
#: (a home wifi in the same request frames nothing then).
_BOARDS = ("arduino", "esp32", "esp8266", "breadboard", "ардуіно", "ардуїно")
_FIELD_PRODUCTS_UK = {
    _Field.GAMES: "плейстейшн іксбокс приставк нінтендо майнкрафт фортнайт роблокс",
    _Field.DEVICES: "ардуіно ардуїно паяльн мультиметр осцилограф",
}
_FIELD_COVER = {
    _Field.GAMES: "game games gaming gamedev unity unreal godot",
    _Field.DEVICES: "firmware microcontroller microcontrollers iot rtos hardware",
    _Field.TEXTILES: "fiber fibers fibre fibres textile textiles fabric fabrics",
    _Field.LEGAL: "legal law lawyer lawyers attorney",
    _Field.MARKETS: "trading quantitative quant portfolio portfolios fintech",
    _Field.CARE: "medical healthcare clinical hipaa",
}
#: Everyday subjects of a field a specialist may cover (a textile expert, a legal advisor, a
#: quant, a healthcare administrator): on a roster with an agent for the field such a word
#: makes the request that agent's, as a software word does; elsewhere it is everyday life
#: (socks: SOCKS proxies, left out). Round 106: shoes and footwear (взуття) are a shopper's
#: or a foot's question (running shoes for flat feet), everyday life, not a fibre's; their
#: fabric still names the field.
_LIFE_FIELDS_EN = {
    _Field.TEXTILES: "textile textiles cotton linen wool polyester denim merino viscose bedding"
    " duvet dress dresses jeans jacket coat hoodie outfit fashion sewing knitting crochet"
    " fabric fabrics nylon spandex elastane lycra acrylic aramid kevlar",
    _Field.LEGAL: "lawyer attorney notary custody lawsuit court citizenship immigration eviction"
    " notarize enforceable noncompete",
    _Field.MARKETS: "etf etfs dividend dividends brokerage",
    _Field.CARE: "hospital pharmacy physician prescription clinic",
}
_LIFE_FIELDS_UK = {
    _Field.TEXTILES: "тканин бавовн льнян вовн поліестер шовк денім мериносов віскоз постільн"
    " ковдр подушк плед білизн сорочк футболк сукн джинс куртк пальт светр вязан шкарпетк"
    " волокн одяг одяз нейлон еластан спандекс акрилов арамід кевлар",
    _Field.LEGAL: "юрист адвокат нотаріус алімент громадянств посвідк прописк",
    _Field.MARKETS: "дивіденд брокер",
    _Field.CARE: "аптек поліклінік лікарн клінік медичн",
}
_GOOGLE_OFFICE = ("sheets", "docs", "slides", "forms", "workspace")
_LEISURE_ASKED = tuple(
    """подивитись подивитися послухати подарувати приготувати вдягнути одягнути поїхати піти
    сходити відпочити пограти купити""".split()
)
_CAR_UK = ("машина", "машину", "машині", "машиною")
_LIFE_FIELD_UK_WORDS = {
    **dict.fromkeys("льон льону льоном худі шиття шити".split(), _Field.TEXTILES),
    **dict.fromkeys(
        "суд суду судом суді договір договору договори договорів договором договорі".split(),
        _Field.LEGAL,
    ),
}
#: A software word that names an everyday subject after one of these words (a ball python
#: is a snake, a mechanical keyboard something to buy, to lose weight a diet): the words
#: before it (English words as written, Ukrainian ones as stems). Some pairs give another
#: kind than everyday life (see _PAIR_KINDS).
_PAIRS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        ("python", "pythons"), ("ball", "royal", "burmese", "reticulated", "carpet", "pet")
    ),
    **lifewords.PAIRS_EN,
    **lifewords.PAIRS_UK,
    "weight": ("lose", "losing", "lost", "gain", "gaining", "gained"),
    "keyboard": ("mechanical",),
    **dict.fromkeys(
        "пітон пітона пітону пітоном пітони".split(), ("королівськ", "тигров", "сітчаст")
    ),
    **dict.fromkeys("клавіатура клавіатуру клавіатури клавіатурою".split(), ("механічн",)),
    # Google's office suite: a product, like Excel (round 29)
    **dict.fromkeys(_GOOGLE_OFFICE, ("google", "гугл")),
    # a car (машина) unless a virtual or local machine (round 29)
    **dict.fromkeys(
        _CAR_UK,
        ("віртуальн", "локальн", "робоч", "хост", "гостьов", "цільов", "моїй", "своїй", "цій"),
    ),
    "dashboard": ("car", "truck"),
    # jobs and careers, money, health (round 34): a new job is no cron job, a raise no
    # exception raised, back pain no pain point
    **dict.fromkeys(
        ("job", "jobs"),
        ("new", "dream", "first", "summer", "side", "second", "parttime", "current", "previous"),
    ),
    "raise": ("a", "pay", "salary"),
    "finance": ("personal",),
    **dict.fromkeys(
        ("trip", "trips"),
        tuple(
            """day weekend road family ski camping business school fishing boat beach holiday
            honeymoon hiking bike city""".split()
        ),
    ),
    **dict.fromkeys(("cleaner", "cleaners"), ("vacuum", "robot")),
    **dict.fromkeys(
        "hurts hurt pain aches".split(),
        ("back", "head", "neck", "knee", "stomach", "tooth", "shoulder", "wrist", "chest"),
    ),
    **dict.fromkeys(
        "роботу роботи роботою роботі".split(),
        ("шука", "пошук", "нов", "перш", "знайти", "змін", "втрат", "звільн"),
    ),
    **dict.fromkeys("тренувань тренування".split(), ("план", "програм")),
    **dict.fromkeys("лист листа листі".split(), ("супровідн", "мотиваційн")),
    # what to watch, where to go, what to buy: leisure and shopping asked (що подивитись,
    # куди поїхати, які книги почитати, що краще купити; a cue, see _PAIR_KINDS)
    **dict.fromkeys(_LEISURE_ASKED, ("що", "куди", "де", "краще")),
    "почитати": ("книг", "книжк"),  # що почитати про мікросервіси: a developer's reading
    **dict.fromkeys(
        "бюджет бюджету бюджеті budget budgets".split(),
        ("сімейн", "особист", "домашн", "family", "household", "personal", "to"),
    ),
}
#: Words of :data:`_PAIRS` whose everyday sense the word after them gives (a job interview).
_PAIRS_NEXT: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        ("job", "jobs"),
        ("interview", "offer", "search", "hunt", "seeker", "fair", "application"),
    ),
    **lifewords.PAIRS_NEXT_EN,
}
#: Asking for a recommendation is no recommender system (the nouns stay software words).
_ASKS = frozenset(
    "recommend recommends recommended рекомендуй рекомендуйте рекомендуєш рекомендуєте".split()
)
_SOFTWARE_UK = tuple(
    """
    застосун додат апк краш сайт лендинг ендпоінт сервіс сервер бекенд фронтенд баз скрипт
    бот репозитор функці клас компонент модул тест деплой
    кнопк екран модел пайплайн інструмент плагін баг фіч
    користувач логін реєстрац завантаж кеш мобільн адмін сповіщен оплат кошик
    запит токен сесі промпт агент нейромереж машинн штучн
    аватар плеєр стрічк рекоменд віджет
    черг інтеграц бібліотек фреймворк відображ
    воркер юзер апі дашборд вебхук колбек коллбек нотифікац синхроніз стрімінг лінукс термінал
    джсон чатгпт
    еквайринг мердж коміт ребейз маркетплейс векторн ембед чанк урл юрл кнопок алерт
    """.split()
)
#: Short Ukrainian software words, matched whole (лог starts логістика, баш башта): the
#: English list's logs, bash, push, sms, gpt, llm and AI (ШІ) as written in Ukrainian.
_SOFTWARE_UK_WORDS = frozenset(
    "лог логи логів логах логами логу баш баші башем пуш пуші пушів смс гпт ллм ші гіт гіті мвп"
    " саас клієнти клієнтів клієнтам клієнтами клієнтах покупці покупців покупцям покупцями"
    " відвідувачі відвідувачів пацієнти пацієнтів пацієнтам каталог каталогу каталозі каталоги"
    " асортимент асортименту товари товарів товарах товарам".split()
)
#: Ukrainian stems of the software words with an everyday sense (checked first).
_SOFTWARE_PLAIN_UK = tuple(
    """
    таблиц колонк колонц рядк рядок файл пошт розсилк форм дан список пошук звіт експорт
    імпорт бекап фото відео аудіо шаблон парол програм поле код помилк пдф
    """.split()
)
#: Everyday Ukrainian words that start as a software stem does (багато, додати as
#: додаток, класно as клас, тесть as тест, полегшити as поле): no software word, read first.
_NOT_SOFTWARE_UK = tuple(
    """
    багат додати додатков крашанк сервісн базилік базар ботані ботокс ботинк кодекс класн
    тесть тестя тестев тестем екранізац модельєр кешбек агентств полегш
    """.split()
)
_FRAME_PRODUCTS_UK = (
    *"ексел аутлук принтер вайфа фотошоп лайтрум телевізор макбук саундбар ноут".split(),
    *(stem for stems in _FIELD_PRODUCTS_UK.values() for stem in stems.split()),
)
#: Ukrainian stems change their last consonant before the dative and locative ending
#: (куртці, парковці, папузі, черепасі): k to ts, h to z, kh to s.
_ALTERNATION = {"к": "ц", "г": "з", "х": "с"}


def _alternated(stems: tuple[str, ...]) -> tuple[str, ...]:
    """``stems`` and, for each that ends in a consonant that alternates, its form before the
    dative and locative ending."""
    more = (s[:-1] + _ALTERNATION[s[-1]] for s in stems if len(s) >= 4 and s[-1] in _ALTERNATION)
    return tuple(dict.fromkeys((*stems, *more)))


_LIFE_UK_STEMS = _alternated((*_LIFE_UK, *_LIFE_MORE_UK))


@lru_cache(maxsize=1)
def _life_uk_stems() -> Prefixes:
    """:data:`_LIFE_UK_STEMS` and :data:`lifewords.LIFE_UK` (hundreds), looked up by length
    (made when a Cyrillic word first needs them)."""
    return Prefixes((*_LIFE_UK_STEMS, *lifewords.LIFE_UK))


_FIELD_STEMS_UK = {
    f: _alternated(tuple(stems.split()))
    for fields in (_FIELD_PRODUCTS_UK, _LIFE_FIELDS_UK)
    for f, stems in fields.items()
}
_LIFE_FIELD_STEMS_UK = tuple(s for f in _LIFE_FIELDS_UK for s in _FIELD_STEMS_UK[f])
_PRODUCT_STEMS_UK = _alternated(_FRAME_PRODUCTS_UK)
#: A page is a screen of an app, unless an office product frames the request (a Word
#: document's pages): then it is a software word with an everyday sense.
_PAGES_EN = frozenset("page pages".split())
_PAGES_UK = "сторінк"
_FRAME_PRODUCT_UK_WORDS = frozenset(
    "ворд ворду ворді впр модем модема модемі слайд слайди слайдів слайдах слайдами"
    " презентація презентацію презентації презентацією".split()
)
_FRAME_TIMES_UK = tuple("понеділ вівтор четвер пятниц субот неділ вихідн".split())
_OFFICE_UK = ("формул", "макрос")
_FRAME_MINOR_UK = (*_FRAME_TIMES_UK, *_OFFICE_UK)
#: Every stem :func:`_kind_uk` tests the start of a word against (hundreds), each of
#: _STEM_HEAD letters or more...
_KIND_UK_STEMS = (
    _PAGES_UK,
    *_LIFE_FIRST_UK,
    *_PRODUCT_STEMS_UK,
    *_NOT_SOFTWARE_UK,
    *_OFFICE_UK,
    *_SOFTWARE_PLAIN_UK,
    *lifewords.PLAIN_UK,
    *_SOFTWARE_UK,
    *_LIFE_FIELD_STEMS_UK,
    *_FRAME_MINOR_UK,
)
_STEM_HEAD = 3
#: ...by their first _STEM_HEAD letters: a word that begins with none of these begins no such
#: stem, so its ``startswith`` scans are skipped (route38: one look-up instead of ten
#: scans; seven Cyrillic words in ten begin none).
_KIND_UK_HEADS = frozenset(stem[:_STEM_HEAD] for stem in _KIND_UK_STEMS)
_CLOCK = re.compile(r"^\d{1,2}(?:am|pm)$")
#: A car's engine trouble code (OBD-II powertrain: P0171, P0420): a car on the dashboard.
_ENGINE_CODE = re.compile(r"^p[0-3]\d{3}$")
#: An exception class's name (ValidationError, KeyError, NullPointerException): software.
_EXCEPTION = re.compile(r"^[a-z]{3,}(?:error|exception)$")
#: What every name :data:`_EXCEPTION` matches ends with (a test before the pattern).
_EXCEPTION_ENDS = ("error", "exception")
#: Texts written for people about their own life: asked to write one, no specialist fits,
#: whatever software the text mentions ("a cover letter for a python job", "a toast with
#: jokes about friday deploys"). A UI toast or message is no such text.
_WRITE_VERBS = frozenset("write draft compose напиши написати напишіть склади скласти".split())
_GENRES = frozenset(
    "toast toasts poem poems speech eulogy resume resumes cv"
    " тост вірш віршик промову резюме".split()
)
_COVER = ("cover", ("letter", "letters"))
#: Occasions a personal text is written for: "a wedding toast", "a retirement speech" name
#: one without a verb asking to write it (round 29).
_OCCASIONS = frozenset(
    "wedding birthday retirement farewell graduation anniversary funeral memorial christmas"
    " весільний весільну весільна весільного ювілейний ювілейну прощальний прощальну".split()
)
#: Words of a UI that shows a text to its users: then "a birthday toast" is a UI toast.
_SHOWN = frozenset(
    "show shows shown display displays displayed user users app apps screen page popup banner"
    " login logs показати показує показуй користувач користувачу користувачам".split()
)
_NOT_GENRE = frozenset(
    "notification notifications component snackbar ui message messages parser parse parsing"
    " парсер парсинг".split()
)
#: Round 59: a business's texts for people, which a writer or the team itself writes (a
#: newsletter, a press release, a job post): asked to be written, the software they are about
#: (a backend developer wanted, an export feature announced) is their topic, not the work.
#: Per first word, the next words that make the genre (empty: the word alone).
_BUSINESS_GENRES: dict[str, tuple[str, ...]] = {
    "newsletter": (),
    "vacancy": (),
    "вакансію": (),
    "вакансії": (),
    "job": ("post", "posting", "ad", "advert", "description", "listing"),
    "press": ("release",),
    "прес": ("реліз",),
    # round 73: a support agent's reply to a customer (a refund refused) is the team's text
    **dict.fromkeys(("reply", "replies"), ("to",)),
}
#: Documents of a person's own life or a contract, asked to be translated (a CV into German,
#: a flat's lease from Polish), or a company's policy or brochure (round 73): a translator's
#: work, not an internationalised app's (a policy *page* is a page: software).
_TRANSLATE_VERBS = frozenset("translate переклади перекласти перекладіть перекладать".split())
_DOCUMENTS: dict[str, tuple[str, ...]] = dict.fromkeys(
    "cv resume contract lease certificate diploma договір договору резюме довідку диплом"
    " свідоцтво policy policies brochure".split(),
    (),
)
#: Round 114: a translation asked for by its verb or its noun (translation of, з перекладом),
#: and the texts a translator translates (a letter to a supplier, the terms and conditions,
#: a user manual, лист, договір, інструкцію): one of them within :data:`_GENRE_REACH` words
#: after the translation word is a translator's work, also as a page of a site (the terms
#: and conditions page, 4 pages long), unless the request names the site's i18n code or any
#: word only software has (translation keys, a locale switcher, the email template sent in
#: the user's language, auto-translated descriptions: :data:`_I18N`).
_TRANSLATION = _TRANSLATE_VERBS | frozenset(
    "translation translating переклад перекладом перекладу перекладі".split()
)
_TRANSLATED_EN = frozenset(
    """letter letters email emails document documents contract contracts terms conditions
    cv resume policy policies brochure brochures manual manuals instructions leaflet
    article articles invitation invitations certificate lease agreement""".split()
)
_TRANSLATED_UK = tuple(
    "лист договір договор документ інструкці брошур статт умов політик резюме довідк диплом"
    " свідоцтв запрошен угод".split()
)
_I18N = frozenset(
    """i18n l10n locale locales localization localisation localize localise switcher key
    keys strings json yaml multilingual auto automatic automatically machine template
    templates мультимовність мультимовний мультимовного локалізація
    локалізацію локаль локалі ключі ключів перемикач шаблон шаблону автоматично
    автоматичний""".split()
)
#: How close the genre follows the verb asking to write it ("write the customer newsletter"),
#: as its object: a preposition before it ends the object ("a cover letter for a vacancy").
_GENRE_REACH = 4
_GENRE_ENDS = frozenset("for about to of from для про на до від".split())
#: A roster whose agents describe themselves by these writes such texts itself.
_WRITER_COVER = "copywriting copywriter marketing"
#: How much an everyday frame must weigh to decide, and what each kind of cue weighs.
FRAME_MIN = 2
_PRODUCT_WEIGHT = 2


#: How many everyday-life subjects a roster must describe to have a specialist for them.
LIFE_SPECIALIST = 2


@carried.table
def _terms() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    life = frozenset(t for w in (*_LIFE_EN, *_LIFE_MORE_EN) for t in term_list(w))
    software = frozenset(t for w in _SOFTWARE_EN for t in term_list(w))
    plain = frozenset(t for w in _SOFTWARE_PLAIN_EN for t in term_list(w)) - software
    return life, software, plain


@carried.table
def _tech_names() -> frozenset[str]:
    """The well-known products and tools (:data:`PRODUCTS`: Docker, a Dockerfile, Postgres,
    Kafka), as written: one of them and the request is about software, whatever everyday
    words are around it ("the Docker image is 2 GB, how do we slim it down"). Names an
    everyday frame reads (office and home products) or an everyday subject shares are left
    to those."""
    names = frozenset(w for _, listed in PRODUCTS for w in listed.split() if w.isascii())
    life = _terms()[0]
    return frozenset(
        w for w in names if life.isdisjoint(term_list(w)) and not _frames().keys() & term_list(w)
    )


#: Round 105: everyday words and names among the tokens one technology prints.
_PRINTED_EVERYDAY = frozenset(
    "claude composer hudson jakarta unwrap bicep llama gemini pika ora insync hotkeys".split()
)


@carried.table
def _printed() -> frozenset[str]:
    """Round 105: what one technology prints or names its files, commands and calls by
    (:data:`signatures.TOKENS`: ghc, tfstate, crashloopbackoff, gradlew, useeffect), three
    letters or more, no everyday word: like a product's name, one of them makes the request
    software's ("RES climbs to 8GB: foldl in our GHC service" is no climbing)."""
    life = _terms()[0]
    return frozenset(
        token
        for token in signatures.TOKENS
        if len(token) > 2
        and token.isascii()
        and not token.isdigit()
        and token not in _PRINTED_EVERYDAY
        and life.isdisjoint(term_list(token))
    )


#: How many first letters (spelling folded) a word heard by ear shares with the product name.
_HEARD = 2


@carried.table
def _tech_terms() -> dict[str, frozenset[str]]:
    """Per routing term of :func:`_tech_names` (docker, panda, kafka), the first letters of
    the names it is the term of, spelling folded (shapes.skeleton)."""
    heads: dict[str, set[str]] = {}
    for name in _tech_names():
        for t in term_list(name):
            heads.setdefault(t, set()).add(skeleton(name)[:_HEARD])
    return {t: frozenset(found) for t, found in heads.items()}


def _heard_tech(token: str) -> bool:
    """Whether the Ukrainian ``token`` names a well-known product by ear (докер, пандас,
    кафку, постгрес): the glossary reads it as the product's term and it sounds as the
    name begins (швидко is read as fast, a product's name too, but sounds otherwise): the
    request is about software, whatever everyday words are around it (round 82)."""
    heads = _tech_terms()
    found = [heads[t] for t in term_list(token) if t in heads]
    if not found:
        return False
    head = spelled_shape(token)[:_HEARD]
    return any(head in names for names in found)


@carried.table
def _frames() -> dict[str, _Word]:
    fields = (w for words in _FIELD_PRODUCTS_EN.values() for w in words.split())
    products = {t: _Word.PRODUCT for w in (*_FRAME_PRODUCTS_EN, *fields) for t in term_list(w)}
    minor = {t: _Word.TIME for w in (*_FRAME_TIMES_EN, *_FRAME_OFFICE_EN) for t in term_list(w)}
    return minor | products


def serves_life(described: frozenset[str]) -> bool:
    """Whether a roster whose agents describe themselves by the terms ``described`` has a
    specialist for everyday life (a poet, a chef): then it routes such requests itself. One
    such word is no specialist (Scala's Cats Effect): it takes LIFE_SPECIALIST of them."""
    return len(described & _terms()[0]) >= LIFE_SPECIALIST


def life_subject(tokens: list[str], described: frozenset[str] = frozenset()) -> str | None:
    """The everyday-life subject ``tokens`` (a request's words) are about, when they name
    one and nothing software is made of, or when an everyday frame outweighs the software
    words that have an everyday sense too; else None. A frame word some agent describes
    itself by (in ``described``) is no frame on that roster. A technology named by an
    everyday word (:data:`lifewords.HOMONYMS`: Java, a python) is software only beside a
    word of code or a software word with an everyday sense; "our" (the speaker's product)
    counts as one such word (round 69)."""
    text = _text_subject(tokens, described)
    if text is not None:
        return text
    found: str | None = None
    frame: str | None = None
    weight = pages = 0
    product = homonym = False
    plain: set[str] = set()
    for position, token in enumerate(tokens):
        kind = _cached_kind(token)
        if kind is _OTHER:
            continue
        if kind is _PAIRED:
            kind = _pair_kind(token) if _paired(tokens, position) else _unpaired(token)
            if kind is _OTHER:
                continue
        if kind is _SOFTWARE:
            if token not in _HOMONYMS:
                return None
            homonym = True
        elif kind is _PAGE:
            pages += 1
        elif kind is _PLAIN:
            plain.add(token)
        elif kind is _LIFE:
            if _nicknamed(tokens, token):
                continue  # round 113: кролик beside its messages is RabbitMQ, not a pet
            found = found or token
            weight += 1
        elif kind is _LIFE_FIELD:
            if not _frames_here(token, described):
                if _field_of(token) in _CONSUMER_FIELDS:
                    return None  # the roster's specialist for the field takes it
                continue  # a business's specialist (a legal advisor): says nothing here
            found = found or token
            weight += 1
        elif _frames_here(token, described) or (kind is _TIME and is_cyrillic(token)):
            # a Ukrainian time or leisure cue reads as English words some agent may describe
            # itself by (подивитись: view), yet names no product of its field
            if frame is None or (kind is _PRODUCT and not product):
                frame = token  # the first product names the frame, else the first cue
            weight += _PRODUCT_WEIGHT if kind is _PRODUCT else 1
            product = product or kind is _PRODUCT
        elif token.startswith(_BOARDS):
            return None  # a development board on a roster with an engineer for devices
    owned = not lifewords.OWNERS.isdisjoint(tokens)
    if (pages and not product) or (homonym and (plain or pages or owned or _coded(tokens))):
        return None
    return _outweighs(found, frame, weight, len(plain) + pages + owned)


_HOMONYMS = lifewords.HOMONYMS


@lru_cache(maxsize=1)
def _nicknames() -> dict[str, frozenset[str]]:
    """Round 113: per first term of an everyday word that nicknames a technology
    (:data:`vocab.SENSES`: кролик, rabbit), the cue words that select the technology."""
    return {term_list(word)[0]: frozenset(cues.split()) for word, (cues, _) in SENSES.items()}


def _nicknamed(tokens: list[str], token: str) -> bool:
    """Round 113: whether the everyday-life ``token`` is a technology's nickname its cues in
    ``tokens`` select ("кролик: повідомлення зникають" is RabbitMQ): no life subject then."""
    found = term_list(token)
    cues = _nicknames().get(found[0]) if found else None
    return cues is not None and not cues.isdisjoint(tokens)


def _coded(tokens: list[str]) -> bool:
    """Whether ``tokens`` hold a word of code (:data:`lifewords.CODE_CONTEXT`)."""
    return not lifewords.CODE_CONTEXT.isdisjoint(tokens)


#: Words that deny what follows them (just ideas, not code; без коду).
_DENIALS = frozenset("not no without без не ні".split())


def _code_asked(tokens: list[str]) -> bool:
    """Whether ``tokens`` hold a word of code (:func:`_coded`) not denied by the word before
    it: "just ideas, not code" asks for no code (round 98)."""
    if lifewords.CODE_CONTEXT.isdisjoint(tokens):
        return False  # most requests
    return any(
        token in lifewords.CODE_CONTEXT and (at == 0 or tokens[at - 1] not in _DENIALS)
        for at, token in enumerate(tokens)
    )


def asks_text(tokens: list[str], described: frozenset[str] = frozenset()) -> bool:
    """Round 115: whether ``tokens`` ask help with a consumer product, a trade's question,
    or a personal or business text to write or translate (a job ad for a React developer):
    a technology named in it is the text's subject, not work asked on it."""
    return _text_subject(tokens, described) is not None


def _text_subject(tokens: list[str], described: frozenset[str]) -> str | None:
    """The consumer product a person asks help with, or the personal or business text
    ``tokens`` ask to write or translate (see :func:`life_subject`), if any."""
    support = consumer_support(tokens)
    if support is not None:
        return support
    trade = _trade_question(tokens, described)
    if trade is not None:
        return trade
    if _TEXT_WORDS.isdisjoint(tokens):
        return None  # most requests: no text asked for (one set test for the four below)
    asked = not _WRITE_VERBS.isdisjoint(tokens)
    if asked or not _OCCASIONS.isdisjoint(tokens):
        genre = _personal_text(tokens, asked)
        if genre is not None:
            return genre
    if asked or not _TRANSLATE_VERBS.isdisjoint(tokens):
        text = _business_text(tokens, described)
        if text is not None:
            return text
    if _TRANSLATION.isdisjoint(tokens):
        return None  # most requests: no translation asked for
    return _translated(tokens)


#: Every word :func:`_text_subject` asks a text by: a request with none asks for none.
_TEXT_WORDS = _WRITE_VERBS | _OCCASIONS | _TRANSLATE_VERBS | _TRANSLATION


#: Round 79: the acts and subjects of another trade (a lawyer's, an accountant's); round 91
#: adds a business's other trades (a contract, a tax regime, investors, a logo, OKRs, a
#: keyboard to buy) in both languages (:mod:`tradewords`).
_TRADES = tradewords.TRADES
#: Every trade's words, and the first letters of its Ukrainian stems and phrases' first words
#: (one test each per request before the trades are read one by one).
_TRADE_WORDS = frozenset(chain.from_iterable((*t.words, *t.phrases) for t in _TRADES))
_HEAD4 = itemgetter(slice(0, 4))
_TRADE_HEADS = frozenset(_HEAD4(stem) for t in _TRADES for stem in t.stems)
#: Per trade, its words and phrases' first words, and its stems' first letters.
_TRADE_KEYS = tuple(
    (frozenset((*t.words, *t.phrases)), frozenset(_HEAD4(stem) for stem in t.stems))
    for t in _TRADES
)
#: Words that ask for software to be made, changed or mended (add VAT to the invoice, a tax
#: field, the vacation form saves wrong dates): beside one a trade's word is the software's
#: subject, not the trade's question.
_MAKE_WORDS = frozenset(
    "add adding implement build building calculate calculation calculator compute integrate"
    " integration api endpoint field column script generate automate automated audit check"
    " checker model prompt library licence license gdpr invoice invoices report reports export"
    " import tracking pixel data query sql bigquery rag search fix bug bugs error errors crash"
    " crashes broken fails failing failed save saves saving button screen wrong slow shows"
    " неправильно повільно показує видно додай додати зроби зробити automatically"
    " автоматично автоматизувати автоматизуй автоматизуйте автоматизація автоматизацію"
    " порахуй розрахунок інтеграц поле звіт звіти вивантаж дані пошук раг".split()
)


#: Round 98: the :data:`_MAKE_WORDS` that ask for a thing to be made at all (build,
#: generate, зроби): right before a trade's word they ask for the trade's own product (зроби
#: нам лого, generate a slogan: a brand designer's), not for software.
_CREATE_WORDS = frozenset("build building generate зроби зробити".split())
#: How far (in words) a trade's word may follow a :data:`_CREATE_WORDS` word to be what it
#: asks for (зроби нам новий лого).
_CREATED_SPAN = 3
#: Words that place a thing in software (the logo on the site, в шапці): beside a
#: business's product (site, app) the trade's word is the software's subject.
_PLACES = frozenset("on in at into на в у до".split())


def _asks_made(tokens: list[str], found: str) -> bool:
    """Whether ``tokens`` ask for software to be made or mended (:data:`_MAKE_WORDS`), the
    trade's word ``found`` being no such word's object: a word asking for a thing to be made
    right before it asks for the trade's product (зроби нам лого), unless the request places
    it in a product (зроби лого на сайті більшим: round 98)."""
    own = found.split()  # the trade's own words (a team building) ask for nothing
    asked = [at for at, token in enumerate(tokens) if token in _MAKE_WORDS and token not in own]
    if not asked:
        return False  # most requests: no word asking for anything to be made
    first = own[0]
    created = {
        at
        for at in asked
        if tokens[at] in _CREATE_WORDS and first in tokens[at + 1 : at + 1 + _CREATED_SPAN]
    }
    if len(created) < len(asked):
        return True
    for before, token in pairwise(tokens):
        if before in _PLACES and _trade_subject(token):
            return True
    return False


def _trade_question(tokens: list[str], described: frozenset[str]) -> str | None:
    """The word of another trade (a lawsuit, VAT, a trademark, ФОП, a contract, investors,
    a logo) ``tokens`` ask about when no agent of the roster covers the trade
    (``described``) and no word asks for software to be made (:data:`_MAKE_WORDS`) or is one
    of code: then a lawyer's or an accountant's question with a few tech words in it (sue
    the contractor who built the website; VAT for an online store; the tax regime of a sole
    trader selling SaaS) is no agent's (rounds 79, 91)."""
    heads = frozenset(map(_HEAD4, tokens))
    if _TRADE_WORDS.isdisjoint(tokens) and _TRADE_HEADS.isdisjoint(heads):
        return None  # most requests: two set tests
    for trade, cover, (keys, firsts) in zip(_TRADES, _trade_covers(), _TRADE_KEYS, strict=True):
        if keys.isdisjoint(tokens) and firsts.isdisjoint(heads):
            continue  # round 98: per trade, two set tests before its words are read
        if not described.isdisjoint(cover):
            continue
        found = _trade_word(tokens, trade)
        if found is None:
            continue
        if trade.asked and trade.asked.isdisjoint(tokens):
            continue
        coders = trade.coders
        if not _asks_made(tokens, found) and (coders or not _code_asked(tokens)):
            # the trade's own words are none of software's (a shift schedule: round 98)
            own = _trade_own(tokens, found) | trade.asked  # round 106: the staff onboarded
            if _drafted(tokens, found) or not _built(
                tokens, own | tradewords.CODERS if coders else own
            ):
                return found
    return None


def _drafted(tokens: list[str], found: str) -> bool:
    """Whether ``tokens`` ask to write the trade's document ``found`` names (draft a returns
    policy, write the onboarding checklist: :func:`_asked_object`): the software words after
    it (who pays return shipping) are its content then, as a business text's are (round
    106)."""
    if _WRITE_VERBS.isdisjoint(tokens):
        return False  # most requests
    first, *rest = found.split()
    told = [t for t in tokens if not _trade_subject(t)]  # a policy for returns of goods
    return _asked_object(told, _WRITE_VERBS, {first: tuple(rest)}) is not None


def _trade_subject(token: str) -> bool:
    """Whether ``token`` names what a business sells or serves (:data:`_TRADE_SUBJECTS`,
    Ukrainian stems too): the subject of a trade's question, no software work by itself."""
    return token in _TRADE_SUBJECTS or (is_cyrillic(token) and token.startswith(_TRADE_SUBJECTS_UK))


@carried.table
def _trade_covers() -> tuple[frozenset[str], ...]:
    """Per trade of :data:`_TRADES`, its cover words as routing terms (copywriting:
    copywrit), as a roster's described terms are."""
    return tuple(frozenset(t for w in trade.cover for t in term_list(w)) for trade in _TRADES)


def _trade_word(tokens: list[str], trade: tradewords.Trade) -> str | None:
    """The first word of ``tokens`` that is one of ``trade``'s: a word of it, a Ukrainian
    word starting with one of its stems, or a phrase's first word before its next."""
    words_of, stems, phrases = trade.words, trade.stems, trade.phrases
    for at, token in enumerate(tokens):
        if token in words_of or (stems and is_cyrillic(token) and token.startswith(stems)):
            return token
        after = phrases.get(token)
        if after is not None and tokens[at + 1 : at + 2] != []:
            if tokens[at + 1].startswith(after):
                return f"{token} {tokens[at + 1]}"
    return None


#: The software a trade's question may be about (the site, the app, the SaaS one sells, the
#: service its terms are for: English as written, Ukrainian stems), and the plain words it
#: may use (to file a return): any other software word, or a page (the terms of service
#: page), makes the trade's word the software's subject.
_TRADE_SUBJECTS = tradewords.SUBJECTS
_TRADE_SUBJECTS_UK = tradewords.SUBJECTS_UK


def _built(tokens: list[str], asking: frozenset[str] = frozenset()) -> bool:
    """Whether ``tokens`` hold a software word (:class:`_Word`: software only, with an
    everyday sense, a page) other than the product a trade's question is about or the
    ``asking`` words (who asks: a programmer buying a keyboard) and a word beside one of
    them (:func:`_beside_coder`)."""
    for at, token in enumerate(tokens):
        kind = _cached_kind(token)
        if kind is _PAIRED and token in _HOMONYMS and not _paired(tokens, at):
            kind = _SOFTWARE  # round 98: Python, not a ball python
        if kind in _BUILT_KINDS and not _trade_subject(token) and token not in asking:
            if not _beside_coder(tokens, at, asking):
                return True
    return False


def _beside_coder(tokens: list[str], at: int, asking: frozenset[str]) -> bool:
    """Whether the word at ``at`` of ``tokens`` names the field of a coder among the
    ``asking`` words right after it (a backend dev, a react developer: round 98) or follows
    the coders' work (long coding sessions: round 106). A trade's own word after it is no
    coder (the chatbot that makes up умови повернення: software work, round 106)."""
    after = tokens[at + 1 : at + 2]
    if after and after[0] in asking and after[0] in tradewords.CODERS:
        return True
    return at > 0 and tokens[at - 1] in tradewords.CODING and tokens[at - 1] in asking


#: The forms a trade's document takes (a contract template, шаблон договору: round 98; a
#: table the rota is laid out in, графік відпусток таблицею: round 103).
_DOCUMENT_FORMS = frozenset(
    """template templates draft drafts шаблон шаблону шаблони table tables spreadsheet таблиця
    таблицю таблиці таблицею""".split()
)
#: Round 103: how many words after a trade's word its document's form may stand (the
#: holiday schedule into a nice table, графік відпусток гарною таблицею).
_FORM_SPAN = 4


def _trade_own(tokens: list[str], found: str) -> frozenset[str]:
    """The words of a trade's question that are the trade's own: ``found`` (its word or
    phrase) and a document's form right before it or a few words after it (a contract
    template: round 98; the holiday schedule as a table: round 103)."""
    own = found.split()
    at = tokens.index(own[0])
    near = tokens[max(at - 1, 0) : at] + tokens[at + len(own) : at + len(own) + _FORM_SPAN]
    return frozenset(own + [w for w in near if w in _DOCUMENT_FORMS])


def asks_trade(tokens: list[str]) -> bool:
    """Whether ``tokens`` ask another trade's question (:func:`_trade_question`, whatever
    the roster covers): a lawyer's or an accountant's question about one's site or app is
    no work on it (audience.asks_product_work)."""
    return _trade_question(tokens, frozenset()) is not None


def _outweighs(found: str | None, frame: str | None, weight: int, everyday: int) -> str | None:
    """The subject when the everyday-life words (``weight``: a subject's ``found``, a
    frame's cues) outweigh the ``everyday`` count of software words with an everyday sense."""
    if found is not None and weight >= everyday:
        return found
    if weight >= FRAME_MIN and weight > everyday:
        return found or frame
    return None


#: A quoted span: opening and closing quote marks not inside a word (an apostrophe is: інʼєкція,
#: don't), at most a few words between them.
_QUOTED = r"""(?<![\w'’])['"«“‘„]([^'"«»“”‘’„\n]{1,60}?)['"»”’](?![\w'’])"""
_QUOTE_MARKS = "'\"«“‘„"


@lru_cache(maxsize=1)
def _quoted() -> re.Pattern[str]:
    """:data:`_QUOTED` compiled (when a request with an everyday subject first needs it)."""
    return re.compile(_QUOTED)


#: A name written as code: lower-case words joined by underscores (gift_wrap, user_id,
#: is_paid), as a field, column or variable is named; people write no such word about
#: their own life (round 96). Round 101: or three capitalised words or more written as one
#: (ProvisionedThroughputExceeded, NullPointerException), as an error or a class is named
#: (a brand joins two at most: PlayStation, WhatsApp).
_IDENTIFIER = re.compile(
    r"(?<![\w.])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w.])|(?<!\w)[A-Z][a-z]+(?:[A-Z][a-z]+){2,}"
)


def names_identifier(request: str) -> bool:
    """Whether ``request`` writes a name as code does (``gift_wrap``, ``user_id``,
    ``ProvisionedThroughputExceeded``): the request is about software, whatever everyday
    word the name is made of (round 96)."""
    return _IDENTIFIER.search(request) is not None


def quoted_words(request: str) -> frozenset[str]:
    """The words ``request`` quotes ('авто' and 'машина', "money back"): examples it
    mentions (what a search should match), not the subject it is about. A request quoted
    whole quotes nothing: it is read as written."""
    if not any(mark in request for mark in _QUOTE_MARKS):
        return frozenset()
    if not any(c.isalpha() for c in _quoted().sub(" ", request)):
        return frozenset()  # quoted whole: read as written
    return frozenset(w for span in _quoted().findall(request) for w in words(span))


def _frames_here(token: str, described: frozenset[str]) -> bool:
    """Whether the frame word ``token`` frames a request on a roster whose agents describe
    themselves by ``described``: not when an agent describes itself by the word, nor by the
    field its product belongs to (an Arduino is an embedded engineer's work)."""
    if not described.isdisjoint(term_list(token)):
        return False
    cover = _platform_cover().get(token)
    if cover is not None and not described.isdisjoint(cover):
        return False  # a platform some agent covers (Outlook beside an M365 administrator)
    field = _field_of(token)
    return field is None or described.isdisjoint(_field_cover()[field])


@carried.table
def _platform_cover() -> dict[str, frozenset[str]]:
    """Per name term of a platform of :data:`PLATFORMS` (excel, unity), the terms an agent that
    covers the platform describes itself by (round 64)."""
    cover: dict[str, frozenset[str]] = {}
    for _label, named, _device, covering in _platform_table():
        for term in named:
            cover[term] = cover.get(term, frozenset()) | covering
    return cover


@carried.table
def _field_cover() -> dict[_Field, frozenset[str]]:
    return {
        f: frozenset(t for w in words.split() for t in term_list(w))
        for f, words in _FIELD_COVER.items()
    }


@carried.table
def _field_terms() -> dict[str, _Field]:
    return {
        t: field
        for fields in (_FIELD_PRODUCTS_EN, _LIFE_FIELDS_EN)
        for field, words in fields.items()
        for w in words.split()
        for t in term_list(w)
    }


@lru_cache(maxsize=4096)
def _field_of(token: str) -> _Field | None:
    """The field whose product ``token`` names, if any (a stem of it, or a Ukrainian stem)."""
    if is_cyrillic(token):
        if token in _LIFE_FIELD_UK_WORDS:
            return _LIFE_FIELD_UK_WORDS[token]
        return next((f for f, stems in _FIELD_STEMS_UK.items() if token.startswith(stems)), None)
    terms = _field_terms()
    return next((terms[t] for t in term_list(token) if t in terms), None)


def _paired(tokens: list[str], position: int) -> bool:
    """Whether the word at ``position`` follows (or, for some, precedes) a word that gives it
    its everyday sense."""
    token = tokens[position]
    if position > 0 and _cued(tokens[position - 1], _PAIRS[token]):
        return True
    after = _PAIRS_NEXT.get(token)
    return (
        after is not None
        and tokens[position + 1 : position + 2] != []
        and (tokens[position + 1].startswith(after))
    )


def _cued(word: str, cues: tuple[str, ...]) -> bool:
    """Whether ``word`` is one of ``cues``: a Ukrainian word by its stem (a prefix: its
    endings vary), an English one as written (as a prefix, "side" began "sidekiq" and "a"
    began any word)."""
    return word.startswith(cues) if is_cyrillic(word) else word in cues


def _pair_kind(token: str) -> _Word:
    """The kind of a word of :data:`_PAIRS` after a word that gives it its other sense."""
    return _PAIR_KINDS.get(token, _LIFE)


@lru_cache(maxsize=64)
def _unpaired(token: str) -> _Word:
    """The kind of a word of :data:`_PAIRS` where no word before it gives it another sense."""
    return _base_kind(token)


def _personal_text(tokens: list[str], asked: bool) -> str | None:
    """The kind of personal text a request names, if any: any genre when it asks to write
    (``asked``), else the occasion a genre follows ("a wedding toast": wedding)."""
    if not _NOT_GENRE.isdisjoint(tokens) or not (asked or _SHOWN.isdisjoint(tokens)):
        return None
    for position, token in enumerate(tokens):
        if token in _GENRES and (asked or (position > 0 and tokens[position - 1] in _OCCASIONS)):
            return token if asked else tokens[position - 1]  # the occasion names it
        if token == _COVER[0] and tokens[position + 1 : position + 2] in ([w] for w in _COVER[1]):
            return "cover letter"
    return None


def _business_text(tokens: list[str], described: frozenset[str]) -> str | None:
    """The business text (:data:`_BUSINESS_GENRES`) ``tokens`` ask to write, or the personal
    or legal document (:data:`_DOCUMENTS`) they ask to translate (:func:`_asked_object`); a
    business text only on a roster with no writer for it (a roster for everyday life, with a
    translator, routes both itself: :func:`serves_life`)."""
    if described.isdisjoint(_terms_of(_WRITER_COVER)):
        text = _asked_object(tokens, _WRITE_VERBS, _BUSINESS_GENRES)
        if text is not None:
            return text
    return _asked_object(tokens, _TRANSLATE_VERBS, _DOCUMENTS)


def _translated(tokens: list[str]) -> str | None:
    """The text (:data:`_TRANSLATED_EN`, :data:`_TRANSLATED_UK`) ``tokens`` ask to have
    translated, as :data:`_TRANSLATION` says, when no word of the site's i18n code
    (:data:`_I18N`) nor a word only software has occurs (round 114); else None."""
    if not _I18N.isdisjoint(tokens) or any(_cached_kind(t) is _SOFTWARE for t in tokens):
        return None
    for position, token in enumerate(tokens):
        if token not in _TRANSLATION:
            continue
        for word in tokens[position + 1 : position + 1 + _GENRE_REACH]:
            if word in _TRANSLATED_EN or word.startswith(_TRANSLATED_UK):
                return word
    return None


def _asked_object(
    tokens: list[str], verbs: frozenset[str], genres: dict[str, tuple[str, ...]]
) -> str | None:
    """The genre of ``genres`` that is the object of one of ``verbs`` in ``tokens``: within
    :data:`_GENRE_REACH` words after the verb, before any preposition, with no software or
    page word before it (an API contract) nor right after it (a newsletter signup endpoint,
    the contract page of a site)."""
    for position, token in enumerate(tokens):
        if token not in verbs:
            continue
        for at in range(position + 1, min(position + 1 + _GENRE_REACH, len(tokens))):
            word = tokens[at]
            if word in _GENRE_ENDS or _kind(word) in (_SOFTWARE, _PAGE):
                break
            tails = genres.get(word)
            if tails is None:
                continue
            end = at + 1 + bool(tails)
            if tails and tokens[at + 1 : end] not in ([w] for w in tails):
                continue
            after = tokens[end : end + 1]
            if not after or _kind(after[0]) not in (_SOFTWARE, _PAGE):
                return " ".join(tokens[at:end])
    return None


class _Word(IntEnum):
    OTHER = 0
    LIFE = 1
    SOFTWARE = 2
    PLAIN = 3
    PRODUCT = 4
    TIME = 5
    PAGE = 6
    LIFE_FIELD = 7
    PAIRED = 8


#: The members read once per word of a request, as plain names: a member read through its
#: class goes through the enum's __getattr__ hook on every read (CPython 3.11).
_OTHER, _LIFE, _SOFTWARE, _PLAIN, _PRODUCT, _PAGE, _LIFE_FIELD, _PAIRED, _TIME = (
    _Word.OTHER,
    _Word.LIFE,
    _Word.SOFTWARE,
    _Word.PLAIN,
    _Word.PRODUCT,
    _Word.PAGE,
    _Word.LIFE_FIELD,
    _Word.PAIRED,
    _Word.TIME,
)

#: Pairs whose first word gives another kind than everyday life: Google's Sheets are an
#: office product; a virtual machine is no car.
_PAIR_KINDS: dict[str, _Word] = {
    **dict.fromkeys(_GOOGLE_OFFICE, _Word.PRODUCT),
    **dict.fromkeys(_CAR_UK, _Word.OTHER),
    # leisure asked is a cue like a time: with another (на вихідних) or an everyday subject
    # it decides, and the subject names the request (що подарувати мамі: мамі)
    **dict.fromkeys(_LEISURE_ASKED, _Word.TIME),
}

#: Per surface word, its kind (a plain dict: read once per word of every request).
_KINDS: dict[str, _Word] = {}
MAX_KINDS = 65536


def _kind(token: str) -> _Word:
    """Whether ``token`` names software, software with an everyday sense, an everyday-life
    subject (of a field a specialist may cover, or not), an everyday frame (office or home
    product, a time), a word whose sense the word before it decides, or none of them."""
    return _Word.PAIRED if token in _PAIRS else _base_kind(token)


def _base_kind(token: str) -> _Word:
    if token in _ASKS:
        return _Word.OTHER
    if is_cyrillic(token):
        return _kind_uk(token)
    if token in _PAGES_EN:
        return _Word.PAGE
    # each pattern tried only where its first letter or ending is (most words: none)
    if token[:1].isdigit() and _CLOCK.match(token):
        return _Word.TIME
    if token[:1] == "p" and _ENGINE_CODE.match(token):
        return _Word.LIFE
    if (
        (token.endswith(_EXCEPTION_ENDS) and _EXCEPTION.match(token))
        or token in _BUSINESS_EN
        or token in _tech_names()
    ):
        return _Word.SOFTWARE
    if token in _printed():
        return _Word.SOFTWARE
    if token in _LIFE_AS_WRITTEN_EN or (token.endswith("s") and token[:-1] in _LIFE_AS_WRITTEN_EN):
        return _Word.LIFE  # as written, or its possessive (mazda's: mazdas)
    if token in lifewords.PLAIN_AS_WRITTEN_EN:
        return _Word.PLAIN
    life, software, plain = _terms()
    stems = term_list(token)
    if not software.isdisjoint(stems):
        return _Word.SOFTWARE
    if not plain.isdisjoint(stems):
        return _Word.PLAIN
    if not life.isdisjoint(stems):
        return _Word.LIFE
    if _field_of(token) in _LIFE_FIELDS_EN:
        return _Word.LIFE_FIELD
    frames = _frames()
    return next((frames[t] for t in stems if t in frames), _Word.OTHER)


def _kind_uk(token: str) -> _Word:
    stems = token[:_STEM_HEAD] in _KIND_UK_HEADS  # False: every startswith below is
    if stems and token.startswith(_PAGES_UK):
        return _Word.PAGE
    if stems and token.startswith(_LIFE_FIRST_UK):
        return _Word.LIFE
    if token in _FRAME_PRODUCT_UK_WORDS or (stems and token.startswith(_PRODUCT_STEMS_UK)):
        return _Word.PRODUCT  # first: a product's name may start as a word does (фотошоп)
    if stems and token.startswith(_NOT_SOFTWARE_UK):
        return _Word.OTHER
    if stems and token.startswith(_OFFICE_UK):
        return _Word.TIME  # формула starts as форма does: a spreadsheet's word, read first
    if stems and (token.startswith(_SOFTWARE_PLAIN_UK) or token.startswith(lifewords.PLAIN_UK)):
        return _Word.PLAIN
    if (stems and token.startswith(_SOFTWARE_UK)) or token in _SOFTWARE_UK_WORDS:
        return _Word.SOFTWARE
    if token in lifewords.SOFTWARE_UK_WORDS or _heard_tech(token):
        return _Word.SOFTWARE
    if token in _LIFE_UK_WORDS or token in _LIFE_MORE_UK_WORDS or token in lifewords.LIFE_UK_WORDS:
        return _Word.LIFE
    if token in _LIFE_FIELD_UK_WORDS or (stems and token.startswith(_LIFE_FIELD_STEMS_UK)):
        return _Word.LIFE_FIELD  # before the stems: лікарня is a field's, лікар everyday life
    if _life_uk_stems().begins(token):  # an everyday-life stem
        return _Word.LIFE
    return _Word.TIME if stems and token.startswith(_FRAME_MINOR_UK) else _Word.OTHER


#: Words any program on any platform has (round 34): its screens and controls, how it
#: misbehaves, what code and data are made of, a device's parts, asking for help. Beside a
#: platform no agent of the roster covers they say nothing about which agent fits ("a
#: SwiftUI list stutters", "a VBA macro colours every row"): only a word the roster describes
#: itself by that is none of these (an API, a database, React) makes the request the
#: roster's. A Ukrainian word is compared by its English terms (екран: screen), and one with
#: none is no word a roster describes itself by.
_GENERIC = """
    screen screens view views list lists scroll scrolling scrolls scrolled swipe tap taps
    widget widgets
    click clicks button buttons menu menus tab tabs window windows dialog popup modal layout
    animation animations image images picture pictures photo photos icon icons font fonts
    text label labels keyboard navigation splash onboarding settings theme color colour
    colors colours highlight highlights highlighted dark mode cell cells row rows column
    columns sheet sheets table tables pivot chart charts workbook document documents
    crash crashes crashed crashing freeze freezes frozen hang hangs lag lags laggy stutter
    stutters stuttering slow slowly jank janky choppy flicker flickers glitch bug bugs error
    errors warning warnings exception issue issues problem problems broken works working
    fails failing failed stuck blank refresh refreshes reload
    code script scripts macro macros function functions method methods class classes
    variable variables loop loops array arrays string strings object objects compile compiles
    compiler build builds run runs running runtime debug debugging fix fixes write writes
    written create implement project file files folder folders library libraries package
    packages plugin plugins sdk version versions update updates upgrade install installed
    data value values record records field fields date dates number numbers sum count filter
    csv xlsx xls import imports imported export exports exported logic
    key keys hotkey hotkeys shortcut shortcuts ctrl alt shift esc f1 f2 f3 f4 f5 f6 f7 f8 f9 f10
    f11 f12
    sort format formatting copy paste move merge rename
    device devices phone phones tablet tablets camera bluetooth gps sensor sensors nfc tag
    tags battery memory permission permissions wifi led servo motor
    app apps application applications native mobile login logout signup onboarding
    message messages email emails send sends sent receive notification notifications
    start starts open opens close closes launch launches load loads loading save saves print
    prints show shows display displays read reads reading
    time timer second seconds minute minutes hour hours day days frame frames fps
    look help idea ideas way ways best better take
    configuration failure performance patch migrate apk
    firmware embedded iot csharp c# cpp c++ lua java objective blueprint blueprints player
    players character characters enemy enemies level levels scene scenes sprite sprites
"""
_NATIVE = frozenset("native нативний нативна нативну нативного нативні".split())


class ForeignPlatforms:
    """The platforms no agent of a roster covers (built once per roster by
    :func:`foreign_platforms`): their names and the device words that name them beside
    "native", as routing terms, and the terms the roster describes its agents by."""

    __slots__ = ("described", "devices", "lacking", "named_by", "names", "stores")

    def __init__(
        self,
        names: dict[str, str],
        devices: dict[str, str],
        described: frozenset[str],
        lacking: tuple[_Uncovered, ...] = (),
    ) -> None:
        self.names = names
        self.devices = devices
        self.described = described
        #: The fields of :data:`_UNCOVERED` no agent of the roster covers (round 82).
        self.lacking = lacking
        #: Every term that may name a platform the roster lacks (read first, per request).
        self.named_by = frozenset(names) | frozenset(devices)
        #: Round 98: the mobile platform an app store names, when the roster lacks it.
        self.stores = devices.get(_MOBILE_DEVICE)

    def named(self, tokens: list[str], terms: Sequence[str] | None = None) -> str | None:
        """The field ``tokens`` (a request's words) ask about when no agent of the roster
        covers it: a platform (:meth:`platform`), or a field of :data:`_UNCOVERED` whose
        frame the request holds (a market question about a product idea, mailboxes for new
        staff) on a roster with no agent for it (round 82: without this the frame's domain
        words, or its lifting the everyday-life check, handed such a question to the
        nearest developer). Else None. ``terms``: the tokens' routing terms in order, when
        the caller has them (a query's :attr:`~coordinator.routing.query._Query.sequence`)."""
        for field in self.lacking:
            if field.cued(tokens) and field.frame in outcomes.frames(tokens):
                if field.any_words or not any(_cached_kind(t) is _SOFTWARE for t in tokens):
                    return field.label
        return self.platform(tokens, terms)

    def platform(self, tokens: list[str], terms: Sequence[str] | None = None) -> str | None:
        """The platform ``tokens`` (a request's words) are written for when no agent of the
        roster covers it and no other word is one only software has or a product of another
        domain (a SwiftUI list that stutters, a VBA macro that colours rows, a SwiftUI
        widget's stale state: round 42, a word the roster describes itself by, such as state,
        no longer keeps a named platform's request). An iPhone or Android names the platform
        only beside "native" (a web page looks broken on an iPhone too), and then no word the
        roster describes itself by beyond words any program has may occur. Else None.
        ``terms``: as :meth:`named` takes them (made here when not given)."""
        names = self.names
        if not names:
            return None
        if terms is None:
            terms = tuple(chain.from_iterable(map(term_list, tokens)))
        store = self.stores is not None and _store_app(tokens, terms)
        if not store and self.named_by.isdisjoint(terms):
            return None  # most requests: no platform the roster lacks
        neutral, software, products = _platform_words()
        described, devices = self.described, self.devices
        platform = self.stores if store else None
        device = None
        native = kind = served = False
        anchors: set[str] = set()  # the words the roster is for (beside a device)
        used: set[str] = set()  # the words only software has (an API, a database)
        for token in tokens:
            if token in STOPWORDS or token in COMMON_WORDS:
                continue  # most common words, cheaply (the roster's terms exclude the rest)
            if token in _BUSINESS_EN:
                served = True  # round 114: whom the business serves (see _asked_app)
                continue
            if token in products:
                return None  # a product of another domain (FastAPI, Postgres)
            native = native or token in _NATIVE
            for term in term_list(token):
                if term in products and is_cyrillic(token):
                    return None  # round 106: a product written by ear (бігквері)
                if term in names:
                    platform = platform or names[term]
                elif term in devices:
                    if device is None:
                        device, kind = devices[term], term in _KIND_DEVICES
                elif term in software:
                    used.add(term)
                elif term in described and term not in neutral and not is_cyrillic(term):
                    # a word the roster is for: decides beside a device only (a business's
                    # people, its clients and users, say nothing of the platform: round 91)
                    if term not in _people_terms():
                        anchors.add(term)
        own = _platform_own()
        if platform is not None:
            return platform if not served and used <= own.get(platform, frozenset()) else None
        if device is None:
            return None
        kept = served or kind or bool(anchors) or not used <= own.get(device, frozenset())
        return _device_platform(tokens, terms, devices, device, native=native, kept=kept)


def _device_platform(
    tokens: list[str],
    terms: Sequence[str],
    devices: dict[str, str],
    device: str,
    *,
    native: bool,
    kept: bool,
) -> str | None:
    """The platform of the ``device`` a request names (:meth:`ForeignPlatforms.platform`), or
    None: ``native`` when it says "native", ``kept`` when one of its words keeps it the
    roster's (whom the business serves, a kind of app, a word the roster is for, software
    beyond the device's own)."""
    made = not _MADE_ASKED.isdisjoint(tokens)
    if made and _app_beside(tokens, devices, asked=True):
        # round 98: an app asked to be made for the device is that platform's work
        # whatever it shows (a loyalty program, order status): only a side the roster
        # serves (its site, API, server, database, model) keeps the request the roster's;
        # round 114: whom it is for (an Android app for our couriers) says nothing more
        if _served_side().isdisjoint(terms):
            return device
    if kept:
        return None  # a kind of app (mobile) names its platform only when asked for
    fails = made or not _APP_FAILS.isdisjoint(tokens)  # round 106: crashes on startup
    return device if native or (fails and _app_beside(tokens, devices)) else None


def _app_beside(tokens: list[str], devices: dict[str, str], *, asked: bool = False) -> bool:
    """Whether a device word the roster has no agent for names the app an app word
    (app, застосунок) names: right before it (an iOS app, android застосунок) or after it
    and a word for whom (an app for iPhone, застосунок під iOS): an app made for the device,
    as "native" says (round 91; an app that looks broken on an iPhone is a web page's).
    With ``asked``, only an app word after a word asking for one to be made (build us an
    Android app, зроби мобільний додаток; not the mobile app team that needs an API: round
    98)."""
    for at, token in enumerate(tokens):
        if asked and _MADE_ASKED.isdisjoint(tokens[:at]):
            continue
        if token in _APP_WORDS_EN or token.startswith(_APP_STEMS_UK):
            near = list(tokens[at - 1 : at] if at else ())
            if tokens[at + 1 : at + 2] in (["for"], ["під"], ["для"]):
                near += tokens[at + 2 : at + 3]
            if any(term in devices for word in near for term in term_list(word)):
                return True
    return False


#: Words asking for an app to be made (we need an iOS app, створити застосунок під Android):
#: beside one an app named for a device is that device's native work (round 91); fixing one
#: (a login screen that crashes in our Android app) may be a web view's.
_MADE_ASKED = frozenset(
    """need needs want build create make develop потрібен потрібна потрібно треба хочемо хочу
    зробити зробіть розробити розробіть створити створіть зроби розроби створи напиши
    напишіть написати напише""".split()
)


#: Round 106: an app failing as only an installed one does, at its start (it crashes on
#: startup, at launch, on the splash screen, при запуску): beside an app named for a device
#: (our Android app crashes on startup on some Samsung phones) that device's native work,
#: as "native" says; a screen of it that crashes or looks wrong (the login screen of our
#: Android app) may be a web view's (round 38).
_APP_FAILS = frozenset(
    """startup launch launches launching launched splash anr запуску запуск запуском старті
    старту""".split()
)


#: Round 98: the sides of an app a web roster serves (its site and pages, its API and
#: server, its database, an AI model behind it), in both languages: beside an app asked to
#: be made for a device no agent builds for (an Android app, a desktop app), one of them is
#: the roster's part of the job (the app's API); any other word the roster is for (the
#: catalogue, order status, a loyalty program the app shows) is what the app is about.
_SERVED_SIDE = """
    site website web page pages browser frontend backend server servers api apis endpoint
    endpoints database db sql admin dashboard webhook llm ai gpt chatbot prompt rag
    сайт сторінка веб браузер фронтенд бекенд сервер апі ендпоінт база адмінка
"""


@carried.table
def _served_side() -> frozenset[str]:
    """:data:`_SERVED_SIDE` as routing terms."""
    return _terms_of(" ".join(_SERVED_SIDE.split()))


#: Round 98: the words naming an app by its kind (a mobile app, a desktop app), as terms:
#: they name a platform only in an app asked to be made (:meth:`ForeignPlatforms.platform`).
_KIND_DEVICES = frozenset(
    t for w in "mobile мобільний смартфон desktop десктоп компютер".split() for t in term_list(w)
)
#: Round 98: the term of the word naming a phone's apps as a kind (a mobile app, мобільний
#: застосунок): the device of the mobile row (:data:`_MORE_PLATFORMS`), which an app store
#: names too.
_MOBILE_DEVICE = term_list("mobile")[0]
#: Round 98: an app store named by its words' terms in order (app store, апстор, google
#: play, play market, плеймаркет) or one term (appstore, playstore).
_STORE_PAIRS = frozenset(
    (("app", "store"), ("play", "store"), ("play", "market"), ("googl", "play"), ("googl", "пле"))
)
_STORE_TERMS = frozenset(("appstor", "playstor", "playmarket"))
#: Words asking for an app to be had, before it (can we get an app in the App Store; not
#: publishing one's app there, a release's work).
_STORE_ASKED = _MADE_ASKED | {"get", "have"}
_STORE_FIRST = frozenset(first for first, _ in _STORE_PAIRS) | _STORE_TERMS


def _store_app(tokens: list[str], terms: Sequence[str]) -> bool:
    """Whether a request (its ``tokens`` and their routing ``terms``) names an app store and
    asks for an app besides the store's name (can we get an app in the app store for our
    salon, who can make one for the App Store and Google Play): a phone's app (round 98).
    A store named alone (the App Store badge in the footer) or one's app published there
    (the release keeps failing) is not one."""
    if _STORE_FIRST.isdisjoint(terms):
        return False  # most requests: no store's first word
    named = not _STORE_TERMS.isdisjoint(terms) or any(
        pair in _STORE_PAIRS for pair in pairwise(terms)
    )
    if not named:
        return False
    apps = [
        at
        for at, token in enumerate(tokens)
        if token in _APP_WORDS_EN or token.startswith(_APP_STEMS_UK)
    ]
    return any(
        tokens[at + 1 : at + 2] != ["store"] and not _STORE_ASKED.isdisjoint(tokens[:at])
        for at in apps
    )


@carried.table
def _people_terms() -> frozenset[str]:
    """The terms of a business's people (customers, clients, users: round 91)."""
    return _terms_of(" ".join((*_BUSINESS_EN, "users", "user")))


@lru_cache(maxsize=1)
def _terms_of(words: str) -> frozenset[str]:
    return frozenset(t for w in words.split() for t in term_list(w))


#: Round 79: more platforms no agent of a roster may cover, in the shape of
#: :data:`PLATFORMS` (label, names, device words, cover), written per field from general
#: knowledge: a cross-platform mobile framework (a roster with no mobile agent: bundled),
#: business suites (ERP/CRM) and self-hosted store engines (covered by a PHP agent), business
#: intelligence tools, creative and CAD software. A name whose routing term is a plain
#: word's or another technology's is left out (Canva reads as canvas, Blender as blend,
#: Illustrator as illustration, Notion as notion, Dart as darts).
_MORE_PLATFORMS: tuple[tuple[str, str, str, str], ...] = (
    (
        "cross-platform mobile kits (Flutter, React Native, Xamarin)",
        "flutter flutterflow флатер флаттер reactnative xamarin cordova",
        "",
        "flutter dart ios android reactnative expo xamarin ionic cordova",
    ),
    (
        "business suites (SAP, Odoo, Bitrix24, NetSuite)",
        "sap odoo bitrix bitrix24 битрикс бітрікс бітрикс битрікс netsuite amocrm pipedrive",
        "",
        "erp crm sap odoo bitrix netsuite",
    ),
    (
        "self-hosted store engines (Magento, OpenCart, PrestaShop)",
        "magento opencart prestashop мадженто опенкарт",
        "",
        "php magento opencart prestashop",
    ),
    (
        "business intelligence tools (Power BI, Tableau, Looker)",
        "bi powerbi tableau looker qlik павербі",
        "",
        "bi powerbi tableau looker qlik",
    ),
    (
        "creative and CAD software (Photoshop, Premiere, AutoCAD)",
        "photoshop lightroom premiere aftereffects indesign coreldraw capcut davinci autocad"
        " revit solidworks archicad sketchup автокад",
        "",
        "photoshop lightroom premiere autocad revit solidworks cad",
    ),
    # round 98: a phone's or a computer's own app, named by its kind (a mobile app, a
    # desktop app, застосунок для комп'ютера) rather than its maker's platform
    (
        "native mobile apps (iOS, Android)",
        "appstore playstore",
        "mobile мобільний смартфон",
        "ios android flutter reactnative expo xamarin ionic kotlin swift swiftui jetpack",
    ),
    (
        "desktop apps (Windows, macOS, Linux)",
        "",
        "desktop десктоп компютер",
        "desktop electron tauri wpf winforms qt gtk",
    ),
    # round 98: an analyst's notebook (LTV by cohort in Jupyter for an investor deck)
    (
        "data notebooks (Jupyter, Colab)",
        "jupyter jupyterlab colab ipynb джупітер юпітер",
        "",
        "jupyter notebook notebooks pandas analytics analyst scientist",
    ),
)


#: Round 119: the notebooks' row's label: a question worked in a notebook (a year's sales
#: summed and charted in Jupyter) is the notebook's work, whatever frame its words make.
NOTEBOOKS = _MORE_PLATFORMS[-1][0]


#: Round 106: the hosted site and store builders' row of :data:`PLATFORMS` and their names
#: written by ear in Cyrillic (в магазині на шопіфай, сайт на тільді).
_HOSTED = (
    next(row[0] for row in PLATFORMS if "shopify" in row[1].split()),
    "шопіфай шопифай шопіфаї вікс тільда тілда тильда вебфлоу",
)


#: Round 79: per platform, the words only software has that its own users' requests are
#: made of (a store engine's checkout and cart, a suite's module and form, a BI tool's
#: dashboard): beside its name they say nothing about which agent fits. Any other such word
#: (an API, a database) still keeps the request the roster's.
_PLATFORM_OWN: dict[str, str] = {
    _MORE_PLATFORMS[1][0]: "module modules form forms website site crm lead leads report"
    " reports order orders invoice invoices",
    _MORE_PLATFORMS[2][0]: "checkout cart payment payments module modules extension extensions"
    " theme themes website site store shop product products order orders catalog admin",
    _MORE_PLATFORMS[3][0]: "dashboard dashboards report reports visual visuals measure measures"
    " dax dataset datasets",
    # round 98: what an analyst's notebook is made of
    _MORE_PLATFORMS[-1][0]: "notebook notebooks chart charts graph graphs plot plots csv"
    " cohort cohorts",
    # a suite's own query language (Salesforce SOQL, ABAP Open SQL) queries its own records
    # round 91: an iPhone app's own push notifications
    PLATFORMS[0][0]: "push notification notifications",
    # round 106: any phone app's own push notifications (an app for the App Store and Google
    # Play with push notifications about sales)
    PLATFORMS[1][0]: "push notification notifications",
    _MORE_PLATFORMS[-3][0]: "push notification notifications",
    # round 106: what a hosted store's owner sets up in it (a discount on the second item in
    # the cart, a theme, a checkout); its API or a webhook to one's server is still software
    _HOSTED[0]: "checkout cart carts payment payments theme themes store shop product products"
    " order orders catalog discount discounts coupon coupons collection collections variant"
    " variants page pages site website domain form forms",
    "ERP and CRM suites' own code (SAP ABAP, Salesforce Apex, 1C)": "query queries",
}


@carried.table
def _platform_own() -> dict[str, frozenset[str]]:
    """:data:`_PLATFORM_OWN` as routing terms, by platform label."""
    return {label: _terms_of(own) for label, own in _PLATFORM_OWN.items()}


def _platform_rows() -> tuple[tuple[str, str, str, str], ...]:
    """Every platform row: :data:`PLATFORMS` (the hosted builders' with their names as
    Ukrainians write them, :data:`_HOSTED`) and :data:`_MORE_PLATFORMS`."""
    rows = tuple(
        (label, f"{names} {_HOSTED[1]}" if label == _HOSTED[0] else names, devices, cover)
        for label, names, devices, cover in PLATFORMS
    )
    return rows + _MORE_PLATFORMS


@carried.table
def _platform_table() -> tuple[tuple[str, frozenset[str], frozenset[str], frozenset[str]], ...]:
    """Per platform row (:func:`_platform_rows`), its label and its name, device and cover
    terms."""
    return tuple(
        (label, _terms_of(names), _terms_of(devices), _terms_of(cover))
        for label, names, devices, cover in _platform_rows()
    )


@carried.table
def _platform_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The terms that say nothing about which agent fits beside a platform (generic words,
    every platform's names; common words are skipped as written); the terms only software
    has that are none of those (an API, a database); and, as written (their stems may be a
    plain word's: Shopify, shop), the known products of other domains (FastAPI, Postgres)
    and a business's audience. Built on the first request that names a platform a roster
    lacks (a few ms)."""
    terms, table = _terms_of, _platform_table()
    neutral = terms(_GENERIC)
    neutral |= frozenset(t for _, names, devices, _c in table for t in names | devices)
    software = terms(" ".join(_SOFTWARE_EN)) - neutral
    own = frozenset(
        w for _, names, devices, _c in _platform_rows() for w in f"{names} {devices}".split()
    )
    products = frozenset(w for _, names in PRODUCTS for w in names.split()) - own - neutral
    return neutral, software, products | _BUSINESS_EN


def foreign_platforms(
    described: frozenset[str], common: frozenset[str] = frozenset()
) -> ForeignPlatforms:
    """The platforms no agent of a roster describes itself by (``described``: the roster's
    terms that say what some agent is for; a game developer's "game" counts); the ``common``
    words' terms anchor no request to the roster."""
    names: dict[str, str] = {}
    devices: dict[str, str] = {}
    for label, named, device, cover in _platform_table():
        if described.isdisjoint(cover):
            names.update(dict.fromkeys(named, label))
            devices.update(dict.fromkeys(device, label))
    lacking = tuple(f for f in _UNCOVERED if described.isdisjoint(_terms_of(f.cover)))
    return ForeignPlatforms(names, devices, described - common, lacking)


class _Uncovered(NamedTuple):
    """A field of work outside software a frame of :mod:`outcomes` reads (round 82): its
    frame's joined word, its name in a "none" reason, the words a request holding the frame
    holds one of (English as written, Ukrainian stems: only such a request is read for the
    frame), the words an agent that covers the field describes itself by, and whether a
    word only software has (a script, GitLab) leaves the request in the field (a product
    idea's service or app does; mailboxes made by a script are a developer's work)."""

    frame: str
    label: str
    cues: frozenset[str]
    stems: tuple[str, ...]
    cover: str
    any_words: bool

    def cued(self, tokens: list[str]) -> bool:
        """Whether ``tokens`` hold one of the field's cue words (its stems are Cyrillic: a
        Latin word starts with none; round 103: tested in C, no call per word)."""
        if not self.cues.isdisjoint(tokens):
            return True
        return any(map(str.startswith, tokens, repeat(self.stems)))


#: A market question about a product idea ("is there a market for ...", "would people pay
#: for ... before we build it": a researcher's, a marketer's, a product manager's roadmap),
#: and mailboxes for new staff (an office suite's administrator's). Round 103: a board or
#: chart of business numbers made for investors or a presentation (a report for investors on
#: the quarter's sales, with charts): an analyst's or a BI tool's, a document no developer of
#: a roster without one builds, unless a word only software has names where it lives.
_UNCOVERED = (
    _Uncovered(
        "outcomevalidate",
        "market research",
        frozenset("market markets demand idea ideas before invest investing pay buy want".split()),
        tuple("ринок ринку ринком попит ідея ідею ідеї перед вклад купу заплат".split()),
        "market competitor roadmap",
        True,
    ),
    _Uncovered(
        "outcomeinvestorreport",
        "investor reporting",
        frozenset("investor investors shareholder shareholders deck pitch presentation".split()),
        tuple("інвестор акціонер презентац".split()),
        "analytics visualization",
        False,
    ),
    _Uncovered(
        "outcomeprovision",
        "mail administration",
        frozenset("mailbox mailboxes inbox inboxes outlook exchange".split()),
        ("скриньк",),
        "mailbox m365",
        False,
    ),
)


class FieldAgents:
    """Per field whose specialist answers a person's own questions (textiles), the roster's
    agent for it (built once per roster by :func:`field_agents`): a request about that
    field's everyday subjects is its, also when it shares no word with the agent's file (a
    Ukrainian question about linen and cotton, an English-only textile expert)."""

    __slots__ = ("agents", "described")

    def __init__(self, agents: dict[_Field, str], described: frozenset[str]) -> None:
        self.agents = agents
        self.described = described

    def other_sense(self, term: str) -> bool:
        """Whether ``term`` (a technology homonym read as the technology: Go's Fiber) is the
        name word of a field this roster has an agent for (fiber: the textile expert), so
        that the agent's name says nothing of the framework (round 67)."""
        cover = _field_cover()
        return any(term in cover[field] for field in self.agents)

    def agent_for(self, tokens: list[str]) -> str | None:
        """The roster's agent for the field whose everyday subjects ``tokens`` (a request's
        words) name, when they name one and no word only software has; else None. Route91:
        None too when the request's other everyday subjects outnumber the field's words
        (wine spilled on a dress at a wedding: the dress is one subject among others)."""
        read = self._read(tokens)
        if read is None or read.life > read.words:  # route91: outnumbered
            return None
        return self.agents[read.field]

    def outnumbered(self, tokens: list[str]) -> str | None:
        """Review93: the field's agent when ``tokens`` name this roster's field, and no word
        only software has, but more other everyday subjects (:meth:`agent_for` declined it
        for that alone: an everyday request, another agent's on a stray word no more), else
        None."""
        read = self._read(tokens)
        return self.agents[read.field] if read is not None and read.life > read.words else None

    def _read(self, tokens: list[str]) -> _FieldRead | None:
        """The field of this roster's agents ``tokens`` name with how many of them are its
        words and how many other everyday subjects; None when they name none, or name a
        word only software has (or a seller's, round 114, without enough field words)."""
        if not self.agents:
            return None
        field: _Field | None = None
        seller = plain = False  # round 114: the business selling the field's goods (_SELLERS)
        words = life = 0
        for position, token in enumerate(tokens):
            kind = _KINDS.get(token)
            if kind is None:  # not `or`: _OTHER is 0
                kind = _kind(token)
                if len(_KINDS) < MAX_KINDS:
                    _KINDS[token] = kind
            if kind is _PAIRED:
                kind = _pair_kind(token) if _paired(tokens, position) else _unpaired(token)
            if kind is _SOFTWARE:
                if token not in _SELLERS:
                    return None
                seller = True
            elif kind in _SOFTWARE_SENSES and token not in _SELLING:
                plain = True
            if kind is _LIFE:
                life += 1
            if kind is _LIFE_FIELD:
                words += 1
                if field is None:
                    found = _field_of(token)
                    field = found if found in self.agents else None
        if field is None or (seller and (plain or words < _SELLER_FIELD_WORDS)):
            return None
        return _FieldRead(field, words, life)


class _FieldRead(NamedTuple):
    """What :meth:`FieldAgents._read` found: the field, its words, other everyday subjects."""

    field: _Field
    words: int
    life: int


#: Round 114: the words of a business that sells a field's goods (its customers and buyers,
#: its goods and catalogue: клієнти, товарів): they say who asks a fibre expert's question
#: (customers ask whether viscose is better than cotton), not that software is asked about,
#: when the request names :data:`_SELLER_FIELD_WORDS` of the field's words.
_SELLERS = _BUSINESS_EN | frozenset(
    w for w in _SOFTWARE_UK_WORDS if w.startswith(("клієнт", "покуп", "товар", "асортимент"))
)
_SELLER_FIELD_WORDS = 2
#: Beside a seller's words, a software word with an everyday sense (a filter, a page) makes
#: the request the shop's software's (customers can't filter by fabric); selling online and
#: the products sold do not.
_SOFTWARE_SENSES = frozenset((_PLAIN, _PAGE))
_SELLING = frozenset("online онлайн product products продукт продукти".split())
#: Fields whose specialist answers a person's own questions in it (a fibre expert: which
#: fabric breathes): the others' agents serve a business (a software company's legal
#: advisor, a quant, a healthcare administrator treats no sore throat), so a personal
#: question there that no agent fits stays no agent's.
_CONSUMER_FIELDS = (_Field.TEXTILES,)
#: How many of a field's own words an agent must describe itself by to be the field's agent,
#: one in its name counting as many (fiber-expert; PHP's Fibers make no textile expert of
#: php-pro).
FIELD_AGENT_TERMS = 2


def field_agents(names: list[str], described: list[frozenset[str]]) -> FieldAgents:
    """Per field of :data:`_CONSUMER_FIELDS`, the agent (of ``names``, each describing itself by
    the terms of ``described``) whose name and terms hold most of the field's own words, when
    they hold FIELD_AGENT_TERMS of them."""
    cover = _field_cover()
    named = [frozenset(t for w in name.split("-") for t in term_list(w)) for name in names]
    agents: dict[_Field, str] = {}
    for field in _CONSUMER_FIELDS:
        overlap = [
            len(terms & cover[field]) + FIELD_AGENT_TERMS * (not cover[field].isdisjoint(own))
            for terms, own in zip(described, named, strict=True)
        ]
        best = max(range(len(names)), key=overlap.__getitem__, default=None)
        if best is not None and overlap[best] >= FIELD_AGENT_TERMS:
            agents[field] = names[best]
    return FieldAgents(agents, frozenset().union(*described) if described else frozenset())


# --- round 38: personal use of consumer apps and devices -------------------------------
#: A person asking for help with an app or device they USE (a banking app's error code,
#: chats moved to a new phone, a forgotten Instagram password, a printer at home) asks for
#: tech support, not software work: the frame is a personal word, a consumer app or device,
#: and a user's problem, with no word of building one (our app, the API, the code, a
#: release). Walked from general knowledge: messengers, social networks, banking and
#: payment apps, phones, TVs, routers, printers, game consoles, office apps.
_CONSUMER_EN = """
    viber whatsapp telegram signal messenger skype facebook instagram insta tiktok snapchat
    twitter threads linkedin youtube netflix spotify gmail icloud outlook hotmail zoom
    iphone ipad tablet tablets airpods smartphone phone phones samsung galaxy xiaomi huawei
    pixel oneplus
    tv smarttv router wifi modem printer laptop kindle playstation ps4 ps5 xbox nintendo steam
    bank banking monobank privat24 privatbank paypal revolut venmo diia
    chrome safari firefox smartwatch garmin fitbit internet
"""
_CONSUMER_UK = (
    "вайбер",
    "ватсап",
    "вотсап",
    "телеграм",
    "інстаграм",
    "фейсбук",
    "тікток",
    "тік-ток",
    "ютуб",
    "ютюб",
    "нетфлікс",
    "спотіфа",
    "скайп",
    "телефон",
    "смартфон",
    "айфон",
    "айпад",
    "андроїд",
    "самсунг",
    "сяомі",
    "ксіаомі",
    "телевізор",
    "роутер",
    "вайфай",
    "вай-фай",
    "модем",
    "принтер",
    "ноутбук",
    "ноуті",
    "приставк",
    "плейстейшн",
    "монобанк",
    "приватбанк",
    "приват24",
    "банк",
    "гугл",
    "планшет",
    "навушник",
    "інтернет",
)
_PERSONAL = frozenset(
    "my mine me i im ive мій моя моє мої мого моєї моєму моїй моїм мене мені я home вдома"
    " домашній домашня домашнє домашнього домашньому домашню".split()
)
_PROBLEM_EN = frozenset(
    """
    cant cannot wont doesnt didnt isnt forgot forgotten password error code update updating
    lost lose delete deleted remove recover restore transfer move moved login signin log hacked
    blocked locked connect connecting reset how stopped shows says working keeps disappeared
    crack cracked broke broken smashed shattered spilled dropped repair repairing replace
    replacing worth charge charging drains overheats overheating turn disable enable
    see sees hide hidden private privacy freezes frozen stuck disconnects disconnecting drops
    why mean means
    """.split()
)
_PROBLEM_UK = (
    "забу",
    "пароль",
    "помилк",
    "оновл",
    "видал",
    "віднов",
    "перенес",
    "переки",
    "підключ",
    "злама",
    "заблок",
    "зник",
    "пропал",
    "показу",
    "пише",
    "увійти",
    "зайти",
    "вхід",
    "код",
    "друку",
    "скину",
    "вимика",
    "працю",
    "тріс",
    "тріщ",
    "розбив",
    "розбил",
    "полама",
    "замін",
    "заряд",
    "розряд",
    "нагріва",
    "гальму",
    "вимкн",
    "увімкн",
    "вмикн",
    "налашт",
    "бач",
    "прихов",
    "чому",
    "означа",
    "відвал",
)
#: Words of building software about such a product: then it is software work (a bug in our
#: banking app's login, an Instagram API integration).
_BUILDING = frozenset(
    """
    our ours we us api apis sdk source script scripts function release released releases deploy
    deployed build builds integration integrate integrating endpoint endpoints webhook webhooks
    bot bots backend frontend developer developers develop developing users customers clients
    repo repository test tests testing crash crashlytics implement implementing graph oauth
    token tokens scrape scraping parse parsing sync app_store playstore flutter react kotlin
    swift
    наш наша наше наші нашого нашої нашому нашим нашій ми нам нас нами скрипт релізу білд ребілд
    реліз апі бот бота ботів інтеграц розроб користувач клієнт тест деплой бекенд фронтенд парс
    ендпоінт токен
    """.split()
)


def consumer_support(tokens: list[str]) -> str | None:
    """The consumer app or device ``tokens`` (a request's words) ask a person's help with
    (my Viber lost its chats; a phone that will not update), when they name one, a personal
    word and a user's problem and no word of building software; else None."""
    consumer = _CONSUMER_EN_WORDS
    product: str | None
    if not consumer.isdisjoint(tokens):
        product = next(t for t in tokens if t in consumer)
    elif _CONSUMER_UK_HEADS.isdisjoint(map(_HEAD, tokens)):
        return None  # most requests: no consumer app or device (two checks in C)
    else:
        product = next((t for t in tokens if t.startswith(_CONSUMER_UK_STEMS)), None)
        if product is None:
            return None
    if _made(tokens):
        return None
    personal = problem = False
    products = _platform_words()[2]
    for token in tokens:
        if token in _BUILDING or token.startswith(_BUILDING_UK):
            return None
        if token in products and token not in consumer:
            return None  # a product of a developer's work (FastAPI, Keycloak)
        if not _user_facing(token) and _cached_kind(token) is _SOFTWARE:
            return None  # a word only software has (a deadlock error, workers)
        personal = personal or token in _PERSONAL or token in _HOW or token in _PURCHASE
        if is_cyrillic(token):
            if not _BUILDING.isdisjoint(term_list(token)):
                return None  # a building word in Ukrainian (ребілд: rebuild)
            # "як ..." asks for help as "how ..." does (_PROBLEM_EN holds how)
            problem = (
                problem or token.startswith(_PROBLEM_UK) or token in _UK_ASKS or token in _PURCHASE
            )
        else:
            problem = problem or token in _PROBLEM_EN or token in _PURCHASE
    if not (personal and problem) and _device_trouble(tokens):
        return product  # a device's own trouble: a person's problem, "my" or not
    return product if personal and problem else None


def _made(tokens: list[str]) -> bool:
    """Whether ``tokens`` say "my" right before software one makes (my app, мій сайт):
    the speaker built it (round 69)."""
    return any(word in _PERSONAL and after in lifewords.MADE for word, after in pairwise(tokens))


def _device_trouble(tokens: list[str]) -> bool:
    """Whether ``tokens`` name a device's own trouble (its battery, charging, heat) and no
    app: a person's problem with their device even without "my" (round 69)."""
    trouble = False
    for token in tokens:
        if token in _APP_WORDS_EN or token.startswith(_APP_STEMS_UK):
            return False
        trouble = trouble or token in _TROUBLE_EN or token.startswith(_TROUBLE_UK)
    return trouble


_TROUBLE_EN, _TROUBLE_UK = lifewords.DEVICE_TROUBLE_EN, lifewords.DEVICE_TROUBLE_UK
_APP_WORDS_EN = frozenset(w for w in lifewords.APP_WORDS if w.isascii())
_APP_STEMS_UK = tuple(w for w in lifewords.APP_WORDS if not w.isascii())
#: With their possessives as words() spells them (my router's light: routers).
_CONSUMER_EN_WORDS = frozenset(f for w in _CONSUMER_EN.split() for f in (w, w + "s"))
#: Ukrainian words that make a user's problem by themselves: "не" (не працює) and "як".
_UK_ASKS = frozenset("не як".split())
#: Buying or replacing a device or app is a person's own question (is it worth upgrading to
#: the new iPhone; чи варто міняти айфон): a personal word and a problem at once.
_PURCHASE = frozenset(
    """
    buy buying bought upgrade upgrading купити купувати куплю міняти поміняти замінити брати
    """.split()
)
#: A "how do I" ask stands for the personal word (як перенести чати вайбера на новий айфон).
_HOW = frozenset("how як".split())
#: The first letters of every Ukrainian consumer stem (all have as many or more): a request
#: none of whose words starts so names none.
_HEAD = itemgetter(slice(0, 4))
#: The Ukrainian stems with their forms before the dative and locative ending (тіктоці).
_CONSUMER_UK_STEMS = _alternated(_CONSUMER_UK)
_CONSUMER_UK_HEADS = frozenset(map(_HEAD, _CONSUMER_UK_STEMS))

#: Software words a user of an app says too (its app, login, account, notifications).
_USER_FACING = _PROBLEM_EN | frozenset(
    """
    app apps application login logout signin signup account accounts screen settings
    notification notifications message messages chat chats photo photos contacts backup
    storage email emails profile page feed story stories video videos download install
    pay payment payments card cards ios android windows macos version browser chrome
    cache cookies history battery bluetooth
    """.split()
)


def _user_facing(token: str) -> bool:
    """Whether ``token`` is a word a user of an app says too: one of _USER_FACING, or a
    Ukrainian word whose English terms are (екрана: screen, сповіщення: notification)."""
    if token in _USER_FACING:
        return True
    return is_cyrillic(token) and not _user_facing_terms().isdisjoint(term_list(token))


@carried.table
def _user_facing_terms() -> frozenset[str]:
    return frozenset(t for w in _USER_FACING for t in term_list(w))


_BUILDING_UK = tuple(w for w in _BUILDING if is_cyrillic(w) and len(w) >= 4)


def is_everyday(tokens: list[str]) -> bool:
    """Whether ``tokens`` (a word or none) hold a word of everyday life or of a field of it
    (стоматолога, лікаря): what a room named before it belongs to (audience.ROOM_UK)."""
    return any(_cached_kind(t) in (_LIFE, _LIFE_FIELD) for t in tokens)


def names_software(tokens: list[str], *, only: bool = False) -> bool:
    """Whether ``tokens`` hold a word software is made of (:class:`_Word`: software only,
    software with an everyday sense, a page, an office or home product); with ``only``, a
    word only software has (сайт, воркер, тест; not a payment, a table or a file)."""
    kinds = _ONLY_SOFTWARE if only else _SOFTWARE_KINDS
    return any(_cached_kind(t) in kinds for t in tokens)


_SOFTWARE_KINDS = frozenset((_SOFTWARE, _PLAIN, _PAGE, _PRODUCT))
_ONLY_SOFTWARE = frozenset((_SOFTWARE,))
#: The kinds that make a trade's word the subject of software work (:func:`_built`).
_BUILT_KINDS = frozenset((_SOFTWARE, _PLAIN, _PAGE))


def _cached_kind(token: str) -> _Word:
    """:func:`_kind`, kept in :data:`_KINDS` while it has room."""
    kind = _KINDS.get(token)
    if kind is None:
        kind = _kind(token)
        if len(_KINDS) < MAX_KINDS:
            _KINDS[token] = kind
    return kind
