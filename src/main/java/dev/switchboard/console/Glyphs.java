package dev.switchboard.console;

/** The few symbols the screens use, in Unicode or, for a terminal or locale without it, ASCII. */
record Glyphs(String winner, String warn, String rule, String up, String down) {
    static final Glyphs UNICODE = new Glyphs("\u25ba", "\u26a0", "\u2500", "\u25b2", "\u25bc");
    static final Glyphs ASCII = new Glyphs("*", "!", "-", "^", "v");

    /** ASCII unless the locale says UTF-8. */
    static Glyphs forLocale(java.util.Map<String, String> env) {
        String locale = env.getOrDefault("LC_ALL", "");
        if (locale.isEmpty()) {
            locale = env.getOrDefault("LC_CTYPE", "");
        }
        if (locale.isEmpty()) {
            locale = env.getOrDefault("LANG", "");
        }
        String l = locale.toLowerCase(java.util.Locale.ROOT);
        return l.contains("utf-8") || l.contains("utf8") ? UNICODE : ASCII;
    }
}
