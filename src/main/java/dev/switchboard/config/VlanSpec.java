package dev.switchboard.config;

/** An 802.1Q sub-interface that switchboard creates on {@code parent}. */
public record VlanSpec(String parent, int id) {}
