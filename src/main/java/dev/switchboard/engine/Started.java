package dev.switchboard.engine;

import dev.switchboard.config.Config;
import dev.switchboard.net.Kernel;
import dev.switchboard.net.NetState;
import dev.switchboard.proxy.Proxy;
import java.nio.file.Path;
import java.util.List;

/**
 * What a start brought up, for the engine's loop to own: the kernel socket, the participants of
 * each change (the kernel's, the proxy's), the running proxy, the config in force and its text,
 * the kernel as read after the change, and the start's transaction (taken back if what follows fails).
 */
record Started(Path configPath, Kernel kernel, Converger converger, List<Participant> participants, Proxy proxy, Config config, String text, NetState netState,
        ConfigTransaction.Committed committed) {}
