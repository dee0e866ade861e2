#!/usr/bin/env bash
# Every NEWSGRAPH_* variable that docker-compose.yml and deploy/Dockerfile set,
# or that docker-compose.yml offers commented out (the TLS ones), must be a
# real flag of the binary it configures (a misspelt variable would otherwise
# be ignored silently), and every published port must be the one the service
# listens on. NEWSGRAPH_PROBE_* variables configure the images' health probe
# and must be flags of newsgraph-health-probe.
set -euo pipefail
root=$1; ingest=$2; extraction=$3; query=$4; probe=$5
fail=0
flags_of() { { "$1" --helpfull 2>&1 || true; } | sed -n 's/^ *--\([a-z_]*\) .*/\1/p' | sort -u; }
check_service() {  # name binary port
  local name=$1 binary=$2 port=$3
  local flags; flags=$(flags_of "$binary")
  local vars
  vars=$(awk -v svc="  $name:" '
      $0 == svc {inside=1; next}
      inside && /^  [a-z]/ {inside=0}
      inside && /^ *(# )?NEWSGRAPH_[A-Z_]*:/ {sub(/^ *(# )?/, ""); sub(/:.*/, ""); print}' \
      "$root/docker-compose.yml")
  vars+=$'\n'$(awk -v stage="AS $name" '
      index($0, stage) {inside=1; next}
      inside && /^FROM/ {inside=0}
      inside {while (match($0, /NEWSGRAPH_[A-Z_]+=/)) {print substr($0, RSTART, RLENGTH-1); $0=substr($0, RSTART+RLENGTH)}}' \
      "$root/deploy/Dockerfile")
  local probe_flags; probe_flags=$(flags_of "$probe")
  for var in $vars; do
    local flag owner=$binary known=$flags
    flag=$(echo "${var#NEWSGRAPH_}" | tr 'A-Z' 'a-z')
    if [[ $var == NEWSGRAPH_PROBE_* ]]; then
      flag=$(echo "${var#NEWSGRAPH_PROBE_}" | tr 'A-Z' 'a-z')
      owner=$probe known=$probe_flags
    fi
    if ! grep -qx "$flag" <<<"$known"; then
      echo "FAIL: $name: $var sets --$flag, which $(basename "$owner") does not have"
      fail=1
    fi
  done
  if ! grep -q "127.0.0.1:\${NEWSGRAPH_${name^^}_PORT:-$port}:$port" "$root/docker-compose.yml"; then
    echo "FAIL: $name: port $port is not published on 127.0.0.1"
    fail=1
  fi
  local metrics
  metrics=$(awk -v svc="  $name:" '
      $0 == svc {inside=1; next}
      inside && /^  [a-z]/ {inside=0}
      inside && /^ *NEWSGRAPH_METRICS_LISTEN:/ {sub(/.*:/, ""); print}' "$root/docker-compose.yml")
  if [ -n "$metrics" ] && \
     ! grep -q "127.0.0.1:\${NEWSGRAPH_${name^^}_METRICS_PORT:-$metrics}:$metrics" "$root/docker-compose.yml"; then
    echo "FAIL: $name: metrics port $metrics is not published on 127.0.0.1"
    fail=1
  fi
  if ! grep -q "NEWSGRAPH_LISTEN=0.0.0.0:$port" "$root/deploy/Dockerfile"; then
    echo "FAIL: $name: the image does not listen on $port"
    fail=1
  fi
}
# Nothing is published beyond 127.0.0.1.
if grep -E '^ *- "[^"]*:[0-9]+"$' "$root/docker-compose.yml" | grep -v '"127\.0\.0\.1:'; then
  echo "FAIL: a port above is published on every interface"
  fail=1
fi
check_service ingest "$ingest" 50051
check_service extraction "$extraction" 50052
check_service query "$query" 50053
if [ $fail -ne 0 ]; then echo "deploy flags: 0 passed, 1 failed"; exit 1; fi
echo "deploy flags: 1 passed, 0 failed"
