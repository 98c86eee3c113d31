package dev.switchboard.control;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.switchboard.config.HostPort;
import dev.switchboard.engine.EngineEvent;
import dev.switchboard.engine.EngineState;
import dev.switchboard.engine.GatewayRow;
import dev.switchboard.health.GatewayStatus;
import dev.switchboard.health.HealthState;
import dev.switchboard.proxy.Stats;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The engine's state as one JSON document ({@code show state json}) and back (what an attached
 * console reads): the records as they are, with a few names of the tables' ({@code interface}
 * for a gateway's device), each event with its {@code type} and {@code text}, instants as ISO-8601
 * text and addresses as literals (never a name: nothing here asks DNS). Fields it does not know
 * are skipped when read: a newer engine may say more.
 */
public final class StateJson {
    static final ObjectMapper MAPPER = mapper();

    private StateJson() {}

    /** The state as one line of JSON. */
    public static String encode(EngineState state) {
        try {
            return MAPPER.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the engine's state cannot be written as JSON", e);
        }
    }

    /** What {@link #encode} wrote. */
    public static EngineState decode(String json) throws IOException {
        return MAPPER.readValue(json, EngineState.class);
    }

    /** A copy of the mapper that writes and reads the state, for a document that holds one (a snapshot). */
    public static ObjectMapper copyMapper() {
        return MAPPER.copy();
    }

    /** The gateway table's names, as `show gateways json` and `status --json` have always said them. */
    abstract static class GatewayRowNames {
        @JsonProperty("interface")
        abstract String device();
    }

    /** An event says what it is and, for people, what it means. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    abstract static class EventNames {
        @JsonProperty("text")
        abstract String text();
    }

    /** A server's and a backend's state (UP, DOWN, MAINT, checking), said beside the counters they come from. */
    abstract static class StateNames {
        @JsonProperty("state")
        abstract String state();
    }

    private static ObjectMapper mapper() {
        SimpleModule ours = new SimpleModule("switchboard");
        text(ours, Instant.class, Instant::toString, Instant::parse);
        text(ours, HostPort.class, HostPort::toString, s -> HostPort.parse(s).orElseThrow(() -> new IllegalArgumentException("not ADDRESS:PORT: " + s)));
        text(ours, InetSocketAddress.class, a -> new HostPort(a.getAddress(), a.getPort()).toString(),
                s -> HostPort.parse(s).orElseThrow(() -> new IllegalArgumentException("not ADDRESS:PORT: " + s)).socketAddress());
        for (Class<?> event : EngineEvent.class.getPermittedSubclasses()) {
            ours.registerSubtypes(new NamedType(event, event.getSimpleName()));
        }
        health(ours);
        return JsonMapper.builder()
                .addModule(new Jdk8Module())
                .addModule(ours)
                .addMixIn(GatewayRow.class, GatewayRowNames.class)
                .addMixIn(EngineEvent.class, EventNames.class)
                .addMixIn(Stats.ServerStats.class, StateNames.class)
                .addMixIn(Stats.BackendStats.class, StateNames.class)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /**
     * A gateway's health as {@code status --json} says it: {@code state} (alive, dead, checking,
     * unchecked), {@code rtt_ms} (null without an answer yet), {@code loss} (0 to 1), {@code since}
     * (ISO-8601), and {@code detail}, in a person's words.
     */
    private static void health(SimpleModule module) {
        module.addSerializer(GatewayStatus.class, new JsonSerializer<GatewayStatus>() {
            @Override
            public void serialize(GatewayStatus s, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeStartObject();
                gen.writeStringField("state", s.state().word());
                if (s.rtt().isPresent()) {
                    gen.writeNumberField("rtt_ms", Math.round(s.rtt().get().toNanos() / 1e4) / 100.0);
                } else {
                    gen.writeNullField("rtt_ms");
                }
                gen.writeNumberField("loss", Math.round(s.loss() * 1000) / 1000.0);
                gen.writeStringField("since", s.since().toString());
                gen.writeStringField("detail", s.detail());
                gen.writeEndObject();
            }
        });
        module.addDeserializer(GatewayStatus.class, new JsonDeserializer<GatewayStatus>() {
            @Override
            public GatewayStatus deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                JsonNode n = ctxt.readTree(p); // not p.readValueAsTree(): a strict reader (snapshots: no trailing tokens) takes the rest of the document for them
                try {
                    JsonNode rtt = n.path("rtt_ms");
                    return new GatewayStatus(HealthState.valueOf(n.path("state").asText().toUpperCase(Locale.ROOT)),
                            rtt.isNumber() ? Optional.of(Duration.ofNanos(Math.round(rtt.asDouble() * 1e6))) : Optional.empty(),
                            n.path("loss").asDouble(), Instant.parse(n.path("since").asText()), n.path("detail").asText(""));
                } catch (RuntimeException e) {
                    return ctxt.reportInputMismatch(GatewayStatus.class, "%s", e.getMessage());
                }
            }
        });
    }

    /** A value written as a string, and read back from one. */
    private static <T> void text(SimpleModule module, Class<T> type, Function<T, String> write, Function<String, T> read) {
        module.addSerializer(type, new JsonSerializer<T>() {
            @Override
            public void serialize(T value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(write.apply(value));
            }
        });
        module.addDeserializer(type, new JsonDeserializer<T>() {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                String s = p.getValueAsString();
                try {
                    return read.apply(s);
                } catch (RuntimeException e) {
                    return ctxt.reportInputMismatch(type, "%s", e.getMessage());
                }
            }
        });
    }
}
