"""Outcome frames: a request that names what should happen to whom, not the technology.

Product managers, founders, support staff and designers describe the effect they want or
the symptom they see ("customers pay monthly and cancel whenever", "partners should hear
when an order ships", "new teammates need two days to get the project running", "users
can't find where to change their address"). Few of those words are in any agent's
vocabulary, and a fixed phrase list misses the next person's wording. A frame is a set of
word groups, one per part of such a sentence (who, the act, its object): when a request
holds a word of every group within :data:`WINDOW` tokens of each other, in any order, the
frame's joined word (``outcomebilling``) enters the query like a phrase's, and its domain
words (:data:`ENTRIES`, read by :mod:`coordinator.routing.concepts`) say which field the
request belongs to. Requiring every part keeps a person's own life out: "how do I cancel
my gym membership" names no customer, so no billing frame fires.

A group's English words match by routing term (their stems: pay, paid, paying; one
written ``=called`` only as written, not as call; one written ``==show`` only where the
request has that very word, not shows), its Cyrillic words as prefixes of a
request's words (плат: платять, платимо), so one row serves every inflection. Each row
names a field a dozen requests could land in, not a request; the domain words are the
ones agent files describe themselves with.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache, reduce
from itertools import chain, pairwise
from operator import itemgetter, or_

from coordinator.routing import carried
from coordinator.routing.text import is_cyrillic, term_list
from coordinator.routing.vocab import COMMON_WORDS, COMMON_WORDS_UK

#: The most tokens a frame's words may span (first to last), so that two sentences of a
#: long request about different things do not make one frame.
WINDOW = 12
#: The shortest Cyrillic prefix looked up, and the longest.
_MIN_PREFIX, _MAX_PREFIX = 3, 10

# the actors of a product: the people a business serves, and its own staff
_CUSTOMERS = (
    "customer customers client clients user users member members subscriber subscribers "
    "buyer buyers shopper shoppers people visitor visitors parent parents student students "
    "patient patients guest guests "
    "клієнт користувач юзер підписник передплатн покупц покупець відвідувач батьк студент учн "
    "пацієнт "
    "люди людей гост"
)
# the people a product counts (a club's members or a party's guests are no cohort)
_ACCOUNTS = (
    "customer customers client clients user users subscriber subscribers signup signups "
    "trial trials клієнт користувач юзер підписник"
)
_DEVELOPERS = (
    "developer developers dev devs engineer engineers hire hires newcomer newcomers newbie "
    "junior juniors teammate teammates joiner joiners contractor contractors programmer "
    "розробник девелопер програміст новеньк новач новопри джун інженер"
)

#: ``joined: group | group | ...`` (each group a set of words, see the module docstring).
_FRAME_LINES = f"""
outcomebilling: {_CUSTOMERS} | pay paid paying charge charged bill billed renew renewal
    sell sold selling плат оплач списув списан продовж продає продаєм |
    monthly month yearly year annual annually weekly week quarterly recurring
    щоміс місяц щорок щотижн щокварт щороку рік
outcomeplan: {_CUSTOMERS} | cancel pause upgrade downgrade switch resume unsubscribe
    freeze change changes changed скасов скасув пауз призупин заморож відпис перейти змін |
    plan plans subscription subscriptions membership tier tiers trial pass passes тариф
    підписк абонемент передплат план
outcomehook: notify notified notification tell told hear know inform ping push alert send
    =sent call calls callback повідом сповіщ дізна надсил слати слали шлем відправля
    сигнал |
    partner partners integrator integrators merchant merchants supplier suppliers vendor
    vendors warehouse reseller resellers affiliate affiliates url urls crm erp external
    thirdparty system systems seller sellers server servers третім партнер постачальн
    склад інтегратор мерчант зовнішн продавц сервер
    систем url |
    when whenever each every status event once коли щойно щоразу кожн статус
outcomemeaning: search searching find finds found lookup пошук шука знаход знайд |
    synonym synonyms meaning meanings =wording intent phrased paraphrase смисл сенс зміст
    синонім значенн
outcomemeaning: search searching find finds found lookup пошук шука знаход знайд |
    mean means same означа значить одне |
    word words text article articles phrase phrases term terms query слово слова текст
    статт фраз термін
outcomesetup: {_DEVELOPERS} |
    setup set run running start starting install installing laptop computer machine local
    locally environment configure запуст підн налашт встанов локальн ноут компютер |
    day days week weeks hours forever long takes день дні днів тижд годин довго вічн
outcomefind: {_CUSTOMERS} | find finding findable locate discover notice знайти знаход знайд
    найти найд поміт |
    cant cannot nobody hard difficult struggle never confused confusing lost hidden buried
    не ніхто важко незрозум заплут сховал сховано |
    where setting settings option button page menu link screen tab section account profile
    change update edit manage де налашт кнопк сторінк меню розділ вкладк кабінет профіл
    змін онов редаг керув
outcomepriority: feature features wishlist backlog roadmap фіч побажан беклог роадмап |
    prioritize prioritise prioritizing priority priorities quarter decide choose pick rank
    urgent first q1 q2 q3 q4 пріоритет першим першою першочерг квартал вибрат обрат
    вирішит терміново
outcomepriority: idea ideas requests asks wishes ідеї ідей ідею запити запитів побажан |
    sales support customers clients users devs developers engineers sprint release
    продаж підтримк клієнт користувач юзер розробник девелопер спринт реліз |
    prioritize prioritise prioritizing priority priorities quarter choose pick rank urgent
    first пріоритет першим першою першочерг квартал вибрат обрат терміново
outcomemobileslow: slow slowly forever ages sluggish laggy lag heavy seconds load loads
    loading повільн вічн довго гальм тормоз тупит вантаж грузит завантаж |
    phone phones mobile android iphone smartphone cellular 3g 4g телефон мобільн мобілк
    смартфон айфон андроїд |
    site website page pages store shop storefront landing web сайт сторінк магазин лендинг
outcomebreach: leak leaked leaking stolen breach breached exposed hacked compromised dump
    dumped sale selling sold pastebin darknet darkweb forum publicly downloadable
    злил злив витік витек вкрал злам продаєт продают продаєть даркнет форум відкритому
    публічн |
    data database password passwords credential credentials email emails record records
    card cards дані даних база базу паролі пароль карт |
    our we us company customer customers client clients users нам нас наш наша наші
    клієнт користувач юзер
outcomeratecap: limit limits cap throttle throttling quota hammer hammering flood
    flooding spam spamming abuse ліміт обмеж квот спам завал |
    call calls request requests api key keys endpoint запит апі ключ ендпоінт |
    minute second hour day nonstop constantly per each хвилин секунд годин добу
    постійно кожен кожного
outcomeunnoticed: down offline unavailable unreachable outage dead лежав лежит лежал впав
    упав недоступ |
    knew know noticed notice aware alert alerted warn told знав знали дізнал поміт попереди
    сповіст
outcomechurn: {_ACCOUNTS} |
    leave leaving left churn churning vanish disappear disappears quit dropping gone
    abandon stop stopped stopping відвал йдуть пішли кидають перестал перестают зника |
    week weeks day days month months year first after cohort тижн день дні місяц рок
    перш після
outcomemany: several multiple many кільк декільк багат |
    follow follows follower followers friend friends підпис друз |
    user users person people member members account accounts юзер користувач людин
    акаунт
outcomemany: several multiple many кільк декільк багат |
    team teams group groups category categories tag tags project projects role roles course
    courses organization organizations workspace workspaces class classes lesson lessons
    address addresses author authors book books teacher teachers doctor doctors location
    locations команд груп категор тег проєкт проект курс організац рол клас урок адрес
    автор книг вчител лікар локац |
    user users person people member members student students employee employees product
    products item items article articles one each юзер користувач людин студент працівн
    товар один одна кожен
outcomesaved: confirm confirmation feedback toast message notice indicator tell whether
    підтвердж повідомлен зрозум |
    save saved saving submit submitted worked succeeded success збереж зберегл
    спрацюв вдалос |
    user users customer customers people they click clicked hit tap юзер користувач
    натиск кнопк люди
outcomeextract: photo photos picture pictures image images scan scans scanned receipt
    receipts pdf pdfs invoice invoices document documents фото скан чек чеки картин
    зображен документ |
    extract extracting recognize recognise ocr digitize витяг розпізн вичит
outcomeretain: keep retain preserve kept archive stay remain зберіг лишал залиш |
    year years invoice invoices record records history receipts order orders рок років
    рахунк запис історі замовлен |
    delete deleted deletes cancel cancels remove removed disappear disappears close
    closes видал скасов зник закрив
outcometwice: twice double doubled duplicate duplicates duplicated identical =copies
    двічі дважди дубл повторно однаков |
    email emails mail receipt receipts confirmation charge charged order orders payment
    payments invoice message messages notification лист листи чек підтвердж замовлен платіж
    платеж списал списув повідомлен
outcomenotarriving: email emails mail receipt invoice confirmation letter лист листа листи
    чек квитанц підтвердж |
    arrive arrives arriving come comes never missing lost receive receives receiving
    приход прийш прилітає доход отриму отрима |
    pay paid payment checkout order purchase charged оплат оплач гроші платіж списал
    замовлен покупк
outcomemeaning: search searching searched look looking looks пошук шука |
    =called =named =titled =termed =written =listed =labeled =labelled називаєт назива
    написано підписан
outcomesorttext: sort sorted sorting group grouped grouping cluster classify categorize
    categorise tag label route triage розсорт сортув групув розкида розкид класифік
    категоризу тегу |
    comment comments review reviews feedback survey answers responses ticket tickets
    messages emails leads complaints request nps коментар відгук звернен тікет опитуван
    скарг ліди лідів заявк |
    topic topics theme themes category categories automatically bucket buckets human
    manually тем категор автоматичн вручну людин
outcometoolcall: assistant bot chatbot agent llm gpt ai асистент бот помічник агент |
    call calls invoke trigger actually execute виклик запуск |
    function functions tool tools action actions api calendar функці інструмент дію
outcomestructured: llm gpt chatgpt claude openai ai ллм ллмка гпт |
    format formats json schema structure structured pydantic формат схем структур
outcomeimagefit: image images picture pictures photo photos avatar avatars thumbnail
    thumbnails logo картин картинк зображен фот аватар лого мініатюр |
    stretched stretch squished squashed distorted blurry cropped pixelated сплющ розтяг
    розмит обріза пікселізо
outcomepreview: pr prs branch branches merge pull пр гілк мердж |
    link url preview environment own copy посилан лінк превю середовищ копі
outcomepartition: table таблиц |
    split splitting partition partitioning break divide cut slice розбит поділит розділит
    партиціон порізат поріза нарізат різат |
    month months year years day days date місяц рок рок днях дата
outcomehumanwrite: reads read sounds sound written wrote звуч читаєть написан писав
    писал |
    robot robotic machine chatgpt ai gpt generated бот робот машин штучн |
    human person people natural like живий людин людськ природн як ніби наче немов
outcomechaos: kill killing break shut switch crash terminate вбит вимкн лама зупин |
    random randomly purpose deliberately intentionally рандом випадков навмисн
outcomeidea: worth sense варто сенс |
    idea build building make making app startup product business ідея ідею робити
    апку застосунок стартап бізнес
outcomebreach: key keys token tokens account accounts password passwords ключ токен
    акаунт пароль |
    unknown unfamiliar strange suspicious someone foreign recognise recognize невідом
    підозріл чуж дивн хтось |
    ip location country login logins used using адрес країн логін використов
outcomeconfusing: {_CUSTOMERS} |
    confusing confused unclear lost stuck незрозум заплут плута губля |
    signup registration onboarding checkout flow form step steps page screen wizard
    реєстрац оформ флоу форм крок кроц сторінк екран заявк анкет
outcomechurn: {_ACCOUNTS} | return returns returning come active still
    повертає вертає активн |
    week weeks day days month months later cohort тижн день дні місяц пізніше
outcomeexperiment: did does whether чи справді |
    increase increased improve improved boost lift raise hurt drop збільш покращ
    підня зрос впал |
    sales conversion conversions signups revenue clicks checkout продаж конверс
    реєстрац виручк кліки
outcomeattribution: channel channels campaign campaigns ad ads source sources канал
    кампан реклам джерел |
    brings bring convert converts paying pay revenue приносить приводить платять
outcomeremind: remind reminder reminders нагад |
    before day hour appointment booking visit due deadline день годин запис візит
    дедлайн
outcomelicense: use using ship sell використ продава |
    library libraries package packages code lib бібліотек пакет код |
    commercial closed proprietary sell sold banks клієнтам комерц закрит продаєм
outcomeaudit: who хто |
    =changed =deleted =edited =modified =removed змінив змінил видалив видалил
    відредагув поміняв |
    when log history admin коли історі адмін
outcomelanguages: language languages translate translated translation polish spanish
    german french english ukrainian мов переклад польськ англійськ німецьк іспанськ
    французьк українськ |
    site website app interface page pages store сайт інтерфейс застосунок сторінк
    магазин
outcomeforecast: predict forecast прогноз передбач спрогноз |
    sales orders demand revenue signups traffic продаж замовлен попит виручк трафік
outcomereset: {_CUSTOMERS} |
    forget forgot forgotten forgets reset recover забул забув забува скинут віднов |
    password passwords пароль паролі паролю
outcomeotp: sms otp смс |
    login log sign signin enter вхід входу вході логін заход
outcomestale: old stale outdated previous стар застаріл попередн |
    price prices data info content value цін дані інформац контент значен |
    shows show still see displays serving показує показу бачать бачить відображ досі
outcomelivemap: {_CUSTOMERS} driver drivers courier couriers dispatcher dispatchers водій
    водії водіїв курєр диспетчер |
    live realtime instantly наживо миттєво реальному |
    map maps location position courier couriers driver drivers tracking мап карт
    місцезнах курєр водій водії
outcomeoffline: offline офлайн |
    work works working use sync keep працю синхрон
outcomeoffline: internet connection signal network інтернет звязк мережі мережа |
    without lose lost losing no poor weak без втрача пропада слабк нема |
    app site work working use field застосунок сайт працю
outcomefakeaccounts: fake bot bots =spammers =spamming =spambots фейков фейк спамить спамлять
    бот ботів |
    account accounts signup signups registration registrations акаунт реєстрац
outcomehackedsite: hacked defaced infected malware virus зламал вірус заражен |
    site website server store shop page сайт сервер магазин
outcomeconsistent: consistent inconsistent same different однаков різн |
    button buttons screen screens page pages color colors colour colours font fonts
    component components кнопк екран сторінк кольор шрифт |
    every each all everywhere кожн всі скрізь
outcomeinterview: talk interview interviews survey поговор інтервю опит |
    {_CUSTOMERS} |
    why learn understand чому зрозум дізнат
outcomelanding: landing homepage лендинг головн |
    signup signups sign convert conversion buy register реєстру конверс купу |
    nobody few almost low barely мало ніхто майже низьк
outcomeopens: open opens opened read відкрива чита |
    email emails newsletter newsletters mail лист листи розсилк |
    nobody few low rate barely ніхто мало низьк
outcomeseo: google гугл bing |
    find finds show appear rank visible found знаход знайд показ зявля видно видим |
    site website page product shop business company our сайт сторінк продукт магазин
    бізнес компані наш
outcomestore: rejected rejects rejecting reject rejection відхил |
    apple appstore play
outcomeaccess: blind deaf colorblind disabled disability disabilities impaired visually
    сліп незряч глух слабозор інвалід |
    {_CUSTOMERS} use get through checkout site app page користува пройти
outcomeragbot: bot chatbot assistant ai бот чатбот асистент помічник |
    answer answers answering respond reply відповід |
    article articles docs documentation help faq knowledge guides статт довідк документац
    інструкц базою базі
outcomereferral: friend friends colleague colleagues друз колег |
    invite invites join joins share shares bring refer referral запрош приєдн ділят
    діляться привод
outcomerelease: release releases deploy deploys deploying live ship ships реліз деплой
    викат викочу |
    rollback roll back breaks break broke breaking hand manually відкат відкоч лама ламає
    вручну руками
outcometap: button buttons link links text font fonts icon icons кнопк посилан текст шрифт
    іконк |
    small tiny tap hard miss дрібн маленьк натиснут влучит |
    phone phones mobile touch телефон мобільн смартфон
outcomepricing: price prices pricing цін ціни ціну |
    automatically demand dynamic dynamically автоматичн попит динамічн
outcomeassets: create make draw generate design створ намалю згенеру зроби |
    pictures illustrations icons banner banners logo screenshots картинк ілюстрац іконк
    банер лого скріншот |
    store listing launch ads social website landing стор реклам соцмереж сайт лендинг
outcomemismatch: number numbers figures totals revenue report reports dashboard цифр
    числа сум звіт дашборд |
    match matches differ mismatch збіга відрізня сход
outcomelegacy: old years decades legacy ancient стар років рок десят |
    system code codebase app monolith систем код застосунок моноліт |
    touch change afraid dares scary nobody understands чіпати боїм страшно наважу ніхто
    розуміє
outcomepaidnoorder: pay paid payment charged оплат заплат списал |
    order orders booking bookings access subscription account замовлен бронюван доступ
    підписк |
    no not never missing without created appear не нема немає створил зявил
outcomeloggedout: logs logged kicks kicked signs signed throws викида вилітає вилітають
    розлогін |
    out minutes randomly constantly keeps хвилин постійно рандомно кожні
outcomeusage: feature features функці фіч |
    use used using usage користуют користуєт використов |
    which what how people users які якими якою скільки люди користувач юзер
outcomescale: million millions thousands 10x times more мільйон тисяч разів |
    users customers traffic load requests visitors юзер користувач клієнт трафік
    навантаж запит |
    survive handle scale cope cost hold витрима справит масштаб коштува
outcomeempty: empty порожн пуст |
    screen screens state states page pages list lists екран стан сторінк списк
outcomehosting: cost costs bill spend price вартість коштуват витрат |
    hosting servers server cloud infrastructure хостинг сервер хмар інфраструк
outcomewhodid: track record log remember keep store відстеж фіксув запамят зберіг облік |
    which who whose each хто котр які який яку кожн |
    =worked =finished =completed =attended =bought =visited =took =passed =watched =booked
    працював пройшов відвідав купив замовив дивився бронював виконав
outcomebilling: renew renews renewal renewing autorenew продовжу продовжен |
    tier tiers plan plans subscription subscriptions membership premium тариф підписк
    абонемент передплат преміум |
    automatically every monthly yearly annually month year автоматичн щоміс щорок
outcomemeaning: type types typing typed search searching searches шука ввод вбива |
    also even навіть також теж |
    bring brings show shows find finds return returns surface surfaces appear знаход
    показу видава
outcomestaffping: telegram slack sms discord whatsapp viber телеграм слак смс вайбер |
    notify notification message ping alert send tell повідом сповіщ надсил відправ |
    when whenever each every коли щоразу кожн
"""

# --- round 46 (the bundled roster: where the change is made) ---
#: A request that asks to show something in a place on screen ("show it in the task list",
#: "виведи поле на картці", "render the answer in the chat window") asks for the screen's
#: work, whatever API or model the data comes from. The act is read in the forms that ask
#: for it (show, should be shown, покажи, показувати), not those that report what a screen
#: does ("the dashboard shows wrong totals", "показує старе").
_ROUND46_LINES = """
outcomeshown: ==show ==display ==render ==shown ==displayed ==rendered виведи вивест виводи
    виводьте покаж показат показув показуй відобрази відобразит відображат відображай
    намалю |
    list lists card cards page screen dashboard sidebar header footer modal popup dropdown
    tooltip widget feed tab tabs chat window badge avatar avatars profile toast toasts
    snackbar banner spinner skeleton placeholder chart charts graph graphs
    тост банер спінер графік діаграм списк списку картц картк сторінц сторінк екран дашборд
    сайдбар хедер шапц модалк вікн віконц попап віджет стрічц вкладц чат профіл аватар
"""
# --- end round 46 ---

# --- round 47 (every field a roster covers, as a non-specialist names its outcome) ---
#: Walked field by field over the four rosters (payments, privacy, email, testing, docs,
#: data pipelines, ML, incidents, backups, access control, search, analytics, planning,
#: mobile, build speed, cost): the who, act and object a PM, founder, support lead or
#: designer says instead of the technical term, in English and Ukrainian. Each keeps the
#: person's own life out the way round 43's do: an actor or a product word in a group.
_ROUND47_LINES = f"""
outcomeerase: {_CUSTOMERS} | delete erase remove wipe forget видал стерт стир забут |
    all everything their personal data info information account history всі все всю свої
    свою персональн дані даних інформац акаунт історі
outcomespam: email emails newsletter newsletters mail mails letters лист листи розсилк |
    spam junk promotions promotion спам промоакц промо |
    land lands landing end ends go goes going sent fall falls попада потрапля летять
    йдуть опиня
outcomeregress: release releases update updates deploy deploys version fix fixes change
    changes реліз релізу оновлен апдейт деплой версі фікс правк змін |
    breaks broke break breaking broken stops stopped ламає ламают злама поламал відвал
    перестає перестал |
    worked used before old previously other something elsewhere працювал раніше старе
    інше щось
outcomeknowhow: nobody noone anyone only ніхто ніким лише тільки |
    knows know remembers understands explain знає пам'ята пам розуміє поясни |
    how works work setup deploy written wiki left quit leaving leaves vacation як працює
    влаштован записан пішов звільн відпуст
outcomelatedata: numbers figures report reports dashboard sales stats metrics цифр
    звіт дашборд продаж статистик метрик |
    update updates updated refresh refreshes arrive appear show онов зявля приход
    підтяг показу |
    late next morning yesterday delay delayed behind day hours night запізн наступн
    вчорашн вранці добу годин ночі
outcomecopyover: copy copies copied move sync pull export load gather collect скопіюв переноси
    перенос синхрон вивантаж збира |
    orders sales customers data events records crm shop store замовлен продаж клієнт
    дані події crm магазин |
    spreadsheet sheet sheets warehouse excel nightly night daily automatically
    гуглтаблиц ексель шит сховищ щоноч щодня автоматичн
outcomesuggest: {_CUSTOMERS} | bought viewed watched liked read listened купил купив
    дивил переглянул вподоба читал слухал |
    similar also recommend recommendations suggest suggestions might personalized
    схож також рекоменд пропонув підказув персонал
outcomefraud: stolen fake fraudulent fraud suspicious крадені вкраден фейков шахрай
    підозріл |
    card cards orders order payment payments purchases refunds chargebacks карт
    замовлен оплат платеж покупк повернен
outcomecrash: app application застосунок додаток додатк апка апку програм |
    closes close crashes crash quits freezes freeze dies shuts вилітає вилітают закрива
    крашит падає зависа |
    {_CUSTOMERS} some several certain older деяких декотр кількох старих
outcomepostmortem: down downtime outage offline unavailable лежав лежал впав упав недоступ
    даунтайм |
    yesterday night hours weekend morning saturday sunday monday friday вчора ночі
    годин вихідн вранці суботу неділю понеділок пятниц |
    happened why wrong prevent again avoid never сталося трапил чому запобіг повтор
    уникн
outcomebackup: lose lost losing wiped gone втрат втратим втратит зникн |
    everything all data orders customers database files все всі дані замовлен клієнт
    базу файли |
    server dies die burns deleted accidentally crash fails сервер помре згорит видалит
    випадков впаде
outcomebackup: accidentally mistake someone випадков помилков хтось |
    delete deletes deleted wipe wipes drop drops видалит видалить видалив стер |
    copy copies backup backups restore recover back копі бекап відновит відновл |
    database db data table tables records orders customers server site production
    базу базі дані таблиц записи замовлен клієнт сервер сайт прод
outcomeroles: only лише тільки |
    managers manager admins admin owners owner staff accountant accountants employees
    team lead leads менеджер адмін власник персонал бухгалтер працівник керівник |
    see view edit access delete change approve бачит бачил редагув доступ видалят
    змінюват підтверджув
outcomeexport: download export вивантаж скачат експорт завантаж |
    excel spreadsheet csv sheet table ексель ексел таблиц csv цсв |
    orders order data report invoices customers history замовлен дані звіт рахунк
    клієнт історі
outcomebigupload: upload uploads uploading attach attaching завантаж прикріп аплоад |
    video videos file files photos large big heavy huge відео файл фото великі важк
    великий |
    fails failed fail stuck breaks error timeout cannot cant падає не зависа помилк
    обрива
outcomefilter: filter filters narrow sort фільтр відфільтр сортув |
    size sizes color colors colour price brand category rating розмір колір ціна ціни
    бренд категор рейтинг
outcometypo: search пошук шука |
    typo typos misspell misspelled misspells mistake mistakes spelling помилк опечат
    одрук |
    nothing finds find found results нічого знаход знайд результат
outcometimezone: time times hour hours date dates час годин дата дати |
    wrong off shifted different incorrect неправильн зсув не різн |
    country countries abroad zone zones timezone region країн кордон поясі пояс регіон
    таймзон
outcomedrip: new newcomers signups newly registered нові новим новачк зареєстр |
    series sequence welcome several few серію серія вітальн кілька |
    email emails letters messages лист листи листів повідомлен
outcomefunnel: where which step steps де якому якої крок кроц |
    drop drops dropping leave leaving abandon abandons give lose lost відпада відвалю
    йдуть кидают губим втрача |
    cart basket checkout signup registration payment onboarding flow form кошик оформ
    реєстрац оплат онбордин форм заявк анкет
outcomerivals: competitor competitors rivals rival конкурент |
    charge price prices pricing doing offer offers features ціни цін роблять
    пропонують функці фіч
outcomedeadlines: team команда команди ми we |
    miss misses missed late slip slips overdue never зрива зрив запізн не встига |
    deadline deadlines dates estimates sprint sprints дедлайн терміни строк оцінк спринт
outcomemvp: first initial minimum перш мінімал |
    version release launch версі реліз запуск |
    have include need wait later cut must features має має мати включ потрібн почека
    потім фіч
outcomeseniors: older elderly seniors pensioners grandparents літні пенсіонер старш
    дідус |
    {_CUSTOMERS} |
    read see use tap struggle hard small tiny читат бачит користуват важко дрібн
    маленьк |
    app apps site website page pages screen screens button buttons font fonts form forms
    checkout interface застосунок додаток сайт сторінк екран кнопк шрифт форм інтерфейс
outcomecibuild: build builds ci pipeline tests deploy збірк білд пайплайн тести деплой |
    take takes taking wait waiting триває займа чекаєм чекати |
    minutes hour hours forever ages хвилин годину годин вічн
outcomeidor: change changing edit swap replace міня змін |
    number id order invoice номер ід айді |
    link url address adress browser посилан лінк адрес урл браузер
outcomepayout: pay payout payouts transfer send split пла виплат виплач переказ переказув
    розділ |
    sellers seller drivers hosts creators authors couriers partners tutors продавц
    водіям водії автор курєр партнер репетитор |
    share cut commission percent percentage fee частк комісі відсот
outcomesamequestions: support helpdesk operators agents підтримк оператор сапорт |
    same again repeat repeatedly hundreds однакові одні ті самі повторю сотні |
    questions question asks tickets питання запитан тікет звернен
