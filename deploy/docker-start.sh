#!/bin/sh
# The container's start: bring the schema up to date (and load the bundled plan into an empty database),
# then become the bot. NHACVIEC_SKIP_INIT=1 when a separate one-shot service has done it (compose.yaml).
set -e
if [ "${NHACVIEC_SKIP_INIT:-0}" != "1" ]; then
    nhacviec init
fi
exec nhacviec run
