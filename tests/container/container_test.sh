#!/usr/bin/env bash
# The suite in containers, as users run it: builds the three images from
# deploy/Dockerfile (packaging the binaries of BUILD_DIR into the runtime
# stage, on a Debian bookworm base made locally by base_image.sh), brings
# them up, ingests the samples through the published ports, checks search
# results, reflection, health and the Prometheus metrics, restarts the query
# container and checks that nothing was lost and that it follows new
# documents, then tears everything down. MODE says how the suite comes up:
#   compose  docker-compose.yml, by Debian's docker-compose 1.29 talking to
#            `podman system service` (podman's Docker-compatible socket)
#   kube     deploy/pod/newsgraph-pod.yaml, by `podman kube play`; the test
#            rewrites only its image tags, host ports and object names
#
# usage: container_test.sh MODE SOURCE_DIR BUILD_DIR CLI
# Needs root, podman, runc, docker-compose, debootstrap and /usr/bin/python3
# with grpcio (scripts/install-deps installs them); exits 77 (skipped) when
# not root. Bounded: each step has a `timeout`, and the EXIT trap removes the
# containers, pod, volumes, network and images it made and stops the
# processes it started.
set -euo pipefail
mode=$1; root=$(cd "$2" && pwd); build=$(cd "$3" && pwd); cli=$4
started=$SECONDS
step() { echo "== [$((SECONDS - started)) s] $*"; }
fail() { echo "FAIL: $*"; echo "container $mode: 0 passed, 1 failed"; exit 1; }

case "$mode" in compose|kube) ;; *) echo "MODE is compose or kube" >&2; exit 2 ;; esac
if [ "$(id -u)" -ne 0 ]; then echo "skipped: needs root (rootful podman)"; exit 77; fi
for tool in podman docker-compose debootstrap runc; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (run scripts/install-deps)"
done

# Settings of this harness only (ulimits, runtime): see containers.conf.
export CONTAINERS_CONF="$root/tests/container/containers.conf"
work=$(mktemp -d "${TMPDIR:-/tmp}/newsgraph-container-test.XXXXXX")
project="ngctest$mode$$"  # names everything this run makes
tag="$project"
compose=(docker-compose -p "$project" -f "$root/docker-compose.yml")
pids=()

containers() {  # ids of this run's containers
  if [ "$mode" = compose ]; then
    podman ps -aq --filter "label=com.docker.compose.project=$project"
  else
    podman ps -aq --filter "pod=$project"
  fi
}
container_of() {  # service -> container id
  if [ "$mode" = compose ]; then
    timeout 30 "${compose[@]}" ps -q "$1"
  else
    podman ps -q --filter "name=^$project-$1\$"
  fi
}

teardown() {
  local code=$?
  set +e
  if [ $code -ne 0 ]; then
    for service in ingest extraction query; do
      echo "--- log of $service"
      podman logs --tail=30 "$(container_of "$service")" 2>&1 | grep -v '^time='
    done
  fi
  if [ "$mode" = compose ] && [ -S "$work/podman.sock" ]; then
    timeout 120 "${compose[@]}" down --volumes --remove-orphans --timeout 20 >/dev/null 2>&1
  fi
  if [ "$mode" = kube ] && [ -f "$work/pod.yaml" ]; then
    timeout 120 podman kube down "$work/pod.yaml" >/dev/null 2>&1
  fi
  # Whatever is left (also when compose or kube down never answered).
  containers | xargs -r podman rm -f -t 5 >/dev/null 2>&1
  podman pod rm -f "$project" >/dev/null 2>&1
  podman volume ls -q | grep "^$project" | xargs -r podman volume rm -f >/dev/null 2>&1
  podman network rm -f "${project}_default" >/dev/null 2>&1
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  for service in ingest extraction query; do
    podman rmi "newsgraph-$service:$tag" >/dev/null 2>&1
  done
  # Stage images the build left untagged (the packaged binaries), if nothing
  # uses them; the ones that were there before this run stay.
  if [ -f "$work/dangling-before" ]; then
    podman images -q --filter dangling=true | sort >"$work/dangling-after"
    comm -13 "$work/dangling-before" "$work/dangling-after" | xargs -r podman rmi >/dev/null 2>&1
  fi
  rm -rf "$work"
  echo "== [$((SECONDS - started)) s] torn down"
  exit $code
}
trap teardown EXIT
trap 'exit 1' INT TERM

step "base image"
base=$(timeout 600 "$root/tests/container/base_image.sh") || fail "no base image"
echo "$base"

