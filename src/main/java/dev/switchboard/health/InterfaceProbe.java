package dev.switchboard.health;

import dev.switchboard.config.Family;
import dev.switchboard.net.Kernel;
import dev.switchboard.sys.LibC;

/** A probe of one interface, {@code device}, found by index in {@code kernel}'s namespace when a round asks. */
abstract class InterfaceProbe implements Probe {
    final String device;
    final Kernel kernel;

    InterfaceProbe(String device, Kernel kernel) {
        this.device = device;
        this.kernel = kernel;
    }

    /** The socket domain of a target's family. */
    static int domain(Family family) {
        return family == Family.IPV4 ? LibC.AF_INET : LibC.AF_INET6;
    }
}
