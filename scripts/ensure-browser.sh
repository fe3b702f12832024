#!/usr/bin/env bash
# The board's browser tests drive Debian's chromium through its chromedriver (Selenium): this installs them with
# apt when they are missing, as ensure-postgres.sh does for the database tests (Playwright's own browser download
# cannot be reached here). If apt cannot, `make test` stops here and says why.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
echo "chromium or its driver is missing: installing chromium and chromium-driver with apt-get" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo -n"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver \
  fonts-dejavu-core >/dev/null
