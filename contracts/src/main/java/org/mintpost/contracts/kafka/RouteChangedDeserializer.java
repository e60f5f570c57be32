package org.mintpost.contracts.kafka;

import org.mintpost.contracts.event.RouteChanged;

public class RouteChangedDeserializer extends JsonDeserializer<RouteChanged> {

    public RouteChangedDeserializer() {
        super(RouteChanged.class);
    }
}
