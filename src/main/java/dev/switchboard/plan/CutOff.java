package dev.switchboard.plan;

import dev.switchboard.config.Cidr;
import dev.switchboard.config.IpLiteral;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The warnings a plan earns before anything is touched: one that leaves the box without a
 * default route, or that changes the interface the operator's own SSH session arrives on. A
 * plan is not refused for them (the operator may mean it); it is marked, so nobody cuts the
 * branch they sit on without being told.
 */
public final class CutOff {
    private CutOff() {}

    /** Where the operator's session arrives, from {@code SSH_CONNECTION} ("client port server port"). */
    public record Session(InetAddress client, InetAddress server) {
        public static Optional<Session> of(String sshConnection) {
            if (sshConnection == null) {
                return Optional.empty();
            }
            String[] w = sshConnection.strip().split("\\s+");
            if (w.length != 4) {
                return Optional.empty();
            }
            Optional<InetAddress> client = IpLiteral.parse(w[0]);
            Optional<InetAddress> server = IpLiteral.parse(w[2]);
            return client.isPresent() && server.isPresent() ? Optional.of(new Session(client.get(), server.get())) : Optional.empty();
        }
    }

    /** Each warning as a line that starts with "! ". */
    public static List<String> warnings(Observed before, Plan plan, Optional<Session> session) {
        List<String> out = new ArrayList<>();
        int routes = before.defaultRoutes().size();
        for (Change c : plan.changes()) {
            if (c instanceof Change.AddRoute) {
                routes++;
            } else if (c instanceof Change.DeleteRoute) {
                routes--;
            }
        }
        if (!before.defaultRoutes().isEmpty() && routes <= 0) {
            out.add("! this plan removes every default route: the box will reach nothing beyond its own networks");
        }
        session.ifPresent(s -> arrivalLink(before, s.server()).ifPresent(link -> {
            if (plan.changes().stream().anyMatch(c -> touches(c, link))) {
                out.add("! this plan changes " + link + ", the interface your SSH session from " + IpLiteral.format(s.client())
                        + " arrives on: apply it with --try, so that it rolls itself back if it cuts you off");
            }
        }));
        return out;
    }

    private static Optional<String> arrivalLink(Observed before, InetAddress local) {
        return before.links().values().stream()
                .filter(l -> l.addresses().stream().map(Cidr::address).anyMatch(local::equals))
                .map(Observed.ObservedLink::name).findFirst();
    }

    /** Whether {@code c} can break what already carries traffic on {@code link}; additions beside it cannot. */
    private static boolean touches(Change c, String link) {
        if (c instanceof Change.SetState s) {
            return s.link().equals(link);
        }
        if (c instanceof Change.SetMtu m) {
            return m.link().equals(link);
        }
        if (c instanceof Change.DeleteAddress a) {
            return a.link().equals(link);
        }
        if (c instanceof Change.DeleteVlan v) {
            return v.name().equals(link);
        }
        if (c instanceof Change.DeleteRoute r) {
            return r.route().device().equals(link);
        }
        if (c instanceof Change.ReplaceRoute r) {
            return r.route().device().equals(link) || r.was().device().equals(link);
        }
        return false;
    }
}
