#!/usr/bin/env bash
# The page-rendering test converts the report and the workbook with LibreOffice (headless) and renders the
# PDF with pdftoppm: this installs them with apt when they are missing, as ensure-postgres.sh does for the
# database tests. If apt cannot, `make test` stops here and says why.
set -euo pipefail
if command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then
  exit 0
fi
echo "LibreOffice or pdftoppm is missing: installing libreoffice-calc, libreoffice-writer, poppler-utils with apt-get" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo -n"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
  libreoffice-calc libreoffice-writer poppler-utils fonts-liberation >/dev/null
