package dev.switchboard.config;

/** One server of a backend; {@code sendProxy} prefixes its connections with a PROXY v2 header. */
public record ServerSpec(String name, HostPort address, int weight, boolean sendProxy) {}
