#!/usr/bin/env bash
# The Debian packages the test suite needs beyond Python: chromium (browser tests, and the PNG/ZIP exports through
# kaleido), postgresql (its server binaries; the tests start their own server), fonts-dejavu-core (the text in
# the exported PNGs and the meeting pack), libzbar0 (pyzbar decodes the pack's QR codes) and poppler-utils
# (pdftoppm renders the pack's PDF pages to PNG). `make test` runs this first. All present: prints nothing, exit 0. Some missing: as root,
# installs them with apt-get (exit 0, or 1 if they are still missing); otherwise one sentence naming them and the
# command that installs them, exit 2, so pytest never starts without them.
#
# The paths checked, each overridable from the environment (tests/unit/test_system_packages.py uses this):
#   BROWSER_PATH  the Chromium executable (default /usr/bin/chromium; the browser tests and kaleido read it too)
#   PG_CTL_GLOB   PostgreSQL's pg_ctl     (default /usr/lib/postgresql/*/bin/pg_ctl)
#   DEJAVU_FONT   a DejaVu font           (default /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf)
#   ZBAR_GLOB     the zbar library        (default /usr/lib/*/libzbar.so.0)
#   PDFTOPPM      poppler's pdftoppm      (default /usr/bin/pdftoppm)
# chromium-driver is not needed: Playwright and kaleido drive Chromium directly.
set -euo pipefail

chromium=${BROWSER_PATH:-/usr/bin/chromium}
pg_ctl_glob=${PG_CTL_GLOB:-/usr/lib/postgresql/*/bin/pg_ctl}
font=${DEJAVU_FONT:-/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf}
zbar_glob=${ZBAR_GLOB:-/usr/lib/*/libzbar.so.0}
pdftoppm=${PDFTOPPM:-/usr/bin/pdftoppm}

check() {
  need=()
  [ -x "$chromium" ] || need+=(chromium)
  local pg_ctl found=
  for pg_ctl in $pg_ctl_glob; do [ -x "$pg_ctl" ] && found=1; done
  [ -n "$found" ] || need+=(postgresql)
  [ -f "$font" ] || need+=(fonts-dejavu-core)
  local zbar zbar_found=
  for zbar in $zbar_glob; do [ -f "$zbar" ] && zbar_found=1; done
  [ -n "$zbar_found" ] || need+=(libzbar0)
  [ -x "$pdftoppm" ] || need+=(poppler-utils)
}

check
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "The tests need system packages that are missing (${need[*]}): install them with" \
    "\`sudo apt-get install -y ${need[*]}\` and run make test again." >&2
  exit 2
fi

echo "Installing system packages for the tests: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}"
if [[ " ${need[*]} " == *" postgresql "* ]] && command -v pg_ctlcluster >/dev/null; then
  # Debian starts a cluster on install; the tests start their own server, so stop it.
  for version in $(ls /etc/postgresql 2>/dev/null); do pg_ctlcluster "$version" main stop 2>/dev/null || true; done
fi

check
if [ ${#need[@]} -gt 0 ]; then
  echo "Still missing after apt-get install: ${need[*]}." >&2
  exit 1
fi
