# ruff: noqa: RUF001 - Ukrainian rows are intended
"""Round 40: the bundled specialists' fields named by their product effect or symptom.

People who never say the technical term still name its effect: "cap how many calls each key
makes per minute" (rate limiting), "every PR gets its own link" (preview environments), "let
the assistant call our function" (tool calling), "group comments into themes" (clustering),
"strictly by a schema" (structured output), "cut PDFs into pieces for RAG" (chunking), "find
'refund' when the text says 'money back'" (semantic search), "split the table by month"
(partitioning), "too many connections" (a connection pool), "a column contains null values"
(a migration over existing rows), "the key shows in the CI log" (secrets in a pipeline),
"the browser blocks the preflight" (CORS), "told when an order ships, at a URL they give us"
(webhooks), "a person can be in several teams" (a link table). Walked per bundled agent and
topic from general knowledge, in English and Ukrainian (literary, surzhyk and by ear), each
row naming the field by every common wording of it, not one request.

Read by :mod:`coordinator.routing.concepts` as its other blocks: :data:`ENTRIES` maps a
joined word to the domain words the rosters describe the field with, :data:`PHRASE_LINES`
holds the phrases (``joined: phrase | ...``; Ukrainian rows as raw tokens, an apostrophe
dropped). A row whose joined word an earlier block defines (previewenv, functioncalling,
clustergroup, modeloutput, chunkdocs, searchmeaning, callbackurl, linktable, storewhat,
sitedown, manyqueries, slowlookup, crossorigin, toastmessage, csslayout, extractfields,
httpstatus) adds wordings to that concept; round 46 adds Ukrainian wordings of a context
window (контекстне вікно, контекст не влазить) and of chunking (нарізка документів,
шматки документів).
"""

from __future__ import annotations

_PARTITION = "database table partitioning partition scaling performance"
_POOL = "connection pool database sqlalchemy session postgresql"
_NULLS = "migration column constraint schema database alembic"
_RATE = "rate limiting throttling api backend quota"
_SECRET_LOG = "secrets ci pipeline logs security devops"
_MAIL = "email background task backend notification"
_TRACES = "tracing observability monitoring opentelemetry devops"
_SERVER_PART = "api endpoint backend server"
_RETRY = "retries background task backend resilience"
_GENERATE = "llm ai prompt generation text"
_DATES = "date formatting locale timezone frontend ui component"

ENTRIES: dict[str, str] = {
    "splitbymonth": _PARTITION,
    "poolexhausted": _POOL,
    "queuepool": _POOL,
    "nullvalues": _NULLS,
    "callcap": _RATE,
    "secretinlog": _SECRET_LOG,
    "mailnotsent": _MAIL,
    "tracerequest": _TRACES,
    "dateformat": _DATES,
    "serverpart": _SERVER_PART,
    "retrywhendown": _RETRY,
    "textgen": _GENERATE,
    "replydraft": _GENERATE,
    "docreview": "llm document analysis extraction",
    "pwstrength": "password strength form validation input frontend ui component",
    "moneytype": "decimal numeric money column type database schema",
    "sendpush": "push notification backend api background task",
    "cacheresponse": "redis cache caching backend api",
    "scheduledjob": "background task scheduler cron worker backend",
    "consistency": "transaction constraint consistency database trigger",
    "hostingbill": "cloud cost infrastructure hosting devops",
    "photoai": "computer vision image ml llm classification",
    "invitelink": "invitation email token expiry authentication backend api",
}

