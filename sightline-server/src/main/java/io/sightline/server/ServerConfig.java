package io.sightline.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the server process is configured with. Built by the CLI from flags > environment > file
 * > {@link #defaults(Path)}; {@link #toString()} masks secrets so that it can be logged at start.
 *
 * @param bind address to listen on ({@code 127.0.0.1} by default)
 * @param port TCP port (8000 by default; 0 picks a free one)
 * @param dataDir where the embedded database and other local state live
 * @param jdbcUrl the database; by default an H2 file database under {@code dataDir}
 * @param dbUser database user (null for none)
 * @param dbPassword database password (null for none); masked in {@link #toString()}
 * @param amqpUri RabbitMQ URI, or null for the in-process bus; its password is masked in {@link #toString()}
 * @param maxBodyBytes largest request body accepted; larger ones get 413
 * @param shutdownGrace how long {@code close()} waits for requests in flight to finish
 * @param dbPoolSize maximum database connections
 */
public record ServerConfig(
    String bind,
    int port,
    Path dataDir,
    String jdbcUrl,
    String dbUser,
    String dbPassword,
    String amqpUri,
    long maxBodyBytes,
    Duration shutdownGrace,
    int dbPoolSize) {

  public static final int DEFAULT_PORT = 8000;
  public static final String DEFAULT_BIND = "127.0.0.1";
  /** 16 MiB: room for ingest batches of several thousand entities. */
  public static final long DEFAULT_MAX_BODY_BYTES = 16L * 1024 * 1024;

  public ServerConfig {
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive, was " + maxBodyBytes);
    }
    if (dbPoolSize <= 0) {
      throw new IllegalArgumentException("dbPoolSize must be positive, was " + dbPoolSize);
    }
  }

  /** The embedded defaults: loopback, port 8000, H2 under {@code dataDir}, in-process bus. */
  public static ServerConfig defaults(Path dataDir) {
    return new ServerConfig(DEFAULT_BIND, DEFAULT_PORT, dataDir, h2FileUrl(dataDir), null, null, null,
        DEFAULT_MAX_BODY_BYTES, Duration.ofSeconds(10), 10);
  }

  /** The H2 file database Sightline uses under a data directory (PostgreSQL compatibility mode). */
  public static String h2FileUrl(Path dataDir) {
    return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("sightline").toString().replace('\\', '/')
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
  }

  public ServerConfig withBind(String value) {
    return new ServerConfig(value, port, dataDir, jdbcUrl, dbUser, dbPassword, amqpUri, maxBodyBytes, shutdownGrace,
        dbPoolSize);
  }

  public ServerConfig withPort(int value) {
    return new ServerConfig(bind, value, dataDir, jdbcUrl, dbUser, dbPassword, amqpUri, maxBodyBytes, shutdownGrace,
        dbPoolSize);
  }

  public ServerConfig withDatabase(String url, String user, String password) {
    return new ServerConfig(bind, port, dataDir, url, user, password, amqpUri, maxBodyBytes, shutdownGrace, dbPoolSize);
  }

  public ServerConfig withAmqpUri(String value) {
    return new ServerConfig(bind, port, dataDir, jdbcUrl, dbUser, dbPassword, value, maxBodyBytes, shutdownGrace,
        dbPoolSize);
  }

  public ServerConfig withMaxBodyBytes(long value) {
    return new ServerConfig(bind, port, dataDir, jdbcUrl, dbUser, dbPassword, amqpUri, value, shutdownGrace, dbPoolSize);
  }

  public ServerConfig withShutdownGrace(Duration value) {
    return new ServerConfig(bind, port, dataDir, jdbcUrl, dbUser, dbPassword, amqpUri, maxBodyBytes, value, dbPoolSize);
  }

  /** Whether the server listens on loopback only (where running without tokens is allowed). */
  public boolean isLoopback() {
    return bind.equals("127.0.0.1") || bind.equals("localhost") || bind.equals("::1");
  }

  @Override
  public String toString() {
    return "ServerConfig[bind=" + bind + ", port=" + port + ", dataDir=" + dataDir + ", jdbcUrl=" + maskUrl(jdbcUrl)
        + ", dbUser=" + dbUser + ", dbPassword=" + (dbPassword == null || dbPassword.isEmpty() ? "<none>" : "****")
        + ", amqpUri=" + (amqpUri == null ? "<in-process>" : maskUrl(amqpUri)) + ", maxBodyBytes=" + maxBodyBytes
        + ", shutdownGrace=" + shutdownGrace + ", dbPoolSize=" + dbPoolSize + "]";
  }

  /** Hides {@code user:password@} credentials and {@code password=} parameters in a URL. */
  static String maskUrl(String url) {
    return url.replaceAll("(?<=://)([^:/@]+):([^@/]*)@", "$1:****@")
        .replaceAll("(?i)(password=)[^&;]*", "$1****");
  }
}
