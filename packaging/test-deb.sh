#!/usr/bin/env bash
# Installs, upgrades, removes and purges a switchboard .deb on this Debian machine, for real, and
# checks each step: one line per check on standard output (ok, skip or FAIL); exit 1 if any
# failed, 2 if it refused to run. The commands' own output goes to a log, shown on failure.
#
#   sudo packaging/test-deb.sh target/switchboard_0.1.0_all.deb
#
# It refuses to touch a machine that has switchboard, or anything it leaves, already: its purge
# would destroy a real installation.
set -uo pipefail

refuse() { echo "test-deb: $*" >&2; exit 2; }

[ $# -eq 1 ] || refuse "usage: $0 DEB"
deb=$(readlink -f "$1")
[ -f "$deb" ] || refuse "$1: no such file"
[ "$(id -u)" = 0 ] || refuse "must run as root: it installs and purges the package"
command -v dpkg >/dev/null || refuse "not a Debian machine: no dpkg"
[ "$(dpkg-deb -f "$deb" Package 2>/dev/null)" = switchboard ] || refuse "$1 is not a switchboard package"

status=$(dpkg-query -W -f='${db:Status-Status}' switchboard 2>/dev/null)
case "$status" in
    "" | not-installed) ;;
    *) refuse "a switchboard package is here already ($status); this test would purge it. Remove it first if it is a test's leftover: dpkg -P switchboard" ;;
esac
for path in /etc/switchboard /var/lib/switchboard /usr/share/switchboard /usr/bin/switchboard; do
    [ ! -e "$path" ] || refuse "$path exists: something of a switchboard installation is here; this test would delete it"
done
for group in switchboard switchboard-admin; do
    ! getent group "$group" >/dev/null || refuse "group $group exists; this test would delete it"
done

export DEBIAN_FRONTEND=noninteractive
work=$(mktemp -d)
log=$work/log
failed=0
installed=
cleanup() {
    # Whatever happened, what this script installed goes.
    [ -z "$installed" ] || dpkg -P switchboard >>"$log" 2>&1
    if [ "$failed" -gt 0 ]; then
        echo "--- log of the commands ---" >&2
        cat "$log" >&2
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

report() { # report DESCRIPTION COMMAND...: runs the command, one line for its outcome
    local what=$1
    shift
    echo "+ $*" >>"$log"
    if "$@" >>"$log" 2>&1; then
        echo "ok - $what"
    else
        echo "FAIL - $what"
        failed=$((failed + 1))
        return 1
    fi
}

has_group() { getent group "$1" >/dev/null; }
no_group() { ! getent group "$1" >/dev/null; }
absent() { local p; for p; do [ ! -e "$p" ] && [ ! -L "$p" ] || { echo "still there: $p"; return 1; }; done; }
mode_group() { [ "$(stat -c '%a %G' "$1")" = "$2" ]; }
# The enable and mask links deb-systemd-helper makes under /etc/systemd/system.
unit_links() { find /etc/systemd/system -name switchboard.service 2>/dev/null | grep -q .; }
no_unit_links() { ! unit_links; }
installed_ok() { [ "$(dpkg-query -W -f='${db:Status-Abbrev}' switchboard 2>/dev/null)" = "ii " ]; }
install_deb() {
    # dpkg leaves the package unconfigured when a dependency is missing; apt then brings it
    installed=yes
    dpkg -i "$deb" || apt-get install -f -y -q
    installed_ok
}
version_matches() { # a -SNAPSHOT jar is a ~SNAPSHOT package
    local version
    version=$(dpkg-deb -f "$deb" Version)
    case "$(switchboard --version)" in "switchboard ${version%%[~+]*}"*) ;; *) return 1 ;; esac
}
changelog_current() { # its latest entry is this version: a version bump needs an entry
    local version
    version=$(dpkg-deb -f "$deb" Version)
    zcat /usr/share/doc/switchboard/changelog.gz | head -n 1 | grep -qF "switchboard (${version%%[~+]*}"
}
man_renders() { # man -l as a reader would; groff's warnings catch what it only renders oddly
    local warnings
    man -l "$1" >/dev/null || return 1
    if command -v groff >/dev/null; then
        warnings=$(zcat "$1" | groff -man -Tutf8 -ww -z 2>&1)
        [ -z "$warnings" ] || { echo "$warnings"; return 1; }
    fi
}
completion_loads() {
    bash -c 'source /usr/share/bash-completion/completions/switchboard && complete -p switchboard' |
        grep -q -- '-F _complete_switchboard switchboard$'
}
rt_proto_known() { ip -4 route show proto switchboard; }
conffile() { dpkg-query -W -f='${Conffiles}\n' switchboard | grep -q "^ $1 "; }
unit_verifies() { # warnings about the unit do not fail the command: they fail the check
    local out status
    out=$(systemd-analyze verify /lib/systemd/system/switchboard.service 2>&1)
    status=$?
    echo "$out"
    [ "$status" -eq 0 ] && ! grep -q switchboard <<<"$out"
}
edited_config_kept() { grep -qx '# edited by test-deb' /etc/switchboard/switchboard.toml; }

