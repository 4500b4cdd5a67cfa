#!/usr/bin/env bash
# A CI job that answers coord's questions from a file (docs/commands.md, "JSON field names").
#   examples/scripts/ci-resume.sh "REQUEST" ANSWERS [coord run options...]
# ANSWERS: lines `WORD<TAB>answer`; a question whose blocker or required text holds WORD
# (any case) gets that answer. Exit 0 complete, else coord's code (README, "Exit codes").
# Offline: add `--script FILE` (docs/scripted-provider.md). COORD overrides the command.
set -euo pipefail
request=$1 answers=$2
shift 2
read -r -a coord <<<"${COORD:-coord}"
out=$(mktemp) answer=$(mktemp)
trap 'rm -f "$out" "$answer"' EXIT

rc=0
"${coord[@]}" run "$request" --json "$@" >"$out" || rc=$?
for _ in $(seq 20); do # a bound: each answer may raise another question
  case $rc in
  3) # waiting: for a person (question), else for a budget or held call (waiting_for)
    if [ "$(jq -r '.question == null' "$out")" = true ]; then
      echo "waiting without a question: $(jq -r '.waiting_for.reason' "$out")" >&2
      exit 3
    fi
    asked=$(jq -r '.question | "\(.blocker) \(.required)"' "$out")
    echo "asked: $asked" >&2
    : >"$answer"
    while IFS=$'\t' read -r word text; do
      if [ -n "$word" ] && grep -qiF -- "$word" <<<"$asked"; then
        printf '%s\n' "$text" >"$answer"
        break
      fi
    done <"$answers"
    if [ ! -s "$answer" ]; then
      echo "no answer in $answers for: $asked" >&2
      exit 3
    fi
    mapfile -t again < <(jq -r '.resume[1:][]' "$out") # resume ID --question QID --context -
    rc=0
    "${coord[@]}" "${again[@]}" --json <"$answer" >"$out" || rc=$?
    ;;
  75) # an outage outlasted the retries: continue from the last stored step
    mapfile -t again < <(jq -r '.resume[1:][]' "$out")
    rc=0
    "${coord[@]}" "${again[@]}" --json >"$out" || rc=$?
    ;;
  *) break ;;
  esac
done
session=$(jq -r '.session // empty' "$out") # an error before a session started: none
if [ -n "$session" ]; then
  echo "session $session: $(jq -r '.status' "$out") (exit $rc)"
else
  echo "no session was started (exit $rc)"
fi
jq -r '(.files // [])[] | "changed: \(.)"' "$out" # (an error has none)
if [ "$rc" -ne 0 ]; then
  jq -r '"reason: \(.reason // .error)"' "$out" >&2
fi
exit "$rc"
