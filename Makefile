# Thin wrappers over the Maven wrapper: everything here also works as a plain ./mvnw command.
#
# The JDK (issue 14, README "Start-up and memory"): Temurin 25 where it is installed, as on every machine of this kind,
# for its AOT cache (ready in a third of the CPU time) and compact object headers; otherwise the `java` on the PATH
# (JDK 17), which builds and runs the same jar without those. JDK=/path/to/jdk picks another.
JDK25     := /usr/lib/jvm/temurin-25-jdk-amd64
JDK       ?= $(if $(wildcard $(JDK25)/bin/java),$(JDK25),)
JAVA      := $(if $(JDK),$(JDK)/bin/java,java)
JDK_NOTE  := $(if $(JDK),,echo "note: no Temurin 25 at $(JDK25) (set JDK=/path/to/jdk-25): using the java on the PATH, without the AOT cache" >&2)
MVNW      := $(if $(JDK),JAVA_HOME=$(JDK) ,)./mvnw -B
MVN_ARGS  ?=
JAR       := target/quarkus-app/quarkus-run.jar
# Heap and GC for a 2-core, 256-512 MB container, as the image and the chart set them (README "Start-up and memory"):
# the serial collector (no concurrent GC threads to feed on 2 cores, the least native memory), a 64 MB heap (the live
# heap after an IdP day is about 20 MB; the JVM's default here would be 6 GB), and on JDK 25 compact object headers and
# a native-heap trim each minute (C2's freed arenas). JAVA_OPTS='...' overrides.
# Netty's pooled allocator keeps one direct arena per event loop by default (4 here), each growing in 4 MiB chunks;
# two arenas serve 2 cores as well and keep less memory.
JAVA_OPTS ?= -XX:+UseSerialGC -Xmx64m$(if $(JDK), -XX:+UseCompactObjectHeaders -XX:TrimNativeHeapInterval=60000,) \
  -Dio.netty.allocator.numDirectArenas=2 -Dio.netty.allocator.numHeapArenas=2
# glibc gives each thread that allocates its own malloc arena, up to 8 per core, and memory freed in one (C2's
# compiler arenas, Netty, H2) is not reused by another: two arenas for every JVM these targets start (make run, the
# training run, the bench's children inherit it). MALLOC_ARENA_MAX=... overrides.
export MALLOC_ARENA_MAX ?= 2
# The AOT cache is trained on this jar by scripts/aot-cache and only valid for it, this JDK and these options.
AOT_CACHE := target/quarkus-app/app.aot
# make check uses the cache when there is one (it does not train one first).
AOT_FLAG   = $(if $(JDK),$(if $(wildcard $(AOT_CACHE)),-XX:AOTCache=$(AOT_CACHE),),)
SOURCES   := pom.xml $(shell find src/main scim-schemas -type f 2>/dev/null)
PORT      ?= 8080
EMULATOR_PORT ?= 9090
# The emulator alone has its own management interface; off the bridge's 9000 so both can run side by side.
EMULATOR_MANAGEMENT_PORT ?= 9091
# Admin API (management interface) of a running bridge, for the token/audit targets.
ADMIN_URL ?= http://127.0.0.1:9000
ADMIN_USER ?= admin
ADMIN_PASSWORD ?= $${BRIDGE_ADMIN_PASSWORD:-demo-admin-password}
# Exit codes 0 OK, 1 refused, 2 misconfigured (no bridge at ADMIN_URL, wrong credential); one verdict line on failure.
ADMIN_CALL = ADMIN_URL="$(ADMIN_URL)" ADMIN_USER="$(ADMIN_USER)" ADMIN_PASSWORD="$(ADMIN_PASSWORD)" scripts/admin-api

.DEFAULT_GOAL := help


.PHONY: help run test e2e check emulator package aot native image clean bench bench-load bench-jmh bench-profile jfr-top soak token tokens token-off token-on token-renew token-rm audit flush


help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(JAR): $(SOURCES)
	$(MVNW) $(MVN_ARGS) package -DskipTests

