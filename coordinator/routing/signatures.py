"""Raw error messages, codes, config keys, file names and well-known ports, read as the
technology they belong to.

People paste what they see: ``ECONNREFUSED 127.0.0.1:6379`` (Redis's port), ``E11000 duplicate
key`` (MongoDB), ``P2002`` (Prisma), ``CrashLoopBackOff`` (Kubernetes). None of these name the
technology, so a request made only of them shares no word with its specialist. This table
adds the technology's name to the request, the way a person reading the message would.

Entries are general: each is a token, code shape, phrase or port that one technology (or one
family) prints, never a wording of a particular request. Only the names a roster knows
matter: a technology no agent names adds nothing (see :mod:`coordinator.routing.lexical`).
"""

from __future__ import annotations

import re
from itertools import compress, count
from operator import itemgetter

from coordinator.routing.products import PRODUCTS
from coordinator.routing.vocab import LANGUAGES

#: Normalised tokens (lower case, split at ``_`` and ``.``, see
#: :func:`coordinator.routing.text.words`) that one technology prints.
_TOKENS = """
redis: wrongtype noauth clusterdown redisclient ioredis
mongodb: e11000 mongoservererror mongonetworkerror mongoerror mongosh
postgres: psql pgbouncer
sql: sqlstate
mysql: mysqld
oracle: ora
python: traceback modulenotfounderror importerror indentationerror keyerror attributeerror
python: zerodivisionerror nameerror recursionerror unboundlocalerror filenotfounderror
python: stopiteration pip
java: nullpointerexception classnotfoundexception noclassdeffounderror outofmemoryerror
java: illegalargumentexception concurrentmodificationexception classcastexception
java: arrayindexoutofboundsexception stackoverflowerror numberformatexception
spring java: beancreationexception nosuchbeandefinitionexception unsatisfieddependencyexception
hibernate java: lazyinitializationexception
javascript: referenceerror unhandledpromiserejection unhandledpromiserejectionwarning
node: eaddrinuse enoent eacces econnreset
npm: eresolve
react: usestate useeffect usememo usecallback
angular: expressionchangedafterithasbeencheckederror nullinjectorerror
ruby: nomethoderror loaderror
rails ruby: activerecord actioncontroller actionview
laravel php: illuminate artisan
django python: improperlyconfigured doesnotexist
flask python: werkzeug
sqlalchemy python: detachedinstanceerror
go: goroutine goroutines gofmt golangci
rust: unwrap e0382 e0499 e0502 e0308
kubernetes: crashloopbackoff imagepullbackoff errimagepull oomkilled createcontainerconfigerror
kubernetes: kubelet
dotnet csharp: nullreferenceexception invalidoperationexception
kafka: notleaderforpartition offsetoutofrange
prisma: prismaclientknownrequesterror
sequelize: sequelizeuniqueconstrainterror sequelizevalidationerror
typeorm: queryfailederror entitymetadatanotfounderror
aws: accessdenied nosuchbucket throttlingexception
tls: x509
llm: gpt claude llama mistral gemini ollama openai anthropic
kafka: insync acks
postgres: autovacuum
mysql: innodb binlog
redis: maxmemory appendonly appendfsync
mongodb: wiredtiger oplog
elixir: genserver
opentelemetry: otlp
loki: logql
prometheus: promql
terraform: tfstate hcl
kubernetes: kustomize kubeconfig
ruby: gemfile
rust: rustc
python: pyproject virtualenv venv
typescript: tsconfig
php: composer
dart flutter: pubspec
ios: podfile xcodeproj
android: androidmanifest
java: jvm xmx
pandas: groupby iloc dataframe dataframes
kotlin android: lazycolumn lazyrow recomposition recompose composable
swift ios: lazyvstack uitableview uicollectionview
"""

#: Round 21: exception names, error codes and tool names that people paste, written from a
#: checklist of the technologies the rosters cover (general knowledge, not set cases). A name
#: printed by two technologies (TypeError: Python and JavaScript) is left out.
_ERROR_TOKENS = """
python: valueerror indexerror permissionerror memoryerror unicodedecodeerror
python: unicodeencodeerror jsondecodeerror connectionrefusederror brokenpipeerror taberror
python: keyboardinterrupt picklingerror
python sql: integrityerror programmingerror
django python: noreversematch templatedoesnotexist disallowedhost appregistrynotready
django python: relatedobjectdoesnotexist multipleobjectsreturned makemigrations
fastapi python: requestvalidationerror
sqlalchemy python: noresultfound multipleresultsfound
celery python: softtimelimitexceeded workerlosterror kombu
pandas python: settingwithcopywarning
numpy python: axiserror linalgerror
scikit sklearn: notfittederror convergencewarning
pytorch cuda: cudnn nccl
tensorflow: resourceexhaustederror invalidargumenterror
huggingface transformers: safetensors
openai llm: tiktoken
llm: ratelimiterror apiconnectionerror
javascript: rangeerror
network: econnrefused etimedout
dns network: enotfound
npm: elifecycle
jest vitest: tobe toequal tohavebeencalled tohavebeencalledwith tomatchsnapshot
next.js react: getserversideprops getstaticprops getstaticpaths
java: illegalstateexception unsupportedoperationexception indexoutofboundsexception
java: interruptedexception sockettimeoutexception
java: unknownhostexception nosuchmethoderror unsupportedclassversionerror
java: exceptionininitializererror
spring java: beancurrentlyincreationexception httpmessagenotreadableexception
spring java: methodargumentnotvalidexception nouniquebeandefinitionexception
spring java: applicationcontextexception dataintegrityviolationexception
hibernate java: persistenceexception nonuniqueresultexception optimisticlockexception
hibernate java: staleobjectstateexception transactionrequiredexception
kotlin: kotlinnullpointerexception uninitializedpropertyaccessexception
maven java: mvnw
gradle: gradlew
dotnet csharp: argumentnullexception objectdisposedexception taskcanceledexception
dotnet csharp: dbupdateexception dbupdateconcurrencyexception nuget
php: pdoexception
laravel php: modelnotfoundexception tokenmismatchexception
rails ruby: recordnotfound recordinvalid pendingmigrationerror invalidauthenticitytoken
elixir: functionclauseerror undefinedfunctionerror
ios xcode: phasescriptexecution nsinvalidargumentexception nsinternalinconsistencyexception
android: androidruntime activitynotfoundexception networkonmainthreadexception
android: badtokenexception minsdkversion adb
dart flutter: lateinitializationerror parentdatawidget
sqlite: sqlite3
mongodb: objectid bson mongoserverselectionerror
mongoose mongodb: mongooseerror mongooseservererror
redis: misconf crossslot busygroup
cassandra: nohostavailableexception readtimeoutexception writetimeoutexception
kafka: commitfailedexception rebalanceinprogressexception recordtoolargeexception
kafka: unknowntopicorpartitionexception
rabbitmq: amqp amqplib pika
aws: expiredtoken expiredtokenexception unrecognizedclientexception invalidclienttokenid
aws: signaturedoesnotmatch accessdeniedexception nosuchkey importmoduleerror
dynamodb aws: provisionedthroughputexceededexception conditionalcheckfailedexception
docker: dockerfile
kubernetes: containercreating failedscheduling failedmount invalidimagename
kubernetes: runcontainererror containercannotrun persistentvolumeclaim persistentvolumeclaims
helm: helmfile
terraform: tflint tfvars
jenkins: jenkinsfile
nginx: emerg
apache: htaccess
tls: sslerror sslhandshakeexception
dns network: getaddrinfo nxdomain servfail
jwt: tokenexpirederror jsonwebtokenerror
graphql: graphqlerror
apollo graphql: apolloerror
protobuf grpc: protoc
stripe: stripesignatureverificationerror stripecarderror stripeinvalidrequesterror
firebase: firebaseerror
c++: addresssanitizer collect2
spark: py4jjavaerror sparkexception
redis: noscript
java: metaspace
"""

