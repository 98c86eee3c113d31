package dev.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** switchboard.toml(5) documents every key the reader accepts, each as a term of its own. */
class ConfigManPageTest {
    @Test
    void everyKeyIsDocumented() throws IOException {
        String page = Files.readString(Path.of("man/switchboard.toml.5"));
        Map<String, Set<String>> tables = Map.of("appliance", ConfigReader.APPLIANCE, "interfaces", ConfigReader.INTERFACE,
                "vlan", ConfigReader.VLAN, "frontends", ConfigReader.FRONTEND, "binds", ConfigReader.BIND,
                "timeouts", ConfigReader.TIMEOUTS, "backends", ConfigReader.BACKEND, "servers", ConfigReader.SERVER,
                "health", ConfigReader.HEALTH, "check", ConfigReader.CHECK);
        TreeSet<String> missing = new TreeSet<>();
        for (var table : tables.entrySet()) {
            for (String key : table.getValue()) {
                // documented where it is a bold term (.BR key " = " …) or bold inside an inline table ({ " key " = …)
                if (!page.contains(".BR " + key + " ") && !page.contains("\" " + key + " \" = ")) {
                    missing.add(table.getKey() + "." + key);
                }
            }
        }
        for (String top : ConfigReader.TOP) {
            if (!page.contains(".SH [" + top) && !page.contains("[" + top + ".")) {
                missing.add(top);
            }
        }
        assertEquals(List.of(), List.copyOf(missing), "keys missing from man/switchboard.toml.5");
    }
}
