package dev.switchboard.proxy;

import dev.switchboard.http1.Body;
import dev.switchboard.http1.Headers;
import dev.switchboard.http1.RequestHead;
import dev.switchboard.http1.ResponseHead;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a request must be before any server sees it, and how its framing survives the proxy
 * (pure: a head in, a verdict out). A proxy and a server that frame one byte stream
 * differently is request smuggling, so the framing is decided once, on the request as it was
 * received, and the request sent on is framed from that decision alone; the headers that carry
 * framing or routing are never removed on a client's word.
 */
final class HttpRules {
    private HttpRules() {
    }

    /** How a message's body is delimited. {@code length} is meaningful for {@link Body.Kind#LENGTH} only. */
    record Framing(Body.Kind kind, long length) {
        static final Framing NONE = new Framing(Body.Kind.NONE, 0);
        static final Framing CHUNKED = new Framing(Body.Kind.CHUNKED, -1);
        static final Framing UNTIL_CLOSE = new Framing(Body.Kind.UNTIL_CLOSE, -1);

        boolean hasBody() {
            return kind == Body.Kind.CHUNKED || kind == Body.Kind.UNTIL_CLOSE || length > 0;
        }

        /** A reader that finds the body's end among the connection's bytes. */
        Body reader() {
            return switch (kind) {
                case NONE -> Body.NONE;
                case LENGTH -> Body.length(length);
                case CHUNKED -> Body.chunked();
                case UNTIL_CLOSE -> Body.untilClose();
            };
        }
    }

    /** A refusal: the status to answer and why, for the log. */
    record Refusal(int status, String why) {
    }

    /** Never removed because a client or server names them in Connection: framing, routing, and what we add. */
    private static final List<String> PROTECTED = List.of("content-length", "transfer-encoding", "host", "x-forwarded-for");

    /** Each side's own (RFC 9110 7.6.1), never passed on; Keep-Alive and Proxy-Connection by their old use. */
    private static final List<String> HOP_BY_HOP = List.of("connection", "keep-alive", "proxy-connection", "te", "upgrade");

    /**
     * The refusal this request earns, or null if it may go on. The parser already refused what
     * is not HTTP/1.0 or 1.1 at all (bare LF, NUL, bad header names, other versions); these are
     * the rest of RFC 9112's musts, and CONNECT, which a reverse proxy does not tunnel (a server
     * that answered it would leave its pooled connection speaking raw bytes). CONNECT in any
     * case: methods are case-sensitive (RFC 9110 9.1), so "connect" is another method, but a
     * server that matches methods ignoring case would tunnel it all the same.
     */
    static Refusal check(RequestHead request) {
        if (request.method().equalsIgnoreCase("CONNECT")) {
            return new Refusal(405, "CONNECT: this is a reverse proxy, not a tunnel");
        }
        Headers headers = request.headers();
        int hosts = headers.count("host");
        if (hosts > 1) {
            return new Refusal(400, "two Host headers");
        }
        if (hosts == 0 && request.minor() == 1) {
            return new Refusal(400, "HTTP/1.1 without Host");
        }
        String target = target(request.method(), request.target(), hosts == 0 ? null : headers.get("host"));
        if (target != null) {
            return new Refusal(400, target);
        }
        List<String> codings = headers.all("transfer-encoding");
        List<String> lengths = headers.all("content-length");
        if (!codings.isEmpty()) {
            if (request.minor() == 0) {
                return new Refusal(400, "Transfer-Encoding in HTTP/1.0");
            }
            if (codings.size() != 1 || !codings.get(0).equalsIgnoreCase("chunked")) {
                return new Refusal(400, "Transfer-Encoding \"" + String.join(", ", codings) + "\" is not exactly \"chunked\"");
            }
            if (!lengths.isEmpty()) {
                return new Refusal(400, "both Content-Length and Transfer-Encoding");
            }
        }
        if (lengths.size() > 1) {
            return new Refusal(400, "two Content-Length headers");
        }
        if (lengths.size() == 1 && length(lengths.get(0)) < 0) {
            return new Refusal(400, "Content-Length \"" + lengths.get(0) + "\" is not a number of bytes");
        }
        return null;
    }

    /**
     * Why a request target is not one a server behind a reverse proxy may be sent, or null if it
     * is (RFC 9112 3.2): a path ("/..."), "*" for OPTIONS only, or an absolute http(s) URI whose
     * authority is the Host the request names. A server reads an absolute URI's authority and
     * ignores Host (RFC 9112 3.2.2), so one that differs would reach a host other than the one
     * every rule here and every server log saw; userinfo in it is refused (RFC 9110 4.2.4). Any
     * other shape ("@evil/", "evil/") is refused too: a server that prefixes its own address to
     * it would fetch from elsewhere.
     */
    static String target(String method, String target, String host) {
        if (target.charAt(0) == '/') {
            return null;
        }
        if (target.equals("*")) {
            return method.equals("OPTIONS") ? null : "a request target \"*\" on a " + method + " request";
        }
        int scheme = target.regionMatches(true, 0, "http://", 0, 7) ? 7 : target.regionMatches(true, 0, "https://", 0, 8) ? 8 : -1;
        if (scheme < 0) {
            return "a request target \"" + target + "\" that is neither a path nor an http URI";
        }
        int end = scheme;
        while (end < target.length() && target.charAt(end) != '/' && target.charAt(end) != '?') {
            end++;
        }
        String authority = target.substring(scheme, end);
        if (authority.isEmpty() || authority.indexOf('@') >= 0) {
            return "a request target \"" + target + "\" without a host, or with a user";
        }
        String port = scheme == 7 ? ":80" : ":443";
        if (host != null && !withoutPort(authority, port).equalsIgnoreCase(withoutPort(host, port))) {
            return "a request target for " + authority + " with Host " + host;
        }
        return null;
    }