#: Phrases (token sequences) that one technology prints.
#: Phrases a program prints when it fails at run time (not when it is built): such a pasted
#: error is a bug to find, so the request also asks for debugging.
RUNTIME_FAILURES: frozenset[str] = frozenset(
    "phrase:" + p
    for p in (
        "cannot read properties of undefined",
        "cannot read properties of null",
        "cannot read property",
        "is not a function",
        "is not defined",
        "undefined method",
        "fatal error uncaught",
        "panic runtime error",
        "nil pointer dereference",
        "segmentation fault",
        "core dumped",
        "unexpectedly found nil",
        # round 21
        "object has no attribute",
        "object is not subscriptable",
        "object is not callable",
        "referenced before assignment",
        "maximum recursion depth exceeded",
        "maximum call stack size exceeded",
        "object reference not set to an instance of an object",
        "call to a member function",
        "thread main panicked at",
        "called option unwrap on a none value",
        "called result unwrap on an err value",
        "concurrent map writes",
        "all goroutines are asleep",
        "exc bad access",
        "stack smashing detected",
        "double free or corruption",
        "heap use after free",
    )
)
_PHRASES = """
javascript: cannot read properties of undefined
javascript: cannot read properties of null
javascript: cannot read property
javascript: is not a function
javascript: is not defined
ruby: undefined method
php: fatal error uncaught
go: panic runtime error
go: nil pointer dereference
rust: borrow checker
rust: cannot borrow
c++: segmentation fault
c++: core dumped
c++: undefined reference to
docker: copy failed
docker: failed to solve
docker: build context
terraform: state lock
git: merge conflict
git: detached head
git: non fast forward
postgres: pg hba
mysql: er dup entry
mysql: er lock deadlock
mysql: er access denied error
node: err require esm
node: err module not found
postgres: violates unique constraint
postgres: violates foreign key constraint
postgres: deadlock detected
mysql: duplicate entry
mysql: access denied for user
redis: oom command not allowed
kafka: leader not available
elasticsearch: circuit breaking exception
elasticsearch: index not found exception
elasticsearch: search phase execution exception
elasticsearch: cluster block exception
elasticsearch: mapper parsing exception
elasticsearch: version conflict engine exception
nginx: bad gateway
nginx: upstream timed out
tls: certificate verify failed
mocha: ensure done is called
react: too many re renders
react: invalid hook call
react: hydration failed
graphql: cannot query field
grpc: deadline exceeded
webpack: cant resolve
spring: whitelabel error page
swift: unexpectedly found nil
flutter: renderflex overflowed
pytorch: tried to allocate
cockroachdb: retry serializable
go: go mod
go: go sum
node: package json
python: requirements txt
maven java: pom xml
gradle: build gradle
next.js: next config
elixir: mix exs
elixir: handle call
postgres: pg stat statements
postgres: shared buffers
postgres: work mem
elasticsearch: max map count
"""

