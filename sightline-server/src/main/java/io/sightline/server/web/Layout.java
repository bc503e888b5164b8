package io.sightline.server.web;

import io.sightline.server.auth.Principal;
import java.time.Instant;

/**
 * The frame every dashboard page shares: head with the stylesheet and script, the navigation, the live
 * badge ({@code [data-testid=live-badge]}) and the page's one event stream ({@code data-stream} on the
 * body, opened by {@code dashboard.js}).
 */
final class Layout {
    private Layout() {}

    /**
     * @param stream the page's event stream URL ({@code /ui/events?...}), or null for a page without one
     * @param principal who is looking (for the logout button), or null on the login page
     */
    static String page(String title, String stream, Principal principal, String csrf, String content) {
        Html h = new Html();
        h.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .raw("<title>")
                .text(title)
                .raw(" · Sightline</title>")
                .raw("<link rel=\"stylesheet\" href=\"/ui/assets/dashboard.css\">")
                .raw("<script defer src=\"/ui/assets/dashboard.js\"></script>")
                .raw("</head><body")
                .attr("data-stream", stream)
                .attr("data-csrf", csrf)
                .raw(">");
        h.raw("<header><nav><a href=\"/\">Sightline</a> <span class=\"title\">")
                .text(title)
                .raw("</span></nav>")
                .raw("<span data-testid=\"live-badge\" class=\"badge\" role=\"status\" aria-live=\"polite\">")
                .raw(stream == null ? "live" : "connecting")
                .raw("</span>");
        if (principal != null && !"open".equals(principal.source())) {
            h.raw("<form method=\"post\" action=\"/logout\" class=\"logout\"><input type=\"hidden\" name=\"csrf\"")
                    .attr("value", csrf)
                    .raw("><span>")
                    .text(principal.describe())
                    .raw("</span> <button type=\"submit\">Log out</button></form>");
        }
        h.raw("</header><main>").raw(content).raw("</main></body></html>");
        return h.toString();
    }

    /** A time for the viewer's zone (dashboard.js rewrites the text), UTC on hover. */
    static void time(Html h, Instant time) {
        if (time == null) {
            h.raw("—");
            return;
        }
        h.raw("<time")
                .attr("datetime", time)
                .attr("title", time + " (UTC)")
                .raw(">")
                .text(time)
                .raw("</time>");
    }

    static String number(Object value) {
        if (value == null) {
            return "—";
        }
        if (value instanceof Double d) {
            return Math.abs(d) >= 1000 || d == Math.rint(d) ? String.format("%.0f", d) : String.format("%.4g", d);
        }
        return value.toString();
    }
}
