package dev.switchboard.engine;

import dev.switchboard.net.Kernel;
import dev.switchboard.net.Requests.RouteOp;
import dev.switchboard.net.Route;
import dev.switchboard.net.Rule;
import dev.switchboard.net.netlink.Nl;
import dev.switchboard.plan.Change;
import dev.switchboard.plan.Observe;
import dev.switchboard.plan.Observed;
import dev.switchboard.plan.TableRoute;
import dev.switchboard.sys.SysException;
import java.io.UncheckedIOException;

/** Carries plan steps out on the real kernel through rtnetlink. */
public final class KernelRunner implements ChangeRunner {
    private final Kernel kernel;

    public KernelRunner(Kernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public void run(Change change) throws StepFailedException {
        try {
            if (change instanceof Change.CreateVlan c) {
                kernel.addVlan(c.name(), c.parent(), c.id());
            } else if (change instanceof Change.DeleteVlan c) {
                kernel.deleteLink(c.name());
            } else if (change instanceof Change.SetMtu c) {
                kernel.setMtu(c.link(), c.mtu());
            } else if (change instanceof Change.SetState c) {
                kernel.setUp(c.link(), c.state() == dev.switchboard.config.LinkState.UP);
            } else if (change instanceof Change.AddAddress c) {
                kernel.addAddress(c.link(), c.address().address(), c.address().prefixLength());
            } else if (change instanceof Change.DeleteAddress c) {
                if (c.address().family() == dev.switchboard.config.Family.IPV4) {
                    kernel.promoteSecondaries(c.link()); // so a new address in the same subnet stays
                }
                kernel.deleteAddress(c.link(), c.address().address(), c.address().prefixLength());
            } else if (change instanceof Change.AddRoute c) {
                kernel.changeDefaultRoute(RouteOp.ADD, c.route().gateway(), c.route().device(), c.route().metric(), Route.PROTO_SWITCHBOARD);
            } else if (change instanceof Change.DeleteRoute c) {
                kernel.changeDefaultRoute(RouteOp.DELETE, c.route().gateway(), c.route().device(), c.route().metric(), Route.PROTO_SWITCHBOARD);
            } else if (change instanceof Change.ReplaceRoute c) {
                kernel.changeDefaultRoute(RouteOp.REPLACE, c.route().gateway(), c.route().device(), c.route().metric(), Route.PROTO_SWITCHBOARD);
            } else if (change instanceof Change.AddTableRoute c) {
                tableRoute(RouteOp.ADD, c.route());
            } else if (change instanceof Change.DeleteTableRoute c) {
                tableRoute(RouteOp.DELETE, c.route());
            } else if (change instanceof Change.ReplaceTableRoute c) {
                tableRoute(RouteOp.REPLACE, c.route());
            } else if (change instanceof Change.AddRule c) {
                kernel.changeRule(true, Rule.fromAddress(c.rule().from(), c.rule().table(), c.rule().priority()));
            } else if (change instanceof Change.DeleteRule c) {
                kernel.changeRule(false, Rule.fromAddress(c.rule().from(), c.rule().table(), c.rule().priority()));
            }
        } catch (SysException e) {
            throw new StepFailedException(e.reason(), e);
        }
    }

    private void tableRoute(RouteOp op, TableRoute r) throws SysException {
        boolean v4 = r.family() == dev.switchboard.config.Family.IPV4;
        kernel.changeRoute(op, new Route(v4 ? Route.AF_INET : Route.AF_INET6, r.table(), r.dst().address(), r.dst().prefixLength(),
                r.gateway(), kernel.index(r.device()), r.metric(), Route.PROTO_SWITCHBOARD,
                r.isDefault() ? Nl.RT_SCOPE_UNIVERSE : Nl.RT_SCOPE_LINK, 1), r.device());
    }

    @Override
    public Observed observe() {
        try {
            return Observe.from(kernel.dump());
        } catch (SysException e) {
            throw new UncheckedIOException(e);
        }
    }
}
