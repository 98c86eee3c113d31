package dev.switchboard.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.IpLiteral;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which neighbour notifications are news, and what is remembered of them (pure). */
class NeighbourNewsTest {
    static Neighbour n(String address, int state) {
        return new Neighbour(4, IpLiteral.parse(address).orElseThrow(), state);
    }

    static NetState table(Neighbour... entries) {
        return new NetState(List.of(), List.of(), List.of(), List.of(entries), List.of());
    }

    /** A dead gateway probed each second: the kernel drops its FAILED entry, resolves it again, fails again: said once. */
    @Test
    void aDeadGatewayDroppedByTheKernelAndProbedAgainIsNotNewsAgain() {
        NeighbourNews news = new NeighbourNews(table(n("10.2.0.1", Neighbour.NUD_REACHABLE)));
        assertEquals(false, news.news(n("10.2.0.1", Neighbour.NUD_STALE)));
        assertEquals(true, news.news(n("10.2.0.1", Neighbour.NUD_FAILED)));
        news.keepOnly(table()); // garbage-collected
        assertEquals(false, news.news(n("10.2.0.1", Neighbour.NUD_INCOMPLETE)));
        assertEquals(false, news.news(n("10.2.0.1", Neighbour.NUD_FAILED)), "still the same dead gateway");
        assertEquals(true, news.news(n("10.2.0.1", Neighbour.NUD_REACHABLE)), "it answers again");
    }

    /** After a socket overrun the table is taken as it is: what changed meanwhile is not told late. */
    @Test
    void afterAnOverrunTheKernelsTableIsTakenAsItIs() {
        NeighbourNews news = new NeighbourNews(table(n("10.2.0.1", Neighbour.NUD_REACHABLE)));
        news.sync(table(n("10.2.0.1", Neighbour.NUD_FAILED)));
        assertEquals(false, news.news(n("10.2.0.1", Neighbour.NUD_FAILED)));
    }

    /** A scan of a subnet leaves failed entries by the thousand: what is remembered stays bounded. */
    @Test
    void whatIsRememberedIsBounded() {
        NeighbourNews news = new NeighbourNews(table());
        List<Neighbour> present = new ArrayList<>();
        for (int i = 0; i < 3 * NeighbourNews.REMEMBERED; i++) {
            Neighbour failed = n("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), Neighbour.NUD_FAILED);
            assertEquals(true, news.news(failed));
            if (i % 1000 == 0) {
                present.add(failed);
            }
            news.keepOnly(table(present.toArray(Neighbour[]::new)));
            assertTrue(news.remembered() <= NeighbourNews.REMEMBERED + 1, "remembered " + news.remembered());
        }
    }
}
