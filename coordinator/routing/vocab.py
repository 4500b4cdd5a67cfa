# ruff: noqa: RUF001 - Ukrainian text is intended
"""Background vocabulary the router weighs request words against.

``COMMON_WORDS`` are frequent everyday English words (the head of a general frequency list,
general verbs such as add, create and run included): a roster may use one rarely (``blue``,
``crazy``), which makes its idf high, but a request that uses it says little about which
specialist fits. Their weight is damped: the list stands in for a background frequency
table blended into the roster's idf.

``TECH_HOMONYMS`` are technology names that are also English words. They count as the
technology only when written as one (see :func:`coordinator.routing.lexical.tech_use`).
"""

from __future__ import annotations

COMMON_WORDS: frozenset[str] = frozenset(
    """
    able above across act action actually add added adding again against ago ahead allow almost
    alone along already alright amount answer anyone anyway appear around ask asked asking away
    back bad bar base basic become begin best better big bit black blue body book bottom box
    break bring brown build built busy buy call came care carry case catch cause center change
    check clean clear close color come coming common complete correct cost could count couple
    course cover crazy create cross current cut dark day deal decide deep different do doing
    done double down draw drive drop early easy edge else end enough entire even event ever
    every example exist expect explain eye face fact fail fall far fast feel few field fill
    final find fine fire fit fix flow follow food form forward free friend front full fun game
    give given go goes going gone good great green group grow guess half hand happen hard head
    hear heavy hello help high hit hold home hope hour house huge idea important include inside
    instead issue item job join keep kind know known large last late later lead learn least leave
    left less level life light likely line little live long look looking lose lot love low main
    major man mark matter mean meet member mind minute miss moment money month move much name
    near need never next nice night note number offer office old open order outside page paper
    part party pass past pay people perhaps person pick piece place plan play point poor possible
    power press pretty probably problem pull push put question quick quickly quite raise range
    rather reach read ready real really reason red remember rest result right rise road room round
    rule run same save say school second see seem sell send sense set several shape share short
    show side sign simple since single size small smart soft sort sound space speak special spend
    spring stand start state stay step still stop story strong stuff sure take talk team tell
    term thing think though thought through time today together told tomorrow top total touch
    toward try turn type under understand until upon use used useful usual wait walk wall want
    watch water way week weird well white whole wide win wish word work world worry write wrong
    year yellow yes yesterday young
    app apps admin site website user users window screen
    figure exactly purpose everyone everybody someone somebody nobody three four five six seven
    eight nine ten hundred thousand however especially certainly simply usually anymore
    basically literally honestly totally suddenly finally recently mostly nearly obviously
    pls plz thanks thank ok okay hey guys kinda gonna wanna gotta asap btw fyi idk tbh imo lol
    super dumb stupid silly ugly nightmare annoying strange somehow sometimes tiny plenty lots
    cool awesome amazing insane damn
    morning evening afternoon weekend soon happy sad angry worried glad sorry tired tough dirty
    loud quiet tall narrow bright brother sister father mother wife husband kid kids child
    children parent parents woman women student teacher town street weather holiday vacation
    birthday
    suggest suggests recommend recommends summarize summarise
    """.split()
)

