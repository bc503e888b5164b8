package io.sightline.fastmon.stream;

/** One event of the message stream: its id (null for heartbeats and {@code connected}), name and data. */
public record StreamEvent(String id, String event, String data) {}
