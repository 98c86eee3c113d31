package dev.switchboard.engine;

import dev.switchboard.config.AtomicFile;
import dev.switchboard.config.Cidr;
import dev.switchboard.plan.Ownership;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;

/**
 * Keeps {@link Ownership} in {@code STATE_DIR/owned.toml}: the addresses switchboard added and the
 * links it created, so a later run knows what it may remove. Written atomically after each apply.
 */
public final class OwnershipStore {
    private final Path file;

    public OwnershipStore(Path stateDir) {
        this.file = stateDir.resolve("owned.toml");
    }

    public Path file() {
        return file;
    }

    /** The recorded ownership; none if the file does not exist yet. */
    public Ownership load() throws IOException {
        if (!Files.exists(file)) {
            return Ownership.none();
        }
        TomlParseResult toml = Toml.parse(StateFile.read(file));
        if (toml.hasErrors()) {
            throw new IOException(file + ": damaged (" + toml.errors().get(0) + "); move it away to start afresh");
        }
        Set<Ownership.OwnedAddress> addresses = new HashSet<>();
        for (String entry : strings(toml.getArrayOrEmpty("addresses"))) {
            String[] parts = entry.split(" ");
            Cidr cidr = parts.length == 2 ? Cidr.parse(parts[1]).orElse(null) : null;
            if (cidr == null) {
                throw new IOException(file + ": damaged address entry \"" + entry + "\"");
            }
            addresses.add(new Ownership.OwnedAddress(parts[0], cidr));
        }
        return new Ownership(addresses, new HashSet<>(strings(toml.getArrayOrEmpty("links"))));
    }

    public void save(Ownership ownership) throws IOException {
        StringBuilder out = new StringBuilder("# What switchboard added to this host and may remove again. Written by switchboard.\n");
        out.append("addresses = [");
        ownership.addresses().stream().map(a -> a.link() + " " + a.address()).sorted()
                .forEach(a -> out.append("\n  \"").append(a).append("\","));
        out.append("\n]\nlinks = [");
        ownership.links().stream().sorted().forEach(l -> out.append("\n  \"").append(l).append("\","));
        out.append("\n]\n");
        AtomicFile.write(file, out.toString());
    }

    private static List<String> strings(TomlArray array) {
        return array.toList().stream().map(String::valueOf).toList();
    }
}
