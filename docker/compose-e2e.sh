#!/usr/bin/env bash
# End to end on containers: docker compose up, the seed's 198-character text published, 10
# EpochMetrics events (loss falling, accuracy rising) and an answer to a prompt awaited and
# checked, then docker compose down. Fails loudly at the first step that does not happen and then
# prints every container's log. Uses ./charstream on the host as a client.
# --cluster: the three-broker variant (docker-compose.cluster.yml, two of every service), with one
# broker container stopped after the third epoch; training, prompting and the counts go on as before.
# Image names come from KAFKA_IMAGE and CHARSTREAM_IMAGE (docker/setup-machine.sh prints them).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cluster=false
if [[ "${1:-}" == "--cluster" ]]; then cluster=true; fi
# The seed scenario (DESIGN.md): window 100, stride 1, block 100, fraction 0.2, no gap, batch 8, lr 0.01, 10 epochs,
# the trained weights as they are (no average).
export CHARSTREAM_WINDOW_LENGTH=100 CHARSTREAM_WINDOW_STRIDE=1 CHARSTREAM_SPLIT_BLOCK=100 CHARSTREAM_VALIDATION_FRACTION=0.2 \
  CHARSTREAM_SPLIT_GAP=0 CHARSTREAM_BATCH_SIZE=8 CHARSTREAM_LEARNING_RATE=0.01 CHARSTREAM_MAX_EPOCHS=10 \
  CHARSTREAM_WEIGHTS_AVERAGE_DECAY=0
# The first port from $1 up that nothing on this host answers on: a port held by something else
# (another compose project left running, a local broker) moves the run, instead of failing `up`.
free_port() {
  local port="$1"
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}
if $cluster; then
  export KAFKA_HOST_PORT_1="${KAFKA_HOST_PORT_1:-$(free_port 29092)}"
  export KAFKA_HOST_PORT_2="${KAFKA_HOST_PORT_2:-$(free_port $((KAFKA_HOST_PORT_1 + 1)))}"
  export KAFKA_HOST_PORT_3="${KAFKA_HOST_PORT_3:-$(free_port $((KAFKA_HOST_PORT_2 + 1)))}"
  export COMPOSE_PROJECT_NAME="${COMPOSE_PROJECT_NAME:-charstream-e2e-cluster}"
  export CHARSTREAM_WEB_HOST_PORT="${CHARSTREAM_WEB_HOST_PORT:-$(free_port 28080)}"
  compose_file=(-f docker-compose.cluster.yml)
  bootstrap="localhost:$KAFKA_HOST_PORT_1,localhost:$KAFKA_HOST_PORT_2,localhost:$KAFKA_HOST_PORT_3"
else
  export KAFKA_HOST_PORT="${KAFKA_HOST_PORT:-$(free_port 19092)}"
  export COMPOSE_PROJECT_NAME="${COMPOSE_PROJECT_NAME:-charstream-e2e}"
  export CHARSTREAM_WEB_HOST_PORT="${CHARSTREAM_WEB_HOST_PORT:-$(free_port 18080)}"
  compose_file=(-f docker-compose.yml)
  bootstrap="localhost:$KAFKA_HOST_PORT"
fi
seed_text='The river keeps no record of the rain, yet every stone it passes learns the shape of water. We read the stream the same way: one character at a time, guessing the next one, and learning as it flows.'

if docker compose version >/dev/null 2>&1; then compose=(docker compose); else compose=(docker-compose); fi
compose+=("${compose_file[@]}")
say() { echo "compose-e2e: $*" >&2; }
started=$SECONDS

fail() {
  say "FAILED: $*"
  "${compose[@]}" ps >&2 || true
  for service in $("${compose[@]}" config --services); do
    echo "----- logs of $service -----" >&2
    "${compose[@]}" logs --no-color --tail=200 "$service" >&2 || true
  done
  "${compose[@]}" down -v >/dev/null 2>&1 || true
  exit 1
}

# Waits until the command succeeds; fails with the message after the timeout (seconds), and with
# what the command last saw if it put that in $seen.
await() {
  local timeout="$1" message="$2"; shift 2
  local deadline=$((SECONDS + timeout))
  seen=""
  until "$@"; do
    [[ $SECONDS -lt $deadline ]] || fail "$message (waited ${timeout} s)${seen:+; last seen: $seen}"
    sleep 3
  done
}

healthy() {
  local service="$1" id
  id="$("${compose[@]}" ps -q "$service")"
  [[ -n "$id" && "$(docker inspect --format '{{.State.Health.Status}}' "$id" 2>/dev/null)" == healthy ]]
}

all_healthy() { for s in $("${compose[@]}" config --services); do healthy "$s" || return 1; done; }

epochs() { ./charstream read training.metrics --from-beginning --bootstrap-servers "$bootstrap" 2>/dev/null | grep -c '"epoch"' || true; }

ten_epochs() { [[ "$(epochs)" -ge 10 ]]; }
three_epochs() { [[ "$(epochs)" -ge 3 ]]; }

[[ -x ./charstream ]] || fail "./charstream is missing"
./charstream --version >/dev/null 2>&1 || fail "./charstream does not build"
"${compose[@]}" down -v >/dev/null 2>&1 || true

