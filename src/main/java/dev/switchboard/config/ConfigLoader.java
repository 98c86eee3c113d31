package dev.switchboard.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;

/** Reads and checks a config file; every mistake comes back as a located {@link Problem}. */
public final class ConfigLoader {
    public static final Path DEFAULT_PATH = Path.of("/etc/switchboard/switchboard.toml");

    private ConfigLoader() {}

    /** The outcome of loading: a valid config, or every problem found. */
    public sealed interface Result permits Loaded, Rejected {}

    public record Loaded(Config config, SourceMap sources, TomlParseResult document) implements Result {}

    public record Rejected(List<Problem> problems) implements Result {
        public Rejected {
            problems = List.copyOf(problems);
        }
    }

    public static Result load(Path file) {
        String source = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return rejected(source, "no such file", "give the path with --config FILE or SWITCHBOARD_CONFIG");
        } catch (AccessDeniedException e) {
            return rejected(source, "permission denied", "run as a user that may read it, or with sudo");
        } catch (IOException e) {
            return rejected(source, "cannot read: " + e.getMessage(), "");
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return parse(text, source);
        } catch (CharacterCodingException e) {
            return rejected(source, "is not UTF-8 text", "TOML files are UTF-8");
        }
    }

    /** Parses and checks config text; {@code source} names it in problems. Pure. */
    public static Result parse(String text, String source) {
        TomlParseResult document = Toml.parse(text);
        if (document.hasErrors()) {
            List<Problem> syntax = new ArrayList<>();
            for (TomlParseError error : document.errors()) {
                int line = error.position() == null ? 0 : error.position().line();
                syntax.add(new Problem(source, line, "", "TOML syntax: " + error.getMessage(), ""));
            }
            return new Rejected(syntax);
        }
        SourceMap sources = new SourceMap(source);
        List<Problem> problems = new ArrayList<>();
        Config config = new ConfigReader(sources, problems).read(document);
        problems.addAll(Validator.validate(config, sources));
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparingInt(Problem::line));
            return new Rejected(problems);
        }
        return new Loaded(config, sources, document);
    }

    private static Rejected rejected(String source, String message, String hint) {
        return new Rejected(List.of(new Problem(source, 0, "", message, hint)));
    }
}
