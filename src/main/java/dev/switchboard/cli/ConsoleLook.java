package dev.switchboard.cli;

import picocli.CommandLine.Option;

/** How the console draws, for the commands that show it (console, demo). */
final class ConsoleLook {
    @Option(names = "--ascii", description = "Plain ASCII, whatever the locale says.")
    boolean ascii;

    @Option(names = "--mono", description = "No colour: bold and reverse only (also when TERM is vt100 or NO_COLOR is set).")
    boolean mono;
}
