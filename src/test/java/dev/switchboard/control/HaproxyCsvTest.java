package dev.switchboard.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.BindSpec;
import dev.switchboard.config.Config;
import dev.switchboard.plan.PlannerTest;
import dev.switchboard.proxy.BindStatus;
import dev.switchboard.proxy.Stats;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** HAProxy's "show stat", "show info" and "show servers state" from a snapshot of the seed's proxy. */
class HaproxyCsvTest {
    static final long NOW = 1_000_000;

    static Config seed() throws Exception {
        return PlannerTest.config(PlannerTest.seedText());
    }

    /** ft_www (http, listening, its own maxconn) and ft_exchange (tcp, not listening) within a budget of 9000; web1 up, web2 in maintenance, ex1 down, ex2 checking. */
    static Stats.Snapshot snapshot(Config c) {
        BindSpec www = c.frontends().get("ft_www").binds().get(0);
        BindSpec ex = c.frontends().get("ft_exchange").binds().get(0);
        Instant changed = Instant.ofEpochSecond(NOW - 42);
        Stats.Http www200 = new Stats.Http(1, 240, 3, 4, 2, 0, 250, 0);
        return new Stats.Snapshot(0,
                List.of(new Stats.FrontendStats("ft_www", "HTTP", 3, 100, 0, 250, 1000, 20000, 4, List.of(new Stats.BindStats(new BindStatus("ft_www", www, Optional.of(new InetSocketAddress(80)), Optional.empty()), 3, 100)), www200, 12),
                        new Stats.FrontendStats("ft_exchange", "TCP", 0, 7, 0, 0, 10, 20, 0, List.of(new Stats.BindStats(new BindStatus("ft_exchange", ex, Optional.empty(), Optional.of("no")), 0, 7)))),
                List.of(new Stats.BackendStats("bk_www", "ROUNDROBIN", 1, 2, 3, 100, 1000, 20000, 5, new Stats.Http(0, 240, 3, 0, 7, 0, 250, 3), 9, 1, 0.012),
                        new Stats.BackendStats("bk_exchange", "LEASTCONN", 1, 2, 0, 7, 10, 20, 0, Stats.Http.NONE, 0, 3, 0)),
                List.of(new Stats.ServerStats("bk_www", "web1", "10.3.0.21:80", true, true, false, changed, 3, 60, 600, 12000, 5,
                                new Stats.Http(0, 150, 3, 0, 4, 0, 157, 2), 9, 1, Stats.Admin.READY, 0, 0, "L4OK"),
                        new Stats.ServerStats("bk_www", "web2", "10.3.0.22:80", true, false, false, changed, 0, 40, 400, 8000, 0,
                                Stats.Http.NONE, 0, 1, Stats.Admin.MAINT, 0, 0, "L4OK"),
                        new Stats.ServerStats("bk_exchange", "ex1", "10.4.0.21:443", false, true, false, changed, 0, 3, 4, 8, 0,
                                Stats.Http.NONE, 0, 1, Stats.Admin.READY, 6, 1, "L4CON"),
                        new Stats.ServerStats("bk_exchange", "ex2", "10.4.0.22:443", false, true, true, changed, 0, 4, 6, 12, 0,
                                Stats.Http.NONE, 0, 2, Stats.Admin.READY, 0, 0, "INI")), 9000);
    }

    /** The rows of a "show stat" answer, each as field name to value. */
    static List<Map<String, String>> rows(String csv) {
        String[] lines = csv.split("\n");
        assertTrue(lines[0].startsWith("# "));
        String[] names = lines[0].substring(2).split(",", -1);
        return Arrays.stream(lines).skip(1).map(l -> {
            assertTrue(l.endsWith(","), "a trailing comma: " + l);
            String[] v = l.split(",", -1);
            assertEquals(names.length, v.length, l);
            Map<String, String> m = new HashMap<>();
            for (int i = 0; i < names.length - 1; i++) {
                m.put(names[i], v[i]);
            }
            return m;
        }).toList();
    }

