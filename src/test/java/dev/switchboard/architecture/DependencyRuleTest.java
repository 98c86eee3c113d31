package dev.switchboard.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dependency rule of docs/CODEBASE.md, checked on the sources: each package uses only the
 * packages of ours that the rule allows, so the pure middle stays free of I/O and the console
 * never reaches past the engine.
 */
class DependencyRuleTest {
    private static final Path ROOT = Path.of("src/main/java/dev/switchboard");
    private static final Pattern USE = Pattern.compile("\\bdev\\.switchboard\\.([a-z][a-z0-9]*(?:\\.netlink)?)\\b");

    /** Package → the packages of ours it may use (besides itself). */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("config", Set.of()),
            Map.entry("sys", Set.of()),
            Map.entry("net.netlink", Set.of()),
            Map.entry("net", Set.of("sys", "net.netlink", "config")),
            Map.entry("plan", Set.of("config", "net")),
            Map.entry("http1", Set.of()),
            Map.entry("proxy", Set.of("config", "sys", "http1")),
            Map.entry("health", Set.of("config", "sys", "net", "net.netlink")),
            Map.entry("engine", Set.of("config", "sys", "net", "net.netlink", "plan", "proxy", "health")),
            Map.entry("control", Set.of("engine", "config", "sys", "net", "plan", "proxy", "health")),
            Map.entry("console", Set.of("engine", "control", "config", "sys", "net", "plan", "proxy", "health")),
            Map.entry("demo", Set.of("config", "sys", "net")),
            Map.entry("diagnose", Set.of("config", "net", "proxy", "engine", "control", "health")),
            Map.entry("cli", Set.of("config", "sys", "net", "net.netlink", "plan", "proxy", "engine", "control", "console", "demo", "health", "diagnose")));

    @Test
    void packagesUseOnlyWhatTheRuleAllows() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(file -> {
                String pkg = ROOT.relativize(file.getParent()).toString().replace('/', '.');
                assertTrue(ALLOWED.containsKey(pkg), "package " + pkg + " is not in the dependency rule; add it there and to docs/CODEBASE.md");
                Matcher m = USE.matcher(read(file));
                while (m.find()) {
                    String used = m.group(1);
                    if (!used.equals(pkg) && !ALLOWED.get(pkg).contains(used)) {
                        violations.add(ROOT.relativize(file) + " uses " + used);
                    }
                }
            });
        }
        assertEquals(List.of(), violations);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
