package dev.switchboard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.ConfigText;
import dev.switchboard.config.Utf8;
import dev.switchboard.net.Netns;
import dev.switchboard.sys.LibC;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A config file that cannot be a config is the user's mistake: one line naming the file and what
 * is wrong, exit 1, never the "internal error" of exit 70, from every command that reads it. A
 * FIFO or a device is refused without being opened (a FIFO blocks, /dev/zero never ends).
 */
class BadConfigFileTest {
    @TempDir
    Path dir;

    /** Each command that reads the config, its one line and its exit code; in a namespace of its own. */
    void refusedByEveryCommand(Path file, String what) throws Exception {
        refusedByEveryCommandAt(file, ": " + what);
    }

    /** As above, {@code located} after the file's name: {@code ":12:9: ..."}. */
    void refusedByEveryCommandAt(Path file, String located) throws Exception {
        String expected = file + located;
        try (Netns ns = Netns.create("badfile")) {
            for (String command : List.of("check", "plan", "apply", "run")) {
                List<String> args = new ArrayList<>(List.of("--config", file.toString(), "--state-dir", dir.resolve("state").toString(),
                        "--socket", dir.resolve("control.sock").toString(), command));
                // a command that opened a FIFO would block here for ever: the timeout says so instead
                CheckCommandTest.Run r = assertTimeoutPreemptively(Duration.ofSeconds(20),
                        () -> ns.call(() -> CheckCommandTest.run(Map.of(), args.toArray(String[]::new))), command + " blocked");
                assertEquals(1, r.code(), command + ": " + r.err());
                String line = command.equals("run") ? "switchboard: " + expected + "; nothing changed\n" : expected + "\n";
                assertEquals(line, r.err(), command);
            }
        }
    }

    @Test
    void missingFile() throws Exception {
        refusedByEveryCommand(dir.resolve("nope.toml"), "no such file (give the path with --config FILE or SWITCHBOARD_CONFIG)");
    }

    @Test
    void directory() throws Exception {
        Path d = Files.createDirectory(dir.resolve("conf.d"));
        refusedByEveryCommand(d, "is a directory, not a config file (give the file with --config FILE)");
    }

