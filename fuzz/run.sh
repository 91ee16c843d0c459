#!/bin/sh
# Fuzz one path for SECONDS_TOTAL seconds, restarting after each crash so one finding does not end the run,
# and after every ROUND_RUNS inputs: the atheris process grows by ~250 KB an input (coverage and
# comparison tables; extract itself stays flat in a plain loop), and would pass libFuzzer's RSS limit
# after ~10,000 inputs and report a false out-of-memory. The corpus on disk carries over between rounds.
# usage: fuzz/run.sh text|html [seconds]   crashes: $WORK/artifacts/<kind>-crash-*  log: $WORK/<kind>.log
set -u
kind=$1; total=${2:-600}
WORK=${FUZZ_WORK:-/tmp/dateline-fuzz}
PY=${PYTHON:-.venv/bin/python}
here=$(dirname "$0")
mkdir -p "$WORK/artifacts"
[ -d "$WORK/$kind" ] || $PY "$here/seeds.py" "$kind" "$WORK/$kind"
end=$(( $(date +%s) + total ))
while [ "$(date +%s)" -lt "$end" ]; do
  left=$(( end - $(date +%s) ))
  nice -n 19 $PY "$here/fuzz_$kind.py" "$WORK/$kind" -max_total_time="$left" -runs="${ROUND_RUNS:-4000}" \
    -max_len=16384 -timeout=30 \
    -rss_limit_mb=3072 -print_final_stats=1 -artifact_prefix="$WORK/artifacts/$kind-" >>"$WORK/$kind.log" 2>&1
done
grep -h "stat::number_of_executed_units" "$WORK/$kind.log" | awk -v k="$kind" '{s += $2} END {print k ": " s " executions"}'
ls "$WORK/artifacts" | grep "^$kind-" || echo "$kind: no crashes"
