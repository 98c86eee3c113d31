package dev.switchboard.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Replaces a file so that a crash leaves either the old or the new content, never a mix:
 * write a temporary file beside it, fsync it, rename it over, fsync the directory.
 * A symbolic link is followed, and the file it points to replaced (the link stays); anything
 * that is not a regular file (a device, a FIFO, a directory) is refused before anything is made.
 */
public final class AtomicFile {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_LINKS = 40; // as the kernel's ELOOP

    private AtomicFile() {}

    /** The target exists and is not a regular file: renaming over it would replace a device node or a directory. */
    public static final class NotARegularFile extends FileSystemException {
        NotARegularFile(Path file, String kind) {
            super(file.toString(), null, "not a regular file (" + kind + ")");
        }
    }

    /** Writes {@code file}, making its missing directories (the engine's own state files). */
    public static void write(Path file, String content) throws IOException {
        Path target = resolve(file);
        refuseIrregular(file, target);
        Files.createDirectories(target.getParent());
        replace(file, target, content);
    }

    /** Writes {@code file}, whose directory must exist (a file the user named). */
    public static void replace(Path file, String content) throws IOException {
        Path target = resolve(file);
        refuseIrregular(file, target);
        if (!Files.isDirectory(target.getParent())) {
            throw new IOException("writing " + file + ": no such directory: " + target.getParent());
        }
        replace(file, target, content);
    }

    private static void replace(Path file, Path target, String content) throws IOException {
        Path dir = target.getParent();
        PosixFileAttributes old = Files.exists(target, LinkOption.NOFOLLOW_LINKS)
                ? Files.readAttributes(target, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS) : null;
        Path temp = null;
        try {
            FileChannel out = null;
            // CREATE_NEW is O_EXCL: a name someone planted (a symlink to /etc/shadow) fails instead of being followed
            while (out == null) {
                temp = dir.resolve("." + target.getFileName() + "." + HexFormat.of().formatHex(randomBytes()) + ".tmp");
                try {
                    out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException e) {
                    temp = null; // not ours: never delete it
                }
            }
            try (FileChannel channel = out) {
                ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                if (old != null) {
                    keepOwnership(temp, old);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true); // the rename itself must reach the disk
            }
        } catch (IOException e) {
            throw new IOException("writing " + file + ": " + reason(e), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // the error that brought us here is the one to report
                }
            }
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** A 0640 root:switchboard config stays one. */
    private static void keepOwnership(Path temp, PosixFileAttributes old) throws IOException {
        Files.setPosixFilePermissions(temp, old.permissions());
        try {
            Files.setAttribute(temp, "posix:group", old.group(), LinkOption.NOFOLLOW_LINKS);
            Files.setOwner(temp, old.owner());
        } catch (FileSystemException e) {
            // only root may give a file away: others write it as their own, as an editor does
        }
    }

    /** The file a chain of symbolic links ends at (which may not exist yet), keeping the links. */
    private static Path resolve(Path file) throws IOException {
        Path p = file.toAbsolutePath();
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops == MAX_LINKS) {
                throw new FileSystemException(file.toString(), null, "too many levels of symbolic links");
            }
            p = p.getParent().resolve(Files.readSymbolicLink(p));
        }
        return p.normalize();
    }

    private static void refuseIrregular(Path file, Path target) throws IOException {
        Optional<FileType> type = FileType.of(target, LinkOption.NOFOLLOW_LINKS);
        if (type.isPresent() && type.get() != FileType.REGULAR) {
            throw new NotARegularFile(file, type.get().words);
        }
    }

    /** What went wrong, without the temporary file's name (the user named the target, not it). */
    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
