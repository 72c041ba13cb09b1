#!/usr/bin/env bash
# docs/architecture.md shows the include graph as the headers have it, and
# no edge goes up the layer order. Usage: include_graph.sh ROOT
set -euo pipefail
root="${1:?usage: include_graph.sh ROOT}"
actual="$(bash "$root/cmake/scripts/include_graph.sh" "$root/include")"
documented="$(sed -n '/<!-- include-graph -->/,/<!-- \/include-graph -->/p' "$root/docs/architecture.md" | grep -- ' -> ' || true)"
if [ "$actual" != "$documented" ]; then
  echo "docs/architecture.md's include graph differs from the headers:"
  diff <(echo "$documented") <(echo "$actual") || true
  exit 1
fi
rank() {
  case "$1" in
    format|detail) echo 0 ;; traits) echo 1 ;; image|flash|builder) echo 2 ;;
    layout|deploy|boot) echo 3 ;; boards|micropython) echo 4 ;; romfs) echo 5 ;; *) echo 99 ;;
  esac
}
status=0
while read -r from _ to; do
  if [ "$(rank "$from")" -le "$(rank "$to")" ]; then
    echo "layering: $from includes $to, which is not below it"
    status=1
  fi
done <<< "$actual"
[ $status = 0 ] && echo "include graph: $(echo "$actual" | wc -l) edges, as documented, all downward"
exit $status