outcomenotifyprefs: {_CUSTOMERS} | choose pick turn off mute opt stop tired annoyed
    обират вибрат вимкн відключ набрид втомил |
    notifications emails messages pushes alerts сповіщен розсилк повідомлен пуш
outcomeusability: watch test try observe show подивит протестув спробув показат |
    real actual few five {_CUSTOMERS} реальн справжн кілька |
    design prototype mockup mockups screens new flow дизайн прототип макет екран новий
outcomebeta: testers beta friends early тестувальн бета друз ранні |
    install try get test встанов спробув отрима протестув |
    app build apk версію застосунок апку білд апк
outcomehosting: aws amazon azure gcp google cloud digitalocean авс амазон азур хмар |
    bill invoice cost costs spend grew doubled рахунок рахунку витрат коштує виріс
    подвої зрос
outcomeforecast: predict guess know forecast передбач вгада знат спрогноз |
    who which customers clients users subscribers хто які клієнт користувач підписник |
    leave churn cancel buy stop pay піде підуть скасу купля перестан
outcomelive: appear appears show shows update updates refresh pop change changes зявля
    показу онов оновлю змін |
    live instantly immediately automatically realtime without наживо миттєво одразу
    автоматичн без |
    comment comments message messages price prices score scores order orders bids
    likes status статус коментар повідомлен цін рахунок замовлен ставк лайк
outcomeslowreport: report reports dashboard list search export history звіт дашборд
    список пошук експорт вивантаж історі |
    minute minutes seconds forever ages slow slower хвилин секунд вічн довго повільн |
    open opens opening load loads loading takes відкрива вантаж грузит займа
outcomemanualqa: test tests testing check checks click testers qa тест перевіря
    клацают прокликув тестувальн |
    hand manually manual вручну руками ручн |
    release releases before every each time deploy реліз перед кожн щоразу деплой
outcomeapidocs: partners integrators developers clients customers партнер інтегратор
    розробник клієнт |
    understand figure ask asks confused use використ розуміют зрозуміт розібрат
    питают |
    api apis integration endpoints sdk апі інтеграц ендпоінт
outcomesociallogin: {_CUSTOMERS} людям людьми |
    sign log login enter register signin signup увійт вход вхід реєстру залогін |
    google apple facebook github microsoft гугл епл фейсбук
outcomeaccounthealth: big key largest enterprise biggest top великі ключов найбільш |
    clients customers accounts клієнт акаунт |
    risk unhappy health renewal renew expand upsell leaving ризик незадоволен
    продовж продовжен йдуть
outcomemedical: patient patients medical health clinic пацієнт медичн здоровя клінік |
    records data history notes files записи дані історі нотатк файли |
    store keep share send save зберіг зберігат передава надсила
outcomedevices: sensor sensors device devices meter meters tracker trackers датчик
    сенсор пристро лічильн трекер |
    send sends readings report reports data every передают надсила показ дані кожн
outcomecurrency: {_CUSTOMERS} |
    pay see charge charged prices price плат бач списув цін |
    currency currencies euros euro dollars dollar pounds валют євро долар фунт
outcomerefund: refund refunds money back повернен поверта гроші кошти рефанд |
    {_CUSTOMERS} |
    cancel cancels cancelled canceled return returns automatically скасу повернут
    автоматичн
outcomekeyboard: mouse keyboard мишк мишею клавіатур |
    without only cannot cant use без лише тільки не можуть користуват |
    {_CUSTOMERS} site form forms checkout page сайт форм сторінк
outcomeactive: how many скільки |
    {_ACCOUNTS} |
    daily day every week weekly monthly open opens back return щодня день щотижн
    щоміс відкрива поверта
outcomehackers: hacker hackers attacker attackers intruder intruders хакер зловмисн |
    get break steal access into reach залізт зламат вкраст доступ проникн |
    site website app system systems data server servers database api accounts admin
    сайт застосунок систем дані сервер базу апі акаунт адмін
outcomephotodefect: photo photos picture pictures image images camera фото знімк
    зображен камер |
    detect spot recognize recognise tell check find flag виявля розпізна знаход
    перевіря помічат |
    damaged damage defect defects broken cracks crack scratches faces objects fake
    пошкодж дефект браком тріщин подряпин облич обєкт
outcomemadeup: bot chatbot assistant ai gpt бот чатбот асистент помічник |
    makes invents lies hallucinates confidently wrong inaccurate вигаду бреше
    помиля неправильн |
    answer answers facts numbers info links відповід факти цифри посилан
outcomepeakload: down slow crash crashes dies falls лежить лягає падає гальму
    повільн |
    when during every time коли під щоразу |
    newsletter campaign sale sales launch peak rush black friday traffic spike ad
    розсилк кампан розпродаж запуск пік трафік реклам
"""
# --- end round 47 ---

# --- round 58 (the large rosters: a field named by its numbers, its fleet, its pager) ---
#: The spent sets' misses on the large rosters, sorted by kind: an experiment read from
#: its numbers and its decision ("3.1% vs 3.4%, p=0.08, do we ship it"), one change rolled
#: out to many machines (configuration management), an on-call page (incident response),
#: and search that should forgive typos or offer facets (full-text search, not embeddings).
#: Machines count only in the plural as written (=servers): one server is anyone's.
_ROUND58_LINES = f"""
outcomeexperiment: =p pvalue significance significant significantly значущ |
    conversion conversions ctr variant variants test tests tested experiment версі
    варіант тест експеримент конверс
outcomeexperiment: conversion conversions convert converts converting ctr конверс |
    variant variants version versions control group groups half test tested testing vs
    versus against варіант версі контрол груп половин тест проти |
    ship shipping roll rollout everyone lucky luck chance noise real early кати викат
    всіх пощаст випадк шум реальн рано
outcomefleet: install installing roll rollout push apply configure provision patch
    restart update upgrade розкат накат встанов налашт перезапуст оновит оновлю |
    config configs configuration file files package packages settings nginx sshd user
    users key keys agent agents software конфіг файл пакет налаштув агент |
    =servers =hosts =machines =vms =nodes =boxes =instances fleet серверів серверах
    сервери хостів хостах віртуалк віртуалок машинах нодах
outcomepaged: =page =paged =paging pagerduty opsgenie oncall черговий чергового
    пейдж |
    5xx 500s ==502 ==503 ==504 p99 p95 outage downtime |
    now asap urgently immediately alone drive driving climbing first зараз терміново
    негайно
outcomepaged: =page =paged =paging pagerduty opsgenie oncall черговий чергового
    пейдж |
    5xx 500s ==502 ==503 ==504 outage downtime
outcomeidea: idea ideas ідея ідею ідеї стартап startup |
    traction demand takeoff злет взлет попит
outcomeidea: idea ideas ідея ідею ідеї стартап startup |
    anyone somebody people хтось люди |
    pay buy платит заплат купу
outcomechurn: {_ACCOUNTS} зареєстр реєстру registered |
    leave leaving left churn churning quit =dropping abandon stop stopped відвал
    йдуть пішли кидають перестал зника |
    january february march april june july august september october november december
    cohort січн лют берез квіт травн червн липн серпн верес жовтн листопад грудн когорт
outcomeidor: see saw sees seeing shows showed бачить бачать бачив бачила побачи |
    else чуж |
    invoice invoices order orders address data profile account accounts рахунк замовлен
    адрес дані даних профіл акаунт
outcometypo: search searching пошук шука |
    typo typos misspell misspelled misspellings facet facets faceted autocomplete
    typeahead опечат одрук фасет автокомпл
"""
# --- end round 58 ---
# --- round 59 (the bundled roster: symptoms its five agents' requests are told by) ---
#: A person who sees another's records ("a customer of one company opens another company's
#: invoices", "менеджери однієї філії бачать замовлення інших філій"): access control, not a
#: screen. Told to the team the moment the site goes down (a ping in Telegram when the API
#: fails): monitoring, not a chat integration. A migration or a renamed column that must not
#: take production down: the database's zero-downtime migration, not the deploy. Stale values
#: on screen until F5: the client's state, not the server. The same last item confirmed by
#: two people at once: a race the database's locks or constraints settle. Many queries from
#: one list in the logs, lazy loading: the ORM's N+1, not the logs.
_ROUND59_LINES = """
outcomeothersdata: see sees seeing saw ==open ==opens ==opened view views access accessed бач
    відкрива відкрил відкрив доступ |
    other others another different someone elses інш чуж |
    order orders invoice invoices data project projects account accounts record records
    document documents profile profiles замовлен інвойс рахунк дані даних проєкт проект
    документ профіл
outcomedownping: down offline outage dies died лежит лежав лежал впав упав ляже лягл
    недоступ |
    ping alert alerts notify notified sms telegram slack сповіщ алерт телеграм слак смс
    знат
outcomedownping: crash crashes crashed fails breaks broke падає пада |
    ping alert alerts notify notified сповіщ алерт знат
outcomesafemigrate: migration migrations migrate migrating column columns міграц мігра
    колонк |
    downtime outage ліг ляже лягл простою простої даунтайм
outcomef5: f5 refresh reload reloading перезавантаж перезагруз рефреш |
    old stale previous outdated стар попередн застаріл лишаю висят
outcomerace: moment simultaneously concurrently concurrent одночасн водночас |
    twice double oversell oversold двічі дважди дубл
outcomeoffload: move offload background queue worker email mail emailed emails винес
    фон черг воркер пошт |
    request requests response answer answers respond browser респонс відповід браузер
    page user users сторінк користувач юзер |
    heavy seconds sec minute minutes long slow takes timeout hangs довго секунд хвилин
    повільн формуєт тримає висить висит wait waits waiting spinner spinners чека
    крутилк думає
outcomenplusone: lazy selects =queries селект |
    list page each every posts items opening open списк сторінк кожн відкритт
    відкриван |
    logs log логах лог
"""
# --- end round 59 ---

# --- round 61 (symptoms and outcomes of the remaining kinds, all rosters) ---
#: The spent sets' misses that tell a field by a situation: a monolith to be cut into
#: services (a framework's name outvoted the architecture), several agents or specialists
#: asked to plan a job together (orchestration), what a team must do not to be fined over
#: patients' or users' data (compliance), errors in several services at once (correlating
#: errors), one server down taking everything with it (resilience), a build that takes
#: minutes (the build, said with its verb: збирається, йде 25 хв), and one thing of several
#: to choose for a quarter (prioritisation). Teammates overwrite each other's code or work
#: (git), not two people a record (a lost update: round 26's database case). One server
#: down takes the test of it (перевірити, переживемо): during the outage it is the incident's.
_ROUND61_LINES = f"""
outcomesplitmono: monolith monoliths моноліт |
    split splitting carve decompose decomposing break розрізат розріза розбит розбива
    розділит розділя відокрем
outcomesplitmono: one single одній одному одна один |
    app application codebase repo project апц апк застосун репо проєкт проект |
    split splitting carve decompose розрізат розріза розбит розбива розділит розділя |
    =services microservices сервіси сервісів сервіса мікросерв
outcomeagentteam: =agents =subagents =specialists =experts агенти агентів агентам
    спеціалісти спеціалістів спеціалістам експерти експертів |
    together sequence coordinate divide split who разом порядку порядок послідовн
    поділ розплан координ розпиш хто |
    feature features task tasks job work project audit review refactor rewrite platform
    repo codebase plan migration launch release фіч задач робот проєкт проект аудит ревю
    переробк платформ репо розплан зробит міграц запуск реліз
outcomecomply: влетіт влетим влетіл штраф штрафи =fined =fines penalty penalties =sued
    lawsuit =comply compliant дотримув підпада порушу |
    patient patients data records personal users customers user customer clients
    пацієнт дані даних записи персональн юзер користувач клієнт медичн номери
outcomecrossservice: simultaneously simultaneous concurrently одночасн водночас |
    =services microservices сервіс сервісах сервісами сервіси сервісів |
    error errors exception exceptions reset resets timeout timeouts spike spikes logs
    помилк сплеск логах логи каша
outcomeonedown: one single один одна одного |
    server node instance service box сервак сервер нода ноду інстанс сервіс |
    falls dies crashes goes fails down падає лягає впаде ляже вмира відвал |
    everything whole entire all все всё взагалі весь вся цілий |
    test check verify sure survive survives prepare ahead before перевір переживе
    витрима заздалегідь тест впевнит підготу
outcomechaos: вбива вимика kill killing turning switching |
    random randomly purpose deliberately intentionally рандом випадков навмисн
outcomecibuild: build builds білд збірк compile compiles компіл |
    takes take taking runs goes йде іде триває займа |
    minutes min mins hour hours хвилин хв годин
outcomecibuild: збира компілю білдит |
    minutes min mins hour hours хвилин хв годин |
    ci монореп monorepo project проєкт проект вебпак webpack tsc gradle docker докер
    образ локально
outcomemedical: patient patients medical clinic clinics hospital пацієнт медичн клінік
    лікарн |
    влетіт влетим штраф штрафи =fined =fines penalty penalties =sued =comply compliant
    law laws regulations requirements дотримув підпада порушу закон правила вимог
outcomedevsetup: {_DEVELOPERS} |
    setup set run running start starting install installing configure запуст підн
    налашт встанов |
    project repo repository codebase stack monorepo environment проєкт проект репо
    кодбаз оточен середовищ |
    day days week weeks hours forever long takes день дні днів тижд годин довго вічн
outcomeseo: shop site website business company store brand сайт магазин бізнес компані
    бренд |
    ==show ==shows appear appears visible findable зявля видно знаход знайт |
    search searching searches шука пошук |
    ==it ==us ==name назв нас
outcomeoverwrite: teammates teammate colleagues colleague devs developers колег колеги
    розробник девелопер |
    overwrite overwrites overwriting overwrote clobber clobbering перетира перезапис
    затира |
    work changes code commits branch branches repo зміни код коміт гілк репо
outcomeprovision: hire hires newcomer newcomers employee employees staff joiner joiners
    працівник співробітник новеньк новачк |
    mailbox mailboxes email mail chat teams slack license licenses пошт скриньк ліценз
    чат |
    create creating need needs provision give створ завест заводит потрібн треба видат
outcomepriority: one only одну одна єдин |
    thing things feature features фіч штук |
    decide choose pick first which вибрат обрат першим вирішит яку котру
"""
# --- end round 61 ---

# --- round 63 (situations told by a measure or a moment: one place, one run in five) ---
#: Several services' logs, errors or a request's path wanted "in one place" (centralised
#: logging and tracing); several tools' numbers wanted in one place (a data pipeline); tests
#: that fail now and then, one run in five (flaky tests: test automation); a page, query or
#: search told slow in seconds (performance); an app checked before launch for being hacked
#: (a security audit); partners or a mobile app pulling a catalogue or prices (an API);
#: production failing since the night with customers calling (an on-call page: an incident,
#: round 58's frame, by another line). Each needs its measure or moment, so "logs" alone or
#: "slow" alone fire nothing.
_ROUND63_LINES = """
outcomelogsplace: logs log logging traces trace tracing errors exceptions metrics path
    логи логів логах трейс трейси помилки помилок метрик шлях |
    one single одному одне одну |
    place spot screen dashboard місці місце екрані дашборд
outcomedataplace: numbers figures data sales revenue ads crm reports spreadsheets sources
    цифри дані даних продажі продажів виручк реклам срм звіти таблиц джерел |
    one single одному одне одну |
    place місці місце
outcomeflaky: test tests spec specs e2e suite тест тести тесту спек автотест |
    fail fails failing flake flakes flaky flaking red break breaks timeout падає падають
    пада флейк червон таймаут відвалю |
    sometimes randomly random occasionally intermittently intermittent runs ==1 ==5 раз
    іноді інколи рандомно випадково прогон ранів ранах
outcomeslowsecs: page pages query queries search report endpoint catalog screen dashboard
    сторінк запит пошук звіт каталог ендпоінт екран |
    load loads loading takes take wait waits responds opens open think thinks generates
    renders вантаж грузит відкрива думає відповіда займа чека формуєт генеру рендер |
    seconds secs sec секунд сек
outcomeprelaunch: check audit review test scan перевір проскан пройдіт аудит |
    launch launching release releasing live prod production запуск реліз релізом прод |
    hack hacked hackers injection injections xss csrf vulnerability vulnerabilities
    security secure auth зламают зламат злам інєкц вразлив безпек
outcomepullapi: partners partner mobile apps app systems integrators clients партнер
    мобільн мобіл застосунк системи |
    pull pulls fetch fetches grab sync load тягну тягнут забира отриму підтягу |
    catalog catalogue products product list prices price stock inventory каталог товар
    цін ціни список залишк
outcomepaged: prod production прод проді продакшн продакшені |
    since started ago tonight overnight ночі зранку ранку годину почалось |
    calling phoning half дзвонять телефонують половина половину
"""
# --- end round 63 ---

# --- round 67 (a technology told by its symptom; the act that picks among near roles) ---
#: Messages or events a broker or a device sends that get lost on the way (a message
#: broker's delivery guarantees); spreadsheets merged or grouped by a script (pandas);
#: error rate and latency wanted on one screen (a metrics dashboard); a prompt to rewrite
#: or improve (prompt engineering, not the LLM app around it); code, logins or uploads
#: checked for injections, hashing or malicious files (a security audit); an alert being
#: handled now by its numbers (an on-call page: round 58's frame, by another line); a
#: GraphQL resolver that queries the database once per item (N+1 in GraphQL); a site or
#: catalogue slow on a phone, told in seconds (round 46's frame, by more words).
_ROUND67_LINES = """
outcomemsgloss: message messages event events повідомлен подій події івент |
    lose loses losing lost vanish vanishes vanished disappear disappears disappeared
    dropped missing губит губл губи втрача втрат зника зник пропада пропал |
    send sends sent publish publishes published consume consumer consumers queue queues
    broker brokers topic producer sensor sensors device devices rabbit rabbitmq kafka mqtt
    nats sqs handoff шлют шле надсил відправля черг брокер консюмер продюсер топік
    датчик сенсор пристро девайс
outcomesheetgroup: spreadsheet spreadsheets excel xlsx csv csvs sheet sheets exports export
    ексел ексельк табличк таблиц цсв експорт вивантаж |
    merge merges merging group grouped grouping groupby total totals sum sums aggregate
    pivot combine згруп групув обєдн злит зведен підсум сума суми агрегув агрегац порахув |
    script scripts python pandas notebook jupyter code скрипт пітон пайтон пандас код
    ноутбук
outcomeoneboard: one single одному одне один одна |
    screen dashboard board panel view екран дашборд панел |
    latency response p95 p99 rps throughput uptime rate латентн відгук відповід
outcomeprompt: prompt prompts промпт |
    rewrite rewrites improve fix tune tweak better refine ignores ignore shot examples
    перепиш переписа покращ виправ переробит допрацю ігнору
outcomesecheck: check checks audit review verify scan assess evaluate перевір пройдіт
    пройдис глянь оцін проаналіз аудит |
    injection injections sqli xss svg malicious md5 sha1 hashing hashed hash hashes
    інєкц інжекц шкідлив хеш хешу захешов
outcomepaged: alert alerts alarm paged pager oncall алерт тривог пейдж |
    started since ago now zero pls please asap почал зараз терміново |
    error errors latency p99 p95 5xx rate помил латентн
outcomegqlnplusone: graphql apollo resolver resolvers графкуел графкл аполо резолвер |
    each every per separate separately кожн окрем |
    query queries database db request requests запит базу бази бд
outcomemobileslow: slow slowly forever ages seconds sec opens open loads loading повільн
    вічн довго гальм секунд відкрива вантаж грузит завантаж |
    phone phones mobile android iphone smartphone телефон мобільн смартфон айфон андроїд |
    site website page pages store shop catalog catalogue сайт сторінк магазин каталог
"""
# --- end round 67 ---
# --- round 66 (VoltAgent: a founder's, a PM's and an operator's words for a field) ---
#: Kinds the VoltAgent roster's spent misses tell a field by: Claude (or an IDE's assistant)
#: given a tool or a server of our own (MCP, not an LLM's architecture); live features whose
#: connections drop or lag as users pile in (websockets, not analytics); a commit pushed to
#: the wrong branch to be undone (git workflow, not a colleague's everyday life); what a
#: launch assumes that could sink it (assumption mapping); an idea to be judged honestly
#: before it is launched (idea validation); people who signed up in a month still using the
#: product after (cohort retention); a big client gone quiet before the contract ends
#: (customer success); one broker, replica or zone of several dying, tested on purpose
#: (chaos, round 61's frame by another line); a landing page's or homepage's text to be
#: written so people sign up (copywriting, round 47's frame by another line); agents run in
#: parallel that overwrite or wait for each other (orchestration, round 61's frame by another
#: line); a payment provider's webhook, retried or signed (payment integration, not a
#: generic API's); who holds rights or admin access they should not (an access review:
#: security, not the directory's administration).
_ROUND66_LINES = f"""
outcomemcp: claude клод клода клоду cursor курсор mcp мсп |
    tool tools =server =servers plugin plugins connect connected connector тул тули тулу
    тулз сервер плагін підключ конектор |
    our own internal custom tracker wiki jira notion наш нашу нашої нашого власн
    внутрішн трекер вікі джир ноушн
outcomesockets: live realtime socket sockets websocket websockets cursor cursors presence
    chat collaborative multiplayer наживо реалтайм сокет сокети вебсокет курсор чат |
    drop drops dropping dropped disconnect disconnects reconnect reconnects reconnecting
    lag lags laggy stall відвалю розрива рвут перепідключ лага лагає затримк |
    users connections people clients concurrent balancer юзер користувач зєднан
    підключен людей балансувальн
outcomegitundo: commit committed commits push pushed pushing merge merged закоміт коміт
    запуш пушну змерж |
    main master wrong branch instead мейн мастер гілк замість |
    undo revert rollback back remove відкот откат скасув прибр повернут
outcomeassume: assume assuming assumption assumptions припуска припущен гіпотез |
    sink kill fail wrong break risk risky провал вбит похова ризик помиля |
    launch launching product feature plan quarter addon startup idea запуск продукт фіч
    план ідея ідею стартап
outcomevalidate: idea ideas ідея ідею ідеї |
    honest honestly brutal brutally harsh roast critique viable worth sense чесно
    критичн розкат рознес сенс варто |
    launch start startup business subscription market customers запуст стартап бізнес
    підписк ринок клієнт
outcomechurn: {_ACCOUNTS} зареєстр реєстру registered |
    still active using return returned returning користуют користувал залишил повернул
    досі активн |
    january february march april june july august september october november december
    cohort month months week weeks січн лют берез квіт травн червн липн серпн верес жовтн
    листопад грудн когорт місяц тижд
outcomeaccounthealth: big key largest enterprise biggest top велик ключов найбільш |
    client clients customer customers account accounts клієнт акаунт |
    contract renewal renew контракт продовж утримат
outcomeonedown: one single if якщо один одна одного |
    broker brokers replica replicas node nodes zone zones region az брокер реплік нод зон
    регіон |
    falls dies crashes goes fails down падає впаде ляже вмира відвал |
    test check verify experiment plan перевір експеримент спланув тест
outcomeagentteam: =agents =subagents агенти агентів агентам |
    parallel parallelly simultaneously concurrently once паралельн одночасн водночас |
    overwrite overwrites overwriting clobber conflict conflicts wait waits waiting handoff
    hand перезапис затира конфлікт чекає чекают чекат передают переда
outcomepayhook: stripe paypal braintree adyen liqpay wayforpay fondy monobank страйп
    пейпал лікпе монобанк |
    webhook webhooks event events signature signatures retry retries twice double вебхук
    подія події підпис ретра повтор двічі дубл
outcomeaccessreview: who which whom accounts users хто кого які акаунт користувач |
    rights permissions privileges privilege admin admins access права прав привіле адмін
    доступ |
    shouldnt =excess excessive unnecessary unused stale leftover longer зайв лишн
    надмірн непотріб забут
outcomelanding: text copy headline wording текст заголов |
    landing homepage hero лендинг лендінг головн |
    write rewrite draft punchier напиш перепиш пишу переписа
"""
# --- end round 66 ---
# --- round 65: the bundled roster's fields told as a situation ---
_ROUND65_LINES = f"""
outcomecallback: provider providers gateway stripe paypal liqpay fondy wayforpay monobank
    psp acquirer провайдер платіжк шлюз еквайр монобанк |
    sends send posts post calls hits pings notifies callback шле шлют надсила відправля
    стука дерга викликає |
    money paid payment payments arrives arrived succeeded transaction refund refunded гроші
    оплат платіж платеж транзакц прийшл надійш поверн
outcomeoffload: background фон фоні фоном |
    report reports export exports pdf generation generate generating sending push pushes
    звіт експорт генерац генеру вивантаж розсил пуш надсилан |
    minute minutes seconds long slow wait waits waiting timeout timeouts хвилин секунд
    довго чека таймаут
outcometenantheader: header headers subdomain subdomains хедер хедера заголов піддомен |
    tenant tenants organization organisation workspace locale language account version
    company companies тенант організац воркспейс мов акаунт версі компан
outcomebadge: badge badges pill pills chip chips label labels плаш бейдж чіп мітк лейбл
    dot dots indicator indicators крапк точк кружеч індикатор |
    green red grey gray yellow orange colored coloured colour color зелен червон сірий
    сірим сірою жовт помаранч кольор
outcomechatscroll: scroll scrolls scrolling скрол прокрут прокруч крут |
    bottom top down up низ верх вниз вгору донизу догори нагорі |
    message messages chat feed list comments повідомлен чат стрічк список коментар
outcomedupes: duplicate duplicates duplicated dupes dupe дубл |
    prevent allow block database db index унікальн обмежен пропуска
    дозволя база базу бд
    forbid disallow permit бази базі допуска допуст заборон
outcomebadmigration: migration migrations міграц |
    bad broke broken undo revert rollback wrong зламал погана крив відкот відкат
    відкоти скасув
outcomesafemigrate: column columns field колонк поле таблиц table |
    huge giant million millions billions величезн гігантськ мільйон мільярд |
    lock locks locking downtime prod production блокув прод клас ляж ляг простою
outcomeproxyerror: nginx apache caddy traefik ingress proxy cloudflare haproxy проксі
    нджінкс нжінкс енджінкс |
    ==413 ==429 ==502 ==503 ==504 ==520 ==521 ==522 ==524 says returns gives throws error
    errors віддає пише повертає каже кидає помилк
outcomepreview: link links url urls environment copy version посилан лінк урл середовищ
    копі версі |
    separate own private test preview окрем свою тестов превю |
    before release customers users real live see перед клієнт користувач реліз бачат
outcomeleakedkey: commit commits committed pushed ended landed коміт закоміт запуш
    потрапи |
    key keys token tokens secret secrets password passwords credential credentials ключ
    токен секрет пароль |
    repo repository git github gitlab ci history public репо гіт гітхаб історі публічн
outcomelongdoc: document documents contract contracts pdf book books transcript pages
    договір документ книг сторінок пдф транскрипт |
    fit fits fitting влаз вміщ поміщ |
    model context claude gpt llm ai token tokens window модел контекст клод гпт токен ллм
outcomesorttext: tag tagged tagging label labeled labelled categorize classify route sort
    triage score scored scoring тегу розміч класифік сортув розсорт оціню |
    incoming new every each inbound вхідн нов кожн |
    ticket tickets email emails report reports message messages request requests issue
    issues review reviews lead leads лист звернен тікет заявк відгук
