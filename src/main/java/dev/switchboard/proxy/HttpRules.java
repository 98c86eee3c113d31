package dev.switchboard.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.util.List;

/**
 * What a request must be before any server sees it, and how its framing survives the proxy
 * (pure: headers in, a verdict out). A proxy and a server that frame one byte stream
 * differently is request smuggling, so the framing is decided once, on the request as it was
 * received, and the request sent on is framed from that decision alone; the headers that carry
 * framing or routing are never removed on a client's word.
 */
final class HttpRules {
    private HttpRules() {
    }

    /** How a request's body is delimited. {@code length} is meaningful for {@link Kind#LENGTH} only. */
    record Framing(Kind kind, long length) {
        enum Kind { NONE, LENGTH, CHUNKED }

        static final Framing NONE = new Framing(Kind.NONE, 0);
        static final Framing CHUNKED = new Framing(Kind.CHUNKED, -1);

        boolean hasBody() {
            return kind == Kind.CHUNKED || length > 0;
        }
    }

    /** A refusal: the status to answer and why, for the log. */
    record Refusal(HttpResponseStatus status, String why) {
    }

    /** Never removed because a client or server names them in Connection: framing, routing, and what we add. */
    private static final List<AsciiString> PROTECTED = List.of(HttpHeaderNames.CONTENT_LENGTH, HttpHeaderNames.TRANSFER_ENCODING,
            HttpHeaderNames.HOST, AsciiString.cached("x-forwarded-for"));

    /** Each side's own (RFC 9110 7.6.1), never passed on; Keep-Alive and Proxy-Connection by their old use. */
    private static final List<AsciiString> HOP_BY_HOP = List.of(HttpHeaderNames.CONNECTION, AsciiString.cached("keep-alive"),
            AsciiString.cached("proxy-connection"), HttpHeaderNames.TE, HttpHeaderNames.UPGRADE);

    /**
     * The refusal this request earns, or null if it may go on. Netty's decoder already refuses
     * a duplicate or invalid Content-Length, bare LF, NUL and bad header names, drops
     * Content-Length beside Transfer-Encoding, and unfolds obs-fold; these are the rest of RFC
     * 9112's musts, and CONNECT, which a reverse proxy does not tunnel (a server that answered it
     * would leave its pooled connection speaking raw bytes).
     */
    static Refusal check(HttpRequest request) {
        if (request.method().equals(HttpMethod.CONNECT)) {
            return new Refusal(HttpResponseStatus.METHOD_NOT_ALLOWED, "CONNECT: this is a reverse proxy, not a tunnel");
        }
        HttpVersion version = request.protocolVersion();
        if (!version.protocolName().equals("HTTP") || version.majorVersion() != 1 || version.minorVersion() > 1) {
            return new Refusal(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "version " + version.text() + " is not HTTP/1.0 or 1.1");
        }
        HttpHeaders headers = request.headers();
        List<String> hosts = headers.getAll(HttpHeaderNames.HOST);
        if (hosts.size() > 1) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, "two Host headers");
        }
        if (hosts.isEmpty() && version.minorVersion() == 1) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, "HTTP/1.1 without Host");
        }
        List<String> codings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (!codings.isEmpty()) {
            if (version.minorVersion() == 0) {
                return new Refusal(HttpResponseStatus.BAD_REQUEST, "Transfer-Encoding in HTTP/1.0");
            }
            if (codings.size() != 1 || !HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(codings.get(0).strip())) {
                return new Refusal(HttpResponseStatus.BAD_REQUEST, "Transfer-Encoding \"" + String.join(", ", codings)
                        + "\" is not exactly \"chunked\"");
            }
        }
        return null;
    }

    /** The framing of a request that passed {@link #check}, as the decoder read it. */
    static Framing framing(HttpRequest request) {
        HttpHeaders headers = request.headers();
        if (headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            return Framing.CHUNKED;
        }
        String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
        return length == null ? Framing.NONE : new Framing(Framing.Kind.LENGTH, Long.parseLong(length.strip()));
    }

    /** Sets the headers that frame the message to exactly {@code framing}, whatever else was done to them. */
    static void frame(HttpHeaders headers, Framing framing) {
        switch (framing.kind()) {
            case NONE -> headers.remove(HttpHeaderNames.CONTENT_LENGTH).remove(HttpHeaderNames.TRANSFER_ENCODING);
            case LENGTH -> headers.remove(HttpHeaderNames.TRANSFER_ENCODING).set(HttpHeaderNames.CONTENT_LENGTH, framing.length());
            case CHUNKED -> headers.remove(HttpHeaderNames.CONTENT_LENGTH).set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
    }

    /**
     * Drops Connection, the headers it names, and the other hop-by-hop ones: each side has its
     * own. The headers in {@link #PROTECTED} stay whatever Connection says.
     */
    static void dropHopByHop(HttpHeaders headers) {
        for (String named : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : named.split(",")) {
                String name = token.strip();
                if (!name.isEmpty() && !isProtected(name)) {
                    headers.remove(name);
                }
            }
        }
        for (AsciiString name : HOP_BY_HOP) {
            headers.remove(name);
        }
    }

    private static boolean isProtected(String name) {
        for (AsciiString p : PROTECTED) {
            if (p.contentEqualsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
