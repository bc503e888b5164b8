package io.sightline.agent.images;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Where image registrations go: committed durably (the outbox) before the call returns. */
public interface ImageSink {
    /**
     * Stores the registrations, in order (parents first), and the stamps (size and mtime) of the image
     * files they came from, all or nothing.
     */
    void register(List<DataObjectRegistration> registrations, Map<Path, String> imageStamps);
}
