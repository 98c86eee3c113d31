package dev.switchboard.proxy;

/**
 * Where an {@link HttpSession} is, each state holding what only it has: an exchange exists from
 * a request's head to the end of its answer, a server connection only while one serves it. A
 * transition is one small record at most (the states without data are single instances), so the
 * hot path allocates no more than it did with an enum and a dozen nullable fields.
 */
sealed interface SessionState {
    /** Waiting for a request head: the first, or the next on a kept-alive connection. No exchange. */
    Idle IDLE = new Idle();
    /** An answer of our own was sent or the connection is closing: nothing more is read or answered. */
    Closing CLOSING = new Closing();

    record Idle() implements SessionState {}

    record Closing() implements SessionState {}

    /** A request is under way: its exchange, and the server connection serving it, if any yet. */
    sealed interface Active extends SessionState {
        Exchange exchange();
    }

    /** A new connection to {@code server} is being made for the exchange (no connection serves it yet). */
    record Connecting(Exchange exchange, Server server) implements Active {}

    /** A server connection serves the exchange. */
    sealed interface Served extends Active {
        ServerConnection upstream();
    }

    /** The request's body is going to the server; an answer may come before it is all sent. */
    record Sending(Exchange exchange, ServerConnection upstream) implements Served {}

    /** The whole request went: the server's answer is awaited (interim ones pass meanwhile). */
    record Waiting(Exchange exchange, ServerConnection upstream) implements Served {}

    /**
     * The final answer's head went to the client and its body follows; a body the server answered
     * before it was all sent still goes on ({@link Exchange#requestSent} says when it has).
     */
    record Answering(Exchange exchange, ServerConnection upstream) implements Served {}
}
