package org.mintpost.contracts.kafka;

import java.io.IOException;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads one event record type from JSON. A tombstone (null value) reads as null. */
public class JsonDeserializer<T> implements Deserializer<T> {

    private final Class<T> type;

    protected JsonDeserializer(Class<T> type) {
        this.type = type;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return EventJson.MAPPER.readValue(data, type);
        } catch (IOException e) {
            throw new SerializationException("not a " + type.getSimpleName() + " record on " + topic
                    + ": " + originalMessage(e));
        }
    }

    private static String originalMessage(IOException e) {
        return e.getMessage();
    }
}
