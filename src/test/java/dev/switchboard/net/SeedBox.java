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

    /**
     * The seed's box where the kernel has the vlan link type (tried on a scratch VLAN); elsewhere
     * (these build machines' kernel) the test is skipped: GuestKernelIT runs it on Debian's kernel.
     */
    public static Netns createWithVlans(String name) throws Exception {
        Netns ns = create(name);
        try {
            ns.kernel().addVlan("probe.4094", "eth0", 4094);
            ns.kernel().deleteLink("probe.4094");
        } catch (dev.switchboard.sys.SysException e) {
            ns.close();
            org.junit.jupiter.api.Assumptions.assumeFalse(e.errnoName().equals("EOPNOTSUPP"),
                    "this kernel has no vlan link type (" + e.getMessage() + "): GuestKernelIT runs this on Debian's kernel");
            throw e;
        }
        return ns;
    }

    /** The default routes as `ip route` lines, lowest metric first. */
    public static java.util.List<String> defaults(Kernel k) throws dev.switchboard.sys.SysException {
        NetState s = k.dump();
        return s.defaultRoutes().stream().map(r -> r.describe(s.linkName(r.oif()))).toList();
    }
}
