package io.sightline.server;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Answers that leave part of the request body unread (a refusal by access control, a handler that
 * needs no body) carry {@code Connection: close}.
 *
 * <p>Why: Jetty closes such a connection after the response, because the unread bytes would be taken
 * for the next request; without the header a keep-alive client (the JDK's HttpClient among them) may
 * already have picked that connection for its next request, which then fails with no answer at all.
 * Closing by header tells the client before it reuses the connection. Reading the rest of the body
 * instead would let an unauthenticated client make the server read up to the body limit.
 */
final class UnreadBodyFilter implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(request, response);
        if (request.isAsyncStarted() || response.isCommitted() || !hasBody(request)) {
            return;
        }
        boolean unread;
        try {
            unread = !request.getInputStream().isFinished();
        } catch (IllegalStateException readerInUse) {
            return; // the handler read the body as characters
        }
        if (unread && response instanceof HttpServletResponse http) {
            http.setHeader("Connection", "close");
        }
    }

    private static boolean hasBody(ServletRequest request) {
        return request.getContentLengthLong() > 0
                || (request instanceof jakarta.servlet.http.HttpServletRequest http
                        && http.getHeader("Transfer-Encoding") != null);
    }
}
