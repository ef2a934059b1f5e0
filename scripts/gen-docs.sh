#!/usr/bin/env bash
# Regenerates the shell completions (share/completions/) and the man page (share/man/influxdump.1)
# from the command definitions in Sources/InfluxDumpCLI. Run it after changing a flag or a help
# text, review the diff, commit. `swift test --filter CompletionGoldenTests` fails while the
# committed completions are stale (UPDATE_GOLDEN=1 rewrites them too).
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --product influxdump
bin="$(swift build --show-bin-path)/influxdump"
mkdir -p share/completions share/man
"$bin" --generate-completion-script bash > share/completions/influxdump.bash
"$bin" --generate-completion-script zsh > share/completions/_influxdump
"$bin" --generate-completion-script fish > share/completions/influxdump.fish

# The man page: swift-argument-parser's generate-manual plugin, which runs the built binary with
# --experimental-dump-help and writes mdoc. Debug configuration: the page does not depend on it
# and the debug build above is reused. The date is that of the last change to the CLI, so the
# page changes only when the CLI does.
date=$(git log -1 --format=%cs -- Sources/InfluxDumpCLI 2>/dev/null || true)
[ -n "$date" ] || date=$(date -u +%F)
swift package generate-manual --configuration debug --section 1 --date "$date" \
    --authors "the influxdump authors"
# The help texts' blank lines and indented EXAMPLES / EXIT CODES blocks are plain text to the
# generator: make blank lines paragraph breaks (.Pp) and indented runs literal displays, so
# groff/mandoc neither warn about empty lines nor refill the examples.
awk '
    /^$/ { if (lit) { print ".Ed"; lit = 0 } print ".Pp"; next }
    /^  / { if (!lit) { print ".Bd -literal -offset indent -compact"; lit = 1 } sub(/^  /, ""); print; next }
    { if (lit) { print ".Ed"; lit = 0 } print }
    END { if (lit) print ".Ed" }
' .build/plugins/GenerateManual/outputs/influxdump/influxdump.1 > share/man/influxdump.1
echo "wrote share/completions/{influxdump.bash,_influxdump,influxdump.fish} and share/man/influxdump.1"