outcomemeaning: search пошук шука |
    understand understands understood understanding розумі зрозум
outcomebigupload: {_CUSTOMERS} |
    upload uploads uploading attach attaching завантаж прикріп |
    photo photos image images picture pictures file files фото файл зображен картин
outcomeratecap: hammer hammering spam spamming flood flooding bombard спам долб закида |
    times tries attempts requests hundred hundreds thousands раз спроб запит сотн тисяч |
    second minute hour секунд хвилин годин
outcomeorphans: point points pointing refer refers referencing belong belongs посилаєт
    посилають ведуть належ привязан |
    exist exists existing deleted gone missing orphan orphaned існу видален нема зник
outcomeunnoticed: dies died crash crashes crashed падає впало лягає |
    knew know knows noticed notice aware знав знає знали дізнає поміт
outcomerelease: version versions build builds версі збірк |
    broke broken breaks зламал поламал |
    back previous yesterday revert rollback назад попередн вчорашн відкот відкат
outcomeextract: scan scans scanned pdf pdfs receipt receipts invoice invoices скан чек пдф |
    pull pulls parse parsing grab витягу вичиту
outcomesummary: summary summaries summarize summarise recap tldr підсумк самарі стисл |
    call calls meeting meetings transcript transcripts conversation conversations ticket
    tickets review reviews article articles document documents дзвінк розмов зустріч
    транскрипт стенограм статт документ відгук |
    each every all automatically кожн всіх автоматичн
outcomegoonline: app apps site website project bot застосунок сайт проєкт проект бот апк
    додаток |
    online internet public world everyone інтернет онлайн публічн світ всім |
    put putting publish host hosting deploy available reachable accessible live run runs
    running викласт виклад розмісти опублік хост задепло доступн запуст працю
outcomecallback: provider providers gateway stripe paypal liqpay monobank courier carrier
    shipping delivery partner partners bank провайдер платіжк курєр доставк перевізник
    партнер монобанк банк |
    send sends ping pings post posts hit hits calls notify notifies шле шлют надсила
    стука дерга дзвон |
    us our server url endpoint нам наш сервер урл ендпоінт
outcomeoffload: generate generated generating send sent sending build built render
    генеру відправ надсил сформув |
    pdf pdfs email emails report reports invoice invoices notification notifications лист
    звіт пдф рахун сповіщ |
    without wait waiting waits block blocking чека блокув
outcomedupes: same identical однаков |
    number numbers id ids code codes slug email emails номер код артикул імейл |
    never must forbid prevent allow database db заборон рівні базі бази
outcomediskfull: disk disks storage space volume диск місце сховищ |
    full filling fills filled runs ran out закінч заповн забив забит
outcomemeaning: own different other various their власн своїми інші різн |
    words wording phrasing terms слова словами формулюв |
    search find match matching answer article faq пошук знайт шука відповід статт
outcomemeaning: describe describing description describes опис описом описуют |
    find search look шука пошук знайт
outcomemoderate: check checks moderate moderation flag filter detect screen перевір
    модер фільтр виявл |
    forbidden banned prohibited inappropriate toxic offensive nsfw hate abusive заборон
    образлив токсичн неприйнятн непристойн |
    text texts comment comments post posts message messages listing listings ad ads review
    reviews content текст коментар пост повідомлен оголошен відгук контент
outcomespacing: spacing padding margin margins gap gaps alignment aligned misaligned wrap
    wraps wrapping overflow overflows відступ вирівн перенос налаз |
    card cards title titles heading headings button buttons icon icons label labels menu
    картк заголов кнопк іконк підпис меню
outcomefrontonly: frontend front фронт фронтенд фронті |
    only just тільки лише
outcomebackready: backend api endpoint endpoints бек беку беці бекенд апі ендпоінт |
    already ready exists вже готов |
    page screen form button settings сторінк екран форм кнопк налаштув
outcomeschemaready: column columns table field migration migrated колонк таблиц поле міграц |
    already вже |
    api endpoint endpoints expose апі ендпоінт
"""
# --- end round 65 ---

# --- round 74: the bundled roster's five fields in everyday words ---
_ROUND74_LINES = """
outcomeflexattrs: attribute attributes property properties specs spec characteristics
    parameters характеристик параметр властивост атрибут специфікац |
    own different varying differ custom arbitrary their свої свою власн різн довільн
    відрізня |
    store storing keep keeping save saving put where зберіг збереж трима клас записув
    покласт де куди
outcomepullapi: partners partner mobile apps app systems integrators partner's courier
    партнер мобільн мобіл застосунк додат системи курєр |
    pull pulls fetch fetches grab sync load get access available expose тягну тягнут
    забира отриму підтягу доступ |
    order orders history purchases customers customer замовлен історі покуп клієнт
outcomepreview: separate separately apart aside isolated окрем відокрем |
    prod production live real working main прод бойов робоч основн живо |
    show see look review check demo показ подивит глян побач перевір
outcomepreview: before до перед |
    launch launching release releasing publish запуск реліз викат публікац |
    put host place where upload викласт розмісти залит куди десь
outcomenotsecure: browser browsers chrome safari firefox edge warning warns padlock
    браузер хром сафарі фаєрфокс попередж замоч замок |
    secure safe insecure unsafe protected захищ защищ безпеч небезпеч незахищ |
    site sites shop store address domain connection page сайт магаз адрес домен
    зєднан зʼєднан підключ сторінк
outcomesafemigrate: add adding додат додав |
    column columns field fields колонк поле |
    down offline stopping stop working падав пада лежав лежат ляже вимкн зупин простою
outcomerace: moment simultaneously concurrently одночасн водночас |
    both обидв обом |
    allowed allow accepted booked confirmed went дозвол пропуст прийня записа підтверд
    пройшл
outcomeragbot: bot chatbot assistant ai бот чатбот асистент помічник |
    answer answers answering reply replies respond відповід |
    manual manuals pdf pdfs handbook handbooks policies catalog instructions contracts
    мануал пдф інструкц регламент договор каталог довідник
outcomebigupload: upload uploads uploading завантаж залив аплоад |
    spins spinning forever hangs hanging timeout timeouts крутит висит вис таймаут думає
"""
# --- end round 74 ---

# --- round 78: a prompt made; N+1 told by its count; a build waited on; a cohort's return ---
#: A prompt to write from nothing ("write a prompt that sorts tickets into 6 categories",
#: "склади промпт для ...") or one whose answers vary from run to run ("the prompt gives
#: different answers every time", "промпт щоразу відповідає по-різному"): the prompt is
#: what is made, the prompt engineer's, whatever model or bot it drives. A GraphQL query
#: that makes hundreds or a thousand database calls (N+1 told by its count, not "per item").
#: Developers waiting minutes on a build (чекали 10 хв на білд: the build's time, by the
#: Ukrainian verb of waiting); signups of one month that come back (повертаються: a cohort,
#: by the present tense round 66's line lacks).
_ROUND78_LINES = f"""
outcomeprompt: prompt prompts промпт |
    write writing draft compose craft design напиш написа склад скласт створ
outcomeprompt: prompt prompts промпт |
    different inconsistent consistent consistently random randomly varies vary
    same stable deterministic різн по-різному стабільн однаков рандом щоразу
outcomegqlnplusone: graphql apollo resolver resolvers графкуел графкл аполо резолвер |
    thousand thousands hundred hundreds ==100 ==1000 тисяч сотн |
    query queries database db call calls request requests запит базу бази бд
outcomecibuild: build builds білд збірк збірку |
    wait waits waiting чека чекал чекаю |
    minutes min mins hour hours хвилин хв годин
outcomechurn: {_ACCOUNTS} зареєстр реєстру registered |
    поверта вертаю вертают |
    січн лют берез квіт травн червн липн серпн верес жовтн листопад грудн когорт
outcomepaged: alert alerts alarm paged pager алерт тривог пейдж |
    first min mins minutes спершу спочатку перш хвилин хв |
    error errors latency p99 p95 5xx rate помил латентн
"""
# --- end round 78 ---

# --- round 75: everyday Ukrainian the older frames miss (inflections, verbs of outcome) ---
_ROUND75_LINES = f"""
outcomecustomermail: {_CUSTOMERS} |
    email emails mail letter letters лист листа листи листів імейл мейл |
    arrive arrives arriving receive receives receiving приход доход отриму
outcomerelease: version versions build builds версі збірк |
    broke broken breaks ruined зламал поламал зіпсува |
    undo поверн верніт вернут відкот
outcomenplusone: =one одному одним одній |
    each every per кожн кожен |
    query =queries select selects запит селект
outcomebackup: daily weekly nightly every each night week day щодня щотижн щоночі кожн кожен
    тиждень тижня ніч день |
    copy copies copied backup backups dump dumps копі копію копіюв бекап дамп |
    database db data баз бд дані
"""
# --- end round 75 ---

# --- round 82: real requests answered "none": a market question about a product idea, two
# versions compared by their conversions, work mailboxes for new staff (existing frames'
# joined words, so their fields and their weight against everyday words stay theirs) ---
_ROUND82_LINES = """
outcomevalidate: ==market ==markets demand ринок ринку ринком попит попиту |
    there real enough big size sizable even actually any чи існує справжн достатн великий
    взагалі буде |
    subscription service app startup business idea product platform box niche launch
    delivery rental resale shop store cafe brand franchise
    сервіс підписк застосун додаток стартап бізнес ідея ідею продукт платформ ніш запуск
    доставк прокат оренд магазин кафе бренд франшиз
outcomevalidate: people anyone folks owners buyers люди людям хтось власник покупц |
    buy купу купля |
    before invest investing build building launch перед вклад інвест будуват кодит
    запуск
outcomevalidate: people anyone folks owners buyers люди людям хтось власник покупц |
    would actually even really willing справді взагалі готов |
    want pay buy subscribe хочуть захочуть заплат купу платит підпису
outcomeexperiment: convert converted converting conversion conversions ctr clicks signups
    visits visitors конверс конверт кліки відвідув |
    version versions variant variants option options версі варіант |
    better worse won win winner best higher lower which краща кращ гірш виграл переміг
    вищ нижч яка який
outcomeprovision: new joining joined starting onboard onboarding нов прийшл вийшл
    приход |
    people person employee employees staff colleague colleagues accountant accountants
    intern interns teammate worker workers hire hires людей люди колег бухгалтер стажер
    співробітник працівник |
    mailbox mailboxes inbox inboxes outlook exchange скриньк
outcomechurn: people users customers subscribers люди людей клієнт користувач юзер
    підписник |
    came joined signed arrived прийшл зареєстр приєдн підписал |
    stay stayed stick longer retained залиша лишаю лишил довше |
    january february march april may june july august september october november
    december winter spring summer autumn fall month months січн лют березн квітн травн
    червн липн серпн вересн жовтн листопад грудн зим весн літ осен місяц
"""
# --- end round 82 ---

# --- round 76: the bundled roster's near fields (where a secret lives, a flood of queries,
# a charge taken twice, a choice a page keeps, copies started under load, a blocking call
# to another service, a view for analysts), in both languages ---
_GIGABYTES = "гб тб мб гіг гігабайт терабайт мегабайт"  # noqa: RUF001 - Ukrainian units, as typed
_ROUND76_LINES = f"""
outcomesecretplace: where keep store storing hold put де куди тримат тримаєм зберіга
    зберег храни |
    key keys token tokens secret secrets password passwords credential credentials ключ
    ключі токен секрет пароль паролі |
    env dotenv repo repository git github gitlab code config settings file files репо
    репозитор гіт гітхаб код конфіг файл
outcomequeryflood: hundreds dozens thousands hundred сотн сотню десятк тисяч |
    identical same similar repeated однаков схож повторюв |
    =queries selects select sql запит селект
outcomequeryflood: separate individual extra own окрем зайв додатков свій власн |
    each every per кожн кожен |
    =queries select selects sql запит селект
outcomechargedtwice: =charged =debited =withdrawn списал списує списуєть списув списан
    знімає зняло зняли знял |
    twice =double два двічі дважди повторно подвійн
outcomekeepchoice: filter filters sort sorting tab choice choices selection picked chose
    фільтр сортув вкладк вибір вибран обран |
    remember remembers remembered keep keeps persist persists saved restore запам зберіга
    лишал залиша збереж |
    reload reloads refresh back tomorrow return returns revisit later перезавант
    перезагруз оновл поверн завтра наступн потім
outcomescaleout: copies copy instances instance replicas replica servers containers pods
    копі екземпляр реплік інстанс сервер контейнер под |
    more extra additional another automatically ще більше додатков автоматично сам
    самі |
    load traffic people users visitors peak busy rush навантаж трафік людей пік юзер
    відвідувач наплив
outcomeblockingcall: sync synchronous synchronously blocking blocks blocked синхрон
    блоку блокує |
    call calls calling request requests http service api виклик запит сервіс апі |
    external another other thirdparty remote partner зовнішн сторонн інш партнер
outcomeanalystview: analyst analysts analytics аналітик |
    query sql запит |
    view views table tables report reports вью таблиц звіт
outcomededupe: duplicate duplicates duplicated дублікат дублі дублюют повтори |
    remove delete merge clean cleanup find видал почист знайт прибрат злит |
    customers clients records rows contacts users accounts database table клієнт запис
    рядк контакт юзер користувач акаунт баз таблиц
outcomeslowreport: report reports query queries звіт запит вибірк |
    computes computed calculates calculated builds counts рахуєт рахує рахуют формуєт
    генеруєт будуєт збираєт |
    minute minutes hour hours forever хвилин годин вічн довго
outcomeretain: delete deleted deleting remove removed видал |
    vanish vanishes vanished disappear disappears disappeared gone зник пропад пропал |
    order orders invoice invoices history record records payments замовлен рахунк
    історі запис платеж
outcomedocfields: extract pull parse grab витяг вийм дістат розпізн вичит |
    amount amounts sum sums date dates total totals field fields сум дат поля реквізит |
    contract contracts agreement agreements invoice invoices document documents pdf pdfs
    договор контракт угод рахунк документ пдф
outcomebigupload: file files video videos archive archives файл відео архів |
    gb mb gigabytes megabytes {_GIGABYTES} |
    accept accepts accepting upload uploads uploading приймав прийма завантаж
    залива заливат
outcomeperiodicfetch: hourly nightly daily every each щогодин щодня щоночі кожн кожен |
    fetch fetched pull pulled import imported sync synced refresh подтяг підтяг тягн
    забира імпорт синхрон оновлюв |
    rates prices currency feed bank supplier partner курс ціни валют банк постачальн
    партнер
outcomepartition: table tables таблиц табличк |
    gb tb gigabytes terabytes {_GIGABYTES} |
    grew grown bloated huge swollen grows already slow роздул вирос розрос величезн займає
    росте вже повільн тупі тупит гальм
outcomecigate: code commit commits changes change код коміт зміни |
    tested checked tests test тестув перевіря тести |
    before automatically перед автоматично сам
outcomeprodaccess: developers developer devs programmers розробник девелопер програміст |
    prod production server servers прод продакшн сервер |
    manually hands ssh access directly руками ручками доступ напряму лізл заход
outcomeloadingshown: loading load loads fetch waiting завантаж вантаж чека |
    see seen visible show shows indicator spinner видно показув індикатор спінер крутилк |
    happening progress going відбуваєт прогрес триває
outcomeautotranslate: translate translated translating translation перекла |
    descriptions description texts articles products catalog описи опис текст статт
    товар каталог |
    automatically auto ai automatic автоматично автомат
outcomedocdownload: customers clients users buyers клієнт користувач покупц юзер |
    download downloads get export скач завантаж вивантаж отрима |
    invoice invoices receipt receipts statement statements pdf рахунк чек квитанц виписк
    пдф
"""
# --- end round 76 ---

# --- round 83: one bundled agent taken for another. Whose code changes decides: trouble
# told by what a page shows (an order that never gets made while checkout spins, an
# invoice's old or wrong sum) is the API's logic, not the page's; the app's own start
# (an import that fails, its settings class) and what an endpoint returns (/health with
# the build and the database's state) are the API's code, not the pipeline's; a
# certificate run out and alerts on the servers sent to a chat are the pipeline's; a
# count per month or per city someone asks of the data is a query, the schema's side ---
_ROUND83_LINES = """
outcomeordermade: checkout order orders payment pay paying оформлен замовлен оплат
    оплач кошик |
    spinning spins spin forever hangs hanging stuck freezes timeout timeouts крутит
    крутилц вис завис вічн таймаут думає |
    created create creates placed goes through never server backend logs створю
    створює проход пройшл сервер бек логах
outcomestalesum: invoice invoices receipt receipts bill statement total totals balance
    amount price prices sum інвойс рахунк рахунку квитанц чек сум сума ціна ціну ціни
    баланс |
    old outdated stale previous wrong incorrect correctly properly стар застар попередн
    неправильн невірн правильно коректно криво |
    changed updated edited although even still already після змінил оновил поміня хоча
    досі вже
outcomestalesum: total totals sum subtotal discount tax vat amount сум знижк податк пдв |
    wrong incorrect miscalculated correctly properly неправильн невірн правильно
    коректно сход криво |
    invoice invoices receipt receipts order orders cart bill інвойс рахунк замовлен
    кошик чек квитанц
outcomeappstart: start starts started startup boot boots launch launches run runs
    crash crashes crashed dies старт стартує запуск запуска падає впала лягає |
    =importerror =modulenotfounderror =pydanticusererror circular =basesettings =settings імпорт
    імпорту циклічн
outcomehealthbody: health healthcheck status readiness liveness ping здоров статус |
    return returns report reports show shows include includes give gives віддава
    поверта показу поверн віддав |
    version build commit database db redis reachable connectivity alive up версі білд
    коміт баз бд редіс жива живий доступн
outcomecertexpired: certificate certificates cert certs ssl tls сертифікат серт |
    expired expires expiring expire renew renewal renewed outdated протух закінч
    прострочен сплив спливає продовж оновлюв
outcomechatalert: alert alerts notification notifications message ping алерт алерти
    сповіщ повідомлен |
    slack telegram teams discord chat channel слак телеграм телеграмі чат канал |
    server servers cpu memory disk down 500s errors deploy deploys outage production prod
    сервер памʼят памят диск лежить впав деплой помилк процесор продакшн продакшен
outcomeanalystcount: analyst analysts marketing finance accounting accountant
    bookkeeping management ceo boss director аналітик маркетинг маркетолог бухгалтер
    фінанс керівництв керівник директор начальник |
    many count number average top revenue breakdown sum скільки кількість середн топ
    виручк виторг сум |
    per by each monthly weekly daily month week region city category quarter year
    щомісяц щотижн щодня місяц тиждень тижн міст регіон категор квартал рік році
outcomeanalystcount: pull extract get query sql витягн витягни дістан вивантаж
    порахуй запит вибірк |
    db database postgres data table tables баз бд базі даних таблиц |
    many count number average top revenue скільки кількість середн топ виручк
    виторг
outcomeanalystcount: =query =queries sql select запит вибірк селект |
    average sum revenue top середн виручк виторг сума суму топ |
    monthly weekly daily quarterly month week day days region city category щомісяц
    щотижн щодня місяц тижн днях дням міст регіон категор
outcomebigdownload: stream streaming streamed стрім стрімит стрим |
    download downloads export exports file files report csv скач вивантаж експорт файл
    звіт
outcomepartialupdate: patch partial update updates оновл частков |
    empty missing omitted absent пуст порожн відсутн |
    wipes wiped overwrites overwritten erases clears nulls null обнул затира затер стира
    перезатир
outcomeapiversions: =v1 =v2 =v3 version versions versioned версі |
    old older existing mobile clients apps стар старі існуюч мобільн клієнт застосунк |
    break breaking broke compatible compatibility working зламал злама сумісн працюв
outcomeretain: cancel cancels cancelled canceled unsubscribe скасов відпис |
    vanish vanishes vanished disappear disappears disappeared gone зник пропад пропал |
    invoice invoices history orders payments рахунк історі замовлен платеж
outcomepartition: old older historical стар старі історичн |
    separate separately apart окремо окрем |
    month months monthly year years місяц рік роках
outcomesafemigrate: migration migrations міграц |
    rename renames renaming drop drops dropping перейменов видаля дропа |
    pods pod rollout deploy running old instances поди подів викат деплой стар
outcomebruteforce: password passwords login logins пароль паролі паролів логін |
    tries attempts guesses guessing guess перебир перебор перебира спроб підбира
outcomespacing: card cards tile tiles block blocks button buttons картк плитк блок кнопк |
    їдуть їде зїжджа зʼїжджа поїхал розʼїжджа розїжджа налазят вилазят вбік
"""
# --- end round 83 ---

# --- round 84: VoltAgent's near agents told apart by what each produces (new copy for a
# home page, not a review of copy; docs left behind by the code; one error across many
# services; an honest verdict on an idea before building it) ---
_ROUND84_LINES = """
outcomelanding: text texts copy wording headline текст заголов |
    home |
    page pages |
    write rewrite draft compose напиш напис пиш перепис склад
outcomedocdrift: docs documentation readme wiki guide manual документац доки readme вікі
    інструкц мануал |
    old outdated stale obsolete wrong still describes mention mentions стар застар
    неактуальн досі описує описан згаду |
    code flags flag options api cli changed renamed removed код флаг прапорц опці змін
    перейменов видал
outcomesameerror: error errors exception exceptions failure failures reset timeout
    timeouts помилк ексепшн виняток таймаут |
    services microservices сервіс мікросервіс |
    same simultaneously together once одночасн однаков разом
outcomevalidate: honestly honest brutal brutally frank чесно відверто |
    app service business startup product сервіс застосун додаток бізнес стартап продукт |
    dumb stupid worth work fly succeed viable sense дурн тупа варто взлет злет вигор
    спрацю сенс
outcomevalidate: idea ідея ідею ідеї |
    tear apart roast holes pressure rip рознес розкрит критикуй |
    build building quit launch app startup будуват запуск стартап застосун
outcomeassume: bet betting bets ставим ставка ставку ставки |
    wrong risk risky fail fails break помил ризик найризик провал |
    build building launch feature product mode users customers будуєм запуск фіч продукт
    юзер користувач клієнт
outcomeassume: assume assuming assumption assumptions припуска припущен |
    risk risky riskiest найризик ризик |
    users customers feature onboarding product юзер користувач клієнт фіч онбординг
    продукт
outcomechaos: deliberately purpose intentionally simulate simulated inject injecting
    навмисно спеціально штучно симул імітува |
    kill killing fail failure failures outage down crash вбива повбива убива падін
    відмов ляга поклас |
    survive survives withstand resilient resilience recover recovers переживе пережив
    витрима встоїть відновит
outcomechaos: survive survives withstand переживе пережив витрима встоїть |
    failure loss outage zone region node pods падін втрат відмов зони зона регіон
    нод поди подів |
    test check verify without rehearse перевір тест без
outcomebacklog: backlog tickets issues stories беклог бекалог бэклог тікет тікетів
    задач сторі |
    duplicate duplicates stale dead obsolete outdated old дубл мертв застар стар
    неактуальн |
    clean cleanup groom triage prune sort розгрес почист розібр розбер впорядк
    сортув
"""
# --- end round 84 ---

#: Round 85: bundled agents told apart by whose code changes. The API's: a response
#: that waits on a mail or push it sends (the job moves out of the request) or on a
#: synchronous call, a router file grown too long to split into modules. The pipeline's:
#: a server that starts to slow before customers notice, a site down told in a chat. The
#: schema's: selects counted in a log per request are N+1 (see :data:`_YIELDS`). The
#: page's: filters reset on going back, a bundle loaded lazily, a promo page's timer. The
#: model's: product copy generated automatically (a description written by hand is none).
_ROUND85_LINES = """
outcomeoffload: email emails mail letter letters push pushes notification notifications
    pdf лист листа листи пошт пуш пуші сповіщ |
    response responses request requests respond answer api респонс відповід запит апі |
    wait waits waiting waited hold holds holding blocks stuck slows чека чекає очіку тримає
    трима блоку гальму
outcomesplitmodule: split splitting break refactor restructure separate розбий розбити
    розбит розділи розділит рознес розкид рефактор |
    router routers routes endpoints module modules file files main.py роутер роутери
    ендпоінт модул файл файли |
    lines long giant huge big bloated monolith mess рядк рядків величезн гігантськ
    здоров купі каша
outcomeunnoticed: slow slows slowing sluggish lag lags degrade degrades тупит тупить
    гальму повільн лага лагає тормоз |
    before until earlier first раніше перш поки того |
    customers users clients complain notice write support клієнт користувач юзер
    скаржат напишуть писат пишут поміт підтримк
outcomechatalert: message messages notification notifications alert ping повідомлен
    сповіщ алерт приход прилітал |
    slack telegram discord chat слак телеграм чат |
    site website server down crash crashes falls пада сайт сервер лежить впав
outcomechatalert: errors exceptions 500s 5xx помилк помилок ексепшн |
    slack telegram discord chat слак телеграм чат |
    many spike spikes rate hour minute threshold багато сплеск годину хвилину поріг
outcomeautocopy: automatically automatic auto generate generated generates автоматичн
    автоматом згенер генеру |
    write writes writing description descriptions texts copy напиш пиши писат опис описи
    тексти |
    product products item items listing listings catalog товар товарів товари каталог
outcomenplusone: selects =queries селект селекти селектів |
    log logs logged логах лог логи логі |
    one single per each одного одному одним один кожн кожен
outcomekeepchoice: filter filters sort sorting tab tabs search фільтр фільтри сортуван
    вкладк пошук |
    reset resets cleared lost lose forgets disappear скида скидаєт злітают злітає губит
    губля зника обнуля |
    back return returns navigate leave назад поверта поверн виход
outcomelazybundle: bundle bundles javascript chunk chunks js бандл бандлі скрипт |
    lazy lazily split splitting defer dynamic лінив лейзі розбит динамічн |
    load loading paint render import завантаж рендер імпорт
outcomeblockingcall: sync synchronous synchronously синхрон |
    call calls request http виклик запит |
    waiting waits wait stalls hangs чека очіку виси
outcomepromopage: promo promotion sale sales campaign holiday black friday промо
    акці розпродаж чорн пʼятниц свят |
    page landing separate сторінк лендинг лендінг окрем |
    timer countdown banner таймер банер відлік
"""

#: Round 90: VoltAgent requests whose key concept names an agent's job while incidental
#: words (email, page, payment, shop) name another's: two rates of a mail compared and asked
#: whether the gap is luck (an experiment read for significance); people using assistive
#: technology who cannot do something (an accessibility check); a page's words changed so
#: more people pay (conversion copy, not an idea's market: see :data:`_YIELDS`); sprints
#: that spill over or standups that drag (an agile process to run); a work mailbox or
#: account taken over (a security incident, not a payment's fraud model).
_ROUND90_LINES = """
outcomeexperiment: =open =opens =opened click clicks clicked ctr replies відкрив відкрит
    відкриват клік |
    vs versus against two both subject subjects проти два дві обидв тем |
    luck lucky chance noise coincidence random fluke significant випадк шум пощаст везін
    значущ
