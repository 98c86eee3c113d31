package dev.switchboard.config;

/**
 * Netty's native transport the proxy runs on: io_uring (the default: fewer system calls a request)
 * or epoll. Where the kernel refuses io_uring (too old, or `kernel.io_uring_disabled`), the proxy
 * runs on epoll and says so.
 */
public enum Transport { EPOLL, IO_URING }
