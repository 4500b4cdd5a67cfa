"""Well-known products and tools, by the domain a roster describes them with.

People name the tool ("a custom span in Jaeger", "Loki drops logs", "Celery tasks hang")
where specialists describe the domain (tracing, logging, task queues). Each row below is one
domain (the general words rosters use) and the well-known names of that domain, written
category by category from general knowledge (the CNCF landscape, databases, brokers, the
clouds' services, frontend and mobile stacks, ML tooling, testing, build tools, hosted SaaS,
game engines, data tools), not from any request set. :mod:`coordinator.routing.concepts`
merges them into its table: a name the roster itself describes keeps its own meaning; a
name it lacks brings its domain's words (and a Ukrainian spelling of the name reaches it
by sound, see :func:`coordinator.routing.concepts.domain`).

Names that are also everyday English words (tempo, spring, flask, render, poetry, yarn,
mocha, cucumber, pinecone, lambda, glue) are left out: their plain use would pull everyday
requests into a domain.
"""

from __future__ import annotations

_METRICS = "monitoring observability metrics alert"
_LOGS = "logging log monitoring observability"
_TRACING = "tracing observability opentelemetry monitoring"
_ERRORS = "error monitoring debugging observability"
_CI = "ci cd pipeline devops"
_IAC = "infrastructure iac devops cloud"
_K8S = "kubernetes container orchestration devops"
_CONTAINER = "docker container devops"
_MESH = "service mesh kubernetes networking microservices"
_GITOPS = "gitops kubernetes deployment devops"
_PROXY = "proxy networking load balancer devops"
_CDN = "cdn caching networking performance"
_SECRETS = "secrets security devops"
_SCANNER = "security vulnerability scanning"
_QUALITY = "code quality static analysis"
_SQL = "database sql"
_NOSQL = "database nosql"
_CACHE = "cache caching database"
_GRAPH_DB = "graph database"
_TIMESERIES = "timeseries database metrics"
_WAREHOUSE = "data warehouse analytics sql"
_ORM = "orm database sql"
_DB_MIGRATE = "migration database schema"
_BAAS = "backend database authentication"
_BROKER = "messaging queue event streaming"
_TASKS = "task queue background job worker"
_CLOUD = "cloud infrastructure"
_SERVERLESS = "serverless cloud function"
_STORAGE = "storage cloud"
_HOSTING = "deployment hosting devops"
_FRONTEND = "frontend javascript ui framework"
_CSS = "css styling frontend ui"
_UI_KIT = "ui component frontend design"
_STATE = "state management frontend"
_BUNDLER = "build bundler javascript tooling"
_BUILD = "build tooling dependency"
_PACKAGES = "package dependency manager"
_MOBILE = "mobile ios android app"
_IOS = "ios mobile apple swift"
_ANDROID = "android mobile kotlin"
_ML = "ml machine learning model"
_DL = "deep learning neural network ml model"
_LLM = "llm ai language model"
_LLM_APPS = "llm rag agent ai"
_VECTOR = "vector embedding search rag"
_MLOPS = "mlops ml model deployment"
_NOTEBOOK = "data science python analysis"
_PLOTS = "data visualization chart python"
_TESTS = "testing test automation qa"
_E2E = "e2e testing browser automation qa"
_LOAD = "load testing performance"
_MOBILE_TESTS = "mobile testing automation qa"
_API_TOOLS = "api testing http"
_PAYMENTS = "payment billing checkout"
_AUTH = "authentication auth identity"
_EMAIL = "email deliverability"
_SMS = "sms messaging notification"
_SEARCH = "search indexing"
_SUPPORT = "customer support helpdesk"
_ANALYTICS = "product analytics user"
_FLAGS = "feature flag experiment release"
_GAME = "game development gamedev engine"
_ETL = "data pipeline etl engineering"
_BI = "data analytics visualization dashboard bi"
_BIGDATA = "data processing distributed pipeline"
_PM = "project management agile issue"
_VCS = "git version control repository"
_BACKEND = "backend api framework web"
_CMS = "cms content website"
_SHOP = "ecommerce shop checkout"
_CHAIN = "blockchain smart contract web3"
_API = "api backend"
_REALTIME = "realtime websocket networking"
_EDITOR = "ide editor tooling"
_SHELL = "shell scripting automation"
_I18N_TOOLS = "localization internationalization i18n translation"
_A11Y_TOOLS = "accessibility a11y screenreader"
_SEO_TOOLS = "seo search ranking"
_DOCS_TOOLS = "documentation docs technical writing"
_DESIGN = "design ui ux prototype"
_NETWORK = "networking vpn security"
_LINUX = "linux sysadmin server"
_EMBEDDED = "embedded firmware iot"
_VISION = "computer vision image ml"
_NLP = "nlp text language ml"
_CRM = "crm sales customer"
_ERP = "erp business"
_AUTOMATION = "automation integration workflow"
_AWS_NET = "load balancer networking cloud"
_CONTAINER_CLOUD = "container docker cloud"
_TLS = "ssl tls certificate security"
_INCIDENT_TOOLS = "incident response oncall monitoring alert"
_CHAOS = "chaos engineering resilience reliability testing"
_COMPLIANCE = "compliance security audit"
_CONSENT = "privacy consent compliance gdpr"
_FINOPS = "cost optimization finops cloud"
_MQTT = "mqtt iot messaging broker"
_TAX_TOOLS = "tax billing payment invoice"
_ACCOUNTING = "accounting finance erp"

