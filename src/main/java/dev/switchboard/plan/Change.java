package dev.switchboard.plan;

import dev.switchboard.config.IpLiteral;
import dev.switchboard.config.Cidr;
import dev.switchboard.config.LinkState;
import java.util.Locale;

/**
 * One step of a plan, as data: what to change in the kernel and how to undo it. Interfaces are
 * named, not numbered, because a VLAN created by an earlier step has no index at plan time.
 * {@link #toString()} is the line `switchboard plan` prints: {@code +} adds, {@code -} removes,
 * {@code ~} changes in place.
 */
public sealed interface Change {

    /** The change that puts back what this one changes. */
    Change inverse();

    record CreateVlan(String name, String parent, int id) implements Change {
        public Change inverse() {
            return new DeleteVlan(name, parent, id);
        }

        @Override
        public String toString() {
            return "+ link " + name + " vlan " + id + " on " + parent;
        }
    }

    record DeleteVlan(String name, String parent, int id) implements Change {
        public Change inverse() {
            return new CreateVlan(name, parent, id);
        }

        @Override
        public String toString() {
            return "- link " + name + " vlan " + id + " on " + parent;
        }
    }

    record SetMtu(String link, int mtu, int was) implements Change {
        public Change inverse() {
            return new SetMtu(link, was, mtu);
        }

        @Override
        public String toString() {
            return "~ link " + link + " mtu " + mtu + " (was " + was + ")";
        }
    }

    record SetState(String link, LinkState state) implements Change {
        public Change inverse() {
            return new SetState(link, opposite());
        }

        private LinkState opposite() {
            return state == LinkState.UP ? LinkState.DOWN : LinkState.UP;
        }

        @Override
        public String toString() {
            return "~ link " + link + " " + state.name().toLowerCase(Locale.ROOT)
                    + " (was " + opposite().name().toLowerCase(Locale.ROOT) + ")";
        }
    }

    record AddAddress(String link, Cidr address) implements Change {
        public Change inverse() {
            return new DeleteAddress(link, address);
        }

        @Override
        public String toString() {
            return "+ address " + address + " dev " + link;
        }
    }

    record DeleteAddress(String link, Cidr address) implements Change {
        public Change inverse() {
            return new AddAddress(link, address);
        }

        @Override
        public String toString() {
            return "- address " + address + " dev " + link;
        }
    }

    record AddRoute(DefaultRoute route) implements Change {
        public Change inverse() {
            return new DeleteRoute(route);
        }

        @Override
        public String toString() {
            return "+ route " + route;
        }
    }

    record DeleteRoute(DefaultRoute route) implements Change {
        public Change inverse() {
            return new AddRoute(route);
        }

        @Override
        public String toString() {
            return "- route " + route;
        }
    }

    /** Same family and metric, another gateway or device: the kernel swaps it in one step. */
    record ReplaceRoute(DefaultRoute route, DefaultRoute was) implements Change {
        public Change inverse() {
            return new ReplaceRoute(was, route);
        }

        @Override
        public String toString() {
            return "~ route " + route + " (was via " + IpLiteral.format(was.gateway()) + " dev " + was.device() + ")";
        }
    }

    /** A route in an interface's own table (policy routing). */
    record AddTableRoute(TableRoute route) implements Change {
        public Change inverse() {
            return new DeleteTableRoute(route);
        }

        @Override
        public String toString() {
            return "+ route " + route;
        }
    }

    record DeleteTableRoute(TableRoute route) implements Change {
        public Change inverse() {
            return new AddTableRoute(route);
        }

        @Override
        public String toString() {
            return "- route " + route;
        }
    }

    /** Same table, destination and metric, another gateway or device: swapped in one step. */
    record ReplaceTableRoute(TableRoute route, TableRoute was) implements Change {
        public Change inverse() {
            return new ReplaceTableRoute(was, route);
        }

        @Override
        public String toString() {
            return "~ route " + route + " (was " + was.gateway().map(g -> "via " + dev.switchboard.config.IpLiteral.format(g) + " ").orElse("")
                    + "dev " + was.device() + ")";
        }
    }

    /** A rule that sends traffic from one address to an interface's table. */
    record AddRule(PolicyRule rule) implements Change {
        public Change inverse() {
            return new DeleteRule(rule);
        }

        @Override
        public String toString() {
            return "+ rule " + rule;
        }
    }

    record DeleteRule(PolicyRule rule) implements Change {
        public Change inverse() {
            return new AddRule(rule);
        }

        @Override
        public String toString() {
            return "- rule " + rule;
        }
    }
}
