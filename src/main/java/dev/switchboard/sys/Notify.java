package dev.switchboard.sys;

import java.nio.charset.StandardCharsets;

/**
 * sd_notify(3) without libsystemd: a datagram to the Unix socket systemd names in $NOTIFY_SOCKET
 * (a path, or an abstract name written with a leading '@'). Nothing happens when it is unset.
 */
public final class Notify {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;

    private Notify() {}

    /** Sends {@code state} ("READY=1", "RELOADING=1", "STOPPING=1", "STATUS=..."); false if not under systemd. */
    public static boolean send(String socket, String state) throws SysException {
        if (socket == null || socket.isEmpty()) {
            return false;
        }
        byte[] path = socket.getBytes(StandardCharsets.UTF_8);
        if (path.length > 107) {
            throw new SysException("NOTIFY_SOCKET " + socket, Errno.ENAMETOOLONG);
        }
        byte[] address = new byte[2 + path.length + 1];
        address[0] = AF_UNIX; // sa_family, little-endian
        System.arraycopy(path, 0, address, 2, path.length);
        int length = address.length;
        if (path[0] == '@') {
            address[2] = 0; // abstract namespace: a leading NUL, and no terminating one
            length--;
        }
        int fd = SysException.check(LibC.INSTANCE.socket(AF_UNIX, SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0), "socket(AF_UNIX)");
        try {
            byte[] message = state.getBytes(StandardCharsets.UTF_8);
            if (LibC.INSTANCE.sendto(fd, message, message.length, 0, address, length) < 0) {
                throw new SysException("sd_notify to " + socket, Errno.last());
            }
            return true;
        } finally {
            LibC.INSTANCE.close(fd);
        }
    }
}
