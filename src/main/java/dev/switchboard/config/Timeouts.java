package dev.switchboard.config;

/** A frontend's timeouts in seconds: connect to a server, client and server inactivity. */
public record Timeouts(int connect, int client, int server) {
    public static Timeouts defaults() {
        return new Timeouts(5, 60, 60);
    }
}
