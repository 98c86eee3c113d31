package dev.switchboard.diagnose;

import dev.switchboard.net.Link;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sysctls doctor reads, by their sysctl names ({@code net.ipv4.conf.eth0/10.rp_filter}: a dot
 * of an interface's name is a slash there), and where each lives under /proc/sys. Pure.
 */
public final class Sysctls {
    public static final String IP_FORWARD = "net.ipv4.ip_forward";
    public static final String IPV6_FORWARDING = "net.ipv6.conf.all.forwarding";
    public static final String NONLOCAL_BIND = "net.ipv4.ip_nonlocal_bind";
    static final List<String> PER_INTERFACE = List.of("rp_filter", "arp_ignore", "arp_announce");

    private Sysctls() {}

    /** The name of an interface's (or {@code all}'s) IPv4 setting. */
    public static String conf(String iface, String setting) {
        return "net.ipv4.conf." + iface.replace('.', '/') + "." + setting;
    }

    /** Every sysctl doctor reads on a box with these links. */
    public static List<String> wanted(List<Link> links) {
        List<String> names = new ArrayList<>(List.of(IP_FORWARD, IPV6_FORWARDING, NONLOCAL_BIND));
        for (String setting : PER_INTERFACE) {
            names.add(conf("all", setting));
            names.add(conf("default", setting));
            links.forEach(l -> names.add(conf(l.name(), setting)));
        }
        return names;
    }

    /** The file of a sysctl, relative to /proc/sys: dots are slashes, and slashes (of an interface's name) dots. */
    public static String path(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            out.append(c == '.' ? '/' : c == '/' ? '.' : c);
        }
        return out.toString();
    }

    /** A sysctl's value as a number, if it was read and is one. */
    static Optional<Integer> number(Map<String, String> sysctls, String name) {
        String v = sysctls.get(name);
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(v.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The value the kernel acts on for an interface: the larger of {@code all}'s and the interface's own. */
    static Optional<Integer> effective(Map<String, String> sysctls, String iface, String setting) {
        Optional<Integer> all = number(sysctls, conf("all", setting));
        Optional<Integer> own = number(sysctls, conf(iface, setting));
        if (all.isEmpty() && own.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Math.max(all.orElse(0), own.orElse(0)));
    }

    /** The line of a file in /etc/sysctl.d that keeps a setting across reboots. */
    static String keep(String name, int value) {
        return "sysctl -w " + name + "=" + value + " and, to keep it, the line `" + name + " = " + value
                + "` in /etc/sysctl.d/90-switchboard.conf";
    }
}
