package org.mintpost.contracts.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mintpost.contracts.event.DeliveryEvent;
import org.mintpost.contracts.event.DomainChanged;
import org.mintpost.contracts.event.MessageCommand;
import org.mintpost.contracts.event.SendJob;
import org.mintpost.contracts.event.TokenChanged;
import org.mintpost.contracts.event.TokenUsed;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * {@link EventJson#MAPPER} uses Blackbird (generated accessors) for speed: every event, with every field
 * set, must be written exactly as the plain reflective mapping writes it and read back equal, so no
 * consumer sees a difference.
 */
class EventJsonTest {

    private static final ObjectMapper REFLECTIVE = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    @ParameterizedTest
    @ValueSource(classes = { SendJob.class, TokenUsed.class, TokenChanged.class, DeliveryEvent.class,
            DomainChanged.class, MessageCommand.class })
    void sameJsonAsWithoutBlackbirdAndReadBackEqual(Class<?> type) throws Exception {
        Object event = sample(type, "x");
        String json = EventJson.MAPPER.writeValueAsString(event);
        assertEquals(REFLECTIVE.writeValueAsString(event), json);
        assertEquals(event, EventJson.MAPPER.readValue(json, type));
        assertEquals(event, EventJson.MAPPER.readValue(EventJson.MAPPER.writeValueAsBytes(event), type));
    }

    /** A record with every component set (nested records too), values derived from the names. */
    private static Object sample(Type type, String name) throws Exception {
        if (type instanceof ParameterizedType p) {
            Type[] args = p.getActualTypeArguments();
            if (p.getRawType() == List.class) {
                return List.of(sample(args[0], name + "0"), sample(args[0], name + "1"));
            }
            if (p.getRawType() == Map.class) {
                return Map.of(String.valueOf(sample(args[0], name + "k")), sample(args[1], name + "v"));
            }
            throw new IllegalArgumentException("no sample for " + type);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            return name + " \"é\"";
        }
        if (c == int.class || c == Integer.class) {
            return name.length();
        }
        if (c == long.class || c == Long.class) {
            return 1_000_000_000_000L + name.length();
        }
        if (c == boolean.class || c == Boolean.class) {
            return Boolean.TRUE;
        }
        if (c == Instant.class) {
            return Instant.parse("2026-11-30T01:02:03.456789Z").plusSeconds(name.length());
        }
        if (c.isRecord()) {
            RecordComponent[] components = c.getRecordComponents();
            Class<?>[] types = new Class<?>[components.length];
            Object[] values = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                values[i] = sample(components[i].getGenericType(), components[i].getName());
            }
            Constructor<?> constructor = c.getDeclaredConstructor(types);
            return constructor.newInstance(values);
        }
        throw new IllegalArgumentException("no sample for " + type);
    }
}
