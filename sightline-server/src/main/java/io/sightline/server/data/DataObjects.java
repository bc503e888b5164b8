package io.sightline.server.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.core.image.formats.ImageFormats;
import io.sightline.server.http.ApiException;
import java.nio.file.Files;
import java.util.List;

/**
 * The data objects of one server: their store, the storage roots their files must lie in, the request
 * reader and the checksum verifier. Registering queues a checksum check for each new object that has one;
 * serving a file ({@link #present}) checks again that it is still inside a root, and marks the object
 * missing when it is not.
 */
public final class DataObjects implements AutoCloseable {
    private final DataObjectStore store;
    private final DataObjectJson json;
    private final StorageRoots roots;
    private final DataObjectBodies bodies;
    private final ChecksumVerifier verifier;

    public DataObjects(DataObjectStore store, DataObjectJson json, StorageRoots roots, ImageFormats formats) {
        this.store = store;
        this.json = json;
        this.roots = roots;
        this.bodies = new DataObjectBodies(roots, formats);
        this.verifier = new ChecksumVerifier(store, roots);
    }

    public DataObjectStore store() {
        return store;
    }

    public DataObjectJson json() {
        return json;
    }

    public StorageRoots roots() {
        return roots;
    }

    public ChecksumVerifier verifier() {
        return verifier;
    }

    DataObjectBodies bodies() {
        return bodies;
    }

    /** Starts checking the checksums left unchecked by the last run. */
    public void start() {
        verifier.resumePending();
    }

    public List<DataObjectStore.Registered> register(List<NewDataObject> objects) {
        List<DataObjectStore.Registered> results = store.register(objects);
        for (DataObjectStore.Registered r : results) {
            if (r.created() && r.object().checksum() != null) {
                verifier.submit(r.object().uid());
            }
        }
        return results;
    }

    /**
     * Registers objects given as a request body gives them (one object or an array), for producers inside the
     * server (a pipeline's outputs): the same checks, header reading and idempotence as {@code POST
     * /api/v1/data-objects}, and the same {@link ApiException} for a mistake.
     */
    public List<DataObjectStore.Registered> register(JsonNode body) {
        return register(bodies.read(body).objects());
    }

    /**
     * The object, when its file is still a regular file inside a storage root; otherwise it is marked
     * missing (one {@code data_object.missing} event) and the answer is a 404 naming the file.
     */
    public DataObject present(String uid) {
        return present(store.getWithoutLineage(uid));
    }

    /** {@link #present(String)} for an object already read. */
    public DataObject present(DataObject object) {
        String uid = object.uid();
        if (!roots.contains(object.serverPath()) || !Files.isRegularFile(object.serverPath())) {
            store.setStatus(uid, DataObject.Status.MISSING, "the file is gone or no longer inside a storage root");
            throw ApiException.notFound("the file of data object " + uid + " ('" + object.path()
                    + "') is gone or no longer inside a storage root");
        }
        return object;
    }

    @Override
    public void close() {
        verifier.close();
    }
}
