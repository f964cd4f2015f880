#!/usr/bin/env bash
# Installs, idempotently, the programs that read the export formats in the tests: LibreOffice
# Impress and poppler (PPTX -> PDF -> pages and text), Node with mermaid-cli (Mermaid -> SVG,
# through Debian's Chromium) and the D2 compiler, the last two into .cache/node.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-impress)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]} (Debian packages)"
    as_root apt-get -o DPkg::Lock::Timeout=600 update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
        --no-install-recommends "${missing[@]}" >/dev/null
fi

node_dir=.cache/node
if [ ! -x "$node_dir/node_modules/.bin/mmdc" ] || [ ! -e "$node_dir/node_modules/@terrastruct/d2" ]; then
    echo "installing mermaid-cli and the D2 compiler into $node_dir (npm)"
    mkdir -p "$node_dir"
    PUPPETEER_SKIP_DOWNLOAD=1 npm install --silent --no-audit --no-fund --prefix "$node_dir" \
        @mermaid-js/mermaid-cli @terrastruct/d2 >/dev/null
fi
# mermaid-cli drives Debian's Chromium, not a browser build of its own.
chromium_bin=$(command -v chromium || command -v chromium-browser || echo /usr/bin/chromium)
printf '{"executablePath": "%s", "args": ["--no-sandbox"]}\n' "$chromium_bin" \
    > "$node_dir/puppeteer.json"
