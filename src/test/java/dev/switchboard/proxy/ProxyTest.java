package dev.switchboard.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.net.Netns;
import dev.switchboard.sys.Namespaces;
import dev.switchboard.sys.SysException;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy on loopback, as a client and a server see it, in a network namespace of its own: the
 * thread that runs a test enters a fresh one when the test is made, so the servers, clients and
 * the proxy's event loops it starts are all born there, and goes home at {@link #tearDown}.
 */
class ProxyTest {
    final List<AutoCloseable> cleanup = new ArrayList<>();
    final List<String> log = new CopyOnWriteArrayList<>();
    private final Away away = Away.toFreshNamespace();

    /** Where the test's thread came from, and the namespace it went to. */
    private record Away(int home, Netns ns) {
        static Away toFreshNamespace() {
            try {
                Netns ns = Netns.create("proxy");
                int home = homeToComeBackTo();
                Namespaces.enterNet(ns.fd());
                return new Away(home, ns);
            } catch (RuntimeException e) {
                throw e; // a kernel that refuses a namespace skips the test, saying why (Netns)
            } catch (Exception e) {
                throw new IllegalStateException("cannot enter a network namespace for the test: " + e.getMessage(), e);
            }
        }

        /**
         * The thread's network namespace, if it may come back to it. In the user namespace a
         * non-root developer's test JVM runs in, the host's is not (setns needs rights over its
         * owner): the thread then makes a home of its own first, once.
         */
        private static int homeToComeBackTo() throws SysException {
            int home = Namespaces.openCurrentNet();
            try {
                Namespaces.enterNet(home);
                return home;
            } catch (SysException notOurs) {
                Namespaces.close(home);
                Namespaces.unshareNet();
                try (dev.switchboard.net.Kernel k = dev.switchboard.net.Kernel.open()) {
                    k.setUp("lo", true);
                }
                return Namespaces.openCurrentNet();
            }
        }

        void back() throws SysException {
            Namespaces.enterNet(home);
            Namespaces.close(home);
            ns.close();
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            for (int i = cleanup.size() - 1; i >= 0; i--) {
                cleanup.get(i).close();
            }
        } finally {
            away.back();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** What a test server does with a connection; an I/O error just ends it. */
    interface SocketHandler {
        void accept(Socket s) throws IOException;
    }

    /** A test server on loopback that runs {@code handler} for each connection on its own thread. */
    int server(SocketHandler handler) throws IOException {
        ServerSocket ss = new ServerSocket(0, 100, java.net.InetAddress.getLoopbackAddress());
        var pool = Executors.newCachedThreadPool();
        cleanup.add(() -> {
            ss.close();
            pool.shutdownNow();
        });
        pool.submit(() -> {
            while (!ss.isClosed()) {
                try {
                    Socket s = ss.accept();
                    pool.submit(() -> {
                        try (s) {
                            handler.accept(s);
                        } catch (IOException ignored) {
                            // the test closes its side as it pleases
                        }
                        return null;
                    });
                } catch (IOException e) {
                    return null;
                }
            }
            return null;
        });
        return ss.getLocalPort();
    }

    static void echo(Socket s) {
        try {
            s.getInputStream().transferTo(s.getOutputStream());
            s.shutdownOutput();
        } catch (IOException ignored) {
            // client went away
        }
    }

    /** The transport the proxy runs on here (a subclass runs every test on io_uring). */
    String transport() {
        return "epoll";
    }

    Proxy proxy(String frontendsAndBackends) {
        String toml = "[appliance]\ntransport = \"" + transport() + "\"\n" + frontendsAndBackends;
        ConfigLoader.Result parsed = ConfigLoader.parse(toml, "test.toml");
        if (parsed instanceof ConfigLoader.Rejected r) {
            throw new AssertionError(r.problems() + "\n" + toml);
        }
        Config config = ((ConfigLoader.Loaded) parsed).config();
        Proxy p = Proxy.start(config, 1, Executors.defaultThreadFactory(), log::add);
        cleanup.add(p);
        assertEquals(transport(), p.transport().name().toLowerCase(java.util.Locale.ROOT), "the transport the config names");
        return p;
    }

    static String tcp(int listen, String servers, String extra) {
        return "[frontends.ft]\nbackend = \"bk\"\nbinds = [ { address = \"127.0.0.1:" + listen + "\" } ]\n" + extra
                + "\n[backends.bk]\nservers = [ " + servers + " ]\n";
    }

    static String server(String name, int port) {
        return "{ name = \"" + name + "\", address = \"127.0.0.1:" + port + "\" }";
    }

    static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        s.setSoTimeout(10_000);
        return s;
    }

