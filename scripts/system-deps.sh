#!/usr/bin/env bash
# Debian packages the tests need: Chromium for the browser tests, pg_dump/pg_restore for the
# backup tests, faketime for the date-sensitive tests on other days, LibreOffice to prove the
# Staat's DOCX opens (tests/test_staat_formaten.py). Skips apt when everything is present.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
/sbin/ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset || missing+=(libharfbuzz-subset0)  # WeasyPrint fonts
command -v pg_dump >/dev/null 2>&1 || missing+=(postgresql-client)  # vth backup on PostgreSQL
command -v faketime >/dev/null 2>&1 || missing+=(faketime)  # the date-sensitive tests on other days
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)  # the Staat's DOCX converts
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)  # page images in docs/publicatie.md
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installeer Debian-pakketten: ${missing[*]}"
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo_cmd apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 || {
  $sudo_cmd apt-get update -q >/dev/null
  $sudo_cmd apt-get install -y -q "${missing[@]}" >/dev/null
}
