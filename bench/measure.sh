# Sourced by bench/run.sh and bench/restore-matrix.sh, after they set $work (a scratch folder)
# and $pid (the influxd they started).

server_cpu() { awk '{print ($14 + $15) / 100}' "/proc/$pid/stat"; }

# measure CMD...: sets wall (s), rss (MiB, peak), cpu (the command's user + sys s) and scpu (the
# server's CPU s meanwhile); a failing command stops the benchmark with its stderr.
measure() {
  local before after
  before=$(server_cpu)
  /usr/bin/time -f '%e %M %U %S' -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
  after=$(server_cpu)
  read -r wall rss user sys < "$work/time"
  cpu=$(echo "$user + $sys" | bc); scpu=$(echo "$after - $before" | bc); rss=$(echo "$rss / 1024" | bc -l)
}