PHRASE_LINES = """
splitbymonth: split it by month | splitting it by month | split the table by month
splitbymonth: split by month | splitting by month | split by date | split by year
splitbymonth: split into monthly | split it into monthly | monthly partitions | monthly tables
splitbymonth: partition by month | partition it by | partitions by month | partition by date
splitbymonth: one table per month | a table per month | table per month | per month tables
splitbymonth: розбити по місяцях | розбити її по місяцях | розбий по місяцях | розбий її по
splitbymonth: поділити по місяцях | поділити її по | розділити по місяцях | по таблиці на місяць
splitbymonth: партиції по місяцях | партиціями по | таблицю на місяць | мільйонів рядків
splitbymonth: new rows a day | rows a day | rows per day | rows every day | rows a month
splitbymonth: by date range | нових рядків на день | рядків на день | рядків щодня
splitbymonth: billion rows | million rows | billions of records | millions of records
splitbymonth: break it up per | break it up by | break up the table | break the table up
splitbymonth: split the table | splitting the table | partition the table | shard the table
splitbymonth: ділити по датах | ділити по місяцях | ділити по роках | розбити по датах
splitbymonth: мільйонів записів | мільярд записів | млн записів | мільйони записів
splitbymonth: млн рядків | мільярд рядків | мільярди рядків | мільйони рядків | сотні мільйонів
poolexhausted: pool limit | pool exhausted | pool is exhausted | pool timeout | pool overflow
poolexhausted: too many connections | too many clients | remaining connection slots
poolexhausted: max connections | connection leak | connections leak
poolexhausted: run out of connections | ran out of connections | out of connections
poolexhausted: runs out of connections | connections are not returned | connections stay open
poolexhausted: пул конектів | пулу конектів | пул конекшенів
poolexhausted: забагато зєднань | забагато конектів | забагато конекшенів | ліміт зєднань
poolexhausted: закінчуються зєднання | закінчились зєднання | закінчуються конекти
poolexhausted: закінчились конекти | закінчуються конекшени | не вистачає зєднань
poolexhausted: не вистачає конектів | зєднання не повертаються | висять зєднання
nullvalues: contains null values | contains null | null values | not null constraint
nullvalues: violates not null | add a not null | make it not null | not null column
nullvalues: existing rows have | for existing rows | migration failed | migration fails
nullvalues: migration crashed | migration broke | the migration failed
nullvalues: міграція впала | міграція падає | міграція не проходить | міграція зламалась
nullvalues: впала міграція | падає міграція | міграції впала | not null колонку
nullvalues: для існуючих рядків | на існуючих рядках | існуючі рядки | старі рядки мають
callcap: calls per minute | requests per minute | requests per second | calls per second
callcap: requests per hour | calls per hour | requests a minute | calls a minute
callcap: cap how many | limit how many | how many calls each | how many requests each
callcap: too many requests | hammering our api | hammering the api | spamming our api
callcap: spamming the api | abusing our api | abusing the api | per api key | each api key
callcap: calls each key | requests per key | calls per key | quota per key | usage quota
callcap: times a minute | times per minute | times a second | times per second
callcap: per user per | per ip | slow it down per | api calls a day | calls a day | requests a day
callcap: requests per day | calls per day | scraping our | scraping the api
callcap: запитів на хвилину | запитів за хвилину | запитів в хвилину | запитів у хвилину
callcap: запитів на секунду | запитів за секунду | викликів за хвилину | викликів на хвилину
callcap: обмежити кількість запитів | обмеж кількість запитів | ліміт запитів | ліміт на запити
callcap: лімітувати запити | обмежити запити | забагато запитів | довбуть апі | спамлять апі
callcap: на кожен ключ | з одного ключа | з одного ip
secretinlog: key in the logs | key is in the logs | keys in the logs | secret in the logs
secretinlog: secrets in the logs | token in the logs | printed in the logs | shows in the logs
secretinlog: shows up in the logs | visible in the logs | leaks into the logs | in the ci logs
secretinlog: in the build logs | in the pipeline logs | in the job logs | mask the secret
secretinlog: mask secrets | masked secrets | mask the key | mask the token
secretinlog: світиться в логах | видно в логах | в логах пайплайну | в логах ci | в логах білду
secretinlog: в логах джоби | світиться ключ | ключ в логах | ключ у логах | токен в логах
secretinlog: сховай в секрети | сховайте в секрети | сховайте його в секрети | сховай його в
secretinlog: в секрети і | в сікрети | сховати в сікрети | винести в секрети | винести в сікрети
mailnotsent: confirmation email | confirmation emails | email never arrives | emails never arrive
mailnotsent: email doesnt arrive | emails dont arrive | email does not arrive | no email arrives
mailnotsent: dont get the email | never get the email | did not get the email | welcome email
mailnotsent: не приходить лист | не приходять листи | лист не приходить | листи не приходять
mailnotsent: лист з підтвердженням | листа з підтвердженням | лист підтвердження
mailnotsent: не приходить імейл | не приходить емейл | імейл не приходить | емейл не приходить
tracerequest: trace a request | trace the request | trace requests | traces across
tracerequest: across services | across the services | which service is slow
tracerequest: distributed tracing | request tracing | end to end tracing | span per
tracerequest: with timings | where the time goes | where time is spent
tracerequest: which part is slow | which hop is slow | шлях запиту | де губиться час
tracerequest: трейси через | трейсинг між | трейси між | між сервісами | через всі сервіси
tracerequest: на якому сервісі | який сервіс гальмує | в якому сервісі | наскрізні трейси
previewenv: its own link | own link | its own url | own preview | each pr gets | every pr gets
previewenv: every pull request gets | each pull request gets | each branch gets | per pr
previewenv: per pull request | per branch | preview link | preview links | preview url
previewenv: click through it before | review app | review apps
previewenv: each branch on | every branch on | its own url | on its own url | own environment
previewenv: кожна гілка | кожної гілки | на кожну гілку | свій стенд | окремий стенд | свій енв
previewenv: кожен мердж | на кожен мердж | кожен мр | тимчасову копію | тимчасове середовище
previewenv: тимчасовий стенд | temporary environment | temporary copy | spun up for each
previewenv: spin up for each | for each pull request | for every pull request | for each pr
previewenv: for every pr | for each branch | torn down after | tear it down after
previewenv: кожен пр | кожного пр | на кожен пр | на кожний пр | кожен пулреквест | свій лінк
previewenv: своє посилання | свій урл | окремий лінк | превю лінк | перед мерджем | до мерджу
functioncalling: call the function
functioncalling: call our tools | use our tools | instead of just describing | only describes
functioncalling: just describes what | instead of describing | run our functions
functioncalling: викликала наші функції | викликав наші функції | викликати наші функції
functioncalling: сама викликала | сам викликав | сама викликати | сам викликати
functioncalling: викликала функцію | викликав функцію | викликати функцію | викликала тулзи
functioncalling: смикала наші | смикав наші | дьоргала наші | сама робила дії | сам робив дії
functioncalling: замість того щоб описувати | а не просто описувала | а не просто описував
clustergroup: into themes | group them into themes | group into themes | into topics
clustergroup: group comments | group the comments | group feedback | group the feedback
clustergroup: group reviews | group the reviews | common themes | recurring themes
clustergroup: main themes | key themes | by meaning into | group by meaning
clustergroup: по темах | за темами | на теми | по темам | згрупуй відгуки | згрупувати відгуки
clustergroup: згрупувати коментарі | згрупуй коментарі | згрупуй фідбек | основні теми
clustergroup: спільні теми | теми у відгуках | теми в коментарях | згрупуй звернення
modeloutput: strictly by a schema | by a schema | strict schema | json schema
modeloutput: follows the schema | follow the schema | match the schema | matches the schema
modeloutput: always valid json | strict json | structured output | structured outputs
modeloutput: строго по схемі | строго за схемою | чітко по схемі | чітко за схемою
modeloutput: строго по pydantic | строго за pydantic | валідний json | валідний джейсон
chunkdocs: cut pdfs into | cut the pdfs | cut documents into | cut the documents | split pdfs
chunkdocs: chunk pdfs | chunk the pdfs | chunk documents | chunk the documents
chunkdocs: into pieces for | pieces for rag | chunks for rag | for rag | for the rag
chunkdocs: порізати пдфки | порізати документи | порізати пдф | розбити документи на
chunkdocs: нарізати документи | нарізати пдф | для рагу | для раг | в рагу | у рагу
searchmeaning: mean the same thing | means the same thing | mean the same | same meaning
searchmeaning: only matches exact | matches exact words
searchmeaning: other words for | another word for | worded differently | different wording
searchmeaning: written differently
searchmeaning: article is called | page is called | titled differently
searchmeaning: nothing comes up | but the article | but the page says | стаття називається
searchmeaning: інакше називається | називається інакше | по іншому називається
searchmeaning: точний збіг | точного збігу
searchmeaning: навіть коли в тексті | навіть якщо в тексті | а в тексті написано
searchmeaning: а сторінка називається | своїми словами | пошук по вікі | пошук по статтях
searchmeaning: пошук по довідці | пошук по базі знань | пошук тупий
callbackurl: to a url they | url they give | their url | call their url | notify their server
callbackurl: send an event to | notify partners | tell partners | be told automatically
callbackurl: told automatically when | push that to a url | post to a url | post it to their
callbackurl: call the url | call their endpoint | hit their url | hit their endpoint
callbackurl: ping their url | post to their | callback to | їхній ендпоінт
callbackurl: на їхній url | на їх урл | на урл партнера | слати подію | повідомляти партнерів
callbackurl: на їхній урл | на їхній сервер | на їх сервер
linktable: in several teams | in several groups | in multiple teams | in multiple groups
linktable: in many teams | in many groups | which users are in which | belong to several
linktable: belong to multiple | belongs to several | belongs to multiple | be in several
linktable: be in multiple
linktable: can belong to | can be in many | enroll in many | many to many
linktable: належати до кількох | належати до багатьох | може належати
linktable: до кількох категорій | в кількох категоріях одночасно | до багатьох категорій
linktable: в кількох командах | у кількох командах | в декількох командах | в кількох групах
linktable: у кількох групах | в кількох проєктах | належати до кількох | може бути в кількох
storewhat: історію змін | історія змін | окрема табличка | окрему табличку | окрема таблиця
storewhat: окрему таблицю | окремою таблицею | separate table | a separate table
sitedown: no one knew | no one noticed | until a customer told | found out from a
sitedown: until a customer wrote | until customers complained | until a client wrote
sitedown: вночі лежав | лежав вночі | лежав годину | лежав дві | лежав 2 | лежав пів
sitedown: ніхто не знав | поки клієнт не написав | дізнались від клієнта | дізналися від клієнта
manyqueries: на кожен рядок | на кожний рядок | select на кожен | окремий select | окремий запит на
manyqueries: a select per | one select per | separate select for
slowlookup: індексу нема | нема індексу | немає індексу | індексу немає | без індексу
slowlookup: no index on | missing index | without an index | there is no index
crossorigin: летить options | options запит | options запити | options падає | options request fails
crossorigin: options returns 405 | preflight fails | preflight returns | preflight падає
crossorigin: не може достукатись до апі | не може достукатись до апішки | cors error
crossorigin: blocked by cors | cors policy | access control allow origin | blocks the preflight
crossorigin: preflight request | options request
toastmessage: toast doesnt | toast does not | toast never | toast wont | toast stays
toastmessage: toast keeps | тост не зникає | тост висить
csslayout: images are stretched | image is stretched | images stretch | stretched images
csslayout: squished | squashed | розтягнуті | розтягнута | розтягуються | розтягується
csslayout: сплющені | сплющена | сплющуються | обрізались | обрізаються
csslayout: stretched image | aspect ratio | object fit | картинки розтягуються
csslayout: розтягуються картинки | зображення розтягуються | картинка розтягується
csslayout: розтягується картинка | картинка розтягнута | картинки розтягнуті | сплющені картинки
extractfields: from a photo of | from photos of | from a receipt | from receipts photos
extractfields: from scanned | з фото чека | з фото чеків | з чека | з чеків | з квитанцій
extractfields: з накладних | з інвойсів | з фото документа | з фото документів | з фотки
httpstatus: return 409 | return a 409 | returns 409 | 409 conflict | return 404 | return a 404
httpstatus: return 400 | return a 400 | return 422 | return 403 | return a 403 | return 401
httpstatus: віддати 409 | віддавати 409 | повернути 409 | повертати 409 | віддати 404
httpstatus: повернути 404 | віддати 400 | повернути 400 | віддати 403 | повернути 403
httpstatus: віддати 422 | повернути 422 | віддати 401 | повернути 401
slowlookup: scans the whole | scan the whole | scanning the whole | full scan | count query
slowlookup: count queries | whole table every | сканує всю таблицю | сканує всю | повний скан
lostupdate: overwrites the other | overwrite the other | overwrites the others | edit the same
lostupdate: editing the same | both get it | both got it | the last ticket | the last item
lostupdate: at the same second | in the same second | same record at once | перетирає зміни
lostupdate: перезаписує зміни | затирає зміни | редагують одночасно | одночасно редагують
lostupdate: останній квиток | останній товар | обидва отримали | обидва купили
orphanrows: leftover rows | stay in the table | залишаються висіти
orphanrows: лишаються висіти | висять в базі | лишаються в базі | залишаються в базі
storewhat: comma separated | a comma separated | через кому
storewhat: in one text field | в одному полі
packageapp: однією командою | одною командою | підняти локально | підняти все локально
packageapp: одним докер | everything locally | whole stack locally | весь стек локально
confirmdialog: підтвердження перед | підтвердження видалення | перед видаленням
confirmdialog: confirm before deleting | confirmation before | ask before deleting
confirmdialog: точно видалити
callbackurl: після колбеку | колбек від | колбеку від | callback from | приходить колбек
dateformat: date shows as | dates show as | shows the raw date | raw timestamp | iso date
dateformat: format the date | formatted date | human readable date | normal date | date format
dateformat: relative time | time ago | дата показується | дата відображається | формат дати
dateformat: нормальну дату | нормальна дата | людську дату | відформатувати дату
serverpart: бек частина | бек частину | бекова частина | бекову частину | серверна частина
serverpart: серверну частину | бекенд частину | бекенд частина | частина на беку | на беку
serverpart: the server part | the server side | on the server side | backend part
serverpart: the backend part | on the backend side | backend side of
exportfile: у xlsx | в xlsx | to xlsx | as xlsx | into xlsx | вивантаження в | вивантаження всіх
exportfile: вивантажити в | вивантажувати в | вигрузка в | вигрузку в
slowlookup: since we passed | since we hit | since we crossed | nothing changed in code
slowlookup: nothing changed in the code | code didnt change | as data grows | as the data grows
slowlookup: with more data | даних стало більше | коду не міняли | код не міняли | код не мінявся
mustbeunique: двох однакових | однакових нікнеймів | однакові нікнейми | різний регістр
mustbeunique: case insensitive | regardless of case | незалежно від регістру | two identical
mustbeunique: no two users | no two accounts | не могло бути двох | не може бути двох
changehistory: history of price | what it was on any day | as of any date | на будь яку дату
changehistory: на будь який день | історію змін цін | яка була ціна
servermetrics: навантаження на сервер | графіки навантаження | навантаження сервера
servermetrics: памяті на сервері | навантаження на проц | cpu і память | графіки cpu
servermetrics: load on the server | server load | memory graphs | cpu graphs
putonline: not on my laptop | runs on my laptop
putonline: не на моєму ноуті | на моєму ноуті | на моєму компі | постійно крутився | крутився 24
putonline: крутилось 24 | працював 24 | працювало 24
domainmove: off heroku | move us off | migrate off
domainmove: cheaper hosting | дешевший хостинг
urlstate: фільтри в урлі | фільтри в url | filters in the url | state in the url | в урлі | в урл
urlstate: у урлі | в адресному рядку | share a link to the | shareable link
firesdouble: кожна буква | кожну букву | lags when typing | lags while typing | when typing in
firesdouble: sluggish when typing | slow when typing | while typing in | letter lags
firesdouble: лагає при наборі | гальмує при введенні | гальмує при наборі | лагає коли пишеш
botbehaviour: keeps answering in | answers in english | replies in english | answering in english
botbehaviour: відповідає англійською | відповідає українською | відповідає російською
botbehaviour: in the users language | мовою користувача | тією мовою
lostupdate: одночасно оновлюють | оновлюють одночасно | одночасно пишуть | одночасно змінюють
lostupdate: розїжджається | розїхався баланс | update at the same time | concurrently update
lostupdate: simultaneously update | at the same time update | balance goes wrong
orphanrows: видалялись і всі | видалялися всі | deleted along with
orphanrows: delete along with | delete all its | all its tasks | all its children | разом з ним
retrywhendown: ретраїтись якщо | ретраїтися якщо | retry if | retry when | retries when
retrywhendown: якщо провайдер лежить | if the provider is down | when the provider is down
retrywhendown: повторювати якщо | retry with backoff | exponential backoff
textgen: generate descriptions | generate product descriptions | write descriptions for
textgen: descriptions automatically | generate the text | auto generate | from bullet points
textgen: згенерувати описи | генерувати описи | генерація описів | генерувати тексти
textgen: з кількох пунктів | описи товарів автоматично | автоматично писати описи
autoclassify: rude comments | flag comments | flag rude | offensive comments | toxic comments
autoclassify: abusive comments | hate speech | образливі коментарі | образливих коментарів
autoclassify: токсичні коментарі | модерація коментарів | модерувати коментарі
replydraft: suggest a reply | suggested replies | reply suggestions | draft a reply
replydraft: draft replies | suggest replies | підказки відповіді | підказувати відповідь
replydraft: чернетку відповіді | запропонувати відповідь | пропонувати відповідь
docreview: risky clauses | highlight clauses | review contracts | analyse contracts
docreview: analyze contracts | ризиковані пункти | аналіз договорів | аналізувати договори
httpstatus: помилки у форматі json | помилки в json | json errors | errors as json
httpstatus: error format | html instead of json | returns html | html сторінку замість
httpstatus: а не html
backgroundtask: email with a link when | link when ready
backgroundtask: посилання коли готово | лист з посиланням
onlyadmins: any login user | delete any | edit any | calling the api directly
onlyadmins: call the api directly | через апі напряму | будь який юзер може
onlyadmins: будь який користувач може
slowlookup: query went from | queries went from | as the catalog grew | as the table grew
slowlookup: as the data grew | as we grew
jsoncolumn: налаштування кожного юзера | налаштування кожного користувача
changehistory: who changed what | who changed it | audit log | audit trail
changehistory: хто що змінив | хто змінив | хто і коли змінив
dbgrows: старі сесії | purge old | видаляти старі записи | чистити старі записи
httpstatus: unprocessable entity | 422 unprocessable | returns 422 | getting 422 | get a 422
httpstatus: летить 422 | отримую 422 | method not allowed | 405 method not allowed
callcap: разів на годину | разів на хвилину | разів за хвилину | разів за годину | кодів на годину
callcap: смс на годину | спроб на хвилину | спроб за хвилину | attempts per minute
callcap: attempts per hour | per hour per
previewenv: each feature branch | every feature branch | on a separate url | separate url
previewenv: окремий урл | окремому урлі | окремому домені | тимчасовий домен
clustergroup: themes keep coming up | what themes | which themes | recurring topics
clustergroup: common topics | найчастіші теми
searchmeaning: should also see | should also show | should also match
httpstatus: падає з 422 | падає з 400 | падає з 500 | летить 500 | повертає 422 | віддає 422
apiinput: приймав обидва | приймало обидва | приймати обидва | accept both formats | accept both
invitelink: invite link | invitation link | invite teammates | invite by email | invite users
invitelink: link should expire | link expires after | посилання має протухати
invitelink: посилання діє | запрошення на пошту | запросити по імейлу | запрошення в команду
invitelink: інвайт | інвайти | інвайт лінк | посилання запрошення
pwstrength: how strong the password | password strength | strength meter | strength indicator
pwstrength: сила пароля | надійність пароля | наскільки надійний пароль | індикатор пароля
replydraft: in our tone | answer emails automatically | reply automatically
replydraft: auto reply | auto replies | автовідповіді | відповідати автоматично
replydraft: у нашому стилі | нашим тоном | в нашому тоні
recsys: схожі товари | similar products | recommend products | based on what he viewed
recsys: based on what they viewed | based on what they bought | people also bought
recsys: recently viewed | на основі того що він | на основі переглядів | на основі покупок
recsys: рекомендувати товари | рекомендації товарів | з цим купують
moneytype: off by a cent | floats for money | float for money | prices as floats
moneytype: type for money | money type | type for storing money
moneytype: на копійку | копійки не сходяться | помилки округлення | гроші у float | ціни у float
moneytype: тип для грошей | тип для цін | зберігати ціни
canaryrelease: спочатку йшли на | спочатку на частину | на частину юзерів | на частину користувачів
canaryrelease: to a small share | to a few users first | gradual rollout | поступово викочувати
canaryrelease: поступовий реліз | поступово розкатувати | на відсоток юзерів
putonline: pushed to prod | accidentally deployed | accidentally pushed | deploy freeze
putonline: branch protection | protect the main branch | випадково задеплоїли
sendpush: push notifications to | send push | send a push | send push notifications
sendpush: надсилати пуші | слати пуші | відправляти пуші | пуш сповіщення коли | пуші коли
happenstwice: create two orders | creates two orders | two orders instead of one
happenstwice: створюються два замовлення | два однакових замовлення
mailnotsent: надіслати підтвердження | підтвердження на нову | confirm the new email
mailnotsent: verification email | email verification | підтвердження пошти | підтвердження імейлу
sortbytext: score each lead | score leads | lead scoring | based on their message
sortbytext: оцінювати ліди | оцінити ліди | скоринг лідів
textgen: генерувати заголовки | згенерувати заголовки | generate titles | generate headlines
textgen: write titles automatically | варіанти заголовків
cacheresponse: cache the response | cache the responses | cache it for | cache for 10
cacheresponse: закешувати відповідь | кешувати відповідь | кешувати на | закешувати на
liveupdates: без перезавантаження | оновлюватись сам | оновлювався сам
liveupdates: чат між | chat between users | chat between buyers | чат між користувачами
scheduledjob: every morning at | every day at | every night at
scheduledjob: кожного ранку о
consistency: total always matches | must always match | stays consistent
consistency: сума завжди збігалась | сума завжди сходилась | щоб сума сходилась
scaleout: автоматично додавались | додавались інстанси | додавати інстанси | більше інстансів
scaleout: автоскейлінг | автомасштабування | при навантаженні автоматично
hostingbill: hosting bill | server bill | рахунок за aws | рахунок за хмару | рахунок за хостинг
hostingbill: рахунок за сервери
autoclassify: ставила теги | ставити теги | проставляти теги | тегувати | auto tag
autoclassify: assign tags | tag articles | з нашого списку тегів
photoai: upload a photo of | photo of a damaged | decide from the photo | по фото визначати
photoai: по фотографії | по фото товару | from the photo whether
contextwindow: контекстне вікно | контекстного вікна | контекстному вікні | контекстним вікном
contextwindow: контекстне вікно моделі | розмір контексту | довжина контексту
toolongformodel: контекст не влазить | контекст не лізе | контекст не поміщається
toolongformodel: вилітає за контекст | виходить за контекст | не влазить у вікно моделі
chunkdocs: нарізка документів | нарізку документів | нарізки документів | нарізка тексту
chunkdocs: документи на чанки | документів на чанки | шматки документів
chunkdocs: розбиття документів | розбивка документів
"""