step "images from the binaries in $build"
podman images -q --filter dangling=true | sort >"$work/dangling-before"
timeout 600 "$root/deploy/build-images" --prebuilt "$build" --base "$base" --tag "$tag" \
  >"$work/build-images.log" 2>&1 || { tail -30 "$work/build-images.log"; fail "image build"; }
for service in ingest extraction query; do
  image="newsgraph-$service:$tag"
  user=$(podman image inspect "$image" --format '{{.Config.User}}')
  [ "$user" = "10001:10001" ] || fail "$service image runs as '$user', not 10001"
  signal=$(podman image inspect "$image" --format '{{.Config.StopSignal}}')
  [ "$signal" = SIGTERM ] || fail "$service image stops with '$signal'"
  health=$(podman image inspect "$image" --format '{{.Config.Healthcheck.Test}}')
  [[ "$health" == *newsgraph-health-probe* ]] || fail "$service image has no HEALTHCHECK"
  missing=$(podman run --rm --entrypoint sh "$image" -c \
    "ldd /usr/local/bin/newsgraph-$service /usr/local/bin/newsgraph-health-probe | grep 'not found'" || true)
  [ -z "$missing" ] || fail "$service image lacks libraries: $missing"
done

# podman schedules health checks with systemd timers. Without systemd (these
# test machines run none) nothing runs them, and compose would wait forever
# for service_healthy; run them here as the timers would.
if [ ! -d /run/systemd/system ]; then
  (while true; do
     for id in $(containers); do podman healthcheck run "$id" >/dev/null 2>&1 || true; done
     sleep 2
   done) &
  pids+=($!)
fi

ports=($(/usr/bin/python3 -c '
import socket
socks = [socket.socket() for _ in range(6)]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))'))
addr=(--ingest "127.0.0.1:${ports[0]}" --extraction "127.0.0.1:${ports[1]}"
      --query "127.0.0.1:${ports[2]}")
cli_addr=(--ingest="127.0.0.1:${ports[0]}" --extraction="127.0.0.1:${ports[1]}"
          --query="127.0.0.1:${ports[2]}")
metrics_addr=(--ingest "127.0.0.1:${ports[3]}" --extraction "127.0.0.1:${ports[4]}"
              --query "127.0.0.1:${ports[5]}")

if [ "$mode" = compose ]; then
  step "podman system service (the Docker API for docker-compose)"
  podman system service --time=0 "unix://$work/podman.sock" >"$work/podman-service.log" 2>&1 &
  pids+=($!)
  export DOCKER_HOST="unix://$work/podman.sock"
  for _ in $(seq 1 100); do [ -S "$work/podman.sock" ] && break; sleep 0.1; done
  [ -S "$work/podman.sock" ] || fail "podman system service did not start"
  export NEWSGRAPH_TAG=$tag NEWSGRAPH_INGEST_PORT=${ports[0]} \
    NEWSGRAPH_EXTRACTION_PORT=${ports[1]} NEWSGRAPH_QUERY_PORT=${ports[2]} \
    NEWSGRAPH_INGEST_METRICS_PORT=${ports[3]} NEWSGRAPH_EXTRACTION_METRICS_PORT=${ports[4]} \
    NEWSGRAPH_QUERY_METRICS_PORT=${ports[5]}
  step "docker-compose up (ports ${ports[*]})"
  timeout 300 "${compose[@]}" up -d --no-build || fail "docker-compose up"
else
  sed -e "s/^\(      image: newsgraph-[a-z]*\):latest\$/\1:$tag/" \
      -e "s/hostPort: 50051,/hostPort: ${ports[0]},/" \
      -e "s/hostPort: 50052,/hostPort: ${ports[1]},/" \
      -e "s/hostPort: 50053,/hostPort: ${ports[2]},/" \
      -e "s/hostPort: 9091,/hostPort: ${ports[3]},/" \
      -e "s/hostPort: 9092,/hostPort: ${ports[4]},/" \
      -e "s/hostPort: 9093,/hostPort: ${ports[5]},/" \
      -e "s/^  name: newsgraph\$/  name: $project/" \
      -e "s/newsgraph-\(ingest\|extraction\|query\)-data/$project-\1-data/" \
      "$root/deploy/pod/newsgraph-pod.yaml" >"$work/pod.yaml"
  [ "$(grep -c "$tag\|hostPort: \(${ports[0]}\|${ports[1]}\|${ports[2]}\|${ports[3]}\|${ports[4]}\|${ports[5]}\)," "$work/pod.yaml")" -ge 16 ] \
    || fail "deploy/pod/newsgraph-pod.yaml no longer has the names, tags and ports the test rewrites"
  step "podman kube play (ports ${ports[*]})"
  # A network of its own (not podman's shared default kube network), so that
  # the teardown can remove it.
  podman network create "${project}_default" >/dev/null || fail "podman network create"
  timeout 300 podman kube play --network "${project}_default" "$work/pod.yaml" \
    >"$work/kube-play.log" 2>&1 \
    || { cat "$work/kube-play.log"; fail "podman kube play"; }
