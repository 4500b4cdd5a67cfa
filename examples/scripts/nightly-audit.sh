#!/usr/bin/env bash
# A nightly audit: every session of the day, its tool calls, hooks and costs, from
# `coord log --json` (docs/log-json.md), each field checked against the page's types.
#   examples/scripts/nightly-audit.sh [--since today] [coord sessions options...]
# Exit 1 when a documented field is missing or of another type; coord's code when it cannot
# list the sessions (nothing audited is no pass). COORD overrides the command.
set -euo pipefail
read -r -a coord <<<"${COORD:-coord}"
since=today
if [ "${1:-}" = --since ]; then since=$2 && shift 2; fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# the checks: the session's keys and each event kind's, with the type docs/log-json.md gives
check='
  def need($o; $k; $t): if ($o | has($k)) and (($o[$k] | type) as $x | $t | split("|") | index($x))
    then empty else "\($o.kind // "session") \($k): want \($t), got \($o[$k] | type)" end;
  need(.; "format_version"; "number"), need(.; "session"; "string"),
  need(.; "status"; "string"), need(.; "tokens"; "number"), need(.; "cost_usd"; "number"),
  need(.; "created_at"; "number"), need(.; "ended_at"; "number|null"), need(.; "files"; "array"), need(.; "events"; "array"),
  need(.; "question"; "object|null"), need(.; "resume"; "array|null"),
  (.events[] | need(.; "seq"; "number"), need(.; "at"; "number"), need(.; "kind"; "string")),
  (.events[] | select(.kind == "tool_call") | need(.; "tool_use_id"; "string"),
    need(.; "name"; "string"), need(.; "input_summary"; "string")),
  (.events[] | select(.kind == "tool_result") | need(.; "is_error"; "boolean"),
    need(.; "ms"; "number|null"), need(.; "exit_code"; "number|null")),
  (.events[] | select(.kind == "model_call") | need(.; "cost_usd"; "number"),
    need(.; "input_tokens"; "number"), need(.; "output_tokens"; "number")),
  (.events[] | select(.kind == "hook") | need(.; "event"; "string"),
    need(.; "outcome"; "string"), need(.; "cost_usd"; "number|null"),
    need(.; "tool_use_id"; "string|null"))'

bad=0 total=0 rc=0
listed=$("${coord[@]}" sessions --since "$since" --json "$@") || rc=$?
if [ "$rc" -ne 0 ]; then # (an error's JSON, or a list with not_files: exit 4)
  jq -r '"coord sessions: \(.error // "exit '"$rc"'")"' <<<"$listed" >&2 || true
  exit "$rc"
fi
for session in $(jq -r '.[].session' <<<"$listed"); do
  "${coord[@]}" log "$session" --json >"$log"
  problems=$(jq -r "$check" "$log")
  if [ -n "$problems" ]; then # what the page says differs: the lines below may not read
    echo "$(jq -r .session "$log"):"
    echo "$problems" | sed 's/^/  MISMATCH /'
    bad=1 total=$((total + 1))
    continue
  fi
  jq -r '"\(.session) \(.status) \(.created_at | todate) \(if .ended_at then
    "took \(.ended_at - .created_at | round)s" else "not ended" end) $\(.cost_usd) \(.tokens) tokens"' "$log"
  jq -r '.events[] | select(.kind == "tool_call") | "  tool \(.name): \(.input_summary)"' "$log"
  jq -r '.events[] | select(.kind == "hook")
    | "  hook \(.event) \(.outcome) \(.command) $\(.cost_usd // 0)"' "$log"
  jq -r '.events | map(select(.kind == "model_call"))
    | "  model calls: \(length), $\(map(.cost_usd) | add // 0 | . * 1e6 | round / 1e6)"' "$log"
  total=$((total + 1))
done
echo "audited $total sessions"
exit "$bad"
