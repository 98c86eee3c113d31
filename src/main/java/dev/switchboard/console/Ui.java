package dev.switchboard.console;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.InterfaceSpec;
import dev.switchboard.config.Problem;
import dev.switchboard.config.TomlEdit;
import dev.switchboard.console.Dashboard.Panel;
import dev.switchboard.console.Frame.Style;
import dev.switchboard.engine.Engine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The console's state and what each key does to it: which screen, which panel has the focus,
 * selections, the filter, the interface being edited, the plan, the try. Keys are letters and
 * arrows (F-keys are not needed anywhere). Drawing is {@link #draw}; talking to the engine goes
 * through {@link Operations}. Used on the console's one UI thread only.
 */
final class Ui {
    enum Screen { DASHBOARD, INTERFACES, EDIT, PLAN, TRY, LOG, HELP, MESSAGES }

    static final String HELP = """
            Everywhere
              ?  this help (Up Down PgUp PgDn scroll it)      q  quit
              g  dashboard          i  interfaces         l  log: audit and live events
              m  messages: the last ones whole, where the status line cuts them
              Ctrl-L  redraw the screen        Esc  back
            Dashboard
              Tab, 1 2 3  focus gateways, frontends, backends
              Up Down (k j), PgUp PgDn  select and scroll
              /  filter the focused panel (Enter keeps it, Esc clears it)
              s  sort the backends: by name, state, connections
              Enter or Space on a server  disable / enable it
              d on a bind  drain its frontend, asked first (y): it stops accepting; connections finish
              e on a bind  enable its drained frontend: its binds listen again
              p on a bind  pin it to the interface its users come from, or unpin it: the plan shows
            Interfaces
              Up Down  select   e or Enter  edit   a  add   x  remove
              p  plan the edits: see the diff before anything changes
            Editor
              Up Down Tab  field   type to change   Backspace   Enter  done   Esc  cancel
            Plan:  y  apply (as a try: it rolls back unless kept)   n  back
            Try:   k  keep      r  revert now
            """;

    private final Operations ops;
    private final boolean readOnly;
    Screen screen = Screen.DASHBOARD;
    Panel focus = Panel.GATEWAYS;
    final int[] selected = new int[3];
    final int[] scroll = new int[3];
    String filter = "";
    boolean typingFilter;
    int sort;
    String message = "";
    Style messageStyle = Style.NORMAL;
    boolean quitAsked;
    // the interfaces being edited: the candidate text (null: none yet) and the form
    String candidate;
    private String confirmed = ""; // the engine's confirmed text when the edits began: drawing asks no one
    int interfaceIndex;
    String editing; // the interface in the form; null when adding
    final List<Field> form = new ArrayList<>();
    int field;
    String formError = "";
    boolean removeAsked;
    List<String> planLines = List.of();
    boolean planOk;
    List<String> tryLines = List.of();
    int logScroll;
    List<String> logLines = List.of();
    String drainAsked; // the frontend whose drain waits for its y; null when nothing is asked
    Screen back = Screen.DASHBOARD; // where Esc goes from the help and the messages
    int helpScroll;
    int messagesScroll;
    private int pageMax; // the farthest a page scrolls, as last drawn: the keys stop there
    static final int MESSAGES_KEPT = 50;
    private final java.util.ArrayDeque<Said> said = new java.util.ArrayDeque<>(); // newest first

    /** A message as it was said, for the messages screen: the status line shows one, cut at the width. */
    record Said(java.time.LocalTime at, String text) {}

    private static final java.time.format.DateTimeFormatter CLOCK = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss");

    /** One field of the interface form; {@code error} is what check says of it. */
    static final class Field {
        final String key;
        final String label;
        String value;
        String error = "";

        Field(String key, String label, String value) {
            this.key = key;
            this.label = label;
            this.value = value;
        }
    }

    Ui(Operations ops, boolean readOnly) {
        this.ops = ops;
        this.readOnly = readOnly;
    }

    /** Handles a key; false when the console should end. */
    boolean handle(KeyStroke key, View view) {
        if (key.getKeyType() == KeyType.EOF) {
            return false;
        }
        Character c = key.getKeyType() == KeyType.Character ? key.getCharacter() : null;
        if (screen == Screen.EDIT) {
            edit(key, c);
            return true;
        }
        if (typingFilter) {
            typeFilter(key, c);
            return true;
        }
        if (drainAsked != null) {
            answerDrain(c); // a question takes the next key, whatever it is: only y drains
            return true;
        }
        if (c != null && key.isCtrlDown()) {
            return true; // Ctrl-L: the caller redraws everything anyway
        }
        if (c != null && c == 'q') {
            if (view.pending().isPresent() && !quitAsked) {
                quitAsked = true;
                say("a try is pending: it rolls back in " + view.pending().get().secondsLeft() + " s unless kept. q again quits", Style.WARN);
                return true;
            }
            return false;
        }
        quitAsked = false;
        if (key.getKeyType() == KeyType.Escape) {
            boolean page = screen == Screen.HELP || screen == Screen.MESSAGES;
            screen = page ? back : view.pending().isPresent() ? Screen.TRY : Screen.DASHBOARD;
            return true;
        }
        if (c != null && (c == '?' || c == 'm')) { // no screen uses these letters: they work on every one
            openPage(c == '?' ? Screen.HELP : Screen.MESSAGES);
            return true;
        }
        if (c != null && screen != Screen.PLAN && screen != Screen.TRY) {
            switch (c) {
                case 'g' -> {
                    screen = Screen.DASHBOARD;
                    return true;
                }
                case 'i' -> {
                    openInterfaces();
                    return true;
                }
                case 'l' -> {
                    openLog();
                    return true;
                }
                default -> { }
            }
        }
        switch (screen) {
            case DASHBOARD -> dashboard(key, c, view);
            case INTERFACES -> interfaces(key, c);
            case PLAN -> plan(c);
            case TRY -> tryKeys(c);
            case LOG -> logScroll = scroll(key, logScroll, -1);
            case HELP -> helpScroll = scroll(key, helpScroll, 1);
            case MESSAGES -> messagesScroll = scroll(key, messagesScroll, 1);
            default -> { }
        }
        return true;
    }

    void say(String text, Style style) {
        message = text;
        messageStyle = style;
        if (!text.isEmpty()) {
            if (!said.isEmpty() && said.peekFirst().text().equals(text)) {
                said.removeFirst(); // said again: once, at its latest time
            }
            said.addFirst(new Said(java.time.LocalTime.now(), text));
            while (said.size() > MESSAGES_KEPT) {
                said.removeLast();
            }
        }
    }

    /** The help or the messages, from the top; Esc goes back to where they were opened. */
    private void openPage(Screen page) {
        if (screen != Screen.HELP && screen != Screen.MESSAGES) {
            back = screen;
        }
        screen = page;
        helpScroll = 0;
        messagesScroll = 0;
    }

    /**
     * A page's scroll position after {@code key}: {@code down} is 1 when it counts lines from the
     * top (help, messages), -1 when from the end (the log, newest last).
     */
    private int scroll(KeyStroke key, int at, int down) {
        int by = switch (key.getKeyType()) {
            case ArrowDown -> down;
            case ArrowUp -> -down;
            case PageDown -> 10 * down;
            case PageUp -> -10 * down;
            case Character -> key.getCharacter() == 'j' ? down : key.getCharacter() == 'k' ? -down : 0;
            default -> 0;
        };
        return Math.max(0, Math.min(pageMax, at + by));
    }

    // ---- dashboard ----

    private void dashboard(KeyStroke key, Character c, View view) {
        int p = focus.ordinal();
        switch (key.getKeyType()) {
            case Tab -> focus(Panel.values()[(p + 1) % 3]);
            case ReverseTab -> focus(Panel.values()[(p + 2) % 3]);
            case ArrowUp -> selected[p] = Math.max(0, selected[p] - 1);
            case ArrowDown -> selected[p]++;
            case PageUp -> selected[p] = Math.max(0, selected[p] - 10);
            case PageDown -> selected[p] += 10;
            case Enter -> act(view);
            case Character -> {
                switch (c) {
                    case '1', '2', '3' -> focus(Panel.values()[c - '1']);
                    case 'k' -> selected[p] = Math.max(0, selected[p] - 1);
                    case 'j' -> selected[p]++;
                    case '/' -> {
                        typingFilter = true;
                        filter = "";
                    }
                    case 's' -> sort = (sort + 1) % 3;
                    case ' ' -> act(view);
                    case 'd' -> drain(view);
                    case 'e' -> enable(view);
                    case 'p' -> pin(view);
                    default -> { }
                }
            }
            default -> { }
        }
    }

    private void focus(Panel panel) {
        if (panel != focus) {
            filter = "";
        }
        focus = panel;
    }

    private void typeFilter(KeyStroke key, Character c) {
        switch (key.getKeyType()) {
            case Enter -> typingFilter = false;
            case Escape -> {
                typingFilter = false;
                filter = "";
            }
            case Backspace -> filter = filter.isEmpty() ? "" : filter.substring(0, filter.length() - 1);
            case Character -> {
                filter += c;
                selected[focus.ordinal()] = 0;
            }
            default -> { }
        }
    }

    /** Enter on a server: take it out of the rotation, or put it back. */
    private void act(View view) {
        if (focus != Panel.BACKENDS) {
            return;
        }
        Dashboard.Rows rows = Dashboard.filter(Dashboard.backends(view, sort), filter);
        if (rows.size() == 0 || refuseReadOnly()) {
            return;
        }
        String[] row = rows.cells().get(Math.min(selected[2], rows.size() - 1));
        String[] bs = row[0].split("/", 2);
        boolean enable = row[2].equals("MAINT");
        report(ops.setServerEnabled(bs[0], bs[1], enable));
    }

    /** The bind selected in the frontends panel, as its row's cells. */
    private Optional<String[]> selectedBind(View view) {
        Dashboard.Rows rows = Dashboard.filter(Dashboard.frontends(view, Glyphs.ASCII), filter);
        return rows.size() == 0 ? Optional.empty() : Optional.of(rows.cells().get(Math.min(selected[1], rows.size() - 1)));
    }

    /** Whether one of the frontend's binds does not listen (drained, or failed): then e opens them again. */
    private static boolean shut(View view, String frontend) {
        return view.stats().frontend(frontend).map(f -> f.binds().stream().anyMatch(b -> b.error().isPresent())).orElse(false);
    }

    /** d on a bind: asks first, as a drain turns users away; the answer is the next key. */
    private void drain(View view) {
        if (focus != Panel.FRONTENDS || refuseReadOnly()) {
            return;
        }
        selectedBind(view).ifPresent(row -> {
            if (Dashboard.drained(view, row[0])) {
                say(row[0] + " is drained already: e opens it again", Style.NORMAL);
                return;
            }
            drainAsked = row[0];
            say("drain " + row[0] + "? it stops accepting; connections finish (y/n)", Style.WARN);
        });
    }

    private void answerDrain(Character c) {
        String frontend = drainAsked;
        drainAsked = null;
        if (c == null || c != 'y') {
            say("not drained: " + frontend + " accepts as before", Style.NORMAL);
            return;
        }
        Engine.Outcome o = ops.drain(frontend);
        say(String.join("; ", o.lines()) + (o.ok() ? "; e undoes it" : ""), o.ok() ? Style.WARN : Style.BAD);
    }

    /** e on a bind: its frontend's binds listen again (the undo of d; also retries a bind that failed). */
    private void enable(View view) {
        if (focus != Panel.FRONTENDS || refuseReadOnly()) {
            return;
        }
        selectedBind(view).ifPresent(row -> {
            if (!shut(view, row[0])) {
                say(row[0] + " is not drained: every bind listens", Style.NORMAL);
                return;
            }
            report(ops.undrain(row[0]));
        });
    }

    /**
     * p on a bind: pin it to the interface its traffic arrives on, or unpin it; the edit goes
     * straight to its plan, so the operator sees what it changes before anything does.
     */
    private void pin(View view) {
        if (focus != Panel.FRONTENDS || refuseReadOnly()) {
            return;
        }
        Dashboard.Rows rows = Dashboard.filter(Dashboard.frontends(view, Glyphs.ASCII), filter);
        if (rows.size() == 0) {
            return;
        }
        String[] row = rows.cells().get(Math.min(selected[1], rows.size() - 1));
        Optional<dev.switchboard.config.HostPort> address = dev.switchboard.config.HostPort.parse(row[1]);
        Optional<dev.switchboard.engine.ReplyRoute> route = view.replies().stream()
                .filter(r -> r.frontend().equals(row[0]) && Optional.of(r.bind().address()).equals(address)).findFirst();
        if (route.isEmpty()) {
            return;
        }
        boolean pinned = route.get().bind().interfaceName().isPresent();
        if (!pinned && route.get().arrives().isEmpty()) {
            say("this bind listens on every address: pin it in the file to the interface its users come from", Style.WARN);
            return;
        }
        if (candidate == null) {
            candidate = confirmed = ops.confirmedText();
        }
        Optional<String> target = pinned ? Optional.empty() : route.get().arrives();
        Optional<String> edited = TomlEdit.setBindInterface(candidate, row[0], address.get(), target);
        if (edited.isEmpty()) {
            say("cannot find that bind in the config's text: edit the file itself", Style.BAD);
            return;
        }
        candidate = edited.get();
        say(pinned ? row[0] + " " + row[1] + " unpinned in the edits" : row[0] + " " + row[1] + " pinned to " + target.get() + " in the edits",
                Style.NORMAL);
        openPlan();
    }

    private boolean refuseReadOnly() {
        if (readOnly) {
            say("read-only: changes are for root and members of switchboard-admin", Style.BAD);
        }
        return readOnly;
    }

    private void report(Engine.Outcome o) {
        say(String.join("; ", o.lines()), o.ok() ? Style.GOOD : Style.BAD);
    }

    // ---- interfaces and the editor ----

    private void openInterfaces() {
        if (candidate == null) {
            candidate = confirmed = ops.confirmedText();
        }
        screen = Screen.INTERFACES;
        removeAsked = false;
    }

    Optional<Config> candidateConfig() {
        return ConfigLoader.parse(candidate, "the edited config") instanceof ConfigLoader.Loaded l ? Optional.of(l.config()) : Optional.empty();
    }

    private List<InterfaceSpec> interfaceList() {
        return candidateConfig().map(c -> List.copyOf(c.interfaces().values())).orElse(List.of());
    }

    private void interfaces(KeyStroke key, Character c) {
        List<InterfaceSpec> list = interfaceList();
        if (removeAsked) {
            removeAsked = false;
            if (c != null && c == 'y' && !list.isEmpty()) {
                String name = list.get(Math.min(interfaceIndex, list.size() - 1)).name();
                TomlEdit.removeInterface(candidate, name).ifPresent(t -> {
                    candidate = t;
                    say(name + " removed from the edits; p plans them", Style.NORMAL);
                });
            } else {
                say("", Style.NORMAL);
            }
            return;
        }
        switch (key.getKeyType()) {
            case ArrowUp -> interfaceIndex = Math.max(0, interfaceIndex - 1);
            case ArrowDown -> interfaceIndex = Math.min(Math.max(0, list.size() - 1), interfaceIndex + 1);
            case Enter -> startEdit(list);
            case Character -> {
                switch (c) {
                    case 'k' -> interfaceIndex = Math.max(0, interfaceIndex - 1);
                    case 'j' -> interfaceIndex = Math.min(Math.max(0, list.size() - 1), interfaceIndex + 1);
                    case 'e' -> startEdit(list);
                    case 'a' -> {
                        if (!refuseReadOnly()) {
                            editing = null;
                            fill(Optional.empty());
                        }
                    }
                    case 'x' -> {
                        if (!list.isEmpty() && !refuseReadOnly()) {
                            removeAsked = true;
                            say("remove " + list.get(Math.min(interfaceIndex, list.size() - 1)).name() + " from the config? y/n", Style.WARN);
                        }
                    }
                    case 'p' -> openPlan();
                    default -> { }
                }
            }
            default -> { }
        }
    }

    private void startEdit(List<InterfaceSpec> list) {
        if (list.isEmpty() || refuseReadOnly()) {
            return;
        }
        InterfaceSpec spec = list.get(Math.min(interfaceIndex, list.size() - 1));
        editing = spec.name();
        fill(Optional.of(spec));
    }

    private void fill(Optional<InterfaceSpec> spec) {
        form.clear();
        if (spec.isEmpty()) {
            form.add(new Field("name", "name", ""));
        }
        form.add(new Field("addresses", "addresses", spec.map(s -> String.join(", ", s.addresses().stream().map(Object::toString).toList())).orElse("")));
        form.add(new Field("gateway", "gateway", spec.flatMap(InterfaceSpec::gateway).map(g -> dev.switchboard.config.IpLiteral.format(g)).orElse("")));
        form.add(new Field("metric", "metric", spec.filter(s -> s.metric().isPresent()).map(s -> Long.toString(s.metric().getAsLong())).orElse("")));
        form.add(new Field("mtu", "mtu", spec.filter(s -> s.mtu().isPresent()).map(s -> Integer.toString(s.mtu().getAsInt())).orElse("")));
        form.add(new Field("state", "state (up/down)", spec.map(s -> s.state().name().toLowerCase(java.util.Locale.ROOT)).orElse("up")));
        form.add(new Field("vlan.parent", "vlan parent", spec.flatMap(InterfaceSpec::vlan).map(v -> v.parent()).orElse("")));
        form.add(new Field("vlan.id", "vlan id", spec.flatMap(InterfaceSpec::vlan).map(v -> Integer.toString(v.id())).orElse("")));
        field = 0;
        formError = "";
        screen = Screen.EDIT;
    }

    private void edit(KeyStroke key, Character c) {
        Field f = form.get(field);
        switch (key.getKeyType()) {
            case Escape -> {
                screen = Screen.INTERFACES;
                say("edit cancelled", Style.NORMAL);
            }
            case ArrowUp, ReverseTab -> field = (field + form.size() - 1) % form.size();
            case ArrowDown, Tab -> field = (field + 1) % form.size();
            case Backspace -> f.value = f.value.isEmpty() ? "" : f.value.substring(0, f.value.length() - 1);
            case Enter -> save();
            case Character -> {
                if (!key.isCtrlDown() && c >= ' ' && c < 127) {
                    f.value += c;
                }
            }
            default -> { }
        }
    }

    private String value(String key) {
        return form.stream().filter(f -> f.key.equals(key)).findFirst().map(f -> f.value.strip()).orElse("");
    }

    /** The form into the candidate text, checked as `check` would; errors go beside their fields. */
    private void save() {
        String name = editing != null ? editing : value("name");
        form.forEach(f -> f.error = "");
        formError = "";
        if (name.isEmpty()) {
            form.get(0).error = "an interface needs a name (eth5, bond0, eth1.100...)";
            return;
        }
        Map<String, String> values = new LinkedHashMap<>();
        List<String> addresses = List.of(value("addresses").split("[,\\s]+")).stream().filter(s -> !s.isEmpty()).toList();
        values.put("addresses", "[" + String.join(", ", addresses.stream().map(TomlEdit::string).toList()) + "]");
        putIf(values, "gateway", TomlEdit.string(value("gateway")), !value("gateway").isEmpty());
        putIf(values, "metric", number(value("metric")), !value("metric").isEmpty());
        putIf(values, "mtu", number(value("mtu")), !value("mtu").isEmpty());
        boolean stateWritten = editing != null && ConfigLoader.parse(candidate, "") instanceof ConfigLoader.Loaded l
                && l.sources().declares("interfaces." + name + ".state");
        putIf(values, "state", TomlEdit.string(value("state")), !value("state").isEmpty() && (stateWritten || !value("state").equals("up")));
        putIf(values, "vlan", "{ parent = " + TomlEdit.string(value("vlan.parent")) + ", id = " + number(value("vlan.id")) + " }",
                !value("vlan.parent").isEmpty() || !value("vlan.id").isEmpty());
        Optional<String> edited = TomlEdit.setInterface(candidate, name, values);
        if (edited.isEmpty()) {
            formError = "the config writes interfaces as an inline table: edit the file itself";
            return;
        }
        ConfigLoader.Result checked = ConfigLoader.parse(edited.get(), "the edited config");
        if (checked instanceof ConfigLoader.Rejected rejected) {
            String prefix = "interfaces." + name;
            List<String> elsewhere = new ArrayList<>();
            for (Problem p : rejected.problems()) {
                Optional<Field> at = form.stream().filter(f -> p.key().equals(prefix + "." + f.key)
                        || (f.key.equals("vlan.parent") && p.key().equals(prefix + ".vlan"))
                        || (f.key.equals("name") && p.key().equals(prefix))).findFirst();
                String text = p.message() + (p.hint().isEmpty() ? "" : " (" + p.hint() + ")");
                at.ifPresentOrElse(f -> f.error = text, () -> elsewhere.add(p.key() + ": " + text));
            }
            formError = String.join("; ", elsewhere);
            return;
        }
        candidate = edited.get();
        editing = name;
        screen = Screen.INTERFACES;
        say(name + " edited: p plans the edits, nothing has changed yet", Style.GOOD);
    }

    private static void putIf(Map<String, String> values, String key, String value, boolean present) {
        if (present) {
            values.put(key, value);
        }
    }

    /** A number as a TOML integer, anything else as a string, so that check names what is wrong with it. */
    private static String number(String s) {
        return s.matches("\\d{1,9}") ? s : TomlEdit.string(s);
    }

    // ---- plan and try ----

    private void openPlan() {
        if (candidate == null || candidate.equals(ops.confirmedText())) {
            say("no edits to plan: e edits an interface, a adds one", Style.NORMAL);
            return;
        }
        try {
            Engine.Outcome o = ops.plan(candidate);
            planLines = o.lines();
            planOk = o.ok();
        } catch (IOException e) {
            planLines = List.of(e.getMessage());
            planOk = false;
        }
        screen = Screen.PLAN;
    }

    private void plan(Character c) {
        if (c == null) {
            return;
        }
        if (c == 'n') {
            screen = Screen.INTERFACES;
        } else if (c == 'y' && planOk && !refuseReadOnly()) {
            int seconds = candidateConfig().map(cfg -> cfg.appliance().confirmTimeoutSeconds()).orElse(60);
            Engine.Outcome o = ops.tryApply(candidate, seconds);
            if (o.ok()) {
                tryLines = o.lines();
                screen = Screen.TRY;
                say("applied for " + seconds + " s: k keeps it, r reverts now", Style.WARN);
            } else {
                planLines = o.lines();
                planOk = false;
                say("not applied: " + o.lines().get(0), Style.BAD);
            }
        }
    }

    private void tryKeys(Character c) {
        if (c == null) {
            return;
        }
        if (c == 'k') {
            Engine.Outcome o = ops.confirm();
            report(o);
            if (o.ok()) {
                candidate = null;
                screen = Screen.DASHBOARD;
                say("kept: the change is confirmed and written to the config file", Style.GOOD);
            }
        } else if (c == 'r') {
            Engine.Outcome o = ops.rollback();
            screen = Screen.INTERFACES;
            say(o.ok() ? "reverted: back on the confirmed config (your edits are still here)" : String.join("; ", o.lines()),
                    o.ok() ? Style.GOOD : Style.BAD);
        }
    }

    /** Called as the view changes: a try that ended without us ended by the engine's countdown. */
    void observe(View view) {
        if (screen == Screen.TRY && view.pending().isEmpty()) {
            if (candidate != null && candidate.equals(ops.confirmedText())) { // kept from another session
                candidate = null;
                screen = Screen.DASHBOARD;
                say("kept (confirmed from elsewhere): the change is in force and in the config file", Style.GOOD);
            } else {
                screen = Screen.INTERFACES;
                say("ROLLED BACK: the try was not kept; the confirmed config is in force (your edits are still here)", Style.BAD);
            }
        }
    }

    // ---- log ----

    private void openLog() {
        try {
            logLines = ops.audit(200);
        } catch (IOException e) {
            logLines = List.of("cannot read the audit log: " + e.getMessage());
        }
        logScroll = 0;
        screen = Screen.LOG;
    }

    // ---- drawing ----

    /** Draws the current screen; asks the engine nothing (see {@link #observe}, called before). */
    void draw(Frame frame, View view, Glyphs g) {
        String title = " switchboard  " + view.summary() + (readOnly ? "  [READ-ONLY]" : "");
        frame.line(0, title, Style.TITLE);
        int bottom = frame.height - 2;
        switch (screen) {
            case DASHBOARD -> Dashboard.draw(frame, 1, bottom, view, this, g);
            case INTERFACES -> drawInterfaces(frame, bottom);
            case EDIT -> drawEdit(frame, bottom);
            case PLAN -> drawPage(frame, 1, bottom, "PLAN: what applying the edits changes in the kernel", planLines,
                    planOk ? Style.NORMAL : Style.BAD, 0, true);
            case TRY -> drawTry(frame, bottom, view);
            case LOG -> drawLog(frame, bottom, view);
            case HELP -> drawPage(frame, 1, bottom, "KEYS", List.of(HELP.split("\n")), Style.NORMAL, helpScroll, false);
            case MESSAGES -> drawPage(frame, 1, bottom, "MESSAGES (newest first)", messages(view),
                    Style.NORMAL, messagesScroll, false);
        }
        frame.line(bottom, hints(screen), Style.DIM);
        boolean urgent = message.isEmpty() && view.pending().isPresent();
        frame.line(frame.height - 1, status(view), urgent ? Style.WARN : message.isEmpty() ? Style.HEADER : messageStyle);
    }

    /**
     * The keys line of a screen: ?:help and q:quit first, so that a narrow terminal, which cuts
     * the end, still shows where the rest is.
     */
    private String hints(Screen on) {
        if (typingFilter) {
            return " filter: " + filter + "_   (Enter keeps it, Esc clears it)";
        }
        if (drainAsked != null) {
            return " y:drain " + drainAsked + "  any other key: no";
        }
        String first = " ?:help  q:quit  ";
        return switch (on) {
            case DASHBOARD -> first + "Tab:panel  Up/Down:select  /:filter  s:sort  Enter:server on/off  d:drain  e:enable  p:pin  "
                    + "i:interfaces  l:log  m:messages";
            case INTERFACES -> first + "Up/Down:select  e:edit  a:add  x:remove  p:plan the edits  g:dashboard  m:messages";
            // the editor takes every letter as text: ? and q are for after Esc
            case EDIT -> " Enter:done  Esc:cancel  Up/Down/Tab:field  type to change  Backspace";
            case PLAN -> first + (planOk ? "y:apply as a try (rolls back unless kept)  n:back" : "n:back") + "  m:messages";
            case TRY -> first + "k:keep  r:revert now  m:messages";
            case LOG -> first + "Up/Down/PgUp/PgDn:scroll  g:dashboard  m:messages";
            case HELP, MESSAGES -> first + "Esc:back  Up/Down/PgUp/PgDn:scroll";
        };
    }

    /**
     * The status line: a pending try first (it is what may take the box away), who holds the
     * change lock, then the last message, or else the last event. A question stands alone: its answer is the next key.
     */
    private String status(View view) {
        if (drainAsked != null) {
            return " " + message;
        }
        List<String> parts = new ArrayList<>();
        view.pending().ifPresent(p -> parts.add(tryText(p)));
        view.changer().ifPresent(w -> parts.add("changing: " + w));
        if (!message.isEmpty()) {
            parts.add(message);
        } else {
            if (view.pending().isEmpty()) {
                parts.add(0, "no try pending");
            }
            if (!view.events().isEmpty()) {
                parts.add("last: " + view.events().get(view.events().size() - 1));
            }
        }
        return " " + String.join("  |  ", parts);
    }

    static String tryText(Engine.PendingTry p) {
        return "TRY pending: " + p.secondsLeft() + " s left, by " + p.who() + " since "
                + CLOCK.format(java.time.LocalTime.ofInstant(p.since(), java.time.ZoneId.systemDefault()));
    }

    /** The messages screen: what the status line says now, whole, then the earlier messages, then the keys of the screen behind. */
    private List<String> messages(View view) {
        List<String> lines = new ArrayList<>();
        String now = status(view).strip();
        if (said.isEmpty() || !now.equals(said.peekFirst().text())) {
            lines.add("now: " + now);
        }
        for (Said s : said) {
            lines.add(CLOCK.format(s.at()) + "  " + s.text());
        }
        if (said.isEmpty()) {
            lines.add("(no messages yet)");
        }
        lines.add("");
        lines.add("keys there: " + hints(back).replaceFirst("^ \\?:help  q:quit", "").strip());
        return lines;
    }

    private void drawInterfaces(Frame frame, int bottom) {
        frame.line(1, "INTERFACES" + (candidate != null && !candidate.equals(confirmed) ? "  (edited, not applied: p plans)" : ""),
                Style.TITLE);
        List<String[]> cells = new ArrayList<>();
        for (InterfaceSpec i : interfaceList()) {
            cells.add(new String[] {i.name(), String.join(",", i.addresses().stream().map(Object::toString).toList()),
                i.gateway().map(dev.switchboard.config.IpLiteral::format).orElse("-"),
                i.metric().isPresent() ? Long.toString(i.metric().getAsLong()) : "-",
                i.mtu().isPresent() ? Integer.toString(i.mtu().getAsInt()) : "-", i.state().name().toLowerCase(java.util.Locale.ROOT),
                i.vlan().map(v -> v.parent() + "." + v.id()).orElse("-")});
        }
        Dashboard.Rows rows = new Dashboard.Rows();
        cells.forEach(r -> rows.add(Style.NORMAL, "", r));
        String[] header = {"NAME", "ADDRESSES", "GATEWAY", "METRIC", "MTU", "STATE", "VLAN"};
        Dashboard.Columns width = Dashboard.widths(header, rows, frame.width - 2);
        frame.line(2, "  " + Dashboard.cells(header, width), Style.DIM);
        int first = Math.max(0, interfaceIndex - (bottom - 4));
        for (int i = first, r = 3; i < cells.size() && r < bottom; i++, r++) {
            frame.line(r, "  " + Dashboard.cells(cells.get(i), width), i == interfaceIndex ? Style.SELECTED : Style.NORMAL);
        }
        if (cells.isEmpty()) {
            frame.line(3, "  the edited config does not pass check: e fixes the interface, Esc leaves", Style.BAD);
        }
    }

    private void drawEdit(Frame frame, int bottom) {
        frame.line(1, editing == null ? "NEW INTERFACE" : "EDIT " + editing, Style.TITLE);
        int row = 2;
        for (int i = 0; i < form.size() && row < bottom; i++) {
            Field f = form.get(i);
            boolean at = i == field;
            int col = frame.put(row, 0, String.format("  %-16s ", f.label), Style.NORMAL);
            col = frame.put(row, col, "[" + f.value + (at ? "_" : "") + "]", at ? Style.SELECTED : Style.NORMAL);
            if (!f.error.isEmpty()) {
                if (col + 2 + Math.min(f.error.length(), 30) <= frame.width) {
                    frame.put(row, col + 2, f.error, Style.BAD);
                } else if (row + 1 < bottom) {
                    row++;
                    frame.line(row, "      " + f.error, Style.BAD);
                }
            }
            row++;
        }
        if (!formError.isEmpty() && row + 1 < bottom) {
            frame.line(row + 1, "  " + formError, Style.BAD);
        }
    }

    private void drawTry(Frame frame, int bottom, View view) {
        long left = view.pending().map(Engine.PendingTry::secondsLeft).orElse(0L);
        frame.line(1, "APPLIED AS A TRY: rolled back in " + left + " s unless you keep it", Style.WARN);
        frame.line(2, "  k  keep it (confirm, and write it to the config file)      r  revert now", Style.TITLE);
        drawPage(frame, 3, bottom, "what changed", tryLines, Style.NORMAL, 0, true);
    }

    private void drawLog(Frame frame, int bottom, View view) {
        List<String> all = new ArrayList<>(logLines);
        all.add("---- live events ----");
        all.addAll(view.events());
        drawPage(frame, 1, bottom, "LOG: audit log, then live events (newest last)", all, Style.NORMAL, logScroll, true);
    }

    /**
     * A title and lines wrapped to the width (nothing is lost at the edge), scrolled: {@code at}
     * lines down from the top, or with {@code fromEnd} up from the end. The title says which
     * lines show when not all fit.
     */
    private void drawPage(Frame frame, int top, int bottom, String title, List<String> lines, Style style, int at, boolean fromEnd) {
        List<String> wrapped = new ArrayList<>();
        for (String line : lines) {
            wrapped.addAll(wrap("  " + line, frame.width, "    "));
        }
        int room = Math.max(1, bottom - top - 1);
        pageMax = Math.max(0, wrapped.size() - room);
        int shift = Math.max(0, Math.min(at, pageMax));
        int first = fromEnd ? pageMax - shift : shift;
        String where = wrapped.size() > room ? "  (" + (first + 1) + "-" + Math.min(wrapped.size(), first + room) + " of " + wrapped.size() + ")" : "";
        frame.line(top, title + where, Style.TITLE);
        for (int i = first, r = top + 1; i < wrapped.size() && r < bottom; i++, r++) {
            frame.line(r, wrapped.get(i), style);
        }
    }

    /**
     * {@code text} in lines of at most {@code width}, broken at spaces (a word longer than a line
     * is cut); a line after the first starts with the text's own indentation and {@code indent}. Pure.
     */
    static List<String> wrap(String text, int width, String indent) {
        String lead = text.substring(0, text.length() - text.stripLeading().length());
        String more = lead + indent;
        if (more.length() > width / 2) {
            more = indent.length() < width / 2 ? indent : "";
        }
        List<String> out = new ArrayList<>();
        String rest = text;
        String prefix = "";
        while (true) {
            int room = Math.max(1, width - prefix.length());
            if (rest.length() <= room) {
                out.add(prefix + rest);
                return out;
            }
            int cut = rest.lastIndexOf(' ', room);
            if (cut <= (prefix.isEmpty() ? lead.length() : 0)) {
                cut = room; // no space to break at: the word is cut
            }
            out.add(prefix + rest.substring(0, cut).stripTrailing());
            rest = rest.substring(cut).stripLeading();
            if (rest.isEmpty()) {
                return out;
            }
            prefix = more;
        }
    }
}