#: Frequent everyday Ukrainian words (the head of a general frequency list less the
#: stopwords of :mod:`coordinator.routing.text` and words with a developer sense), written as
#: a class, roughly by frequency: time and amount, everyday adjectives, people and things,
#: everyday verbs, numbers, the chat register, family and home. Each is read as its own
#: Ukrainian stem (:func:`coordinator.routing.stems.stem_uk`), never through the glossary's
#: stems (справжній is no право, класно no class, листопад no лист), and
#: a roster whose agents write Ukrainian holds such stems in their bodies: their weight is
#: damped as COMMON_WORDS' is. Left out as having a developer sense: повільно and довго
#: (slow), зручно/незручно (usability), безпечно (security), одразу (immediately),
#: лежить (an outage), прийшов (a message arrives), відповідь (a response), приклад
#: (example: the glossary's English is right), локально, старт, чистий, порожній, пустий,
#: ключ, тип/типу, поле, сторінка, вікно, дані, таблиця, список, форма, помилка, шукати,
#: зберегти, налаштувати.
COMMON_WORDS_UK: frozenset[str] = frozenset(
    """
    сьогодні вчора завтра зранку вранці ввечері вночі вдень увечері зараз тепер скоро давно
    недавно нещодавно відразу раптом постійно часто іноді інколи рідко трохи
    багато мало більше менше більш менш дуже зовсім майже приблизно точно справді реально
    нормально норм добре погано краще гірше найкраще правильно неправильно нарешті загалом
    особливо саме ніби наче начебто досить занадто надто цілком разом окремо спочатку
    кінці кінець початку взагалі звичайно звісно мабуть здається видно схоже напевно
    рік року році роки років день дня дні днів ранок ранку вечір вечора ніч ночі осінь восени
    весна навесні літо влітку зима взимку понеділок вівторок середа четвер пятниця субота
    неділя січень лютий березень квітень травень червень липень серпень вересень жовтень
    листопад грудень січні лютому березні квітні травні червні липні серпні вересні жовтні
    листопаді грудні
    новий нова нове нові нового нової новим новою старий стара старе старі старого великий
    велика велике великі великого маленький маленька маленьке маленькі невеликий невелика
    малий мала мале малі короткий коротка простий проста просте прості
    звичайний звичайна різний різна різні різних цілий ціла перший перша перше перші першим
    другий друга друге другому третій останній остання останнє наступний наступна
    попередній попередня важливий важлива важливо гарний гарна гарно красивий красиво
    поганий погана хороший хороша добрий добра дивний дивна дивно чудовий чудово живий жива
    справжній справжня можливий готовий готова готово вільний зайнятий окремий окрема
    люди людей людям людьми людина людини хтось щось ніхто ніщо нічого ніде нікому річ речі
    справа справи випадок випадку спосіб способом варіант варіанти частина
    частину частини половина половину місце місці бік боці друг друзі колега колеги колег
    ідея ідею думка думку мета метою причина причину причини факт питання
    слово слова слів голова руки руками очі серце життя світ країна місто вулиця
    дивитись дивитися подивитись подивитися подивись подивіться подивимось глянь гляньте
    глянути бачити бачу бачиш бачимо бачать побачити знати знаю знаєш знає знаємо знають
    думати думаю думаєш думає зрозуміти розумію розуміти розуміє сказати скажи скажіть
    кажуть говорити питати спитати просити попросити спробувати спробуй пробувати пробую
    йти йде іде ідуть ходити прийти піти пішов пішла вийти вийшло
    вийде сидіти стояти брати взяти візьми давати залишити лишити
    лишається лишилось чекати чекаю чекаємо жити живе любити подобається хочеться треба
    варто вміти вмію писати пишу пише пишуть читати прочитати казати розказати розповісти
    поговорити сказав сказала думав думала бачив бачила знайшов знайшла почалось почалося
    один одна одне одного одну одним одній два дві двох три трьох чотири пять шість сім вісім
    девять десять двадцять тридцять сорок пятдесят сто двісті тисяча тисячі тисяч мільйон
    мільйона мільйонів десяток кілька кількох декілька пару пара
    дякую спасибі привіт окей ок ну ага блін капець жах жесть круто класно супер прикольно
    пліз плз чесно серйозно
    сімя мама тато батьки діти дитина дитини родина друзів школа будинок дім квартира
    погода свято відпустка вихідні вихідних
    працює працюють працював працювала працювало працювали працювати працюємо працюю
    допоможи допоможіть допомогти порадь порадьте підкажи підкажіть
    придумай придумайте скласти склади
    """.split()
)

TECH_HOMONYMS: frozenset[str] = frozenset(
    """
    next go rest express spring fiber swift flask rust ruby echo nest bun jest spark hive beam
    storm dart phoenix rails solid remix bootstrap material helm vault chef puppet salt drone
    flux tempo sentry ant ember meteor backbone bottle pyramid tornado ghost apollo relay
    elastic
    """.split()
)

#: Words next to which a homonym is read as the technology (``the Go service``, ``fiber app``).
TECH_CONTEXT: frozenset[str] = frozenset(
    """
    app apps framework api apis library lib sdk server servers project code version backend
    frontend service services middleware router routes route handler handlers js ts template
    component components plugin module package config cli stack
    job jobs cluster clusters pipeline pipelines worker workers script scripts query queries
    tests function functions struct crate binary
    test spec specs mock mocks
    тест тести тестів тестах тестами мок моки моків застосунок застосунку апка апці сервер
    сервері проєкт проєкті проект проекті бібліотека фреймворк мідлвар роути роутер
    """.split()
)

