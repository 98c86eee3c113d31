package dev.switchboard.control;

import dev.switchboard.config.BackendSpec;
import dev.switchboard.config.Config;
import dev.switchboard.config.FrontendSpec;
import dev.switchboard.proxy.Stats;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HAProxy's "show stat" and "show servers state" from our counters, in HAProxy's names, column
 * order and words (management guide 9.1 and 9.3), because hatop, Zabbix and Telegraf templates
 * read fields by position. Pure: a snapshot and the config in force in, text out. A frontend and
 * a backend are each a proxy of their own: iid 1.. for the frontends in config order, then the
 * backends; a server's sid is its place in its backend, from 1. A field we do not count is empty,
 * as HAProxy leaves the fields that do not apply.
 */
public final class HaproxyCsv {
    private HaproxyCsv() {}

    /** The columns, in HAProxy's order, through conn_tot (index 79). */
    public static final List<String> FIELDS = List.of("pxname", "svname", "qcur", "qmax", "scur", "smax", "slim", "stot", "bin", "bout",
            "dreq", "dresp", "ereq", "econ", "eresp", "wretr", "wredis", "status", "weight", "act", "bck", "chkfail", "chkdown", "lastchg",
            "downtime", "qlimit", "pid", "iid", "sid", "throttle", "lbtot", "tracked", "type", "rate", "rate_lim", "rate_max",
            "check_status", "check_code", "check_duration", "hrsp_1xx", "hrsp_2xx", "hrsp_3xx", "hrsp_4xx", "hrsp_5xx", "hrsp_other",
            "hanafail", "req_rate", "req_rate_max", "req_tot", "cli_abrt", "srv_abrt", "comp_in", "comp_out", "comp_byp", "comp_rsp",
            "lastsess", "last_chk", "last_agt", "qtime", "ctime", "rtime", "ttime", "agent_status", "agent_code", "agent_duration",
            "check_desc", "agent_desc", "check_rise", "check_fall", "check_health", "agent_rise", "agent_fall", "agent_health", "addr",
            "cookie", "mode", "algo", "conn_rate", "conn_rate_max", "conn_tot");

    private static final Map<String, Integer> INDEX = new HashMap<>();

    static {
        for (int i = 0; i < FIELDS.size(); i++) {
            INDEX.put(FIELDS.get(i), i);
        }
    }

    /** "show stat"'s header line. */
    public static final String HEADER = "# " + String.join(",", FIELDS) + ",\n";

    /** HAProxy's filter: a proxy (iid or name, -1 all), types (1 frontends, 2 backends, 4 servers, -1 all), a server id (-1 all). */
    public record Filter(String proxy, int types, int sid) {
        public static final Filter ALL = new Filter("-1", -1, -1);

        /** The words after "show stat": none, or IID|NAME TYPE SID. */
        public static Filter of(List<String> words) {
            if (words.isEmpty()) {
                return ALL;
            }
            if (words.size() != 3) {
                throw new IllegalArgumentException("show stat [{<iid>|<proxy>} <type> <sid>]");
            }
            return new Filter(words.get(0), Integer.parseInt(words.get(1)), Integer.parseInt(words.get(2)));
        }

        boolean proxy(int iid, String name) {
            return proxy.equals("-1") || proxy.equals(Integer.toString(iid)) || proxy.equals(name);
        }

        boolean type(int bit) {
            return types == -1 || (types & bit) != 0;
        }
    }

    /** The proxies' ids: frontends first, then backends, in the config's order. */
    static Map<String, Integer> iids(Config config, Stats.Snapshot stats) {
        Map<String, Integer> ids = new HashMap<>();
        int next = 1;
        for (Stats.FrontendStats f : stats.frontends()) {
            ids.put("f:" + f.name(), next++);
        }
        for (Stats.BackendStats b : stats.backends()) {
            ids.put("b:" + b.name(), next++);
        }
        return ids;
    }