run: $(JAR) $(if $(JDK),$(AOT_CACHE),) ## Start the bridge on :8080 with the built-in Ivanti emulator and its demo data
	@$(JDK_NOTE)
	@echo ""
	@echo "  SCIM base URL : http://localhost:$(PORT)/scim/v2"
	@echo "  Bearer token  : $${BRIDGE_SECURITY_BOOTSTRAP_TOKEN:-demo-scim-token}"
	@echo "  Admin API     : $(ADMIN_URL)/admin  (make token IDP=okta prints a new token)"
	@echo "  Console       : $(ADMIN_URL)/console/  (admin / demo-admin-password unless BRIDGE_ADMIN_PASSWORD is set)"
	@echo "  Listening     : 127.0.0.1 only while a demo credential is accepted (README: Demo mode binds to this machine)"
	@echo "  Try           : curl -H 'Authorization: Bearer $${BRIDGE_SECURITY_BOOTSTRAP_TOKEN:-demo-scim-token}' http://localhost:$(PORT)/scim/v2/ServiceProviderConfig"
	@echo ""
	$(JAVA) $(if $(JDK),-XX:AOTCache=$(AOT_CACHE)) $(JAVA_OPTS) -Dquarkus.http.port=$(PORT) -Dbridge.logging.json=false -jar $(JAR)

test: ## Run the whole test suite (unit, @QuarkusTest, *IT against the packaged jar, console browser test if Chromium is here)
	@$(JDK_NOTE)
	$(MVNW) $(MVN_ARGS) verify -DskipITs=false
	@e2e/run

e2e: $(JAR) ## Console browser test alone (headless Debian Chromium; npm ci --prefix e2e once); screenshots in target/e2e
	@e2e/run

check: $(JAR) ## Check the configured Ivanti tenant (BRIDGE_IVANTI_* env): one verdict line per check; exit 0 OK, 1 failed, 2 misconfigured
	@$(JAVA) $(AOT_FLAG) $(JAVA_OPTS) -Dbridge.ivanti.check-and-exit=true -jar $(JAR)

emulator: $(JAR) ## Run the Ivanti emulator alone on :9090 (tenant URL http://localhost:9090/emulator)
	@echo ""
	@echo "  Ivanti tenant URL : http://localhost:$(EMULATOR_PORT)/emulator"
	@echo "  REST API key      : Authorization: rest_api_key=demo-ivanti-key"
	@echo ""
	$(JAVA) -Dquarkus.http.port=$(EMULATOR_PORT) -Dquarkus.management.port=$(EMULATOR_MANAGEMENT_PORT) -Dbridge.emulator.standalone=true -Dbridge.logging.json=false -jar $(JAR)

package: ## Build the runnable jar (target/quarkus-app/quarkus-run.jar), and its AOT cache on JDK 25
	$(MVNW) $(MVN_ARGS) package -DskipTests
	@$(if $(JDK),scripts/aot-cache $(JAVA) $(JAR) $(AOT_CACHE) $(JAVA_OPTS),$(JDK_NOTE))

$(AOT_CACHE): $(JAR) scripts/aot-cache
	scripts/aot-cache $(JAVA) $(JAR) $(AOT_CACHE) $(JAVA_OPTS)

aot: $(AOT_CACHE) ## Train the JDK 25 AOT cache on the packaged jar (make run and make package do it when needed)

native: ## Build a native executable (needs GraalVM/Mandrel native-image, or a container runtime)
	@if command -v native-image >/dev/null 2>&1; then \
	  $(MVNW) $(MVN_ARGS) package -Dnative -DskipTests; \
	elif (command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1) || command -v podman >/dev/null 2>&1; then \
	  $(MVNW) $(MVN_ARGS) package -Dnative -DskipTests -Dquarkus.native.container-build=true; \
	else \
	  echo "make native needs either GraalVM/Mandrel (native-image on the PATH) or a running Docker/Podman engine; neither was found." >&2; \
	  exit 1; \
	fi

image: ## Build the JVM container image (needs a running Docker or Podman engine)
	@if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then \
	  $(MVNW) $(MVN_ARGS) package -DskipTests && docker build -f deploy/Dockerfile.jvm -t ivanti-scim-bridge:latest .; \
	else \
	  echo "make image needs a running Docker engine (docker info failed)." >&2; \
	  exit 1; \
	fi