#: Round 101: words that join two languages a request moves between or weighs ("from
#: python to go", "з python на go", "rust or go", "швидше ніж на go"): a homonym so joined to a
#: language the request writes is that language too.
LANGUAGE_JOINS: frozenset[str] = frozenset(
    "to into from off and or vs versus than на з із зі в у і й та чи або ніж".split()
)

#: Round 101: what a site or shop is written of ("the site on next", "a store that runs on
#: rails"), and the words that say it is built on something (on, in, with, using).
SITE_WORDS: frozenset[str] = frozenset(
    "site sites website websites shop store storefront webshop blog landing portal".split()
)
BUILT_ON: frozenset[str] = frozenset("on in with using".split())
#: Round 105: the verbs before BUILT_ON that say software runs on or is built on something
#: ("it runs on elastic", "the shop is built on rails", "працює на next").
RUNS_ON: frozenset[str] = frozenset(
    "runs run running ran built build powered hosted працює працюють зроблений зроблено"
    " написаний написано".split()
)

#: Round 101: words after which a homonym is a plain word even where it stands for a
#: technology otherwise ("on next week", "launch on next release"): the times and steps
#: "next" and "rest" are said of.
PLAIN_AFTER: frozenset[str] = frozenset(
    """
    week weeks month months year years day days time times sprint release releases step
    steps page pages quarter monday tuesday wednesday thursday friday saturday sunday morning
    of
    """.split()
)

#: Round 101: a control whose label a homonym is ("the next button", "кнопка next"): the
#: word before it names the control, not the technology.
CONTROL_WORDS: frozenset[str] = frozenset(
    """
    button buttons link tab key arrow click press tap кнопка кнопку кнопці кнопки кнопкою
    клавіша клавішу посилання вкладка вкладку пункт напис тиснути натиснути натискаю тисну
    """.split()
)


#: Shipping events a request names as a moment in time ("p95 doubled after the last release",
#: "після релізу блокування"): there the word says when something started, not what the
#: request is about, and it does not bring the deployment domain in.
MOMENT_EVENTS: frozenset[str] = frozenset(
    """
    release releases deploy deploys deployment update upgrade rollout
    релізу релізів деплою оновлення апдейту викатки
    """.split()
)

#: Words that open a moment ("after", "since", "після"), and the words allowed between
#: them and the event ("after the last release", "після останнього релізу").
MOMENT_MARKERS: frozenset[str] = frozenset("after since після від".split())
MOMENT_GLUE: frozenset[str] = frozenset(
    """
    the a an our my their last latest recent new yesterdays todays
    останнього минулого нового свіжого вчорашнього нашого
    """.split()
)

#: What a service that is down names (a status code is matched as written), and what it reads as.
_OUTAGE_CUES = "prod production site website server servers service cluster 500 502 503 504 5xx"
_OUTAGE = "incident outage production"

_PERF_WORK = "performance optimization bottleneck"
#: Churn counted or explained: an analysis, not customer success work.
_ANALYSIS_CUES = (
    "sql query analyze analyse why cohort report dashboard rate weekly monthly quarter чому"
)

#: Round 88: what a product's catalog keeps per variant (its colour is an attribute there).
_CATALOG_CUES = (
    "variant variants sku skus stock attribute attributes варіант варіанти варіанту варіантів "
    "артикул артикули залишки залишок атрибут атрибути"
)

#: Round 117: what only a search engine's index has (its mapping, shards and replicas, a
#: reindex, its dashboards and pipeline), English and Ukrainian: "es" beside one is
#: Elasticsearch. A database index alone is no cue ("es" beside it is an index of one).
_SEARCH_INDEX_CUES = (
    "mapping mappings shard shards replica replicas reindex reindexing analyzer analyzers "
    "kibana logstash ilm dsl aggregation aggregations індекс індексі індексу індекси індексів "
    "маппінг мапінг шард шарди шардів репліки"
)
#: Round 117: the places a product is put into (an admin, a bot, a site, an app) and the
#: words of calling it as a service (its API, a key, a prompt), English and Ukrainian.
_PRODUCT_PLACES = (
    "api key keys admin адмінку адмінці адмінка адмінки bot бот бота боту integrate "
    "integration інтегрувати інтеграція підключити прикрутити прикрутить endpoint plugin "
    "widget віджет prompt промпт backend бекенд"
)

