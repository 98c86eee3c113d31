#!/bin/sh
# Makes what QEMU boots the guest with, into DIR (never into /boot, never touching /etc):
#  - initrd.img-VERSION: Debian's own initramfs-tools, with a configuration of its own holding
#    only what mounting the host's root over 9p needs, and without udev (its coldplug took
#    15-20 s of an emulated CPU; the few modules listed here are loaded by name instead);
#  - vmlinux-VERSION: the kernel unpacked from /boot/vmlinuz-VERSION, which QEMU boots through
#    its PVH entry: an emulated CPU took 20-25 s to unpack the XZ image itself. Left out where
#    the image is not XZ: the guest then boots /boot/vmlinuz-VERSION.
# Usage: initrd.sh VERSION DIR
set -eu
kver=$1 dir=$2
conf=$(mktemp -d)
trap 'rm -rf "$conf"' EXIT
cp -r /etc/initramfs-tools/. "$conf"/
sed -i -e 's/^MODULES=.*/MODULES=list/' -e 's/^COMPRESS=.*/COMPRESS=gzip/' "$conf/initramfs.conf"
# loaded in this order at boot; their dependencies (virtio, netfs...) come along
printf '%s\n' virtio_pci 9pnet 9pnet_virtio 9p >"$conf/modules"
mkdir -p "$conf/hooks"
cat >"$conf/hooks/zz-no-udev" <<'HOOK'
#!/bin/sh
[ "${1:-}" = prereqs ] && { echo udev; exit 0; }
rm -f "$DESTDIR/scripts/init-top/udev" "$DESTDIR/scripts/init-bottom/udev"   # the guest's init mounts /dev
HOOK
chmod +x "$conf/hooks/zz-no-udev"
mkdir -p "$dir"
mkinitramfs -d "$conf" -o "$dir/initrd.img-$kver.new" "$kver"
mv "$dir/initrd.img-$kver.new" "$dir/initrd.img-$kver"

image=/boot/vmlinuz-$kver
offset=$(LC_ALL=C grep -aobUP '\xFD7zXZ\x00' "$image" | head -n 1 | cut -d: -f1)
if [ -n "$offset" ] && tail -c +"$((offset + 1))" "$image" | xz -dcq --single-stream >"$dir/vmlinux-$kver.new"; then
    mv "$dir/vmlinux-$kver.new" "$dir/vmlinux-$kver"
else
    rm -f "$dir/vmlinux-$kver.new"
fi
