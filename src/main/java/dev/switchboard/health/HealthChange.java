package dev.switchboard.health;

import java.time.Instant;

/** A gateway's state changed: which interface's, from what to what, when, and the status now. */
public record HealthChange(String iface, HealthState from, HealthState to, Instant when, GatewayStatus status) {}
