package dev.switchboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where `snapshot` writes, and what it says when it cannot. */
class SnapshotCommandTest {
    @TempDir
    Path dir;

    /** No engine, no config: the snapshot is built from this box's kernel, which any user may read. */
    private String[] snapshot(String... more) {
        String[] global = {"--state-dir", dir.resolve("state").toString(), "--socket", dir.resolve("none.sock").toString(),
                "--config", dir.resolve("none.toml").toString(), "snapshot"};
        return DoctorCommandTest.concat(global, more);
    }

    @Test
    void dashIsStandardOutput() throws IOException {
        CheckCommandTest.Run r = CheckCommandTest.run(snapshot("-o", "-"));
        assertEquals(0, r.code(), r.err());
        assertEquals("switchboard-snapshot", new ObjectMapper().readTree(r.out()).path("format").asText());
        assertFalse(Files.exists(Path.of("-")), "no file named -");
    }

    @Test
    void anEmptyNameIsAUsageError() throws IOException {
        CheckCommandTest.Run r = CheckCommandTest.run(snapshot("-o", ""));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("-o needs a file name, or - for standard output"), r.err());
        assertEquals("", r.out());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void aDirectoryIsRefusedAndLeftEmpty() throws IOException {
        Path target = Files.createDirectory(dir.resolve("box.json"));
        CheckCommandTest.Run r = CheckCommandTest.run(snapshot("-o", target.toString()));
        assertEquals(1, r.code(), r.err());
        assertEquals("switchboard: " + target + ": not a regular file (a directory); snapshot writes standard output without -o\n",
                r.err());
        try (Stream<Path> left = Files.list(target)) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void aMissingDirectoryIsNamedAndNotMade() {
        Path missing = dir.resolve("no/such");
        CheckCommandTest.Run r = CheckCommandTest.run(snapshot("-o", missing.resolve("box.json").toString()));
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("no such directory: " + missing), r.err());
        assertFalse(Files.exists(dir.resolve("no")));
    }

    /** `snapshot > /dev/full`: the shell's redirection fails every write, and the exit status must say so. */
    @Test
    void standardOutputThatFailsIsExitOne() {
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        StringWriter err = new StringWriter();
        int code = Main.run(snapshot(), Map.of(), new PrintWriter(new java.io.PrintStream(full), true), new PrintWriter(err));
        assertEquals(1, code, err.toString());
        assertEquals("switchboard: could not write the snapshot to standard output\n", err.toString());
    }
}
