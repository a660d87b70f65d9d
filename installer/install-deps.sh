#!/usr/bin/env bash
# Installs exactly the Debian packages DeepSeek Workbench builds against (Debian 12 / Ubuntu 22.04+).
# The CUDA 13 toolkit (nvcc, cuBLAS, cuDNN 9) is not a Debian package: when /usr/local/cuda exists
# the build uses it, otherwise it builds without CUDA.
#   installer/install-deps.sh          install what is missing (uses sudo when not root)
#   installer/install-deps.sh --check  exit 0 when everything is present, 1 otherwise
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  qt6-base-dev qt6-qpa-plugins qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n libgl-dev
  libqcustomplot-dev
  libsqlite3-dev libspdlog-dev nlohmann-json3-dev libpcre2-dev libopenblas-dev libsentencepiece-dev
  libcpp-httplib-dev
  poppler-utils
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [[ "${1:-}" == "--check" ]]; then
  [[ ${#missing[@]} -eq 0 ]] && exit 0
  echo "missing packages: ${missing[*]}"
  exit 1
fi

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
