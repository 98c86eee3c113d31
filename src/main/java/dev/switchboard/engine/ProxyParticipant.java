package dev.switchboard.engine;

import dev.switchboard.config.Config;
import dev.switchboard.proxy.BindStatus;
import dev.switchboard.proxy.Proxy;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The proxy as a participant of a change: started by the first change (every bind must
 * listen, or it closes again), reconfigured by the next ones (new binds open while the old still
 * listen; if one cannot, nothing of the proxy changed).
 */
final class ProxyParticipant implements Participant {
    private final int threads;
    private final Consumer<String> log;
    private Proxy proxy; // the engine loop's, once started

    ProxyParticipant(int threads, Consumer<String> log) {
        this.threads = threads;
        this.log = log;
    }

    /** The running proxy; null before the first change. */
    Proxy proxy() {
        return proxy;
    }

    @Override
    public String name() {
        return "proxy";
    }

    @Override
    public Prepared prepare(Config from, Config to) {
        return new Prepared(List.of(), from == null ? List.of() : ProxyDiff.lines(from, to), List.of());
    }

    @Override
    public Applied apply(Config from, Config to, String who) {
        if (proxy == null) {
            Proxy started = Proxy.start(to, threads, Executors.defaultThreadFactory(), log);
            List<BindStatus> shut = started.binds().stream().filter(b -> !b.listening()).toList();
            if (!shut.isEmpty()) {
                started.close();
                return new Applied.Failed(shut.stream()
                        .map(b -> "frontend " + b.frontend() + " cannot listen on " + b.bind().address() + ": " + b.error().orElse("")).toList());
            }
            Optional<String> metrics = started.serveMetrics(to.appliance().metrics());
            if (metrics.isPresent()) {
                started.close();
                return new Applied.Failed(List.of(metrics.get()));
            }
            proxy = started;
            return new Applied.Done(List.of(), List.of("proxy: started"), () -> {
                started.close();
                proxy = null;
                return Optional.empty();
            });
        }
        Optional<String> metrics = proxy.serveMetrics(to.appliance().metrics()); // first: it changes nothing else if it cannot listen
        if (metrics.isPresent()) {
            return new Applied.Failed(List.of("proxy: " + metrics.get()));
        }
        Proxy.Reconfigured r = proxy.reconfigure(to);
        if (!r.applied()) {
            List<String> failed = new java.util.ArrayList<>(r.failed().stream().map(b -> "proxy: " + b).toList());
            proxy.serveMetrics(from.appliance().metrics()).ifPresent(m -> failed.add("proxy: and back: " + m));
            return new Applied.Failed(failed);
        }
        return new Applied.Done(List.of(), List.of("proxy: reconfigured"), () -> undo(from));
    }

    /** Back to {@code from}: its binds and its metrics place, each tried whatever the other did; what could not be, said. */
    private Optional<String> undo(Config from) {
        boolean binds = proxy.reconfigure(from).applied();
        Optional<String> metrics = proxy.serveMetrics(from.appliance().metrics());
        List<String> wrong = new java.util.ArrayList<>();
        if (!binds) {
            wrong.add("the binds of the config in force could not be opened again");
        }
        metrics.ifPresent(wrong::add);
        return wrong.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", wrong));
    }
}
