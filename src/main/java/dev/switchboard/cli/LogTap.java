package dev.switchboard.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The engine's log lines for a console: kept (up to {@value #KEPT}) while no console listens
 * yet, replayed to the first that attaches, then passed straight on.
 */
final class LogTap implements Consumer<String> {
    static final int KEPT = 500;

    private final List<String> early = new ArrayList<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public synchronized void accept(String line) {
        if (listeners.isEmpty()) {
            if (early.size() < KEPT) {
                early.add(line);
            }
        } else {
            listeners.forEach(l -> l.accept(line));
        }
    }

    synchronized void attach(Consumer<String> listener) {
        early.forEach(listener);
        early.clear();
        listeners.add(listener);
    }

    /**
     * Netty and others log through java.util.logging to stderr, which would land under the
     * console's screen: their warnings come here instead.
     */
    void takeJavaLogging() {
        LogManager.getLogManager().reset();
        Logger.getLogger("").addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    accept(r.getLoggerName().replaceAll(".*\\.", "") + ": " + r.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }
}
