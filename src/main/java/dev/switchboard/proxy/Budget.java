package dev.switchboard.proxy;

import dev.switchboard.config.Config;
import dev.switchboard.config.FrontendSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The one connection budget, as HAProxy's global maxconn: derived from the open-files limit (two
 * files a connection, a reserve for the engine, the checks and the console) unless the config
 * names one, and shared by all frontends, whose own maxconn is a cap within it. Pure.
 */
public record Budget(int connections, String note) {
    /** Descriptors kept aside for listeners, health checks, the control socket, the console and the JVM itself. */
    static final long RESERVED_FILES = 256;

    /** The budget {@code config} gets under an open-files limit of {@code openFiles}; a note says if it was lowered. */
    public static Budget of(Config config, long openFiles) {
        long fits = Math.max(1, (openFiles - RESERVED_FILES) / 2);
        int derived = (int) Math.min(Integer.MAX_VALUE, fits);
        var asked = config.appliance().maxconn();
        if (asked.isEmpty()) {
            return new Budget(derived, "");
        }
        if (asked.getAsInt() > fits) {
            return new Budget(derived, "appliance.maxconn " + asked.getAsInt() + " needs " + files(asked.getAsInt()) + " open files, over the limit of "
                    + openFiles + ": lowered to " + derived + " (raise LimitNOFILE)");
        }
        return new Budget(asked.getAsInt(), "");
    }

    /** What `check` warns of: a budget lowered by the limit, caps over the budget. Never a reason to refuse. */
    public static List<String> warnings(Config config, long openFiles) {
        List<String> out = new ArrayList<>();
        Budget budget = of(config, openFiles);
        if (!budget.note().isEmpty()) {
            out.add(budget.note());
        }
        long sum = 0;
        for (FrontendSpec f : config.frontends().values()) {
            if (f.maxconn().isPresent()) {
                int cap = f.maxconn().getAsInt();
                sum += cap;
                if (cap > budget.connections()) {
                    out.add("frontends." + f.name() + ".maxconn " + cap + " is over the budget of " + budget.connections()
                            + " connections all frontends share (" + openFiles + " open files): it is never reached");
                }
            }
        }
        if (sum > budget.connections() && config.frontends().values().stream().allMatch(f -> f.maxconn().isPresent())) {
            out.add("the frontends' caps add up to " + sum + ", over the budget of " + budget.connections()
                    + " they share: under full load some frontends wait for others' connections to end");
        }
        return out;
    }

    private static long files(long connections) {
        return 2 * connections + RESERVED_FILES;
    }
}
