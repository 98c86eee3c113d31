package dev.switchboard.proxy;

import dev.switchboard.http1.HeadParser;
import dev.switchboard.http1.Headers;
import dev.switchboard.http1.RequestHead;
import dev.switchboard.http1.ResponseHead;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * The head work of one proxied keep-alive exchange, alone, as the event loop does it: wrk's
 * request parsed, checked, framed, rewritten (X-Forwarded-For) and written; nginx's answer
 * parsed, framed, rewritten and written. Run by {@code bench/heads.sh}; prints ns per exchange
 * for each of ten rounds (the first ones warm the JIT).
 */
public final class HeadsBench {
    private static final byte[] REQUEST = "GET / HTTP/1.1\r\nHost: 127.0.0.1:18090\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Mon, 30 Nov 2026 16:38:11 GMT\r\n"
            + "Content-Type: text/html\r\nContent-Length: 100\r\nLast-Modified: Mon, 30 Nov 2026 16:36:26 GMT\r\n"
            + "Connection: keep-alive\r\nETag: \"6b0da60a-64\"\r\nAccept-Ranges: bytes\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);

    public static void main(String[] args) throws Exception {
        ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
        ByteBuf request = alloc.directBuffer(REQUEST.length).writeBytes(REQUEST);
        ByteBuf response = alloc.directBuffer(RESPONSE.length).writeBytes(RESPONSE);
        HeadParser client = new HeadParser(8192, 16384);
        HeadParser server = new HeadParser(8192, 16384);
        int n = 1_000_000;
        long written = 0;
        for (int round = 0; round < 10; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                request.readerIndex(0);
                response.readerIndex(0);
                RequestHead q = client.request(request);
                if (HttpRules.check(q) != null) {
                    throw new AssertionError("refused");
                }
                HttpRules.Framing framing = HttpRules.framing(q);
                Headers h = q.headers();
                h.get("expect");
                h.hasToken("connection", "close");
                h.get("upgrade");
                HttpRules.dropHopByHop(h);
                HttpRules.frame(h, framing);
                String earlier = h.get("x-forwarded-for");
                h.set("X-Forwarded-For", earlier == null ? "127.0.0.1" : earlier + ", 127.0.0.1");
                ByteBuf out = q.write(alloc);
                written += out.readableBytes();
                out.release();
                ResponseHead r = server.response(response);
                written += HttpRules.framing(r, q).length();
                Headers rh = r.headers();
                rh.contains("transfer-encoding");
                rh.hasToken("connection", "close");
                HttpRules.dropHopByHop(rh);
                out = r.write(alloc);
                written += out.readableBytes();
                out.release();
            }
            System.out.printf("round %d: %.0f ns per exchange%n", round + 1, (System.nanoTime() - t0) / (double) n);
        }
        System.out.println("(" + written + " bytes written)");
    }
}
