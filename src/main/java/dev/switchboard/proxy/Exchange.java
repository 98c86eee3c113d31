package dev.switchboard.proxy;

import dev.switchboard.config.FrontendSpec;
import dev.switchboard.http1.Body;
import dev.switchboard.http1.Headers;
import dev.switchboard.http1.RequestHead;
import dev.switchboard.http1.ResponseHead;
import dev.switchboard.proxy.SessionState.Answering;
import dev.switchboard.proxy.SessionState.Connecting;
import dev.switchboard.proxy.SessionState.Served;
import dev.switchboard.sys.EpollChannels;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One request of an HTTP client connection and its answer: what was decided about it, the rules
 * that rewrite its heads on the way through (the request's framing decided once, as it came;
 * hop-by-hop headers dropped; X-Forwarded-For added; what each connection may do after the
 * answer), and the server's answer, which the {@link ServerConnection} lent to it hands on here
 * one thing at a time. Its {@link HttpSession} owns the client's connection and the state; this
 * holds the exchange's own, on the session's event loop. The one place an exchange is counted
 * is {@link #begin}; the one place its outcome is counted and logged is {@link #end}.
 */
final class Exchange {
    /** Requests that may go again when a pooled connection fails under them (RFC 9110 9.2.2). */
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");

    /** Interim (1xx) answers passed on for one request; a server that sends more is not speaking HTTP. */
    static final int MAX_INTERIM = 16;

    private final Frontend frontend;
    private final HttpSession session;
    final FrontendSpec spec; // as they were when the exchange began: a reconfigure applies to the next
    final Backend backend;
    final long started; // System.nanoTime()
    private long answered; // System.nanoTime() when the final answer's head came, or 0
    int status = -1; // as HAProxy logs an exchange that ended without one
    RequestHead request; // null for what could not be read as a request
    HttpRules.Framing framing; // of the request as received; the request sent on is framed from it
    Body body; // finds the end of the request's body among the client's bytes
    boolean expectContinue; // the client asked for 100 Continue, as received
    boolean keepAlive; // the client's connection lives on after the answer
    String upgrade; // the protocol the client asks to switch to (WebSocket), or null
    boolean requestSent; // its last byte went to the server
    boolean writing; // a piece of the body is on its way to the server
    private boolean serverReusable; // the server's connection may serve another request
    private boolean shared = true; // ... of another client (see shared())
    boolean retried;
    private int interims; // 1xx answers so far
    final List<Server> tried = new ArrayList<>(2);

    private Exchange(Frontend frontend, HttpSession session, long started) {
        this.frontend = frontend;
        this.session = session;
        this.spec = frontend.spec();
        this.backend = frontend.backend();
        this.started = started;
    }

    /** An exchange of {@code session} begins: its frontend and backend as they are now, its clock, its count. */
    static Exchange begin(Frontend frontend, HttpSession session, long started) {
        frontend.requests.increment();
        return new Exchange(frontend, session, started);
    }

    /**
     * The exchange is over: {@code error} counts it among the frontend's errors, and its line goes
     * to the request log (see {@link AccessLog}) with how it ended (HAProxy's termination flags,
     * "--" when it ended well; a switch of protocols says so instead). Every exchange that began
     * ends here once, whoever ended it.
     */
    void end(String client, String server, boolean error, String flagsAndWhy) {
        if (error) {
            frontend.errors.increment();
        }
        count(!server.equals(AccessLog.NO_SERVER), flagsAndWhy);
        if (frontend.logsTraffic()) {
            frontend.log(status == 101 ? AccessLog.switched(spec.name(), client, backend.spec().name(), server, request, upgrade)
                    : AccessLog.exchange(spec.name(), client, backend.spec().name(), server, request, status,
                            System.nanoTime() - started, flagsAndWhy));
        }
    }

    /**
     * Its status counted on its frontend, on its backend once a request was taken for it, and on
     * the server it went to, if it went to one (HAProxy's hrsp_*, req_tot); a server that closed or
     * did not answer in time (termination flags SH, sH) is a response error (eresp).
     */
    private void count(boolean toServer, String flags) {
        frontend.http.answered(status);
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
     * Whether the server's connection, if reusable, may serve another client's request, or only
     * this client's next ones. Not after bytes the proxy cannot frame may follow on it: a
     * request body (a server that answered at once and never read it takes it for the next
     * request, and answers it on this connection: CL.0), or an answer that declared a body it
     * may not carry (HEAD, 204, 304 with a length or chunked: a server that sends it anyway
     * sends it late). Whoever meets such bytes is the client that sent them, never another.
     */
    boolean shared() {
        return shared;
    }

    /** An answer of our own is the status, and the client's connection closes after it. */
    void answerOwn(int answer) {
        status = answer;
        keepAlive = false;
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
        // HTTP/1.0 has no Upgrade (RFC 9110 7.8): a server that switched on one anyway gets a 502, not a tunnel
        upgrade = wanted != null && head.minor() == 1 && headers.hasToken("connection", "upgrade") && !framing.hasBody() ? wanted : null;
        HttpRules.dropHopByHop(headers);
        HttpRules.dropLookalikes(headers);
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
     * Checks a server's answer head: why it cannot go to the client (the 502's reason), or null
     * once it is rewritten for the client. A final one also decides whether the server's
     * connection may serve again and the client's live on; a 101 goes as it came (Upgrade and
     * Connection stay: the client must see them). {@code responseFraming} is null if the head
     * cannot frame a body.
     */
    private String rewrite(ResponseHead response, HttpRules.Framing responseFraming) {
        if (responseFraming == null) {
            return "answered something that is not HTTP: a Content-Length that is not one number";
        }
        if (response.status() == 101) {
            if (upgrade == null) {
                return "switched protocols unasked";
            }
            status = 101;
            return null;
        }
        if (response.interim() && ++interims > MAX_INTERIM) {
            return "sent more than " + MAX_INTERIM + " interim (1xx) answers";
        }
        if (request.minor() == 0 && responseFraming.kind() == Body.Kind.CHUNKED) {
            // forbidden (RFC 9112 6.1): the request went on as HTTP/1.0, and its client cannot find the answer's end
            return "answered an HTTP/1.0 request in chunked encoding, which HTTP/1.0 cannot read";
        }
        Headers headers = response.headers();
        if (!response.interim()) {
            status = response.status();
            answered = System.nanoTime();
            boolean delimited = responseFraming.kind() != Body.Kind.UNTIL_CLOSE;
            boolean framedTwice = HttpRules.framedTwice(response);
            if (framedTwice) {
                headers.remove("content-length"); // Transfer-Encoding wins (RFC 9112 6.3), and the connection is not trusted again
            }
            boolean serverKeepsAlive = response.minor() == 1 ? !headers.hasToken("connection", "close")
                    : headers.hasToken("connection", "keep-alive");
            // a server that answered before it had the whole request may never read the rest, and
            // then takes it for the next request: the bytes of whoever is sent there next would
            // complete one the proxy never checked, so that connection serves nobody else
            serverReusable = delimited && !framedTwice && serverKeepsAlive && requestSent;
            shared = !framing.hasBody() && (responseFraming.hasBody() || !declaresBody(headers));
            // an HTTP/1.0 answer in chunks: the client's connection ends with it too (RFC 9112 6.1), as HAProxy does
            keepAlive &= delimited && !(framedTwice && response.minor() == 0);
        }
        HttpRules.dropHopByHop(headers);
        if (!keepAlive) {
            headers.set("Connection", "close");
        } else if (request.minor() == 0) {
            headers.set("Connection", "keep-alive");
        }
        return null;
    }

    /** A Transfer-Encoding, or a Content-Length other than 0, on an answer that carries no body. */
    private static boolean declaresBody(Headers headers) {
        String length = headers.get("content-length");
        return headers.contains("transfer-encoding") || length != null && !length.equals("0");
    }

    // The request's way to a server.

    /** Picks a server (one not tried yet for it), on a pooled connection or a new one; 503 if none can take it. */
    void pickServer() {
        var picked = backend.pick(session.clientIp(), tried);
        if (picked.isEmpty()) {
            String name = backend.spec().name();
            session.answerAndClose(this, 503, AccessLog.NO_SERVER, "SC", tried.isEmpty()
                    ? "no server of " + name + " is up" : "no server of " + name + " could be reached");
            return;
        }
        Server server = picked.get();
        tried.add(server);
        ServerConnection pooled = session.takeAside(server);
        if (pooled == null) {
            pooled = ServerConnection.take(server, session.client().channel().eventLoop());
        }
        if (pooled != null) {
            send(pooled);
        } else {
            connect(server);
        }
    }

    /** Connects to {@code server} anew (see {@link Upstream}); if that fails, another server is picked. */
    private void connect(Server server) {
        Connecting connecting = session.connecting(this, server);
        ServerConnection connection = new ServerConnection(server);
        connection.open(session.client().channel(), spec).addListener((ChannelFutureListener) f -> {
            boolean awaited = session.awaits(connecting);
            if (f.isSuccess()) {
                EpollChannels.keepRegistered(f.channel());
                if (awaited) {
                    send(connection);
                } else {
                    connection.giveBack(); // the client left meanwhile: another may use it
                }
                return;
            }
            frontend.log(Upstream.failed(spec, backend, server, f.cause()));
            if (awaited) {
                pickServer();
            }
        });
    }

    private void send(ServerConnection connection) {
        connection.lend(this);
        connection.server().opened();
        Channel server = connection.channel();
        ByteBuf head = request.write(server.alloc());
        if (requestSent || !framing.hasBody()) { // or again, after a reused connection failed: the client sent it all before
            session.requestDone(this, connection);
            server.writeAndFlush(head);
            connection.want();
            return;
        }
        session.sending(this, connection);
        if (expectContinue) {
            server.writeAndFlush(head); // the client waits for the server's word before its body
        } else {
            // flushed with the body's first bytes, so a body that is not valid chunked encoding
            // from its first byte is refused before the server sees anything
            server.write(head);
        }
        connection.want(); // an answer may come before the request is complete (413, say)
        session.sendBody();
    }

    // The answer, as the server connection lent to this exchange hands it on. What comes from a
    // connection that no longer serves this exchange as the one under way is ignored.

    /** The server's answer begins; {@code responseFraming} is null if its head cannot frame a body. */
    void responseHead(ServerConnection from, ResponseHead response, HttpRules.Framing responseFraming) {
        Served served = session.serving(this, from);
        if (served == null) {
            return;
        }
        String bad = rewrite(response, responseFraming);
        if (bad != null) {
            session.badGateway(served, bad);
            return;
        }
        ChannelHandlerContext client = session.client();
        if (response.status() == 101) {
            client.write(response.write(client.alloc()));
            session.switchProtocols(this, from);
            return;
        }
        if (!requestSent && framing.hasBody()) {
            session.deadlines.body(); // told to go on (100 Continue), or answered early: the rest of the body is the client's to send
        }
        if (response.interim()) {
            if (request.minor() == 1) { // 1.0 knows no 1xx (RFC 9110 15.2): it would take it for the answer
                client.writeAndFlush(response.write(client.alloc())).addListener(from.written);
            } else {
                from.want();
            }
            return;
        }
        Answering answering = session.answering(this, from);
        client.write(response.write(client.alloc()));
        if (!responseFraming.hasBody()) {
            client.flush();
            done(answering);
        } else if (!from.want()) {
            client.flush(); // no body yet (a stream that begins later): the client has the head meanwhile
        }
    }

    /** A piece of the server's answer's body; {@code last} ends the answer. */
    void responseBody(ServerConnection from, ByteBuf piece, boolean last) {
        Served served = session.serving(this, from);
        if (served == null) {
            piece.release();
        } else if (!last) {
            session.client().writeAndFlush(piece).addListener(from.written);
        } else {
            session.client().writeAndFlush(piece);
            done(served);
        }
    }

    /** The answer went whole: the server connection back to its pool if clean, and the next request, or the end. */
    private void done(Served served) {
        session.end(served, serverReusable && requestSent, false, "--");
        if (keepAlive && requestSent) {
            session.awaitRequest();
        } else {
            Relay.closeOnFlush(session.client().channel());
        }
    }

    /**
     * The server's answer is not HTTP after its head began (a bad chunk): the client must see
     * the answer end short, never a clean end, and the connection never goes back to the pool.
     */
    void responseBroken(ServerConnection from, String why) {
        Served served = session.serving(this, from);
        if (served == null) {
            return;
        }
        if (served instanceof Answering) {
            session.cut(served, true, "SD: the server's answer is not valid HTTP: " + why);
        } else {
            session.badGateway(served, "answered something that is not HTTP: " + why);
        }
    }

    /** The server closed its connection, {@code cause} if it failed, before its answer was whole. */
    void serverClosed(ServerConnection from, Throwable cause) {
        Served served = session.serving(this, from);
        if (served == null) {
            return;
        }
        if (served instanceof Answering) { // the answer was cut short: the client must see it end
            session.cut(served, false, "SD");
        } else if (from.reused() && !retried && !framing.hasBody() && IDEMPOTENT.contains(request.method())) {
            // the server closed an idle keep-alive connection as we sent on it: a request
            // with no body can safely go again, on a new connection
            from.lend(null);
            from.server().closed();
            retried = true;
            connect(from.server());
        } else {
            session.badGateway(served, cause == null ? "closed the connection before answering" : HealthChecks.reason(cause));
        }
    }

    /** The server's timeout passed while it served this exchange: 504, or the answer cut short. */
    void serverTimedOut(ServerConnection from) {
        Served served = session.serving(this, from);
        if (served == null) {
            return;
        }
        if (served instanceof Answering) {
            session.cut(served, false, "sD");
        } else {
            String server = from.release(false);
            session.answerAndClose(this, 504, server, "sH", server + " did not answer within " + spec.timeouts().server() + " s");
        }
    }
}
