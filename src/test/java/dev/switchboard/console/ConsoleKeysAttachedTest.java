package dev.switchboard.console;

import dev.switchboard.control.ControlServer;
import dev.switchboard.control.Protocol;

/** The keys of {@link ConsoleKeysTest} on a console attached to the engine over its control socket, as to systemd's engine. */
class ConsoleKeysAttachedTest extends ConsoleKeysTest {
    ControlServer server;

    @Override
    Operations operations() throws Exception {
        server = ns.call(() -> ControlServer.start(dir.resolve("control.sock"), new Protocol(engine), line -> { }));
        return new Remote(dir.resolve("control.sock"));
    }

    @Override
    void closeMore() throws Exception {
        server.close();
    }
}
