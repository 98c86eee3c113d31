package dev.switchboard.sys;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * A terminal's modes and size straight from the kernel (termios, TIOCGWINSZ), so that a full-screen
 * program neither runs stty nor waits for an answer to a cursor query that a serial line may never
 * send.
 */
public final class Tty {
    private static final int LFLAG = 12; // offset of c_lflag in struct termios
    private static final int CC = 17; // offset of c_cc
    private static final int ISIG = 0x1;
    private static final int ICANON = 0x2;
    private static final int ECHO = 0x8;
    private static final int VTIME = 5;
    private static final int VMIN = 6;

    private final int fd;
    private byte[] saved;

    public Tty(int fd) {
        this.fd = fd;
    }

    public boolean isTerminal() {
        return LibC.INSTANCE.isatty(fd) == 1;
    }

    /** Columns and rows as the kernel knows them; empty when it says 0x0 (a serial line) or it is no terminal. */
    public Optional<int[]> size() {
        byte[] ws = new byte[8];
        if (LibC.INSTANCE.ioctl(fd, LibC.TIOCGWINSZ, ws) != 0) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(ws).order(ByteOrder.nativeOrder());
        int rows = Short.toUnsignedInt(b.getShort(0));
        int cols = Short.toUnsignedInt(b.getShort(2));
        return rows == 0 || cols == 0 ? Optional.empty() : Optional.of(new int[] {cols, rows});
    }

    public void save() throws SysException {
        saved = get();
    }

    public void restore() throws SysException {
        if (saved != null) {
            set(saved);
        }
    }

    /** Turns a local-mode flag on or off; reads one byte at a time, blocking, when canonical mode is off. */
    public void setCanonical(boolean on) throws SysException {
        byte[] t = get();
        flag(t, ICANON, on);
        t[CC + VMIN] = 1;
        t[CC + VTIME] = 0;
        set(t);
    }

    public void setEcho(boolean on) throws SysException {
        byte[] t = get();
        flag(t, ECHO, on);
        set(t);
    }

    /** Off: Ctrl-C and Ctrl-Z arrive as keys instead of signals. */
    public void setSignals(boolean on) throws SysException {
        byte[] t = get();
        flag(t, ISIG, on);
        set(t);
    }

    private static void flag(byte[] t, int bit, boolean on) {
        ByteBuffer b = ByteBuffer.wrap(t).order(ByteOrder.nativeOrder());
        int lflag = b.getInt(LFLAG);
        b.putInt(LFLAG, on ? lflag | bit : lflag & ~bit);
    }

    private byte[] get() throws SysException {
        byte[] t = new byte[64];
        if (LibC.INSTANCE.tcgetattr(fd, t) != 0) {
            throw new SysException("tcgetattr", Errno.last());
        }
        return t;
    }

    private void set(byte[] t) throws SysException {
        if (LibC.INSTANCE.tcsetattr(fd, LibC.TCSANOW, t) != 0) {
            throw new SysException("tcsetattr", Errno.last());
        }
    }
}
