package dev.switchboard.control;

import java.util.ArrayList;
import java.util.List;

/**
 * HAProxy's way of talking on its stats socket, which hatop and socat runbooks expect: several
 * commands on one line separated by ";", and a connection's "prompt" mode, where each answer
 * ends with a "> " prompt instead of the empty line. Pure.
 */
final class Interactive {
    private Interactive() {}

    static final String PROMPT = "prompt";
    static final String QUIT = "quit";

    /** The commands of a line: split at ";", each stripped, the empty ones dropped (a line of none is one empty command). */
    static List<String> commands(String line) {
        if (line.indexOf(';') < 0) {
            return List.of(line);
        }
        List<String> out = new ArrayList<>();
        for (String c : line.split(";")) {
            if (!c.isBlank()) {
                out.add(c.strip());
            }
        }
        return out.isEmpty() ? List.of("") : out;
    }

    /** What follows an answer: the empty line, or in prompt mode the prompt on a line of its own. */
    static String end(boolean prompt) {
        return prompt ? "\n> " : "\n";
    }

    static boolean is(String command, String word) {
        return command.strip().equalsIgnoreCase(word);
    }
}
