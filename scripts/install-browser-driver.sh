#!/usr/bin/env bash
# Installs Debian's chromedriver (package chromium-driver), which the browser tests drive through
# Selenium; does nothing when `chromedriver` is already on the PATH.
set -euo pipefail

command -v chromedriver >/dev/null 2>&1 && exit 0
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
echo "installing chromium-driver (Debian package)"
as_root apt-get -o DPkg::Lock::Timeout=600 update -qq
DEBIAN_FRONTEND=noninteractive as_root apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
    --no-install-recommends chromium-driver >/dev/null
