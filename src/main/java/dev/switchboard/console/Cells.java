package dev.switchboard.console;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import dev.switchboard.console.Frame.Style;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A frame's styles as Lanterna's characters: colour where the terminal has it, bold and reverse where not. */
final class Cells {
    private final boolean color;
    private final Map<Style, TextCharacter[]> cache = new HashMap<>();

    Cells(boolean color) {
        this.color = color;
    }


    /** The terminal's character for {@code ch} in {@code style}; ASCII ones made once. */
    TextCharacter of(char ch, Style style) {
        TextCharacter[] row = cache.computeIfAbsent(style, s -> new TextCharacter[128]);
        if (ch < 128 && row[ch] != null) {
            return row[ch];
        }
        TextCharacter t = styled(ch, style);
        if (ch < 128) {
            row[ch] = t;
        }
        return t;
    }

    /** Colour where the terminal has it; in monochrome, bold and reverse carry the same meaning. */
    private TextCharacter styled(char ch, Style style) {
        TextColor fg = TextColor.ANSI.DEFAULT;
        TextColor bg = TextColor.ANSI.DEFAULT;
        List<SGR> sgr = new ArrayList<>();
        switch (style) {
            case TITLE -> sgr.add(SGR.REVERSE);
            case HEADER -> sgr.add(SGR.BOLD);
            case SELECTED -> sgr.add(SGR.REVERSE);
            case GOOD -> {
                if (color) {
                    fg = TextColor.ANSI.GREEN;
                } else {
                    sgr.add(SGR.BOLD);
                }
            }
            case WARN -> {
                if (color) {
                    fg = TextColor.ANSI.YELLOW;
                } else {
                    sgr.add(SGR.BOLD);
                }
            }
            case BAD -> {
                if (color) {
                    fg = TextColor.ANSI.RED;
                    sgr.add(SGR.BOLD);
                } else {
                    sgr.add(SGR.REVERSE);
                }
            }
            default -> { }
        }
        return TextCharacter.fromCharacter(ch, fg, bg, sgr.toArray(SGR[]::new))[0];
    }
}
