package dev.switchboard.console;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

/**
 * A key as the key table names it, and which keystrokes it stands for. {@code name} is what the
 * help shows. {@link #TEXT} is any printable character (typed into a field or a filter), {@link #ANY}
 * any key at all (the answer "no" to a question). Alt is ignored, as it always was; Ctrl is not.
 */
record Key(KeyType type, Character character, boolean ctrl, String name) {
    static final Key UP = of(KeyType.ArrowUp, "Up");
    static final Key DOWN = of(KeyType.ArrowDown, "Down");
    static final Key PAGE_UP = of(KeyType.PageUp, "PgUp");
    static final Key PAGE_DOWN = of(KeyType.PageDown, "PgDn");
    static final Key TAB = of(KeyType.Tab, "Tab");
    static final Key SHIFT_TAB = of(KeyType.ReverseTab, "Shift-Tab");
    static final Key ENTER = of(KeyType.Enter, "Enter");
    static final Key ESC = of(KeyType.Escape, "Esc");
    static final Key BACKSPACE = of(KeyType.Backspace, "Backspace");
    static final Key SPACE = new Key(KeyType.Character, ' ', false, "Space");
    static final Key TEXT = new Key(KeyType.Character, null, false, "characters");
    static final Key ANY = new Key(null, null, false, "any other key");

    static Key of(KeyType type, String name) {
        return new Key(type, null, false, name);
    }

    static Key of(char c) {
        return new Key(KeyType.Character, c, false, String.valueOf(c));
    }

    static Key ctrl(char c) {
        return new Key(KeyType.Character, c, true, "Ctrl-" + Character.toUpperCase(c));
    }

    boolean matches(KeyStroke key) {
        if (type == null) {
            return true;
        }
        if (key.getKeyType() != type) {
            return false;
        }
        if (type != KeyType.Character) {
            return true;
        }
        char c = key.getCharacter();
        if (character == null) {
            return !key.isCtrlDown() && c >= ' ' && c != 127;
        }
        return c == character && key.isCtrlDown() == ctrl;
    }

    /** A keystroke this key matches (for {@link #ANY}, one that no other key names). */
    KeyStroke stroke() {
        if (type == null) {
            return new KeyStroke(KeyType.F12);
        }
        if (type != KeyType.Character) {
            return new KeyStroke(type);
        }
        return new KeyStroke(character == null ? 'x' : character, ctrl, false);
    }
}
