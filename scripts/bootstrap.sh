#!/usr/bin/env bash
# Installs what a job needs, idempotently: Debian packages, then a local virtual environment
# (.venv) with the package.
#   bash scripts/bootstrap.sh render   Graphviz and fonts; the package alone (the main job)
#   bash scripts/bootstrap.sh [test]   also Chromium, and the package with its dev extras
set -euo pipefail
cd "$(dirname "$0")/.."

job=${1:-test}
case "$job" in
    render) debs=(graphviz fonts-dejavu-core); extras="" ;;
    test) debs=(graphviz fonts-dejavu-core chromium); extras="[dev]" ;;
    *) echo "usage: bash scripts/bootstrap.sh [render|test]" >&2; exit 2 ;;
esac

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
# Wait up to 10 minutes for another apt-get or dpkg (an unattended upgrade) to let go of the lock.
apt_get() { as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 "$@"; }

installed() {
    case "$1" in
        graphviz) command -v dot >/dev/null 2>&1 ;;
        chromium) command -v chromium >/dev/null 2>&1 ;;
        fonts-dejavu-core) [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] ;;
    esac
}

missing=()
for deb in "${debs[@]}"; do installed "$deb" || missing+=("$deb"); done
if [ ${#missing[@]} -gt 0 ]; then
    echo "updating the Debian package lists ..."
    apt_get update -qq
    echo "installing ${missing[*]} (Debian packages) ..."
    apt_get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    echo "creating the virtual environment .venv ..."
    "$python" -m venv .venv
fi
# Reinstall only when the project's metadata changed since the last install of these extras;
# the dev extras include everything the main job needs.
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
stamp_ok() { [ "$(cat ".venv/.mlsd-installed-$1" 2>/dev/null)" = "$want" ]; }
if { stamp_ok "$job" || { [ "$job" = render ] && stamp_ok test; }; } \
    && .venv/bin/python -c "import mlsd_diagrams" 2>/dev/null; then
    exit 0
fi
echo "installing Python packages into .venv (mlsd-diagrams${extras}; about half a minute) ..."
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extras}"
echo "$want" > ".venv/.mlsd-installed-$job"
echo "Python packages installed"
