#!/usr/bin/env bash
# Tests Cổng's FerretDB build (ADR 0004) without touching the shared local server: builds a private
# copy the way ../lib/servers/mongo.mjs does (patchedFerretdb: FerretDB from the Go module cache, the patch,
# pushdown/*_id.go added to their packages as cong_*.go), runs the Go unit tests of testdata/
# inside FerretDB's packages, then starts the binary on a free loopback port with a data directory
# of its own and runs the driver-level test (infra/local/test/mongo-pushdown.test.ts) against it.
#
#   infra/local/ferretdb/pushdown-test.sh            unit tests + driver test on 127.0.0.1:27117
#   PORT=27118 infra/local/ferretdb/pushdown-test.sh another port
#   infra/local/ferretdb/pushdown-test.sh --serve    …then keep the server running (prints its pid,
#                                                    URL and folder; kill the pid when done)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
port=${PORT:-27117}
serve=false
[ "${1:-}" = "--serve" ] && serve=true

patch_file=$(cd "$here/pushdown" && ls ferretdb-v*.patch)
version=${patch_file#ferretdb-}
version=${version%.patch}
out=$(mktemp -d /tmp/cong-ferretdb-test.XXXXXX)
copy=$out/ferretdb

dir=$(cd "$here" && go mod download -json "github.com/FerretDB/FerretDB@$version" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
cp -r "$dir" "$copy"
chmod -R u+w "$copy"
(cd "$copy" && patch -p1 --forward --no-backup-if-mismatch --quiet -i "$here/pushdown/$patch_file")

# the package of each file, by its prefix (as in ../lib/servers/mongo.mjs)
pkg() {
  case "$1" in
  backends_*) echo backends ;;
  sqlite_*) echo backends/sqlite ;;
  handler_*) echo handler ;;
  *) echo "no package of FerretDB is named by the prefix of $1" >&2 && exit 1 ;;
  esac
}
for f in "$here"/pushdown/*.go "$here"/testdata/*_test.go; do
  b=$(basename "$f")
  cp "$f" "$copy/internal/$(pkg "$b")/cong_$b"
done

echo "== unit tests (testdata/) in FerretDB's packages"
# FerretDB's own test helpers look for the repository root (.git) and a version file
mkdir -p "$copy/.git"
echo "$version" >"$copy/build/version/version.txt"
(cd "$copy" && go test -count=1 -run '^TestCong' ./internal/backends/ ./internal/backends/sqlite/)

echo "== build"
{ cat "$here/go.mod"; echo; echo "replace github.com/FerretDB/FerretDB $version => $copy"; } >"$out/build.mod"
cp "$here/go.sum" "$out/build.sum"
(cd "$here" && go build -trimpath -modfile "$out/build.mod" -o "$out/cong-ferretdb" .)

if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "127.0.0.1:$port is in use; set PORT to a free one" >&2
  exit 1
fi
"$out/cong-ferretdb" -listen "127.0.0.1:$port" -data "$out/data" >"$out/ferretdb.log" 2>&1 &
pid=$!
for _ in $(seq 50); do (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.2; done

status=0
echo "== driver test against mongodb://127.0.0.1:$port (log: $out/ferretdb.log)"
(cd "$root" && MONGO_URL="mongodb://127.0.0.1:$port" pnpm exec jest infra/local/test/mongo-pushdown.test.ts) || status=$?

if $serve && [ $status -eq 0 ]; then
  echo "serving: pid $pid, MONGO_URL=mongodb://127.0.0.1:$port, folder $out (kill $pid; rm -r $out)"
  exit 0
fi
kill "$pid"
wait "$pid" 2>/dev/null || true
[ $status -eq 0 ] && rm -rf "$out"
exit $status
