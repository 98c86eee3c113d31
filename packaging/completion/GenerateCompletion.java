import dev.switchboard.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Writes the bash completion of {@code switchboard} to the file named by the one argument. Run at
 * build time in source-file mode against the shaded jar: picocli's own AutoComplete entry point
 * needs a no-argument constructor, and Main takes its environment.
 */
class GenerateCompletion {
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        String script = AutoComplete.bash("switchboard", new CommandLine(new Main(Map.of())));
        // bash sources a completion, never runs it: no #! line (Debian's lintian flags one)
        if (script.startsWith("#!")) {
            script = script.substring(script.indexOf('\n') + 1);
        }
        Files.writeString(out, script);
    }
}
