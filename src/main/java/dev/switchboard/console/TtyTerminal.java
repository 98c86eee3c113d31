package dev.switchboard.console;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;
import dev.switchboard.sys.SysException;
import dev.switchboard.sys.Tty;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.EnumSet;
import java.util.Set;
import sun.misc.Signal;

/**
 * Lanterna's ANSI terminal on standard input and output, with the terminal's modes set through
 * termios and its size read with TIOCGWINSZ (both via the kernel, not stty), so starting never
 * waits on a cursor-position answer: a serial line that reports 0x0 gets 80x24. SIGWINCH resizes.
 * On something that is no terminal (a pipe, a test) the mode calls do nothing.
 *
 * <p>As a VT100 ({@code vt100}) it sends only what a VT100 understands: cursor positioning,
 * erase, and SGR 0, 1, 4, 5 and 7. Lanterna would also send colour codes and their resets
 * (39, 49), SGR 22/27 to end bold or reverse, the cursor's hide and show (?25l, ?25h) and the
 * alternate screen (?1049h): a real VT100 or a serial console's emulation prints those as
 * garbage, or worse, takes them for something else.
 */
final class TtyTerminal extends UnixLikeTerminal {
    static final TerminalSize FALLBACK = new TerminalSize(80, 24);
    /** The attributes a VT100 has; SGR 0 ends them all, as it has no code to end one. */
    private static final Set<SGR> VT100_SGR = EnumSet.of(SGR.BOLD, SGR.UNDERLINE, SGR.BLINK, SGR.REVERSE);

    private final boolean vt100;
    private final EnumSet<SGR> on = EnumSet.noneOf(SGR.class); // the attributes in force, as a VT100 is told them
    private Tty tty;

    TtyTerminal(InputStream in, OutputStream out, Charset charset, boolean vt100) throws IOException {
        super(in, out, charset, CtrlCBehaviour.TRAP);
        this.vt100 = vt100;
    }

    private Tty tty() {
        if (tty == null) {
            tty = new Tty(0); // called from the superclass constructor, before fields are set
        }
        return tty;
    }

    @Override
    protected TerminalSize findTerminalSize() {
        return tty().size().map(s -> new TerminalSize(s[0], s[1])).orElse(FALLBACK);
    }

    @Override
    protected void registerTerminalResizeListener(Runnable onResize) {
        try {
            Signal.handle(new Signal("WINCH"), s -> onResize.run());
        } catch (IllegalArgumentException e) {
            // no SIGWINCH here: the size stays as it was found
        }
    }

    @Override
    protected void saveTerminalSettings() throws IOException {
        mode(() -> tty().save());
    }

    @Override
    protected void restoreTerminalSettings() throws IOException {
        mode(() -> tty().restore());
    }

    @Override
    protected void keyEchoEnabled(boolean enabled) throws IOException {
        mode(() -> tty().setEcho(enabled));
    }

    @Override
    protected void canonicalMode(boolean enabled) throws IOException {
        mode(() -> tty().setCanonical(enabled));
    }

    @Override
    protected void keyStrokeSignalsEnabled(boolean enabled) throws IOException {
        mode(() -> tty().setSignals(enabled));
    }

    @Override
    public void setForegroundColor(TextColor color) throws IOException {
        if (!vt100) {
            super.setForegroundColor(color);
        }
    }

    @Override
    public void setBackgroundColor(TextColor color) throws IOException {
        if (!vt100) {
            super.setBackgroundColor(color);
        }
    }

    @Override
    public void enableSGR(SGR sgr) throws IOException {
        if (!vt100) {
            super.enableSGR(sgr);
        } else if (VT100_SGR.contains(sgr) && on.add(sgr)) {
            super.enableSGR(sgr);
        }
    }

    /** As a VT100: everything off (SGR 0), then on again what stays. */
    @Override
    public void disableSGR(SGR sgr) throws IOException {
        if (!vt100) {
            super.disableSGR(sgr);
        } else if (on.remove(sgr)) {
            EnumSet<SGR> stay = EnumSet.copyOf(on);
            resetColorAndSGR();
            for (SGR s : stay) {
                enableSGR(s);
            }
        }
    }

    @Override
    public void resetColorAndSGR() throws IOException {
        on.clear();
        super.resetColorAndSGR();
    }

    @Override
    public void setCursorVisible(boolean visible) throws IOException {
        if (!vt100) {
            super.setCursorVisible(visible);
        }
    }

    /** A VT100 has no alternate screen: the console draws on the one screen there is. */
    @Override
    public void enterPrivateMode() throws IOException {
        if (!vt100) {
            super.enterPrivateMode();
        }
    }

    /** As a VT100: the screen is left blank, the cursor home, so the shell's prompt comes on a clean screen. */
    @Override
    public void exitPrivateMode() throws IOException {
        if (!vt100) {
            super.exitPrivateMode();
            return;
        }
        resetColorAndSGR();
        clearScreen();
        setCursorPosition(0, 0);
        flush();
    }

    private interface ModeChange {
        void run() throws SysException;
    }

    private void mode(ModeChange change) throws IOException {
        if (tty().isTerminal()) {
            change.run();
        }
    }
}
