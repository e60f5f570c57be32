-- The route each message went out on (DeliveryEvent.route_id, issue #19): shown as the message's route_id.
ALTER TABLE delivery_event ADD COLUMN route_id text;