#: Domain words -> the well-known names of that domain (one space-separated string).
PRODUCTS: tuple[tuple[str, str], ...] = (
    # CNCF observability
    (
        _METRICS,
        "prometheus grafana datadog newrelic dynatrace appdynamics zabbix nagios icinga"
        " thanos mimir victoriametrics statsd telegraf collectd netdata"
        " alertmanager signoz chronosphere uptimerobot pingdom statuspage"
        " cloudwatch stackdriver lightstep instana checkmk",
    ),
    (
        _LOGS,
        "loki elk kibana logstash fluentd fluentbit filebeat graylog papertrail"
        " logz sumologic splunk promtail logtail betterstack syslog journald",
    ),
    (_TRACING, "jaeger zipkin opentracing otel opentelemetry xray skywalking"),
    (_ERRORS, "sentry rollbar bugsnag raygun honeybadger crashlytics airbrake"),
    # CI/CD and infrastructure
    (
        _CI,
        "jenkins circleci travisci gitlabci teamcity buildkite"
        " droneci tekton spinnaker codepipeline codebuild azurepipelines"
        " bitrise semaphoreci githubactions",
    ),
    (
        _IAC,
        "terraform opentofu pulumi cloudformation cdk crossplane ansible saltstack terragrunt",
    ),
    (
        _K8S,
        "kubernetes k8s k3s kubectl helm kustomize openshift rancher minikube"
        " eks gke aks karpenter keda kubelet etcd",
    ),
    (_CONTAINER, "docker podman containerd dockerfile buildah kaniko"),
    (_MESH, "istio linkerd consul cilium calico kuma"),
    (_GITOPS, "argocd argo fluxcd"),
    (_PROXY, "nginx haproxy traefik envoy kong"),
    (_CDN, "cloudflare fastly akamai cloudfront"),
    (_SECRETS, "vault hashicorp infisical"),
    (
        _SCANNER,
        "snyk trivy grype dependabot semgrep codeql checkmarx veracode"
        " burpsuite owasp nessus nmap metasploit falco",
    ),
    (_QUALITY, "sonarqube sonarcloud eslint pylint flake8 ruff rubocop codeclimate"),
    # databases and their tools
    (
        _SQL,
        "postgres postgresql mysql mariadb sqlite mssql sqlserver cockroachdb"
        " yugabyte yugabytedb tidb planetscale vitess oracledb",
    ),
    (
        _NOSQL,
        "mongodb mongo dynamodb cassandra scylla scylladb couchdb couchbase firestore"
        " cosmosdb ravendb",
    ),
    (_CACHE, "redis memcached valkey keydb elasticache hazelcast"),
    (_GRAPH_DB, "neo4j arangodb dgraph janusgraph cypher"),
    (_TIMESERIES, "influxdb timescaledb timescale questdb"),
    (
        _WAREHOUSE,
        "bigquery snowflake redshift databricks clickhouse duckdb trino",
    ),
    (
        _ORM,
        "prisma sequelize typeorm sqlalchemy knex gorm activerecord jooq mybatis peewee",
    ),
    (_DB_MIGRATE, "flyway liquibase alembic"),
    (_SQL + " tooling", "pgbouncer pgadmin dbeaver datagrip psql pgvector postgis"),
    (_BAAS, "supabase firebase appwrite pocketbase"),
    # message brokers and task queues
    (
        _BROKER,
        "kafka rabbitmq activemq kinesis pubsub eventbridge sns sqs nats"
        " zeromq mqtt redpanda debezium eventhub servicebus",
    ),
    (_TASKS, "celery sidekiq bullmq resque rq dramatiq hangfire taskiq"),
    # clouds by category
    (_CLOUD, "aws gcp azure ec2 vpc iam digitalocean linode hetzner ovh openstack"),
    (_SERVERLESS, "fargate cloudrun appengine stepfunctions"),
    (_STORAGE, "s3 gcs minio ceph"),
    (_HOSTING, "vercel netlify heroku flyio lightsail"),
    (_ML + " cloud", "sagemaker vertexai azureml"),
    # frontend
    (
        _FRONTEND,
        "react reactjs vue vuejs angular svelte sveltekit nextjs nuxt nuxtjs gatsby"
        " emberjs jquery htmx qwik preact solidjs alpinejs",
    ),
    (_CSS, "tailwind tailwindcss bootstrap sass scss postcss bulma"),
    (
        _UI_KIT,
        "mui antd shadcn storybook vuetify primereact mantine headlessui figma",
    ),
    (_STATE, "redux zustand mobx pinia vuex xstate jotai ngrx"),
    (
        _BUNDLER,
        "webpack vite esbuild turbopack babel swc turborepo lerna nx snowpack",
    ),
    (_BUILD, "gradle maven bazel cmake sbt msbuild"),
    (
        _PACKAGES,
        "npm pnpm pip pipenv conda nuget cocoapods bundler",
    ),
    # backend frameworks and runtimes
    (
        _BACKEND,
        "django fastapi nestjs springboot rails laravel symfony liveview actix axum"
        " aspnet dotnet blazor koa hapi ktor micronaut quarkus"
        " starlette sanic strapi phoenix",
    ),
    (_API, "graphql grpc protobuf openapi swagger trpc apollo"),
    (_REALTIME, "websocket websockets socketio webrtc signalr"),
    # mobile
    (_MOBILE, "flutter reactnative xamarin cordova"),
    (_IOS, "swiftui uikit xcode testflight cocoapods appstore coredata"),
    (_ANDROID, "jetpack gradle playstore kotlin androidx"),
    # ML / LLM
    (
        _ML,
        "sklearn scikit xgboost lightgbm catboost pandas numpy scipy statsmodels",
    ),
    (_DL, "pytorch torch tensorflow keras jax onnx tensorrt cuda huggingface"),
    (
        _LLM,
        "openai anthropic gpt chatgpt ollama vllm gemini copilot deepseek qwen",
    ),
    (_LLM_APPS, "langchain llamaindex langgraph crewai autogen dspy langsmith mcp"),
    (_VECTOR, "weaviate qdrant milvus chromadb faiss pgvector lancedb"),
    (_MLOPS, "mlflow wandb kubeflow bentoml seldon dvc"),
    (_NOTEBOOK, "jupyter colab ipython"),
    (_PLOTS, "matplotlib seaborn plotly d3 echarts highcharts"),
    # testing
    (
        _TESTS,
        "jest vitest pytest junit testng rspec minitest phpunit mockito unittest"
        " nunit xunit testcontainers",
    ),
    (_E2E, "cypress playwright selenium puppeteer webdriver webdriverio testcafe"),
    (_LOAD, "jmeter gatling k6 vegeta"),
    (_MOBILE_TESTS, "appium xctest"),
    # hosted SaaS
    (
        _PAYMENTS,
        "stripe paypal braintree adyen klarna chargebee recurly razorpay lemonsqueezy",
    ),
    (
        _AUTH,
        "auth0 okta keycloak cognito supertokens nextauth oauth oauth2 openid"
        " saml sso ldap jwt passkey webauthn authelia",
    ),
    (
        _EMAIL,
        "sendgrid mailgun mailchimp postmark ses sparkpost brevo mailjet customerio"
        " smtp dkim spf dmarc",
    ),
    (_SMS, "twilio vonage messagebird fcm apns onesignal"),
    (_SEARCH, "elasticsearch algolia opensearch meilisearch typesense solr lucene"),
    (_SUPPORT, "zendesk intercom freshdesk helpscout"),
    (
        _ANALYTICS,
        "mixpanel amplitude posthog hotjar fullstory ga4 matomo",
    ),
    (_FLAGS, "launchdarkly growthbook statsig optimizely flagsmith"),
    # game engines
    (
        _GAME,
        "unity unreal godot gamemaker pygame threejs babylonjs roblox monogame",
    ),
    # data tools
    (
        _ETL,
        "airflow dagster dbt fivetran airbyte nifi meltano",
    ),
    (_BIGDATA, "spark pyspark flink hadoop dask"),
    (_BI, "looker tableau powerbi metabase redash grafana"),
    # work tools
    (_PM, "jira confluence trello asana clickup youtrack"),
    (_VCS, "github gitlab bitbucket gitea"),
    (_EDITOR, "vscode intellij pycharm neovim vim emacs"),
    (_SHELL, "powershell bash zsh wsl"),
    (_I18N_TOOLS, "crowdin lokalise transifex i18next weblate"),
    (_A11Y_TOOLS, "lighthouse nvda voiceover talkback axecore"),
    (_SEO_TOOLS, "semrush ahrefs screamingfrog searchconsole"),
    (_DOCS_TOOLS, "docusaurus mkdocs readthedocs gitbook mintlify sphinx"),
    (_DESIGN, "zeplin invision framer penpot"),
    (_NETWORK, "wireguard openvpn tailscale wireshark tcpdump"),
    (_LINUX, "systemd selinux iptables ufw nftables"),
    (_EMBEDDED, "arduino esp32 stm32 freertos raspberrypi platformio"),
    (_VISION, "opencv roboflow labelstudio diffusers"),
    (_NLP, "spacy nltk"),
    (_CRM, "salesforce hubspot pipedrive zoho"),
    (_ERP, "odoo netsuite"),
    (_AUTOMATION, "zapier n8n ifttt airtable retool appsmith"),
    (_SECRETS, "kms secretsmanager"),
    (_SQL, "rds cloudsql"),
    (_AWS_NET, "elb alb nlb route53 apigateway"),
    (_CONTAINER_CLOUD, "ecr ecs"),
    (_STORAGE, "ebs efs"),
    (_AUTH, "azuread entra"),
    (_SCANNER, "waf guardduty cloudtrail crowdstrike"),
    (_BIGDATA, "dataproc dataflow emr bigtable"),
    (_PAYMENTS, "revenuecat"),
    (_ANALYTICS, "admob"),
    (_CMS, "wordpress drupal contentful webflow joomla"),
    (_SHOP, "shopify magento woocommerce bigcommerce prestashop"),
    (_CHAIN, "solidity ethereum metamask web3"),
    # round 17: hosted services of the same checklist (certificates, incident tooling, chaos,
    # compliance and consent, cloud cost, session replay and onboarding, visual and
    # cross-browser testing, mocks, MQTT brokers, tax, accounting, realtime, LLM gateways)
    (_TLS, "letsencrypt certbot certmanager"),
    (_SECRETS, "sealedsecrets gitleaks trufflehog"),
    (_INCIDENT_TOOLS, "victorops squadcast firehydrant rootly incidentio"),
    (_CHAOS, "chaosmesh litmuschaos chaosmonkey"),
    (_COMPLIANCE, "vanta drata secureframe"),
    (_CONSENT, "onetrust cookiebot osano"),
    (_FINOPS, "kubecost infracost cloudability opencost"),
    (_ANALYTICS, "rudderstack logrocket smartlook pendo appcues userpilot kissmetrics"),
    (_E2E, "browserstack saucelabs lambdatest"),
    (_TESTS + " mock", "sinon msw wiremock stryker"),
    (_MQTT, "hivemq mosquitto emqx"),
    (_EMBEDDED, "zigbee lorawan"),
    (_TAX_TOOLS, "avalara taxjar"),
    (_ACCOUNTING, "quickbooks xero"),
    (_PAYMENTS, "mollie gocardless"),
    (_REALTIME, "pubnub"),
    (_LLM, "mistral groq openrouter litellm"),
    (_MOBILE + " release", "fastlane codemagic appcenter"),
    (_EMAIL, "klaviyo convertkit mailerlite"),
    (_I18N_TOOLS, "smartling tolgee poeditor weglot"),
    (_SEO_TOOLS, "yoast"),
    (_A11Y_TOOLS, "pa11y"),
    (_LOAD + " frontend", "webpagetest gtmetrix"),
    (_DESIGN, "figjam miro"),
    (_PM, "productboard"),
)

