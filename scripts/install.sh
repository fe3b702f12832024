#!/usr/bin/env bash
# `make install`: a venv with the project (editable) and its dev tools, installed by uv.
#   scripts/install.sh VENV [more `uv pip install` options, e.g. --no-deps]
# uv resolves and installs the same releases as pip, from the same index, in seconds where pip took a minute
# and a half on a fresh clone (most of it unpacking and compiling every module of every package, one by one).
# Where no `uv` is on the PATH, it is installed once into .tools/ (a wheel with one binary, from the index).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${1:?"usage: scripts/install.sh VENV [uv pip install options]"}
shift
PYTHON=${PYTHON:-python3}
pip_route() {  # the former way, where uv cannot be had or cannot reach the index
  "$PYTHON" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --upgrade pip
  "$venv/bin/python" -m pip install --quiet "$@" -e '.[dev]'
}
uv=$(command -v uv || true)
if [ -z "$uv" ]; then
  uv=.tools/uv/bin/uv
  if [ ! -x "$uv" ] && ! PIP_ROOT_USER_ACTION=ignore "$PYTHON" -m pip install -qq --disable-pip-version-check \
      --target .tools/uv 'uv>=0.5,<1'; then
    echo "uv could not be installed: installing with pip instead (slower)" >&2
    pip_route "$@"
    exit 0
  fi
fi
# --seed: the venv has its own pip, for whoever adds a package by hand (the README's PostgreSQL driver)
if ! { "$uv" venv --quiet --seed --allow-existing --python "$PYTHON" "$venv" \
       && "$uv" pip install --quiet --python "$venv/bin/python" "$@" -e '.[dev]'; }; then
  echo "uv could not install the project: installing with pip instead (slower)" >&2
  pip_route "$@"
fi
