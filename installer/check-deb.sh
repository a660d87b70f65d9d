#!/usr/bin/env bash
# Installs the workbench's .deb on a clean Debian 12 root and checks it — a manual release step,
# not part of CI (it needs root, a Debian mirror and about 1.5 GB of disk). docs/packaging.md
# records the last result.
#
#   sudo installer/check-deb.sh [path/to/dsw_VERSION_ARCH.deb]
#
# Without a path it builds the package first (build-deb/, Release, no tests, no CUDA). Then:
#   1. debootstrap --variant=minbase bookworm into $DSW_CHECK_ROOT (default /tmp/dsw-deb-check);
#      the tools the checks use (desktop-file-utils, appstream) are installed before the baseline
#   2. apt-get install ./dsw_*.deb inside the chroot (pulls the runtime dependencies)
#   3. dsw and dsw-cli are on the PATH; dsw --version names the bundled model; the desktop entry
#      and AppStream metadata validate; the icon is there; the headless demo runs; dsw-cli bench
#      on the bundled model and dsw --export-report (offscreen) work; the window (offscreen)
#      opens the bundled model, as its job history shows
#   4. apt-get purge + autoremove remove every file the package installed and add none (outside
#      dpkg/apt's own state, caches, logs, /tmp and the user's home) but the few that systemd — a
#      recommended dependency of Qt's D-Bus — leaves by design
#   5. the same with --no-install-recommends: the file lists before and after match exactly
# Every check prints PASS or FAIL; the script exits 1 if any failed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=${DSW_CHECK_ROOT:-/tmp/dsw-deb-check}
mirror=${DSW_DEBIAN_MIRROR:-http://deb.debian.org/debian}
deb=${1:-}
[[ $(id -u) -eq 0 ]] || { echo "check-deb: run as root (debootstrap and chroot need it)" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "check-deb: needs debootstrap (apt-get install debootstrap)" >&2; exit 2; }

if [[ -z "$deb" ]]; then
  echo "== building the package (build-deb/) =="
  cmake -S . -B build-deb -G Ninja -DCMAKE_BUILD_TYPE=Release -DDSW_BUILD_TESTS=OFF -DDSW_WITH_CUDA=OFF >/dev/null
  cmake --build build-deb --target package
  deb=$(ls -t build-deb/dsw_*.deb | head -1)
fi
deb=$(readlink -f "$deb")
echo "== package: $deb ($(du -h "$deb" | cut -f1)) =="
dpkg-deb --info "$deb" | sed -n '/Package:/,/Description:/p'

failures=0
check() {  # check NAME COMMAND...
  local name=$1
  shift
  if "$@"; then echo "PASS  $name"; else echo "FAIL  $name"; failures=$((failures + 1)); fi
}
in_root() { chroot "$root" env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
cleanup() {
  umount "$root/dev/pts" 2>/dev/null || true
  umount "$root/proc" 2>/dev/null || true
}
trap cleanup EXIT

echo "== 1. a clean Debian 12 root: $root =="
cleanup
rm -rf "$root"
debootstrap --variant=minbase bookworm "$root" "$mirror" >/tmp/dsw-debootstrap.log 2>&1 || { tail -20 /tmp/dsw-debootstrap.log; exit 1; }
mount -t proc proc "$root/proc"
mount -t devpts devpts "$root/dev/pts"
cp /etc/resolv.conf "$root/etc/resolv.conf"
in_root apt-get update -qq
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends desktop-file-utils appstream >/dev/null
snapshot() {
  chroot "$root" find / -xdev \( -path /proc -o -path /sys -o -path /dev -o -path /tmp -o -path /root -o -path /run \
    -o -path /var/cache -o -path /var/lib/apt -o -path /var/lib/dpkg -o -path /var/log -o -path /etc/ld.so.cache \) -prune -o -print | sort
}
snapshot >/tmp/dsw-files-before.txt
echo "   $(wc -l </tmp/dsw-files-before.txt) files before the install"

echo "== 2. apt-get install ./$(basename "$deb") =="
cp "$deb" "$root/tmp/"
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "./tmp/$(basename "$deb")" >/tmp/dsw-apt-install.log 2>&1 ||
  { tail -30 /tmp/dsw-apt-install.log; exit 1; }
grep -E "newly installed|^Need to get|After this operation" /tmp/dsw-apt-install.log | sed 's/^/   /'

echo "== 3. checks =="
check "dsw and dsw-cli on the PATH" in_root sh -c 'command -v dsw && command -v dsw-cli'
in_root dsw --version | sed 's/^/   /'
check "dsw --version names the bundled model" sh -c "chroot '$root' dsw --version | grep -qx 'bundled demo model: /usr/share/deepseek-workbench/demo-model'"
check "dsw-cli --help" in_root sh -c 'dsw-cli --help >/dev/null'
check "desktop entry validates" in_root desktop-file-validate /usr/share/applications/org.deepseek_workbench.Workbench.desktop
check "AppStream metadata validates" in_root appstreamcli validate --no-net /usr/share/metainfo/org.deepseek_workbench.Workbench.metainfo.xml
check "icon installed" test -s "$root/usr/share/icons/hicolor/scalable/apps/org.deepseek_workbench.Workbench.svg"
check "documentation installed" test -s "$root/usr/share/doc/deepseek-workbench/README.md"
check "headless demo runs" in_root sh -c '/usr/share/deepseek-workbench/headless-demo >/tmp/demo.log 2>&1'
sed -n '1,6p' "$root/tmp/demo.log" | sed 's/^/   /'
check "dsw-cli bench on the bundled model" in_root sh -c \
  'dsw-cli bench /usr/share/deepseek-workbench/demo-model --prompt-tokens 16 --gen-tokens 4 --reps 1 --label installed --db /tmp/check.db >/tmp/bench.log 2>&1'
check "dsw --export-report (offscreen)" in_root sh -c \
  'dsw --export-report --db /tmp/check.db --all --out /tmp/report.html && grep -q installed /tmp/report.html'
# The window itself, offscreen, for a few seconds: it opens the bundled model (its load job is in
# the history it was given), then the timeout ends it.
in_root sh -c 'QT_QPA_PLATFORM=offscreen timeout 20 dsw --db /tmp/gui.db >/tmp/gui.log 2>&1; true'
check "the window opens the bundled model" sh -c "chroot '$root' dsw-cli store --db /tmp/gui.db jobs | grep -Eq 'load +succeeded .*Load demo-model'"

echo "== 4. apt-get purge, autoremove =="
in_root dpkg -L deepseek-workbench >/tmp/dsw-package-files.txt
in_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq deepseek-workbench >/dev/null 2>&1
in_root env DEBIAN_FRONTEND=noninteractive apt-get autoremove --purge -y -qq >/dev/null 2>&1
snapshot >/tmp/dsw-files-after.txt
# Every file and folder the package installed is gone (folders it shares with others, /usr/share
# and the like, stay).
left_over() {
  while read -r f; do
    if [[ -e "$root$f" || -L "$root$f" ]] && [[ ! -d "$root$f" || "$f" == *deepseek-workbench* ]]; then echo "$f"; fi
  done </tmp/dsw-package-files.txt
}
check "none of the package's files left" test -z "$(left_over)"
# And nothing else new. The dependencies' own leftovers are Debian's design, not the package's:
# systemd (pulled in through Qt's D-Bus recommends) leaves /etc/machine-id, /etc/mtab, its state
# folders and the shadow backups its users' creation made, even when purged.
grep -vxE '/etc/(machine-id|mtab|shadow-|gshadow-|passwd-|group-|subuid-|subgid-)|/var/lib/(private|systemd(/.*)?)' \
  <(comm -13 /tmp/dsw-files-before.txt /tmp/dsw-files-after.txt) >/tmp/dsw-files-new.txt || true
comm -13 /tmp/dsw-files-before.txt /tmp/dsw-files-after.txt | grep -xE '/etc/(machine-id|mtab|shadow-|gshadow-|passwd-|group-|subuid-|subgid-)|/var/lib/(private|systemd(/.*)?)' |
  sed 's/^/   left by systemd (a dependency): /' || true
check "no other file added" test ! -s /tmp/dsw-files-new.txt
cat /tmp/dsw-files-new.txt
check "no file removed" test -z "$(comm -23 /tmp/dsw-files-before.txt /tmp/dsw-files-after.txt)"

echo "== 5. again without recommended packages (no systemd): the file lists match exactly =="
snapshot >/tmp/dsw-files-before2.txt
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "./tmp/$(basename "$deb")" >/tmp/dsw-apt-install2.log 2>&1
grep -E "newly installed" /tmp/dsw-apt-install2.log | sed 's/^/   /'
check "dsw --version (minimal install)" in_root sh -c 'dsw --version >/dev/null'
check "headless demo (minimal install)" in_root sh -c '/usr/share/deepseek-workbench/headless-demo >/dev/null 2>&1'
in_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq deepseek-workbench >/dev/null 2>&1
in_root env DEBIAN_FRONTEND=noninteractive apt-get autoremove --purge -y -qq >/dev/null 2>&1
snapshot >/tmp/dsw-files-after2.txt
check "nothing left behind (minimal install)" diff /tmp/dsw-files-before2.txt /tmp/dsw-files-after2.txt

echo "== $([[ $failures -eq 0 ]] && echo "all checks passed" || echo "$failures check(s) failed") =="
[[ $failures -eq 0 ]]