fi

wait_healthy() {  # service: until podman reports its container healthy
  local id
  id=$(container_of "$1")
  [ -n "$id" ] || fail "no container for $1"
  for _ in $(seq 1 90); do
    [ "$(podman inspect "$id" --format '{{.State.Health.Status}}')" = healthy ] && return 0
    sleep 1
  done
  fail "$1 is not healthy after 90 s"
}
for service in ingest extraction query; do wait_healthy "$service"; done
# Published on 127.0.0.1 only.
published=$(podman port "$(container_of ingest)")
grep -q "127.0.0.1:${ports[0]}" <<<"$published" || fail "ingest is published on '$published'"
beyond=$(grep -v '127\.0\.0\.1:' <<<"$published" || true)
[ -z "$beyond" ] || fail "a port is published beyond 127.0.0.1: $published"

step "reflection and health through the published ports"
timeout 120 /usr/bin/python3 "$root/tests/container/suite_checks.py" reflection \
  "127.0.0.1:${ports[0]}=newsgraph.v1.IngestService" \
  "127.0.0.1:${ports[1]}=newsgraph.v1.ExtractionService" \
  "127.0.0.1:${ports[2]}=newsgraph.v1.QueryService" || fail "reflection or health"

shopt -s nullglob
samples=("$root"/samples/*.txt "$root"/samples/*.html)
[ ${#samples[@]} -ge 2 ] || fail "no samples"
first=("${samples[@]:0:${#samples[@]}-1}")
last=${samples[-1]}
step "ingest ${#first[@]} samples through the published port, wait for query"
timeout 120 "$cli" ingest "${cli_addr[@]}" "${first[@]}" >"$work/ingest.log" \
  || { cat "$work/ingest.log"; fail "ingest"; }
timeout 200 "$cli" wait "${cli_addr[@]}" --docs=${#first[@]} --timeout_s=180 || fail "query did not catch up"
timeout 120 /usr/bin/python3 "$root/tests/container/suite_checks.py" snapshot --cli "$cli" \
  "${addr[@]}" --docs ${#first[@]} >"$work/before.json" || fail "search results"
echo "searches: $(grep -c '"doc-' "$work/before.json") hits"
timeout 60 /usr/bin/python3 "$root/tests/container/suite_checks.py" metrics "${metrics_addr[@]}" \
  --docs ${#first[@]} --ingested ${#first[@]} || fail "metrics"

step "restart query (SIGTERM, same volume)"
query_id=$(container_of query)
if [ "$mode" = compose ]; then
  timeout 120 "${compose[@]}" restart query || fail "restart"
else
  timeout 120 podman restart "$query_id" >/dev/null || fail "restart"
fi
wait_healthy query
podman logs "$query_id" >"$work/query.log" 2>&1 || true
grep -q "query stopped cleanly" "$work/query.log" || fail "query did not stop cleanly on SIGTERM"
timeout 120 /usr/bin/python3 "$root/tests/container/suite_checks.py" snapshot --cli "$cli" \
  "${addr[@]}" --docs ${#first[@]} >"$work/after.json" || fail "search results after the restart"
diff -u "$work/before.json" "$work/after.json" || fail "the restart changed what query answers"

step "a new article reaches the restarted query once"
timeout 60 "$cli" ingest "${cli_addr[@]}" "$last" >>"$work/ingest.log" || fail "ingest $last"
timeout 200 "$cli" wait "${cli_addr[@]}" --docs=${#samples[@]} --timeout_s=180 \
  || fail "the restarted query did not follow the feed"
timeout 120 /usr/bin/python3 "$root/tests/container/suite_checks.py" snapshot --cli "$cli" \
  "${addr[@]}" --docs ${#samples[@]} >"$work/final.json" || fail "search results at the end"
timeout 60 /usr/bin/python3 "$root/tests/container/suite_checks.py" metrics "${metrics_addr[@]}" \
  --docs ${#samples[@]} --ingested ${#samples[@]} || fail "metrics at the end"

step "done"
echo "container $mode: 1 passed, 0 failed"
