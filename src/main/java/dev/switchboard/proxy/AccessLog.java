package dev.switchboard.proxy;

import dev.switchboard.http1.RequestHead;

/**
 * The lines of an HTTP frontend's request log, in HAProxy's shape:
 * {@code ft: client -> bk/server "request" status time flags[: why]}. The first flag says who
 * ended the exchange (C client, S server, P proxy, c/s their timeouts, - nobody), the second
 * when (R request, C connect, H response head, D data, - the end). Pure.
 */
final class AccessLog {
    private AccessLog() {
    }

    /** Where a line names the server and none was picked: HAProxy's word. */
    static final String NO_SERVER = "<NOSRV>";

    /** Where a line names the request and there was none that could be read: HAProxy's word. */
    private static final String BAD_REQUEST = "<BADREQ>";

    /** A URI longer than this is cut, as HAProxy does: a flood of long ones must not fill the log's queue. */
    static final int LOGGED_URI = 1024;

    /**
     * An exchange's line; {@code request} is null for what could not be read as one. One
     * concatenation, so the line is all it allocates: the request line's words are its operands,
     * not a string made first.
     */
    static String exchange(String frontend, String client, String backend, String server, RequestHead request, int status,
            long nanos, String flagsAndWhy) {
        long tenths = nanos / 100_000; // of a millisecond
        String method = request == null ? BAD_REQUEST : request.method();
        String space = request == null ? "" : " ";
        String target = request == null ? "" : logged(request.target());
        String version = request == null ? "" : request.version();
        return frontend + ": " + client + " -> " + backend + "/" + server + " \"" + method + space + target + space + version + "\" " + status
                + " " + tenths / 10 + "." + tenths % 10 + " ms " + printable(flagsAndWhy);
    }

    /** The line of a connection that switched protocols (WebSocket): relayed as bytes from now on. */
    static String switched(String frontend, String client, String backend, String server, RequestHead request, String protocol) {
        return frontend + ": " + client + " -> " + backend + "/" + server + " \"" + request.method() + " " + logged(request.target()) + " "
                + request.version() + "\" 101 switched to " + printable(protocol);
    }

    /**
     * Text a client wrote (a header value a refusal quotes, the protocol a WebSocket asked for)
     * as logged: a character outside printable ASCII as \xNN, so none reaches an operator's
     * terminal as a control (C1's CSI, U+009B, starts an escape sequence in some). Unchanged,
     * and not copied, when there is none.
     */
    static String printable(String text) {
        int i = 0;
        while (i < text.length() && shown(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length() + 8).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (shown(c)) {
                b.append(c);
            } else {
                b.append(c > 0xff ? String.format("\\u%04x", (int) c) : String.format("\\x%02x", (int) c));
            }
        }
        return b.toString();
    }

    private static boolean shown(char c) {
        return c >= 0x20 && c <= 0x7e;
    }

    /** A URI as logged: cut after {@link #LOGGED_URI} characters. */
    private static String logged(String uri) {
        return uri.length() <= LOGGED_URI ? uri : uri.substring(0, LOGGED_URI) + "...";
    }
}
