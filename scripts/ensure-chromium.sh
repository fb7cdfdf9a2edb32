#!/usr/bin/env bash
# Make sure Debian's chromium is at /usr/bin/chromium for the report's browser test.
# Installs it with apt-get when missing and this user may; otherwise says so, and the
# browser test skips. Never fails the run by itself.
set -uo pipefail

[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the browser test..." >&2
    export DEBIAN_FRONTEND=noninteractive
    if { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium; } >/tmp/newsprism-chromium-install.log 2>&1; then
        exit 0
    fi
    echo "chromium could not be installed (see /tmp/newsprism-chromium-install.log)" >&2
else
    echo "no /usr/bin/chromium and no way to install it: the browser test will skip" >&2
fi
exit 0
