package dev.switchboard.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.BindSpec;
import dev.switchboard.config.FrontendSpec;
import io.netty.channel.Channel;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.netty.channel.local.LocalChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Connections accepted over a frontend's maxconn are refused and said at a bounded rate: a
 * burst of refusals over two seconds gives about a line a second whose counts add up to all of
 * them, and those after the last line are said a second later, though no other refusal comes.
 */
class RefusalLogTest {
    record Line(long at, String text) {}

    static final Pattern SAID = Pattern.compile("ft: (\\d+) connections? refused: its maxconn 1 or the budget of 100 connections reached;"
            + " new ones wait in the listen queue");

    @Test
    void aBurstOfRefusalsIsSaidAboutOnceASecondAndNoneIsLost() throws Exception {
        FrontendSpec spec = ProxyTest.config(ProxyTest.tcp(18080, ProxyTest.server("s", 18081), "maxconn = 1")).frontends().get("ft");
        BindSpec bind = spec.binds().get(0);
        BlockingQueue<Line> said = new LinkedBlockingQueue<>();
        Admission admission = new Admission(100);
        Frontend frontend = new Frontend(spec, null, admission, l -> said.add(new Line(System.nanoTime(), l)));
        assertTrue(admission.admit(frontend), "one connection open: the frontend is at its maxconn");
        DefaultEventLoopGroup loops = new DefaultEventLoopGroup(1);
        try {
            EventLoop loop = loops.next();
            long start = System.nanoTime();
            long burst = TimeUnit.MILLISECONDS.toNanos(2300);
            int refused = 0;
            while (System.nanoTime() - start < burst) { // a client every millisecond, for 2.3 s
                Channel client = new LocalChannel();
                loop.register(client).sync();
                loop.submit(() -> frontend.accepted(client, bind)).sync();
                refused++;
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            long end = System.nanoTime();
            assertEquals(refused, frontend.refused.sum(), "each one counted");

            List<Line> lines = new ArrayList<>();
            long total = 0;
            while (total < refused) { // the last line comes a second after the one before it, without another refusal
                Line l = said.poll(3, TimeUnit.SECONDS);
                assertTrue(l != null, "refusals not said: " + (refused - total) + " of " + refused + "; said: " + lines);
                Matcher m = SAID.matcher(l.text());
                assertTrue(m.matches(), l.text());
                total += Long.parseLong(m.group(1));
                lines.add(l);
            }
            assertEquals(refused, total, "the lines add up to every refusal: " + lines);
            assertTrue(said.poll(1500, TimeUnit.MILLISECONDS) == null, "nothing more is said");
            for (int i = 1; i < lines.size(); i++) {
                long gap = lines.get(i).at() - lines.get(i - 1).at();
                // stamped as the log takes them: the first may have been a little slow to format
                assertTrue(gap >= Frontend.REFUSAL_LOG_EVERY * 9 / 10, "lines " + gap / 1_000_000 + " ms apart: " + lines);
            }
            // 2.3 s of refusals: the first at once, then one a second; the last of them once the burst is over
            assertTrue(lines.size() >= 3 && lines.size() <= 4, lines.size() + " lines: " + lines);
            assertTrue(lines.get(lines.size() - 1).at() > end, "the last line says those after the one before it: " + lines);
        } finally {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
