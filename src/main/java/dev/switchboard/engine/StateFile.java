package dev.switchboard.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads the state directory's own files (owned.toml, pending-try, history, the locks' names)
 * as a damaged disk or a careless hand may leave them: one that is not a regular file (a FIFO is
 * never opened, so nothing blocks), too large, binary or not UTF-8 is an IOException whose
 * message names the file and what is wrong, for one clear line and exit 1.
 */
public final class StateFile {
    /** Far more than any state file switchboard writes (the history holds configs of at most 1 MiB). */
    static final long MAX_BYTES = 1 << 20;

    private StateFile() {}

    static String read(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        if (!a.isRegularFile()) {
            throw new IOException(file + ": not a regular file (" + (a.isDirectory() ? "a directory" : "a device, FIFO or socket")
                    + "): move it away to start afresh");
        }
        if (a.size() > MAX_BYTES) {
            throw new IOException(file + ": " + a.size() + " bytes, over the " + MAX_BYTES + " a state file may hold: damaged? move it away");
        }
        byte[] bytes = Files.readAllBytes(file);
        for (byte b : bytes) {
            if (b == 0) {
                throw new IOException(file + ": binary, not text: damaged? move it away to start afresh");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": not UTF-8 text: damaged? move it away to start afresh");
        }
    }

    /** An I/O failure as a person reads it: the file and what went wrong, never only a path or a class name. */
    public static String describe(IOException e) {
        if (e instanceof FileSystemException f && f.getFile() != null) {
            return f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "") + ": " + reason(e);
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName(); // ours name the file already
    }

    /** What went wrong, in words ("No space left on device", "permission denied"), without the file or the call. */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "exists, and is in the way";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.contains(": ") ? m.substring(m.lastIndexOf(": ") + 2) : m;
    }
}
