package io.sightline.server.web;

import io.javalin.http.Context;
import io.sightline.server.auth.AgentScope;
import io.sightline.server.auth.Principal;
import io.sightline.server.auth.Role;
import io.sightline.server.http.ApiException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * A page's live refresh (docs/dashboard.md, "Live updates"): {@code dashboard.js} fetches its own page
 * with {@link #HEADER} naming the newest event it has received, and swaps the live regions. Those regions
 * depend on the page, its query and whether the viewer may steer, never on who exactly is looking (the
 * CSRF token and the logout form are outside them), so one render serves every viewer of the same page
 * and role class ({@link SharedRenders}).
 */
final class LiveRefresh {
    /** Request header: the newest event id the page has received, or {@code latest}. */
    static final String HEADER = "X-Sightline-Live";
    /** Response header: the event id the render reflects (every event up to it). */
    static final String REFLECTS_HEADER = "X-Sightline-Reflects";
    /**
     * Response header: the newest event id when the render ended; no event after it is in the render, so
     * the page may apply those to the DOM itself (counts) without counting one twice.
     */
    static final String NEWEST_AT_END_HEADER = "X-Sightline-Newest-At-End";
    /** How long a render is shared when no event made it stale: agent states change with the clock. */
    static final Duration MAX_AGE = Duration.ofSeconds(1);
    /** Pages whose render is kept (about 300 KB each at most). */
    static final int MAX_PAGES = 64;

    private final SharedRenders renders;

    LiveRefresh(SharedRenders renders) {
        this.renders = Objects.requireNonNull(renders, "renders");
    }

    /**
     * The shared render for this request's page.
     *
     * @param render renders the page for a stand-in viewer of the caller's role class, without a CSRF token
     */
    SharedRenders.Render serve(Context ctx, Principal who, Function<Principal, String> render) {
        long seen = seen(ctx.header(HEADER), renders.newestEventId());
        boolean steer = WebAuth.maySteer(who);
        String query = ctx.queryString();
        String page = ctx.path() + (query == null ? "" : "?" + query) + (steer ? " steering" : " viewer");
        Principal standIn = steer ? SHARED_STEERING : SHARED_VIEWER;
        return renders.get(page, seen, () -> render.apply(standIn));
    }

    /**
     * The event a refresh must reflect: the one named, or the newest committed for {@code latest} (a page
     * whose stream just opened may have missed events before it). Never beyond the newest committed: a
     * page that outlived a reset database names ids this server has not reached.
     */
    static long seen(String header, long newest) {
        String value = header.strip();
        if (value.equals("latest") || value.isEmpty()) {
            return newest;
        }
        try {
            long id = Long.parseLong(value);
            if (id >= 0) {
                return Math.min(id, newest);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest(
                "header " + HEADER + " must be an event id (a non-negative integer) or 'latest', not '" + value + "'");
    }

    // Stand-ins render the shared copy: the role decides what is drawn; source "open" keeps the viewer's own
    // name and logout form (outside the live regions anyway) out of a copy others are served.
    private static final Principal SHARED_VIEWER =
            new Principal("shared live render", Role.VIEWER, "open", AgentScope.NONE);
    private static final Principal SHARED_STEERING =
            new Principal("shared live render", Role.STEERING, "open", AgentScope.NONE);
}