outcomeassistive: blind screenreader screenreaders voiceover talkback nvda jaws deaf
    незряч сліп блайнд скрінрідер скринрідер слабозор |
    cannot unable impossible struggle struggles labels unlabeled focus focused announce
    announces reads може можуть неможлив підпис фокус озвуч зачит
outcomeconvertcopy: page pages checkout landing pricing cart signup сторінк чекаут
    лендінг лендинг кошик |
    text texts copy wording words headline headlines текст формулюван слова заголов |
    change rewrite improve tweak reword змін перепис покращ переформул |
    pay buy purchase convert order subscribe signup платил оплат заплат купу купув
    конверт замов підпис
outcomeceremony: standup standups стендап стендапи мітинг мітинги retro retros
    retrospective ретро ретроспектив |
    long longer forever drag drags dragging minutes min hour hours затягу тягнут довго
    хвилин годин
outcomeceremony: sprint sprints спринт спринти спринтів |
    spill spilling spills spilled spillover carry carried carryover slip slips slipping
    overrun переносим переносят перенос зрива незакрит
outcomemailhacked: hacked hack hijacked compromised breached зламал зламав зламан
    вломил |
    mail mailbox email inbox account accounts пошт скриньк емейл імейл мейл акаунт
"""

# --- round 87 (VoltAgent: a page being handled, told by its severity, not its service) ---
#: An incident paged by its severity tag (SEV1, P1, incident) with what is down or failing
#: and since when, or a pager's alert weighed for a rollback: the on-call's field, whatever
#: service it names (a checkout API down is no payment integration work). A bare error
#: ("P1 bug: the error message is wrong") names nothing down: no frame. Mailboxes created,
#: added or moved in the office suite (Exchange, Teams, SharePoint) are its admin's, not
#: email deliverability's (round 66's provisioning frame, by the mailboxes' own words). A
#: team's retrospectives that turn into blame or silence are the scrum master's ceremony,
#: not the backlog's sprint refinement ("our retro game" names no way a meeting goes).
_ROUND87_LINES = """
outcomepaged: sev0 sev1 sev2 sev3 p0 p1 incident incidents інцидент |
    down outage outages 5xx 500s ==502 ==503 ==504 p99 p95 latency timeouts лежить лежит
    впав упав недоступ латентн |
    since after ago deploy deployed release rollout started now oncall call bridge pls
    please з після релізу деплою викатки зараз почал терміново
outcomeprovision: mailbox mailboxes скриньк скриньок мейлбокс |
    exchange outlook teams sharepoint tenant m365 o365 office365 ексчейндж ексчендж тімс
    аутлук шарепоінт тенант |
    create add move migrate migrating provision convert setup перенес перенест створ
    додай додат додав мігр постав завед
outcomeretro: =retros =retrospective =retrospectives ретро ретроспектив |
    blame blaming complain complaining complaints boring useless silent facilitate
    facilitating звинувач скарг скаржат нудн мовчат фасилітув
outcomepaged: pager paged =page oncall пейдж |
    rollback revert roll rollout відкат відкот |
    error errors latency p99 p95 5xx rate помил латентн
"""

# --- round 94 (bundled: where the cause lives, the schema or the server, not the page) ---
#: A person given read-only access to the database (an analyst's reports): a role and its
#: grants, the database's. A page or button that fails after minutes: a request running
#: past a timeout, the server's. A replica behind its primary: replication lag, the
#: database's and its operators'. Times or slots offered that are already taken: a double
#: booking the API's checks and the schema's constraint prevent, not the page that lists
#: them.
_ROUND94_LINES = """
outcomereadonly: access role user login account grant grants permission permissions
    credentials доступ роль юзер логін акаунт права прав |
    read readonly читан читат |
    only just лише тільки виключно |
    database db postgres postgresql schema replica sql базу бази базі база бд
outcometimeout: =fails =failing =errors =crashes =dies timeout timeouts =504 =502 падає
    відвалюєт обрива таймаут помилкою вилітає |
    after після через |
    minute minutes хвилин хвилини хвилину
outcomereplicalag: replica replicas replication реплік реплікац |
    lag lags lagging behind delay delayed stale відста затримк відстава
outcomedoublebook: booking bookings appointment appointments slot slots reservation
    reservations times бронюв броню запис слот час годин |
    =taken occupied =booked reserved зайнят заброньов
"""
# --- end round 94 ---

# --- round 97 (VoltAgent: the situation said in other words than an earlier row's) ---
#: More wordings of situations rows already name, each a field's: docs that still say what
#: the code no longer does, told as what moved, was deleted or dropped (the pages "поїхали",
#: "вже не відповідають"); an old system or monolith to leave slowly, step by step
#: (поетапно, поступово), or moved off to something modern (the legacy modernizer's
#: incremental migration); an idea or app asked about honestly, whether anyone needs it, or
#: torn apart before launch or quitting a job (the validator's); a deploy or update that
#: takes the site down, wanted without downtime (the deployment engineer's zero-downtime
#: release); new staff who wait for their mailbox or Teams (the M365 admin's provisioning).
_ROUND97_LINES = """
outcomedocdrift: docs documentation readme wiki guide manual документац доки readme вікі
    інструкц мануал |
    still anymore longer says say outdated stale досі вже більше пише написано каже
    відповіда поїхал |
    moved switched deleted dropped replaced renamed refactor refactoring migrated перейшл
    переїхал видалил прибрал замінил рефактор прапорц флаг діф
outcomelegacy: slowly gradually incrementally phased stepwise поетапн поступов частинам
    потроху |
    move migrate migration rewrite replace modernize off переїзд переїх переписат перепис
    перенест мігр замін |
    monolith legacy old aging modern mainframe cobol vb6 моноліт монолит легасі стар сучасн
    мейнфрейм кобол
outcomevalidate: idea ідея ідею ідеї |
    good worth any норм варто |
    startup founder стартап фаундер
outcomevalidate: app startup product додаток застосун стартап продукт |
    tear roast рознес |
    quit launch запуск
outcomevalidate: honestly honest чесно відверто |
    app startup product service business додаток застосун стартап продукт сервіс бізнес |
    anyone anybody комусь
outcomezerodowntime: deploy deploys deploying deployment release releases update updates
    updating rollout оновлю оновлен депло реліз викат |
    downtime down offline outage простою простій лягає падає недоступ |
    without zero avoid без уникн
outcomeprovision: newcomer newcomers employee employees staff joiner joiners hire hires
    працівник співробітник новеньк новачк |
    mailbox email mail teams пошт скриньк тімс |
    wait waiting waits чекают чекає чекаєм
"""
# --- end round 97 ---

# --- round 99 (bundled: a web shop's symptoms in everyday words, each a layer's job) ---
#: What people who run a web shop see, told without the layer's words. The site, shop or
#: server slow or down for a while that came back by itself (знову, сам оживає), with
#: nothing changed, or at random times for minutes (the time course of an outage: the
#: operator's and its monitoring's, not a slow query; "в нормі", "again since yesterday",
#: a page or a query make none). The browser's "your connection is not private" (a
#: certificate: the operator's). A deploy that takes the site down each time or that should
#: go unnoticed (more wordings of round 97's zero-downtime frame: a new version, a 502, не
#: відповідає, лягав). The same email or login counted twice because its letters differ in
#: case (the schema's unique rule, not a page). Money kept in a float or double column that
#: loses cents (the column's type; a price that floats right, rounding on a page make none).
#: A code, a trial or a vote a customer may use once (a rule per customer: the data
#: model's or the API's; "one query per customer" makes none). A report or export that
#: needs a filter by status or date (the API's parameter). A file over a size (1mb: the
#: unit, :func:`_keys_of`) that fails with a generic error (the upload's limit, not the
#: model's "wrong"). Reviews split or sorted into kinds of complaints (the model's; the
#: catalog's price filter gives way: :data:`_YIELDS`).
_ROUND99_LINES = f"""
outcomeepisode: site website shop store server servers app сайт магазин сервер апк
    застосун |
    slow slowed sluggish laggy lagging crawled crawling down offline
    unreachable unavailable outage timing timeouts unresponsive ==502 ==503 ==504 гальму
    гальмув тормоз тупи повільн лежав лежал лежа лягав ляга впав упав недоступ висів завис
    відкривав перестає перестав |
    recovered recovers itself own again само знову знов відновив відновил відпуст
    піднявся піднял піднімаєт запрацю ожива ожив нормальн |
    =clocktime afternoon morning evening night nights hour hours minutes yesterday weekend
    periodically sometimes randomly intermittently вчора учора зранку вранці вечір вечора
    ввечер увечер ніч вночі уночі годин хвилин періодичн інколи іноді дня півдня
outcomeepisode: site website shop store server servers app сайт магазин сервер апк
    застосун |
    slow slowed sluggish laggy down offline unreachable unavailable outage гальму гальмув
    тормоз тупи повільн лежав лежал ляга впав упав недоступ |
    nobody nothing ніхто нічого |
    changed change touched deployed released міня чіпа змін депло викат
outcomeepisode: site website shop store server servers app сайт магазин сервер апк
    застосун |
    slow sluggish down offline unreachable unavailable timing unresponsive гальму тормоз тупи
    повільн ляга лежи недоступ перестає |
    random randomly periodically intermittently sometimes occasionally nightly інколи іноді
    періодичн часом щоночі |
    minute minutes hour hours seconds хвилин годин секунд
outcomenotsecure: connection connections зєднан підключ |
    private приватн конфіденц |
    not isnt не
outcomezerodowntime: deploy deploys deploying deployment release releases update updates
    version versions rollout оновлю оновлен депло реліз викат версі |
    down offline outage ==502 ==503 unavailable unresponsive простою простій ляга лежи
    лежа падає недоступ відповіда |
    without zero avoid every each whenever seamless seamlessly без уникн кожн кожен
    щоразу завжди непомітн
outcomecasedupes: case uppercase lowercase upper lower capital capitals capitalized
    insensitive регістр великими великі малими малі літер |
    email emails username usernames login logins name names address пошт імейл емейл
    мейл логін адрес |
    different differ differs duplicate duplicates dupes twice two three separate same
    counted різн дубл двічі тричі два дві двох окрем однаков одна
outcomemoneytype: float floats floating decimal numeric флоат дробн |
    money price prices amount amounts cents pennies balance total totals гроші грошей цін
    сум копійк центи баланс |
    column columns field fields type types stored store saved save table database db колонк
    поле поля полі тип зберіга збереж табл базі бази бд
outcomemoneytype: cents pennies kopecks копійк копієк центи центів |
    lose lost losing disappear disappears vanish missing губля губит втрача зника
    пропада |
    column field type stored saved database db price prices колонк поле поля тип зберіга
    збереж бази базі цін табл
outcomemoneytype: double |
    column columns field type колонк поле поля тип |
    money price prices amount amounts cents balance total totals гроші грошей цін сум
    копійк баланс
outcomeonceper: once one single ==1 одноразов один одна одне раз |
    per each every кожн кожен на |
    customer customers user users person people account accounts buyer buyers client
    clients людин клієнт користувач юзер акаунт покупц покупець особ |
    used usable redeem redeemed redeemable apply applied claim claimed vote voted review
    reviews coupon coupons promo promocode code codes voucher discount trial bonus
    тестов пробн
    використ застосув активув скориста голос проголос відгук промокод купон знижк ваучер код
    бонус тріал
outcomeslowreport: report reports query queries звіт запит вибірк |
    runs running executes виконуєт виконуют працює |
    minute minutes hour hours forever хвилин годин вічн довго
outcomereportfilter: report reports export exports звіт вивантаж експорт |
    filter filters filtered filtering exclude excluding фільтр відфільтр виключ |
    returns returned refunds refunded cancelled canceled status date dates period повернен
    скасован статус дат період
outcomebigupload: upload uploads uploading attach attaching завантаж прикріп аплоад |
    avatar avatars image images picture pictures photo bigger larger фотк аватар картинк
    зображ |
    fails failed fail stuck breaks error wrong timeout cannot cant падає не помилк
outcomebigupload: over bigger larger above exceeding більше більш понад больш |
    mb gb kb megabyte megabytes {_GIGABYTES} кб |
    fails failed fail error errors wrong cannot cant rejected ==413 не помилк вилітає
    падає
outcomesorttext: sort sorted sorting group grouped grouping cluster classify categorize
    розсорт сортув групув розклада розкида класифік |
    review reviews feedback complaints comments відгук скарг коментар |
    kind kinds type types category categories topic topics bucket buckets тип типа вид
    категор тем
outcomesorttext: split divide розбит розділ поділ |
    review reviews feedback complaints comments tickets відгук скарг звернен тікет коментар |
    automatically automatic auto kind kinds category categories topic topics автоматичн
    автомат категор тем тип вид
"""  # noqa: RUF001 - Ukrainian words written in all look-alike letters
# --- end round 99 ---

# --- round 103 (bundled web shop: which layer does the work, told in everyday words) ---
#: A shop's wishes and symptoms whose words belong to no layer, each told as the layer's
#: job. Search that finds goods by what the words mean, not the words written ("щось тепле
#: на зиму" finds sweaters even if the titles lack those words: semantic search). A bot
#: that forgets what was said earlier in the conversation (its context: the model's, not a
#: chat channel's alerts, :data:`_YIELDS`). Labels or tags on goods or posts, an item with
#: many of them and the other way round (the schema's many-to-many). A copy of the shop
#: someone tries a campaign on before customers see it (a preview environment). A status
#: shown as a coloured pill or chip (the page's; in :data:`PRODUCT_TERMS`: a pill beside a
#: status is no medicine). A layout that spills off a phone's screen (responsive CSS). A
#: script bundle called huge or heavy beside a slow first load or Lighthouse (the page's
#: bundle). A page that hangs until an email is sent (the API's job to move off the
#: request). A revenue or total that counts cancelled or refunded orders, or a query said to
#: be wrong about such a number (the analyst's query: the schema's side, not the API's sum).
#: Rows multiplied by a join (the query's join, not an API's retries). One request followed
#: through the layers to see where its time goes (distributed tracing). The API asked to
#: give a long list in pages or parts (pagination on the API). Tests to run on their own
#: when a pull request is opened (CI).
_ROUND103_LINES = """
outcomemeaning: search searching searches find finds finding found пошук шука знаход знайд
    видава вилаз |
    even though without саме навіть хоча нема немає без |
    word words wording keyword keywords слова слів словам словами ключов
outcomeragbot: ai ші бот bot assistant асистент |
    answer answers answering reply replies respond відповід |
    specs spec specifications descriptions description characteristics опис описи описів
    описах характеристик
outcomecallback: provider gateway bank stripe paypal liqpay fondy wayforpay monobank
    privatbank провайдер платіжк шлюз еквайр банк монобанк приватбанк лікпе фонді |
    callback callbacks webhook webhooks колбек коллбек вебхук хук |
    paid payment status order оплат оплач платіж статус замовлен
outcomeinvestorreport: investor investors shareholder shareholders інвестор акціонер |
    report reports deck presentation update letter chart charts slides звіт презентац
    графік діаграм слайд |
    sales revenue quarter quarterly annual year month growth results metrics продаж
    виручк квартал рік річн місяц зростан результат показник
outcomebotmemory: bot chatbot assistant ai agent бот чатбот асистент помічник агент |
    forgets forgot forgotten forgetting loses lose lost remember remembers track забува
    забуде забув памят пам'ят губить губля втрача |
    earlier before start beginning previous said told gave wrote conversation chat
    messages history context раніше початку попередн казав сказав назвав писав написав
    розмов діалог повідомлен історі контекст
outcomemany: vice versa навпаки |
    tag tags label labels category categories мітк тег категор ярлик |
    product products item items post posts article articles order orders recipe recipes
    user users customer customers товар пост статт замовлен рецепт запис клієнт
    користувач юзер
outcomemany: any lots bunch many multiple several купа купу кучу куча безліч кілька
    багато |
    tag tags label labels мітк тег ярлик |
    product products item items post posts article articles recipe recipes user users
    customer customers товар пост статт рецепт запис клієнт користувач юзер
outcomemany: several multiple many кільк декільк багат |
    list lists wishlist wishlists collection collections folder folders playlist
    playlists список списк вішліст колекц |
    product products item items товар
outcometagfilter: ==mark ==marked ==tagged ==labelled ==labeled познача позначит помічат |
    label labels tag tags мітк тег ярлик |
    filter filtering filtered фільтр відфільтр
outcomepreview: copy copies clone копі копію клон |
    try trying play experiment rehearse test testing спробу погра потест тестув
    експеримент |
    live real buyers launch реальн справжн покупц запуск
outcomestatusbadge: status statuses статус |
    pill pills badge badges chip chips label labels плашк бейдж чіп мітк лейбл пігулк |
    green red yellow grey gray orange blue colored coloured color colour зелен червон
    жовт сір помаранч синь кольор
outcomesmallscreen: iphone android phone phones mobile smartphone small narrow айфон
    андроїд телефон мобіл смартфон маленьк вузьк |
    spill spills spilling overflow overflows cut cropped clipped squeezed squished run
    вилаз виїжджа обріза обрізаю налаз зїжджа зʼїжджа розповза |
    edge edges side screen width right край краю екран ширин праворуч справа
outcomelazybundle: javascript js bundle bundles chunk джаваскрипт скрипт бандл |
    huge big heavy large bloated massive mb kb величезн важк великий забагато роздут мб |
    lighthouse pagespeed first slow slowly load loading open opens лайтхаус перше повільн
    довго відкрива завантаж
outcomeoffload: email emails mail letter confirmation receipt лист листа пошт чек
    підтвердж |
    hang hangs hanging spins spinning freezes frozen stuck waits waiting висить вис крутит
    завис чека |
    until till поки доки
outcomeanalystcount: =query =queries sql select запит вибірк селект |
    wrong incorrect broken off неправильн невірн кривий криво помилков |
    revenue sales виручк виторг продаж оборот
outcomeanalystcount: revenue sales виручк виторг продаж оборот |
    includes include including counts counting врахову включа рахує рахую |
    cancelled canceled refunded returned скасован повернен
outcomejoindupes: join joins joined joining джойн зєдн обєдн |
    duplicate duplicates duplicated twice double multiplied times дубл двічі повтор
    розмнож |
    row rows record records result results рядк записи записів результат
outcometracepath: path journey ==tracing follow шлях простеж відстеж маршрут трасу |
    request requests call запит виклик |
    through across via між через крізь
outcometracepath: where де куди |
    lost spent go goes eaten disappear губля губит втрача зника йде іде |
    seconds second secs ms milliseconds секунд мілісекунд час |
    frontend front browser backend api server database db services фронт браузер бекенд
    бек сервер базу бази базі сервіс
outcomeapipages: api backend endpoint server апі бекенд бек ендпоінт сервер |
    page pages paginated chunks chunk batches parts portions частин порці посторінк
    сторінками пачк |
    return returns returning send sends give serve віддав віддава поверта відда надсила
outcomecigate: test tests тест тести |
    pull pr prs пулреквес пулрек пул пр |
    automatically themselves own whenever every each opens opened автоматичн автомат сам
    самі кожен кожн коли відкрива
"""  # noqa: RUF001 - Ukrainian words written in all look-alike letters
# --- end round 103 ---

# --- round 101 (0xfurai, lst97: the language and framework asked, named by its work) ---
#: A request that names no framework, or names one beside words of another field, says what
#: the framework's work is: a content site (a portfolio, a blog, docs, a landing page) that
#: should load at once with little JavaScript is a static site's (Astro's islands, not a
#: React app's); a database kept in the browser so a till or a field app works offline and
#: syncs later is an in-browser database's (PGlite); users counted once per week or month
#: when the numbers hold duplicates is an analyst's SQL, not a schema's unique constraint; an
#: email's HTML that falls apart in a mail client (Outlook, Gmail) is HTML email markup, not
#: the mail program a person uses; the new login or auth code checked for leaking passwords
#: or letting people in is a security review of code, not a breach being handled
#: (:data:`_YIELDS`); a script that breaks on Cyrillic, Unicode or an encoding is an
#: encoding bug in that script, not the export or copy pipeline it belongs to.
_ROUND101_LINES = """
outcomecontentsite: portfolio portfolios blog blogs docs documentation landing brochure
    marketing personal візитк портфол блог лендінг документац |
    fast faster instantly instant quickly lightweight lighthouse швидк миттєв легк |
    js javascript static hydration markdown mdx статичн тексти texts
outcomebrowserdb: database databases db sql postgres postgresql sqlite база базу бази бд |
    browser browsers pwa браузер |
    offline sync synced syncs syncing internet офлайн синхрон інтернет
outcomecountunique: unique distinct dedupe dedup dupes duplicates duplicated унікальн дубл |
    users customers buyers payers subscribers visitors paying active юзер користувач клієнт
    покупц плат підписник |
    weekly monthly daily week month per щотижн щоміс щодня тижд місяц |
    count counts counting number numbers metric metrics sql скільки рахув порахув кількіст
    цифр метрик
outcomeemailhtml: email emails newsletter newsletters mailing лист листа листи листів
    розсилк імейл мейл |
    html template layout markup верстк шаблон |
    outlook gmail thunderbird аутлук джимейл поштов
outcomecodeaudit: check review audit verify inspect перевір подивис глянь перевірк аудит
    ревю |
    code login auth signup implementation код логін логіну авторизац реєстрац |
    leak leaking leaks leaked expose exposes exposing plaintext витік витоку витікают
    світит зливає
outcomeencoding: cyrillic unicode utf utf8 encoding encodings mojibake кирилиц юнікод
    кодуван |
    fail fails failing crash crashes breaks broken error errors garbled падає падают
    ламаєт ламают крашит помилк кракозябр |
    script scripts export exports csv excel file скрипт вивантаж експорт ексель файл
"""
# --- end round 101 ---

# --- round 105 (pasted errors and long-tail technologies: what a technology's work is told by) ---
#: A build told slower by its minutes ("went from 3 to 14 minutes", "виросла з 5 до 20
#: хвилин"): the slow build's, as one told by the time it takes. A site's pages that a search
#: engine's bot sees empty, or that Google does not index: search visibility (server
#: rendering), not a screen's empty state (:data:`_YIELDS`). An old desktop or mainframe
#: system (Delphi, VB6, FoxPro) moved to the web or the cloud ("переносимо на Delphi 7 в
#: веб"): the legacy app's modernisation, as one to replace or migrate.
# --- round 112 (VoltAgent, lst97: what the person is in the middle of) ---
#: What the person is in the middle of picks the agent, not the technology or a shared
#: word around it. An outage being driven now: production down or 5xx since a release,
#: someone to lead it (поведе), a rollback, what to tell support (the responders'; the
#: release words yield to it). An intrusion: someone got into an admin page or a server
#: and took data, or traces not to erase (the incident responder's, before a lawyer).
#: A nightly load that fails or duplicates (the data engineer's, not the backup's). Code
#: cleaned up while its behaviour stays the same (the refactorer's). A command-line tool
#: with completion, subcommands and help (the CLI developer's, not the tool it starts).
#: An idea checked before money goes in, or against who already does it (the idea
#: validator's). A game for children with characters and levels (the game developer's).
#: A bot to keep on its topic or stop talking nonsense (its prompt's, whatever messenger
#: it runs in). A peer-dependency conflict (the dependency manager's). Sign-ups who never
#: reach a first order (the flow to change: UX). A site slow at one time of day and fine
#: at another (performance). A payment button that sometimes does nothing and cannot be
#: reproduced (the debugger's, no navigation to rework). Releases that take the site down
#: and should not (the deployment engineer's, no incident).
_ROUND112_LINES = """
outcomeoutagenow: пятисот down outage ліг лягло лежить впав упав |
    release released deploy deployed deploys реліз релізу деплой деплою викат |
    rollback revert відкат відкотит поведе lead coordinate координ саппорт support
outcomeoutagenow: prod production site прод продакшн сайт |
    ліг лягло лежить впав упав down |
    поведе lead drive coordinate координ зараз
outcomeintrusion: someone somebody attacker hacker stranger хтось зловмисн хакер невідом |
    logged got accessed broke зайшов зайшли увійшов залогін проник вліз зламав |
    admin panel server account database адмінк сервер акаунт базу бази
outcomeintrusion: сліди traces evidence |
    затерт стерт знищ erase erasing wipe destroy preserve
outcomenightlyload: nightly night daily cron щоночі вночі щодня нічн крон |
    load loading loads import imports dag dags etl pipeline sync завантаж вантаж тягне
    імпорт пайплайн |
    fail fails failed failing lost duplicates duplicated rerun idempotent падає падают
    губим дубл перезапуск
outcomenightlyload: nightly night daily cron щоночі вночі щодня нічн крон |
    pull pulls pulling тягне тягнут збира |
    csv warehouse snowflake bigquery redshift бігквер сховищ
outcomesamebehaviour: behaviour behavior поведінк |
    same unchanged intact identical preserve preserved незмін лишил лишит залиш |
    class classes method methods function functions module modules code legacy клас метод
    функці модул код копіпаст
outcomesamebehaviour: behaviour behavior поведінк |
    =not не without =without без |
    change changing changes змін |
    class classes method methods function functions module modules code legacy клас метод
    функці модул код копіпаст
outcomecliflags: cli клі command утиліт utility консольн |
    autocomplete autocompletion completion completions автодоповн автокомпліт subcommand
    subcommands сабкоманд підкоманд
outcomeideacheck: before перш |
    invest investing money вкладат гроші грошей |
    anyone anybody need needs комусь треба потрібн
outcomeideacheck: who хто |
    already вже |
    такого таке подібн similar
outcomegame: гра гру гри грою ігр game games |
    unity юніті godot unreal персонаж player players гравц character characters sprite
    sprites спрайт
outcomebotvoice: bot bots chatbot assistant бот боті чатбот асистент |
    answers answer replies respond responds says говорит говорив відповіда пише |
    nonsense garbage gibberish rubbish offtopic irrelevant дурниц нісенітниц маячн
outcomebotvoice: bot bots chatbot assistant бот боті чатбот асистент |
    talk talks speak answer говорив говорил говорит відповіда |
    only тільки лише виключно |
    about про
outcomepeerdeps: peer ==eresolve |
    dependency dependencies deps conflict conflicts resolve залежн конфлікт
outcomeflowdrop: register registered signup signups sign реєстру зареєстр |
    reach доходять доходит дійти губля lost drop stuck never |
    first перш order orders purchase замовлен покупк
outcomepeakslow: slow slows slowly гальм тормоз повільн тупит |
    evening evenings night peak rush weekend вечер вечор вихідн пік |
    normal fine okay lunch morning day daytime нормальн норм вдень зранку обід
outcomecantrepro: reproduce reproduced reproducible repro відтвор |
    sometimes occasionally randomly intermittently some іноді інколи часом буває деяк
    nothing нічого
