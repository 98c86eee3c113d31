package dev.switchboard.diagnose;

import dev.switchboard.config.BindSpec;
import dev.switchboard.config.IpLiteral;
import dev.switchboard.engine.ReplyRoute;
import dev.switchboard.net.NetState;
import dev.switchboard.net.Route;
import dev.switchboard.net.RouteLookup;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a reply to one client leaves, bind by bind: the mechanism that decides (pin, policy rule,
 * main table), the route, interface, gateway and source, and whether that is the interface the
 * bind's traffic comes in on, with the fix when it is not. Pure: the answer is the kernel's (live)
 * or {@link RouteLookup}'s (a snapshot), the words the same.
 */
public final class Explain {
    private Explain() {}

    /** A bind's reply to the client: what is asked, and the answer it got. */
    public record Path(String frontend, BindSpec bind, Optional<String> arrives, RouteLookup.Query query, RouteLookup.Answer answer) {
        public String subject() {
            return frontend + " " + bind;
        }
    }

    /** The binds asked about: those of {@code frontend}, or all; each with the pure lookup's answer. */
    public static List<Path> paths(List<ReplyRoute> binds, NetState net, InetAddress client, Optional<String> frontend) {
        List<Path> out = new ArrayList<>();
        for (ReplyRoute r : binds) {
            if (frontend.isPresent() && !frontend.get().equals(r.frontend())) {
                continue;
            }
            RouteLookup.Query q = ReplyRoute.query(r.bind(), client, net);
            RouteLookup.Answer a = family(r.bind()) == q.family() ? RouteLookup.lookup(net, q) : RouteLookup.Answer.error("EAFNOSUPPORT");
            out.add(new Path(r.frontend(), r.bind(), r.arrives(), q, a));
        }
        return out;
    }

    /**
     * The same path with the kernel's answer: its interface, gateway, source or error; the rule and
     * route that decided (which the kernel does not say) are the pure lookup's when the two agree.
     */
    public static Path withKernel(Path p, RouteLookup.Answer kernel) {
        RouteLookup.Answer pure = p.answer();
        boolean same = agree(kernel, pure);
        return new Path(p.frontend(), p.bind(), p.arrives(), p.query(), new RouteLookup.Answer(same ? pure.rule() : kernel.rule(),
                same ? pure.table() : kernel.table(), same ? pure.route() : kernel.route(), kernel.type(), kernel.oif(), kernel.gateway(),
                kernel.source(), kernel.error()));
    }

    /** Whether two answers say the same: the error, or the type, interface, gateway and source. */
    public static boolean agree(RouteLookup.Answer a, RouteLookup.Answer b) {
        if (!a.error().equals(b.error())) {
            return false;
        }
        return a.error().isPresent()
                || a.type() == b.type() && a.oif() == b.oif() && a.gateway().equals(b.gateway()) && a.source().equals(b.source());
    }

    /** Whether the kernel is asked about this bind: it listens on the client's family. */
    public static boolean asked(Path p) {
        return family(p.bind()) == p.query().family();
    }

    /** Whether the reply leaves where the traffic arrives (a bind whose interface is not known passes). */
    public static boolean good(Path p, NetState net) {
        if (!asked(p)) {
            return true; // not its family: nothing to say
        }
        if (!p.answer().ok()) {
            return false;
        }
        if (p.answer().route().isEmpty()) {
            return false; // a pinned bind with no route out of its pin: the kernel tries the client as a neighbour there
        }
        return p.arrives().map(a -> a.equals(net.linkName(p.answer().oif()))).orElse(true);
    }

