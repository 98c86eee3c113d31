package dev.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void replacesContentAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("sub/state.toml");
        AtomicFile.write(file, "a = 1\n");
        AtomicFile.write(file, "a = 2\n");
        assertEquals("a = 2\n", Files.readString(file));
        assertEquals(List.of(file), list(file.getParent()));
    }

    /** /etc/switchboard/switchboard.toml may be a link into a managed tree: the link stays, its file changes. */
    @Test
    void aSymlinkedTargetKeepsItsLinkAndItsFileGetsTheContent() throws IOException {
        Files.createDirectories(dir.resolve("real"));
        Path real = Files.writeString(dir.resolve("real/switchboard.toml"), "old\n");
        Path link = Files.createSymbolicLink(dir.resolve("switchboard.toml"), Path.of("real/switchboard.toml"));
        AtomicFile.write(link, "new\n");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(Path.of("real/switchboard.toml"), Files.readSymbolicLink(link));
        assertEquals("new\n", Files.readString(real));
        assertEquals(List.of(real), list(real.getParent()));
    }

    @Test
    void aFifoIsRefusedByNameAndLeftAsItWas() throws Exception {
        Path fifo = dir.resolve("pipe");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(fifo, "x"));
        assertEquals(fifo + ": not a regular file (a FIFO)", e.getMessage());
        assertTrue(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS));
        assertEquals(List.of(fifo), list(dir));
    }

    @Test
    void aDirectoryIsRefusedByNameAndNothingIsLeftBeside() throws IOException {
        Path target = Files.createDirectory(dir.resolve("out.json"));
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(target, "x"));
        assertEquals(target + ": not a regular file (a directory)", e.getMessage());
        assertTrue(Files.isDirectory(target));
        assertEquals(List.of(target), list(dir));
        assertEquals(List.of(), list(target));
    }

    /** A local user's link at the temporary name must not make root write through it. */
    @Test
    void aLinkPlantedAtTheOldTemporaryNameIsNotFollowed() throws IOException {
        Path victim = Files.writeString(dir.resolve("victim"), "precious\n");
        Path file = dir.resolve("x.json");
        Path planted = Files.createSymbolicLink(dir.resolve(".x.json.tmp"), victim);
        AtomicFile.write(file, "{}\n");
        assertEquals("{}\n", Files.readString(file));
        assertEquals("precious\n", Files.readString(victim));
        assertTrue(Files.isSymbolicLink(planted), "someone else's file is left alone");
    }

    @Test
    void aConfigKeepsItsPermissions() throws IOException {
        Path file = Files.writeString(dir.resolve("switchboard.toml"), "a = 1\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        AtomicFile.write(file, "a = 2\n");
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    /** A file the user named (snapshot -o) is not a reason to make directories. */
    @Test
    void aMissingDirectoryIsAnErrorNamingItAndNothingIsMade() {
        Path missing = dir.resolve("no/such");
        IOException e = assertThrows(IOException.class, () -> AtomicFile.replace(missing.resolve("box.json"), "{}"));
        assertEquals("writing " + missing.resolve("box.json") + ": no such directory: " + missing, e.getMessage());
        assertFalse(Files.exists(dir.resolve("no")));
    }

    private static List<Path> list(Path d) throws IOException {
        try (Stream<Path> files = Files.list(d)) {
            return files.sorted().toList();
        }
    }
}
