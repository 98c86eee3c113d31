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

    /** Whether the comma-separated list in {@code in}'s [from, to) holds {@code token}, ignoring case and spaces. */
    static boolean contains(byte[] in, int from, int to, String token) {
        int start = from;
        while (start <= to) {
            int comma = start;
            while (comma < to && in[comma] != ',') {
                comma++;
            }
            int a = start;
            int b = comma;
            while (a < b && ows(in[a])) {
                a++;
            }
            while (b > a && ows(in[b - 1])) {
                b--;
            }
            if (b - a == token.length() && sameIgnoringCase(in, a, token)) {
                return true;
            }
            start = comma + 1;
        }
        return false;
    }

    /** Whether {@code in} holds {@code token} at {@code from}, in any case. */
    static boolean sameIgnoringCase(byte[] in, int from, String token) {
        for (int i = 0; i < token.length(); i++) {
            char a = (char) (in[from + i] & 0xff);
            char b = token.charAt(i);
            if (a != b && Character.toLowerCase(a) != Character.toLowerCase(b)) {
                return false;
            }
        }
        return true;
    }
}
