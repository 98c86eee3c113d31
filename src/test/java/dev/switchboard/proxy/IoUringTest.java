package dev.switchboard.proxy;

import org.junit.jupiter.api.Nested;

/** Every proxy test again on Netty's io_uring transport (`[appliance] transport = "io_uring"`). */
class IoUringTest {
    @Nested
    class Tcp extends ProxyTest {
        @Override
        String transport() {
            return "io_uring";
        }
    }

    @Nested
    class Http extends HttpProxyTest {
        @Override
        String transport() {
            return "io_uring";
        }
    }

    @Nested
    class Smuggling extends HttpSmugglingTest {
        @Override
        String transport() {
            return "io_uring";
        }
    }

    @Nested
    class SlowClients extends HttpSlowClientTest {
        @Override
        String transport() {
            return "io_uring";
        }
    }
}
