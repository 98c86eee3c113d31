package dev.switchboard.config;

/** How a frontend proxies: raw bytes, or HTTP/1.1 requests. */
public enum Mode { TCP, HTTP }
