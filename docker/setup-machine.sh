#!/usr/bin/env bash
# Makes a Debian machine with no image registry able to run charstream's containers:
#   1. installs Debian's docker.io, docker-compose and debootstrap, and starts dockerd (as root);
#   2. builds local base images from Debian's packages (debootstrap, then docker import):
#        charstream-local/jre:17     a JRE, for the services' runtime stage
#        charstream-local/maven:17   a JDK with Maven, for the build stage
#   3. builds charstream-local/kafka:$KAFKA_VERSION, which behaves like apache/kafka (the same
#      KAFKA_* environment variables, ports 9092/9093, /etc/kafka/docker/run, /opt/kafka/bin
#      tools) from the Kafka jars on Maven Central;
#   4. builds the charstream image from this checkout with the Dockerfile (multi-stage).
# Then it prints the image variables to export for docker-compose.yml, the end-to-end script and
# the Testcontainers tests. Images that exist already are kept (delete them to rebuild).
# Usage: sudo docker/setup-machine.sh [--env-file FILE]   (FILE receives the exports)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kafka_version="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$root/pom.xml" | head -1)"
suite=bookworm
env_file=""
if [[ "${1:-}" == "--env-file" ]]; then env_file="$2"; fi

say() { echo "setup-machine: $*" >&2; }

# The Debian mirror this machine's own apt uses for $suite (deb822 .sources files first, then
# one-line sources.list entries), so debootstrap follows the machine; DEBIAN_MIRROR overrides it.
apt_mirror() {
  local file
  for file in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$file" ]] || continue
    awk -v suite="$suite" '
      /^[[:space:]]*$/ { if (uri != "" && suites ~ "(^| )" suite "( |$)" && types ~ /deb( |$)/) { print uri; exit } uri = ""; suites = ""; types = ""; next }
      /^Types:/ { types = substr($0, 7) }
      /^URIs:/ { split(substr($0, 6), u, " "); uri = u[1] }
      /^Suites:/ { suites = substr($0, 8) }
      END { if (uri != "" && suites ~ "(^| )" suite "( |$)" && types ~ /deb( |$)/) print uri }' "$file"
  done | head -1 | grep . && return
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
    | awk -v suite="$suite" '$1 == "deb" && $3 == suite { print $2; exit }' | grep .
}
mirror="${DEBIAN_MIRROR:-$(apt_mirror || true)}"
if [[ -z "$mirror" ]]; then
  say "no Debian $suite mirror in this machine's apt sources: set DEBIAN_MIRROR to one"; exit 2
fi

if [[ "$(id -u)" != 0 ]]; then
  say "run as root: installing packages and starting dockerd need it"; exit 2
fi

# 1. Docker engine, Compose and debootstrap from Debian.
if ! command -v dockerd >/dev/null || ! command -v docker-compose >/dev/null || ! command -v debootstrap >/dev/null; then
  say "installing docker.io docker-compose debootstrap"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io docker-compose debootstrap >/dev/null
fi
# Debian's client (/usr/bin/docker) matches Debian's engine; a newer client elsewhere on PATH may not.
docker=/usr/bin/docker
if ! "$docker" info >/dev/null 2>&1; then
  say "starting dockerd"
  nohup dockerd >/var/log/charstream-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do "$docker" info >/dev/null 2>&1 && break; sleep 1; done
  "$docker" info >/dev/null 2>&1 || { say "dockerd did not start; see /var/log/charstream-dockerd.log"; tail -20 /var/log/charstream-dockerd.log >&2; exit 1; }
fi

has_image() { "$docker" image inspect "$1" >/dev/null 2>&1; }

# 2. Base images from Debian's packages.
debian_image() { # name packages...
  local name="$1"; shift
  if has_image "$name"; then say "$name exists"; return; fi
  local dir; dir="$(mktemp -d /var/tmp/charstream-rootfs.XXXXXX)"
  say "debootstrap $suite with $* -> $name"
  debootstrap --variant=minbase --include="$(IFS=,; echo "$*")" "$suite" "$dir" "$mirror" >/dev/null
  # This machine's own certificate authorities (a TLS-inspecting egress proxy, say), so that a
  # build stage reaches Maven Central from inside a container as the host does.
  if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    cp /usr/local/share/ca-certificates/*.crt "$dir/usr/local/share/ca-certificates/"
    chroot "$dir" update-ca-certificates >/dev/null 2>&1 || true
    for crt in /usr/local/share/ca-certificates/*.crt; do  # Java's trust store, which the hook above may miss
      keytool -importcert -noprompt -keystore "$dir/etc/ssl/certs/java/cacerts" -storepass changeit \
        -alias "local-$(basename "$crt" .crt)" -file "$crt" >/dev/null 2>&1 || true
    done
  fi
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
  tar -C "$dir" -c . | "$docker" import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' --change 'CMD ["bash"]' - "$name" >/dev/null
  rm -rf "$dir"
}
debian_image charstream-local/jre:17 openjdk-17-jre-headless ca-certificates
debian_image charstream-local/maven:17 openjdk-17-jdk-headless maven ca-certificates

# 3. The Kafka look-alike: Kafka's jars from Maven Central (through this machine's Maven), a run
#    script that reads KAFKA_* variables as apache/kafka's does.
kafka_image="charstream-local/kafka:$kafka_version"
if ! has_image "$kafka_image"; then
  say "building $kafka_image"
  context="$(mktemp -d /var/tmp/charstream-kafka.XXXXXX)"
  mvn -B -q -f "$root/docker/kafka/pom.xml" -Dkafka.version="$kafka_version" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$context/libs" >&2
  cp -r "$root/docker/kafka/." "$context/"
  "$docker" build -q --build-arg BASE_IMAGE=charstream-local/jre:17 -t "$kafka_image" "$context" >/dev/null
  rm -rf "$context"
fi

# 4. charstream itself, from this checkout, with the local base images.
charstream_image="charstream:local"
say "building $charstream_image (multi-stage: Maven build, then the runtime image)"
"$docker" build -q --network host --build-arg BUILD_IMAGE=charstream-local/maven:17 \
  --build-arg RUNTIME_IMAGE=charstream-local/jre:17 -t "$charstream_image" "$root" >/dev/null

# TESTCONTAINERS_HOST_OVERRIDE: this machine may itself be a container (it has /.dockerenv), and
# Testcontainers would then run an alpine image to find the host; the engine runs right here.
exports="export KAFKA_IMAGE=$kafka_image CHARSTREAM_IMAGE=$charstream_image TESTCONTAINERS_RYUK_DISABLED=true"
exports+=" TESTCONTAINERS_CHECKS_DISABLE=true TESTCONTAINERS_HOST_OVERRIDE=localhost"
if [[ -n "$env_file" ]]; then echo "$exports" > "$env_file"; fi
say "ready; for docker-compose.yml, the end-to-end script and the Testcontainers tests:"
echo "$exports"