    /** "show stat": the header, then per proxy its rows (a frontend's FRONTEND; a backend's servers then BACKEND). */
    public static String stat(Stats.Snapshot stats, Config config, long nowEpochSecond, Filter filter) {
        Map<String, Integer> iids = iids(config, stats);
        StringBuilder out = new StringBuilder(HEADER);
        for (Stats.FrontendStats f : stats.frontends()) {
            int iid = iids.get("f:" + f.name());
            if (filter.proxy(iid, f.name()) && filter.type(1)) {
                row(out, frontend(f, config, stats, iid));
            }
        }
        for (Stats.BackendStats b : stats.backends()) {
            int iid = iids.get("b:" + b.name());
            if (!filter.proxy(iid, b.name())) {
                continue;
            }
            Optional<BackendSpec> spec = Optional.ofNullable(config.backends().get(b.name()));
            String mode = mode(config, b.name());
            int sid = 0;
            for (Stats.ServerStats s : stats.servers()) {
                if (s.backend().equals(b.name())) {
                    sid++;
                    if (filter.type(4) && (filter.sid() == -1 || filter.sid() == sid)) {
                        row(out, server(s, spec, mode, iid, sid, nowEpochSecond));
                    }
                }
            }
            if (filter.type(2)) {
                row(out, backend(b, spec, mode, iid));
            }
        }
        return out.toString();
    }

    /** A frontend's cap, else the budget all share (HAProxy's slim is the frontend's maxconn, which defaults to the global one). */
    static long limit(Config config, Stats.Snapshot stats, String frontend) {
        FrontendSpec f = config.frontends().get(frontend);
        return f != null && f.maxconn().isPresent() ? f.maxconn().getAsInt() : stats.budget();
    }

    static String[] frontend(Stats.FrontendStats f, Config config, Stats.Snapshot stats, int iid) {
        String[] r = empty();
        FrontendSpec spec = config.frontends().get(f.name());
        set(r, "pxname", f.name());
        set(r, "svname", "FRONTEND");
        set(r, "scur", f.current());
        set(r, "slim", limit(config, stats, f.name()));
        set(r, "stot", f.total());
        set(r, "bin", f.bytesIn());
        set(r, "bout", f.bytesOut());
        set(r, "dreq", 0);
        set(r, "dresp", 0);
        set(r, "ereq", f.errors());
        set(r, "status", f.binds().stream().anyMatch(Stats.BindStats::listening) ? "OPEN" : "STOP");
        common(r, iid, 0, 0);
        set(r, "rate", f.rate());
        if (f.mode().equalsIgnoreCase("http")) {
            http(r, f.http());
        }
        set(r, "mode", f.mode().toLowerCase(Locale.ROOT));
        set(r, "conn_tot", f.total());
        return r;
    }

    static String[] server(Stats.ServerStats s, Optional<BackendSpec> spec, String mode, int iid, int sid, long now) {
        String[] r = empty();
        boolean checked = spec.flatMap(BackendSpec::health).isPresent();
        traffic(r, s.backend(), s.name(), s.current(), s.total(), s.bytesIn(), s.bytesOut(), s.failedConnects());
        set(r, "eresp", s.http().responseErrors());
        set(r, "status", status(s, checked));
        set(r, "weight", s.weight());
        set(r, "act", 1);
        set(r, "bck", 0);
        if (checked) {
            set(r, "chkfail", s.checkFailures());
            set(r, "chkdown", s.checkDowns());
            set(r, "check_status", s.checkStatus());
            spec.flatMap(BackendSpec::health).ifPresent(h -> {
                set(r, "check_rise", h.rise());
                set(r, "check_fall", h.fall());
                set(r, "check_health", s.healthy() ? h.rise() + h.fall() - 1 : 0);
            });
        }
        set(r, "lastchg", Math.max(0, now - s.lastChange().getEpochSecond()));
        set(r, "downtime", 0);
        common(r, iid, sid, 2);
        set(r, "lbtot", s.total());
        set(r, "rate", s.rate());
        if (mode.equals("http")) {
            http(r, s.http());
        }
        set(r, "addr", s.address());
        set(r, "mode", mode);
        return r;
    }