# The launcher's unpacked native libraries go to the test's directory, not /var/tmp; the config
# is the installed one.
export SWITCHBOARD_NATIVE_DIR=$work/native
unset SWITCHBOARD_CONFIG

report "dpkg -i $(basename "$deb")" install_deb
report "switchboard is /usr/bin/switchboard" test "$(command -v switchboard)" = /usr/bin/switchboard
report "switchboard --help exits 0" switchboard --help
report "switchboard --version is the package's" version_matches
report "the changelog's latest entry is this version" changelog_current
report "the shipped config passes switchboard check" switchboard check
report "the config is a conffile" conffile /etc/switchboard/switchboard.toml
report "the rt_protos.d name is a conffile" conffile /etc/iproute2/rt_protos.d/switchboard.conf
report "man -l switchboard.8 renders without warnings" man_renders /usr/share/man/man8/switchboard.8.gz
report "man -l switchboard.toml.5 renders without warnings" man_renders /usr/share/man/man5/switchboard.toml.5.gz
report "the bash completion loads and completes switchboard" completion_loads
report "groups switchboard and switchboard-admin exist" eval 'has_group switchboard && has_group switchboard-admin'
report "/var/lib/switchboard is 750, group switchboard" mode_group /var/lib/switchboard "750 switchboard"
report "the unit is enabled" test -L /etc/systemd/system/multi-user.target.wants/switchboard.service
if command -v ip >/dev/null; then
    report "ip knows the route protocol name switchboard" rt_proto_known
else
    echo "skip - ip knows the route protocol name switchboard: iproute2 is not installed"
fi
if ! command -v systemd-analyze >/dev/null; then
    apt-get install -y -q --no-install-recommends systemd >>"$log" 2>&1
fi
if command -v systemd-analyze >/dev/null && systemd-analyze --version >/dev/null 2>&1; then
    report "systemd-analyze verify switchboard.service" unit_verifies
else
    echo "skip - systemd-analyze verify switchboard.service: systemd-analyze cannot run here"
fi

# Upgrade path: the same package again keeps the admin's config edit, the state and the enable.
echo '# edited by test-deb' >>/etc/switchboard/switchboard.toml
touch /var/lib/switchboard/owned.toml
report "dpkg -i again (upgrade)" install_deb
report "the edited config survived the upgrade" edited_config_kept
report "the state survived the upgrade" test -f /var/lib/switchboard/owned.toml
report "the unit is still enabled" test -L /etc/systemd/system/multi-user.target.wants/switchboard.service

# Remove keeps the config; purge takes everything, including what dpkg does not know of.
touch /etc/switchboard/switchboard.toml.bak
mkdir -p /var/lib/switchboard/native
report "dpkg -r switchboard" dpkg -r switchboard
report "remove took the program and kept the config" eval 'absent /usr/bin/switchboard /usr/share/switchboard && test -f /etc/switchboard/switchboard.toml'
report "dpkg -P switchboard" dpkg -P switchboard && installed=
report "nothing is left in /usr, /etc, /var/lib" absent /usr/bin/switchboard /usr/share/switchboard /usr/share/doc/switchboard \
    /usr/share/man/man8/switchboard.8.gz /usr/share/man/man5/switchboard.toml.5.gz \
    /usr/share/bash-completion/completions/switchboard /etc/switchboard /etc/iproute2/rt_protos.d/switchboard.conf \
    /var/lib/switchboard
report "no unit file, no enable or mask link" eval 'absent /lib/systemd/system/switchboard.service && no_unit_links'
report "the groups are gone" eval 'no_group switchboard && no_group switchboard-admin'
report "dpkg -L switchboard fails" eval '! dpkg -L switchboard'

[ "$failed" -eq 0 ]
