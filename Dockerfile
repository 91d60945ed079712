# syntax=docker/dockerfile:1
# ACS image: build the jar with the wrapper, test and build the default policy bundle with OPA,
# run on a JRE as a non-root user. Built by .github/workflows (no Docker engine on dev machines).
ARG OPA_VERSION=1.10.1
# Base images are pinned by tag, not yet by digest: no registry was reachable from where this was
# written, and a digest nobody checked is worse than none. To pin: `docker buildx imagetools
# inspect eclipse-temurin:21-jre` (and 21-jdk, openpolicyagent/opa:<version>) gives the index
# digest; write it as `FROM eclipse-temurin:21-jre@sha256:<digest>`. Dependabot (docker
# ecosystem, .github/dependabot.yml) then keeps tag and digest current together.

FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY app/pom.xml app/pom.xml
RUN ./mvnw -B -ntp -q -pl app dependency:go-offline || true
COPY app app
COPY policies policies
RUN ./mvnw -B -ntp -q package -DskipTests && cp app/target/acs.jar /acs.jar

FROM openpolicyagent/opa:${OPA_VERSION} AS policy
COPY policies /policies
# The policy's own unit tests gate the image; then compile the decision to wasm.
RUN ["/opa", "test", "/policies", "-v"]
RUN ["/opa", "build", "-t", "wasm", "-e", "acs/decision", "-o", "/bundle.tar.gz", "/policies"]

FROM eclipse-temurin:21-jre
# bubblewrap: the sandbox of test commands (docs/security.md). Inside Docker it works only where the
# container may create namespaces (e.g. --security-opt seccomp=unconfined, or podman); else ACS says so.
RUN apt-get update && apt-get install -y --no-install-recommends curl git bubblewrap && rm -rf /var/lib/apt/lists/* \
 && groupadd --system acs && useradd --system --gid acs --home-dir /var/lib/acs --create-home acs
COPY --from=build /acs.jar /opt/acs/acs.jar
COPY --from=policy /bundle.tar.gz /opt/acs/policy/bundle.tar.gz
COPY policies /opt/acs/policies
# Example policy inputs: `docker run IMAGE policy eval --input /opt/acs/examples/policy/push-denied.json`.
COPY docs/examples/policy /opt/acs/examples/policy
USER acs
WORKDIR /var/lib/acs
ENV ACS_PORT=3000 \
    ACS_POLICY_BUNDLE=/opt/acs/policy/bundle.tar.gz \
    ACS_DATABASE_URL="jdbc:h2:file:/var/lib/acs/acs" \
    ACS_WORK_DIR=/var/lib/acs/work \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 3000
VOLUME ["/var/lib/acs"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=40s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${ACS_PORT}/healthz" || exit 1
ENTRYPOINT ["java", "-jar", "/opt/acs/acs.jar"]
CMD ["serve"]