#: Round 21: messages people paste, by technology (same checklist as :data:`_ERROR_TOKENS`).
#: ``*`` stands for one or two tokens a message fills in (a table, column or module name).
#: A message that several technologies print names its domain (network, dns, cors), not one.
_ERROR_PHRASES = """
python: no module named
python: object has no attribute
python: object is not subscriptable
python: object is not callable
python: required positional argument
python: unsupported operand type
python: can only concatenate str
python: invalid literal for int
python: expected an indented block
python: unindent does not match
python: referenced before assignment
python: dictionary changed size during iteration
python: maximum recursion depth exceeded
python: partially initialized module
python asyncio: was never awaited
python asyncio: event loop is closed
python asyncio: event loop is already running
python pip: could not find a version that satisfies
python pip: no matching distribution found
python pip: externally managed environment
python pip: failed building wheel
django python: csrf verification failed
django python: unapplied migration
django python: conflicting migrations detected
django python: settings are not configured
django python: manage py
flask python: working outside of application context
flask python: working outside of request context
pydantic python: value error missing
pydantic python: extra fields not permitted
pydantic python: input should be a valid
celery python: received unregistered task
alembic migration sqlalchemy: cant locate revision identified by
alembic migration sqlalchemy: target database is not up to date
alembic migration sqlalchemy: multiple head revisions are present
pandas python: a value is trying to be set on a copy
pandas python: length of values does not match length of index
numpy python: operands could not be broadcast together
scikit sklearn: input contains nan
scikit sklearn: found input variables with inconsistent numbers of samples
pytorch cuda: cuda out of memory
pytorch cuda: expected all tensors to be on the same device
pytorch: mat1 and mat2 shapes cannot be multiplied
pytorch: does not require grad and does not have a grad fn
pytorch cuda: device side assert triggered
tensorflow: oom when allocating tensor
tensorflow: could not load dynamic library
huggingface transformers: tokenizers parallelism
huggingface transformers: trust remote code
llm: context length exceeded
llm: maximum context length
llm: prompt is too long
llm: overloaded error
llm: tool result blocks
openai llm: insufficient quota
llm: max tokens
node: heap out of memory
node: cannot use import statement outside a module
node: require of es module
node: is not defined in es module scope
node: err unknown file extension
node: err ossl evp unsupported
node: err invalid arg type
express node: cannot set headers after they are sent
javascript: maximum call stack size exceeded
npm: could not resolve dependency
npm: npm err
pnpm: err pnpm
typescript: is not assignable to type
typescript: does not exist on type
typescript: implicitly has an any type
typescript: its corresponding type declarations
typescript: is possibly undefined
typescript: is possibly null
vite: failed to resolve import
vite: pre transform error
babel: support for the experimental syntax
jest: jest did not exit
jest: exceeded timeout of
cypress: timed out retrying after
playwright: strict mode violation
playwright: waiting for locator
playwright: page goto
react: should have a unique key prop
react: react state update on an unmounted component
react: objects are not valid as a react child
react: rendered more hooks than during the previous render
react: react hook * has a missing dependency
react: maximum update depth exceeded
react: changing an uncontrolled input
react next.js: did not match server rendered html
next.js: should be wrapped in a suspense boundary
next.js: next router was not mounted
next.js: dynamic server usage
vue: avoid mutating a prop directly
vue: failed to resolve component
vue: extraneous non props attributes
pinia vue: getactivepinia was called
angular: isnt a known property of
angular: is not a known element
go: all goroutines are asleep
go: concurrent map writes
go: declared and not used
go: imported and not used
go: context deadline exceeded
go: warning data race
rust: which is behind a shared reference
rust: which is behind a mutable reference
rust: not live long enough
rust: use of moved value
rust: the trait bound
rust: thread main panicked at
rust: called option unwrap on a none value
rust: called result unwrap on an err value
rust: cannot be sent between threads safely
tokio rust: there is no reactor running
spring java: failed to configure a datasource
hibernate java: could not initialize proxy
maven java: could not resolve dependencies for project
maven java: failed to execute goal
gradle: could not resolve all files for configuration
gradle: execution failed for task
kotlin: lateinit property
dotnet csharp: object reference not set to an instance of an object
dotnet csharp: unable to resolve service for type
dotnet csharp: a possible object cycle was detected
php: parse error syntax error
php: call to undefined function
php: call to a member function
php: allowed memory size of
php: undefined array key
php: headers already sent
laravel php: target class does not exist
laravel php: no application encryption key
laravel php: 419 page expired
wordpress: error establishing a database connection
wordpress: there has been a critical error on this website
wordpress: wp config
ruby: uninitialized constant
rails ruby: rake aborted
elixir: no function clause matching
swift ios: exc bad access
swift: thread 1 fatal error
ios: unrecognized selector sent to instance
ios: not key value coding compliant
ios xcode: provisioning profile
ios xcode: requires a development team
ios: pod install
android: fatal exception main
android: manifest merger failed
android gradle: duplicate class found in modules
flutter: setstate called after dispose
flutter: vertical viewport was given unbounded height
flutter: no material widget found
react native: requirenativecomponent
react native: unable to load script
postgres: relation * does not exist
postgres: column * does not exist
postgres: role * does not exist
postgres: database * does not exist
postgres: password authentication failed
postgres: too many clients already
postgres: remaining connection slots are reserved
postgres: canceling statement due to statement timeout
postgres: could not serialize access
postgres: current transaction is aborted
postgres: syntax error at or near
postgres: violates not null constraint
postgres: violates check constraint
postgres: violates row level security policy
postgres: permission denied for table
postgres: permission denied for schema
postgres: out of shared memory
postgres: pg dump
postgres: pg restore
postgres: pg upgrade
postgres: pg stat activity
postgres: is the server running on host
mysql: too many connections
mysql: lock wait timeout exceeded
mysql: server has gone away
mysql: unknown column
mysql: table * doesnt exist
mysql: you have an error in your sql syntax
mysql: incorrect string value
mysql: only full group by
mysql: utf8mb4
sqlite: database is locked
sqlite: no such column
sqlite: attempt to write a readonly database
sqlite: database disk image is malformed
mongoose mongodb: cast to objectid failed
mongoose mongodb: buffering timed out after
mongodb: topology was destroyed
mongodb: server selection timed out
redis: write against a read only replica
redis: max number of clients reached
elasticsearch: es rejected execution exception
elasticsearch: flood stage disk watermark
elasticsearch: index read only allow delete
elasticsearch: no shard available action exception
elasticsearch: unassigned shards
elasticsearch: resource already exists exception
kafka: unknown topic or partition
kafka: offset commit failed
kafka: max poll interval ms
rabbitmq: inequivalent arg
nats: no responders available
liquibase migration: waiting for changelog lock
liquibase migration: databasechangeloglock
liquibase migration: check sum changed
flyway migration: migration checksum mismatch
flyway migration: detected failed migration to version
flyway migration: found non empty schema
prisma migration: is not in sync with your migration history
knex migration: migration table is already locked
migration: dirty database version
aws: unable to locate credentials
aws: security token included in the request is invalid
aws lambda: task timed out after
aws cloudformation: update rollback failed
azure: az login
docker: cannot connect to the docker daemon
docker: is the docker daemon running
docker: port is already allocated
docker: exec format error
docker: exec user process caused
docker: pull access denied
docker: manifest unknown
docker: pull rate limit
docker: oci runtime create failed
docker: is already in use by container
kubernetes: nodes are available
kubernetes: untolerated taint
kubernetes: had taint
kubernetes: readiness probe failed
kubernetes: liveness probe failed
kubernetes: back off restarting failed container
kubernetes: the connection to the server * was refused
kubernetes: system serviceaccount
helm: has no deployed releases
helm: cannot re use a name that is still in use
helm: rendered manifests contain
helm: values yaml
helm: chart yaml
terraform: inconsistent dependency lock file
terraform: provider produced inconsistent final plan
terraform: error refreshing state
terraform: backend configuration changed
terraform: reference to undeclared resource
terraform: is not expected here
github ci: resource not accessible by integration
github ci: process completed with exit code
github ci: github workflows
gitlab ci: gitlab ci yml
jenkins: scripts not permitted to use method
nginx: client intended to send too large body
nginx: no live upstreams
nginx: upstream prematurely closed connection
nginx: while connecting to upstream
nginx: gateway time out
nginx: sites enabled
nginx: proxy pass
tls: self signed certificate in certificate chain
tls: unable to get local issuer certificate
tls: unable to verify the first certificate
tls: err cert authority invalid
tls: err cert date invalid
tls: err ssl protocol error
tls: sslv3 alert handshake failure
tls: wrong version number
tls: certificate has expired
tls: depth zero self signed cert
tls: unable to verify leaf signature
tls java: pkix path building failed
git: not a git repository
git: refusing to merge unrelated histories
git: failed to push some refs
git: updates were rejected because
git: please commit your changes or stash them
git: did not match any file
git: pre receive hook declined
git: unmerged paths
git ssh: permission denied publickey
ssh: host key verification failed
network: connection refused
network: connection reset by peer
network: connection timed out
network: no route to host
network: network is unreachable
dns network: name or service not known
dns network: temporary failure in name resolution
cors: cors policy
cors: no access control allow origin
cors: access control allow origin
cors: preflight request
authentication: 401 unauthorized
authorization: 403 forbidden
oauth: invalid grant
oauth: redirect uri mismatch
stripe: no such customer
stripe: no such payment intent
stripe: no signatures found matching
firebase: missing or insufficient permissions
vercel: function invocation timeout
vercel: function invocation failed
linux memory: oom killer
c++: stack smashing detected
c++: double free or corruption
c++: heap use after free
c++: ld returned 1 exit status
c++: no rule to make target
bash shell: command not found
bash shell: syntax error near unexpected token
bash shell: unbound variable
bash shell: bad interpreter
linux: too many open files
powershell: is not recognized as the name of a cmdlet
powershell: running scripts is disabled
grpc: rpc error code
grpc: 14 unavailable
sqlserver: login failed for user
airflow: broken dag
spark: killed by yarn
dbt: compilation error in model
node: socket hang up
java: gc overhead limit exceeded
cloudflare: error 520
cloudflare: error 521
cloudflare: error 522
cloudflare: error 524
"""

#: Well-known ports (never round numbers people write for other reasons).
_PORTS = """
postgres: 5432 6432
mysql: 3306 33060
redis: 6379 26379
mongodb: 27017 27018 27019
elasticsearch: 9200 9300
kafka: 9092
zookeeper: 2181
rabbitmq: 5672 15672 25672
memcached: 11211
consul: 8500 8301
prometheus: 9090 9100
alertmanager: 9093
nats: 4222
cockroachdb: 26257
neo4j: 7474 7687
cassandra: 9042
influxdb: 8086
kubernetes: 6443 10250
etcd: 2379
vault: 8200
sqlserver: 1433
oracle: 1521
kibana: 5601
loki: 3100
jaeger: 16686 14268 6831
opentelemetry: 4317 4318
zipkin: 9411
clickhouse: 8123
solr: 8983
couchdb: 5984
arangodb: 8529
pulsar: 6650
activemq: 61616 8161
mqtt: 1883
tensorboard: 6006
milvus: 19530
qdrant: 6333
grpc: 50051
spark: 4040 7077
docker: 2375 2376
"""

#: Round 28: the API names, matchers, config keys and log lines that only one library or
#: runtime has, walked per family from general knowledge (test runners' matchers and mocks,
#: RPC routers, brokers' consumer settings, wide-column warnings, Go's runtime panics,
#: PostgreSQL replicas, Node's heap, mixed-precision training, TypeScript's type-level
#: words, .NET Framework's web stack). A name two libraries share (getByRole: Playwright and
#: Testing Library; appRouter: tRPC and Next.js; vi: the editor) is left out.
_API_TOKENS = """
playwright: tohavescreenshot tohaveurl tohavetitle tohavecount storagestate
cypress: cy
trpc: publicprocedure protectedprocedure createtrpcrouter inittrpc trpcerror
cassandra: nodetool cqlsh
pytorch: gradscaler autocast
dotnet: webforms asmx
"""

