package dev.switchboard.net;

/** A namespace with the seed's five interfaces: veths eth0..eth4 whose peers are up (so carrier). */
public final class SeedBox {
    private SeedBox() {}

    public static Netns create(String name) throws Exception {
        Netns ns = Netns.create(name);
        for (int i = 0; i < 5; i++) {
            ns.kernel().addVeth("eth" + i, "peer" + i, -1);
            ns.kernel().setUp("peer" + i, true);
        }
        return ns;
    }

    /** The default routes as `ip route` lines, lowest metric first. */
    public static java.util.List<String> defaults(Kernel k) throws dev.switchboard.sys.SysException {
        NetState s = k.dump();
        return s.defaultRoutes().stream().map(r -> r.describe(s.linkName(r.oif()))).toList();
    }
}
