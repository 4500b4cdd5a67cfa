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

#: Code shapes: a token matching the pattern names the technology.
_SHAPES: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"p[1-6]\d{3}"), ("prisma",)),  # Prisma error codes: P2002, P1001
    (re.compile(r"ts\d{4,5}"), ("typescript",)),  # tsc: TS2322
    (re.compile(r"cs\d{4}"), ("csharp", "dotnet")),  # C# compiler: CS0103
    (re.compile(r"lnk\d{4}|c[1-4]\d{3}"), ("c++",)),  # MSVC: LNK2019, C2065
    (re.compile(r"e0\d{3}"), ("rust",)),  # rustc: E0382
    (re.compile(r"sc\d{4}"), ("bash", "shell")),  # shellcheck: SC2086
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


TOKENS = _table(_TOKENS)
PORTS = _table(_PORTS)
PHRASES = _phrases(_PHRASES)
PHRASE_NAMES = {
    "phrase:" + " ".join(sequence): names for found in PHRASES.values() for sequence, names in found
}


def technologies(token: str) -> tuple[str, ...]:
    """The technology words a single normalised token names (empty when none)."""
    found = TOKENS.get(token) or PORTS.get(token) or PHRASE_NAMES.get(token)
    if found:
        return found
    if any(c.isdigit() for c in token):
        for pattern, names in _SHAPES:
            if pattern.fullmatch(token):
                return names
    return ()


def phrases(tokens: list[str]) -> list[str]:
    """Each phrase in ``tokens`` (stopwords included) that one technology prints, as one
    ``phrase:`` key whose :func:`technologies` are the technology's words."""
    out: list[str] = []
    if PHRASES.keys().isdisjoint(tokens):  # most requests: no phrase begins here
        return out
    for position, token in enumerate(tokens):
        for sequence, _ in PHRASES.get(token, ()):
            if tuple(tokens[position : position + len(sequence)]) == sequence:
                out.append("phrase:" + " ".join(sequence))
    return out