#: Words with a second developer sense that nearby words select (within SENSE_SPAN): an
#: access token is authentication, not an LLM's tokens; a table on the frontend is a UI
#: table, not a database one. ``word: (cue words, words the sense reads as)``.
SENSES: dict[str, tuple[str, str]] = {
    "token": (
        "access refresh auth bearer jwt csrf session oauth login logout expire expires "
        "expired leak leaks",
        "authentication auth",
    ),
    # round 51: a table on a screen that scrolls, overflows or lays out on a narrow or
    # tablet screen is a layout's (phone and mobile stay out: a table of phone numbers)
    "table": (
        "frontend html css react ui component render screen iphone tablet layout responsive "
        "scroll overflow narrow",
        "frontend ui component",
    ),
    # a site or server that is down or has fallen (впав, ліг) is an outage, not a bug
    "down": (_OUTAGE_CUES, _OUTAGE),
    "crash": (_OUTAGE_CUES, _OUTAGE),
    "ліг": (_OUTAGE_CUES, _OUTAGE),
    # round 67: a rabbit that messages vanish in or a queue is fed by is RabbitMQ, by nickname
    "rabbit": (
        "message messages queue queues broker consumer consumers exchange publish publisher "
        "повідомлення черга черги брокер",
        "rabbitmq",
    ),
    # round 108: the same nickname in Ukrainian (кролик, в кролику): a pet otherwise
    "кролик": (
        "message messages queue queues broker consumer consumers exchange publish publisher "
        "повідомлення повідомлень черга черги черзі чергу брокер брокера консюмер консюмери "
        "консьюмер консьюмери ексчейндж",
        "rabbitmq",
    ),
    # round 113: Fiber by ear (з фібером) beside Go's words is Go's web framework: its
    # language's agent, not a fibre's (0xfurai's fiber-expert is textiles)
    "фібер": (
        "го go golang голанг гоу мідлвар мідлвари middleware апі api роут роути роутер "
        "хендлер хендлери handler ендпоінт ендпоінти endpoint сервер горутини",
        "go",
    ),
    # round 108: NestJS by its short name in Ukrainian ("в несті", "на несті") beside its own
    # building blocks; нести (to carry) stays a verb
    "несті": (
        "guard guards гард гарди interceptor interceptors інтерцептор module modules модуль "
        "модулі controller controllers контролер контролери provider providers провайдер "
        "провайдери decorator decorators декоратор декоратори dto pipe pipes middleware "
        "мідлвар ендпоінт ендпоінти endpoint endpoints typeorm prisma",
        "nestjs",
    ),
    # a Helm chart is a Kubernetes package, not a chart of data
    "chart": ("helm", "kubernetes helm deployment"),
    # an A/B or split test is an experiment to analyse, not a test suite
    "test": (
        "b б ab split variant variants аб спліт варіант варіанти",
        "ab experiment statistical analysis",
    ),
    # symptoms that name a domain without its technical word: latency beside a percentile
    # or a request rate is performance work; churn counted or explained is analytics
    "latency": ("p50 p75 p90 p95 p99 p999 percentile rps qps throughput load", _PERF_WORK),
    "churn": (_ANALYSIS_CUES, "data analysis analytics"),
    # round 40: a chat between people (buyers, sellers, users, support) is realtime
    # messaging, not a chatbot
    "chat": (
        "between buyers buyer sellers seller users customers customer couriers drivers "
        "people support operators продавц",
        "realtime websocket messaging",
    ),
    # round 40: columns on a phone or a desktop, in a grid of cards, are a layout's; round
    # 51: so are a board's (kanban lanes cards are dragged between)
    "column": (
        "phone phones mobile desktop tablet layout grid css card cards responsive screen "
        "board kanban drag lane lanes дошка дошці дошки тягати",
        "css layout grid responsive frontend",
    ),
    # RAG spelled by ear in Ukrainian (also a stew) beside documents, chunks or a model
    "рагу": (
        "pdf pdfs llm chunk chunks embedding embeddings vector retrieval document documents "
        "search knowledge index bot model шматки шматків",
        "rag retrieval",
    ),
    # round 88: a category deleted, nested or holding products is a row of a table (its
    # products go with it by a foreign key's cascade), not a class a model sorts into
    "category": (
        "delete deleted deleting deletes remove removed removing cascade parent nested "
        "subcategory subcategories hierarchy tree видаляю видалити видалив видалила видалення "
        "видаляється видаляєш видаляти вкладені підкатегорії підкатегорія батьківська дерево",
        "database table",
    ),
    # round 88: a colour beside a variant, a SKU, stock or an attribute is a product's
    # attribute, a column kept per variant, not a page's style
    "colour": (_CATALOG_CUES, "column"),
    "color": (_CATALOG_CUES, "column"),
    # round 102: holes in a site, an app, a login or code are security holes (дірки already
    # reads so), not a wall's or a sock's
    "holes": (
        "site sites website app apps application api apis server servers login auth password "
        "passwords code system network security check scan audit portal account accounts "
        "сайт сайті апі сервер сервері застосунок застосунку код логін безпека",
        "vulnerability security",
    ),
    # round 117: "es" (left out of the nicknames: ES modules, Spanish) is Elasticsearch
    # beside what only a search engine's index has: its mapping, shards, replicas, reindex
    "es": (_SEARCH_INDEX_CUES, "elasticsearch"),
    # round 117: ChatGPT put into a product (the admin, a bot, a site) or called through
    # its API is OpenAI's API; a text that sounds like ChatGPT names no such place
    "chatgpt": (_PRODUCT_PLACES, "openai"),
}
SENSE_SPAN = 3

