package dev.switchboard.config;

import java.util.Optional;

/**
 * Health checks every {@code intervalSeconds}: a server leaves the rotation after {@code fall}
 * failures in a row and comes back after {@code rise} successes. With a path, an HTTP GET.
 */
public record HealthSpec(int intervalSeconds, int rise, int fall, Optional<String> path) {}