#: Platforms a request is written for that a roster may have no agent for (round 34): per
#: platform, what the refusal names, its names (a request naming one is written for it),
#: the words that name it only beside "native" (an iPhone, Android: a web page is seen on
#: them too), and the words an agent that covers it describes itself by. Written per field
#: from general knowledge: Apple's and Android's native SDKs, game engines and game mods,
#: office macros and spreadsheets, microcontroller boards, industrial controllers, desktop
#: scripting, mainframes, Windows desktop UI toolkits. A name that is also a
#: plain word elsewhere is left out (macro: C and Rust have them; pivot: SQL's PIVOT;
#: compose: Docker Compose; mac, word, access, basic), and so is one whose routing term is
#: a plain word's (printer reads as print: printers stay an everyday frame). IoT covers no
#: board: an MQTT expert's "IoT messaging" is the broker's side, not a servo's. A suite's
#: mail (Outlook) is its administrator's (Microsoft 365, SharePoint), not a macro writer's
#: (round 64); the everyday frame of a platform's name gives way to an agent covering it.
PLATFORMS: tuple[tuple[str, str, str, str], ...] = (
    (
        "Apple's native SDKs (Swift, SwiftUI, UIKit)",
        "swiftui uikit appkit xcode swift objc testflight coredata storekit arkit healthkit"
        " cloudkit widgetkit spritekit scenekit watchos tvos visionos cocoapods",
        "ios iphone iphones ipad ipads macos",
        "ios swift swiftui uikit xcode iphone ipad apple flutter reactnative expo xamarin ionic",
    ),
    (
        "native Android (Kotlin, Jetpack)",
        "kotlin jetpack androidx",
        "android",
        "android kotlin jetpack flutter reactnative expo xamarin ionic",
    ),
    (
        "a game engine (Unity, Unreal, Godot)",
        "unity unreal ue4 ue5 godot gdscript gamemaker monobehaviour gameobject rigidbody"
        " prefab prefabs roblox luau cocos2d defold rpgmaker minecraft spigot bukkit"
        " анріал роблокс майнкрафт",
        "",
        "game games gaming gamedev unity unreal godot",
    ),
    (
        "office macros and spreadsheets (Excel, VBA)",
        "excel vba spreadsheet spreadsheets vlookup xlookup hlookup sumif sumifs countif"
        " countifs iferror powerquery libreoffice powerpoint",
        "",
        "vba spreadsheet spreadsheets powerquery officejs",
    ),
    # round 64: an office suite's mail and collaboration, run by its administrators
    (
        "office suite administration (Microsoft 365, Outlook)",
        "outlook",
        "",
        "m365 o365 office365 microsoft365 sharepoint",
    ),
    (
        "microcontroller boards (Arduino, ESP32)",
        "arduino esp32 esp8266 stm32 attiny atmega platformio micropython circuitpython esphome"
        " tasmota ардуїно",
        "",
        "firmware microcontroller microcontrollers rtos hardware",
    ),
    (
        "industrial controllers (PLC, SCADA)",
        "plc plcs scada labview codesys simatic",
        "",
        "plc plcs scada industrial",
    ),
    (
        "desktop scripting (AppleScript, AutoHotkey)",
        "applescript autohotkey ahk",
        "",
        "applescript autohotkey",
    ),
    ("mainframes (COBOL)", "cobol jcl as400 mainframe mainframes", "", "cobol mainframe"),
    # round 59: business suites with their own language, written for by their own consultants
    (
        "ERP and CRM suites' own code (SAP ABAP, Salesforce Apex, 1C)",
        "abap sapui5 bapi salesforce soql visualforce 1c 1\u0441 bas",  # 1C (BAS), also in Cyrillic
        "",
        "sap abap salesforce erp 1c",
    ),
    # round 73: hosted site and store builders, themed in their own template languages
    (
        "hosted site and store builders (Shopify, Wix, Squarespace)",
        "shopify wix squarespace tilda webflow bigcommerce",
        "",
        "shopify wix squarespace tilda webflow bigcommerce ecommerce",
    ),
    (
        "no-code automation (Zapier, IFTTT, Airtable)",
        "zapier ifttt integromat airtable adalo glideapps",
        "",
        "zapier ifttt integromat airtable nocode lowcode",
    ),
    (
        "accounting software (QuickBooks, Xero)",
        "quickbooks xero freshbooks",
        "",
        "accounting bookkeeping quickbooks xero",
    ),
    (
        "statistics packages (SPSS, Stata)",
        "spss stata minitab jamovi",
        "",
        "statistics statistical spss stata biostatistics",
    ),
    # round 76: site engines and their plugins, their own trade (a language such as PHP is
    # not one: moving off a PHP monolith is a modernizer's work); mobile kits, store engines
    # and BI tools are offtopic._MORE_PLATFORMS (round 79)
    (
        "site engines and their plugins (WordPress, WooCommerce, Drupal)",
        "wordpress woocommerce drupal joomla вордпрес",
        "",
        "wordpress woocommerce drupal joomla magento cms php",
    ),
    (
        "Windows desktop UI (WPF, WinForms)",
        "wpf winforms vb6 delphi mfc",
        "",
        "wpf winforms dotnet csharp xaml delphi",
    ),
)