say "docker compose up (kafka: ${KAFKA_IMAGE:-apache/kafka:4.3.1}, services: ${CHARSTREAM_IMAGE:-charstream:latest};" \
  "brokers at $bootstrap, dashboard at 127.0.0.1:$CHARSTREAM_WEB_HOST_PORT)"
"${compose[@]}" up -d --no-build || fail "docker compose up"
await 420 "the brokers and the services healthy" all_healthy
say "all $("${compose[@]}" config --services | wc -l) containers healthy after $((SECONDS - started)) s"

printf '%s' "$seed_text" > /tmp/charstream-e2e-seed.txt
./charstream publish /tmp/charstream-e2e-seed.txt --doc-id seed --bootstrap-servers "$bootstrap" >&2 \
  || fail "publishing the seed text"

if $cluster; then
  await 600 "3 EpochMetrics events" three_epochs
  "${compose[@]}" stop kafka-2 >&2 || fail "stopping the broker container kafka-2"
  say "broker kafka-2 stopped after epoch $(epochs)"
fi
await 600 "10 EpochMetrics events" ten_epochs
metrics="$(./charstream read training.metrics --from-beginning --bootstrap-servers "$bootstrap")"
first_loss="$(echo "$metrics" | head -1 | sed -n 's/.*"trainLoss":\([0-9.eE-]*\).*/\1/p')"
last_loss="$(echo "$metrics" | sed -n 10p | sed -n 's/.*"trainLoss":\([0-9.eE-]*\).*/\1/p')"
first_accuracy="$(echo "$metrics" | head -1 | sed -n 's/.*"trainAccuracy":\([0-9.eE-]*\).*/\1/p')"
last_accuracy="$(echo "$metrics" | sed -n 10p | sed -n 's/.*"trainAccuracy":\([0-9.eE-]*\).*/\1/p')"
say "epoch 1: loss $first_loss accuracy $first_accuracy; epoch 10: loss $last_loss accuracy $last_accuracy"
awk -v a="$first_loss" -v b="$last_loss" 'BEGIN { exit !(b < a) }' || fail "the loss did not fall"
awk -v a="$first_accuracy" -v b="$last_accuracy" 'BEGIN { exit !(b > a) }' || fail "the accuracy did not rise"
[[ "$(echo "$metrics" | grep -o '"sequencesSeen":80' | wc -l)" -ge 10 ]] || fail "epochs did not see the 80 training sequences"
[[ "$(echo "$metrics" | grep -o '"epoch":[0-9]*' | sort -u | wc -l)" -eq "$(echo "$metrics" | wc -l)" ]] \
  || fail "an epoch was published twice: $metrics"

answer="$(./charstream prompt "The river" --chars 40 --seed 1 --timeout 120s --bootstrap-servers "$bootstrap")" \
  || fail "the prompt was not answered"
[[ ${#answer} -eq 40 ]] || fail "the answer has ${#answer} characters, not 40: '$answer'"
say "prompt 'The river' -> '$answer'"
streamed="$(./charstream prompt "The river" --chars 40 --seed 1 --stream --timeout 120s --bootstrap-servers "$bootstrap")" \
  || fail "the streamed prompt was not answered"
[[ "$streamed" == "$answer" ]] || fail "streamed, the same seed gave '$streamed', not '$answer'"
say "prompt --stream gave the same text"

# The dashboard: the page, and its live feed's first event holding the ten epochs.
dashboard="http://127.0.0.1:$CHARSTREAM_WEB_HOST_PORT"
page="$(curl -fsS "$dashboard/")" || fail "the dashboard did not serve its page at $dashboard"
[[ "$page" == *uPlot* ]] || fail "the dashboard's page does not load its chart library"
curl -fsS -o /dev/null "$dashboard/webjars/uplot/1.6.30/dist/uPlot.iife.min.js" || fail "the chart library is not served"
# A feed stays open, so each look is cut off after a few seconds; a dashboard slow to answer on a
# busy machine (its first request, a consumer still catching up) gets more looks, not a failure.
feed_has_ten_epochs() {
  seen="$(curl -sN -H 'Accept: text/event-stream' --max-time 5 "$dashboard/events" || true)"
  [[ "$(echo "$seen" | grep -o '"trainLoss"' | wc -l)" -ge 10 ]]
}
await 60 "the dashboard's feed holding the 10 epochs" feed_has_ten_epochs
say "dashboard at $dashboard: the page, the chart library and the 10 epochs on its feed"

trainer_metrics() {
  "${compose[@]}" exec -T "$1" bash -c 'exec 3<>/dev/tcp/127.0.0.1/8080; printf "GET /metrics HTTP/1.0\r\n\r\n" >&3; cat <&3'
}
metrics_text="$(trainer_metrics trainer)" || fail "the trainer's /metrics did not answer"
if $cluster; then metrics_text+=$'\n'"$(trainer_metrics trainer-2)" || fail "the standby trainer's /metrics did not answer"; fi
echo "$metrics_text" | grep -q '^charstream_epochs_total{service="trainer"} 10' \
  || fail "no trainer's /metrics counts 10 epochs: $metrics_text"

"${compose[@]}" down -v >/dev/null 2>&1 || fail "docker compose down"
say "passed in $((SECONDS - started)) s"
