# Source me: puts the project's own toolchain (.tools/bin) first on PATH.
EMM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$EMM_ROOT/.tools/bin:$EMM_ROOT/node_modules/.bin:$PATH"
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