_API_PHRASES = """
vitest: vi mock | vi fn | vi spyon | vi hoisted | vi stubglobal | vi usefaketimers
nats: nats jetstream | jetstream consumer | jetstream stream
rabbitmq: basic qos | prefetch count | dead letter exchange | x dead letter exchange
rabbitmq: basic ack | basic nack | basic consume | queue declare | exchange declare
cassandra: writing large partition | tombstone warn threshold | scanned over tombstones
cassandra: tombstone failure threshold
go: assignment to entry in nil map | index out of range with length | slice bounds out of range
go: invalid memory address | unexpected fault address | go vet
postgres: conflict with recovery | hot standby feedback | max standby streaming delay
postgres: replication slot | idle in transaction | requested wal segment
node: reached heap limit | max old space size | javascript heap out of memory
typescript: discriminated union | discriminated unions | type guard | type guards
typescript: type narrowing | mapped type | mapped types | conditional type | conditional types
typescript: utility types | exhaustive switch | exhaustiveness check | satisfies operator
dotnet: web forms | global asax | web config
azure: azure ad | conditional access
"""

#: :data:`_API_PHRASES` as ``tech: phrase`` lines (its ``|`` separates phrases of one row).
_API_PHRASE_LINES = "\n".join(
    f"{names}: {phrase.strip()}"
    for line in _API_PHRASES.strip().splitlines()
    for names, _, found in (line.partition(":"),)
    for phrase in found.split("|")
)


#: Round 35: the commands, API calls, config keys and messages that name one tool only
#: indirectly, walked per tool family from general knowledge (databases, caches, brokers,
#: auth providers, migration tools, CI systems, clouds and orchestrators, JS / Python / Go /
#: Java / .NET runtimes, test runners, mobile toolchains, observability). A name two tools
#: share is left out or named by its family (a migration checksum: Flyway and Liquibase), and
#: so is a word with an everyday sense (dune, realm, shuffle, orbs, revalidate alone).
_R35_TOKENS = """
redis: xreadgroup xadd xack xpending xclaim xautoclaim xtrim xgroup nogroup
redis: hgetall hincrby zadd zrangebyscore zrevrange zincrby brpop blpop
mongodb: insertmany updatemany bulkwrite findoneandupdate
mongoose mongodb: casterror
dynamodb: transactioncanceledexception putitem getitem updateitem batchwriteitem
dynamodb: batchgetitem transactwriteitems documentclient
elasticsearch: fielddata
neo4j: apoc
mysql: mysqldump gtid
mssql sqlserver: sqlcmd tempdb nolock ssms tsql
cockroachdb: transactionretrywitherror
kafka: kafkajs librdkafka ksql ksqldb
rabbitmq: unacked
mqtt: mosquitto
sqs: receivemessage deletemessage sendmessagebatch approximatereceivecount redrivepolicy
sqs: maxreceivecount messagegroupid messagededuplicationid
sns: topicarn
bullmq: removeoncomplete removeonfail
knex: knexfile
typeorm: getrepository createquerybuilder
sequelize: sequelizemeta
flyway: baselineonmigrate
liquibase: databasechangelog databasechangeloglock clearchecksums runonchange
django python: showmigrations sqlmigrate squashmigrations inconsistentmigrationhistory queryset
rails ruby: nilclass
oauth: pkce
jenkins: withcredentials hudson
aws: assumerole
aws: requesttimetooskewed
gcp: gcloud gsutil
azure: azcopy bicep
kubernetes: statefulset statefulsets
kubernetes: daemonset daemonsets replicaset configmap configmaps
node javascript: maxlistenersexceededwarning
jest: usefaketimers advancetimersbytime runalltimers runonlypendingtimers
jest: transformignorepatterns modulenamemapper setupfilesafterenv testenvironment
jest vitest: mockresolvedvalue mockreturnvalue mockimplementation tohavebeencalledtimes
mocha: mocharc
jasmine: createspyobj
selenium: webdriverexception nosuchelementexception staleelementreferenceexception
selenium: elementclickinterceptedexception sessionnotcreatedexception chromedriver geckodriver
selenium: webdriverwait
nextjs next: revalidatepath revalidatetag generatestaticparams generatemetadata nextresponse
nextjs next: nextrequest getinitialprops
vue: defineprops defineemits definecomponent onmounted vuex
angular: ngoninit ngonchanges ngondestroy ngmodule ngfor ngif changedetectionstrategy
trpc: inferrouteroutputs inferrouterinputs
nestjs: exceptionfilter usepipes useguards
webpack: chunkloaderror splitchunks
electron: ipcrenderer ipcmain contextbridge browserwindow
react native: requirenativecomponent
flutter dart: renderflex statefulwidget statelesswidget buildcontext
ios swift: xcodebuild testflight dyld
android: logcat androidx inflateexception proguard
scikit sklearn: gridsearchcv randomizedsearchcv standardscaler logisticregression
scikit sklearn: randomforestclassifier randomforestregressor
numpy: ndarray
tensorflow: keras
python: dataclass dataclasses asyncio pytest conftest mypy uvicorn
fastapi python: apirouter
spring java: autowired hikari hikaricp
spark: sparkcontext sparksession pyspark fetchfailedexception
prometheus: pushgateway prometheusrule
loki: promtail logcli
opentelemetry: otel traceparent
elk: logstash filebeat kibana
stripe: paymentintent setupintent whsec
slack: xoxb
powershell: cmdlet ps1 aduser
active directory windows: repadmin dcdiag ntds sysvol gpo
git: reflog
docker: buildx
dotnet: appsettings dbcontext csproj kestrel
elixir phoenix: ecto liveview iex
haskell: ghc hackage
ocaml: opam utop
clojure: leiningen nrepl edn
scala: sbt akka
rust: tokio rustup clippy
c++: cmake valgrind
lua: luarocks
perl: cpan
php: xdebug
kotlin: lateinit
solidjs: createsignal createeffect
remix: useloaderdata useactiondata
langchain: lcel runnablesequence retrievalqa chatprompttemplate
websocket: wss
langchain: outputparserexception
sequelize: sequelizeconnectionerror sequelizedatabaseerror sequelizeforeignkeyconstrainterror
typeorm: repositorynotfounderror
powershell: executionpolicy
powershell: childitem wmiobject ciminstance webrequest restmethod pscustomobject pssession
powershell: psremoting
active directory powershell: adcomputer adgroupmember adgroup adorganizationalunit
"""

