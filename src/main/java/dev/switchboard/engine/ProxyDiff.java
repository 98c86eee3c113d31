package dev.switchboard.engine;

import dev.switchboard.config.Config;
import dev.switchboard.config.Transport;
import dev.switchboard.proxy.ProxyChanges;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What a new config changes in the proxy ({@link ProxyChanges}, as the proxy will act on it), as diff lines beside the kernel's plan. Pure. */
final class ProxyDiff {
    private ProxyDiff() {}

    static List<String> lines(Config before, Config after) {
        List<String> out = new ArrayList<>();
        if (before.appliance().transport() != after.appliance().transport()) {
            out.add("~ proxy transport " + name(after.appliance().transport()) + " (was " + name(before.appliance().transport())
                    + "): from the next start of switchboard");
        }
        if (!before.appliance().metrics().equals(after.appliance().metrics())) {
            out.add("~ metrics " + after.appliance().metrics().map(m -> "at " + m).orElse("off")
                    + before.appliance().metrics().map(m -> " (was at " + m + ")").orElse(" (was off)"));
        }
        ProxyChanges changes = ProxyChanges.between(before, after);
        changes.closed().forEach(b -> out.add("- bind " + b));
        changes.opened().forEach(b -> out.add("+ bind " + b));
        changes.frontendsChanged().forEach(f -> out.add("~ frontend " + f + " (mode, backend, timeouts or maxconn)"));
        changes.backendsAdded().forEach(b -> out.add("+ backend " + b));
        changes.backendsReplaced().forEach(b -> out.add("~ backend " + b + " (servers, balance or health)"));
        changes.backendsRemoved().forEach(b -> out.add("- backend " + b));
        return out;
    }

    private static String name(Transport t) {
        return t.name().toLowerCase(Locale.ROOT);
    }
}
