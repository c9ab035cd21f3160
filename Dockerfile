# charstream's services in one image; the command chooses the service:
#   docker run charstream run ingest|windowing|trainer|generator|dashboard
# Multi-stage: the sources are built with Maven in the first stage, and only the launcher's jar
# and its libraries go into the runtime image. Base images are build arguments, so a machine
# without an image registry can use locally built ones (docker/setup-machine.sh).
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY . .
RUN mvn -B -ntp -q -Dmaven.test.skip=true package -pl cli -am

FROM ${RUNTIME_IMAGE}
WORKDIR /app
COPY --from=build /src/cli/target/charstream.jar /app/charstream.jar
COPY --from=build /src/cli/target/lib/ /app/lib/
# One OpenMP and one BLAS thread per process (more than the cores slows ND4J threefold); health
# and metrics on 8080 (the dashboard's page on the port its compose service gives it); Kafka
# Streams state where a volume can keep it.
ENV OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \
    CHARSTREAM_HEALTH_PORT=8080 \
    CHARSTREAM_STATE_DIR=/var/lib/charstream/state
RUN mkdir -p /var/lib/charstream/state
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health HTTP/1.0\\r\\n\\r\\n' >&3 && head -1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "--add-modules", "jdk.incubator.vector", "-jar", "/app/charstream.jar"]
CMD ["--help"]