"""  # noqa: RUF001 - Ukrainian words written in all look-alike letters
# --- end round 112 ---
# --- round 110 (VoltAgent, lst97: an engineering role's work, asked by what is wanted) ---
#: What a person asks an engineering role for decides over the technology they name. The
#: SRE's: which alerts are worth waking someone for, when on-call people are paged for
#: every small blip. The chaos engineer's: what happens when a dependency goes down,
#: tried on purpose and under control (контрольовано). The performance engineer's: how
#: many users or requests the system can handle and what breaks first under load; where a
#: slow page loses its time when nobody knows whether it is the database, the server or
#: the front, or measured. The refactoring's: one big file or class split into modules.
#: The security auditor's: an admin page or panel that opens without a login. The error
#: detective's: logs of several services read for what starts a chain of failures. The
#: debugger's: tests or code that pass locally and fail on CI (tests that fail now and then,
#: flaky, said as such or by "every third run", stay the test automator's: that frame
#: wins). The on-call's: 5xx since a
#: deploy that a rollback did not fix. The ML engineer's: a model's recommendations or
#: predictions grown worse in production, to be watched. The code reviewer's: code looked
#: over before a merge for what is badly written. The full-stack developer's: a new
#: feature with its page and its data saved in the database, or built start to finish.
#: "My pull request" is a change to code, no one's own life (:func:`_code_change`), as are
#: "my code", "my CI pipeline" (:data:`_BUSINESS`).
_ROUND110_LINES = """
outcomealertnoise: paged page pager paging alerts alert oncall алерт алерти тривог пейдж
    чергов |
    every each tiny blip blips noise noisy minor trivial fatigue burn burning burnout false
    кожн дрібниц шум дрібн вигора хибн |
    worth decide threshold thresholds policy rules tune tuning reduce fewer which варто
    вирішит поріг правил зменшит менше які
outcomechaos: впаде ляже падає відвал вимкн fails dies crash crashes outage |
    controlled control drill planned контрольован навчан |
    happens happen буде станеться якщо
outcomecapacity: many much скільки |
    users shoppers customers visitors people requests rps concurrent юзер користувач
    відвідувач людей клієнт запит покупц |
    handle withstand sustain cope витрима потягн
outcomecapacity: break breaks fall falls fell ляже впаде злама |
    first першим першою |
    load traffic peak users shoppers навантаж трафік пік користувач
outcomewhereslow: slow slows slowly seconds гальм тормоз повільн вантажит грузит секунд |
    where which nobody де ніхто |
    server backend api сервер бекенд бек |
    front frontend browser client фронт фронтенд браузер
outcomewhereslow: slow slows slowly seconds гальм тормоз повільн вантажит грузит секунд |
    measure measured measurements measuring profile profiling вимір заміри заміря |
    where which де яка який
outcomesplitfile: split break разбит розбит розбий розклас рознес розділ розпил carve |
    modules module packages модул пакет |
    file files class lines loc utils helpers god файл клас рядк імпорт
outcomenoauth: admin адмін адмінк panel dashboard page pages url урл сторінк панель |
    =without без |
    login auth authentication password signin логін авторизац пароля залогін |
    open opens opened accessible anyone know knows reach відкрива доступн знає
outcomeerrorchain: logs log логи логів |
    chain cascade starts triggers correlate correlation ланцюж каскад запуска корелю |
    services service three systems сервіс сервіси систем
outcomelocalonly: pass passes passing work works green проходять проходить працює
    зелен |
    locally local machine laptop локально локалці машині ноуті |
    ci pipeline jenkins gitlab пайплайн
outcomeflaky: test tests e2e suite spec specs тест тести автотест |
    flaky flake flakes flaking флейк
outcomeflaky: test tests e2e suite тест тести автотест |
    fail fails failing flake flaky падає падають пада флейк |
    прогін прогону прогони прогонів кожен кожний
outcomepaged: ==500 5xx ==502 ==503 ==504 502s 503s 500s |
    deploy deployed deploys deployment release rollout релізу деплою деплоя викатки |
    rollback rolled revert reverted відкат відкатили
outcomemodeldrift: recommendations recommendation predictions prediction model models
    forecasts рекоменд прогноз модел передбач |
    worse degraded degrade drift drifted гірш погірш деград |
    prod production live monitor track detect noticed проді прод продакшн відстеж моніт
    помітил
outcomereviewme: look check review глянь подивись перевір |
    ==code код ==pr ==diff мердж ==merge |
    badly bad dumb wrong smell messy ugly погано криво кривий дурн
outcomelookpr: look глянь гляньте подивись подивіться |
    pull pr prs diff пр пулреквест пулріквест
outcomefeaturestack: add build new feature фіч додат додай нов |
    page pages form screen сторінк форм екран |
    save saved saving store stored persist збереж зберіг |
    database db base баз бд
outcomewholeapp: початку start scratch |
    кінця end finish |
    developer розробник один одна one
"""
# --- end round 110 ---
# --- round 114 (real work told in everyday words: what the owner sees, not its name) ---
#: Letters a file the product exports shows garbled (broken Ukrainian letters in the export
#: to Excel, кракозябри замість букв в експорті): the export's character encoding, which the
#: server writes (UTF-8 and a BOM for Excel), not the spreadsheet's work. A database asked
#: by its effect not to take a value (can the database itself not allow negative prices, щоб
#: база не приймала порожні значення): a constraint. A big screen in the office showing the
#: business's numbers live (a TV with orders per hour, екран з продажами наживо): a
#: dashboard on the metrics, not a TV.
_ROUND114_LINES = """
outcomeexportbytes: letters letter characters symbols літер букв символ кирилиц |
    garbled gibberish weird strange unreadable broken ієрогліф кракозябр незрозумі поламан
    каракул |
    export exports exported csv excel file вивантаж експорт ексель ексел csv цсв файл
outcomedbguard: database db база базу базі бд |
    allow allows allowed accept accepts prevent forbid reject rejects block допуска дозволя
    заборон відхиля приймал прийма |
    negative invalid null empty duplicate duplicates impossible від'ємн відємн негатив мінус
    порожн некоректн дубл
outcomewallboard: tv tvs television screen screens monitor wall телевізор телек екран
    монітор плазм |
    show shows showing display displays displayed показ транслю відобража вивод |
    orders sales signups revenue metrics kpi kpis замовлен продаж метрик показник реєстрац
    виручк
"""
# --- end round 114 ---
# --- round 118 (a role's work asked in a few words: the act asked decides) ---
#: On rosters with role agents, a short ask names the role's act and little else: customers
#: who leave, asked how to keep them (як втримати), is the customer success manager's work,
#: not a cohort to count; a colour palette and control styles the whole team reuses is a
#: design system to draw (the UI designer's), not a component to code; two features asked
#: which first (discounts or reviews first? small team) is the product manager's call; a
#: help page telling staff how to use the product's admin (довідка для менеджерів) is a
#: guide for people, not API docs; a system already split into services, asked whether the
#: split is sound (чи нормально ми порізали на сервіси), is the architecture's review.
_ROUND118_LINES = f"""
outcomekeepclients: {_ACCOUNTS} покупц покупець передплатн |
    churn churning cancel cancelling canceling quit quitting unsubscribe кидают кидаю йдуть
    ідуть пішл відвалю відпису тікают сходят перестают відтік |
    keep retain retaining winback втрима утрима втриму утриму зберегт поверну
    повертат
outcomekeepclients: {_ACCOUNTS} | leave leaving left |
    ==us ==our product service platform subscription trial month months week weeks |
    keep retain retaining winback
outcomepalette: palette palettes colors colours color colour fonts font typography style
    styles палітр кольор шрифт стил |
    button buttons component components control controls input inputs icon icons кноп
    компонент інпут іконк |
    reuse reuses reused reusable everyone everybody shared share whole team teams
    перевикор повторно спільн команд
outcomewhichfirst: or vs versus або чи |
    first firstly першим першою перший першу спершу спочатку |
    small tiny limited budget startup devs developer developers resources capacity маленьк
    невелик обмежен бюджет стартап розробник ресурс
outcomestaffguide: help guide manual handbook howto instructions tutorial довідк інструкц
    посібник гайд мануал |
    manager managers staff operators employees colleagues accountants менеджер працівник
    співробітн оператор бухгалтер колег персонал |
    use using usage work working користув працюв адмінк admin panel backoffice crm cms
outcomesplitcheck: split splitted divided carved розбил порізал поділил розділил розпилял
    нарізал розрізал |
    =services microservices сервіс мікросерв |
    ok okay fine sane sensible reasonable right correctly review look check нормальн норм
    правильн глянь подивис оцін перевір адекватн
"""  # noqa: RUF001 - Ukrainian words written in all look-alike letters
# --- end round 118 ---
# --- round 119 (bundled: new wordings of a layer's situations) ---
#: The web-shop roster's situations asked in other words than rounds 107-116 read: a pasted
#: "deadlock detected ... waits for ShareLock" is the database's locks, whatever job or page
#: printed it; a browser that blocks the calls from another origin (the front moved to a
#: subdomain) is CORS, the API's; errors under each field of a form and a button that waits
#: for a valid form are the form's (the frontend), however ready its endpoint is; two people
#: who edit one record at once, the last save winning, is a lost update (the database's
#: locking); a bought domain that shows the registrar's parking page is DNS (DevOps).
_ROUND119_LINES = """
outcomedeadlock: deadlock deadlocks deadlocked дедлок взаємоблок |
    process processes transaction transactions wait waits waiting lock locks sharelock
    exclusivelock blocked detected процес транзакц чека блок
outcomecors: origin origins cors subdomain subdomains піддомен |
    blocked blocks block blocking заблок блоку блокує
outcomefielderrors: error errors message messages hint hints помилк підказк |
    under below beside next each every під біля поруч кожн |
    field fields input inputs поле поля полем полі полів інпут
outcomefielderrors: button buttons submit кнопк |
    disabled inactive greyed grayed неактивн задізейбл |
    form forms valid invalid filled форм валідн заповн
outcomelostupdate: two both двоє двох два дві обидва |
    same simultaneously concurrently once одночасно водночас |
    edit edits editing edited change changing update updating правл редагу змінюю оновлю
outcomelostupdate: last latest whoever останн |
    save saved saves wins win overwrite overwrites overwritten press pressed зберіга
    затира перезапис натисну |
    edit edits change changes other another правк зміни змін інш
outcomedomainmove: domain domains домен |
    bought buy purchased registered купил купив придбал зареєстр |
    open opens point parking parked registrar stub placeholder відкрива паркув реєстратор
    заглушк
"""
# --- end round 119 ---
# --- round 120: the decision or deliverable a role agent gives, asked among other words ---
_ROUND120_LINES = """
outcomehandtesting: testers tester qa click clicks clicking тестувальн клацают клікают
    прокликув проклацув |
    hand manual manually вручну руками ручн |
    release releases before every each реліз перед кожн щоразу
outcomebranchrules: push pushes pushing pushed commit commits committing merge merges merging
    пушат пушит пушим комітят комітим мерджат мерджит мержат |
    directly straight прямо напряму одразу |
    branch branches branching gitflow protection protect review reviews approval approve
    гілк бранч захист рев'ю ревю апрув
outcomebranchrules: gitflow trunk |
    or vs versus чи або |
    branch branches branching based гілк
outcomeextracttext: extract extracting pull pulling parse parsing витяг витягув витягат
    виділят вичлен розпізн |
    emails letters messages reviews texts chats tickets листів листах повідомлен текст
    відгук звернен |
    names numbers entities products назв номер адрес імен сутност товар
outcomesplitmono: monolith monoliths моноліт |
    pull pulling extract extracting extracted carve carving move moving винос виносим
    винест витяг |
    service сервіс separate own окрем
outcomesplitcheck: monolith monoliths моноліт |
    pull pulling extract extracting extracted carve carving carved split splitting move
    moving винос виносим винест витяг |
    sanity review boundaries boundary check глянь перевір оцін подивис межі
outcomeoutagenow: down outage впав упав ліг лягло лежить |
    customers clients клієнт |
    tell notify wake писат сказат повідомит будит розбуд
outcomechannelstay: channel channels канал каналу каналів джерел |
    stay stays longest retained лишают залишают довше повертают |
    customers clients users клієнт користувач покупц
outcometestplan: план plan |
    тестува testing |
    критері criteria готовн перевіря хто
outcomeapidocs: api apis апі |
    docs documentation документац |
    partners integrators партнер інтегратор
outcomepmchoice: founder founders cofounder фаундер засновник співзасновн продакт |
    build ship decide choose pick будуват будуєм робит робим вирішит обрат вибрат |
    first next quarter першим спершу спочатку далі наступн квартал
outcomepmchoice: quarter квартал |
    decide choose pick вирішит обрат вибрат |
    or vs versus чи або
"""  # noqa: RUF001 - Ukrainian words written in all look-alike letters
# --- end round 120 ---
_ROUND105_LINES = """
outcomecibuild: build builds білд збірк збірка збірку compile compiles компіл |
    went jumped grew doubled tripled increased slowed climbed виросл зросл збільшил стрибнул
    подвоїл |
    minutes min mins hour hours хвилин хв годин
outcomeseo: google гугл googlebot гуглбот bing bot bots бот боти боту бота crawler crawlers
    краулер пошуковик |
    index indexed indexes indexing індекс індексу проіндекс |
    site website page pages сайт сторінк
outcomelegacyapp: vb6 delphi foxpro powerbuilder clipper cobol mainframe as400 кобол дельфі
    фокспро мейнфрейм |
    move moving port porting перенос переносим перевод переводим переїжджа |
    web browser cloud веб браузер хмар
outcomeseo: googlebot гуглбот bot bots бот боти боту бота crawler crawlers краулер |
    empty blank порожн пуст |
    site website page pages сайт сторінк
"""
# --- end round 105 ---
# --- round 107 (bundled: the layer where the cause lives) ---
#: Everyday asks on the web-shop roster name a symptom whose cause lives in one layer
#: while its words belong to another. A report that counts orders twice "because of the
#: join" is the query's (the database's), not a retry's; two buyers taking the last item
#: at once is a race over stock rows (transactions and locks); unit tests of a service's
#: calculation are the backend's code, not CI; a list whose statuses all look the same
#: is a badge's colour (the frontend), not a duplicate; restoring production to any
#: moment of the last days is point-in-time backups (DevOps); a new domain the old one
#: redirects to is DNS and the web server; a FastAPI 422 "field required" is the request
#: model's validation; a query result kept in Redis for minutes is the backend's cache;
#: work moved to a background job that answers 202 and a job id to poll is the backend's.
_ROUND107_LINES = """
outcomejoindupes: join joins joined joining джойн зєдн обєдн |
    twice double doubled duplicate duplicates duplicated дубл двічі подвоє |
    report reports total totals sum count counted counts counting order orders звіт
    підсум сум рахує рахуют рахуєт порахов замовлен
outcomeoversell: two both двоє двох обидва обидві |
    same simultaneously concurrently once одночасно водночас одну |
    buy bought buying order ordered checkout purchase purchased купил купує купуют замови
    замовл оформ
outcomeoversell: oversell oversold overselling oversells |
    stock inventory last item items pair unit склад залишк останн
outcomeunittest: unit юніт юнит |
    test tests testing тест |
    service services calculation calc function functions logic module сервіс розрахун
    функці логік модул
outcomeunittest: test tests тести тестами покрий покрити |
    service services сервіс |
    calculation calc discount discounts pricing price shipping tax розрахун знижк ціни
    доставк податк
outcomestatusbadge: status statuses статус cancelled canceled unpaid paid скасован
    неоплачен оплачен |
    grey gray green red yellow orange colored coloured color colour highlight highlighted
    stand сір зелен червон жовт кольор підсвіч виділ |
    list table row rows admin список списку таблиц рядк адмінц
outcomepitr: restore recover restoring recovering відновит відновл |
    point moment any будь момент точк |
    day days week weeks hour hours last днів дня тиждень тижні годин останн
outcomedomainmove: domain domains домен |
    redirect redirects redirecting forward forwards move moving редірект редиректит
    перекида переадрес перенаправ переїжд
outcomefield422: ==422 unprocessable |
    field fields required missing loc body поле поля обовязков
outcomefield422: field fields поле поля |
    required missing обовязков |
    ==loc ==422 pydantic пайдантік
outcomeoffload: generation generating generate export exports exporting генерац формув
    вивантаж експорт |
    pdf pdfs пдф накладн invoice invoices excel xlsx csv ексель |
    hang hangs hanging stuck висить вис завис
outcometagfilter: label labels tag tags мітк тег ярлик позначк |
    several multiple many кілька декілька багато |
    product products item items post posts article articles товар запис стат
outcomebigcolumn: column columns колонк |
    default дефолт ==null nullable обовязков |
    million millions млн rows рядків lock locked locks hung hangs висів завис блок
outcomesorttext: sort route розкида розкид розсорт сортув |
    email emails letters mail inbox лист звернен пошт |
    automatically itself category categories returns refunds delivery shipping саме сам
    автомат категор повернен доставк
outcomeattrstore: attribute attributes specs characteristics properties атрибут
    характеристик властивост |
    jsonb json column columns eav table колонк таблиц
outcomecachefor: redis редіс memcached |
    cache cached caching keep store hold кеш кешув закеш тримат зберіг |
    minute minutes seconds hour hours ttl хвилин секунд годин
outcomeoffload: background фон фоні фоном |
    ==202 poll polling job jobs опиту джоб |
    endpoint request response ендпоінт запит відповід
"""  # noqa: RUF001 - Ukrainian words written in all look-alike letters
# --- end round 107 ---
# --- round 111 (bundled: a shop's symptom named in everyday words) ---
#: On the web-shop roster owners, managers and support staff name a symptom, in plain,
#: broken or Ukrainian words, whose cause lives in one layer: a PDF or Excel file generated
#: while the request waits, clicked again and made twice, is work to move to a background
#: job (the backend); RAG chunks that lose the middle of long documents are chunking (the
#: LLM engineer), however much "overlap" reads as CSS; a site that slows down or shows 502
#: when ads or a sale bring many visitors is capacity and scaling (DevOps); a change
#: history of who changed a record and when is an audit table (the database); customers'
#: saved data gone after an update is a migration that lost rows (the database); a new
#: version shown first to a share of the visitors, then to all, is a canary release
#: (DevOps); values a database should refuse by itself (negative, empty) are its check
#: constraints; a cheap server to leave for hosting that scales by itself is hosting
#: (DevOps), not dynamic pricing; an export that shows broken letters in Excel is the
#: export's encoding (the backend's file response), not office work.
_ROUND111_LINES = """
outcomeoffload: generation generating generate generated build building create creating
    формув генерац генеру |
    pdf pdfs пдф накладн invoice invoices label labels excel xlsx ексель report reports
    звіт |
    again twice ==ще повторн duplicate duplicates дубл ==two дві два |
    click clicks clicked clicking press presses pressed тисне тиснут натиска клікає
    клікают клацає кнопк button buttons
outcomeoffload: manager managers staff accountant accountants operator operators user
    users people менеджер бухгалтер оператор користувач люди |
    generation generating generate generated build building create creating формув генерац
    генеру |
    pdf pdfs пдф накладн invoice invoices label labels excel xlsx ексель report reports
    звіт |
    click clicks clicked clicking press presses pressed тисне тиснут натиска клікає
    клікают клацає кнопк button buttons
outcomeoffload: generation generating generate generated build building create creating
    формув генерац генеру |
    pdf pdfs пдф накладн invoice invoices label labels excel xlsx ексель report reports
    звіт |
    timeout timeouts ==times таймаут
outcomelongdoc: chunk chunks chunking шматк чанк чанки фрагмент |
    overlap overlapping middle середин перекрит перекритт |
    document documents doc docs pdf manual manuals rag retrieval answer answers документ
    інструкц відповід
outcometrafficspike: ads advert adverts advertising campaign campaigns newsletter promo
    promotion sale friday influx rush spike surge peak viral реклам розсилк акці розпродаж
    наплив пік |
    slow slows slower sluggish down crash crashes crashing timeout timeouts cope overload
    overloaded ==502 ==503 ==504 502s 503s 504s лягає ляга лежить падає пада гальм тормоз
    повільн висне таймаут витрим перевантаж |
    site website server servers pages сайт сервер сторінк
outcometrafficspike: many lots crowd crowds everyone багато купа натовп усі всі |
    come coming arrive arrives visit visitors traffic clicks прийд приход заход набіга
    відвідувач трафік |
    slow slows slower sluggish down crash crashes crashing timeout timeouts cope overload
    overloaded ==502 ==503 ==504 502s 503s 504s лягає ляга лежить падає пада гальм тормоз
    повільн висне таймаут витрим перевантаж |
    site website server servers pages сайт сервер сторінк
outcomeaudit: who хто |
    changed changes changing edited edits міня змінюв редагув |
    when history історі коли
outcomedatagone: update updated upgrade deploy deployed release migration оновлен онов
    реліз деплой міграц викат |
    disappeared vanished gone lost missing wiped erased пропал пропав зникл зник стерл
    обнулил |
    addresses address cards orders bonus bonuses points wishlist wishlists favourites
    favorites profiles saved адрес карт замовлен бонус бали балів вішліст обран профіл
    збережен
outcomecanary: version release update build версі реліз оновлен збірк |
    first only part share portion percent percentage few some спочатку тільки лише частин
    частц відсот декільк деяк |
    users visitors people customers traffic люд користувач юзер відвідувач клієнт трафік |
    all everyone everybody rest всіх усіх всім усім решт
outcomedbrefuse: negative відємн мінус minus empty null blank порожн invalid некоректн |
    database db postgres postgresql table column база базу базі бд таблиц колонк постгрес |
    itself allow allows forbid prevent refuse reject сама саму само пропуска заборон
    дозвол
outcomehostscale: vps server servers hosting droplet hetzner digitalocean linode впс
    сервер хостинг |
    scale scales scaling autoscale autoscaling expand expands expanding grow grows масштаб
    автомасштаб розширю розшир розтяг
outcomeexportcharset: letters letter characters chars symbols cyrillic accented umlauts
    букв літер символ кирилиц |
    broken garbled weird strange gibberish unreadable ламан поламан криві незрозумі
    кракозябр ієрогліф |
    export exports exported csv excel xlsx вивантаж експорт ексель
"""  # noqa: RUF001 - Ukrainian words written in all look-alike letters
# --- end round 111 ---
# --- round 116 (bundled: terse asks and a PM's words, the layer the work lives in) ---
#: Short, non-technical asks on the web-shop roster name the layer only by the situation:
#: a report or list that got slow since the data grew to some count (200k orders, 50
#: тисяч клієнтів) is its query and indexes (the database), not the endpoint that serves it;
#: a customer's or a product's "more than one" thing to keep (addresses, phones,
#: suppliers) is a one-to-many table; a new version a PM wants to try or click through
#: somewhere before customers see it is a preview environment (DevOps), not a page; staff
#: (a manager, менеджерка, менеджери, a warehouse) who see or edit what they should not is
#: access control (the backend); a supplier or partner that wants orders to arrive in
#: their system automatically is an integration (a webhook, the backend); a tap on a
#: button that does nothing is the button's handler (the frontend); typing dots and
#: autoscroll in a bot's chat window are the chat UI (the frontend), not the model; a
#: status shown in colours is a badge; an order left unpaid after payment is the payment
#: webhook's.
_ROUND116_LINES = """
outcomegrewslow: slow slower sluggish takes minute minutes seconds ages forever thinks
    hangs повільн гальм тормоз думає думат вантаж грузит хвилин секунд вічн довго завис
    висить |
    since passed hit reached crossed became відколи відтоді стало стали перевалил досягл |
    k thousand thousands million millions тисяч тис мільйон млн |
    orders customers products items rows records users entries accounts замовлен клієнт
    товар рядк рядків запис користувач позиц акаунт
outcomegrewslow: slow slower sluggish takes minute minutes seconds ages forever thinks
    hangs повільн гальм тормоз думає думат вантаж грузит хвилин секунд вічн довго завис
    висить |
    grew grown bigger more виросл зросл більше побільша розрос |
    orders products items rows records entries data замовлен товар рядк рядків запис
    позиц даних |
    report reports list lists search table admin catalog звіт список списк пошук таблиц
    адмінк каталог
outcomemany: several multiple many more кільк декільк багат більш |
    address addresses phone phones number numbers card cards email emails photo photos
    supplier suppliers адрес телефон номер карт пошт фото постачальн |
    customer customers client clients user users buyer buyers product products item items
    клієнт користувач покупц юзер товар |
    save saved saving store stored keep kept було зберіг збереж трима
outcomepreview: somewhere десь деінде |
    before перед до |
    customers users buyers people public everyone клієнт користувач покупц люди всі |
    try trying test testing click clicking poke play look demo потест протест потика
    прокли клаца подивит глян спробу погра
outcomeroles: manager managers staff accountant accountants employee employees warehouse
    support operator operators courier couriers cashier cashiers intern interns менеджер
    бухгалтер працівник склад оператор підтримк курєр касир стажер продавц |
    see sees seeing view views open opens access edit edits бачить бачать бачит бачи
    відкрива редагув доступ |
    not shouldnt cant mustnt не ні |
    should shouldnt supposed allowed повинн мали мав має мают можна дозвол треба |
    section sections page pages tab report reports admin finance finances salary salaries
    orders products menu margin margins markup cost purchase розділ сторінк вкладк звіт
    адмінк фінанс зарплат замовлен товар меню собівартіст націнк марж закупівел
outcomehook: supplier suppliers partner partners vendor vendors warehouse courier couriers
    постачальн партнер вендор склад курєр |
    order orders замовлен |
    automatically automatic itself themselves автомат самі сам |
    their system systems crm erp receive receives land arrive arrives
    отриму падал потрапля приход надход їхн їм них систем црм
outcomedeadtap: tap taps tapped tapping click clicks clicked clicking press presses
    pressed тиснут тисне натиска натисн клацаю клікаю тапаю |
    nothing нічого реагу |
    happen happens happened does doing відбува стаєт реагу |
    button buttons customers users clients people кнопк клієнт користувач покупц юзер
outcomechatwidget: dots dot indicator autoscroll autoscrolls крапк крапочк автоскрол
    автопрокрут індикатор |
    bot bots chatbot assistant бот чатбот асистент помічник
outcomestatusbadge: status statuses статус |
    colour color colours colors coloured colored колір кольор |
    green red yellow grey gray orange зелен червон жовт сір помаранч
outcomepaidnoorder: pay paid payment payments оплат заплат |
    unpaid pending неоплачен очіку |
    order orders замовлен
"""  # noqa: RUF001 - Ukrainian words written in all look-alike letters
# --- end round 116 ---
# --- round 104 (VoltAgent, lst97: the job a person asks a role agent for) ---
#: People who are no developers name a role agent by the act they ask for, while the
#: technical nouns around it name only the context (a bank's core system, Amazon, the
#: footer, a database). The product manager's: whether to keep or kill a feature few use,
#: what a small team builds first in a quarter or with money for one thing. The business
#: analyst's: how a business process run over chats and spreadsheets should work. The
#: sales engineer's: a demo or pilot for a client, how the product plugs into theirs. The
#: data analyst's: a board's number that differs from finance's or the CRM's, users lost
#: after a redesign. The SRE's: what uptime or success rate to promise (SLOs). The cloud
#: architect's: a cloud bill nobody can explain. The competitive analyst's: what
#: competitors launched and charge. The penetration tester's: someone to break in on
#: purpose, as an attacker would; the security auditor's: a site looked over for holes.
#: The UX designer's or researcher's: where users look for a page against where it lives,
#: what to ask the customers one will talk to, a flow people find clunky. The UI
#: designer's: controls and pages of one style (a design system), a screen's look or
#: mockup. The documentation's: a guide for staff or users, help text that tells them to
#: press what is gone. The architecture reviewer's: a change that makes services share one
#: database or read another's tables. The full-stack developer's: a small site where
#: customers sign up or book and an admin page shows it all, a whole app by one person end
#: to end. The performance engineer's: a site that slows when many people come. The
#: compliance auditor's: a certification a client asks for before a deal. The SEO
#: specialist's: a shop that search does not show for its words. The QA expert's: the
#: same bugs shipped release after release; the UI tester's: an app walked through its
#: scenarios. A legacy app (Delphi) ported (переносимо) is left, as round 100's.
_ROUND104_LINES = f"""
outcomekeepkill: feature features functionality widget фіч функціонал |
    nobody noone barely hardly rarely unused ніхто одиниц мало рідко |
    keep kill drop cut remove sunset continue invest scrap deprecate закрива закрит прибрат
    прибира видалит викину доробля допил розвива залиша
