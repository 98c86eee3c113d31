package dev.switchboard.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/** What a path is, from st_mode's type bits (which the JDK gives as "unix:mode"), in words for a message. */
public enum FileType {
    REGULAR("a regular file"), DIRECTORY("a directory"), SYMLINK("a symbolic link"), FIFO("a FIFO"),
    CHARACTER_DEVICE("a character device"), BLOCK_DEVICE("a block device"), SOCKET("a socket"),
    /** Where the file system gives no mode. */
    UNKNOWN("a special file");

    public final String words;

    FileType(String words) {
        this.words = words;
    }

    /** Empty if nothing is at {@code path}. */
    public static Optional<FileType> of(Path path, LinkOption... options) {
        if (!Files.exists(path, options)) {
            return Optional.empty();
        }
        try {
            return Optional.of(switch (((Integer) Files.getAttribute(path, "unix:mode", options)) & 0170000) {
                case 0100000 -> REGULAR;
                case 0040000 -> DIRECTORY;
                case 0120000 -> SYMLINK;
                case 0010000 -> FIFO;
                case 0020000 -> CHARACTER_DEVICE;
                case 0060000 -> BLOCK_DEVICE;
                case 0140000 -> SOCKET;
                default -> UNKNOWN;
            });
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.of(UNKNOWN);
        }
    }
}
