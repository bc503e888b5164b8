package io.sightline.agent.outbox;

/**
 * What the status of an answer to {@code POST /api/v1/ingest} (or, for a SmartEM backend, to one
 * per-entity request) says about the items sent.
 */
enum IngestAnswer {
    /** 2xx: results item by item (on SmartEM's endpoints: taken). */
    RESULTS,
    /** 500: the server failed on this request, perhaps on one of its items (the poison rule). */
    FAILED,
    /**
     * 502, 503, 504 and the other 5xx, 408, 429, and anything unexpected: the server (or a proxy before
     * it) is away, draining or busy; nothing sent is at fault, so nothing is narrowed down or parked.
     */
    AWAY,
    /** 401, 403: the token is missing, wrong or lacks the role. */
    NOT_AUTHORIZED,
    /** Another 4xx for the whole request: something in it is refused (found by halving, then parked). */
    REFUSED;

    static IngestAnswer of(int status) {
        if (status / 100 == 2) {
            return RESULTS;
        }
        if (status == 500) {
            return FAILED;
        }
        if (status == 401 || status == 403) {
            return NOT_AUTHORIZED;
        }
        if (status / 100 == 4 && status != 408 && status != 429) {
            return REFUSED;
        }
        return AWAY;
    }
}
