package dev.switchboard.config;

/**
 * A frontend's timeouts in seconds: connect to a server, client and server inactivity, and in
 * HTTP mode how long a client may take over a request head ({@code httpRequest}, HAProxy's
 * {@code timeout http-request}), how long an idle keep-alive client may wait before its next
 * request ({@code httpKeepAlive}), and the allowance of a request body ({@code httpBody}: the
 * seconds it may fall behind a pace of 1 KiB/s, a minimum rate that a burst cannot bank).
 */
public record Timeouts(int connect, int client, int server, int httpRequest, int httpKeepAlive, int httpBody) {
    public static final int DEFAULT_HTTP_REQUEST = 10;
    public static final int DEFAULT_HTTP_BODY = 10;

    /** The three that TCP mode knows; the HTTP ones at their defaults. */
    public Timeouts(int connect, int client, int server) {
        this(connect, client, server, DEFAULT_HTTP_REQUEST, DEFAULT_HTTP_REQUEST, DEFAULT_HTTP_BODY);
    }

    public static Timeouts defaults() {
        return new Timeouts(5, 60, 60);
    }
}