    @Test
    void theHeaderIsHaproxysColumnsInItsOrder() {
        String h = HaproxyCsv.HEADER;
        assertTrue(h.startsWith("# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,"
                + "weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,tracked,type,rate,rate_lim,rate_max,"
                + "check_status,check_code,check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,hanafail,req_rate,"
                + "req_rate_max,req_tot,cli_abrt,srv_abrt,"), h);
        assertEquals(50, HaproxyCsv.FIELDS.indexOf("srv_abrt"));
        assertEquals(73, HaproxyCsv.FIELDS.indexOf("addr"));
        assertEquals(75, HaproxyCsv.FIELDS.indexOf("mode"));
        assertTrue(h.endsWith(",conn_tot,\n"), h);
    }

    @Test
    void rowsPerProxyWithStableIdsAndHaproxysWords() throws Exception {
        Config c = seed();
        String csv = HaproxyCsv.stat(snapshot(c), c, NOW, HaproxyCsv.Filter.ALL);
        List<Map<String, String>> r = rows(csv);
        assertEquals(List.of("ft_www/FRONTEND", "ft_exchange/FRONTEND", "bk_www/web1", "bk_www/web2", "bk_www/BACKEND",
                "bk_exchange/ex1", "bk_exchange/ex2", "bk_exchange/BACKEND"), r.stream().map(m -> m.get("pxname") + "/" + m.get("svname")).toList());
        assertEquals(List.of("1/0/0", "2/0/0", "3/1/2", "3/2/2", "3/0/1", "4/1/2", "4/2/2", "4/0/1"),
                r.stream().map(m -> m.get("iid") + "/" + m.get("sid") + "/" + m.get("type")).toList());
        assertEquals(List.of("OPEN", "STOP", "UP", "MAINT", "UP", "DOWN", "UP", "UP"), r.stream().map(m -> m.get("status")).toList());
        // every row has hatop's 51 fields at least: 51 commas
        csv.lines().skip(1).forEach(l -> assertTrue(l.chars().filter(ch -> ch == ',').count() >= 51, l));
    }

    @Test
    void frontendColumns() throws Exception {
        Config c = seed();
        Map<String, String> f = rows(HaproxyCsv.stat(snapshot(c), c, NOW, HaproxyCsv.Filter.ALL)).get(0);
        assertEquals("3", f.get("scur"));
        assertEquals("4096", f.get("slim"), "ft_www's own maxconn");
        assertEquals("9000", rows(HaproxyCsv.stat(snapshot(c), c, NOW, HaproxyCsv.Filter.ALL)).get(1).get("slim"), "ft_exchange's: the budget");
        assertEquals("100", f.get("stot"));
        assertEquals("1000", f.get("bin"));
        assertEquals("20000", f.get("bout"));
        assertEquals("4", f.get("ereq"));
        assertEquals("250", f.get("req_tot"));
        assertEquals("http", f.get("mode"));
        assertEquals("1", f.get("pid"));
        assertEquals("", f.get("econ"), "not a frontend's");
        assertEquals(List.of("1", "240", "3", "4", "2", "0"), List.of(f.get("hrsp_1xx"), f.get("hrsp_2xx"), f.get("hrsp_3xx"),
                f.get("hrsp_4xx"), f.get("hrsp_5xx"), f.get("hrsp_other")));
        assertEquals("12", f.get("rate"));
        assertEquals("", f.get("weight"));
    }

    @Test
    void serverAndBackendColumns() throws Exception {
        Config c = seed();
        List<Map<String, String>> r = rows(HaproxyCsv.stat(snapshot(c), c, NOW, HaproxyCsv.Filter.ALL));
        Map<String, String> web1 = r.get(2);
        assertEquals("3", web1.get("scur"));
        assertEquals("60", web1.get("stot"));
        assertEquals("60", web1.get("lbtot"));
        assertEquals("5", web1.get("econ"));
        assertEquals("1", web1.get("weight"));
        assertEquals("42", web1.get("lastchg"));
        assertEquals("L4OK", web1.get("check_status"));
        assertEquals("10.3.0.21:80", web1.get("addr"));
        assertEquals("http", web1.get("mode"));
        assertEquals("1", web1.get("act"));
        assertEquals("2", web1.get("eresp"));
        assertEquals("150", web1.get("hrsp_2xx"));
        assertEquals("157", web1.get("req_tot"));
        assertEquals("9", web1.get("rate"));
        assertEquals("L4CON", r.get(5).get("check_status"));
        assertEquals("6", r.get(5).get("chkfail"));
        assertEquals("1", r.get(5).get("chkdown"));
        assertEquals("", r.get(5).get("hrsp_2xx"), "a tcp server's");
        assertEquals("2", r.get(6).get("weight"), "ex2's weight from the config");
        Map<String, String> bk = r.get(7);
        assertEquals("3", bk.get("weight"), "a backend's weight is its ready servers'");
        Map<String, String> www = r.get(4);
        assertEquals("7", www.get("hrsp_5xx"), "its servers' and its own 503s");
        assertEquals("3", www.get("eresp"));
        assertEquals("1", bk.get("act"));
        assertEquals("leastconn", bk.get("algo"));
        assertEquals("tcp", bk.get("mode"));
    }