    @Test
    void danglingSymlink() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("link.toml"), dir.resolve("gone.toml"));
        refusedByEveryCommand(link, "is a dangling symbolic link (to " + dir.resolve("gone.toml") + ", which does not exist)");
    }

    @Test
    void binaryContent() throws Exception {
        Path file = Files.write(dir.resolve("bin.toml"), new byte[] {'a', ' ', '=', ' ', '1', '\n', 0, 1, 2, (byte) 0xff});
        refusedByEveryCommand(file, "holds a NUL byte at offset 6: a binary file, not text (a config is UTF-8 text)");
    }

    @Test
    void utf16WithAndWithoutByteOrderMark() throws Exception {
        Path marked = Files.write(dir.resolve("bom.toml"), "[appliance]\n".getBytes(StandardCharsets.UTF_16)); // big-endian, marked
        refusedByEveryCommand(marked, "is UTF-16 text (it starts with a UTF-16 byte order mark) (TOML files are UTF-8: iconv -f UTF-16 -t UTF-8)");
        Path bare = Files.write(dir.resolve("le.toml"), "[appliance]\n".getBytes(StandardCharsets.UTF_16LE));
        refusedByEveryCommand(bare, "holds a NUL byte at offset 1: UTF-16 text? (a config is UTF-8 text)");
    }

    @Test
    void invalidUtf8IsRefusedAtTheLineAndColumnOfItsFirstBadByte() throws Exception {
        Path file = Files.write(dir.resolve("latin1.toml"), "# café\n".getBytes(StandardCharsets.ISO_8859_1));
        refusedByEveryCommandAt(file, ":1:6: byte 0xE9 is not UTF-8 (TOML files are UTF-8 text)");
        // the column counts characters, as an editor does: "é" and "→" before it are one each
        Path later = Files.write(dir.resolve("later.toml"), concat("[appliance]\n# é → ok\nname = \"caf".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xC3, '"', '\n'}));
        refusedByEveryCommandAt(later, ":3:12: byte 0xC3 is not UTF-8 (TOML files are UTF-8 text)");
        // a file cut inside a character: its last byte is the bad one
        Path cut = Files.write(dir.resolve("cut.toml"), concat("# ok\n# ".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xE2, (byte) 0x86}));
        refusedByEveryCommandAt(cut, ":2:3: byte 0xE2 is not UTF-8 (TOML files are UTF-8 text)");
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * A UTF-8 byte order mark (Notepad's "UTF-8 with BOM") is skipped: TOML's maintainers hold it
     * allowed (toml-lang/toml#437), tomlj alone chokes on it. Lines and columns are the file's.
     */
    @Test
    void aUtf8ByteOrderMarkIsSkipped() throws Exception {
        String seed = Files.readString(Path.of("conf/switchboard.toml"));
        Path plain = Files.writeString(dir.resolve("plain.toml"), seed);
        Path marked = Files.write(dir.resolve("marked.toml"), concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, seed.getBytes(StandardCharsets.UTF_8)));
        CheckCommandTest.Run without = CheckCommandTest.run("--config", plain.toString(), "check");
        CheckCommandTest.Run with = CheckCommandTest.run("--config", marked.toString(), "check");
        assertEquals(0, with.code(), with.err());
        assertEquals(without.out().replace(plain.toString(), marked.toString()), with.out());
        assertEquals("", with.err());
        Path wrong = Files.write(dir.resolve("wrong.toml"), concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "[appliance] \nmaxconn = 0\n".getBytes(StandardCharsets.UTF_8)));
        CheckCommandTest.Run r = CheckCommandTest.run("--config", wrong.toString(), "check");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("\n" + wrong + ":2:11: appliance.maxconn: "), r.err());
        Path first = Files.write(dir.resolve("first.toml"), concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "frobnicate = 1\n".getBytes(StandardCharsets.UTF_8)));
        r = CheckCommandTest.run("--config", first.toString(), "check");
        assertTrue(r.err().contains(first + ":1:14: frobnicate: unknown key"), "the mark takes no column: " + r.err());
        Path latin = Files.write(dir.resolve("latin.toml"), new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a', 'b', (byte) 0xE9, '\n'});
        r = CheckCommandTest.run("--config", latin.toString(), "check");
        assertTrue(r.err().contains(latin + ":1:3: byte 0xE9 is not UTF-8"), "the mark takes no column: " + r.err());
        // the text as read keeps the mark, as the file does (a rollback compares the two); every parse skips it
        assertEquals(Utf8.BYTE_ORDER_MARK + seed, ConfigText.read(marked));
        assertTrue(ConfigLoader.parse(Utf8.BYTE_ORDER_MARK + seed, "status") instanceof ConfigLoader.Loaded, "status reads the file itself");
    }

    @Test
    void overOneMebibyte() throws Exception {
        Path file = Files.writeString(dir.resolve("big.toml"), "# padding\n".repeat(110_000));
        refusedByEveryCommand(file, "is 1100000 bytes; a config may be at most 1048576 bytes (1 MiB)");
    }

    @Test
    void fifoIsRefusedWithoutBeingOpened() throws Exception {
        Path fifo = dir.resolve("fifo.toml");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo could not make a FIFO here");
        refusedByEveryCommand(fifo, "is a FIFO (named pipe), not a regular file (a config is a regular file)");
    }

    @Test
    void characterDevice() throws Exception {
        refusedByEveryCommand(Path.of("/dev/zero"), "is a character device, not a regular file (a config is a regular file)");
    }

    @Test
    void unreadableFile() throws Exception {
        Path file = Files.writeString(dir.resolve("secret.toml"), "[appliance]\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        String expected = file + ": permission denied (run as a user that may read it, or with sudo)\n";
        if (!readable(file)) {
            refusedByEveryCommand(file, "permission denied (run as a user that may read it, or with sudo)");
            return;
        }
        // root (CAP_DAC_OVERRIDE) reads a file of mode 000: one thread takes uid 65534 for the commands
        // that read the config first (run takes the state directory's lock before, which nobody may not)
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        List<CheckCommandTest.Run> runs = Executors.newSingleThreadExecutor().submit(() -> {
            if (LibC.INSTANCE.syscall(117, -1, 65534, -1) != 0) { // SYS_setresuid, the effective uid of this thread only
                return List.<CheckCommandTest.Run>of();
            }
            try {
                Assumptions.assumeFalse(readable(file), "uid 65534 may read a file of mode 000 here");
                return List.of(CheckCommandTest.run("--config", file.toString(), "check"),
                        CheckCommandTest.run("--config", file.toString(), "--state-dir", dir.resolve("state").toString(), "plan"),
                        CheckCommandTest.run("--config", file.toString(), "--state-dir", dir.resolve("state").toString(), "apply"));
            } finally {
                LibC.INSTANCE.syscall(117, -1, 0, -1);
            }
        }).get();
        Assumptions.assumeFalse(runs.isEmpty(), "no uid 65534 to become, and this user reads a file of mode 000");
        for (CheckCommandTest.Run r : runs) {
            assertEquals(1, r.code(), r.err());
            assertEquals(expected, r.err());
        }
    }

    /** Whether this thread can read the file, judged as the program would: by reading it. */
    static boolean readable(Path file) {
        try {
            Files.readAllBytes(file);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void theLineNamesTheFileInAProblemOfItsOwn() throws IOException {
        // check prints the one line and no "N problems" summary after it
        CheckCommandTest.Run r = CheckCommandTest.run("--config", dir.toString(), "check");
        assertEquals(1, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
    }
}
