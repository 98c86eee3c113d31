package dev.switchboard.console;

import static dev.switchboard.console.Scenes.press;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** c: the Doctor view, doctor's lines checked when asked (again on the view), Esc back; a check that fails says so. */
class ConsoleDoctorViewTest {
    @Test
    void cShowsDoctorsFindingsCheckedNowAndAgain() {
        Recording engine = new Recording(Scenes.seedText());
        Ui ui = Scenes.ui(false);
        AtomicInteger runs = new AtomicInteger();
        ui.doctor = Pages.doctorCall(() -> List.of("# lb1 at now; engine state: in this process (check " + runs.incrementAndGet() + ")",
                "fail  net.ipv4.ip_forward  is 1: the box routes between its networks  (fix: sysctl -w net.ipv4.ip_forward=0)",
                "ok    rp_filter eth2  is 2 (loose) for ft_exchange 10.2.0.10:443"));
        Frame doctor = press(ui, engine, KeyStroke.fromString("c"));
        assertEquals(Ui.Screen.DOCTOR, ui.screen);
        assertTrue(doctor.text(1).startsWith("DOCTOR: fail|warn|ok  SUBJECT  what is wrong  (fix)"), doctor.toString());
        assertTrue(doctor.toString().contains("(check 1)"), doctor.toString());
        assertEquals("  fail  net.ipv4.ip_forward  is 1: the box routes between its networks  (fix:", doctor.text(3).stripTrailing());
        assertEquals("      sysctl -w net.ipv4.ip_forward=0)", doctor.text(4).stripTrailing(), "wrapped, nothing lost at the edge");
        assertTrue(doctor.text(22).contains("Esc:back") && doctor.text(22).contains("c:doctor"), doctor.text(22));

        assertTrue(press(ui, engine, KeyStroke.fromString("c")).toString().contains("(check 2)"), "c on the view checks again");
        press(ui, engine, new KeyStroke(KeyType.Escape));
        assertEquals(Ui.Screen.DASHBOARD, ui.screen);
        assertEquals(List.of(), engine.calls, "the checks ask the engine to change nothing");

        ui.doctor = Pages.doctorCall(() -> {
            throw new java.io.IOException("cannot open the kernel's netlink socket");
        });
        assertTrue(press(ui, engine, KeyStroke.fromString("c")).toString()
                .contains("doctor's checks could not run: cannot open the kernel's netlink socket"));
    }
}