_R35_PHRASES = """
dynamodb: global secondary index | conditional check failed | provisioned throughput exceeded
elasticsearch opensearch: read only allow delete
postgres: too many connections for role
postgres: seq scan | bitmap heap scan
postgres: index only scan
postgres: explain analyze buffers
mysql: deadlock found when trying to get lock
mysql: innodb buffer pool
kafka: auto offset reset | enable auto commit
kafka: consumer offsets | under replicated partitions
kafka: min insync replicas | schema registry
rabbitmq: quorum queue | quorum queues | x message ttl
mqtt: retained message | last will message
sqs: visibility timeout | receipt handle | dead letter queue redrive
sns: subscription filter policy
bullmq: job stalled more than allowable limit | stalled jobs
celery python: acks late | worker prefetch multiplier
knex: migrate latest | migrate make | migrate currentversion
laravel php: migrate fresh | eloquent model | eloquent orm | eloquent relationship
typeorm: synchronize true | migration generate | migration revert
prisma: migrate deploy | migrate reset | db push
flyway liquibase: checksum mismatch for migration
flyway: detected failed migration | flyway schema history
liquibase: changelog lock | changesets check sums
liquibase: change sets check sum | changeset checksum | validation failed changesets
alembic sqlalchemy python: cant locate revision
rails ruby: schema rb | bundle exec
auth0: callback url mismatch | allowed callback urls | universal login
oauth: invalid client | unauthorized client
oauth: code verifier
github actions: ubuntu latest | actions checkout | actions setup node | actions cache
github actions: workflow dispatch | pull request target | secrets github token
gitlab ci: before script | ci job token | ci commit sha | gitlab runner
jenkins: agent any
azure: az aks | az webapp | az account
kubernetes: unbound immediate persistentvolumeclaims | insufficient cpu
kubernetes: node affinity
kubernetes: taints and tolerations | pending pvc | pvc pending | pvc is pending | pvc not bound
terraform: error acquiring the state lock
ansible: unreachable msg | play recap | to connect to the host via ssh
node: err package path not exported
jest: jest encountered an unexpected token | experimental vm modules
jest vitest: fake timers
mocha: timeout of 2000ms exceeded
jasmine: default timeout interval
playwright: locator click | locator fill | locator waitfor
playwright: waiting for getbyrole | waiting for getbytext | waiting for getbylabel
playwright: waiting for getbytestid | expect locator
playwright: page getbyrole | page getbytext | trace viewer
react: rendered more hooks than | unique key prop
react: cannot update a component while rendering
express node: req body | req params | req query | res send | res json | res status
fastify: fst err
nestjs: nest cant resolve dependencies | nest can t resolve dependencies
webpack: loading chunk failed | module federation
react native: metro bundler | unable to resolve module | invariant violation
expo: eas build | eas update
ios: info plist
android: application not responding
scikit sklearn: train test split | cross val score | fit transform
pandas: pd read csv | pd dataframe | pd merge | pd concat
numpy: operands could not be broadcast | np array
pytorch: nn module | state dict | requires grad | loss backward
tensorflow: tf keras
django python: prefetch related
go: go mod tidy | fiber ctx
gin go: gin context
spring java: application properties | application yml | spring datasource
spring java: connection is not available request timed out
spark: executor memory | spark executor | shuffle partitions | shuffle spill | shuffle stage
spark: shuffle read | shuffle write | shuffle files | during the shuffle
spark: oom on shuffle | oom during shuffle | oom in the shuffle | oom на shuffle
spark: oom під час shuffle
spark: container killed by yarn | data skew | skewed join
prometheus: histogram quantile | scrape interval | scrape configs | relabel configs
prometheus: node exporter | kube state metrics | recording rule | recording rules
opentelemetry: otel collector | tracer provider | span exporter
stripe: payment intent | checkout session completed | invoice payment failed | sk live
stripe: sk test
slack: chat postmessage | block kit | slash command
active directory windows: group policy
docker: multi stage build
wordpress php: wp admin | white screen of death
wordpress php: functions php | wp cli | wp query
ocaml: unbound module | unbound value | dune build
clojure: deps edn
haskell: stack build
kotlin: suspend fun | gradle kts
dart flutter: pub get | flutter pub
css: z index | media query | grid template columns
openai llm: function calling | rate limit reached for
websocket: socket io | close code 1006 | code 1006
mongodb: aggregation pipeline
redis: keyspace notifications
elasticsearch opensearch: too many buckets exception
keycloak: invalid parameter redirect uri
jwt: jwt malformed | jwt expired
circleci: too long with no output
jenkins: no such dsl method
github actions: set output command is deprecated
docker kubernetes: exit code 137
kubernetes: the node was low on resource
helm: another operation install upgrade rollback is in progress
terraform: provider produced inconsistent result
aws: the security token included in the request is invalid | cdk synth | cdk deploy | sam deploy
aws: cannotpullcontainererror
gcp: serviceaccounts actas
postgres: row level security
nextjs next: window is not defined | document is not defined
javascript: cannot access before initialization
typescript: object is possibly undefined | object is possibly null
python: positional arguments but | unhashable type | coroutine was never awaited
rust: does not live long enough
spring java: could not autowire | no qualifying bean of type | web server failed to start
dotnet: a second operation was started on this context
dotnet: cannot be tracked because another instance
laravel php: csrf token mismatch
rails ruby: cant verify csrf token authenticity
pydantic fastapi python: field required type
pandas: cannot reindex on an axis with duplicate labels
pytorch: size mismatch for
transformers huggingface: token indices sequence length is longer than
openai llm: you exceeded your current quota | invalid request error
stripe: no such price
ios swift: no such module
flutter dart: was given unbounded height | incorrect use of parentdatawidget
angular: since it isnt a known property of
flyway: schema history table
jest: your test suite must contain at least one test | exceeded timeout of 5000 ms
jest: a worker process has failed to exit gracefully
playwright: browsertype launch
puppeteer: could not find chrome | protocol error target closed
git: updates were rejected because the tip
prometheus: out of order sample
loki: entry out of order | maximum active stream limit exceeded
active directory windows: trust relationship between this workstation
powershell: running scripts is disabled on this system
bash shell: bad substitution
wordpress php: briefly unavailable for scheduled maintenance
"""

#: :data:`_R35_PHRASES` as ``tech: phrase`` lines.
_R35_PHRASE_LINES = "\n".join(
    f"{names}: {phrase.strip()}"
    for line in _R35_PHRASES.strip().splitlines()
    for names, _, found in (line.partition(":"),)
    for phrase in found.split("|")
)