    /** {@code authority} without its scheme's default {@code port} or an empty one: "x:80" and "x:" are "x" for http. */
    private static String withoutPort(String authority, String port) {
        if (authority.endsWith(port)) {
            return authority.substring(0, authority.length() - port.length());
        }
        return authority.endsWith(":") ? authority.substring(0, authority.length() - 1) : authority;
    }

    /** The framing of a request that passed {@link #check}. */
    static Framing framing(RequestHead request) {
        Headers headers = request.headers();
        if (headers.contains("transfer-encoding")) {
            return Framing.CHUNKED;
        }
        String length = headers.get("content-length");
        return length == null ? Framing.NONE : new Framing(Body.Kind.LENGTH, length(length));
    }

    /**
     * The framing of a response to {@code request} (RFC 9112 6.3), or null if it cannot be
     * framed (a Content-Length that is not one number): the server is then not speaking HTTP.
     */
    static Framing framing(ResponseHead response, RequestHead request) {
        int status = response.status();
        if (request.isHead() || response.interim() || status == 204 || status == 304) {
            return Framing.NONE;
        }
        Headers headers = response.headers();
        List<String> codings = headers.all("transfer-encoding"); // no list made for a name the head never had
        if (!codings.isEmpty()) {
            String last = codings.get(codings.size() - 1);
            int comma = last.lastIndexOf(',');
            return (comma < 0 ? last : last.substring(comma + 1)).strip().equalsIgnoreCase("chunked") ? Framing.CHUNKED : Framing.UNTIL_CLOSE;
        }
        int lengths = headers.count("content-length");
        if (lengths == 0) {
            return Framing.UNTIL_CLOSE;
        }
        long length = lengths == 1 ? length(headers.get("content-length")) : -1;
        return length < 0 ? null : new Framing(Body.Kind.LENGTH, length);
    }

    /**
     * Whether a response's framing was chosen over another reading of its head, so the server's
     * connection is not trusted again (RFC 9112 6.1, 6.3): Transfer-Encoding with Content-Length
     * (Transfer-Encoding wins, and Content-Length must go), or Transfer-Encoding in HTTP/1.0,
     * which has none (an HTTP/1.0 hop on the way may have framed it by its length or the close).
     */
    static boolean framedTwice(ResponseHead response) {
        Headers headers = response.headers();
        return headers.contains("transfer-encoding") && (headers.contains("content-length") || response.minor() == 0);
    }

    /** A Content-Length value: digits only, at most 18 of them; else -1. */
    private static long length(String value) {
        if (value.isEmpty() || value.length() > 18) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + c - '0';
        }
        return n;
    }

    /** Sets the headers that frame the message to exactly {@code framing}, whatever else was done to them. */
    static void frame(Headers headers, Framing framing) {
        switch (framing.kind()) {
            case NONE, UNTIL_CLOSE -> headers.remove("content-length").remove("transfer-encoding");
            case LENGTH -> headers.remove("transfer-encoding").set("Content-Length", Long.toString(framing.length()));
            case CHUNKED -> headers.remove("content-length").set("Transfer-Encoding", "chunked");
        }
    }

    /**
     * Drops Connection, the headers it names, and the other hop-by-hop ones: each side has its
     * own. The headers in {@link #PROTECTED} stay whatever Connection says.
     */
    static void dropHopByHop(Headers headers) {
        Set<String> named = null; // beyond HOP_BY_HOP: gathered first, then one pass, for a Connection header may name thousands
        for (String value : headers.all("connection")) {
            int n = value.length();
            for (int start = 0; start < n; ) {
                int comma = value.indexOf(',', start);
                int end = comma < 0 ? n : comma;
                int a = start;
                int b = end;
                while (a < b && value.charAt(a) <= ' ') {
                    a++;
                }
                while (b > a && value.charAt(b - 1) <= ' ') {
                    b--;
                }
                if (a < b && !among(value, a, b, HOP_BY_HOP) && !among(value, a, b, PROTECTED) && !among(value, a, b, OPTIONS)) {
                    if (named == null) {
                        named = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
                    }
                    named.add(value.substring(a, b));
                }
                start = end + 1;
            }
        }
        for (String name : HOP_BY_HOP) {
            headers.remove(name); // costs nothing for a name the message never had
        }
        if (named != null) {
            headers.removeAll(named);
        }
    }

    /**
     * Drops the fields whose names read as one of {@link #PROTECTED} with '_' for '-'
     * ("X_Forwarded_For", "Content_Length"): CGI, WSGI, PHP and the like turn both spellings
     * into one variable (HTTP_X_FORWARDED_FOR), so a client's lookalike would stand for the
     * address this proxy vouches for, or a framing it never read. nginx drops every name with an
     * '_'; only the lookalikes go here, the rest pass as they came.
     */
    static void dropLookalikes(Headers headers) {
        if (!headers.anyNameHolds((byte) '_')) {
            return; // nearly every request: no string made
        }
        Set<String> lookalikes = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i);
            if (name.indexOf('_') >= 0) {
                String dashed = name.replace('_', '-');
                if (among(dashed, 0, dashed.length(), PROTECTED)) {
                    lookalikes.add(name);
                }
            }
        }
        headers.removeAll(lookalikes);
    }

    /** Connection's words that are not header names: nothing to remove for them. */
    private static final List<String> OPTIONS = List.of("close");

    /** Whether {@code value}'s characters [a, b) are one of {@code names}, in any case. */
    private static boolean among(String value, int a, int b, List<String> names) {
        for (String name : names) {
            if (name.length() == b - a && value.regionMatches(true, a, name, 0, b - a)) {
                return true;
            }
        }
        return false;
    }
}
