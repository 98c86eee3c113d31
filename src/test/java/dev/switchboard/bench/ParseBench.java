package dev.switchboard.bench;

import dev.switchboard.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;
import org.tomlj.Toml;

/**
 * Parse time of the config (bench/parse.sh): tomlj alone against ConfigLoader.parse, which cuts
 * runs of blank and comment lines first, on the seed plus runs, and on 1 MiB files of every shape.
 * The best of three after a warm-up; tomlj alone is timed only where it ends in seconds (2,000 comment lines: 37 s).
 */
public final class ParseBench {
    private ParseBench() {}

    public static void main(String[] args) throws Exception {
        String seed = Files.readString(Path.of("conf/switchboard.toml"));
        Map<String, String> texts = new LinkedHashMap<>();
        for (int n : new int[] {1_000, 10_000, 100_000}) {
            texts.put("seed + " + n + " comment lines", seed + "# a comment line\n".repeat(n));
            texts.put("seed + " + n + " blank lines", seed + "\n".repeat(n));
        }
        int mib = 1 << 20;
        texts.put("1 MiB: key = value lines", fill(mib, i -> "k" + i + " = " + i + "\n"));
        texts.put("1 MiB: [table] + key lines", fill(mib, i -> "[t" + i + "]\nx = 1\n"));
        texts.put("1 MiB: array, a value a line", "k = [\n" + fill(mib - 10, i -> "  " + i + ", # c\n") + "]\n");
        texts.put("1 MiB: junk lines", fill(mib, i -> "!!! ???\n"));
        texts.put("1 MiB: 'k = ' lines", fill(mib, i -> "k = \n"));
        System.out.printf("%-34s %9s %14s %14s%n", "text", "bytes", "tomlj alone", "ConfigLoader");
        for (var e : texts.entrySet()) {
            String text = e.getValue();
            boolean slow = e.getKey().startsWith("seed") && !e.getKey().startsWith("seed + 1000 ");
            String alone = slow ? "(minutes)" : String.format("%.0f ms", best(() -> Toml.parse(text)) / 1e6);
            String ours = String.format("%.0f ms", best(() -> ConfigLoader.parse(text, "bench.toml")) / 1e6);
            System.out.printf("%-34s %9d %14s %14s%n", e.getKey(), text.length(), alone, ours);
        }
    }

    private static String fill(int bytes, IntFunction<String> line) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; ; i++) {
            String next = line.apply(i);
            if (b.length() + next.length() > bytes) {
                return b.toString();
            }
            b.append(next);
        }
    }

    private static long best(Runnable parse) {
        parse.run(); // warm-up
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            parse.run();
            best = Math.min(best, System.nanoTime() - start);
        }
        return best;
    }
}
