package dev.switchboard.proxy;

import dev.switchboard.config.FrontendSpec;
import dev.switchboard.http1.Body;
import dev.switchboard.http1.Headers;
import dev.switchboard.http1.RequestHead;
import dev.switchboard.http1.ResponseHead;
import java.util.ArrayList;
import java.util.List;

/**
 * One request of an HTTP client connection and its answer: what was decided about it, and the
 * rules that rewrite its heads on the way through (the request's framing decided once, as it
 * came; hop-by-hop headers dropped; X-Forwarded-For added; what each connection may do after the
 * answer). {@link HttpSession} does the I/O; this holds the exchange's state, on its event loop.
 */
final class Exchange {
    final FrontendSpec spec; // as they were when the exchange began: a reconfigure applies to the next
    final Backend backend;
    long started; // System.nanoTime()
    long answered; // System.nanoTime() when the final answer's head came, or 0
    int status = -1; // as HAProxy logs an exchange that ended without one
    RequestHead request; // null for what could not be read as a request
    HttpRules.Framing framing; // of the request as received; the request sent on is framed from it
    Body body; // finds the end of the request's body among the client's bytes
    boolean expectContinue; // the client asked for 100 Continue, as received
    boolean keepAlive; // the client's connection lives on after the answer
    String upgrade; // the protocol the client asks to switch to (WebSocket), or null
    boolean requestSent; // its last byte went to the server
    boolean writing; // a piece of the body is on its way to the server
    boolean serverReusable; // the server's connection may serve another request
    boolean retried;
    int interims; // 1xx answers so far
    final List<Server> tried = new ArrayList<>(2);
    ServerConnection upstream;
    private final HttpCounts frontendCounts;

    private Exchange(FrontendSpec spec, Backend backend, long started, HttpCounts frontendCounts) {
        this.spec = spec;
        this.backend = backend;
        this.started = started;
        this.frontendCounts = frontendCounts;
    }

    /** An exchange begins: its frontend and backend as they are now, its clock, its count. */
    static Exchange begin(Frontend frontend, long started) {
        frontend.requests.increment();
        return new Exchange(frontend.spec(), frontend.backend(), started, frontend.http);
    }

    /**
     * The exchange is over: its status counted on its frontend, on its backend once a request
     * was taken for it, and on the server it went to, if it went to one; a server that closed or
     * did not answer in time (termination flags SH, sH) is a response error (HAProxy's eresp).
     */
    void count(boolean toServer, String flags) {
        frontendCounts.answered(status);
        if (framing == null) {
            return; // refused before any backend had it
        }
        boolean responseError = flags.startsWith("SH") || flags.startsWith("sH");
        backend.http.answered(status);
        if (responseError) {
            backend.http.responseErrors.increment();
        }
        if (toServer && answered != 0) {
            backend.responseTime.add(answered - started);
        }
        if (toServer && !tried.isEmpty()) {
            Server server = tried.get(tried.size() - 1);
            server.http.answered(status);
            if (responseError) {
                server.http.responseErrors.increment();
            }
        }
    }

    /**
     * Takes {@code head} on: the refusal it earns, or null once its head is rewritten for the
     * server and its framing, body and connection decided.
     */
    HttpRules.Refusal take(RequestHead head, String clientAddress) {
        request = head;
        HttpRules.Refusal refusal = HttpRules.check(head);
        if (refusal != null) {
            return refusal;
        }
        framing = HttpRules.framing(head);
        body = framing.reader();
        Headers headers = head.headers();
        // decided before Connection may name Expect away: the server then never says 100, and the
        // body's clock starts with its first byte instead
        expectContinue = head.minor() == 1 && "100-continue".equalsIgnoreCase(headers.get("expect"));
        keepAlive = head.minor() == 1 ? !headers.hasToken("connection", "close") : headers.hasToken("connection", "keep-alive");
        String wanted = headers.get("upgrade");
        upgrade = wanted != null && headers.hasToken("connection", "upgrade") && !framing.hasBody() ? wanted : null;
        HttpRules.dropHopByHop(headers);
        HttpRules.frame(headers, framing);
        if (upgrade != null) { // hop-by-hop, but the server must see it to switch (WebSocket)
            headers.set("Connection", "Upgrade").set("Upgrade", upgrade);
        }
        String earlier = headers.get("x-forwarded-for");
        headers.set("X-Forwarded-For", earlier == null ? clientAddress : earlier + ", " + clientAddress);
        if (head.minor() == 0) {
            headers.set("Connection", "keep-alive"); // we keep the server connection
        }
        return null;
    }

    /**
     * Rewrites an answer's head for the client; a final one also decides whether the server's
     * connection may serve again and the client's live on.
     */
    void answer(ResponseHead response, HttpRules.Framing responseFraming) {
        Headers headers = response.headers();
        if (!response.interim()) {
            status = response.status();
            answered = System.nanoTime();
            boolean delimited = responseFraming.kind() != Body.Kind.UNTIL_CLOSE;
            boolean framedTwice = headers.contains("transfer-encoding") && headers.contains("content-length");
            if (framedTwice) {
                headers.remove("content-length"); // Transfer-Encoding wins (RFC 9112 6.3), and the connection is not trusted again
            }
            boolean serverKeepsAlive = response.minor() == 1 ? !headers.hasToken("connection", "close")
                    : headers.hasToken("connection", "keep-alive");
            // a server that answered before it had the whole request may never read the rest, and
            // then takes it for the next request: the bytes of whoever is sent there next would
            // complete one the proxy never checked, so that connection serves nobody else
            serverReusable = delimited && !framedTwice && serverKeepsAlive && requestSent;
            keepAlive &= delimited;
        }
        HttpRules.dropHopByHop(headers);
        if (!keepAlive) {
            headers.set("Connection", "close");
        } else if (request.minor() == 0) {
            headers.set("Connection", "keep-alive");
        }
    }

    /** Its line in the request log (see {@link AccessLog}). */
    String logLine(String client, String server, String flagsAndWhy) {
        return AccessLog.exchange(spec.name(), client, backend.spec().name(), server, request, status,
                System.nanoTime() - started, flagsAndWhy);
    }
}
