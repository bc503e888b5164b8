/**
 * The HTTP layer every route shares: routes declared with their OpenAPI description
 * ({@link io.sightline.server.http.Endpoints}, {@link io.sightline.server.http.Operation}), the generated
 * {@code /openapi.json} and {@link io.sightline.server.http.Problems}, the one place where exceptions and
 * refusals become {@code application/problem+json}.
 */
package io.sightline.server.http;