outcomekeepkill: nobody noone barely hardly rarely unused ніхто одиниц мало рідко |
    use uses used using користу |
    keep kill drop cut remove sunset continue invest scrap deprecate закрива закрит прибрат
    прибира видалит викину доробля допил розвива залиша
outcomepmfirst: money budget funding грош бюджет фінансув |
    one just only одну одна лише тільки |
    first which pick choose першим першою яку вибрат обрат
outcomepmfirst: build ship develop робит будуват зробит |
    first першим спершу |
    quarter team engineers developers devs квартал команд розробник
outcomepmfirst: plan plans planning roadmap план планув розпис |
    quarter quarterly квартал півріч |
    developers engineers designer designers devs team розробник дизайнер команд
outcomebizprocess: chaos chaotic mess messy manually manual scattered lost spreadsheets
    spreadsheet excel telegram viber whatsapp slack calls хаос бардак безлад вручну
    руками губит губля телеграм вайбер ексел пошт дзвінк |
    managers manager staff employees accounting accountants finance warehouse purchasing
    procurement approval approvals approve approved suppliers department departments
    менеджер бухгалт склад закупів погодж постачальн відділ працівник співробітн |
    process processes procedure describe map outline formalize streamline процес процедур
    розпис описат опиш регламент
outcomesalesdemo: demo demos demonstration pitch poc proof showcase демо пітч показуєм
    показуват |
    client clients prospect prospects bank banks retailer enterprise buyer buyers customer
    insurer hospital hospitals chain government lead leads company companies клієнт банк
    замовник ритейл страхов компані лікарн мереж |
    integrate integrates integration plug plugs connect connects fit fits erp crm prep
    prepare ready sign deal contract tender rfp інтегр підключ підготу готуват угод
    контракт тендер
outcomenumbersdiffer: dashboard dashboards report reports board numbers figures metabase
    looker tableau powerbi дашборд звіт цифр показник |
    different differ differs mismatch mismatched match matches discrepancy disagree truth
    інш різн розбіжн сходит сходят відрізня правд |
    finance accounting accountant accountants bookkeeping books crm stripe бухгалт фінанс
    банк срм
outcomelostusers: we ми |
    lost lose losing втратил втрачаєм втрачают |
    {_ACCOUNTS} |
    after since redesign update release launch після редизайн оновлен реліз запуск
outcomeslo: uptime availability available reliable reliability successful success nines
    доступн надійн аптайм успішн |
    target targets goal goals promise promised commitment sla slo ціль цілі обіця гаранту
outcomeslo: ==99 |
    target targets goal promise sla slo enough acceptable ціль обіця норм достатн
outcomecloudbill: aws amazon azure gcp cloud digitalocean хмар амазон ажур авс клауд |
    bill billing invoice cost costs spend spending pay paying paid charges платим платит
    платят оплач рахун витрат коштує вартіст |
    nobody know knows why which understand reduce cut lower doubled grew grows growing
    ніхто знає знаю чому розуміє зменш скорот росте зріс виріс подвої
outcomerivalsnews: competitor competitors rivals rival конкурент |
    launched launch launches launching compare comparison benchmark charging запустил
    запуска порівня беруть
outcomeattackus: hack hacking exploit penetrate attack attacking хакну атакув |
    purpose deliberately intentionally ourselves ethical authorized simulate simulated
    навмисн спеціально самі
outcomeattackus: hack hacking break breaking exploit attack attacking зламат злама атакув
    хакну |
    hacker hackers attacker attackers guys criminals intruder intruders хакер зловмисн |
    before would like try test тест спробу перш поки
outcomeholes: holes hole weak weakness weaknesses vulnerable hackable abuse exploitable
    дір дірк слабк вразлив |
    check find look test scan перевір знайд подив пошук |
    site website login signup app api shop store сайт логін реєстрац застосун магазин
outcomelookfor: {_CUSTOMERS} |
    look looking expect expecting шукают шукає очікую |
    under menu footer header tab section navigation меню розділ вкладк підвал низу шапц
    навігац |
    but instead hidden buried actually lives live put keep kept а але замість схован
    насправді лежит
outcomeinterviewask: talk talking interview interviews interviewing survey говорит
    розмовля поговор інтервю опит |
    {_CUSTOMERS} |
    ask asking questions question питат спитат запитат питан запитан
outcomeclunky: {_CUSTOMERS} людям |
    inconvenient awkward clunky confusing complicated tedious незручн складн заплутан
    забагато |
    checkout order ordering signup form flow steps оформл замовлен реєстрац форм кроків
    крок
outcomeonestyle: style styles look same consistent одном єдин стил однаков |
    button buttons card cards control controls component components кноп картк карток
    компонент |
    every each all everywhere whole кожн всі усі скрізь ціле цілісн
outcomelookdesign: look looks design layout mockup mockups wireframe wireframes вигляд
    дизайн макет вайрфрейм |
    colors colours color colour spacing fonts font typography palette кольор шрифт
    відступ палітр |
    page pages screen screens app сторінк екран додат застосун
outcomelookdesign: mockup mockups wireframe wireframes prototype макет вайрфрейм
    прототип |
    draw design make sketch намалю зроби створи накида |
    screen screens page pages app home homepage екран сторінк додат застосун головн
outcomeguide: write prepare draft напиш написат підготу скласт склади |
    instructions guide manual handbook howto інструкц посібник гайд мануал довідк |
    admins admin users staff customers employees team support адмін користувач
    працівник співробітн клієнт підтримк
outcomedocsdrift: help article articles guide manual instructions docs documentation
    tutorial faq довідк інструкц посібник документац гайд |
    says say tells told written mention mentions describes написано сказано каже вказано
    пише описан |
    gone removed deleted renamed exist longer anymore moved нема немає видалил прибрал
    перейменув більше
outcomesharedb: pr prs pull change commit merge diff proposal пр пулреквест пулріквест
    коміт зміна зміни |
    microservice microservices ==services database databases db ==tables boundaries
    сервіси сервісів баз таблиц меж |
    ok okay fine good idea acceptable wrong smell directly straight bypass bypassing
    violate норм нормально ок правильн напряму чуж порушу ламає
outcomesharedb: ==services сервіси сервісів ==modules модулі модулів |
    directly straight bypass bypassing напряму чуж |
    database databases db ==tables бази базу баз таблиц
outcomewholeapp: site website app webapp сайт застосун |
    {_CUSTOMERS} |
    sign signup register book booking books order orders reserve appointment appointments
    бронюв запис реєстру замовля |
    admin адмін адмінк backoffice
outcomewholeapp: end |
    whole everything entire one single only alone весь все цілий один одна одного |
    build make develop do зробит побудув
outcomeloadslow: slow slows slowly crawl crawls lag lags laggy hangs freezes гальм тормоз
    повільн виса |
    many lots traffic peak rush busy crowd багато наплив пік навантаж |
    people users visitors customers людей користувач відвідувач клієнт
outcomecertify: soc soc2 iso 27001 pci hipaa certification certified certificate
    сертифікац сертифікат |
    need needs require requires required asks demand before client clients customer
    customers enterprise deal signs потрібн вимага треба клієнт перед угод
outcomeseofound: google гугл bing |
    find finds found show shows appear rank ranks знаход знайд показ |
    us нас наш our ми слову слово keyword keywords запит запитом
outcomebugsrelease: bug bugs баг баги багів помилки |
    release releases releasing ship shipping deploy deploys реліз релізу деплой викатк |
    test testing tested tests qa тест тестуван перевірят
outcomewalkthrough: scenario scenarios сценарі |
    walk through пройти пройдис прокліка перевір |
    app admin screens screen site застосун адмін екран сайт
outcomelegacyapp: vb6 delphi foxpro powerbuilder cobol mainframe as400 кобол дельфі
    фокспро мейнфрейм |
    port porting перенос переход переїжджа
"""  # noqa: RUF001 - Ukrainian words written in all look-alike letters
# --- end round 104 ---

# --- round 100 (VoltAgent: the field a situation names, not the store or tool around it) ---
#: Someone else's record opened by changing, substituting or guessing the number in a link
#: (поміняти, підставити айді; видно чужі рахунки): access control broken, a security
#: hole, told in plain words. An incident told by its symptoms: 5xx or exceptions since a
#: release or deploy, wanted handled now (терміново) or with customers complaining: the
#: on-call's alarm (:data:`ALARM_TERMS`), not release automation. A board or chart of a
#: business number (sales, revenue, signups) by region, week or channel: the analyst's,
#: wherever the data lives (spreadsheets, Postgres). An office's computers managed through
#: the Windows domain (its policies block USB drives, map printers, join laptops): Windows
#: infrastructure, however everyday the laptop or printer. An idea asked about as dumb or
#: crazy, or pitched as "Uber for X": the idea validator's, however everyday its subject.
_ROUND100_LINES = """
outcomeidor: change changing edit swap replace guess guessing guessed increment поміня
    підстав вгада перебира |
    number id ids order invoice file номер ід айді цифр |
    link url address урл посилан лінк адрес
outcomeidor: see sees seeing видно видн |
    else other others чуж інш |
    invoice invoices order orders file files document documents рахунк замовлен документ
    файл
outcomeothersdata: returns return returned shows showing displays повертає показує |
    someone else elses other others another чуж інш |
    profile profiles account accounts order orders invoice invoices record records
    document documents профіл акаунт замовлен рахунк документ
outcomeothersdata: download downloads downloaded скача завантаж |
    other others another someone elses інш чуж |
    file files document documents invoice invoices report reports файл документ рахунк
    звіт
outcomepaged: ==500 500s 5xx ==502 ==503 ==504 502s 503s exception exceptions timeouts
    ексепшн ексепшен таймаут |
    release released deploy deployed deploys deployment rollout rolled релізу релізом
    деплою деплоя викатки викатил |
    now asap urgently urgent immediately everyone complaining complain complaints зараз
    терміново негайно всіх скаржат
outcomemetricsboard: dashboard dashboards chart charts board дашборд графік діаграм звіт |
    sales revenue signups profit margin bookings продаж виручк виторг прибут реєстрац |
    region regions weekly monthly quarterly week month quarter channel channels store
    stores country countries регіон тижн місяц квартал канал магазин країн
outcomedomainpc: domain домен домені домену gpo gpos intune |
    laptop laptops computer computers pc pcs workstation workstations printer printers usb
    ноутбук компи компів компютер пк принтер флешк юсб |
    block blocked ban banned forbid disable map mapped join joined push enforce apply
    automatically блок забор заборон підтяг отриму автомат приєдн
outcomevalidate: idea ідея ідею ідеї |
    dumb stupid silly crazy viable дурн тупа тупо безглузд |
    box subscription marketplace startup business shop cafe brand delivery rental
    franchise niche town towns підписк маркетплейс стартап бізнес магазин кафе бренд
    доставк прокат франшиз ніш міст
outcomefileshare: shared network mapped мережев спільн |
    drive drives диск диска диску диски
outcomesignupcohort: retention retain retained churn churned stick stuck returning утриман
    утримуют утримал відтік відток тримают |
    signup signups registration joined registered реєстрац зареєстр приєдна |
    month months monthly week weeks weekly cohort cohorts місяц тижн когорт
outcomemedical: patient patients medical clinic clinics hospital пацієнт медичн клінік
    лікарн |
    diagnosis diagnoses records data results діагноз аналіз записи даним даних результат |
    store stores keep share comply violate breach зберіг передава поруш врахув вимог
outcomelegacyapp: vb6 delphi foxpro powerbuilder cobol mainframe as400 кобол дельфі
    фокспро мейнфрейм |
    replace replacement replacing rewrite retire sunset migrate migration modernize
    modernise замін переписат перенест мігр переїзд модерніз
outcomeexperiment: split splitting traffic трафік розділ поділ |
    old new variant variants version versions стар нов варіант версі |
    win won winner significant significance переміг виграв значущ
outcomevalidate: uber airbnb tinder netflix etsy doordash убер ейрбнб тіндер |
    dumb stupid silly crazy viable sense idea market demand дурн тупа тупо безглузд сенс
    ідея ідею попит ринок
"""  # noqa: RUF001 - Ukrainian words written in all look-alike letters
# --- end round 100 ---

# --- round 109: an analyst's, researcher's, designer's or writer's deliverable named (a
# report by region, an experiment's result, users to talk to, a flow to change, a guide, a
# test plan, a person's data asked for and erased, traffic lost from search, a team of
# agents for a product) decides over the technology words around it ---
#: A board or report of a business's numbers split by where they come from (sales by
#: region, money lost by location) is the analyst's board, unless its SQL query is what is
#: asked (the SQL agent's query: :data:`_YIELDS`); an experiment's two groups
#: told by their visits and purchases asked whether to roll it out; what drives revenue or
#: sales; users still active by the month they signed up; a guide or step-by-step
#: instructions someone needs (developers' onboarding too); users who leave at a step of a
#: flow with what to change in it (UX design); customers to talk to, to find out why; a
#: plan or checklist for manual QA named (no usability session); a person's data a business holds
#: asked for or erased (a privacy request); traffic from search lost after a move; agents
#: put together to build a product.
_ROUND109_LINES = """
outcomesalesboard: dashboard dashboards report reports board дашборд звіт |
    sales revenue profit profits margin margins money loss losses продаж виручк прибут
    збит маржа маржу |
    region regions location locations store stores shop shops branch branches city cities
    weekday weekdays регіон локац філі магазин точк міст
outcomeexperiment: conversion conversions visits visitors purchases purchase orders buys
    конверс візит покуп замовлен |
    control variant variants test group groups контрол варіант тест груп |
    ship roll rollout everyone noise real significant кати викат всіх шум реальн значущ
outcomepredicts: what which що які яка який |
    drive drives driver drivers influence influences affect affects impact impacts
    впливає впливають вплива |
    revenue sales profit виручк продаж прибут виторг
outcomesalesquery: =query =queries sql select запит вибірк селект |
    sales продаж |
    region regions location locations store stores weekly monthly daily регіон локац
    магазин щотижн щомісяц щодня
outcomesignupcohort: still досі active активн |
    signup signups signed registration joined registered реєстрац зареєстр |
    month months monthly week weeks weekly cohort cohorts місяц тижн когорт
outcomeguide: need needs треба потрібн покроков |
    instructions guide handbook howto інструкц посібник гайд |
    admins users staff customers clients employees team support developers devs newcomers
    onboarding адмін користувач працівник співробітн клієнт підтримк розробник девів
    новачк онбордин
outcomeflowdrop: step steps screen form flow крок кроц екран форм флоу флов |
    drop drops dropping leave leaving abandon abandons quit відпада відвалю кидают губим |
    change redesign simplify improve rework змінит змінюв переробит спрост покращ
outcomeinterview: talk talking interview interviews поговор поспілкув |
    them some few handful кількома декількома деякими ними |
    why find learn understand чому дізнат зрозум
outcometestplan: qa manual manually regression testers вручну ручн регрес тестувальн |
    plan plans checklist checklists scenarios strategy план чекліст сценарі стратег
outcomedatarequest: data information дані даних інформац |
    hold store keep have collected зберіга маєм тримаєм зібрал |
    delete deleted deletion erase erased forget forgotten видал стерт стерл забут
outcomedatarequest: personal персональн особист |
    data дані даних інформац |
    copy export access request delete erase копі доступ запит видал
outcomeseotraffic: organic search google гугл органічн пошуков |
    traffic visits visitors clicks rankings ranking трафік відвідув позиці |
    down drop dropped fell lost halved tanked впав впала просів просіла знизи зменши
outcomeagentteam: =agents =subagents агенти агентів |
    who order хто порядку порядок |
    mvp app saas product build startup мвп застосун продукт стартап
"""  # noqa: RUF001 - Ukrainian words written in all look-alike letters
# --- end round 109 ---

# --- round 93 (VoltAgent, lst97: an analyst's, a founder's or a PM's question names the field) ---
#: Non-developers name a field by the question they ask, while the nouns around it name the
#: data's source or the product's parts (subscriptions, Shopify, Postgres, SSO, the bot):
#: why a business number fell (the data analyst's: "why did sales drop in October"); what
#: predicts or drives an outcome of users or deals (the data scientist's: "what predicts
#: winning a deal", "що найбільше впливає на апгрейд"); which clients look like they will
#: not renew, or stopped using the product (customer success: "які клієнти не продовжать
#: контракт"); how users of one signup month keep using it (a cohort: "як тримаються юзери
#: залежно від місяця реєстрації"); what to build first when everyone pulls their own way,
#: or which pricing model to pick and what to measure (the product manager's); how a bot or
#: assistant answers (rude, robotic, too formal, making things up: the prompt engineer's,
#: whatever model it runs); a screen that looks dated (the UI designer's, no legacy code); a
#: board of business numbers by segment in a BI tool (the data analyst's, however many
#: retention or churn words it holds).
#: Round 95: frames for requests whose strongest word names another field in a second sense
#: (an attractor). The page's: a blank page with a console or browser error (a JS error's
#: "evaluating" is no model evaluation), a page of customer reviews with stars or photos
#: (відгуки read as feedback to cluster). The API's: the API schema's examples or field
#: descriptions in the generated docs (not product copy: :data:`_YIELDS`), a login that fails
#: after the email or password was changed, a list with paging asked by a mobile team. The
#: schema's: a history or list that loads for seconds (:data:`_ROUND85_LINES`' slow report
#: gains history). The pipeline's: a site that slows (surzhyk тормозить) before customers
#: write.
_ROUND95_LINES = """
outcomeblankpage: white blank empty білий біла білим порожн пуст |
    page screen сторінк екран |
    console typeerror referenceerror undefined safari chrome firefox browser консол
    браузер сафар хром
outcomereviewpage: review reviews відгук відгуки відгуками відгуків |
    page section widget block сторінк секці блок віджет |
    stars star rating ratings зірочк зірк рейтинг оцінк
outcomeschemadocs: swagger openapi docs schema свагер сваггер документац схем |
    example examples description descriptions приклад опис |
    field fields поле поля полів
outcomeloginchange: email password phone username пошт емейл імейл мейл пароль телефон
    логін |
    change changed changes update updated змін поміня оновил оновив |
    login log signin увійт зайти залогін вхід входу |
    cant cannot unable fails failed doesnt wont не
outcomemobilelist: mobile ios android мобіл мобільн айос андроїд |
    list listing списк список |
    paging pagination paginated pages пагінац посторінк сторінками
"""

_ROUND93_LINES = f"""
outcomewhydrop: why чому explain розібрат зрозум |
    drop dropped drops fell fall falling decline declined dip dipped sank tank tanked
    впал впав просіл просіла знизил зменшил падают падає провал |
    sales revenue conversion conversions retention bookings aov
    продаж виручк конверс виторг
outcomepredicts: what which що які яка який |
    predict predicts predictor predictors drive drives driver drivers influence influences
    affect affects impact impacts determine determines впливає впливають вплива
    передбача прогнозу визнача |
    win winning won upgrade upgrades convert converts conversion churn churns buy buys
    purchase renew renews renewal retention deal deals cancel cancels leave leaves апгрейд
    купу купі конверс відтік продовж угод скасу
outcomewontrenew: which які яких котрі who хто |
    {_CUSTOMERS} accounts account акаунт |
    renew renewal renewing продовж контракт стоп =stopped перестал usage =using
    користуват користуют користуєт заход
outcomechurn: {_ACCOUNTS} |
    retain retained retention stay stick stayed тримаю тримают утриму залиша лишают |
    cohort cohorts signup month months місяц реєстрац когорт
outcomepmdecide: first першим першою спершу спочатку |
    sso api mobile app feature features integration integrations мобілк апі фіч інтеграц
    застосун |
    everyone everybody stakeholders shouts shouting yelling всі кричать тягне
outcomepmdecide: freemium trial trials paywall pricing фріміум тріал тріал пейвол |
    measure metrics metric decide choose pick виміря метрик вирішит обрат вибрат |
    or vs versus чи або
outcomebotvoice: bot bots chatbot assistant assistants ai бот боти чатбот асистент
    помічник |
    answer answers answering replies reply respond responds sounds sound talks tone
    behave behaves writes write summaries відповіда звучит говорит тон поводит пише |
    rude robot robotic formal cold warm warmer friendly friendlier polite verbose wordy
    rambling груб робот формальн холодн тепл теплі дружн ввічлив
outcomemetricsboard: dashboard dashboards report reports board дашборд звіт |
    mrr arr nrr arpu ltv cac churn retention revenue kpi kpis відтік виручк |
    segment segments metabase looker tableau powerbi superset breakdown сегмент розріз
outcomedatedlook: dashboard site website page app interface screen admin panel дашборд
    сайт сторінк інтерфейс екран адмінк панел |
    looks look looking вигляд виглядає дизайн design |
    dated outdated old ancient 2000s 2005 2010 modern fresh застарі стар сучасн древн
