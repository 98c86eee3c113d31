package dev.switchboard.config;

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

    public record Loaded(Config config, SourceMap sources) implements Result {}

    /** {@code unlisted}: problems found beyond those listed (the last listed says how many). */
    public record Rejected(List<Problem> problems, int unlisted) implements Result {
        public Rejected {
            problems = List.copyOf(problems);
        }

        public Rejected(List<Problem> problems) {
            this(problems, 0);
        }
    }

    /** Reads and checks the file; a file that cannot be a config is one problem (see {@link ConfigText#read}). */
    public static Result load(Path file) {
        String text;
        try {
            text = ConfigText.read(file);
        } catch (ConfigText.Refused e) {
            return new Rejected(List.of(e.problem()));
        }
        return parse(text, file.toString());
    }

    /** Syntax errors beyond these are not listed: a file with so many is not a config at all. */
    public static final int MAX_SYNTAX_PROBLEMS = 100;

    /** How much of a large file is parsed first, to refuse one full of junk at the cost of its head. */
    private static final int PROBE_CHARS = 16 * 1024;

    /** Dotted parts a key or table header may have at most: as many as tables may nest (tomlj's cap). */
    public static final int MAX_KEY_PARTS = 128;

    /** Parses and checks config text; {@code source} names it in problems. Pure. */
    public static Result parse(String text, String source) {
        // a UTF-8 byte order mark says nothing a TOML reader needs; TOML's maintainers hold it allowed
        // (toml-lang/toml#437) and most readers skip it, tomlj does not. Skipped here, where every
        // config is parsed (a file, the control socket's text, status's look at the file); an editor
        // counts no column for it either
        if (text.startsWith(Utf8.BYTE_ORDER_MARK)) {
            return parse(text.substring(1), source);
        }
        // tomlj would nest a table per part, and the path of such a key fills a screen: refused
        // first, at the cost of one pass
        Squeezed squeezed = Squeezed.of(text);
        if (squeezed.deepKey() > 0) {
            Lines.Window shown = new Lines(text).window(squeezed.deepKey(), 1);
            return new Rejected(List.of(new Problem(source, squeezed.deepKey(), 1, "",
                    "a key with more than " + MAX_KEY_PARTS + " dotted parts", "no key of a config has more than a few",
                    shown.text(), shown.skipped())));
        }
        // tomlj spends some 25 us on each line it cannot parse (5 s for a megabyte of them): a large
        // text whose head alone has too many syntax errors is refused on its head
        if (text.length() > PROBE_CHARS) {
            int cut = text.lastIndexOf('\n', PROBE_CHARS);
            String head = text.substring(0, cut + 1);
            int lastLine = (int) head.chars().filter(c -> c == '\n').count();
            // an error on the head's last line may be the cut's, not the file's
            List<Problem> early = syntax(head, source).stream().filter(p -> p.line() < lastLine).toList();
            if (early.size() > MAX_SYNTAX_PROBLEMS) {
                return new Rejected(capped(early, source));
            }
        }
        // tomlj reads the text with its runs of blank and comment lines cut (see Squeezed); every
        // line it reports is mapped back to the text's own
        TomlParseResult document = Toml.parse(squeezed.text());
        if (document.hasErrors()) {
            return new Rejected(capped(syntax(text, squeezed, document, source), source));
        }
        SourceMap sources = new SourceMap(source, text, squeezed::original);
        Problems problems = new Problems();
        Config config = new ConfigReader(sources, problems).read(document);
        Validator.validate(config, sources).forEach(problems::add);
        if (problems.total() > 0) {
            problems.sort(Comparator.comparingInt(Problem::line));
            return listed(problems, problems.total(), source);
        }
        return new Loaded(config, sources);
    }

    /** Problems listed at most: past these a screenful of output helps nobody (an array of 100,000 wrong elements). */
    public static final int MAX_PROBLEMS = 50;

    /** The first {@link #MAX_PROBLEMS}, then one line saying how many more there are. */
    private static Rejected listed(List<Problem> problems, int total, String source) {
        if (total <= MAX_PROBLEMS) {
            return new Rejected(problems);
        }
        int more = total - MAX_PROBLEMS;
        List<Problem> first = new ArrayList<>(problems.subList(0, MAX_PROBLEMS));
        first.add(new Problem(source, 0, "", "... and " + more + (more == 1 ? " more problem" : " more problems"),
                "fix these and check again"));
        return new Rejected(first, more);
    }

    private static List<Problem> syntax(String text, String source) {
        Squeezed squeezed = Squeezed.of(text);
        return syntax(text, squeezed, Toml.parse(squeezed.text()), source, MAX_SYNTAX_PROBLEMS + 2); // its last line's may go
    }

    private static List<Problem> syntax(String text, Squeezed squeezed, TomlParseResult document, String source) {
        return syntax(text, squeezed, document, source, MAX_SYNTAX_PROBLEMS + 1);
    }

    private static List<Problem> syntax(String text, Squeezed squeezed, TomlParseResult document, String source, int limit) {
        List<SyntaxErrors.Raw> raw = new ArrayList<>();
        for (TomlParseError error : document.errors()) {
            String message = squeezed.message(error.getMessage());
            int[] unclosed = squeezed.unclosedString();
            if (unclosed != null && message.startsWith("Unexpected end of input")) { // the end is where it was noticed, not the mistake
                raw.add(new SyntaxErrors.Raw(unclosed[0], unclosed[1], "this multi-line string is never closed"));
                continue;
            }
            raw.add(error.position() == null ? new SyntaxErrors.Raw(0, 0, message)
                    : new SyntaxErrors.Raw(squeezed.original(error.position().line()), error.position().column(), message));
        }
        return new SyntaxErrors(source, text).problems(raw, limit);
    }

    /** The first {@link #MAX_SYNTAX_PROBLEMS}, and a last one saying that the rest were left out. */
    private static List<Problem> capped(List<Problem> syntax, String source) {
        if (syntax.size() <= MAX_SYNTAX_PROBLEMS) {
            return syntax;
        }
        List<Problem> first = new ArrayList<>(syntax.subList(0, MAX_SYNTAX_PROBLEMS));
        first.add(new Problem(source, 0, "", "more than " + MAX_SYNTAX_PROBLEMS + " TOML syntax errors; the rest are not listed",
                "is it a TOML file?"));
        return first;
    }
}
