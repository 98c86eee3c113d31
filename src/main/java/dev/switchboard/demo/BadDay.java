package dev.switchboard.demo;

import dev.switchboard.sys.SysException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code switchboard demo --bad-day}: the internet gateway stops forwarding while its link stays
 * up (as upstream routers fail), then forwards again, on a timer; the engine is told nothing. What
 * the operator then watches is the product: the gateway's health going dead, its route moved
 * behind the next live one, and the failback.
 */
public final class BadDay implements AutoCloseable {
    /** Seconds from the start until the gateway fails, and until it forwards again. */
    public static final int BEGINS_AFTER = 20;
    public static final int LASTS = 30;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-bad-day");
        t.setDaemon(true);
        return t;
    });

    private BadDay() {
    }

    /** The bad day of {@code sandbox}'s internet gateway, said in {@code log} as it happens. */
    public static BadDay start(Sandbox sandbox, Consumer<String> log) {
        BadDay day = new BadDay();
        String iface = sandbox.internet().orElseThrow(() -> new IllegalStateException("the sandbox has no internet gateway"));
        log.accept("demo: a bad day: in " + BEGINS_AFTER + " s " + iface + "'s gateway stops forwarding for " + LASTS + " s");
        day.timer.schedule(() -> forwarding(sandbox, iface, false, log,
                "demo: the bad day begins: " + iface + "'s gateway stops forwarding; its link stays up and it still answers ARP"),
                BEGINS_AFTER, TimeUnit.SECONDS);
        day.timer.schedule(() -> forwarding(sandbox, iface, true, log, "demo: the bad day ends: " + iface + "'s gateway forwards again"),
                BEGINS_AFTER + LASTS, TimeUnit.SECONDS);
        return day;
    }

    private static void forwarding(Sandbox sandbox, String iface, boolean on, Consumer<String> log, String said) {
        try {
            sandbox.forwarding(iface, on);
            log.accept(said);
        } catch (SysException e) {
            log.accept("demo: could not " + (on ? "mend" : "break") + " " + iface + "'s gateway: " + e.getMessage());
        }
    }

    /** Before the sandbox goes: nothing more happens to it. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS); // a change of the gateway under way ends before its namespace goes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
