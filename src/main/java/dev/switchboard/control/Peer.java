package dev.switchboard.control;

import dev.switchboard.sys.Accounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Who is on the other end of a control connection (SO_PEERCRED: the kernel's word, not the
 * client's), and whether he may change things: root and members of {@value #ADMIN_GROUP} may,
 * everyone else who can open the socket may only look.
 */
public record Peer(String user, String group, boolean admin) {
    public static final String ADMIN_GROUP = "switchboard-admin";

    /** Decides from the peer's user and primary group names and the group file's text. Pure. */
    static Peer of(String user, String group, List<String> groupFileLines) {
        boolean admin = user.equals("root") || group.equals(ADMIN_GROUP) || groupFileLines.stream()
                .map(l -> l.split(":", -1))
                .anyMatch(f -> f.length >= 4 && f[0].equals(ADMIN_GROUP) && Arrays.asList(f[3].split(",")).contains(user));
        return new Peer(user, group, admin);
    }

    /** The peer the kernel names by its ids (SO_PEERCRED), decided by {@code groupFile}. */
    static Peer of(int uid, int gid, Path groupFile) {
        return of(Accounts.user(uid), Accounts.group(gid), groupFile(groupFile));
    }

    static List<String> groupFile(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of(); // no group file: only root is an admin
        }
    }

    @Override
    public String toString() {
        return user;
    }
}