.PHONY: conformance
conformance: ## Black-box SCIM conformance suite against any server: make conformance URL=http://localhost:8080/scim/v2 TOKEN=demo-scim-token
	@test -n "$(URL)" && test -n "$(TOKEN)" || { echo "usage: make conformance URL=<SCIM base URL> TOKEN=<bearer token>" >&2; exit 2; }
	$(MVNW) $(MVN_ARGS) test -Dtest=RemoteConformance -Dsurefire.failIfNoSpecifiedTests=false -Dconformance.url='$(URL)' -Dconformance.token='$(TOKEN)'

clean: ## Remove build output
	$(MVNW) $(MVN_ARGS) clean

# ---------------------------------------------------------------- benchmark (issues 7 and 14; not part of test or CI)
BENCH_CP     := bench/target/bench.jar:bench/target/lib/*:target/quarkus-app/app/*:target/quarkus-app/lib/main/*:target/quarkus-app/lib/boot/*
BENCH_JAR    := bench/target/bench.jar
BENCH_LABEL  ?= $(if $(BENCH_QUICK),quick,default)
BENCH_DATE   := $(shell date +%F)
# The JVM that runs the driver; the emulator and the bridge it spawns run on the same one unless
# BENCH_ARGS sets -Dbench.java=<path/to/bin/java> (e.g. BENCH_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java).
BENCH_JAVA   ?= $(JAVA)
# The bridge is measured as make run starts it: the launcher's JAVA_OPTS and, on JDK 25, its AOT cache. A
# -Dbench.bridge-jvm=... in BENCH_ARGS comes later on the command line and replaces this.
BENCH_BRIDGE_JVM ?= $(if $(JDK),-XX:AOTCache=$(AOT_CACHE) )$(JAVA_OPTS)
# Extra -Dbench.* settings, e.g. BENCH_ARGS='-Dbench.users=2000 -Dbench.bridge-jvm=-Xmx128m' (bench/README.md).
BENCH_ARGS   ?=
JMH_ARGS     ?= $(if $(BENCH_QUICK),-wi 1 -i 2 -w 1s -r 1s,-wi 3 -i 5 -w 1s -r 1s) -f 1
# make bench-profile: the workload of the baseline profile (bench/README.md, "Profiles"), JFR on both children.
BENCH_PROFILE_ARGS ?= -Dbench.users=2000 -Dbench.concurrency=8 -Dbench.latencies=0 -Dbench.import-users=5000 \
  -Dbench.import-latencies=0 -Dbench.startups=1 -Dbench.group-members=0
BENCH_PROFILE_DIR  ?= bench/results/prof

$(BENCH_JAR): $(JAR) bench/pom.xml $(shell find bench/src -type f 2>/dev/null)
	$(MVNW) $(MVN_ARGS) -f bench/pom.xml package

bench: bench-load bench-jmh ## Benchmark: emulator + bridge + IdP load, then JMH; BENCH_QUICK=1 for a short run

bench-load: $(JAR) $(BENCH_JAR) $(if $(JDK),$(AOT_CACHE),) ## Load part of make bench (results in bench/results/<date>-<label>.json/.md); exits 1 on a wrong answer
	$(BENCH_JAVA) -cp '$(BENCH_CP)' $(if $(BENCH_QUICK),-Dbench.quick=true) -Dbench.label=$(BENCH_LABEL) \
	  "-Dbench.bridge-jvm=$(BENCH_BRIDGE_JVM)" $(BENCH_ARGS) io.ivantiscim.bench.Bench

bench-jmh: $(BENCH_JAR) ## JMH micro-benchmarks of filter translation, mapping and PATCH application
	@mkdir -p bench/results
	$(BENCH_JAVA) -cp '$(BENCH_CP)' org.openjdk.jmh.Main $(JMH_ARGS) -rf json \
	  -rff bench/results/$(BENCH_DATE)-$(BENCH_LABEL)-jmh.json 2>&1 | sed 's#$(CURDIR)/##g' \
	  | tee bench/results/$(BENCH_DATE)-$(BENCH_LABEL)-jmh.txt

bench-profile: $(JAR) $(BENCH_JAR) $(if $(JDK),$(AOT_CACHE),) ## Bench at c=8, 0 ms with JFR on the bridge and the emulator; prints both top-10s
	$(BENCH_JAVA) -cp '$(BENCH_CP)' -Dbench.label=profile -Dbench.profile=$(BENCH_PROFILE_DIR) $(BENCH_PROFILE_ARGS) \
	  "-Dbench.bridge-jvm=$(BENCH_BRIDGE_JVM)" $(BENCH_ARGS) io.ivantiscim.bench.Bench

jfr-top: $(BENCH_JAR) ## Top-N hot methods and subsystems of a JFR file: make jfr-top JFR=file.jfr [TOP=10]
	@test -n "$(JFR)" || { echo "usage: make jfr-top JFR=<file.jfr> [TOP=10]" >&2; exit 2; }
	@$(BENCH_JAVA) -cp '$(BENCH_CP)' io.ivantiscim.bench.JfrTop -n $(or $(TOP),10) $(JFR)

# Extra -Dsoak.* settings, e.g. SOAK_ARGS='-Dsoak.users=100 -Dsoak.profiles=500s,kill' (bench/README.md).
SOAK_ARGS    ?=

soak: $(JAR) $(BENCH_JAR) $(if $(JDK),$(AOT_CACHE),) ## IdP soak under each Ivanti fault profile (issue 15); exits 1 when a target is missed
	$(BENCH_JAVA) -cp '$(BENCH_CP)' "-Dsoak.bridge-jvm=$(BENCH_BRIDGE_JVM)" $(SOAK_ARGS) io.ivantiscim.bench.Soak

token: ## Generate a SCIM token for an IdP connection on the running bridge: make token IDP=okta (shown once)
	@test -n "$(IDP)" || { echo "usage: make token IDP=okta" >&2; exit 2; }
	@$(ADMIN_CALL) POST /admin/connections/$(IDP)/tokens

tokens: ## List SCIM tokens (never the secrets); IDP=okta for one connection
	@$(ADMIN_CALL) GET "/admin/tokens$(if $(IDP),?connection=$(IDP),)"

token-off: ## Deactivate a token: make token-off ID=<token id>
	@test -n "$(ID)" || { echo "usage: make $@ ID=<token id>" >&2; exit 2; }
	@$(ADMIN_CALL) POST /admin/tokens/$(ID)/deactivate

token-on: ## Activate a token: make token-on ID=<token id>
	@test -n "$(ID)" || { echo "usage: make $@ ID=<token id>" >&2; exit 2; }
	@$(ADMIN_CALL) POST /admin/tokens/$(ID)/activate

token-renew: ## New secret for a token, the old one refused at once: make token-renew ID=<token id>
	@test -n "$(ID)" || { echo "usage: make $@ ID=<token id>" >&2; exit 2; }
	@$(ADMIN_CALL) POST /admin/tokens/$(ID)/renew

token-rm: ## Remove a token: make token-rm ID=<token id>
	@test -n "$(ID)" || { echo "usage: make $@ ID=<token id>" >&2; exit 2; }
	@$(ADMIN_CALL) DELETE /admin/tokens/$(ID) && echo "removed $(ID)"

audit: ## Latest audit events; filters: IDP=okta OUTCOME=failure KIND=token|scim RESOURCE=<id> FROM=<ISO> TO=<ISO>
	@$(ADMIN_CALL) GET /admin/audit -G \
	  $(if $(IDP),--data-urlencode connection=$(IDP)) $(if $(OUTCOME),--data-urlencode outcome=$(OUTCOME)) \
	  $(if $(KIND),--data-urlencode kind=$(KIND)) $(if $(RESOURCE),--data-urlencode resourceId=$(RESOURCE)) \
	  $(if $(FROM),--data-urlencode from=$(FROM)) $(if $(TO),--data-urlencode to=$(TO))

flush: ## Reload this replica's token cache from the store and write queued audit events
	@$(ADMIN_CALL) POST /admin/cache/flush
