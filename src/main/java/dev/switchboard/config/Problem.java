package dev.switchboard.config;

/**
 * One thing wrong with a config, located so a person can go and fix it:
 * {@code FILE:LINE: key: message (hint)}. Line 0 means the line is not known.
 */
public record Problem(String source, int line, String key, String message, String hint) {

    public String format() {
        StringBuilder out = new StringBuilder(source);
        if (line > 0) {
            out.append(':').append(line);
        }
        out.append(": ");
        if (!key.isEmpty()) {
            out.append(key).append(": ");
        }
        out.append(message);
        if (!hint.isEmpty()) {
            out.append(" (").append(hint).append(')');
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
