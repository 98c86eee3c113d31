package dev.switchboard.proxy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** The proxy's counters read into a {@link Stats.Snapshot}, and their once-a-second tick (for HAProxy's "rate"). */
final class Counters {
    private Counters() {
    }

    static Stats.Snapshot read(Collection<Frontend> frontends, Collection<Backend> backends, List<BindStatus> binds, int budget) {
        long now = System.nanoTime();
        List<Stats.FrontendStats> fs = new ArrayList<>();
        for (Frontend f : frontends) {
            var spec = f.spec();
            long requests = f.requests.sum();
            Stats.Http h = f.http.read();
            fs.add(new Stats.FrontendStats(spec.name(), spec.mode().name().toLowerCase(Locale.ROOT), f.current.get(),
                    f.total.sum(), f.refused.sum(), requests, f.bytesIn.sum(), f.bytesOut.sum(), f.errors.sum(),
                    binds.stream().filter(b -> b.frontend().equals(spec.name())).map(b -> {
                        Frontend.Counter c = f.perBind.get(b.bind());
                        return new Stats.BindStats(b, c == null ? 0 : c.current.get(), c == null ? 0 : c.total.sum());
                    }).toList(),
                    new Stats.Http(h.r1xx(), h.r2xx(), h.r3xx(), h.r4xx(), h.r5xx(), h.other(), requests, h.responseErrors()),
                    f.rate.lastSecond()));
        }
        List<Stats.BackendStats> bs = new ArrayList<>();
        List<Stats.ServerStats> ss = new ArrayList<>();
        for (Backend b : backends) {
            List<Stats.ServerStats> mine = new ArrayList<>();
            for (Server s : b.servers()) {
                mine.add(new Stats.ServerStats(b.spec().name(), s.spec().name(), s.spec().address().toString(), s.healthy(),
                        s.enabled(), s.checking(), s.lastChange(), s.active(), s.total.sum(), s.bytesIn.sum(), s.bytesOut.sum(),
                        s.failedConnects.sum(), s.http.read(), s.rate.lastSecond(), s.weight(), s.admin(), s.checkFailures.sum(),
                        s.checkDowns.sum(), b.spec().health().isPresent() ? s.checkStatus() : ""));
            }
            bs.add(new Stats.BackendStats(b.spec().name(), b.spec().balance().name().toLowerCase(Locale.ROOT),
                    (int) b.servers().stream().filter(Server::takesTraffic).count(), mine.size(),
                    mine.stream().mapToInt(Stats.ServerStats::current).sum(), mine.stream().mapToLong(Stats.ServerStats::total).sum(),
                    mine.stream().mapToLong(Stats.ServerStats::bytesIn).sum(), mine.stream().mapToLong(Stats.ServerStats::bytesOut).sum(),
                    mine.stream().mapToLong(Stats.ServerStats::failedConnects).sum(), b.http.read(),
                    mine.stream().mapToLong(Stats.ServerStats::rate).sum(),
                    mine.stream().filter(s -> s.admin() == Stats.Admin.READY).mapToInt(Stats.ServerStats::weight).sum(),
                    b.responseTime.averageSeconds()));
            ss.addAll(mine);
        }
        return new Stats.Snapshot(now, fs, bs, ss, budget);
    }

    /** A second passed: each rate takes the last second's growth. */
    static void tick(Collection<Frontend> frontends, Collection<Backend> backends) {
        frontends.forEach(f -> f.rate.tick());
        backends.forEach(b -> {
            b.servers().forEach(s -> s.rate.tick());
            b.responseTime.tick();
        });
    }
}
