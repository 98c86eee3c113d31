package dev.switchboard.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.CheckPolicy;
import dev.switchboard.config.CheckTarget;
import dev.switchboard.config.IpLiteral;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The judgement of one gateway, driven by rounds and carrier changes on a fake clock. */
class GatewayHealthTest {
    static final CheckTarget A = CheckTarget.of(IpLiteral.parse("198.18.0.5").orElseThrow());
    static final CheckTarget B = CheckTarget.of(IpLiteral.parse("198.18.0.6").orElseThrow());
    static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    /** A fake clock: each round one second after the last. */
    private Instant now = T0;
    private final List<HealthChange> changes = new ArrayList<>();

    private void tick() {
        now = now.plusSeconds(1);
    }

    private void round(GatewayHealth h, ProbeResult... results) {
        tick();
        h.round("eth0", List.of(results), now).ifPresent(changes::add);
    }

    private static ProbeResult ok(CheckTarget t, int ms) {
        return ProbeResult.answered(t, Duration.ofMillis(ms));
    }

    private static ProbeResult lost(CheckTarget t) {
        return ProbeResult.failed(t, "no answer within 1 s");
    }

    private List<String> transitions() {
        return changes.stream().map(c -> c.from().word() + "->" + c.to().word() + "@" + (c.when().getEpochSecond() - T0.getEpochSecond())).toList();
    }

    @Test
    void checkingUntilTheFirstAnswerThenAliveWithItsRoundTrip() {
        GatewayHealth h = new GatewayHealth(2, 3, CheckPolicy.ANY, T0);
        assertEquals("checking", h.status().word(now));
        round(h, ok(A, 12));
        assertEquals(List.of("checking->alive@1"), transitions());
        assertEquals("alive 12ms", h.status().word(now));
        assertEquals(T0.plusSeconds(1), h.status().since());
    }

    @Test
    void fallFailuresInARowMakeItDeadAndRiseSuccessesBringItBack() {
        GatewayHealth h = new GatewayHealth(2, 3, CheckPolicy.ANY, T0);
        round(h, ok(A, 5));
        round(h, lost(A));
        round(h, lost(A));
        round(h, ok(A, 5)); // a success resets the run of failures
        round(h, lost(A));
        round(h, lost(A));
        assertEquals(HealthState.ALIVE, h.state());
        round(h, lost(A));
        assertEquals(HealthState.DEAD, h.state());
        round(h, ok(A, 5));
        assertEquals(HealthState.DEAD, h.state(), "one answer is not rise = 2");
        round(h, lost(A));
        round(h, ok(A, 5));
        round(h, ok(A, 5));
        assertEquals(List.of("checking->alive@1", "alive->dead@7", "dead->alive@11"), transitions());
    }

    @Test
    void deadShowsHowLongAndSinceWhen() {
        GatewayHealth h = new GatewayHealth(2, 1, CheckPolicy.ANY, T0);
        round(h, lost(A));
        assertEquals(HealthState.DEAD, h.state());
        assertEquals("dead 04:31:02", h.status().word(now.plusSeconds(4 * 3600 + 31 * 60 + 2)));
        assertEquals("A: no answer within 1 s".replace("A", A.toString()), h.status().detail());
    }

    @Test
    void policyAnyNeedsOneAnswerAllNeedsEvery() {
        GatewayHealth any = new GatewayHealth(1, 1, CheckPolicy.ANY, T0);
        round(any, ok(A, 3), lost(B));
        assertEquals(HealthState.ALIVE, any.state());
        assertEquals("answered; " + B + ": no answer within 1 s", any.status().detail());
        GatewayHealth all = new GatewayHealth(1, 1, CheckPolicy.ALL, T0);
        round(all, ok(A, 3), lost(B));
        assertEquals(HealthState.DEAD, all.state());
        round(all, ok(A, 3), ok(B, 7));
        assertEquals(HealthState.ALIVE, all.state());
        assertEquals("alive 5.0ms", all.status().word(now), "the mean of the round's answers");
    }

    @Test
    void noCarrierIsDeadAtOnceAndRoundsMeanwhileDoNotCount() {
        GatewayHealth h = new GatewayHealth(2, 3, CheckPolicy.ANY, T0);
        round(h, ok(A, 1));
        tick();
        h.carrier("eth0", false, now).ifPresent(changes::add);
        assertEquals(HealthState.DEAD, h.state());
        assertEquals("no carrier", h.status().detail());
        round(h, ok(A, 1)); // ended after the carrier went: not counted
        round(h, ok(A, 1));
        assertEquals(HealthState.DEAD, h.state());
        tick();
        assertEquals(Optional.empty(), h.carrier("eth0", true, now));
        round(h, ok(A, 1));
        assertEquals(HealthState.DEAD, h.state(), "carrier back is not the gateway back");
        round(h, ok(A, 1));
        assertEquals(List.of("checking->alive@1", "alive->dead@2", "dead->alive@7"), transitions());
    }

    @Test
    void losingTheCarrierWhileCheckingIsDeadToo() {
        GatewayHealth h = new GatewayHealth(2, 3, CheckPolicy.ANY, T0);
        tick();
        h.carrier("eth0", false, now).ifPresent(changes::add);
        assertEquals(List.of("checking->dead@1"), transitions());
    }

    @Test
    void lossIsTheShareOfProbesLostOverTheLastRounds() {
        GatewayHealth h = new GatewayHealth(2, 100, CheckPolicy.ANY, T0);
        for (int i = 0; i < GatewayHealth.LOSS_WINDOW; i++) {
            round(h, ok(A, 1), i % 2 == 0 ? lost(B) : ok(B, 1));
        }
        assertEquals(0.25, h.status().loss(), 1e-9);
        for (int i = 0; i < GatewayHealth.LOSS_WINDOW; i++) {
            round(h, lost(A), lost(B));
        }
        assertEquals(1.0, h.status().loss(), 1e-9, "older rounds have left the window");
    }

    @Test
    void statusReadsAsJson() {
        GatewayHealth h = new GatewayHealth(2, 3, CheckPolicy.ANY, T0);
        round(h, ok(A, 12));
        assertEquals("{\"state\":\"alive\",\"rtt_ms\":12,\"loss\":0.000,\"since\":\"2024-05-01T10:00:01Z\",\"detail\":\"answered\"}",
                h.status().toJson());
        assertEquals("{\"state\":\"unchecked\",\"rtt_ms\":null,\"loss\":0.000,\"since\":\"2024-05-01T10:00:00Z\","
                + "\"detail\":\"no check configured\"}", GatewayStatus.unchecked(T0).toJson());
        assertTrue(GatewayStatus.unchecked(T0).word(now).equals("unchecked"));
    }
}
