package io.sightline.agent.steer;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/** Starts one streaming GET; {@code lastEventId} is null on a first connection. */
@FunctionalInterface
public interface StreamOpener {
    CompletableFuture<HttpResponse<Void>> open(String lastEventId, HttpResponse.BodyHandler<Void> handler);
}
