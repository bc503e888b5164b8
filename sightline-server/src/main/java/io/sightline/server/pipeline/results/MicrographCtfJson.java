package io.sightline.server.pipeline.results;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON names of {@link CtfDetails}, as the event payloads and {@code GET /api/v1/micrographs/{uuid}/ctf} give them. */
final class MicrographCtfJson {
    private MicrographCtfJson() {}

    /** Puts each value into {@code node}, nulls written as null (a consumer sees which values the estimate lacked). */
    static ObjectNode into(ObjectNode node, CtfDetails ctf) {
        put(node, "defocus_u", ctf.defocusU());
        put(node, "defocus_v", ctf.defocusV());
        put(node, "astigmatism", ctf.astigmatism());
        put(node, "defocus_angle", ctf.defocusAngle());
        put(node, "max_resolution", ctf.maxResolution());
        put(node, "figure_of_merit", ctf.figureOfMerit());
        return node;
    }

    private static void put(ObjectNode node, String name, Double value) {
        if (value == null) {
            node.putNull(name);
        } else {
            node.put(name, value);
        }
    }
}
