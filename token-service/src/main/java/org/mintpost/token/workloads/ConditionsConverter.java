package org.mintpost.token.workloads;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import org.mintpost.contracts.kafka.EventJson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

/** A policy's conditions as a JSON object in one column. */
@Converter
public class ConditionsConverter implements AttributeConverter<Map<String, String>, String> {

    private static final TypeReference<LinkedHashMap<String, String>> TYPE = new TypeReference<>() {
    };

    @Override
    public String convertToDatabaseColumn(Map<String, String> conditions) {
        try {
            return EventJson.MAPPER.writeValueAsString(conditions == null ? Map.of() : conditions);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a policy's conditions", e);
        }
    }

    @Override
    public Map<String, String> convertToEntityAttribute(String column) {
        try {
            return column == null || column.isBlank() ? Map.of() : EventJson.MAPPER.readValue(column, TYPE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read a policy's conditions", e);
        }
    }
}