#: Round 102: everyday words of work and life that some agent's text holds as its jargon (a
#: chaos experiment, a game day, a scheduled task, a Stripe account, text processing, a
#: database client, the software lifecycle): said plainly ("procurement is chaos", "a team
#: offsite with games", "a standup schedule", "work google accounts", "texts and emails",
#: "talk to 5 clients", "which accounting software"), they name no agent's work. With the
#: common words (:data:`COMMON_WORDS`, :data:`COMMON_WORDS_UK`) they are the words that may
#: not carry a large roster's pick alone (:func:`coordinator.routing.senses.everyday_jargon`).
EVERYDAY_JARGON: frozenset[str] = frozenset(
    """
    chaos mess messy boss bosses manager notes meeting meetings standup standups schedule
    schedules calendar agenda staff colleague colleagues coworker coworkers lunch venue
    offsite games account accounts software text texts client clients customer customers
    hole holes organise organised organize organized training trainings price prices
    discount discounts
    бос боса шеф шефа начальник начальника бардак безлад хаос нотатки зустріч зустрічі
    розклад акаунт акаунта акаунти текст тексти клієнт клієнти клієнтів клієнтам клієнтами
    тренування тренувань ціна ціни ціну знижка знижки знижку
    """.split()
)

#: Round 102: the periods a cohort or a report is counted by (weekly retention, month over
#: month): common words, but what an analyst's request is about, so they stay evidence.
PERIOD_WORDS: frozenset[str] = frozenset(
    "week weeks month months quarter quarters year years".split()
)

#: The layers a feature is built in: data kept, the server's API, the screen. A request that
#: names all three (a table, an endpoint and a page) asks for a whole feature: a full-stack
#: agent's work when the roster has one. Words as written, English or Ukrainian (their
#: routing terms are compared: сторінка is page, таблиця is table).
LAYERS: tuple[str, ...] = (
    "table tables database db schema migration column sql postgres postgresql mysql",
    "api endpoint endpoints backend graphql server",
    "page pages form forms frontend ui component react screen button vue angular",
)
#: What a full-stack agent's name holds (full-stack-developer, fullstack-developer).
FULL_STACK = "fullstack"

#: Programming languages and the frameworks and runtimes code is written in, as rosters name
#: their specialists (golang-pro, react-specialist, powershell-5.1-expert): a request that
#: names one asks for code in it, and the agent named for it is its expert (round 41).
LANGUAGES: frozenset[str] = frozenset(
    """
    python golang go rust java kotlin swift typescript javascript ruby php csharp dotnet cpp
    elixir erlang scala clojure haskell ocaml dart lua perl julia zig nim crystal fsharp
    powershell bash solidity objectivec fortran cobol vba groovy
    react vue angular svelte nextjs nuxt remix astro solid preact ember jquery
    django flask fastapi rails laravel symfony springboot nestjs gin phoenix aspnet blazor
    nodejs deno flutter electron tauri reactnative swiftui
    """.split()
)

