package io.sightline.server.http;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * What Jetty answers itself, before any route runs (a bad escape such as {@code %00} or a lone
 * {@code %}, a {@code ..} path, a URI or headers too large, a request it cannot parse), as
 * {@code application/problem+json} through {@link Problems} instead of Jetty's HTML page: one handler
 * for the server, one for the servlet context, both writing the same body.
 */
final class JettyProblems {
    private static final HttpField CONTENT_TYPE = new HttpField(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE);

    private JettyProblems() {}

    /** For requests refused before they reach the servlet context. */
    static final class ForServer extends org.eclipse.jetty.server.handler.ErrorHandler {
        /** Jetty writes error bodies only for GET, POST and HEAD; a refused PUT or DELETE needs one too. */
        @Override
        public boolean errorPageForMethod(String method) {
            return true;
        }

        @Override
        protected boolean generateAcceptableResponse(
                Request request,
                Response response,
                Callback callback,
                String contentType,
                List<Charset> charsets,
                int code,
                String message,
                Throwable cause) {
            // Jetty drops the connection after a request it could not parse; saying so keeps clients
            // from sending their next request down a connection that is already gone
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            return writeProblem(request, response, callback, code, message);
        }

        /** Requests the HTTP parser refused (URI too long, headers too large, not HTTP at all). */
        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            fields.put(CONTENT_TYPE);
            fields.put(HttpHeader.CONNECTION, "close");
            return ByteBuffer.wrap(
                    Problems.body(status, detail(status, reason), null).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** For requests the servlet context refuses (ambiguous paths, errors outside Javalin's handlers). */
    static final class ForServlets extends org.eclipse.jetty.ee10.servlet.ErrorHandler {
        @Override
        public boolean errorPageForMethod(String method) {
            return true;
        }

        @Override
        protected boolean generateAcceptableResponse(
                Request request,
                Response response,
                Callback callback,
                String contentType,
                List<Charset> charsets,
                int code,
                String message,
                Throwable cause) {
            return writeProblem(request, response, callback, code, message);
        }
    }

    private static boolean writeProblem(
            Request request, Response response, Callback callback, int code, String message) {
        byte[] body = Problems.body(
                        code, detail(code, message), request.getHttpURI().getPath())
                .getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(CONTENT_TYPE);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    private static String detail(int status, String message) {
        String what = message == null || message.isBlank() ? HttpStatus.getMessage(status) : message;
        return "the server refused the request as sent: " + what;
    }
}
