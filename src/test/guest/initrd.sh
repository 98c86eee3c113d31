#!/bin/sh
# Builds the guest's initramfs to OUT (never into /boot, never touching /etc): Debian's own
# initramfs-tools, with a configuration of its own that holds only what mounting the host's
# root over 9p needs. Usage: initrd.sh KERNEL-VERSION OUT
set -eu
kver=$1 out=$2
conf=$(mktemp -d)
trap 'rm -rf "$conf"' EXIT
cp -r /etc/initramfs-tools/. "$conf"/
sed -i -e 's/^MODULES=.*/MODULES=list/' -e 's/^COMPRESS=.*/COMPRESS=gzip/' "$conf/initramfs.conf"
# loaded in this order at boot; their dependencies (virtio, netfs...) come along
printf '%s\n' virtio_pci 9pnet 9pnet_virtio 9p >"$conf/modules"
mkdir -p "$(dirname "$out")"
mkinitramfs -d "$conf" -o "$out.new" "$kver"
mv "$out.new" "$out"
