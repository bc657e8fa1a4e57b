# Sourced by the scripts that install the Debian packages they lack (setup, aot, arm64-verify, fuzz,
# perf/serve-load). apt_install [APT-OPTION...] PACKAGE... installs them unattended and quietly, as root
# directly or else through sudo; with no package it does nothing, so callers can pass a list they built.
apt_install() {
  local packages=0 argument
  for argument in "$@"; do [[ $argument == -* ]] || packages=$((packages + 1)); done
  [ "$packages" -gt 0 ] || return 0
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