    @Test
    void relaysOneGibibyteEachWayByteExact() throws Exception {
        int listen = freePort();
        Proxy proxy = proxy(tcp(listen, server("echo", server(ProxyTest::echo)), ""));
        byte[] chunk = new byte[64 * 1024];
        new Random(1).nextBytes(chunk);
        int chunks = 16 * 1024; // 1 GiB
        try (Socket s = connect(listen)) {
            CRC32 sent = new CRC32();
            Future<long[]> reader = Executors.newSingleThreadExecutor().submit(() -> {
                CRC32 got = new CRC32();
                long n = 0;
                byte[] buf = new byte[65536];
                InputStream in = s.getInputStream();
                for (int r; (r = in.read(buf)) > 0; ) {
                    got.update(buf, 0, r);
                    n += r;
                }
                return new long[] {n, got.getValue()};
            });
            OutputStream out = s.getOutputStream();
            for (int i = 0; i < chunks; i++) {
                out.write(chunk);
                sent.update(chunk);
            }
            s.shutdownOutput(); // the half-close travels to the echo server, which then finishes
            long[] got = reader.get(60, TimeUnit.SECONDS);
            assertEquals((long) chunks * chunk.length, got[0], () -> proxy.stats() + " " + log);
            assertEquals(sent.getValue(), got[1]);
        }
    }

    /** A stop with connections open, some mid-stream: they are closed, and Netty has nothing to warn of (a stack trace in the journal). */
    @Test
    void aStopWithConnectionsOpenLeavesNoWarning() throws Exception {
        int listen = freePort();
        Proxy proxy = proxy(tcp(listen, server("echo", server(ProxyTest::echo)), ""));
        List<Socket> clients = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Socket s = connect(listen);
            cleanup.add(s);
            clients.add(s);
            s.getOutputStream().write(new byte[i % 2 == 0 ? 1 : 1 << 20]); // some echoes still under way
        }
        for (Socket s : clients) {
            assertTrue(s.getInputStream().read() >= 0, "relayed before the stop");
        }
        assertEquals(List.of(), nettyWarnings(proxy::close));
        for (Socket s : clients) {
            s.setSoTimeout(10_000);
            assertTrue(drained(s), "closed by the stop");
        }
    }

