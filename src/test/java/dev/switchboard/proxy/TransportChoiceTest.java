package dev.switchboard.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.config.Transport;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Which transport the proxy runs on, given what the config asks and what the kernel allows. */
class TransportChoiceTest {
    private static Function<Transport, Optional<String>> refusing(Transport refused) {
        return t -> t == refused ? Optional.of(t.name() + " is not available here: no") : Optional.empty();
    }

    @Test
    void whatIsAskedWhereTheKernelAllowsIt() {
        for (Transport t : Transport.values()) {
            assertEquals(new Transports.Choice(t, Optional.empty()), Transports.choose(t, refusing(null)));
        }
    }

    @Test
    void epollWhereIoUringIsRefused() {
        assertEquals(new Transports.Choice(Transport.EPOLL, Optional.of("IO_URING is not available here: no; the proxy runs on epoll")),
                Transports.choose(Transport.IO_URING, refusing(Transport.IO_URING)));
    }

    @Test
    void noEpollIsFatal() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Transports.choose(Transport.EPOLL, refusing(Transport.EPOLL)));
        assertEquals("EPOLL is not available here: no", e.getMessage());
        assertThrows(IllegalStateException.class, () -> Transports.choose(Transport.IO_URING, t -> Optional.of("none")));
    }
}
