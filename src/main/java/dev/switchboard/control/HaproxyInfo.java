package dev.switchboard.control;

import dev.switchboard.config.BackendSpec;
import dev.switchboard.config.Config;
import dev.switchboard.config.ServerSpec;
import dev.switchboard.proxy.Stats;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * HAProxy's "show info" and "show servers state" (management guide 9.3), from values: hatop
 * reads 14 of the info keys with its own patterns and gives up when one is missing.
 */
public final class HaproxyInfo {
    private HaproxyInfo() {}

    /** What "show info" tells of this process, gathered at the edge. */
    public record Process(String version, String releaseDate, long pid, long uptimeSeconds, int maxconn, int tasks, int idlePct,
            String node) {}

    /** "show info": Key: value lines in HAProxy's order and spelling. */
    public static String info(Process p, Stats.Snapshot stats) {
        Map<String, Object> kv = new LinkedHashMap<>();
        kv.put("Name", "Switchboard");
        kv.put("Version", p.version());
        kv.put("Release_date", p.releaseDate());
        kv.put("Nbthread", 1);
        kv.put("Nbproc", 1);
        kv.put("Process_num", 1);
        kv.put("Pid", p.pid());
        kv.put("Uptime", uptime(p.uptimeSeconds()));
        kv.put("Uptime_sec", p.uptimeSeconds());
        kv.put("Maxconn", p.maxconn());
        kv.put("Hard_maxconn", p.maxconn());
        kv.put("CurrConns", stats.frontends().stream().mapToLong(Stats.FrontendStats::current).sum());
        kv.put("CumConns", stats.frontends().stream().mapToLong(Stats.FrontendStats::total).sum());
        kv.put("CumReq", stats.frontends().stream().mapToLong(Stats.FrontendStats::requests).sum());
        kv.put("Maxpipes", 0);
        kv.put("PipesUsed", 0);
        kv.put("PipesFree", 0);
        kv.put("Tasks", p.tasks());
        kv.put("Run_queue", 0);
        kv.put("Idle_pct", p.idlePct());
        kv.put("node", p.node());
        StringBuilder out = new StringBuilder();
        kv.forEach((k, v) -> out.append(k).append(": ").append(v).append('\n'));
        return out.toString();
    }

    /** HAProxy's uptime: "0d 1h02m03s". */
    static String uptime(long s) {
        return String.format("%dd %dh%02dm%02ds", s / 86400, s / 3600 % 24, s / 60 % 60, s % 60);
    }

    static final String SERVERS_STATE_HEADER = "# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight"
            + " srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state"
            + " srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port"
            + " srv_check_addr srv_agent_addr srv_agent_port\n";

    /**
     * "show servers state [BACKEND]": the format's version (1), the header, a line per server.
     * op_state 2 is running, 0 stopped; admin_state 0x01 is maintenance forced by an operator;
     * check status 5 is a layer 4 check that passed, 7 one that failed, 1 one not yet done.
     */
    public static String serversState(Stats.Snapshot stats, Config config, long nowEpochSecond, Optional<String> only) {
        if (only.isPresent() && stats.backend(only.get()).isEmpty()) {
            return "Can't find backend.\n";
        }
        Map<String, Integer> iids = HaproxyCsv.iids(config, stats);
        StringBuilder out = new StringBuilder("1\n").append(SERVERS_STATE_HEADER);
        for (Stats.BackendStats b : stats.backends()) {
            if (only.isPresent() && !only.get().equals(b.name())) {
                continue;
            }
            Optional<BackendSpec> spec = Optional.ofNullable(config.backends().get(b.name()));
            int sid = 0;
            for (Stats.ServerStats s : stats.servers()) {
                if (!s.backend().equals(b.name())) {
                    continue;
                }
                sid++;
                int weight = spec.flatMap(x -> x.servers().stream().filter(v -> v.name().equals(s.name())).findFirst())
                        .map(ServerSpec::weight).orElse(1);
                boolean checked = spec.flatMap(BackendSpec::health).isPresent();
                int health = spec.flatMap(BackendSpec::health).map(h -> s.healthy() ? h.rise() + h.fall() - 1 : 0).orElse(0);
                String[] hostPort = split(s.address());
                out.append(iids.get("b:" + b.name())).append(' ').append(b.name()).append(' ').append(sid).append(' ').append(s.name())
                        .append(' ').append(hostPort[0])
                        .append(' ').append(s.enabled() && (s.healthy() || s.checking() || !checked) ? 2 : 0)
                        .append(' ').append(s.enabled() ? s.admin() == Stats.Admin.DRAIN ? 8 : 0 : 1) // SRV_ADMF_FDRAIN, FMAINT
                        .append(' ').append(s.weight()).append(' ').append(weight)
                        .append(' ').append(Math.max(0, nowEpochSecond - s.lastChange().getEpochSecond()))
                        .append(' ').append(!checked ? 0 : s.checking() ? 1 : s.healthy() ? 5 : 7)
                        .append(' ').append(!checked || s.checking() ? 0 : s.healthy() ? 3 : 2)
                        .append(' ').append(health)
                        .append(' ').append(checked ? 6 : 0)
                        .append(" 0 0 0 - ").append(hostPort[1]).append(" - 0 0 - - 0\n");
            }
        }
        return out.toString();
    }

    /** "10.3.0.21:80" or "[2001:db8::1]:80" as address and port. */
    static String[] split(String address) {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            return new String[] {address, "0"};
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new String[] {host, address.substring(colon + 1)};
    }
}
