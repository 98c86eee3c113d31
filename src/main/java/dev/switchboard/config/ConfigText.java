package dev.switchboard.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The text of a config, from a file or from the control socket, refused with one clear line when
 * it cannot be a config: not a regular file, unreadable, over {@link #MAX_BYTES}, binary or not
 * UTF-8 (the line and column of its first bad byte said). A bad file is the user's mistake, so it
 * is a {@link Refused} with a {@link Problem}, never an exception that reaches the "internal error"
 * handler.
 */
public final class ConfigText {
    /** A config is a few kilobytes; a megabyte is a mistake, and parsing it costs about a second. */
    public static final int MAX_BYTES = 1 << 20;

    private ConfigText() {}

    /** Why a file or a text cannot be a config; its message is the problem's one line. */
    public static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Problem problem;

        Refused(Problem problem) {
            super(problem.format());
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    /**
     * The file's text. Its type is looked at before it is opened (links followed), so a FIFO or a
     * device is refused at once: opening a FIFO to read blocks until a writer comes, and
     * /dev/zero never ends.
     */
    public static String read(Path file) throws Refused {
        String source = file.toString();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            if (Files.isSymbolicLink(file)) {
                throw refused(source, "is a dangling symbolic link (to " + target(file) + ", which does not exist)", "");
            }
            throw refused(source, "no such file", "give the path with --config FILE or SWITCHBOARD_CONFIG");
        } catch (AccessDeniedException e) {
            throw refused(source, "permission denied", "run as a user that may read it, or with sudo");
        } catch (IOException e) {
            throw refused(source, "cannot read: " + e.getMessage(), "");
        }
        if (attributes.isDirectory()) {
            throw refused(source, "is a directory, not a config file", "give the file with --config FILE");
        }
        if (!attributes.isRegularFile()) {
            FileType type = FileType.of(file).orElse(FileType.UNKNOWN);
            throw refused(source, "is " + (type == FileType.FIFO ? "a FIFO (named pipe)" : type.words) + ", not a regular file",
                    "a config is a regular file");
        }
        if (attributes.size() > MAX_BYTES) {
            throw tooLarge(source, attributes.size());
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1); // it may have grown since it was looked at
        } catch (AccessDeniedException e) {
            throw refused(source, "permission denied", "run as a user that may read it, or with sudo");
        } catch (IOException e) {
            throw refused(source, "cannot read: " + e.getMessage(), "");
        }
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(source, bytes.length);
        }
        return decode(bytes, source);
    }

    /** Bytes as config text: at most {@link #MAX_BYTES}, UTF-8, no NUL; {@code source} names them. */
    public static String decode(byte[] bytes, String source) throws Refused {
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(source, bytes.length);
        }
        if (Utf8.isUtf16(bytes)) {
            throw refused(source, "is UTF-16 text (it starts with a UTF-16 byte order mark)", "TOML files are UTF-8: iconv -f UTF-16 -t UTF-8");
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                // UTF-16 without a mark has a NUL beside every ASCII letter
                boolean utf16 = bytes.length >= 2 && (bytes[0] == 0 || bytes[1] == 0);
                throw refused(source, "holds a NUL byte at offset " + i + (utf16 ? ": UTF-16 text?" : ": a binary file, not text"),
                        "a config is UTF-8 text");
            }
        }
        // a UTF-8 byte order mark stays in the text, as in the file (ConfigLoader.parse reads past it)
        try {
            return Utf8.decode(bytes, 0);
        } catch (Utf8.NotUtf8 e) {
            throw new Refused(new Problem(source, e.at().line(), e.at().column(), "", e.getMessage(), "TOML files are UTF-8 text", "", 0));
        }
    }

    /** A text of {@code size} bytes, over {@link #MAX_BYTES}, refused. */
    public static Refused tooLarge(String source, long size) {
        return refused(source, "is " + size + " bytes; a config may be at most " + MAX_BYTES + " bytes (1 MiB)", "");
    }

    private static Refused refused(String source, String message, String hint) {
        return new Refused(new Problem(source, 0, "", message, hint));
    }

    private static String target(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "?";
        }
    }
}
