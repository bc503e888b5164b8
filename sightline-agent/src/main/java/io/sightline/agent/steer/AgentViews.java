package io.sightline.agent.steer;

import com.fasterxml.jackson.databind.JsonNode;

/** The agent's state as the {@code agent.status.request} and {@code agent.info.*} instructions report it. */
public interface AgentViews {
    JsonNode status();

    JsonNode datastore();

    JsonNode metrics();

    JsonNode errors();

    JsonNode orphans();
}
