package io.sightline.server.testing;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import java.net.URI;
import java.util.function.Consumer;

/** A minimal Javalin app on a free loopback port, configured by the test. */
public final class EventsTestServer implements AutoCloseable {

  private final Javalin app;

  public EventsTestServer(Consumer<JavalinConfig> configure) {
    app = Javalin.create(cfg -> {
      cfg.concurrency.useVirtualThreads = true;
      cfg.startup.showJavalinBanner = false;
      configure.accept(cfg);
    }).start("127.0.0.1", 0);
  }

  public int port() {
    return app.port();
  }

  public URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + app.port() + pathAndQuery);
  }

  @Override
  public void close() {
    app.stop();
  }
}
