package dev.switchboard.engine;

import dev.switchboard.config.BackendSpec;
import dev.switchboard.config.BindSpec;
import dev.switchboard.config.Config;
import dev.switchboard.config.FrontendSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What a new config changes in the proxy, as diff lines beside the kernel's plan. Pure. */
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
        for (FrontendSpec f : before.frontends().values()) {
            FrontendSpec next = after.frontends().get(f.name());
            for (BindSpec b : f.binds()) {
                if (next == null || !next.binds().contains(b)) {
                    out.add("- bind " + f.name() + " " + b);
                }
            }
        }
        for (FrontendSpec f : after.frontends().values()) {
            FrontendSpec was = before.frontends().get(f.name());
            for (BindSpec b : f.binds()) {
                if (was == null || !was.binds().contains(b)) {
                    out.add("+ bind " + f.name() + " " + b);
                }
            }
            if (was != null && !(Objects.equals(was.mode(), f.mode()) && was.backend().equals(f.backend())
                    && was.timeouts().equals(f.timeouts()) && was.maxconn().equals(f.maxconn()))) {
                out.add("~ frontend " + f.name() + " (mode, backend, timeouts or maxconn)");
            }
        }
        for (BackendSpec b : after.backends().values()) {
            BackendSpec was = before.backends().get(b.name());
            if (was == null) {
                out.add("+ backend " + b.name());
            } else if (!was.equals(b)) {
                out.add("~ backend " + b.name() + " (servers, balance or health)");
            }
        }
        before.backends().keySet().stream().filter(n -> !after.backends().containsKey(n)).forEach(n -> out.add("- backend " + n));
        return out;
    }

    private static String name(dev.switchboard.config.Transport t) {
        return t.name().toLowerCase(java.util.Locale.ROOT);
    }
}