    @Test
    void theFilterAsHaproxys() throws Exception {
        Config c = seed();
        Stats.Snapshot s = snapshot(c);
        assertEquals(List.of("bk_www/web1", "bk_www/web2"), names(HaproxyCsv.stat(s, c, NOW, HaproxyCsv.Filter.of(List.of("3", "4", "-1")))));
        assertEquals(List.of("bk_www/web2", "bk_www/BACKEND"), names(HaproxyCsv.stat(s, c, NOW, HaproxyCsv.Filter.of(List.of("bk_www", "-1", "2")))));
        assertEquals(List.of("ft_www/FRONTEND", "ft_exchange/FRONTEND", "bk_www/BACKEND", "bk_exchange/BACKEND"),
                names(HaproxyCsv.stat(s, c, NOW, HaproxyCsv.Filter.of(List.of("-1", "3", "-1")))));
        assertEquals(List.of(), names(HaproxyCsv.stat(s, c, NOW, HaproxyCsv.Filter.of(List.of("9", "-1", "-1")))));
    }

    static List<String> names(String csv) {
        return rows(csv).stream().map(m -> m.get("pxname") + "/" + m.get("svname")).toList();
    }

    @Test
    void serversStateIsVersionHeaderAndSpaceSeparatedFields() throws Exception {
        Config c = seed();
        String st = HaproxyInfo.serversState(snapshot(c), c, NOW, Optional.of("bk_www"));
        String[] lines = st.split("\n");
        assertEquals("1", lines[0]);
        assertTrue(lines[1].startsWith("# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight"), lines[1]);
        assertEquals(4, lines.length, st); // version, header, web1, web2
        assertEquals("3 bk_www 1 web1 10.3.0.21 2 0 1 1 42 5 3 4 6 0 0 0 - 80 - 0 0 - - 0", lines[2]);
        assertEquals("3 bk_www 2 web2 10.3.0.22 0 1 1 1 42 5 3 4 6 0 0 0 - 80 - 0 0 - - 0", lines[3]);
        assertEquals(lines[1].split(" ").length - 1, lines[2].split(" ").length, "a field per header name");
        assertEquals("Can't find backend.\n", HaproxyInfo.serversState(snapshot(c), c, NOW, Optional.of("nope")));
    }

    @Test
    void showInfoHasTheKeysHatopReads() throws Exception {
        Config c = seed();
        String info = HaproxyInfo.info(new HaproxyInfo.Process("1.2", "2026/11/30", 77, 3723, 1000, 12, 97, "lb1"), snapshot(c));
        for (String key : List.of("Name", "Version", "Release_date", "Nbproc", "Process_num", "Pid", "Uptime", "Uptime_sec", "Maxconn",
                "CurrConns", "CumConns", "Maxpipes", "PipesUsed", "Tasks", "Run_queue", "Idle_pct", "node")) {
            assertTrue(info.matches("(?s)(.*\n)?" + key + ": \\S[^\n]*\n.*"), key + " in " + info);
        }
        assertTrue(info.contains("\nUptime: 0d 1h02m03s\n"), info);
        assertTrue(info.contains("\nCurrConns: 3\nCumConns: 107\n"), info);
        assertTrue(info.contains("\nPid: 77\n") && info.endsWith("node: lb1\n"), info);
    }
}