    /**
     * The lines of one bind: its subject, then indented "what  value" lines. {@code dead}: the
     * interfaces whose gateway its check finds dead; replies leaving by another interface than such
     * a one is the failover's doing, and a pin there would send them to the dead gateway.
     */
    public static List<String> lines(Path p, NetState net, InetAddress client, java.util.Set<String> dead) {
        List<String> out = new ArrayList<>();
        out.add(p.subject());
        String c = IpLiteral.format(client);
        if (family(p.bind()) != p.query().family()) {
            out.add(row("not asked", "the bind listens on " + (family(p.bind()) == Route.AF_INET ? "IPv4" : "IPv6") + ", the client is not"));
            return out;
        }
        RouteLookup.Answer a = p.answer();
        out.add(row("decided by", mechanism(p, net)));
        InetAddress bound = p.bind().address().address();
        if (!a.ok() && !bound.isAnyLocalAddress() && !RouteLookup.isLocal(net, bound)) {
            // the lookup fails first of all on a source the box does not have; a route is not what is missing
            out.add(row("route", "none: the bind's address " + IpLiteral.format(bound) + " is not on this box (the kernel answers "
                    + a.error().get() + ")"));
            out.add(row("fix", "put " + IpLiteral.format(bound) + " on an interface (addresses = [...] in its [interface]),"
                    + " then switchboard apply"));
            return out;
        }
        if (!a.ok()) {
            out.add(row("route", "none: the kernel answers " + a.error().get() + " for " + c));
            out.add(row("fix", "a route to " + c + ": a gateway for the interface of " + p.arrives().orElse("the bind's address")
                    + " (gateway = ... in its [interface]), then switchboard apply"));
            return out;
        }
        String dev = net.linkName(a.oif());
        out.add(row("route", a.route().map(r -> r.describe(net::linkName)).orElse("none out of " + dev
                + ": the pin makes the kernel send as if " + c + " were on " + dev + "'s link")));
        // a multipath route not narrowed by a pin: the kernel picks one of its next hops per flow
        boolean spread = a.route().filter(Route::multipath).isPresent() && !p.query().pinDecides();
        out.add(row("leaves by", dev + a.gateway().map(g -> " via " + IpLiteral.format(g)).orElse(" directly (on-link)")
                + (spread ? " or another of the route's " + a.route().get().nexthops().size() + " next hops (the kernel picks one per flow)" : "")
                + ", source " + a.source().map(IpLiteral::format).orElse("none")));
        if (p.arrives().isEmpty()) {
            out.add(row("arrives on", "any interface (the bind listens on every address): not checked"));
            return out;
        }
        String in = p.arrives().get();
        if (a.route().isEmpty()) {
            out.add(row("arrives on", in + ", but no route to " + c + " leaves by it: the reply finds no gateway"));
            out.add(row("fix", "a default route for " + in + " (gateway = ... in its [interface]), then switchboard apply"));
        } else if (in.equals(dev)) {
            out.add(row("arrives on", in + ": the interface replies leave by"));
        } else if (dead.contains(in)) { // a failover's doing: a pin would send the replies to the dead gateway
            out.add(row("arrives on", in + ", whose gateway is dead (failed over): clients beyond it cannot reach this bind until it"
                    + " answers again; replies leave by " + dev + " meanwhile"));
            out.add(row("fix", "nothing on the bind: the gateway (see switchboard doctor)"));
        } else {
            out.add(row("arrives on", in + ", NOT the interface replies leave by (" + dev + "): a gateway that never saw the request drops them"));
            out.add(row("fix", "pin the bind with interface = \"" + in + "\" in its [[frontend.bind]], or give " + in
                    + " a table (table = N in its [interface]) so a rule sends replies from its address through its gateway"));
        }
        return out;
    }

    /** An answer in one phrase: "eth2 via 10.2.0.1, source 10.2.0.10", or the error. */
    public static String brief(RouteLookup.Answer a, NetState net) {
        return a.error().orElseGet(() -> net.linkName(a.oif()) + a.gateway().map(g -> " via " + IpLiteral.format(g)).orElse("")
                + ", source " + a.source().map(IpLiteral::format).orElse("none"));
    }

    /** The mechanism that decided: the pin, a policy rule, or the main table. */
    static String mechanism(Path p, NetState net) {
        RouteLookup.Answer a = p.answer();
        String rule = a.rule().map(r -> ReplyRoute.policy(r) ? "policy rule " + r.describe() : r.table() == Route.TABLE_MAIN
                ? "main table (" + r.describe() + ")" : "table " + r.table() + " (" + r.describe() + ")").orElse("");
        Optional<String> pin = p.bind().interfaceName();
        if (pin.isPresent()) {
            return "pin: interface = \"" + pin.get() + "\" (SO_BINDTODEVICE)" + (rule.isEmpty() ? "" : "; within it, " + rule);
        }
        return rule.isEmpty() ? "no rule found a route" : rule;
    }

    private static int family(BindSpec b) {
        return b.address().address().getAddress().length == 4 ? Route.AF_INET : Route.AF_INET6;
    }

    private static String row(String what, String value) {
        return "  " + String.format("%-11s", what) + " " + value;
    }
}
