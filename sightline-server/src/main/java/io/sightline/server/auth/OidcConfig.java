package io.sightline.server.auth;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where JWTs come from and how their claims map to roles and agent ids.
 *
 * @param issuer the exact {@code iss} value required, e.g. {@code https://keycloak.example/realms/em}
 * @param jwksUri the issuer's JWKS document (RS256 keys), e.g. {@code .../protocol/openid-connect/certs}
 * @param audience required in {@code aud} (string or array); null to accept any audience
 * @param roleClaim dotted path of the claim holding role names, e.g. {@code roles} or
 *     {@code realm_access.roles}; its value is a string array or a space-separated string
 * @param agentClaim dotted path of the claim holding the agent ids a user with the agent role acts for
 *     ({@code agent_ids} by default); a string array or a space-separated string
 * @param roleValues claim value → role; the caller gets the highest role any value maps to
 * @param leeway clock skew allowed for {@code exp} and {@code nbf}
 * @param minRefreshInterval at most one JWKS refresh per interval when a token names an unknown key id
 */
public record OidcConfig(
        String issuer,
        URI jwksUri,
        String audience,
        String roleClaim,
        String agentClaim,
        Map<String, Role> roleValues,
        Duration leeway,
        Duration minRefreshInterval) {

    public static final String DEFAULT_AGENT_CLAIM = "agent_ids";

    public static final Map<String, Role> DEFAULT_ROLE_VALUES = Map.of(
            "viewer",
            Role.VIEWER,
            "agent",
            Role.AGENT,
            "steering",
            Role.STEERING,
            "admin",
            Role.ADMIN,
            "sightline-viewer",
            Role.VIEWER,
            "sightline-agent",
            Role.AGENT,
            "sightline-steering",
            Role.STEERING,
            "sightline-admin",
            Role.ADMIN);

    public OidcConfig {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(jwksUri, "jwksUri");
        roleClaim = roleClaim == null || roleClaim.isBlank() ? "roles" : roleClaim;
        agentClaim = agentClaim == null || agentClaim.isBlank() ? DEFAULT_AGENT_CLAIM : agentClaim;
        roleValues = roleValues == null || roleValues.isEmpty() ? DEFAULT_ROLE_VALUES : Map.copyOf(roleValues);
        leeway = leeway == null ? Duration.ofSeconds(60) : leeway;
        minRefreshInterval = minRefreshInterval == null ? Duration.ofSeconds(30) : minRefreshInterval;
    }

    public static OidcConfig of(String issuer, URI jwksUri, String audience, String roleClaim, String agentClaim) {
        return new OidcConfig(issuer, jwksUri, audience, roleClaim, agentClaim, null, null, null);
    }
}
