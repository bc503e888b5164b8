package io.sightline.core.wire;

/**
 * The JSON names of the swf-monitor entities and messages (contracts/swf-fastmon.md §1, §2), declared
 * once for the server's REST API, the fast-monitoring agent and the stream client.
 */
public final class SwfField {
    private SwfField() {}

    public static final String MSG_TYPE = "msg_type";
    public static final String SENDER = "sender";
    public static final String NAMESPACE = "namespace";
    public static final String PROCESSED_BY = "processed_by";
    public static final String MESSAGE_ID = "message_id";
    public static final String RUN_ID = "run_id";
    public static final String RUN_NUMBER = "run_number";
    public static final String FILENAME = "filename";
    public static final String STF_FILENAME = "stf_filename";
    public static final String STF_FILE = "stf_file";
    public static final String TF_FILENAME = "tf_filename";
    public static final String TF_FILE_ID = "tf_file_id";
    public static final String FILE_SIZE_BYTES = "file_size_bytes";
    public static final String SIZE_BYTES = "size_bytes";
    public static final String CHECKSUM = "checksum";
    public static final String STATUS = "status";
    public static final String METADATA = "metadata";
    public static final String TF_FIRST = "tf_first";
    public static final String TF_LAST = "tf_last";
    public static final String TF_COUNT = "tf_count";
    public static final String TIMESTAMP = "timestamp";
    public static final String INSTANCE_NAME = "instance_name";

    /** Longest STF or TF file name swf-monitor stores. */
    public static final int FILENAME_MAX = 255;
    /** Longest checksum swf-monitor stores. */
    public static final int CHECKSUM_MAX = 64;
}
