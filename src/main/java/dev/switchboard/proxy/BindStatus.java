package dev.switchboard.proxy;

import dev.switchboard.config.BindSpec;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * How a bind fared: listening (on {@code local}, which tells the port when 0 was asked), or why
 * not, in words an operator can act on.
 */
public record BindStatus(String frontend, BindSpec bind, Optional<InetSocketAddress> local, Optional<String> error) {

    public boolean listening() {
        return error.isEmpty();
    }

    @Override
    public String toString() {
        return frontend + " " + bind + ": " + error.map(e -> "NOT listening: " + e).orElse("listening");
    }
}
