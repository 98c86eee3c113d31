package dev.switchboard.guest;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs test classes inside the guest (see {@code src/test/guest/init}) and writes one line per
 * test to a file in the share, {@code RESULT<TAB>class#method<TAB>millis<TAB>message}, which
 * {@link GuestKernelIT} reads back. Exit 0 when at least one test ran and none failed.
 * Usage: GuestLauncher RESULTS-FILE CLASS...
 */
public final class GuestLauncher {
    private GuestLauncher() {}

    public static void main(String[] args) throws IOException {
        System.out.println("guest: launcher after " + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime()
                + " ms of JVM time");
        System.exit(run(Path.of(args[0]), Arrays.asList(args).subList(1, args.length)));
    }

    /** Runs the classes, writes their results to {@code out}; 0 when a test ran and none failed. */
    static int run(Path out, List<String> classes) throws IOException {
        List<String> lines = new ArrayList<>();
        int[] failed = new int[1];
        TestExecutionListener listener = new TestExecutionListener() {
            private final java.util.Map<String, Long> started = new java.util.HashMap<>();

            @Override
            public void executionStarted(TestIdentifier id) {
                started.put(id.getUniqueId(), System.nanoTime());
            }

            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                lines.add(line("SKIPPED", id, 0, reason));
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (!id.isTest() && result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                    return;
                }
                long millis = (System.nanoTime() - started.getOrDefault(id.getUniqueId(), System.nanoTime())) / 1_000_000;
                String message = result.getThrowable().map(GuestLauncher::trace).orElse("");
                if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                    failed[0]++;
                }
                lines.add(line(result.getStatus().name(), id, millis, message));
                System.out.println("guest: " + result.getStatus() + " " + name(id) + " (" + millis + " ms)");
            }
        };
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(classes.stream().map(DiscoverySelectors::selectClass).toList())
                .build();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, listener);
        Files.write(out, lines);
        boolean ran = lines.stream().anyMatch(l -> l.startsWith("SUCCESSFUL\t") || l.startsWith("FAILED\t"));
        return failed[0] == 0 && ran ? 0 : 1;
    }

    private static String line(String result, TestIdentifier id, long millis, String message) {
        return result + "\t" + name(id) + "\t" + millis + "\t" + message.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", " ");
    }

    /** class#method for a method, the class for a class: what a developer types after -Dtest=. */
    private static String name(TestIdentifier id) {
        return id.getSource().map(s -> {
            if (s instanceof org.junit.platform.engine.support.descriptor.MethodSource m) {
                return m.getClassName().substring(m.getClassName().lastIndexOf('.') + 1) + "#" + m.getMethodName();
            }
            if (s instanceof org.junit.platform.engine.support.descriptor.ClassSource c) {
                return c.getClassName().substring(c.getClassName().lastIndexOf('.') + 1);
            }
            return id.getDisplayName();
        }).orElse(id.getDisplayName());
    }

    private static String trace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