#: Short names people write for a language whose specialist's name spells it out.
LANGUAGE_NICKNAMES: dict[str, str] = {
    "golang": "go",
    "javascript": "js",
    "typescript": "ts",
}

#: Round 40: parts of a feature a request says are done, come later or are not to be touched
#: ("the UI can come next sprint", "frontend is done", "промпт не чіпай", "фронт вже
#: готовий"): the word names work the request is not asking for and is left out. Words as
#: written; the cues are the words that follow the part (LEFT_AFTER, up to two words apart)
#: or come just before it (LEFT_BEFORE).
LEFT_PARTS: frozenset[str] = frozenset(
    """
    ui frontend front фронт фронтенд prompt prompts промпт промпта промпту промпти
    backend бек бекенд
    api apis апі апішка апішки апі endpoint endpoints ендпоінт ендпоінти ендпоїнт ендпоїнти
    table tables таблиця таблиці таблички schema схема migration migrations міграція
    міграції
    бекі беку бекенді бекенду бекенда фронті фронту фронтенді фронтенду апішку ендпоінту
    ендпоінта ендпоїнту ендпоїнта route routes роут роути роутер таблицю таблички схему
    схеми міграцію міграцій column columns колонка колонки колонку db database бд база
    бази базі
    """.split()
)
LEFT_AFTER: tuple[tuple[str, ...], ...] = tuple(
    tuple(cue.split())
    for cue in (
        "is done",
        "is ready",
        "are done",
        "already done",
        "can wait",
        "can come",
        "comes later",
        "later",
        "вже готовий",
        "вже готова",
        "вже готове",
        "готовий",
        "готова",
        "пізніше",
        "не чіпай",
        "не чіпати",
        "не чіпаємо",
        "не чіпайте",
        "не міняй",
        "не трогай",
        # round 46: a part that exists already ("the endpoint already exists", "таблиці
        # вже є"): the request asks for the rest
        "are ready",
        "already exists",
        "already exist",
        "exists already",
        "is already there",
        "are already there",
        "already there",
        "already supports",
        "already returns",
        "вже є",
        "вже існує",
        "вже існують",
        "вже готові",
        "готові",
        "вже зроблений",
        "вже зроблена",
        "вже зроблено",
        "вже віддає",
        "вже повертає",
        # round 51: a part that works, is applied or is not needed ("the endpoint itself is
        # fine", "міграція накатана", "міграцію робити не треба", "на беку потім глянем")
        "itself is fine",
        "is fine",
        "are fine",
        "works fine",
        "already works",
        "is not needed",
        "isnt needed",
        "not needed",
        "вже працює",
        "працює нормально",
        "накатана",
        "накатані",
        "вже накатана",
        "вже накатані",
        "не треба",
        "не потрібна",
        "не потрібен",
        "не потрібно",
        "робити не треба",
        "міняти не треба",
        "чіпати не треба",
        "потім",
    )
)
#: "уже" is "вже" after a vowel: every cue with one is read with the other (round 51).
LEFT_AFTER = LEFT_AFTER + tuple(
    tuple("уже" if word == "вже" else word for word in cue) for cue in LEFT_AFTER if "вже" in cue
)
LEFT_BEFORE: tuple[tuple[str, ...], ...] = tuple(
    tuple(cue.split())
    for cue in (
        "dont touch the",
        "dont touch",
        "do not touch the",
        "do not touch",
        "не чіпай",
        # round 51: a part named as already there ("на бекенді вже є ендпоінт", "we
        # already have an endpoint")
        "вже є",
        "уже є",
        "already have an",
        "already have a",
        "already have the",
        "already have",
        "already has an",
        "already has a",
        "already has the",
        "there is already an",
        "there is already a",
        "theres already an",
        "theres already a",
    )
)
#: Words allowed between a part and its cue ("the UI part can wait", "фронт частина готова"),
#: and, round 51, the words placing it ("ендпоінт на бекі вже є", "колонка в БД вже є").
LEFT_GLUE: frozenset[str] = frozenset("part side частина частину side of the на в у on in".split())
#: How many words may stand between a part and its cue.
LEFT_SPAN = 3
