#!/usr/bin/env bash
# Run a batch, answer each question it left from a file, then summarise the day.
#   examples/scripts/batch-resume.sh TASKS.yaml ANSWERS [coord run options...]
# ANSWERS as ci-resume.sh's (WORD<TAB>answer). COORD overrides the command.
set -euo pipefail
tasks=$1 answers=$2
shift 2
read -r -a coord <<<"${COORD:-coord}"
out=$(mktemp) answer=$(mktemp)
trap 'rm -f "$out" "$answer"' EXIT

rc=0
"${coord[@]}" run --batch "$tasks" --json "$@" >"$out" || rc=$?
if [ "$(jq -r 'has("items")' "$out" 2>/dev/null)" != true ]; then # an error: no batch ran
  jq -r '"error: \(.error)"' "$out" >&2 || true
  exit "$((rc == 0 ? 1 : rc))"
fi
echo "batch: exit $rc, $(jq '.items | length' "$out") items" >&2
worst=0
severest() { # the batch's order (README, "Exit codes"): 4 > 1 > 75 > 3 > 2 > 0
  for code in 4 1 75 3 2; do
    if [ "$1" = "$code" ] || [ "$2" = "$code" ]; then echo "$code" && return; fi
  done
  echo 0
}
# each item waiting for a person: answer it, and go on as ci-resume.sh does
while IFS=$'\t' read -r index session; do
  asked=$(jq -r --argjson i "$index" '.items[$i].question | "\(.blocker) \(.required)"' "$out")
  text=$(awk -F'\t' -v q="${asked,,}" 'index(q, tolower($1)) && $1 != "" {print $2; exit}' "$answers")
  if [ -z "$text" ]; then
    echo "#$index $session: no answer for: $asked" >&2
    worst=3
    continue
  fi
  printf '%s\n' "$text" >"$answer"
  mapfile -t again < <(jq -r --argjson i "$index" '.items[$i].resume[1:][]' "$out")
  code=0
  "${coord[@]}" "${again[@]}" --json <"$answer" >"$out.one" || code=$?
  echo "#$index $session: answered, now $(jq -r .status "$out.one") (exit $code)"
  jq -r '(.files // [])[] | "  changed: \(.)"' "$out.one"
  worst=$(severest "$worst" "$code")
done < <(jq -r '.items[] | select(.exit_code == 3 and .question != null) | "\(.index)\t\(.session)"' "$out")
rm -f "$out.one"
# the others, those waiting for no person (a budget, a held call: waiting_for) among them
jq -r '.items[] | select(.exit_code != 3 or .question == null)
  | "#\(.index) \(.session // "no session"): \(.status) (exit \(.exit_code))\(if .waiting_for then
    ", waiting for \(.waiting_for.reason)" elif .error then ": \(.error)" else "" end)",
    ((.files // [])[] | "  changed: \(.)")' "$out"
if [ "$(jq '[.items[] | select(.exit_code == 3 and .question == null)] | length' "$out")" -gt 0 ]; then
  worst=$(severest "$worst" 3) # no answer ends those waits
fi

echo "--- sessions of today"
"${coord[@]}" sessions --since today --json --here |
  jq -r '.[] | "\(.session) \(.status) \(.agent) \(.tokens) tokens $\(.cost_usd)"'
echo "--- spend by agent"
"${coord[@]}" stats --since today --json --here |
  jq -r '.[] | "\(.day) \(.agent) \(.model): \(.runs) runs, $\(.cost_usd)"'
[ "$rc" -eq 3 ] && rc=0 # each wait is counted above: answered, what it ended with
exit "$(severest "$worst" "$rc")"