"""  # noqa: RUF001 - Ukrainian words written in all look-alike letters
# --- end round 93 ---

#: A frame's joined word -> the domain words it belongs to (as :data:`concepts.CONCEPTS`).
ENTRIES: dict[str, str] = {
    # round 114
    "outcomeexportbytes": "unicode encoding utf-8 csv export backend bug",
    "outcomedbguard": "database constraint check schema validation integrity",
    "outcomewallboard": "dashboard monitoring metrics visualization realtime grafana",
    "outcomebilling": "subscription recurring billing payment plan stripe backend",
    "outcomeplan": "subscription recurring billing payment plan stripe backend",
    "outcomehook": "webhook callback integration api event notification backend",
    "outcomemeaning": "semantic search embedding vector retrieval synonyms relevance",
    "outcomesetup": "developer experience dx onboarding local development environment setup "
    "tooling docker",
    "outcomefind": "ux usability user experience navigation information architecture design",
    "outcomepriority": "product management prioritization roadmap backlog requirements",
    "outcomemobileslow": "web performance page speed core web vitals frontend optimization "
    "lighthouse",
    "outcomebreach": "security incident breach response forensics",
    "outcomeratecap": "rate limiting throttling api backend",
    "outcomeunnoticed": "uptime monitoring alerting incident observability",
    "outcomechurn": "retention cohort analysis churn analytics",
    "outcomemany": "many to many relational schema join table database modeling",
    "outcomesaved": "frontend ui component toast notification feedback state",
    "outcomeextract": "ocr extraction vision llm structured output document",
    "outcomeretain": "data retention soft delete archive database audit",
    "outcometwice": "idempotency retry duplicate api backend webhook background task",
    "outcomenotarriving": "email sending background task webhook api backend",
    "outcomecustomermail": "email sending background task webhook api backend",
    "outcomesecretplace": "secrets management vault secret rotation credentials security devops",
    "outcomequeryflood": "n+1 query performance database",
    "outcomededupe": "deduplication data cleaning unique constraint database sql",
    "outcomedocfields": "document extraction structured output llm ocr fields",
    "outcomeperiodicfetch": "scheduled task cron background job periodic sync backend api",
    "outcomecigate": "ci cd pipeline automated tests github actions devops",
    "outcomeprodaccess": "production infrastructure iam ssh bastion devops deployment",
    "outcomeloadingshown": "loading state spinner skeleton frontend ui component",
    "outcomeautotranslate": "machine translation llm text generation nlp",
    "outcomedocdownload": "pdf generation invoice export backend api",
    "outcomechargedtwice": "idempotency duplicate payment api backend transaction retry",
    "outcomekeepchoice": "frontend state persistence localstorage url state react ui",
    "outcomescaleout": "autoscaling horizontal scaling replicas kubernetes load balancer devops",
    "outcomeblockingcall": "async await httpx asyncio non blocking io api backend",
    "outcomeanalystview": "sql view materialized view reporting query database aggregation "
    "postgresql",
    "outcomesorttext": "classification text llm ml nlp categories clustering",
    "outcometoolcall": "tool calling function calling llm agent api",
    "outcomestructured": "structured output json schema llm pydantic",
    "outcomeimagefit": "css frontend ui component image layout responsive",
    "outcomepreview": "preview environment deployment ci cd devops staging",
    "outcomepartition": "database partitioning table performance scaling",
    "outcomehumanwrite": "ai writing content editing copywriting",
    "outcomechaos": "chaos engineering resilience reliability testing",
    "outcomeidea": "idea validation market research demand competitors",
    "outcomeconfusing": "ux usability user experience research onboarding design",
    "outcomeexperiment": "ab test experiment statistical significance analysis",
    "outcomeattribution": "marketing analytics attribution campaign conversion",
    "outcomeremind": "scheduled task cron background job notification backend",
    "outcomelicense": "license licensing legal compliance open source",
    "outcomeaudit": "audit log history column table database tracking",
    "outcomelanguages": "localization internationalization i18n translation frontend",
    "outcomeforecast": "forecasting time series data science prediction",
    "outcomereset": "password reset authentication auth email backend",
    "outcomeotp": "two factor authentication 2fa otp auth backend",
    "outcomestale": "cache invalidation caching cdn revalidation",
    "outcomelivemap": "realtime websocket live updates location tracking",
    "outcomeoffline": "offline sync pwa service worker mobile cache",
    "outcomefakeaccounts": "signup protection captcha rate limiting abuse security",
    "outcomehackedsite": "security incident breach response forensics malware",
    "outcomeconsistent": "design system ui consistency component library style guide",
    "outcomeinterview": "user research interviews ux research",
    "outcomelanding": "landing page conversion copywriting marketing",
    "outcomeopens": "email marketing campaign deliverability open rate",
    "outcomeseo": "seo search ranking google indexing traffic",
    "outcomestore": "app store release mobile submission review",
    "outcomeaccess": "accessibility a11y wcag screen reader",
    "outcomeragbot": "rag retrieval embedding vector llm documents chatbot",
    "outcomereferral": "growth loop referral viral acquisition invite",
    "outcomerelease": "deployment release rollback automation ci cd",
    "outcometap": "responsive mobile layout css ui touch accessibility",
    "outcomepricing": "dynamic pricing data science ml optimization",
    "outcomeassets": "visual asset design image icon illustration",
    "outcomemismatch": "data quality analytics validation sql pipeline",
    "outcomelegacy": "legacy modernization migration refactoring",
    "outcomepaidnoorder": "webhook payment order backend api transaction",
    "outcomeloggedout": "authentication auth session jwt token expiry",
    "outcomeusage": "product analytics usage tracking events",
    "outcomescale": "scalability capacity planning architecture performance load",
    "outcomeempty": "empty state ui design ux component",
    "outcomehosting": "cost optimization finops cloud infrastructure",
    "outcomewhodid": "database schema modeling table relational history",
    "outcomestaffping": "notification integration webhook bot api backend",
    # round 46
    "outcomeshown": "frontend ui component display render react",
    # round 47
    "outcomeerase": "gdpr privacy personal data deletion compliance erasure",
    "outcomespam": "email deliverability spam inbox spf dkim dmarc",
    "outcomeregress": "regression testing test automation qa e2e",
    "outcomeknowhow": "documentation technical writing knowledge base docs",
    "outcomelatedata": "data pipeline etl data engineering warehouse freshness",
    "outcomecopyover": "data pipeline etl data engineering integration warehouse sync",
    "outcomesuggest": "recommendation system ml personalization collaborative filtering",
    "outcomefraud": "fraud detection payment risk chargeback ml",
    "outcomecrash": "mobile app crash debugging crash reporting ios android",
    "outcomepostmortem": "incident postmortem root cause analysis incident response",
    "outcomebackup": "backup disaster recovery restore database replication",
    "outcomeroles": "role based access control permissions authorization rbac",
    "outcomeexport": "csv export excel report backend api endpoint streamingresponse",
    "outcomebigupload": "file upload storage s3 multipart backend api",
    "outcomefilter": "faceted filters product catalog elasticsearch frontend ui component",
    "outcometypo": "search fuzzy typo tolerance relevance elasticsearch",
    "outcometimezone": "timezone date time utc localization backend",
    "outcomedrip": "email marketing lifecycle onboarding campaign automation",
    "outcomefunnel": "funnel conversion analytics product analytics drop off",
    "outcomerivals": "competitive analysis competitors competitor benchmarking",
    "outcomedeadlines": "project management agile scrum sprint planning estimation",
    "outcomemvp": "mvp product management scope roadmap prioritization",
    "outcomeseniors": "accessibility a11y wcag usability font contrast",
    "outcomecibuild": "build performance build time ci pipeline caching incremental build "
    "developer experience",
    "outcomeidor": "security authorization access control vulnerability idor audit",
    "outcomepayout": "marketplace payouts payment integration stripe connect split",
    "outcomesamequestions": "customer support chatbot faq knowledge base rag automation",
    "outcomenotifyprefs": "notification preferences email unsubscribe settings backend",
    "outcomeusability": "usability testing user research ux prototype",
    "outcomebeta": "beta testing testflight app distribution mobile release",
    "outcomelive": "realtime websocket live updates frontend react",
    "outcomeslowreport": "slow query performance database optimization index profiling",
    "outcomemanualqa": "test automation e2e qa regression testing",
    "outcomeapidocs": "api documentation openapi reference developer docs",
    "outcomesociallogin": "oauth social login sso authentication",
    "outcomeaccounthealth": "customer success account health churn risk renewal",
    "outcomemedical": "hipaa healthcare compliance phi privacy security",
    "outcomedevices": "iot devices telemetry mqtt embedded sensors",
    "outcomecurrency": "multi currency payment integration stripe pricing",
    "outcomerefund": "refund payment integration stripe backend",
    "outcomekeyboard": "accessibility a11y wcag keyboard navigation focus",
    "outcomeactive": "product analytics active users dau metrics retention dashboard",
    "outcomehackers": "penetration testing security audit vulnerability assessment",
    "outcomephotodefect": "computer vision image classification detection ml model",
    "outcomemadeup": "hallucination prompt engineering llm evaluation grounding rag",
    "outcomepeakload": "load testing scalability autoscaling capacity performance",
    # round 58
    "outcomefleet": "configuration management ansible automation idempotent playbook "
    "provisioning infrastructure",
    "outcomepaged": "incident response oncall outage production triage",
    "outcomeretro": "retrospectives agile ceremony facilitation scrum team process",
    # round 59
    "outcomeothersdata": "authorization access control permissions role tenant isolation",
    "outcomedownping": "uptime monitoring alerting alerts incident observability devops",
    "outcomesafemigrate": "zero downtime migration database schema alembic",
    "outcomef5": "state management frontend react cache invalidation ui",
    "outcomerace": "transaction locking concurrency database isolation constraint",
    "outcomenplusone": "n+1 orm query database sqlalchemy eager loading",
    "outcomeoffload": "background task worker queue async job backend",
    # round 61
    "outcomesplitmono": "microservices architecture service boundaries decomposition "
    "monolith distributed",
    "outcomeagentteam": "multi agent orchestration coordination team assembly workflow "
    "task decomposition subagents",
    "outcomecomply": "compliance regulatory requirements audit privacy legal",
    "outcomecrossservice": "error correlation root cause analysis logs distributed debugging",
    "outcomedevsetup": "developer experience dx onboarding local development environment "
    "setup tooling docker",
    "outcomeoverwrite": "git workflow branching merge conflicts version control collaboration",
    "outcomeprovision": "user provisioning accounts identity management microsoft 365 "
    "mailbox it administration onboarding",
    "outcomeonedown": "chaos engineering resilience reliability fault tolerance failure",
    # round 63
    "outcomelogsplace": "centralized logging log aggregation observability tracing monitoring",
    "outcomedataplace": "data pipeline etl data engineering integration warehouse",
    "outcomeflaky": "flaky tests test automation test stability e2e ci qa",
    "outcomeslowsecs": "performance latency slow profiling optimization",
    "outcomeprelaunch": "security audit vulnerability assessment owasp penetration testing",
    "outcomepullapi": "rest api endpoint backend integration json",
    # round 67
    "outcomemsgloss": "message broker delivery guarantee acknowledgement persistence durable queue",
    "outcomesheetgroup": "pandas dataframe groupby aggregation python data analysis",
    "outcomeoneboard": "dashboard grafana metrics visualization monitoring panels",
    "outcomeprompt": "prompt engineering prompt design instructions few shot",
    "outcomesecheck": "security audit vulnerability assessment owasp secure code review",
    "outcomegqlnplusone": "graphql resolver dataloader n+1 batching query optimization",
    # round 66
    "outcomemcp": "mcp model context protocol server tools claude integration",
    "outcomesockets": "websocket realtime connections scaling reconnection load balancer",
    "outcomegitundo": "git workflow branching revert reset history version control",
    "outcomeassume": "assumption mapping risky assumptions hypothesis validation experiment",
    "outcomevalidate": "idea validation market research demand competitors viability",
    "outcomepayhook": "payment integration payment gateway stripe webhook transaction",
    "outcomeaccessreview": "access review least privilege permissions audit security",
    # round 65
    "outcomecallback": "webhook callback integration payment api endpoint backend",
    "outcometenantheader": "middleware dependency request header api backend",
    "outcomebadge": "frontend ui component badge css style",
    "outcomechatscroll": "frontend ui component scroll layout react",
    "outcomedupes": "unique constraint index database schema migration",
    "outcomebadmigration": "alembic migration downgrade schema database",
    "outcomeproxyerror": "nginx reverse proxy deployment server devops",
    "outcomeleakedkey": "secrets management secret rotation credentials security ci devops",
    "outcomelongdoc": "context window chunking llm summarization documents",
    "outcomeorphans": "foreign key constraint referential integrity database schema",
    "outcomesummary": "summarization llm documents transcripts",
    "outcomegoonline": "deployment hosting server production domain devops",
    "outcomediskfull": "server disk logs monitoring infrastructure devops",
    "outcomemoderate": "content moderation classification llm ml nlp",
    "outcomespacing": "css layout spacing frontend ui component",
    "outcomefrontonly": "frontend ui component react page",
    "outcomebackready": "frontend ui component react page form",
    "outcomeschemaready": "api endpoint backend rest pydantic",
    # round 74
    "outcomeflexattrs": "database schema design jsonb attributes data model postgresql",
    "outcomenotsecure": "ssl certificate https tls domain nginx devops",
    # round 83
    "outcomeordermade": "api endpoint backend order creation payment transaction timeout "
    "server error",
    "outcomestalesum": "api endpoint backend business logic calculation pydantic response",
    "outcomeappstart": "backend api startup import error debugging traceback",
    "outcomehealthbody": "api endpoint backend fastapi response status json",
    "outcomecertexpired": "ssl certificate https tls renewal domain nginx devops",
    "outcomechatalert": "monitoring alerts alerting uptime grafana prometheus devops",
    "outcomeanalystcount": "sql query aggregation group by reporting database postgresql",
    # round 109
    "outcomesalesboard": "dashboards reporting data visualization business intelligence kpi",
    "outcomesalesquery": "sql query aggregation group by reporting database postgresql",
    "outcomeflowdrop": "ux design user flow usability interaction design",
    "outcometestplan": "qa test plan test cases manual testing quality assurance",
    "outcomedatarequest": "gdpr ccpa privacy data subject request erasure right to be forgotten",
    "outcomeseotraffic": "seo search ranking google indexing traffic",
    "outcomebigdownload": "streamingresponse streaming file download backend api",
    "outcomepartialupdate": "partial update patch pydantic api endpoint backend",
    "outcomeapiversions": "api versioning compatibility backend endpoint",
    "outcomebruteforce": "brute force rate limiting login authentication api backend",
    # round 84
    "outcomedocdrift": "documentation drifted out of sync code change docs update markdown",
    "outcomesameerror": "correlate correlation across services cascading failures error patterns",
    "outcomebacklog": "backlog grooming refinement clean up backlog stories",
    # round 85
    "outcomesplitmodule": "apirouter modules project structure refactoring fastapi backend api",
    "outcomelazybundle": "code splitting lazy loading bundle size frontend react performance",
    "outcomepromopage": "landing page frontend ui component react countdown timer",
    "outcomeautocopy": "llm text generation prompt product descriptions ai",
    # round 90
    "outcomeassistive": "accessibility a11y wcag screen reader assistive technology testing",
    "outcomeconvertcopy": "landing page copywriting conversion cta copy",
    "outcomeceremony": "scrum agile ceremonies facilitation velocity retrospectives",
    "outcomemailhacked": "security incident response breach compromised account phishing",
    # round 94
    "outcomereadonly": "read only role grant privileges permissions database postgresql",
    "outcometimeout": "timeout long running request background task api backend",
    "outcomereplicalag": "replication lag read replica database postgresql monitoring",
    "outcomedoublebook": "double booking concurrency transaction locking constraint "
    "database api backend",
    # round 95
    "outcomeblankpage": "frontend react component page rendering javascript error browser",
    "outcomereviewpage": "frontend ui component react page rating stars",
    "outcomeschemadocs": "openapi swagger schema examples fastapi api documentation endpoint",
    "outcomeloginchange": "authentication login jwt backend api endpoint",
    "outcomemobilelist": "api endpoint backend pagination rest",
    # round 93 (the agents' own descriptions' words for the work the question asks)
    "outcomewhydrop": "data analysis business insights trends reporting analytics",
    "outcomepredicts": "statistical analysis predictive modeling feature importance data science",
    "outcomewontrenew": "customer success customer health churn risk renewal retention",
    "outcomepmdecide": "product management product strategy prioritization roadmap metrics",
    "outcomebotvoice": "prompt engineering system prompt instructions tone persona",
    "outcomemetricsboard": "dashboards reporting data visualization business intelligence kpi",
    "outcomedatedlook": "ui design visual design modern interface design system",
    # round 97
    "outcomezerodowntime": "zero downtime deployment blue green canary rolling release "
    "deployment automation",
    # round 99
    "outcomeepisode": "uptime monitoring incident server load metrics logs observability "
    "production devops",
    "outcomecasedupes": "unique constraint index database schema case insensitive duplicate",
    "outcomemoneytype": "numeric decimal column type money migration database schema",
    "outcomeonceper": "unique constraint per user limit validation database api backend",
    "outcomereportfilter": "api endpoint parameters backend",
    # round 101 (the words the agents' own descriptions use for the work)
    "outcomecontentsite": "astro static site content collections islands performance",
    "outcomebrowserdb": "pglite in-browser database client-side database offline",
    "outcomecountunique": "sql analytics data analysis metrics insights queries",
    "outcomeemailhtml": "html email template markup inline css tables",
    "outcomecodeaudit": "security audit vulnerabilities code review secure coding",
    "outcomeencoding": "unicode encoding utf-8 debugging error bug",
    # round 104 (the words the role agents' own descriptions use for the work)
    "outcomelostusers": "user retention churn analysis segments insights",
    "outcomepmfirst": "product management product strategy prioritization roadmap metrics",
    "outcomerivalsnews": "competitive analysis competitors competitor benchmarking",
    "outcomeinterviewask": "user research interviews ux research",
    "outcomeonestyle": "design system ui consistency component library style guide",
    "outcomeseofound": "seo search ranking google indexing traffic",
    "outcomekeepkill": "product management product strategy prioritize features roadmap "
    "user needs business goals",
    "outcomebizprocess": "business analysis business processes requirements stakeholders "
    "process improvement operational efficiency",
    "outcomesalesdemo": "pre-sales technical demonstrations proof-of-concept solution "
    "architecture sales deals",
    "outcomenumbersdiffer": "business data insights dashboards reports data analysis",
    "outcomeslo": "slo sli error budget reliability availability",
    "outcomecloudbill": "cloud costs cost optimization finops cloud infrastructure",
    "outcomeattackus": "penetration testing offensive security exploitation vulnerabilities",
    "outcomeholes": "security audit vulnerabilities owasp",
    "outcomelookfor": "ux usability user experience navigation information architecture",
    "outcomedocsdrift": "documentation user documentation docs drift help outdated",
    "outcomeguide": "documentation user guides end-user documentation",
    "outcomeclunky": "ux usability user experience user flows friction",
    "outcomelookdesign": "ui design visual design interface design mockups prototyping",
    "outcomesharedb": "architecture review architectural consistency service boundaries patterns",
    "outcomewholeapp": "full stack web application end-to-end frontend backend database",
    "outcomecertify": "compliance audit soc 2 iso 27001 certification controls",
    "outcomebugsrelease": "qa process quality assurance test strategy release testing",
    "outcomewalkthrough": "ui testing manual testing test scenarios bug report",
    "outcomeloadslow": "performance load scalability bottlenecks load testing",
    # round 112
    "outcomeoutagenow": "incident response outage on call rollback coordination",
    "outcomeintrusion": "security incident breach response forensics evidence",
    "outcomenightlyload": "data pipeline etl idempotent reruns data engineering",
    "outcomesamebehaviour": "refactoring code smells behavior preserving clean code",
    "outcomecliflags": "cli command line tool shell completion subcommands",
    "outcomeideacheck": "idea validation market research demand competitors",
    "outcomegame": "game development unity game engine gameplay",
    "outcomepeerdeps": "dependency management version conflicts package manager",
    "outcomepeakslow": "performance load scalability bottlenecks peak traffic",
    "outcomecantrepro": "debugging root cause reproduce bug issue",
    # round 110
    "outcomealertnoise": "slo sli error budget alerting alert fatigue reliability",
    "outcomecapacity": "performance load testing capacity planning scalability bottlenecks",
    "outcomewhereslow": "performance profiling bottlenecks latency end-to-end",
    "outcomesplitfile": "modules code structure",
    "outcomenoauth": "security audit access control authentication vulnerabilities",
    "outcomeerrorchain": "error patterns log correlation distributed systems root cause",
    "outcomelocalonly": "debugging root cause environment difference",
    "outcomemodeldrift": "ml model monitoring drift production mlops",
    "outcomereviewme": "code review code quality best practices",
    "outcomelookpr": "code review pull request best practices",
    "outcomefeaturestack": "full stack feature frontend backend database end-to-end",
    # round 100
    "outcomelegacyapp": "legacy modernization migration refactoring",
    "outcomesignupcohort": "cohort analysis retention curve cohort retention user retention",
    "outcomefileshare": "windows server file share active directory group policy",
    "outcomedomainpc": "windows server active directory group policy gpo domain dns dhcp",
    # round 103 (the bundled agents' own words for the work)
    "outcomebotmemory": "context window conversation history memory chatbot llm",
    "outcometagfilter": "many to many tags relational schema join table database",
    "outcomestatusbadge": "frontend ui component badge css style",
    "outcomesmallscreen": "responsive layout mobile layout css frontend",
    "outcomejoindupes": "sql join query duplicate rows database",
    "outcometracepath": "distributed tracing opentelemetry observability latency devops",
    "outcomeinvestorreport": "dashboards reporting data visualization business intelligence kpi",
    "outcomeapipages": "pagination api list endpoint backend",
    # round 107 (the bundled agents' own words for the layer the cause lives in)
    "outcomeoversell": "race condition transaction isolation level locking stock database",
    "outcomeunittest": "pytest unit tests business logic service backend",
    "outcomepitr": "backups point in time recovery pg_dump restore devops",
    "outcomedomainmove": "domain dns redirect nginx hosting devops",
    "outcomefield422": "pydantic validation request body fastapi backend",
    "outcomecachefor": "redis cache caching backend api",
    "outcomeattrstore": "jsonb column schema index database",
    "outcomebigcolumn": "zero-downtime migration alembic column table lock database",
    # round 111
    "outcometrafficspike": "autoscaling scaling load capacity nginx server infrastructure devops",
    "outcomedatagone": "data loss migration rollback column table database",
    "outcomecanary": "canary release rollout deployment devops",
    "outcomedbrefuse": "check constraint column schema database",
    "outcomehostscale": "autoscaling hosting cloud infrastructure devops",
    "outcomeexportcharset": "csv export encoding utf-8 bom streamingresponse backend api",
    # round 116
    "outcomegrewslow": "slow query index query plan explain table database",
    "outcomedeadtap": "button onclick click handler component frontend react",
    "outcomechatwidget": "chat ui typing indicator auto-scroll component frontend react",
    # round 118 (the role agents' own words for the act asked)
    "outcomekeepclients": "customer success retention churn customer health onboarding",
    "outcomepalette": "design system ui consistency component library style guide",
    "outcomewhichfirst": "product management product strategy prioritization roadmap",
    "outcomestaffguide": "documentation user guides end-user documentation",
    "outcomesplitcheck": "architecture review microservices service boundaries",
    # round 119 (the bundled agents' own words for the layer)
    "outcomedeadlock": "deadlock locking transaction isolation level postgresql database",
    "outcomecors": "cors middleware allowed origins fastapi backend api",
    "outcomefielderrors": "form validation field errors component frontend react",
    "outcomelostupdate": "concurrent updates optimistic locking transaction database",
    # round 120 (the role agents' own words for the deliverable asked)
    "outcomebranchrules": "git workflow branching strategy branch protection merge review",
    "outcomeextracttext": "nlp named entity recognition text extraction information extraction",
    "outcomepmchoice": "product management product strategy prioritization roadmap",
    "outcomehandtesting": "test automation automated testing e2e regression suite",
    "outcomechannelstay": "data science statistical analysis customer lifetime value retention",
}

#: The routing terms of the joined words (what a query holds when a frame fired).
TERMS = frozenset(t for joined in ENTRIES for t in term_list(joined))
#: Frames of an alarm being handled now (an on-call page): no feature is being built,
#: whatever layers the alarm names (a 5xx from the API, the database's CPU).
ALARM_TERMS = frozenset(term_list("outcomepaged"))
#: Frames of an old system being left (round 97; round 100: a legacy platform named with
#: its replacement or rewrite): the platform it runs on (COBOL, VB6) is what the request
#: moves away from, so a roster that describes legacy work takes it.
LEAVING_TERMS = frozenset(t for w in ("outcomelegacy", "outcomelegacyapp") for t in term_list(w))
#: The terms an agent for that work describes itself by.
LEGACY_TERMS = frozenset(term_list("legacy"))
#: Frames of a job planned among several agents or specialists (round 61): the request asks
#: who does what, so neither the layers it lists (бек, фронт, база) make it a whole feature
#: nor an act it names (an audit, a review) picks that act's role agent.
PLANNING_TERMS = frozenset(term_list("outcomeagentteam"))
#: Frames whose every reading is about a product being built (a search page called one
#: thing, an assistant calling a function, a pull request's preview link, conversions an
#: experiment raised): one of them outweighs everyday words around it (raise, money, car),
#: while a frame a person's own day or a small shop can show too (charged twice, ideas for
#: a wedding, a budget table split by month, club members who leave) leaves the
#: everyday-life reading its say. Round 87: mailboxes, licences and chats set up for an
#: organisation's new staff are its IT admin's work, however everyday the mail client's
#: name (аутлук).
PRODUCT_TERMS = frozenset(
    t
    for joined in """
    outcomemeaning outcomeratecap outcometoolcall outcomestructured outcomepreview
    outcomeoversell outcomeexperiment outcomelanding outcomesaved outcomeidor outcomeexport
    outcomeothersdata outcomesafemigrate outcomef5 outcomenplusone outcomedevsetup
    outcomesheetgroup
    outcomemcp outcomegitundo outcomeassume outcomevalidate outcomeseo
    outcomegoonline outcomelongdoc outcomecustomermail outcomedocfields outcomeautotranslate
    outcomedocdownload outcomeprovision
    outcomepredicts outcomemetricsboard outcomedomainpc outcomelegacyapp outcomesalesboard
    outcomemoneytype outcomeonceper
    outcomeemailhtml outcomebrowserdb
    outcomestatusbadge outcomeslowreport outcomeinvestorreport
    outcomeexportcharset outcomedbrefuse outcomehostscale outcomecanary outcometrafficspike
    outcomeexportbytes outcomewallboard
    """.split()
    for t in term_list(joined)
)

#: Round 104: frames that name the job a role agent does (a business process to map,
#: competitors to read, a demo for a client, a cloud bill): they fire only on a roster
#: with that agent (:func:`unserved`), and there the everyday nouns and office tools
#: around the job (grocery, Excel, Telegram, a bank) are its context, not someone's own
#: life (``FitChecks._role_job``)...
ROLE_FRAMES = frozenset(
    """
    outcomekeepkill outcomepmfirst outcomebizprocess outcomesalesdemo outcomenumbersdiffer
    outcomeslo outcomecloudbill outcomerivalsnews outcomeattackus outcomeholes
    outcomelookfor outcomeinterviewask outcomeonestyle outcomelookdesign outcomeclunky
    outcomeguide outcomedocsdrift outcomesharedb outcomewholeapp outcomeloadslow
    outcomelostusers outcomeseofound outcomecertify outcomebugsrelease outcomewalkthrough
    outcomeflowdrop outcometestplan outcomedatarequest outcomeseotraffic
    outcomealertnoise outcomecapacity outcomewhereslow outcomesplitfile outcomenoauth
    outcomeerrorchain outcomelocalonly outcomemodeldrift outcomereviewme outcomefeaturestack
    outcomelookpr
    outcomeoutagenow outcomeintrusion outcomenightlyload outcomesamebehaviour outcomecliflags
    outcomegame outcomepeerdeps outcomeideacheck outcomepeakslow outcomecantrepro
    outcomekeepclients outcomepalette outcomewhichfirst outcomestaffguide outcomesplitcheck
    outcomebranchrules outcomeextracttext outcomepmchoice outcomechannelstay
    """.split()
)
#: ... of which those of business work on everyday subjects (a product decision about gift
#: cards, a process run in Excel, competitors' grocery prices, a bank's demo, an Amazon
#: bill, a license, a certification, a shop found in search), with the older frames of
#: such work, by their routing terms.
ROLE_TERMS = frozenset(
    t
    for joined in """
    outcomepmdecide outcomepmfirst outcomebizprocess outcomesalesdemo outcomecloudbill
    outcomerivals outcomerivalsnews outcomecertify outcomelicense outcomeseo outcomeseofound
    """.split()
    for t in term_list(joined)
)


def unserved(cues: frozenset[str]) -> frozenset[str]:
    """Round 104: the frames of :data:`ROLE_FRAMES` whose job no act of a roster with the
    act cues ``cues`` has an agent for (a roster without a business analyst, a product
    manager, a UX designer: the bundled five, 0xfurai): there they fire no frame, so a
    developer agent is no fit for a product decision or a business process by its domain
    words."""
    return frozenset(j for j in ROLE_FRAMES if cues.isdisjoint(term_list(j)))


#: Frames of a script's work on an office platform's files (spreadsheets a Python script
#: merges and groups, round 67): a platform no agent covers (Excel) does not make such a
#: request no agent's, as it does a formula or a macro. Round 93: nor does a question asked
#: of a platform's data (why the Shopify orders fell, what predicts a deal won in the CRM's
#: export, a board of its numbers): the data's source is no platform work. Round 101: nor
#: does an email's markup a mail client (Outlook) renders: the client is no office
#: administration.
SCRIPTED_TERMS = frozenset(
    t
    for joined in """
    outcomesheetgroup outcomewhydrop outcomepredicts outcomemetricsboard outcomeemailhtml
    outcomesalesboard outcomeexportcharset outcomeoffload outcomeexportbytes
    """.split()
    for t in term_list(joined)
)


def situation(term: str) -> str | None:
    """The domain words of the frame whose joined word's term is ``term`` (outcomeshown:
    "frontend ui component display render react"); None when ``term`` is no frame's."""
    return _situations().get(term)


@carried.table
def _situations() -> dict[str, str]:
    """Each frame's term -> the domain words of the first frame whose joined word has it
    (one look-up, not a scan of ENTRIES per term)."""
    found: dict[str, str] = {}
    for joined, row in ENTRIES.items():
        for term in term_list(joined):
            found.setdefault(term, row)
    return found


@cache  # one per frame: a frame's terms are looked up by scanning ENTRIES
def domain_terms(term: str) -> tuple[str, ...]:
    """The routing terms of the domain words of the frame whose joined word's term is
    ``term`` (outcometwice: idempotency, retry, duplicate, ...)."""
    words = situation(term)
    if words is None:
        raise KeyError(f"no frame's term: {term}")
    return tuple(dict.fromkeys(t for w in words.split() for t in term_list(w)))


@lru_cache(maxsize=256)
def frame_terms(framed: frozenset[str]) -> tuple[str, ...]:
    """The domain terms of every frame whose joined word's term is in ``framed`` (a query's
    fired frames), each once (kept: each candidate's frame share reads them)."""
    return tuple(dict.fromkeys(t for joined in sorted(framed) for t in domain_terms(joined)))


#: Words of developer requests as common as everyday ones (a group of them is no anchor).
_EVERYWHERE = frozenset(
    """
    user users customer customers client clients people page pages button buttons card
    code app site website api data table schema checkout order orders email emails
    юзер користувач клієнт кнопк сторінк карт код сайт дані таблиц замовлен лист
    """.split()
)

_Frame = tuple[str, int]  # a frame's joined word and its number of groups
_Key = tuple[int, int]  # (frame number, group number)
#: The frames, per lookup key the (frame, group) pairs it stands in, and the anchors.
Tables = tuple[tuple[_Frame, ...], dict[str, tuple[_Key, ...]], frozenset[_Key]]
_TABLES: list[Tables] = []  # built once per process, or adopted from a cached index


def tables() -> Tables:
    """The frame tables (:func:`_build`), built on first use (~8 ms) unless adopted."""
    if not _TABLES:
        _TABLES.append(_build())
    return _TABLES[0]


def adopt(built: Tables) -> None:
    """Use ``built``, the tables a cached routing index carries (built by this same code:
    the cache's key holds every routing source file), instead of building them here."""
    if not _TABLES:
        _TABLES.append(built)


