#!/usr/bin/env bash
# The page-rendering test converts the report and the workbook with LibreOffice (headless) and renders the
# PDF with pdftoppm: this installs them with apt when they are missing. If apt cannot (no root, no network),
# it says so and goes on; that one test is then skipped.
set -uo pipefail
if command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then
  exit 0
fi
echo "LibreOffice or pdftoppm is missing: installing libreoffice-calc, libreoffice-writer, poppler-utils with apt-get" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo -n"
if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
      libreoffice-calc libreoffice-writer poppler-utils fonts-liberation >/dev/null; }; then
  echo "Could not install LibreOffice: the page-rendering test will be skipped" >&2
fi
exit 0