#: Round 45: what people paste with two or three words around it, walked per stack from
#: general knowledge: the driver and SDK modules a dotted exception path starts with
#: (``psycopg2.errors.UniqueViolation``, ``botocore.exceptions``), exception classes one
#: runtime raises, build tasks and CLI tools of one toolchain (``mergeDebugResources``,
#: ``kubeadm``), config files and keys. A class two stacks raise (ValidationError, TypeError,
#: SQLException, FileNotFoundException) or a word with an everyday sense (metro, puma,
#: compose, wheel, motor, atlas) is left out.
_R45_TOKENS = """
postgres: psycopg psycopg2 asyncpg uniqueviolation foreignkeyviolation notnullviolation
postgres: undefinedtable undefinedcolumn serializationfailure deadlockdetected pgadmin plpgsql
postgres: pgcrypto pgbench initdb toomanyconnectionserror invalidcatalognameerror
postgres: invalidpassworderror
python sql: operationalerror interfaceerror
sqlalchemy python: pendingrollbackerror objectdeletederror
mysql: pymysql mysqlclient mysqldb aiomysql mysqladmin mysqlsh mariadb
mongodb: pymongo mongod mongos mongodump mongorestore mongoexport mongoimport duplicatekeyerror
mongodb: serverselectiontimeouterror
redis: jedis redisson redlock valkey redisearch redisjson
fastapi python: starlette httpexception
python: gunicorn pydanticusererror basesettings setuptools pyinstaller pyenv pipx
python: pycache oserror notimplementederror overflowerror lookuperror systemexit pyright pylance
django python: collectstatic runserver createsuperuser startapp staticfiles fielderror
django python: suspiciousoperation
node: nodemon unhandledrejection uncaughtexception eventemitter libuv epipe econnaborted
npm: eintegrity etarget e404 npmrc peerdependencies npx
javascript: eslintrc babelrc prettierrc
typescript: tsc tsnode
java: jdk jre javac classpath
spring boot java: springboottest webmvctest datajpatest restcontroller requestmapping getmapping
spring boot java: postmapping springapplication
hibernate java: jparepository onetomany manytoone entitymanager hikaripool sqlgrammarexception
hibernate java: jdbcconnectionexception constraintviolationexception
maven java: mvn surefire
android gradle: mergedebugresources compiledebugkotlin assembledebug assemblerelease
android gradle: bundlerelease processdebugmanifest checkdebugaarmetadata mergeextdexdebug
android gradle: compiledebugjavawithjavac dexing desugaring jetifier multidex
android: anr r8 apk aab
go: gopath goroot goimports gopls errgroup waitgroup govulncheck gomod
rust: rustfmt serde thiserror
dotnet csharp: efcore aspnetcore dbset iactionresult invalidcastexception formatexception
dotnet csharp: argumentoutofrangeexception keynotfoundexception httprequestexception
dotnet csharp: aggregateexception
laravel php: queryexception bindingresolutionexception
php symfony laravel: methodnotallowedhttpexception notfoundhttpexception
php: phpunit phpstan fpm
rails ruby: recordnotunique activemodel actioncable activejob
ruby: rbenv rvm
kubernetes: kubeadm errimageneverpull podinitializing containerstatusunknown nodenotready
kubernetes: diskpressure memorypressure pidpressure failedcreatepodsandbox failedattachvolume
kubernetes: k9s
helm: helmrelease chartmuseum
terraform: tfplan
github actions: gha ghcr
aws: awscli boto3 botocore nocredentialserror s3api getcalleridentity invalidaccesskeyid
aws: nosuchentity resourcenotfoundexception
gcp: gke bq
azure: azurerm keyvault
ios xcode: podspec xcworkspace xcframework xcconfig codesign dsym xcarchive simctl swiftpm
llm: apistatuserror apitimeouterror litellm
huggingface transformers: automodel autotokenizer automodelforcausallm
cuda: nvcc
react: tsx jsx
node javascript: mjs cjs resizeobserver
python: py pyi runtimewarning
jupyter python: ipynb
ruby: rb
rails ruby: erb routingerror
dotnet csharp: cshtml entityframeworkcore ancm
ios: plist nsurlerrordomain urlsession
kotlin: kts kotlinx
elixir: exs
java: jakarta connectexception fasterxml databind mismatchedinputexception jsonmappingexception
grpc java: statusruntimeexception
dart flutter: platformexception missingpluginexception
postgres go: pgx
go: gorm
aws: invokemodel
azure: authorizationfailed
android: aapt lstar
kubernetes: imagepullsecrets imagepullpolicy livenessprobe readinessprobe startupprobe
kubernetes: initialdelayseconds periodseconds failurethreshold terminationgraceperiodseconds
kubernetes: nodeselector podantiaffinity podaffinity nodeaffinity topologyspreadconstraints
kubernetes: serviceaccountname securitycontext runasnonroot runasuser emptydir hostpath
kubernetes: persistentvolume storageclass storageclassname volumemounts secretkeyref
kubernetes: configmapkeyref valuefrom envfrom containerport targetport nodeport clusterip
kubernetes: ingressclassname horizontalpodautoscaler poddisruptionbudget networkpolicy
kubernetes: customresourcedefinition restartpolicy backofflimit activedeadlineseconds
kubernetes: initcontainers coredns kubeproxy
kubernetes aws: eksctl
go: goos goarch cgo
redis: bigkeys hotkeys
ios xcode: xcrun altool notarytool
spring boot java: bootrun
llm: logprobs
laravel php: livewire
rails ruby: zeitwerk
go: writeheader goflags
mongodb: writeconflict
langchain llm: chatopenai chatanthropic
llm: ggml gguf
ollama llm: 11434
huggingface transformers: safetensorerror
aws: unauthorizedoperation buildspec
gcp: cloudbuild
argocd gitops kubernetes: comparisonerror
kubernetes: kustomization
java: unrecognizedpropertyexception
"""

_R45_PHRASES = """
postgres: unique violation | duplicate key value violates | pg repack | pg ctl | pg basebackup
postgres: server closed the connection unexpectedly
postgres: sorry too many clients already
mysql: sql mode | mysql connector
mongodb: mongo shell | mongo uri | replica set ismaster
python: site packages | no module named pip | pip freeze | pip install
python: venv activate
django python: manage py migrate | django db utils | django core exceptions
node: err http headers sent | err invalid url | process env
npm: legacy peer deps | package lock json | npm ci | npm install | peer dep
javascript npm: yarn lock | yarn install | yarn build
pnpm: pnpm lock yaml | frozen lockfile
webpack: module not found error cant resolve | webpack config
vite: vite config
java: java lang | java heap space | unsupported class file major version
spring boot java: spring boot | application context | failed to load applicationcontext
maven java: mvn clean install | maven central
gradle: gradle sync | gradle daemon | gradle wrapper | gradle properties
android: install failed update incompatible | install failed insufficient storage
android: install failed version downgrade | install parse failed | android studio
android: adb devices
go: missing go sum entry | cannot find module providing package | go mod download
go: go mod vendor
rust: cargo toml | cargo lock | cargo build | cargo run | cargo test | borrowed value
dotnet csharp: dotnet ef | ef migrations | ef core | nuget restore | dotnet restore
dotnet csharp: dotnet build | dotnet run | asp net core
laravel php: php artisan | artisan migrate | composer json | composer install
rails ruby: rails db | bundle install | rails console | rails server | gemfile lock
kubernetes: rollout undo | rollout restart | rollout status | kubectl describe | kubectl logs
kubernetes: kubectl apply | kubectl get | node not ready
kubernetes: cluster unreachable
helm: helm upgrade | helm install | helm rollback | helm template | helm chart
terraform: terraform init | terraform plan | terraform apply | terraform import | state rm
terraform: state mv | no valid credential sources found
circleci: restore cache | save cache | persist to workspace | attach workspace | store artifacts
circleci: store test results | config yml circleci
github actions: github workflow | actions runner
aws: aws configure | aws sso | aws cli | aws s3 | iam role | iam policy | assume role
gcp: application default credentials | gcloud auth | service account key
azure: az cli | azure cli | managed identity
docker: error response from daemon | docker compose | docker build | docker run | docker desktop
docker: no such image | dockerfile copy
ios xcode: command phasescriptexecution failed
ios xcode: sandbox rsync | module map file | framework not found | library not loaded
flutter dart: flutter doctor | flutter run | flutter build | android licenses
react native: react native
llm: context window | finish reason | stop reason | tool calls | from pretrained
cuda: nvidia smi | cuda error | cudnn error
git: git lfs | git rebase | git push | git pull | git merge | git checkout | git clone
rust: main rs | lib rs | mod rs | linker cc not found | could not compile
terraform: main tf | variables tf | outputs tf | providers tf | versions tf | backend tf
terraform: unsupported argument | invalid provider configuration
dart flutter: null check operator used on a null value
javascript: in json at position
node javascript: node modules
webpack: babel loader
go: no rows in result set
laravel php: target class * does not exist
python: cannot import name
pytorch: torch cuda | torch nn
nextjs next: next redirect | next dist
kubernetes: error from server | you must be login to the server | deployments apps
aws: when calling the * operation
github actions: recent account payments have failed
ios: compatible versions for pod | ios simulator | boot simulator
android gradle: com android tools build
kubernetes: kubectl port forward | kubectl drain | kubectl cordon | kubectl exec
kubernetes: resources limits | resources requests
helm: helm dependency
azure: az acr | az group | az ad | az storage | az functionapp | az keyvault | az vm
node: node options
nextjs next: next public
vite: import meta env
rust: rust backtrace | rust log
python: pythonpath | pythonunbuffered | poetry install | poetry lock | poetry add
python: pyproject toml | uv pip | uv sync | uv venv | uv lock | pip compile
spring java hibernate: spring jpa | ddl auto | server tomcat
django python: allowed hosts
postgres: vacuum full | vacuum analyze
postgres mysql: max connections
ios: pod repo
llm: top p | stop sequences | tool choice | presence penalty | frequency penalty | logit bias
llm: max completion tokens
llm: cache control ephemeral
docker: restart unless stopped | docker compose yml
php: allowed memory size | composer autoload | php fpm
laravel php: app models | app http controllers
mysql: cannot add foreign key constraint
rails ruby: rake db
go: looking for beginning of value | send on closed channel | close of closed channel
dotnet csharp: sequence contains no elements | disposed context instance
postgres: could not obtain lock on relation
llm: roles must alternate
openai llm: incorrect api key provided
llm: kv cache | llama cpp
huggingface transformers: hf hub | hf token
github actions: input required and not supplied | github token | cancel in progress
gitlab ci: ci pipeline source | ci commit branch | ci default branch | ci registry image
gitlab ci: ci project dir | doesnt have any runners online | artifacts reports junit
circleci: setup remote docker | circleci orb
azure: azure pipelines | app service
aws ecs: essential container in task exited
terraform: provider configuration not present | saved plan is stale
ios: core data
swift: actor isolated | main actor
dart flutter: null safety | above this widget
android gradle: namespace not specified
powershell: foreach object | where object | the term * is not recognized
grafana: panels * no data | every panel * no data | each panel * no data | all panels * no data
grafana: панелі * no data | панелях * no data | кожна панель * no data | всі панелі * no data
"""