    /** What Netty warned of (java.util.logging, WARNING and above) while {@code action} ran. */
    static List<String> nettyWarnings(Runnable action) {
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler catcher = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                if (r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                    warnings.add(r.getLoggerName() + ": " + r.getMessage() + " " + r.getThrown());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        java.util.logging.Logger netty = java.util.logging.Logger.getLogger("io.netty");
        netty.addHandler(catcher);
        try {
            action.run();
        } finally {
            netty.removeHandler(catcher);
        }
        return warnings;
    }

    /** Reads to the end of the stream; a reset counts as the end. */
    private static boolean drained(Socket s) throws IOException {
        try {
            s.getInputStream().readAllBytes();
        } catch (SocketException reset) {
            // closed with data unread: a reset
        }
        return true;
    }

    @Test
    void halfCloseIsPassedOnInBothDirections() throws Exception {
        int listen = freePort();
        // the server reads to EOF, then answers how much it got: only a passed-on FIN lets it answer
        int backend = server(s -> {
            try {
                byte[] all = s.getInputStream().readAllBytes();
                s.getOutputStream().write(("got " + all.length).getBytes(StandardCharsets.US_ASCII));
                s.shutdownOutput();
            } catch (IOException ignored) {
                // test failure shows on the client side
            }
        });
        proxy(tcp(listen, server("s", backend), ""));
        try (Socket s = connect(listen)) {
            s.getOutputStream().write(new byte[12345]);
            s.shutdownOutput();
            assertEquals("got 12345", new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
        }
        // and the other way: the server says goodbye first, the client may still talk
        int talker = server(s -> {
            try {
                s.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
                s.shutdownOutput();
                byte[] rest = s.getInputStream().readAllBytes();
                assertEquals(3, rest.length);
            } catch (IOException ignored) {
                // shown by the client's read
            }
        });
        int listen2 = freePort();
        proxy(tcp(listen2, server("t", talker), ""));
        try (Socket s = connect(listen2)) {
            assertEquals("hello", new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
            s.getOutputStream().write(new byte[3]); // still open this way
            s.shutdownOutput();
        }
    }

    /** The client says all and shuts its side before the answer comes; an answer larger than the sockets' buffers still comes whole. */
    @Test
    void aLargeAnswerAfterTheClientsHalfCloseArrivesWhole() throws Exception {
        int listen = freePort();
        int size = 16 << 20;
        int backend = server(s -> {
            try {
                s.getInputStream().readAllBytes();
                s.getOutputStream().write(new byte[size]);
                s.shutdownOutput();
            } catch (IOException ignored) {
                // shown by the client's count
            }
        });
        proxy(tcp(listen, server("s", backend), ""));
        try (Socket s = connect(listen)) {
            s.getOutputStream().write("all I have to say".getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput();
            assertEquals(size, s.getInputStream().readAllBytes().length, () -> String.join("\n", log));
        }
    }

    @Test
    void aServerKilledMidStreamClosesTheClientPromptly() throws Exception {
        int listen = freePort();
        int backend = server(s -> {
            try {
                s.getInputStream().readNBytes(100);
                s.setSoLinger(true, 0); // a reset, as a crashing server sends
            } catch (IOException ignored) {
                // closing is the point
            }
        });
        proxy(tcp(listen, server("s", backend), ""));
        try (Socket s = connect(listen)) {
            s.getOutputStream().write(new byte[100]);
            long t0 = System.nanoTime();
            int r;
            try {
                r = s.getInputStream().read();
            } catch (SocketException reset) {
                r = -1;
            }
            assertEquals(-1, r);
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 2000);
        }
    }

    @Test
    void aDeadServerIsSkippedAndHealthChecksTakeItOut() throws Exception {
        int listen = freePort();
        int dead = freePort(); // nobody listens there
        int alive = server(ProxyTest::echo);
        Proxy p = proxy(tcp(listen, server("dead", dead) + ", " + server("alive", alive), "")
                + "health = { interval = 1, rise = 1, fall = 1 }\n");
        for (int i = 0; i < 6; i++) {
            try (Socket s = connect(listen)) {
                s.getOutputStream().write('x');
                assertEquals('x', s.getInputStream().read(), "connection " + i + " reached the live server");
            }
        }
        long deadline = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < deadline && (!stateOf(p, "dead").equals("DOWN") || stateOf(p, "alive").equals("checking"))) {
            Thread.sleep(50);
        }
        assertEquals("DOWN", stateOf(p, "dead"));
        assertEquals("UP", stateOf(p, "alive"));
        assertTrue(log.stream().anyMatch(l -> l.startsWith("server bk/dead is DOWN: ")), log.toString());
    }

    /** A hostile server against the HTTP check: only a whole 2xx/3xx status line is up, each check ends by its deadline, and what a server says reaches the log printable. */
    @Test
    void httpChecksOfHostileServersEndCleanly() throws Exception {
        int listen = freePort();
        int wide = server(s -> answerCheck(s, "HTTP/1.1 2000 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        int silent = server(s -> s.getInputStream().readAllBytes());
        int drip = server(s -> {
            for (int i = 0; ; i++) { // a status line that never ends, one byte at a time: the check's deadline is the whole head's
                s.getOutputStream().write("HTTP/1.1 200 OK".charAt(Math.min(i, 14)));
                s.getOutputStream().flush();
                sleep(100);
            }
        });
        int flood = server(s -> { // garbage with line feeds and escapes and no CRLF, endless
            byte[] junk = "HTTP/1.1 500\nserver bk/x is UP: \u001b[2J".repeat(1000).getBytes(StandardCharsets.ISO_8859_1);
            while (true) {
                s.getOutputStream().write(junk);
            }
        });
        int endless = server(s -> { // a good status, then a body that never ends: the status line is all a check reads
            s.getOutputStream().write("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] junk = new byte[65536];
            while (true) {
                s.getOutputStream().write(junk);
            }
        });
        Proxy p = proxy(tcp(listen, String.join(", ", server("wide", wide), server("silent", silent), server("drip", drip),
                server("flood", flood), server("endless", endless)), "")
                + "health = { interval = 1, rise = 1, fall = 1, path = \"/health\" }\n");
        List<String> names = List.of("wide", "silent", "drip", "flood", "endless");
        long deadline = System.currentTimeMillis() + 8000;
        while (System.currentTimeMillis() < deadline && names.stream().anyMatch(n -> stateOf(p, n).equals("checking"))) {
            Thread.sleep(50);
        }
        for (String n : List.of("wide", "silent", "drip", "flood")) {
            assertEquals("DOWN", stateOf(p, n), n);
        }
        assertEquals("UP", stateOf(p, "endless"));
        assertTrue(log.contains("server bk/wide is DOWN: answered \"HTTP/1.1 2000 OK\""), log.toString());
        assertTrue(log.contains("server bk/drip is DOWN: no answer to GET /health"), log.toString());
        String flooded = log.stream().filter(l -> l.startsWith("server bk/flood is DOWN: ")).findFirst().orElseThrow();
        assertTrue(flooded.startsWith("server bk/flood is DOWN: answered \"HTTP/1.1 500\\x0aserver bk/x is UP: \\x1b[2J"), flooded);
        assertTrue(flooded.length() < 200, flooded);
        assertTrue(log.stream().allMatch(l -> l.chars().allMatch(c -> c >= 0x20 && c < 0x7f)), log.toString());
    }

    private static void answerCheck(Socket s, byte[] answer) throws IOException {
        s.getInputStream().read(new byte[4096]);
        s.getOutputStream().write(answer);
        s.getInputStream().readAllBytes();
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new java.io.InterruptedIOException();
        }
    }

    static String stateOf(Proxy p, String server) {
        return p.stats().servers().stream().filter(s -> s.name().equals(server)).findFirst().orElseThrow().state();
    }

    /** Which server answered: each test server answers its own name. */
    int named(String name) throws IOException {
        return server(s -> {
            try {
                s.getOutputStream().write(name.getBytes(StandardCharsets.US_ASCII));
                s.shutdownOutput();
                s.getInputStream().readAllBytes();
            } catch (IOException ignored) {
                // client gone
            }
        });
    }

    String ask(int port) throws IOException {
        try (Socket s = connect(port)) {
            s.shutdownOutput();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void roundRobinFollowsWeights() throws Exception {
        int listen = freePort();
        String servers = "{ name = \"a\", address = \"127.0.0.1:" + named("a") + "\", weight = 2 }, " + server("b", named("b"));
        proxy(tcp(listen, servers, ""));
        Map<String, Integer> count = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            count.merge(ask(listen), 1, Integer::sum);
        }
        assertEquals(Map.of("a", 20, "b", 10), count);
    }

    @Test
    void sourceKeepsAClientOnOneServer() throws Exception {
        int listen = freePort();
        proxy(tcp(listen, server("a", named("a")) + ", " + server("b", named("b")) + ", " + server("c", named("c")), "")
                .replace("[backends.bk]", "[backends.bk]\nbalance = \"source\""));
        String first = ask(listen);
        for (int i = 0; i < 10; i++) {
            assertEquals(first, ask(listen));
        }
    }

    @Test
    void leastConnectionsAvoidsTheBusyServer() throws Exception {
        int listen = freePort();
        Proxy p = proxy(tcp(listen, server("a", named("a")) + ", " + server("b", named("b")), "")
                .replace("[backends.bk]", "[backends.bk]\nbalance = \"leastconn\""));
        Socket busy = connect(listen); // stays open on one server
        cleanup.add(busy);
        String busyServer = new String(busy.getInputStream().readNBytes(1), StandardCharsets.US_ASCII);
        for (int i = 0; i < 5; i++) {
            assertFalse(ask(listen).equals(busyServer), "a new connection goes to the idle server");
            // the proxy sees the last one end a moment after the client does: until then the two tie
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (p.stats().servers().stream().mapToInt(Stats.ServerStats::current).sum() > 1 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        }
    }

    @Test
    void anIdleConnectionIsClosedAfterTheClientTimeout() throws Exception {
        int listen = freePort();
        proxy(tcp(listen, server("echo", server(ProxyTest::echo)), "timeouts = { client = 1, server = 30 }\n"));
        try (Socket s = connect(listen)) {
            s.getOutputStream().write('a');
            assertEquals('a', s.getInputStream().read(), "traffic keeps it open");
            long start = System.nanoTime();
            assertEquals(-1, s.getInputStream().read(), "then, silent, it is closed");
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertTrue(seconds >= 0 && seconds < 4, "closed after about the 1 s client timeout, took " + seconds + " s");
        }
    }

    @Test
    void overMaxconnTheNextConnectionWaitsInTheListenQueueUntilOneEnds() throws Exception {
        int listen = freePort();
        Proxy p = proxy(tcp(listen, server("echo", server(ProxyTest::echo)), "maxconn = 2"));
        Socket a = connect(listen);
        Socket b = connect(listen);
        cleanup.add(b);
        a.getOutputStream().write('1');
        assertEquals('1', a.getInputStream().read());
        b.getOutputStream().write('2');
        assertEquals('2', b.getInputStream().read());
        try (Socket c = connect(listen)) { // the kernel completes the handshake: it waits in the listen queue
            c.getOutputStream().write('3');
            c.setSoTimeout(300);
            assertThrows(java.net.SocketTimeoutException.class, () -> c.getInputStream().read(), "not served while two are open");
            assertEquals(2, p.stats().frontends().get(0).current());
            a.close();
            c.setSoTimeout(10_000);
            assertEquals('3', c.getInputStream().read(), "served once one ended, not reset");
        }
        assertEquals(0, p.stats().frontends().get(0).refused(), "nobody was accepted only to be reset");
    }

    @Test
    void theApplianceBudgetIsSharedOneFrontendsConnectionsMakeAnothersWait() throws Exception {
        int a = freePort();
        int b = freePort();
        int echo = server(ProxyTest::echo);
        Proxy p = proxy("maxconn = 2\n[frontends.ft_a]\nbackend = \"bk\"\nbinds = [ { address = \"127.0.0.1:" + a + "\" } ]\n"
                + "[frontends.ft_b]\nbackend = \"bk\"\nbinds = [ { address = \"127.0.0.1:" + b + "\" } ]\n"
                + "[backends.bk]\nservers = [ " + server("echo", echo) + " ]\n");
        Socket first = connect(a);
        Socket second = connect(a);
        cleanup.add(first);
        cleanup.add(second);
        for (Socket s : List.of(first, second)) {
            s.getOutputStream().write('a');
            assertEquals('a', s.getInputStream().read());
        }
        try (Socket other = connect(b)) { // ft_b has no cap of its own: the budget both share is spent
            other.getOutputStream().write('b');
            other.setSoTimeout(300);
            assertThrows(java.net.SocketTimeoutException.class, () -> other.getInputStream().read(), "ft_b waits while ft_a holds the budget");
            first.close();
            other.setSoTimeout(10_000);
            assertEquals('b', other.getInputStream().read(), "served once one of ft_a's ended");
        }
        assertEquals(0, p.stats().frontends().stream().mapToLong(f -> f.refused()).sum(), "nobody was accepted only to be reset");
    }

    @Test
    void threeFrontendsWithoutMaxconnAllListenAndShareOneBudget() throws Exception {
        int[] ports = {freePort(), freePort(), freePort()};
        int echo = server(ProxyTest::echo);
        StringBuilder toml = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            toml.append("[frontends.ft").append(i).append("]\nbackend = \"bk\"\nbinds = [ { address = \"127.0.0.1:").append(ports[i]).append("\" } ]\n");
        }
        toml.append("[backends.bk]\nservers = [ ").append(server("echo", echo)).append(" ]\n");
        Proxy p = proxy(toml.toString());
        assertTrue(p.binds().stream().allMatch(BindStatus::listening), p.binds().toString());
        for (int port : ports) {
            try (Socket s = connect(port)) {
                s.getOutputStream().write('x');
                assertEquals('x', s.getInputStream().read());
            }
        }
        // the same config on a limit of 20,000 open files: one budget of 9,872 connections, nothing refused
        assertEquals(new Budget(9872, ""), Budget.of(config(toml.toString()), 20_000));
        assertEquals(List.of(), Budget.warnings(config(toml.toString()), 20_000));
    }

    @Test
    void anApplianceMaxconnTheOpenFilesLimitCannotHonourIsLoweredAndSaid() throws Exception {
        long limit = dev.switchboard.sys.Limits.raiseOpenFiles();
        org.junit.jupiter.api.Assumptions.assumeTrue(limit < 2_000_256L, "the open files limit here is " + limit);
        int listen = freePort();
        Proxy p = proxy("maxconn = 1000000\n" + tcp(listen, server("s", server(ProxyTest::echo)), ""));
        assertTrue(p.binds().get(0).listening(), "a budget is never a reason not to listen");
        String note = "appliance.maxconn 1000000 needs 2000256 open files, over the limit of " + limit + ": lowered to " + (limit - 256) / 2
                + " (raise LimitNOFILE)";
        assertTrue(log.contains(note), log.toString());
        assertEquals(List.of(note), Budget.warnings(config("[appliance]\nmaxconn = 1000000\n" + tcp(listen, server("s", 1), "")), limit),
                "check says the same");
        assertEquals(List.of("frontends.ft.maxconn 6000 is over the budget of 4872 connections all frontends share (10000 open files):"
                + " it is never reached", "the frontends' caps add up to 6000, over the budget of 4872 they share: under full load some"
                + " frontends wait for others' connections to end"), Budget.warnings(config(tcp(listen, server("s", 1), "maxconn = 6000")), 10_000));
    }

    @Test
    void aCapLoweredByAReconfigurationMakesNewConnectionsWaitAtOnce() throws Exception {
        int listen = freePort();
        int echo = server(ProxyTest::echo);
        Proxy p = proxy(tcp(listen, server("echo", echo), ""));
        Socket a = connect(listen);
        cleanup.add(a);
        Socket b = connect(listen);
        cleanup.add(b);
        for (Socket s : List.of(a, b)) {
            s.getOutputStream().write('x');
            assertEquals('x', s.getInputStream().read());
        }
        assertTrue(p.reconfigure(config("[appliance]\ntransport = \"" + transport() + "\"\n" + tcp(listen, server("echo", echo), "maxconn = 2")))
                .applied());
        try (Socket c = connect(listen)) {
            c.getOutputStream().write('3');
            c.setSoTimeout(300);
            int r;
            try {
                r = c.getInputStream().read();
            } catch (java.net.SocketTimeoutException waits) {
                r = -2;
            }
            assertEquals(-2, r, "two are open: the third waits; refused " + p.stats().frontends().get(0).refused()
                    + ", current " + p.stats().frontends().get(0).current() + ", log " + log);
            a.close();
            c.setSoTimeout(10_000);
            assertEquals('3', c.getInputStream().read(), "served once one ended");
        }
        assertEquals(0, p.stats().frontends().get(0).refused(), "nobody accepted only to be reset");
    }

    @Test
    void sendProxyPrefixesAVersionTwoHeaderWithTheClientsAddress() throws Exception {
        int listen = freePort();
        AtomicLong clientPort = new AtomicLong();
        List<byte[]> headers = new CopyOnWriteArrayList<>();
        int backend = server(s -> {
            try {
                DataInputStream in = new DataInputStream(s.getInputStream());
                byte[] fixed = in.readNBytes(16);
                int length = ((fixed[14] & 0xff) << 8) | (fixed[15] & 0xff);
                byte[] rest = in.readNBytes(length);
                headers.add(fixed);
                headers.add(rest);
                s.getOutputStream().write('k');
            } catch (IOException ignored) {
                // shown by the client
            }
        });
        proxy(tcp(listen, "{ name = \"s\", address = \"127.0.0.1:" + backend + "\", send_proxy = true }", ""));
        try (Socket s = connect(listen)) {
            clientPort.set(s.getLocalPort());
            assertEquals('k', s.getInputStream().read());
        }
        byte[] signature = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
        assertArrayEquals(signature, java.util.Arrays.copyOf(headers.get(0), 12));
        assertEquals(0x21, headers.get(0)[12] & 0xff, "version 2, PROXY");
        assertEquals(0x11, headers.get(0)[13] & 0xff, "TCP over IPv4");
        byte[] addr = headers.get(1);
        assertArrayEquals(new byte[] {127, 0, 0, 1}, java.util.Arrays.copyOf(addr, 4), "source address");
        assertEquals(clientPort.get(), ((addr[8] & 0xff) << 8) | (addr[9] & 0xff), "source port");
        assertEquals(listen, ((addr[10] & 0xff) << 8) | (addr[11] & 0xff), "destination port");
    }

    @Test
    void aBindPinnedToAMissingInterfaceFailsAndSaysWhy() throws Exception {
        int listen = freePort();
        Proxy p = proxy("[interfaces.nosuch0]\n" + tcp(listen, server("s", server(ProxyTest::echo)), "")
                .replaceFirst("\" \\} \\]", "\", interface = \"nosuch0\" } ]"));
        BindStatus status = p.binds().get(0);
        assertFalse(status.listening());
        assertTrue(status.error().orElseThrow().startsWith("cannot pin to interface nosuch0: "), status.error().orElseThrow());
        assertTrue(status.error().orElseThrow().contains("No such device"), status.error().orElseThrow());
        try (Socket s = new Socket()) {
            org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                    () -> s.connect(new InetSocketAddress("127.0.0.1", listen), 1000), "nothing listens unpinned");
        }
    }

    @Test
    void aBindPinnedToLoopbackListensAndRelays() throws Exception {
        int listen = freePort();
        Proxy p = proxy("[interfaces.lo]\n" + tcp(listen, server("s", server(ProxyTest::echo)), "")
                .replaceFirst("\" \\} \\]", "\", interface = \"lo\" } ]"));
        assertTrue(p.binds().get(0).listening(), p.binds().toString());
        try (Socket s = connect(listen)) {
            s.getOutputStream().write('p');
            assertEquals('p', s.getInputStream().read());
        }
    }

    @Test
    void aPortInUseIsReportedPerBind() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int free = freePort();
            Proxy p = proxy("[frontends.ft]\nbackend = \"bk\"\nbinds = [ { address = \"127.0.0.1:" + taken.getLocalPort()
                    + "\" }, { address = \"127.0.0.1:" + free + "\" } ]\n[backends.bk]\nservers = [ " + server("s", server(ProxyTest::echo)) + " ]\n");
            assertEquals("Address already in use", p.binds().get(0).error().orElseThrow());
            assertTrue(p.binds().get(1).listening(), "the other bind is not held back");
            assertEquals(List.of(), nettyWarnings(p::close), "the stop after a bind that failed"); // io_uring closed it late
        }
    }

    @Test
    void aSlowReaderHoldsTheServerBackInsteadOfFillingMemory() throws Exception {
        int listen = freePort();
        AtomicLong written = new AtomicLong();
        long total = 256L << 20;
        int backend = server(s -> {
            try {
                byte[] chunk = new byte[64 * 1024];
                OutputStream out = s.getOutputStream();
                for (long n = 0; n < total; n += chunk.length) {
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                }
                s.shutdownOutput();
            } catch (IOException ignored) {
                // the client went away
            }
        });
        proxy(tcp(listen, server("s", backend), ""));
        try (Socket s = connect(listen)) {
            s.setReceiveBufferSize(64 * 1024);
            Thread.sleep(1500); // the client reads nothing for a while
            long stalled = written.get();
            assertTrue(stalled < 48L << 20, "the server got only socket buffers' worth out: " + (stalled >> 20) + " MiB of 256");
            long read = s.getInputStream().transferTo(OutputStream.nullOutputStream());
            assertEquals(total, read);
        }
    }

    @Test
    void fiveThousandIdleConnectionsAreHeldAndLeaveNoDescriptorsBehind() throws Exception {
        // the servers' side: a Netty server that accepts and holds, in this process
        io.netty.channel.EventLoopGroup sinkGroup = new io.netty.channel.MultiThreadIoEventLoopGroup(1,
                io.netty.channel.epoll.EpollIoHandler.newFactory());
        cleanup.add(() -> sinkGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync());
        io.netty.channel.Channel sink = new io.netty.bootstrap.ServerBootstrap().group(sinkGroup)
                .channel(io.netty.channel.epoll.EpollServerSocketChannel.class)
                .option(io.netty.channel.ChannelOption.SO_BACKLOG, 8192)
                .childHandler(new io.netty.channel.ChannelInitializer<io.netty.channel.Channel>() {
                    @Override
                    protected void initChannel(io.netty.channel.Channel ch) {
                        // holds the connection; closes it when the other side does
                    }
                })
                .bind(java.net.InetAddress.getLoopbackAddress(), 0).sync().channel();
        int sinkPort = ((InetSocketAddress) sink.localAddress()).getPort();
        int listen = freePort();
        long fdsBefore = openDescriptors();
        Proxy p = proxy(tcp(listen, server("sink", sinkPort), "maxconn = 5000"));
        Process clients = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-cp", System.getProperty("java.class.path"),
                IdleClients.class.getName(), "127.0.0.1", Integer.toString(listen), "5000").redirectErrorStream(true).start();
        java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(clients.getInputStream()));
        assertEquals("ready 5000", out.readLine());
        long deadline = System.currentTimeMillis() + 30_000; // SYNs beyond a full accept queue are retried after 1 s, 3 s
        while ((p.stats().frontends().get(0).current() < 5000 || p.stats().servers().get(0).current() < 5000)
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(5000, p.stats().frontends().get(0).current(), () -> p.stats() + " " + log.subList(0, Math.min(5, log.size())));
        assertEquals(5000, p.stats().servers().get(0).current(), () -> p.stats() + " " + log.subList(0, Math.min(5, log.size())));
        clients.getOutputStream().close();
        assertEquals("alive 5000", out.readLine(), "every connection was still open");
        assertEquals(0, clients.waitFor());
        deadline = System.currentTimeMillis() + 10_000;
        while (p.stats().frontends().get(0).current() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, p.stats().frontends().get(0).current());
        long leaked = openDescriptors() - fdsBefore;
        assertTrue(leaked < 50, "descriptors left after the clients went: " + leaked);
    }

    static long openDescriptors() throws IOException {
        try (var fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    static Config config(String toml) {
        return ((ConfigLoader.Loaded) ConfigLoader.parse(toml, "test.toml")).config();
    }

    @Test
    void reconfigurationOpensNewBindsKeepsOldConnectionsAndSendsNewOnesToTheNewBackend() throws Exception {
        int listen = freePort();
        int second = freePort();
        Proxy p = proxy(tcp(listen, server("a", named("a")), ""));
        Socket old = connect(listen);
        cleanup.add(old);
        assertEquals("a", new String(old.getInputStream().readNBytes(1), StandardCharsets.US_ASCII));

        String next = "[frontends.ft]\nbackend = \"bk\"\nbinds = [ { address = \"127.0.0.1:" + listen + "\" }, { address = \"127.0.0.1:"
                + second + "\" } ]\n[backends.bk]\nservers = [ " + server("b", named("b")) + " ]\n";
        Proxy.Reconfigured r = p.reconfigure(config(next));
        assertTrue(r.applied(), r.toString());
        assertEquals("b", ask(listen), "the kept bind sends new connections to the new backend");
        assertEquals("b", ask(second), "the new bind listens");
        old.getOutputStream().write('x'); // the connection from before is still there
        old.shutdownOutput();
        assertEquals(-1, old.getInputStream().read());
        assertEquals(3, p.stats().frontends().get(0).total(), "one connection before, two after, counted by one frontend throughout");
    }

    @Test
    void aConnectionToANewFrontendBeforeItIsSwitchedInWaitsForItAndIsServed() throws Exception {
        int listen = freePort();
        int added = freePort();
        Proxy p = proxy(tcp(listen, server("a", named("a")), ""));
        String next = tcp(listen, server("a", named("a")), "")
                + "[frontends.added]\nbackend = \"bk\"\nbinds = [ { address = \"127.0.0.1:" + added + "\" } ]\n";
        List<Socket> early = new ArrayList<>();
        p.beforeSwitchIn = switchIn -> { // the new bind listens; its frontend is not switched in yet
            try {
                early.add(connect(added));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (switchIn.waiting() == 0 && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // the event loop accepts it: no event reaches this thread
            }
            assertEquals(1, switchIn.waiting(), "the connection accepted before the switch-in waits for it");
        };
        assertTrue(p.reconfigure(config(next)).applied());
        Socket s = early.get(0);
        cleanup.add(s);
        s.shutdownOutput();
        assertEquals("a", new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII), "served once switched in");
    }

    @Test
    void aReconfigurationWhoseNewBindCannotOpenChangesNothing() throws Exception {
        int listen = freePort();
        Proxy p = proxy(tcp(listen, server("a", named("a")), ""));
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String next = "[frontends.ft]\nbackend = \"bk\"\nbinds = [ { address = \"127.0.0.1:" + listen + "\" }, { address = \"127.0.0.1:"
                    + taken.getLocalPort() + "\" } ]\n[backends.bk]\nservers = [ " + server("b", named("b")) + " ]\n";
            Proxy.Reconfigured r = p.reconfigure(config(next));
            assertFalse(r.applied());
            assertEquals("Address already in use", r.failed().get(0).error().orElseThrow());
            assertEquals("a", ask(listen), "still the old backend");
            assertEquals(1, p.binds().size());
        }
    }

    @Test
    void aRemovedFrontendStopsListeningWhileItsConnectionsFinish() throws Exception {
        int listen = freePort();
        int other = freePort();
        Proxy p = proxy(tcp(listen, server("echo", server(ProxyTest::echo)), ""));
        Socket held = connect(listen);
        cleanup.add(held);
        held.getOutputStream().write('1');
        assertEquals('1', held.getInputStream().read());
        String next = "[frontends.other]\nbackend = \"bk\"\nbinds = [ { address = \"127.0.0.1:" + other + "\" } ]\n"
                + "[backends.bk]\nservers = [ " + server("echo", server(ProxyTest::echo)) + " ]\n";
        assertTrue(p.reconfigure(config(next)).applied());
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> connect(listen), "the removed bind no longer listens");
        held.getOutputStream().write('2');
        assertEquals('2', held.getInputStream().read(), "its connection still works");
    }
}
