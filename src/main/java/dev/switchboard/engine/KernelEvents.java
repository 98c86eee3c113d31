package dev.switchboard.engine;

import dev.switchboard.config.Config;
import dev.switchboard.config.IpLiteral;
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

    /**
     * Whether an event of the kernel is the operator's news under {@code config}: a neighbour only
     * when it is a gateway or a server (the LAN's clients come and go on its links all day).
     */
    static boolean news(EngineEvent e, Config config) {
        if (!(e instanceof EngineEvent.NeighbourChanged n)) {
            return true;
        }
        return config.interfaces().values().stream().anyMatch(i -> i.gateway().map(IpLiteral::format).filter(n.address()::equals).isPresent())
                || config.backends().values().stream().flatMap(b -> b.servers().stream())
                        .anyMatch(s -> IpLiteral.format(s.address().address()).equals(n.address()));
    }
}
