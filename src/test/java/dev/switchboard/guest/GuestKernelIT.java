package dev.switchboard.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The kernel tests on Debian's own kernel: one QEMU guest (TCG) boots linux-image-amd64 from this
 * machine's root filesystem, read-only over 9p, and runs {@link #CLASSES} as root with this JDK
 * (src/test/guest/init, {@link GuestLauncher}); a second, writable 9p share brings the results
 * back. Skipped, saying why, where QEMU or a Debian kernel with its modules is not installed.
 * Every test of those classes must run there: a skip in the guest fails this test.
 */
class GuestKernelIT {
    /**
     * The classes whose tests need a distribution kernel's link types (vlan). MonitorTest is not
     * among them: it holds the monitor to 100 ms, which an emulated CPU cannot keep (212 ms seen).
     */
    static final List<String> CLASSES = List.of(
            "dev.switchboard.net.KernelTest",
            "dev.switchboard.engine.VlanInNamespaceTest",
            "dev.switchboard.cli.VlanSeedApplyTest");
    static final Path QEMU = Path.of("/usr/bin/qemu-system-x86_64");
    /** One CPU: two (a host thread each) were slower here, 121 s against 99 s for the whole run, on 2 busy cores. */
    static final String CPUS = System.getProperty("guest.cpus", "1");
    static final long TIMEOUT_SECONDS = Long.getLong("guest.timeout", 900);
    /** Client compiler only and a small heap: the guest's CPU is emulated, C2 would cost more than it gives. */
    static final String JAVA_OPTS = System.getProperty("guest.javaOpts",
            "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss1m -Xmx512m -XX:-UsePerfData -Xshare:auto");

    record Guest(String version, Path vmlinuz) {}