#: Round 108: what a technology's own code and idioms write when the request names the
#: technology by them alone: a Laravel view file (blade), a row-by-row SQL subquery, a
#: React SSR page's hydration, a CSS positioning declaration, Python's whole-file read.
_R108_TOKENS = """
python: readlines
"""

_R108_PHRASES = """
laravel php: blade view | blade views | blade template | blade templates | blade component
laravel php: blade components | blade file | blade files | blade directive
sql: correlated subquery | correlated subqueries | correlated sub query
nextjs react: hydration error | hydration errors | hydration mismatch | hydration warning
css: position sticky | position absolute | position fixed | overflow hidden
"""

#: Round 89: the short names people type for a technology instead of its name ("our ts code",
#: "pg is slow", "tf state", "gpt-4o returns"): the technology a nickname stands for, as a
#: name, so an agent named for it (typescript-pro, openai-api-expert) meets the request.
#: A short name with a second common sense is left out: js (main.js, next.js: a file or a
#: framework's name, read by :mod:`coordinator.routing.frameworks`), es (modules, Spanish);
#: ChatGPT is the product people compare a text's tone with ("sounds like chatgpt"), not
#: OpenAI's API.
_NICKNAME_TOKENS = """
typescript: ts тс
postgres: pg постгря
terraform: tf tfstate tfvars
openai: gpt гпт жпт
websocket: ws wss
"""

#: Round 117: a product's or a module's own name people write for the technology it
#: belongs to, read as that technology's name: Swagger, OpenAPI's former name and tooling
#: (a Swagger spec, "swagger docs"), GoFiber, Go's Fiber framework (no agent is named for
#: it; 0xfurai's fiber-expert is the textile). Like the nicknames, they name the
#: technology as written (:func:`coordinator.routing.frameworks.writes`).
_PRODUCT_TOKENS = """
openapi: swagger сваггер свагер сваґер
go: gofiber
"""

#: Round 117: macOS notarization is Apple's (an app signed for Gatekeeper), no notary's:
#: as a phrase only software has, the life veto does not read a notary in it.
_R117_PHRASES = """
macos: mac notarization | macos notarization | apple notarization | notarize for macos
macos: notarize the app | notarize the dmg | notarization for mac | notarization on mac
"""


def _pipe_lines(text: str) -> str:
    """``tech: phrase | phrase`` lines as one ``tech: phrase`` line per phrase."""
    return "\n".join(
        f"{names}: {phrase.strip()}"
        for line in text.strip().splitlines()
        for names, _, found in (line.partition(":"),)
        for phrase in found.split("|")
    )


#: :data:`_R45_PHRASES` as ``tech: phrase`` lines.
_R45_PHRASE_LINES = _pipe_lines(_R45_PHRASES)


#: Code shapes: a token matching the pattern names the technology.
_SHAPES: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"p[1-6]\d{3}"), ("prisma",)),  # Prisma error codes: P2002, P1001
    (re.compile(r"ts\d{4,5}"), ("typescript",)),  # tsc: TS2322
    (re.compile(r"gpt\d[0-9a-z]*"), ("openai",)),  # OpenAI's models: gpt4, gpt4o, gpt35
    (re.compile(r"cs\d{4}"), ("csharp", "dotnet")),  # C# compiler: CS0103
    (re.compile(r"lnk\d{4}|c[1-4]\d{3}"), ("c++",)),  # MSVC: LNK2019, C2065
    (re.compile(r"e0\d{3}"), ("rust",)),  # rustc: E0382
    (re.compile(r"sc\d{4}"), ("bash", "shell")),  # shellcheck: SC2086
    (re.compile(r"\d\dp\d\d"), ("postgres",)),  # SQLSTATE of PostgreSQL's own: 42P01, 40P01
    (re.compile(r"pgrst\d{3}"), ("supabase", "postgres")),  # PostgREST: PGRST116
    (re.compile(r"ng0\d{3}"), ("angular",)),  # Angular runtime: NG0100
    (re.compile(r"msb\d{4}|netsdk\d{4}"), ("dotnet",)),  # MSBuild, .NET SDK: MSB3027
    (re.compile(r"aadsts\d{5,6}"), ("azure",)),  # Entra ID sign-in: AADSTS50011
    (re.compile(r"ah0\d{4}"), ("apache",)),  # Apache httpd: AH00558
    (re.compile(r"nu[1-5]\d{3}"), ("dotnet", "nuget")),  # NuGet: NU1605 (round 45)
)


def _table(text: str) -> dict[str, tuple[str, ...]]:
    """``tech words: key key ...`` lines as key -> technology words (lines may repeat)."""
    out: dict[str, tuple[str, ...]] = {}
    for line in text.strip().splitlines():
        names, _, keys = line.partition(":")
        for key in keys.split():
            out[key] = tuple(names.split())
    return out


def _phrases(text: str) -> dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]]:
    """Phrase lines indexed by their first token."""
    out: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for line in text.strip().splitlines():
        names, _, phrase = line.partition(":")
        sequence = tuple(phrase.split())
        out.setdefault(sequence[0], []).append((sequence, tuple(names.split())))
    return {first: tuple(found) for first, found in out.items()}


TOKENS = _table(
    "\n".join(
        t.strip()
        for t in (
            _TOKENS,
            _ERROR_TOKENS,
            _API_TOKENS,
            _R35_TOKENS,
            _R45_TOKENS,
            _NICKNAME_TOKENS,
            _R108_TOKENS,
            _PRODUCT_TOKENS,
        )
    )
)
PORTS = _table(_PORTS)
#: Round 117: the nicknames and product names (ts, pg, gpt, swagger, gofiber), each with
#: the technology it names as if written (:func:`coordinator.routing.frameworks.short_for`).
SHORT_NAMES = _table(_NICKNAME_TOKENS + _PRODUCT_TOKENS)
PHRASES = _phrases(
    "\n".join(
        t.strip()
        for t in (
            _PHRASES,
            _ERROR_PHRASES,
            _API_PHRASE_LINES,
            _R35_PHRASE_LINES,
            _R45_PHRASE_LINES,
            _pipe_lines(_R108_PHRASES),
            _pipe_lines(_R117_PHRASES),
        )
    )
)
PHRASE_NAMES = {
    "phrase:" + " ".join(sequence): names for found in PHRASES.values() for sequence, names in found
}

#: Words that begin many messages and plain sentences alike ("is", "no", "cannot", "error"):
#: a phrase is looked for under its first other word, so a request made of them is let go
#: by one set test.
_COMMON = frozenset(
    "a all an and are as at be by can cannot could did does error failed for found has have"
    " in is it max no not object of on or please the there this to too type unable use was"
    " which with you your access already build call cant check column command database"
    " docker find get github go load login merge migration module never next npm only out"
    " page prompt query react read search server set should sql system table task update"
    " write 14 data file list make new request run test time user value"
    # round 35: first words of its rows that many plain requests hold
    " actions before change checkout ci code db index job last rate schema state under"
    " validation worker".split()
)


