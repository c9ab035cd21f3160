package io.charstream.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.charstream.service.Config;
import io.charstream.service.SettingException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.http.sse.SseClient;
import java.io.IOException;

/**
 * The page and its live feeds: the page itself (with the chart library from the jar, so it works
 * with no network), {@code /events} pushing the pipeline's view as server-sent events, and the
 * prompt box's {@code POST /api/prompts} with each request's own event stream.
 */
final class WebServer implements AutoCloseable {
  private final Javalin app;

  WebServer(DashboardSettings settings, PipelineView view, PromptDesk desk) {
    app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.staticFiles.add(files -> {
        files.hostedPath = "/";
        files.directory = "/io/charstream/dashboard/web";
        files.location = Location.CLASSPATH;
      });
      config.staticFiles.enableWebjars();
    });
    app.sse("/events", client -> {
      client.keepAlive();
      Viewer viewer = viewerOf(client);
      client.onClose(() -> view.close(viewer));
      view.open(viewer);
    });
    app.post("/api/prompts", ctx -> ask(ctx, desk));
    app.sse("/api/prompts/{id}/events", client -> {
      var session = desk.session(client.ctx().pathParam("id"));
      if (session.isEmpty()) {
        client.sendEvent("answer", Json.write(Json.object().put("error", "no such request on this page")));
        client.close();
        return;
      }
      client.keepAlive();
      client.onClose(() -> desk.finished(session.get()));
      session.get().attach(viewerOf(client));
    });
    try {
      app.start(settings.host(), settings.port());
    } catch (RuntimeException e) {
      app.stop();
      if (causedByBinding(e)) {
        throw new SettingException(Config.describe(DashboardSettings.PORT) + ": cannot listen on " + settings.host()
            + ":" + settings.port() + " (in use, or not an address of this machine); choose another port, or 0 to "
            + "turn the page off");
      }
      throw e;
    }
  }

  private static boolean causedByBinding(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.net.BindException || cause instanceof java.net.UnknownHostException) {
        return true;
      }
    }
    return false;
  }

  int port() {
    return app.port();
  }

  private static void ask(Context ctx, PromptDesk desk) {
    try {
      JsonNode body = Json.MAPPER.readTree(ctx.body());
      String prompt = body.path("prompt").asText("");
      int chars = body.path("chars").asInt(200);
      double temperature = body.path("temperature").asDouble(1.0);
      PromptSession session = desk.ask(prompt, chars, temperature);
      respond(ctx, 202, Json.object().put("requestId", session.requestId));
    } catch (PromptDesk.Refused e) {
      respond(ctx, e.status, Json.object().put("error", e.getMessage()));
    } catch (IOException e) {
      respond(ctx, 400, Json.object().put("error", "the request is not JSON: " + e.getMessage()));
    }
  }

  private static void respond(Context ctx, int status, JsonNode body) {
    ctx.status(status).contentType("application/json").result(Json.write(body));
  }

  /** Sends from several threads (the topic reader, the probe) one event at a time. */
  private static Viewer viewerOf(SseClient client) {
    return new Viewer() {
      @Override
      public boolean send(String event, String json) {
        synchronized (client) {
          if (client.terminated()) {
            return false;
          }
          client.sendEvent(event, json);
          return !client.terminated();
        }
      }

      @Override
      public void close() {
        synchronized (client) {
          client.close();
        }
      }
    };
  }

  @Override
  public void close() {
    app.stop();
  }
}
