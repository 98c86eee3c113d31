package dev.switchboard.config;

/** Netty's native transport the proxy runs on: epoll (the default) or io_uring. */
public enum Transport { EPOLL, IO_URING }
