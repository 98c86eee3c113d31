package dev.switchboard.diagnose;

import java.util.Optional;

/**
 * One thing doctor found: how bad, about what (a sysctl, an interface, a frontend's bind), what is
 * wrong (or right), and the exact command or config change that fixes it.
 */
public record Finding(Level level, String subject, String what, Optional<String> fix) {

    /** fail: users are hurt or the box breaks its promise; warn: a trap; ok: checked and fine. */
    public enum Level {
        FAIL, WARN, OK;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static Finding fail(String subject, String what, String fix) {
        return new Finding(Level.FAIL, subject, what, Optional.of(fix));
    }

    public static Finding warn(String subject, String what, String fix) {
        return new Finding(Level.WARN, subject, what, Optional.of(fix));
    }

    public static Finding ok(String subject, String what) {
        return new Finding(Level.OK, subject, what, Optional.empty());
    }

    /** {@code fail  SUBJECT  what is wrong  (fix: ...)}: the level padded to four, two spaces between. */
    public String line() {
        return String.format("%-4s  %s  %s", level.word(), subject, what) + fix.map(f -> "  (fix: " + f + ")").orElse("");
    }
}
