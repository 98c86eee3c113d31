package dev.switchboard.http1;

/** A request's or a response's head: its first line aside, header fields. */
public sealed interface Head permits RequestHead, ResponseHead {
    Headers headers();
}
