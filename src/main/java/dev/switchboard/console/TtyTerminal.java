package dev.switchboard.console;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;
import dev.switchboard.sys.SysException;
import dev.switchboard.sys.Tty;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import sun.misc.Signal;

/**
 * Lanterna's ANSI terminal on standard input and output, with the terminal's modes set through
 * termios and its size read with TIOCGWINSZ (both via the kernel, not stty), so starting never
 * waits on a cursor-position answer: a serial line that reports 0x0 gets 80x24. SIGWINCH resizes.
 * On something that is no terminal (a pipe, a test) the mode calls do nothing.
 */
final class TtyTerminal extends UnixLikeTerminal {
    static final TerminalSize FALLBACK = new TerminalSize(80, 24);

    private Tty tty;

    TtyTerminal(InputStream in, OutputStream out, Charset charset) throws IOException {
        super(in, out, charset, CtrlCBehaviour.TRAP);
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

    private interface ModeChange {
        void run() throws SysException;
    }

    private void mode(ModeChange change) throws IOException {
        if (tty().isTerminal()) {
            change.run();
        }
    }
}
