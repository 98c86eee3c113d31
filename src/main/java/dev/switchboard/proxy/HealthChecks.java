package dev.switchboard.proxy;

import dev.switchboard.config.HealthSpec;
import dev.switchboard.config.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Checks each server of a backend every interval: a TCP connect, or with a path an HTTP GET
 * answered by a 2xx or 3xx status. {@code rise} and {@code fall} decide when the state flips;
 * each flip is reported with its reason.
 */
final class HealthChecks implements AutoCloseable {
    private final List<ScheduledFuture<?>> schedules = new ArrayList<>();

    HealthChecks(Backend backend, HealthSpec health, EventLoopGroup group, Transport transport, Consumer<String> log) {
        for (Server server : backend.servers()) {
            schedules.add(group.next().scheduleWithFixedDelay(() -> check(backend, server, health, group, transport, log),
                    0, health.intervalSeconds(), TimeUnit.SECONDS));
        }
    }

    private static void check(Backend backend, Server server, HealthSpec health, EventLoopGroup group, Transport transport,
            Consumer<String> log) {
        if (server.admin() == Stats.Admin.MAINT) {
            return; // HAProxy's maint stops the checks too; "ready" starts them again
        }
        int timeoutMillis = (int) Math.min(TimeUnit.SECONDS.toMillis(health.intervalSeconds()), 5000);
        new Bootstrap().group(group).channel(Transports.socketChannel(transport))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis)
                .handler(new ChannelInboundHandlerAdapter())
                .connect(server.spec().address().socketAddress())
                .addListener((ChannelFutureListener) connected -> {
                    if (!connected.isSuccess()) {
                        result(backend, server, health, false, reason(connected.cause()), log);
                    } else if (health.path().isEmpty()) {
                        connected.channel().close();
                        result(backend, server, health, true, "connect ok", log);
                    } else {
                        httpGet(connected.channel(), backend, server, health, timeoutMillis, log);
                    }
                });
    }

    private static void httpGet(Channel ch, Backend backend, Server server, HealthSpec health, int timeoutMillis, Consumer<String> log) {
        String request = "GET " + health.path().get() + " HTTP/1.0\r\nHost: " + server.spec().address() + "\r\nUser-Agent: switchboard-check\r\n\r\n";
        ScheduledFuture<?> timeout = ch.eventLoop().schedule(() -> {
            result(backend, server, health, false, "no answer to GET " + health.path().get(), log);
            ch.close();
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            private final StringBuilder head = new StringBuilder();

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf buf = (ByteBuf) msg;
                head.append(buf.toString(StandardCharsets.ISO_8859_1));
                buf.release();
                int eol = head.indexOf("\r\n");
                if (eol >= 0 || head.length() > 1024) {
                    timeout.cancel(false);
                    String status = head.substring(0, eol >= 0 ? eol : head.length());
                    boolean ok = statusOk(status);
                    String shown = AccessLog.printable(status.length() > 64 ? status.substring(0, 64) + "..." : status);
                    result(backend, server, health, ok, ok ? shown : "answered \"" + shown + "\"", log);
                    ctx.close();
                }
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                if (!timeout.isDone()) {
                    timeout.cancel(false);
                    result(backend, server, health, false, "closed before answering GET " + health.path().get(), log);
                }
            }
        });
        ch.writeAndFlush(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
    }

    /**
     * A check's status line says 2xx or 3xx: three digits and then a space or the end (RFC 9112
     * 4), so "HTTP/1.1 2000" is no 200, and a reason phrase holds no control character.
     */
    static boolean statusOk(String line) {
        return line.matches("HTTP/1\\.[01] [23]\\d\\d(?: [\\t\\x20-\\x7e\\x80-\\xff]*)?");
    }

    private static void result(Backend backend, Server server, HealthSpec health, boolean ok, String reason, Consumer<String> log) {
        synchronized (server) {
            if (server.checked(ok, checkStatus(health, ok, reason), health.rise(), health.fall())) {
                log.accept("server " + backend.spec().name() + "/" + server.spec().name() + " is " + (ok ? "UP" : "DOWN") + ": " + reason);
            }
        }
    }

    /** A check's result in HAProxy's words (management guide 9.1, check_status). */
    static String checkStatus(HealthSpec health, boolean ok, String reason) {
        boolean http = health.path().isPresent();
        if (ok) {
            return http ? "L7OK" : "L4OK";
        }
        if (reason.startsWith("answered")) {
            return "L7STS";
        }
        if (reason.startsWith("no answer") || reason.startsWith("closed before")) {
            return reason.startsWith("no answer") ? "L7TOUT" : "L7RSP";
        }
        return reason.contains("timed out") ? "L4TOUT" : "L4CON";
    }

    static String reason(Throwable cause) {
        String m = cause.getMessage();
        return m == null ? cause.getClass().getSimpleName() : m.replaceAll("^[a-z]+\\(.*?\\) failed( with error\\(-?\\d+\\))?: ", "");
    }

    @Override
    public void close() {
        schedules.forEach(s -> s.cancel(false));
    }
}