    static String[] backend(Stats.BackendStats b, Optional<BackendSpec> spec, String mode, int iid) {
        String[] r = empty();
        traffic(r, b.name(), "BACKEND", b.current(), b.total(), b.bytesIn(), b.bytesOut(), b.failedConnects());
        set(r, "dreq", 0);
        set(r, "eresp", b.http().responseErrors());
        set(r, "status", b.state());
        set(r, "weight", b.weight());
        set(r, "act", b.serversUp());
        set(r, "bck", 0);
        set(r, "downtime", 0);
        common(r, iid, 0, 1);
        set(r, "lbtot", b.total());
        set(r, "rate", b.rate());
        if (mode.equals("http")) {
            http(r, b.http());
            set(r, "rtime", Math.round(b.responseSeconds() * 1000)); // ms
        }
        set(r, "mode", mode);
        set(r, "algo", b.balance().toLowerCase(Locale.ROOT));
        return r;
    }

    /** The answers by class and the requests (HAProxy fills them for HTTP proxies only). */
    private static void http(String[] r, Stats.Http h) {
        for (int c = 1; c <= 5; c++) {
            set(r, "hrsp_" + c + "xx", h.ofClass(c));
        }
        set(r, "hrsp_other", h.other());
        set(r, "req_tot", h.requests());
    }

    /**
     * A server's status as HAProxy writes it: MAINT or DRAIN when an operator put it so, "no check"
     * for a server of a backend without checks, else UP or DOWN; a server whose first check has
     * not come back takes traffic, so it is UP, as HAProxy starts its servers.
     */
    static String status(Stats.ServerStats s, boolean checked) {
        return !s.enabled() ? "MAINT" : s.admin() == Stats.Admin.DRAIN ? "DRAIN" : !checked ? "no check" : s.checking() || s.healthy() ? "UP" : "DOWN";
    }

    /**
     * What a server's row and a backend's have alike: names, sessions, bytes and failed connects,
     * and 0 for what switchboard has not (queues, retries, redispatches, denied answers).
     */
    private static void traffic(String[] r, String pxname, String svname, long scur, long stot, long bin, long bout, long econ) {
        set(r, "pxname", pxname);
        set(r, "svname", svname);
        set(r, "scur", scur);
        set(r, "stot", stot);
        set(r, "bin", bin);
        set(r, "bout", bout);
        set(r, "econ", econ);
        for (String none : new String[] {"qcur", "qmax", "dresp", "wretr", "wredis"}) {
            set(r, none, 0);
        }
    }

    private static void common(String[] r, int iid, int sid, int type) {
        set(r, "pid", 1);
        set(r, "iid", iid);
        set(r, "sid", sid);
        set(r, "type", type);
    }

    /** A backend's mode: its first frontend's; tcp for one no frontend uses. */
    static String mode(Config config, String backend) {
        return config.frontends().values().stream().filter(f -> f.backend().equals(backend)).findFirst()
                .map(f -> f.mode().name().toLowerCase(Locale.ROOT)).orElse("tcp");
    }

    private static String[] empty() {
        String[] r = new String[FIELDS.size()];
        Arrays.fill(r, "");
        return r;
    }

    private static void set(String[] row, String field, Object value) {
        row[INDEX.get(field)] = csv(String.valueOf(value));
    }

    /** HAProxy writes a value with a comma or a newline as is would break the row: none of ours may. */
    private static String csv(String v) {
        return v.replace(',', ' ').replace('\n', ' ');
    }

    private static void row(StringBuilder out, String[] r) {
        for (String v : r) {
            out.append(v).append(',');
        }
        out.append('\n');
    }
}
