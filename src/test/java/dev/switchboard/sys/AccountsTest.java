package dev.switchboard.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Names of ids, as the control socket names its peers: right under any load, on any thread, whatever the collector does. */
class AccountsTest {
    @Test
    void rootAndAnIdWithoutANameAreNamedAsNssAndTheJdkNameThem() {
        assertEquals("root", Accounts.user(0));
        assertEquals("root", Accounts.group(0));
        assertEquals("4000000000", Accounts.user((int) 4_000_000_000L), "no name: the number, unsigned");
    }

    /**
     * The name is read from native memory the lookup filled: memory freed once its Java object is
     * collected. Read after that, it gave wrong names and then SIGSEGV (the JVM of a CI run died
     * naming a control socket peer): three threads looking names up while another collects.
     */
    @Test
    void namesStayRightWhileTheCollectorRuns() throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> wrong = new AtomicReference<>();
        Thread collector = new Thread(() -> {
            while (!done.get()) {
                System.gc();
            }
        });
        collector.start();
        List<Thread> lookups = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Thread lookup = new Thread(() -> {
                for (int i = 0; i < 10_000 && wrong.get() == null; i++) {
                    String user = Accounts.user(0);
                    String group = Accounts.group(0);
                    if (!user.equals("root") || !group.equals("root")) {
                        wrong.compareAndSet(null, "user " + user + ", group " + group + " at lookup " + i);
                    }
                }
            });
            lookup.start();
            lookups.add(lookup);
        }
        for (Thread lookup : lookups) {
            lookup.join();
        }
        done.set(true);
        collector.join();
        assertEquals(null, wrong.get(), "uid and gid 0 are named root every time");
    }
}
