package dev.switchboard.plan;

import dev.switchboard.config.Cidr;
import dev.switchboard.config.Config;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What switchboard put on the host and may therefore take away again: addresses it added and
 * VLAN links it created. Its routes need no record: they carry switchboard's protocol number.
 * Everything else is external and left alone.
 */
public record Ownership(Set<OwnedAddress> addresses, Set<String> links) {

    public record OwnedAddress(String link, Cidr address) {}

    public Ownership {
        addresses = Set.copyOf(addresses);
        links = Set.copyOf(links);
    }

    public static Ownership none() {
        return new Ownership(Set.of(), Set.of());
    }

    public boolean owns(String link, Cidr address) {
        return addresses.contains(new OwnedAddress(link, address));
    }

    public boolean ownsLink(String link) {
        return links.contains(link);
    }

    /**
     * Ownership once a config is in force: what the changes added, less what they removed, plus
     * every address the config names (declaring an address in the config makes it switchboard's,
     * so that moving it to another interface later removes it from the first).
     */
    public Ownership after(List<Change> changes, Config config) {
        Ownership applied = after(changes);
        Set<OwnedAddress> a = new HashSet<>(applied.addresses);
        config.interfaces().values().forEach(i -> i.addresses().forEach(c -> a.add(new OwnedAddress(i.name(), c))));
        return new Ownership(a, applied.links);
    }

    /** Everything either owns: what switchboard may own at some instant between the two. */
    public Ownership union(Ownership other) {
        Set<OwnedAddress> a = new HashSet<>(addresses);
        a.addAll(other.addresses);
        Set<String> l = new HashSet<>(links);
        l.addAll(other.links);
        return new Ownership(a, l);
    }

    /** Ownership after {@code changes} have been applied. */
    public Ownership after(List<Change> changes) {
        Set<OwnedAddress> a = new HashSet<>(addresses);
        Set<String> l = new HashSet<>(links);
        for (Change c : changes) {
            if (c instanceof Change.AddAddress add) {
                a.add(new OwnedAddress(add.link(), add.address()));
            } else if (c instanceof Change.DeleteAddress del) {
                a.remove(new OwnedAddress(del.link(), del.address()));
            } else if (c instanceof Change.CreateVlan vlan) {
                l.add(vlan.name());
            } else if (c instanceof Change.DeleteVlan vlan) {
                l.remove(vlan.name());
                a.removeIf(o -> o.link().equals(vlan.name()));
            }
        }
        return new Ownership(a, l);
    }
}