def _telling(sequence: tuple[str, ...]) -> int:
    """The position of the word ``sequence`` is filed under: its first uncommon word before
    any gap (its first word when there is none)."""
    for position, token in enumerate(sequence):
        if token == "*":
            break
        if token not in _COMMON:
            return position
    return 0


def _by_telling_word() -> dict[str, tuple[tuple[tuple[str, ...], int], ...]]:
    """Every phrase under its telling word, with that word's place in the phrase."""
    out: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for found in PHRASES.values():
        for sequence, _ in found:
            at = _telling(sequence)
            out.setdefault(sequence[at], []).append((sequence, at))
    return {word: tuple(found) for word, found in out.items()}


_TELLING = _by_telling_word()


#: Round 45: the endings of an error class name (``FlywayValidateException``,
#: ``KafkaJSConnectionError``, ``MongoBulkWriteError``).
_CLASS_ENDINGS = ("exception", "error", "warning")
#: The shortest product or technology name an error class may start with.
_MIN_PREFIX = 4
#: Every product name (:mod:`coordinator.routing.products`) and technology word of the
#: tables above: what a library prefixes its own error classes with.
_NAMES = frozenset(
    {name for _, names in PRODUCTS for name in names.split()}
    | {word for names in TOKENS.values() for word in names}
)


def _class_prefix(token: str) -> tuple[str, ...]:
    """The product an error class name no table lists starts with
    (``elasticsearchstatusexception``: elasticsearch), longest first; empty when its stem
    starts with none (``typeerror``, ``validationerror``: no product prints those alone)."""
    for ending in _CLASS_ENDINGS:
        if token.endswith(ending):
            stem = token[: -len(ending)]
            for size in range(len(stem), _MIN_PREFIX - 1, -1):
                if stem[:size] in _NAMES:
                    return (stem[:size],)
            return (stem,) if stem in _NAMES else ()  # round 105: a short name whole (McpError)
    return ()


#: Round 105: a technology's name with its major version joined on (vue3, webpack5,
#: python3, angular17, php8, node18): the name itself, as "vue 3" reads.
_VERSIONED = re.compile(r"([a-z]{2,})(\d{1,2})")
_VERSIONED_NAMES = _NAMES | LANGUAGES


def technologies(token: str) -> tuple[str, ...]:
    """The technology words a single normalised token names (empty when none)."""
    found = TOKENS.get(token) or PORTS.get(token) or PHRASE_NAMES.get(token)
    if found:
        return found
    if not token.isalpha() and any(map(str.isdigit, token)):  # no letter is a digit
        for pattern, names in _SHAPES:
            if pattern.fullmatch(token):
                return names
        versioned = _VERSIONED.fullmatch(token)
        if versioned is not None and versioned.group(1) in _VERSIONED_NAMES:
            return (versioned.group(1),)
    if token.endswith(_CLASS_ENDINGS):
        return _class_prefix(token)
    return ()


def tells(token: str) -> bool:
    """Whether ``token`` is some error phrase's telling word: :func:`phrases` of tokens
    none of which is finds none (route74)."""
    return token in _TELLING


def phrases(tokens: list[str]) -> list[str]:
    """Each phrase in ``tokens`` (stopwords included) that one technology prints, as one
    ``phrase:`` key whose :func:`technologies` are the technology's words. Route79: no
    guard of its own (its reader calls it only when some token :func:`tells`; tokens none of
    which tells find none below)."""
    found: list[tuple[int, str]] = []
    # only the places of telling words (found in C) are read: most tokens tell nothing
    for position in compress(count(), map(_TELLING.__contains__, tokens)):
        for sequence, at in _TELLING[tokens[position]]:
            start = position - at
            if start < 0:
                continue
            if tuple(tokens[start : start + len(sequence)]) == sequence or (
                GAP in sequence and _gapped(tokens, start, sequence)
            ):
                found.append((start, "phrase:" + " ".join(sequence)))
    found.sort(key=itemgetter(0))  # in the order the phrases begin (no lambda's frames)
    keys = []
    for _, key in found:  # a loop: a comprehension is a call of its own (3.11)
        keys.append(key)
    return keys


#: In a phrase, the place of one to :data:`GAP_MAX` tokens a message fills in
#: (``relation "public.users" does not exist``).
GAP = "*"
GAP_MAX = 2


def _gapped(tokens: list[str], position: int, sequence: tuple[str, ...]) -> bool:
    """Whether ``sequence``, whose one ``*`` stands for 1..GAP_MAX tokens, starts at
    ``position`` of ``tokens``."""
    gap = sequence.index(GAP)
    head, tail = sequence[:gap], sequence[gap + 1 :]
    if tuple(tokens[position : position + gap]) != head:
        return False
    start = position + gap
    return any(
        tuple(tokens[start + n : start + n + len(tail)]) == tail for n in range(1, GAP_MAX + 1)
    )


#: Round 88: what only a request to an HTTP API writes, read from the raw request (the
#: tokens lose the slashes and hyphens): a path under /api/ or a version (/api/campaigns/512,
#: /v1/users/{id}), an HTTP method before a path (POST /payments/callback), and a request
#: body's encoding (form-data, x-www-form-urlencoded, multipart/...). Each is the API's
#: evidence, as a status code is: the joined word's domain is the API's
#: (:data:`coordinator.routing.concepts`), and the "form" of an encoding is no page's form.
API_PATH = "apipath"
BODY_ENCODING = "bodyencoding"
_API_PATH = re.compile(
    r"(?:\bhttps?://[\w.\-]+(?::\d+)?|(?<![\w/.:]))/(?:api|v\d+)(?:/[\w{}:.\-]+)+"
    r"|\b(?:GET|POST|PUT|PATCH|DELETE)\s+/[\w{}:.\-]"
)
_BODY_ENCODING = re.compile(r"\bform-data\b|\bx-www-form-urlencoded\b|\bmultipart/", re.I)
#: A "form" that is no encoding's (the form-data, the www-form-urlencoded ones are).
_PLAIN_FORM = re.compile(r"(?<![\w-])form(?!-data\b)(?!-urlencoded\b)(?=\W|$)", re.I)


def http_marks(request: str) -> tuple[str, ...]:
    """The joined words of what only a request to an HTTP API writes (:data:`API_PATH`,
    :data:`BODY_ENCODING`), in that order; empty for most requests (no slash, no hyphen)."""
    if "/" not in request and "-" not in request:
        return ()
    found = []
    if "/" in request and _API_PATH.search(request):
        found.append(API_PATH)
    if _BODY_ENCODING.search(request):
        found.append(BODY_ENCODING)
    return tuple(found)


#: What a person reads for an HTTP mark: from where the mark begins, the method and the
#: path (or the encoding) as written, up to the next space.
_MARK_WRITTEN = re.compile(r"(?:(?:GET|POST|PUT|PATCH|DELETE)\s+)?[^\s,;)\]'\"`]+")


def http_mark_written(request: str, mark: str) -> str | None:
    """What ``request`` writes that gave the HTTP mark ``mark`` (:func:`http_marks`): "POST
    /tasks", "/api/v1/users/{id}", "form-data"; None when it writes none."""
    pattern = {API_PATH: _API_PATH, BODY_ENCODING: _BODY_ENCODING}.get(mark)
    found = pattern.search(request) if pattern is not None else None
    if found is None:
        return None
    written = _MARK_WRITTEN.match(request, found.start())
    return written.group(0) if written else found.group(0)


def plain_form(request: str) -> bool:
    """Whether ``request`` writes "form" other than as a body's encoding (form-data)."""
    return _PLAIN_FORM.search(request) is not None