def _build() -> Tables:
    """The frames; per routing term or Cyrillic prefix, the (frame, group) it stands in;
    and each frame's anchor, its group of fewest everyday words, then of fewest words (the
    act, seldom the actors): a request that hits no anchor holds no frame, and most
    requests hit none."""
    frames: list[_Frame] = []
    keys: dict[str, dict[_Key, None]] = {}  # a dict for a set kept in order
    common: dict[_Key, int] = {}  # how many everyday words a group holds
    lines = _FRAME_LINES.rstrip() + _ROUND46_LINES.rstrip() + _ROUND47_LINES.rstrip()
    lines += _ROUND58_LINES.rstrip() + _ROUND59_LINES.rstrip() + _ROUND61_LINES.rstrip()
    lines += _ROUND63_LINES.rstrip() + _ROUND67_LINES.rstrip() + _ROUND66_LINES.rstrip()
    lines += _ROUND65_LINES.rstrip() + _ROUND74_LINES.rstrip() + _ROUND75_LINES.rstrip()
    lines += _ROUND78_LINES.rstrip() + _ROUND76_LINES.rstrip() + _ROUND82_LINES.rstrip()
    lines += _ROUND83_LINES.rstrip() + _ROUND84_LINES.rstrip() + _ROUND85_LINES.rstrip()
    lines += _ROUND90_LINES.rstrip() + _ROUND87_LINES.rstrip() + _ROUND94_LINES.rstrip()
    lines += _ROUND93_LINES.rstrip() + _ROUND97_LINES.rstrip() + _ROUND95_LINES.rstrip()
    lines += _ROUND99_LINES.rstrip()
    lines += _ROUND101_LINES.rstrip() + _ROUND100_LINES.rstrip() + _ROUND103_LINES.rstrip()
    lines += _ROUND105_LINES.rstrip() + _ROUND104_LINES.rstrip() + _ROUND109_LINES.rstrip()
    lines += _ROUND107_LINES.rstrip() + _ROUND110_LINES.rstrip() + _ROUND111_LINES.rstrip()
    lines += _ROUND114_LINES.rstrip() + _ROUND112_LINES.rstrip() + _ROUND116_LINES.rstrip()
    lines += _ROUND118_LINES.rstrip() + _ROUND119_LINES.rstrip() + _ROUND120_LINES
    for line in lines.replace("\n    ", " ").strip().splitlines():
        joined, _, groups = line.partition(":")
        parts = groups.split("|")
        for number, group in enumerate(parts):
            pair = (len(frames), number)  # one tuple per group: a cached index shares it
            for word in group.split():
                if word.startswith("=="):  # this request word only (show, not shows)
                    found: tuple[str, ...] = (word,)
                elif word.startswith("="):  # this form only (called, not call)
                    found = (word[1:],)
                else:
                    # a Cyrillic word: its first _MAX_PREFIX letters, as a request's are read
                    found = (word[:_MAX_PREFIX],) if is_cyrillic(word) else term_list(word)
                common.setdefault(pair, 0)
                for key in found:
                    keys.setdefault(key, {})[pair] = None
                if word in COMMON_WORDS or word in COMMON_WORDS_UK or word in _EVERYWHERE:
                    common[pair] += 1
        frames.append((joined.strip(), len(parts)))
    sizes: dict[_Key, int] = {}
    for found_in in keys.values():
        for pair in found_in:
            sizes[pair] = sizes.get(pair, 0) + 1
    anchors = frozenset(
        min(((number, group) for group in range(size)), key=lambda g: (common[g], sizes[g]))
        for number, (_, size) in enumerate(frames)
    )
    return tuple(frames), {key: tuple(found) for key, found in keys.items()}, anchors


#: A size written with its unit (1mb, 20gb, and so in Cyrillic): read as the unit too; a
#: time of day (3am, 11pm) as :data:`_CLOCK` (round 99); a count in thousands (200k, 50к)
#: as ``k`` (round 116).
_SIZE = re.compile(r"[0-9]+(kb|mb|gb|tb|кб|мб|гб|тб|am|pm|k|к)")  # noqa: RUF001 - Ukrainian units
#: The key a time of day is looked up by (a frame's row writes it ``=clocktime``): not am,
#: which "I am" writes.
_CLOCK = "clocktime"
#: The key a unit is looked up by, where it is not the unit itself.
_UNIT_KEYS = {"am": _CLOCK, "pm": _CLOCK, "к": "k"}


#: Per length (at most _MAX_PREFIX), the slices of a Cyrillic token's prefixes looked up.
_PREFIXES = tuple(
    tuple(slice(size) for size in range(_MIN_PREFIX, top + 1)) for top in range(_MAX_PREFIX + 1)
)


def _keys_of(token: str) -> tuple[str, ...]:
    """What ``token`` is looked up by: itself (also as a word a frame takes only as written,
    ``==show``), then its routing terms, or its Cyrillic prefixes (не, де: a short word only
    whole); a size with its unit (1mb) also by the unit."""
    if token[:1].isdigit():
        size = _SIZE.fullmatch(token)
        if size:
            unit = size.group(1)
            return (token, _UNIT_KEYS.get(unit, unit))
    if is_cyrillic(token):
        top = min(len(token), _MAX_PREFIX)
        keys = (token, *map(token.__getitem__, _PREFIXES[top]))
        restored = _restored(token)
        # сторінці: also сторінк, the one prefix its shorter ones do not already give
        return (*keys, restored[:_MAX_PREFIX]) if restored else keys
    return (token, "==" + token, *term_list(token))


#: The consonant a Ukrainian noun stem ending in k, h or kh shows before the dative and
#: locative ending (сторінка: на сторінці; книга: книзі; муха: мусі), by the one it hides.
_ALTERNATION = {"ц": "к", "з": "г", "с": "х"}  # noqa: RUF001 - Ukrainian letters
_ENDING = "і"  # noqa: RUF001 - the Ukrainian ending
#: The shortest word whose stem is restored (ці, всі, нозі stay as written).
_MIN_RESTORED = 5


def _restored(token: str) -> str | None:
    """The stem ``token`` hides by the k/ts alternation (сторінці: сторінк), or None: a
    row's Cyrillic words are stems written before it (сторінк), so on the page that a
    Ukrainian request names (на сторінці) they would not match as prefixes."""
    if len(token) < _MIN_RESTORED or not token.endswith(_ENDING):
        return None
    hidden = _ALTERNATION.get(token[-2])
    return token[:-2] + hidden if hidden else None


#: A person's own things ("my photos look stretched on my tv", "мені двічі списали"): a
#: request with one of these words makes no frame...
_MINE = frozenset("my mine myself мій моя моє мої мого моєї моїх моєму моїй моїм моїми".split())
#: ...unless it also names what a business builds or the people it serves ("my app's
#: users cannot find the settings"), as written, or a part of its code no one's own day
#: holds (round 85: "my endpoint waits on the email", "my dependency reads the header").
_BUSINESS = frozenset(
    """
    our ours app apps site website shop store api service product project startup saas
    platform customers users clients subscribers members visitors
    наш наша наше наші нашого нашої нашому нашій наших нашим застосунок застосунку сайт
    сайту сервіс продукт проєкт проект стартап платформа апка апку апки клієнти клієнтів
    користувачі користувачів юзери юзерів
    business idea бізнес бізнесу магазин магазину ідею ідея branch repo гілки гілку гілка
    endpoint endpoints dependency dependencies router routers backend frontend server
    database db schema query queries component components migration migrations codebase
    ендпоінт ендпоінти ендпоінта бекенд бекенді бек беку фронтенд фронт сервер сервера
    сервері база бази базу базі бд запит запити компонент компонента міграція міграції
    ci pipeline пайплайн code код pr prs diff
    """.split()
    # round 104: one's workplace ("the dashboard my boss checks", "мій керівник просить")
    + """
    boss bosses manager cto ceo colleague colleagues company employer dashboard
    керівник керівника керівниця начальник начальника шеф колега колеги компанія компанії
    дашборд
    """.split()
)

#: Round 110: the second word of a code change named in two ("my pull request", "my merge
#: request"), by its first: a change to code, no one's own life.
_CHANGE_PAIRS = {"pull": frozenset(["request", "requests"]), "merge": frozenset(["request"])}


def _code_change(tokens: list[str]) -> bool:
    """Round 110: whether ``tokens`` name a change to code in two words (pull request)."""
    return any(second in _CHANGE_PAIRS.get(first, ()) for first, second in pairwise(tokens))


#: What a word stands in (:func:`_learn`): the keys it hits, in order (its groups per
#: frame follow from them: :func:`_groups`, made only for a request where a frame may
#: fire); the frames whose anchor it hits (empty for most); every (frame, group) it stands
#: in, each as one number (:func:`_whole`); and the frames whose second group it hits
#: (:func:`_key_bits`). The last three are sets of numbers written as the bits of one int
#: (bit n: number n), read only through unions (``|``, in C, no hash per number) and one
#: intersection: an int is no container the cyclic collector tracks (a frozenset it walks
#: at every middle-generation or full one, ~4 a new request), and a union of tuples hashed
#: each number again (route30: ~1.2% of a repeated route).
_Read = tuple[tuple[str, ...], int, int, int]
#: Per word, what it stands in; the words seen (a request of words all seen is tested by
#: two set operations) and those that hit an anchor, kept while fewer than _MAX_KEPT are.
_READ: dict[str, _Read] = {}
_SEEN: set[str] = set()
#: Route41: per word kept, the frames it anchors above those whose second group it hits
#: (``anchored << frames | seconds``): a request's frames held are one union of these, in
#: C, then one shift and one intersection (:func:`_held`).
_HOLDS: dict[str, int] = {}
_ANCHORING: set[str] = set()
_MAX_KEPT = 65536
#: Per frame, the numbers of all its groups (:func:`_whole`, as bits), made on first use.
_WHOLE: dict[int, int] = {}
_ANCHORED, _SECONDS = itemgetter(1), itemgetter(3)
#: What a word that stands in no frame stands in.
_NOWHERE: _Read = ((), 0, 0, 0)
#: What a word stands in, by the keys it hits (:func:`_learn`), kept while fewer than
#: _MAX_KEPT are.
_BY_KEYS: dict[tuple[str, ...], _Read] = {}
#: What one key stands in (the three sets of numbers of a :data:`_Read`), made the first
#: time a word hits it (at most one per key of the tables).
_KEY_BITS: dict[str, tuple[int, int, int]] = {}
#: A word's groups per frame (:func:`_groups`), by the keys it hits, kept while fewer than
#: _MAX_KEPT are.
_GROUPS: dict[tuple[str, ...], dict[int, tuple[int, ...]]] = {}


def _learn(token: str) -> _Read:
    """What ``token`` stands in (kept while fewer than _MAX_KEPT words are)."""
    table, keys, _ = tables()
    # what a word stands in follows from the keys it hits, in order: words that hit the
    # same keys (deploy, deployed; сторінка, сторінку) share one reading, made once
    hit = tuple(filter(keys.__contains__, _keys_of(token)))
    read = _BY_KEYS.get(hit)
    if read is None:
        read = _read(hit)
        if len(_BY_KEYS) < _MAX_KEPT:
            _BY_KEYS[hit] = read
    if len(_SEEN) < _MAX_KEPT:
        _READ[token] = read
        _HOLDS[token] = read[1] << len(table) | read[3]
        _SEEN.add(token)
        if read[1]:
            _ANCHORING.add(token)
    return read


def _read(hit: tuple[str, ...]) -> _Read:
    """What a word that hits the keys ``hit`` (in order) stands in: each set of numbers is
    the union of its keys' (:func:`_key_bits`; each (frame, group) adds its own bit, so a
    pair two keys share adds nothing twice). Its groups are left to :func:`_groups`."""
    if not hit:  # most words stand in no frame (read only: one shared value)
        return _NOWHERE
    bits = _KEY_BITS
    anchored, numbers, seconds = bits.get(hit[0]) or _key_bits(hit[0])
    for key in hit[1:]:
        more = bits.get(key) or _key_bits(key)
        anchored, numbers, seconds = anchored | more[0], numbers | more[1], seconds | more[2]
    return hit, anchored, numbers, seconds


def _key_bits(key: str) -> tuple[int, int, int]:
    """The frames whose anchor ``key`` (a key of the tables) hits, every (frame, group) it
    stands in as one number (:func:`_whole`), and the frames whose second group it hits. A
    frame's second group is its first that is not its anchor (every frame has two groups
    or more)."""
    table, keys, anchors = tables()
    anchored = seconds = numbers = 0
    count = len(table)
    for pair in keys[key]:
        frame, group = pair
        if pair in anchors:
            anchored |= 1 << frame
        elif group == (1 if (frame, 0) in anchors else 0):
            seconds |= 1 << frame
        numbers |= 1 << (group * count + frame)
    bits = _KEY_BITS[key] = anchored, numbers, seconds
    return bits


def read_keys() -> None:
    """Newreq76: :func:`_key_bits` of every key of the tables made now (a process about to
    serve many requests: a new word that hits a key no word hit before would make it)."""
    for key in tables()[1].keys() - _KEY_BITS.keys():
        _key_bits(key)


def _groups(read: _Read) -> dict[int, tuple[int, ...]]:
    """Per frame a word of ``read`` stands in, the groups it hits (frames and groups in the
    order its keys give them)."""
    hit = read[0]
    found = _GROUPS.get(hit)
    if found is None:
        groups: dict[int, list[int]] = {}
        for frame, group in dict.fromkeys(chain.from_iterable(map(tables()[1].__getitem__, hit))):
            groups.setdefault(frame, []).append(group)
        found = {frame: tuple(listed) for frame, listed in groups.items()}
        if len(_GROUPS) < _MAX_KEPT:
            _GROUPS[hit] = found
    return found


def frames(tokens: list[str]) -> list[str]:
    """The joined words of the outcome frames ``tokens`` hold (each once, see the module
    docstring): every group of a frame hit within :data:`WINDOW` tokens. None in a person's
    own life: "my" with nothing a business builds or serves (:data:`_MINE`)."""
    new: dict[str, _Read] = {}
    if not _SEEN.issuperset(tokens):  # new words: learn them (each once while kept)
        new = {token: _learn(token) for token in set(tokens) - _SEEN}
        if _ANCHORING.isdisjoint(tokens) and not any(map(_ANCHORED, new.values())):
            return []
    elif _ANCHORING.isdisjoint(tokens):  # most requests: no anchor, no frame
        return []
    read = _READ
    if new and len(_SEEN) >= _MAX_KEPT:  # rare: new words no longer kept, read them here
        read = {token: new.get(token) or _READ[token] for token in tokens}
    held = _held(tokens, read)
    if not held:
        return []
    return _fired(tokens, read, held, *_reads(tokens, read))


def holds(token: str) -> int:
    """What ``token`` stands in for :func:`_held`: the frames whose anchor it hits above
    those whose second group it hits (:data:`_HOLDS`' int; 0 for most words), learnt if
    new. Route78: a reader that ors its words' ints as it reads them passes the union to
    :func:`frames_held`, which tests no word again."""
    found = _HOLDS.get(token)
    if found is None:
        read = _learn(token)
        found = _HOLDS.get(token)
        if found is None:  # not kept (_MAX_KEPT words are): made as _learn makes it
            found = read[1] << len(tables()[0]) | read[3]
    return found


def frames_held(tokens: list[str], holding: int) -> list[str]:
    """:func:`frames` of ``tokens`` whose words' :func:`holds`, or'ed, are ``holding``
    (route78: no set test over the words where no frame is held, as for most requests)."""
    held = holding >> len(tables()[0]) & holding  # as _held's union of _HOLDS
    if not held:
        return []
    read = _READ
    try:  # route79: every word kept (most): read at once, no set test over the words first
        reads, hit = _reads(tokens, read)
    except KeyError:  # rare: a word read while no more were kept
        read = {token: _READ.get(token) or _learn(token) for token in tokens}
        reads, hit = _reads(tokens, read)
    return _fired(tokens, read, held, reads, hit)


def _reads(tokens: list[str], read: dict[str, _Read]) -> tuple[list[_Read], int]:
    """What each of ``tokens`` stands in (from ``read``), in order, and the union of their
    numbers (every (frame, group) some token stands in, as bits)."""
    reads: list[_Read] = []
    hit = 0
    # route79: one loop (a map through dict.__getitem__ and a reduce of itemgetter's
    # answers cost a C call's ~500 instructions a token each)
    for token in tokens:
        found = read[token]
        reads.append(found)
        if found[2]:  # most words: none (an int of ~2,100 bits or'ed with 0 is copied whole)
            hit |= found[2]
    return reads, hit


def _fired(
    tokens: list[str], read: dict[str, _Read], held: int, reads: list[_Read], hit: int
) -> list[str]:
    """:func:`frames` of ``tokens``, what each stands in (``read``; ``reads``, token by token,
    and the union of their numbers, ``hit``: :func:`_reads`) and the frames they may fire
    (``held``: :func:`_held`, some) known."""
    if not _MINE.isdisjoint(tokens) and _BUSINESS.isdisjoint(tokens) and not _code_change(tokens):
        return []
    whole = _WHOLE
    fired = []
    standing: list[tuple[int, int]] | None = None
    while held:  # each frame held, by its bit (the order is no matter: see above)
        frame = (held & -held).bit_length() - 1
        held &= held - 1
        bits = whole.get(frame) or _whole(frame)
        if bits & hit != bits:
            continue
        if standing is None:  # the tokens that stand in some frame, by place: made once
            standing = [(p, r[2]) for p, r in zip(_places(tokens), reads, strict=True) if r[2]]
        if _near(_positions(frame, bits, standing)):
            fired.append(frame)
    if not fired:  # most requests
        return []
    table = tables()[0]
    if len(fired) > 1:  # rare: in the order the tokens first hit them (each hit apart)
        fired.sort(key=lambda frame: _first_hit(frame, tokens, read))
    out = list(dict.fromkeys(table[frame][0] for frame in fired))
    if len(out) > 1:  # rare: two frames, one of which may give way to the other
        out = [joined for joined in out if _out_of(_YIELDS.get(joined, ""), out)]
    return out


def _held(tokens: list[str], read: dict[str, _Read]) -> int:
    """The frames ``tokens`` may fire, as bits: round 104: only a frame whose anchor some
    token hits can fire (a common word stands in many frames' groups), and of those only one
    whose second group some token hits (most: none); it fires when its tokens hit every group
    of it, near (:func:`frames`; the order of the bits is no matter). ``read``: what each
    token stands in, when not every token is kept (rare)."""
    if read is _READ:  # every token kept: one union of their ints (route41)
        # the words that stand in no frame (most: the, for, a) skipped in C: an int of
        # ~1,100 bits or'ed with 0 is still copied whole (route73)
        both = reduce(or_, filter(None, map(_HOLDS.__getitem__, tokens)), 0)
        return both >> len(tables()[0]) & both
    reads = list(map(read.__getitem__, tokens))
    return reduce(or_, map(_ANCHORED, reads), 0) & reduce(or_, map(_SECONDS, reads), 0)


def _whole(frame: int) -> int:
    """The numbers of every group of ``frame`` as bits, as :func:`_learn` numbers a word's."""
    table = tables()[0]
    count = len(table)
    found = 0
    for group in range(table[frame][1]):
        found |= 1 << (group * count + frame)
    _WHOLE[frame] = found
    return found


def _positions(frame: int, whole: int, standing: list[tuple[int, int]]) -> list[list[int]]:
    """Per group of ``frame`` (its numbers ``whole``: each group hit by some token), the
    places of the tokens that hit it, from ``standing``: the place (:func:`_places`) and the
    numbers (the third of a :data:`_Read`) of each token that stands in a frame, in order."""
    held = [(place, numbers) for place, numbers in standing if numbers & whole]
    if len(held) == 1:  # one token hits every group
        return [[held[0][0]]]
    count = len(tables()[0])
    return [
        [place for place, numbers in held if numbers >> shift & 1]
        for shift in range(frame, whole.bit_length(), count)
    ]


def _first_hit(frame: int, tokens: list[str], read: dict[str, _Read]) -> tuple[int, int]:
    """Where ``frame`` is first hit: the first token that stands in it, and the frame's
    place among those the token stands in."""
    for position, token in enumerate(tokens):
        groups = _groups(read[token])
        if frame in groups:
            return position, list(groups).index(frame)
    return len(tokens), 0  # not reached: a frame hit has a token that stands in it


def _out_of(winners: str, fired: list[str]) -> bool:
    """Whether none of ``winners`` (joined words apart by spaces) is in ``fired``."""
    return all(joined not in fired for joined in winners.split())


@lru_cache(maxsize=256)
def _fired_frames(framed: frozenset[str]) -> frozenset[int]:
    """The numbers of the frames (:func:`tables`) whose joined word's term is in ``framed``."""
    numbers = _frame_numbers()
    return frozenset().union(*(numbers[t] for t in framed if t in numbers))


@carried.table
def _frame_numbers() -> dict[str, frozenset[int]]:
    """Each term of a frame's joined word -> the numbers of the frames (:func:`tables`)
    whose joined word has it (one look-up per term, not a scan of the frames)."""
    found: dict[str, set[int]] = {}
    for number, (joined, _) in enumerate(tables()[0]):
        for term in term_list(joined):
            found.setdefault(term, set()).add(number)
    return {term: frozenset(numbers) for term, numbers in found.items()}


def frame_words(tokens: list[str], framed: frozenset[str]) -> frozenset[str]:
    """The words of ``tokens`` that stand in a group of one of the fired frames ``framed``
    (a query's frame terms): the words the frames are made of (round 86: "кілька
    категорій" is the frame's "several" and its object, not classification)."""
    fired, read = _fired_frames(framed), _READ
    out = set()
    for token in tokens:
        groups = _groups(read[token] if token in read else _learn(token))
        if not fired.isdisjoint(groups):
            out.add(token)
    return frozenset(out)


#: A frame that gives way when another fires too (round 58): search that must forgive
#: typos is full-text search, synonyms and all, not search by meaning (embeddings); a
#: rollback named in an on-call page is a step of the incident, not release automation.
#: Round 66: users "dropping" as live connections drop are sockets, not churn; a tools list
#: "empty" in Claude is an MCP server's, not a screen's empty state. Round 65: a slow report
#: asked to run in the background is a job to offload, not a query to tune; duplicates the
#: database should refuse are its constraint, not an API's retries; logs that keep filling a
#: disk are files, not sessions logged out. Round 74: a page shown to someone before release
#: somewhere apart from production is a preview environment to host, not a screen to build.
#: Round 85: selects counted in a log per request are N+1 queries, not where logs go.
#: Round 94: only some people given access to read a database is its read-only role, not
#: the app's roles; a spinner the user watches while work runs that could run in the
#: background is that work to offload, not the loading state to show.
#: Round 93: which users will leave, asked as what predicts it, is the model's question;
#: which clients stopped using the product or will not renew is customer success's, not a
#: cohort's (a frame may yield to several, written apart by spaces).
_YIELDS = {
    "outcomemeaning": "outcometypo",
    "outcomerelease": "outcomepaged outcomebrowserdb outcomeoutagenow "
    "outcomehandtesting outcomebranchrules",  # round 120: testing or branching, not deploying
    "outcomechurn": "outcomesockets outcomewontrenew outcomeinterview outcomeinterviewask "
    "outcomedatagone outcomekeepclients",  # round 118: kept, not counted
    "outcomeempty": "outcomemcp outcomeseo outcomedatagone",
    # round 120: a split asked to be checked is the review's; customers who stay, counted
    # by the channel they came from, are the data scientist's question, not marketing's
    "outcomesplitmono": "outcomesplitcheck",
    "outcomeattribution": "outcomechannelstay",
    "outcomeslowreport": "outcomeoffload",
    "outcomeautocopy": "outcomeschemadocs",
    "outcomeloggedout": "outcomediskfull",
    "outcomeshown": "outcomepreview",
    "outcomelogsplace": "outcomenplusone",
    "outcomevalidate": "outcomeconvertcopy",
    "outcomefraud": "outcomemailhacked",
    "outcomeprovision": "outcomemailhacked",
    "outcomeroles": "outcomereadonly",
    "outcomeloadingshown": "outcomeoffload",
    "outcomewontrenew": "outcomepredicts",
    "outcomefilter": "outcomesorttext outcomeattrstore",
    "outcomebreach": "outcomecodeaudit",
    "outcomedupes": "outcomecountunique",
    "outcomebilling": "outcomecountunique",
    "outcomeoffline": "outcomebrowserdb",
    "outcomegoonline": "outcomebrowserdb",
    "outcomeexport": "outcomeencoding outcomeexportcharset outcomeexportbytes",
    "outcomecopyover": "outcomeencoding outcomeexportcharset outcomeexportbytes",
    # round 111
    "outcomeencoding": "outcomeexportcharset",
    "outcomepricing": "outcomehostscale",
    "outcomecibuild": "outcomeoffload",
    "outcomeanalystcount": "outcomemetricsboard outcomesalesboard",
    "outcomemetricsboard": "outcomeslowreport outcomeslowsecs outcomesignupcohort "
    "outcomeinvestorreport",
    # round 103
    "outcomechatalert": "outcomebotmemory",
    "outcometwice": "outcomedupes outcomecountunique outcomejoindupes outcomestatusbadge",
    "outcomebigupload": "outcomeproxyerror",
    "outcomestalesum": "outcomeanalystcount",
    "outcomechaos": "outcomeattackus",
    # round 109: a test plan named is no usability session; users who leave at a step
    # with a change to the flow asked are its design, not the funnel's counting
    "outcomeusability": "outcometestplan",
    "outcomefunnel": "outcomeflowdrop",
    "outcomesalesboard": "outcomesalesquery outcomemetricsboard outcomeslowreport outcomeslowsecs",
    # round 107
    "outcomeorphans": "outcomepitr",
    "outcomeproxyerror": "outcomeoffload",
    "outcomeslowsecs": "outcomeoffload",
    # round 110: tests that pass locally and fail in CI now and then are flaky
    "outcomelocalonly": "outcomeflaky",
    # round 112: a nightly load that loses a day is the pipeline's, not a backup; users
    # who press a button that sometimes does nothing report a bug, no navigation to rework
    "outcomebackup": "outcomenightlyload",
    "outcomefind": "outcomecantrepro",
    "outcomecantrepro": "outcomeflaky",
}


#: The longest word that takes no place in a frame's window (a preposition, a
#: conjunction, an article: в, з, на, до, шо, to, in, of, a).
_MAX_SHORT = 2


def _places(tokens: list[str]) -> list[int]:
    """Each token's place for :data:`WINDOW`: words of :data:`_MAX_SHORT` letters or fewer
    take none (a short word stands at the place of the word before it), so a Ukrainian
    request, whose prepositions and conjunctions are words of their own (в, з, на, до, чи),
    spans no more than its English twin."""
    places, place = [], 0
    for token in tokens:
        if len(token) > _MAX_SHORT:
            place += 1
        places.append(place)
    return places


def _near(groups: list[list[int]]) -> bool:
    """Whether one position of each group lies within :data:`WINDOW` tokens of the others:
    some window [start, start + WINDOW] holds a hit of every group."""
    for start in sorted({p for group in groups for p in group}):
        end = start + WINDOW
        if all(any(start <= p <= end for p in group) for group in groups):
            return True
    return False
