package dev.switchboard.engine;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines of the kernel's watcher ({@link dev.switchboard.net.Monitor}, in the words of
 * `ip monitor`) as events, read in this one place; a line of another shape is a
 * {@link EngineEvent.KernelNote}.
 */
final class KernelEvents {
    private static final Pattern LINK = Pattern.compile("link (\\S+) (.+)");
    private static final Pattern ADDRESS = Pattern.compile("([+-]) address (\\S+) dev (\\S+)");
    private static final Pattern ROUTE = Pattern.compile("([+-]) route (.+)");
    private static final Pattern NEIGHBOUR = Pattern.compile("neighbour (\\S+) dev (\\S+) (.+)");

    private KernelEvents() {}

    static EngineEvent of(String line) {
        Matcher m = LINK.matcher(line);
        if (m.matches()) {
            return new EngineEvent.LinkChanged(m.group(1), m.group(2));
        }
        m = ADDRESS.matcher(line);
        if (m.matches()) {
            return new EngineEvent.AddressChanged(m.group(1).equals("+"), m.group(2), m.group(3));
        }
        m = ROUTE.matcher(line);
        if (m.matches()) {
            return new EngineEvent.RouteChanged(m.group(1).equals("+"), m.group(2));
        }
        m = NEIGHBOUR.matcher(line);
        if (m.matches()) {
            return new EngineEvent.NeighbourChanged(m.group(1), m.group(2), m.group(3));
        }
        return new EngineEvent.KernelNote(line);
    }
}
