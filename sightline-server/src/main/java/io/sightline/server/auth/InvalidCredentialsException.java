package io.sightline.server.auth;

/** A presented credential is not acceptable; the message says why (and is safe to show the caller). */
public final class InvalidCredentialsException extends Exception {
    public InvalidCredentialsException(String message) {
        super(message);
    }

    public InvalidCredentialsException(String message, Throwable cause) {
        super(message, cause);
    }
}
