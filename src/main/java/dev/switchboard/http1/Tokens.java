package dev.switchboard.http1;

/** The characters of HTTP/1.1's grammar (RFC 9110 5.6.2, 5.5) and its comma-separated lists. */
final class Tokens {
    private Tokens() {
    }

    private static final boolean[] TCHAR = new boolean[256];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 'a' + 'A'] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    static boolean tchar(int b) {
        return TCHAR[b & 0xff];
    }

    /** A byte a field value may hold: visible, obs-text, space or tab; never NUL, CR, LF or another control. */
    static boolean fieldByte(int b) {
        b &= 0xff;
        return b >= 0x20 && b != 0x7f || b == '\t';
    }

    static boolean ows(int b) {
        return b == ' ' || b == '\t';
    }

    /** Whether the comma-separated {@code list} holds {@code token}, ignoring case and spaces. */
    static boolean contains(String list, String token) {
        int n = list.length();
        int start = 0;
        while (start <= n) {
            int comma = list.indexOf(',', start);
            int end = comma < 0 ? n : comma;
            int a = start;
            int b = end;
            while (a < b && ows(list.charAt(a))) {
                a++;
            }
            while (b > a && ows(list.charAt(b - 1))) {
                b--;
            }
            if (b - a == token.length() && list.regionMatches(true, a, token, 0, token.length())) {
                return true;
            }
            if (comma < 0) {
                return false;
            }
            start = comma + 1;
        }
        return false;
    }
}
