package dev.switchboard.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A gateway's health as shown: its state since when, the round trip of the last answer, the
 * share of probes lost over the recent rounds (0 to 1), and in a few words why it is so.
 */
public record GatewayStatus(HealthState state, Optional<Duration> rtt, double loss, Instant since, String detail) {

    public static GatewayStatus unchecked(Instant since) {
        return new GatewayStatus(HealthState.UNCHECKED, Optional.empty(), 0, since, "no check configured");
    }

    /** {@code alive 12ms}, {@code dead 04:31:02} (for how long), {@code checking}, {@code unchecked}. */
    public String word(Instant now) {
        switch (state) {
            case ALIVE:
                return rtt.map(r -> "alive " + millis(r) + "ms").orElse("alive");
            case DEAD:
                long s = Math.max(0, Duration.between(since, now).toSeconds());
                return "dead %02d:%02d:%02d".formatted(s / 3600, s / 60 % 60, s % 60);
            default:
                return state.word();
        }
    }

    /** {@code {"state":"alive","rtt_ms":12.3,"loss":0.0,"since":"2024-05-01T10:42:07Z","detail":"…"}}. */
    public String toJson() {
        return "{\"state\":\"" + state.word() + "\",\"rtt_ms\":" + rtt.map(GatewayStatus::millis).orElse("null")
                + ",\"loss\":" + String.format(Locale.ROOT, "%.3f", loss) + ",\"since\":\"" + since + "\",\"detail\":" + quote(detail) + "}";
    }

    /** Whole milliseconds from 10 up, one decimal below (a LAN gateway answers in a fraction of one). */
    static String millis(Duration d) {
        double ms = d.toNanos() / 1e6;
        return ms >= 10 ? Long.toString(Math.round(ms)) : String.format(Locale.ROOT, "%.1f", ms);
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