    /** The newest /boot/vmlinuz-VERSION whose modules (with 9p) are installed. */
    static Optional<Guest> kernel() throws IOException {
        if (!Files.isDirectory(Path.of("/boot"))) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(Path.of("/boot"))) {
            return files.filter(p -> p.getFileName().toString().startsWith("vmlinuz-"))
                    .map(p -> new Guest(p.getFileName().toString().substring("vmlinuz-".length()), p))
                    .filter(g -> Files.isDirectory(Path.of("/lib/modules", g.version(), "kernel/fs/9p")))
                    .max(Comparator.comparing(Guest::version, GuestKernelIT::compareVersions));
        }
    }

    /** 6.1.0-57 after 6.1.0-9: their numbers compared in turn. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("\\D+");
        String[] y = b.split("\\D+");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = x[i].isEmpty() || y[i].isEmpty() ? x[i].compareTo(y[i]) : Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i]));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    @Test
    void theKernelTestsPassOnDebiansKernel() throws Exception {
        assumeTrue(Files.isExecutable(QEMU), "no " + QEMU + ": apt-get install qemu-system-x86 (.ci/run does)");
        Optional<Guest> found = kernel();
        assumeTrue(found.isPresent(), "no /boot/vmlinuz-* with its modules: apt-get install linux-image-amd64 (.ci/run does)");
        Guest guest = found.get();
        assumeTrue(Files.isReadable(guest.vmlinuz()), guest.vmlinuz() + " is not readable: run as root");

        Path basedir = Path.of("").toAbsolutePath();
        Path dir = basedir.resolve("target/guest");
        Path share = dir.resolve("share");
        deleteTree(share);
        Files.createDirectories(share);
        Boot boot = boot(basedir, dir, guest);

        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Files.writeString(share.resolve("classpath"), classpath);
        Files.writeString(share.resolve("run.env"), String.join("\n",
                "BASEDIR='" + basedir + "'",
                "JAVA='" + Path.of(System.getProperty("java.home"), "bin/java") + "'",
                "JAVA_OPTS='" + JAVA_OPTS + "'",
                "CLASSPATH_FILE=/tmp/share/classpath",
                "CLASSES='" + String.join(" ", CLASSES) + "'", ""));

        long start = System.nanoTime();
        Process qemu = new ProcessBuilder(QEMU.toString(), "-m", "1536", "-smp", CPUS, "-cpu", "max", "-accel", "tcg",
                "-nodefaults", "-display", "none", "-serial", "stdio", "-no-reboot",
                "-kernel", boot.kernel().toString(), "-initrd", boot.initrd().toString(),
                "-virtfs", "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap",
                "-virtfs", "local,path=" + share + ",mount_tag=share,security_model=none,multidevs=remap",
                "-append", "console=ttyS0 quiet panic=-1 root=hostroot rootfstype=9p ro"
                        + " rootflags=trans=virtio,version=9p2000.L,cache=loose,msize=262144"
                        + " init=" + basedir.resolve("src/test/guest/init"))
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        Path console = dir.resolve("console.log");
        Map<String, Long> seen = new ConcurrentHashMap<>();
        Thread copier = copy(qemu, console, System.out, seen);
        if (!qemu.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            qemu.destroyForcibly().waitFor();
            copier.join();
            fail("the guest did not finish in " + TIMEOUT_SECONDS + " s (-Dguest.timeout=): see " + console);
        }
        copier.join();
        seen.put("off", System.nanoTime());
        String log = Files.readString(console, StandardCharsets.ISO_8859_1);
        Path exit = share.resolve("exit");
        assertTrue(Files.exists(exit), "the guest left no exit code (qemu exit " + qemu.exitValue() + "): see " + console
                + "\n" + tail(log));
        String figures = figures(seen, start);
        System.out.println(figures);
        Files.writeString(dir.resolve("figures.txt"), figures + "\n");

        Path tsv = share.resolve("results.tsv");
        assertTrue(Files.exists(tsv), "the guest's launcher wrote no results (exit " + Files.readString(exit).strip() + "): see "
                + console + "\n" + tail(log));
        List<String> results = Files.readAllLines(tsv);
        List<String> notPassed = results.stream().filter(l -> !l.startsWith("SUCCESSFUL\t"))
                .map(GuestKernelIT::unescape).toList();
        assertEquals(List.of(), notPassed, "every test of " + CLASSES + " must run and pass in the guest");
        assertFalse(results.isEmpty(), "no test ran in the guest");
        assertEquals("0", Files.readString(exit).strip(), "the guest's launcher exit code");
    }

    /** What QEMU boots: src/test/guest/initrd.sh's initramfs and unpacked kernel, made once per kernel into target/. */
    record Boot(Path kernel, Path initrd) {}

    static Boot boot(Path basedir, Path dir, Guest guest) throws Exception {
        Path initrd = dir.resolve("initrd.img-" + guest.version());
        Path vmlinux = dir.resolve("vmlinux-" + guest.version());
        if (!Files.exists(initrd)) {
            assumeTrue(Files.isExecutable(Path.of("/usr/sbin/mkinitramfs")), "no mkinitramfs: apt-get install initramfs-tools");
            Process p = new ProcessBuilder("sh", basedir.resolve("src/test/guest/initrd.sh").toString(), guest.version(), dir.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), "src/test/guest/initrd.sh failed:\n" + out);
        }
        return new Boot(Files.exists(vmlinux) ? vmlinux : guest.vmlinuz(), initrd);
    }

    /** Copies the guest's console to a file, and its own lines (guest: ...) to the build's output. */
    static Thread copy(Process qemu, Path file, PrintStream echo, Map<String, Long> seen) {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(qemu.getInputStream(), StandardCharsets.ISO_8859_1));
                 var out = Files.newBufferedWriter(file, StandardCharsets.ISO_8859_1)) {
                for (String line; (line = in.readLine()) != null; ) {
                    out.write(line);
                    out.newLine();
                    int at = line.indexOf("guest: "); // after the firmware's escape sequences, if on its line
                    if (at >= 0) {
                        seen.putIfAbsent(line.substring(at).split(" ")[1], System.nanoTime());
                        echo.println(line.substring(at));
                    }
                }
            } catch (IOException e) {
                echo.println("guest console: " + e);
            }
        }, "guest-console");
        t.start();
        return t;
    }

    /** Each phase in seconds of this machine's time, from the guest's lines as they arrived. */
    static String figures(Map<String, Long> seen, long start) {
        StringBuilder out = new StringBuilder("guest figures (s):");
        long from = start;
        for (String[] phase : new String[][] {{"init", "boot to init"}, {"launcher", "JVM start"}, {"done", "tests"}, {"off", "power-off"}}) {
            Long at = seen.get(phase[0]);
            out.append(' ').append(phase[1]).append(' ').append(at == null ? "?" : String.format("%.1f", (at - from) / 1e9)).append(',');
            from = at == null ? from : at;
        }
        return out.append(String.format(" all %.1f", (seen.get("off") - start) / 1e9)).toString();
    }

    /** GuestLauncher's escapes undone: backslash-n a line break, backslash-backslash a backslash. */
    static String unescape(String line) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                char next = line.charAt(++i);
                out.append(next == 'n' ? '\n' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String tail(String log) {
        String[] lines = log.split("\n");
        return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 40), lines.length));
    }

    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
