package io.sightline.server.auth;

import io.sightline.core.wire.SessionField;
import io.sightline.core.wire.TokenField;
import io.sightline.core.wire.Violation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * API tokens in the {@code api_token} table. A secret is {@code sl_} followed by 32 random bytes in
 * url-safe base64 (no padding); it is shown once, at creation, and only its SHA-256 (hex) is stored.
 * Names are unique, also after revocation (a revoked token stays listed as revoked). An agent token names
 * the agent ids it acts for ({@code api_token_agent}), or binds to the first one it uses.
 */
public final class TokenStore {

    /** Every Sightline API token starts with this, so leaked tokens are recognisable by scanners. */
    public static final String PREFIX = "sl_";

    /**
     * @param id stable token id
     * @param name unique human name, such as {@code agent-krios-1}
     * @param revokedAt null while the token is valid
     * @param agentIds the agents an agent token acts for, sorted; empty for other roles, and for an agent
     *     token not yet bound (it binds to the first agent id it acts for, {@link #bindAtFirstUse})
     */
    public record TokenInfo(
            String id, String name, Role role, Instant createdAt, Instant revokedAt, List<String> agentIds) {
        public TokenInfo {
            agentIds = List.copyOf(new TreeSet<>(agentIds));
        }

        public boolean active() {
            return revokedAt == null;
        }

        /** Which agents requests with this token act for ({@link AgentAccess}). */
        public AgentScope agentScope() {
            if (role != Role.AGENT) {
                return AgentScope.NONE;
            }
            return agentIds.isEmpty() ? new AgentScope.AtFirstUse(id) : new AgentScope.Named(Set.copyOf(agentIds));
        }
    }

    /** A new token: the secret exists only in this value; store it in the client now. */
    public record CreatedToken(TokenInfo info, String secret) {
        @Override
        public String toString() {
            return "CreatedToken[" + info + ", secret=***]";
        }
    }

    /** A token with this name exists already. */
    public static final class TokenNameTakenException extends RuntimeException {
        public TokenNameTakenException(String name) {
            super("a token named '" + name + "' exists already");
        }
    }

    /** The token table could not be read or written. */
    public static final class TokenStoreException extends RuntimeException {
        public TokenStoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final String NAMED = "named";
    private static final String FIRST_USE = "first-use";
    private static final Duration ACTIVE_CACHE = Duration.ofSeconds(2);

    private final DataSource dataSource;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private volatile long activeCheckedNanos;
    private volatile boolean activeCacheValid;
    private volatile boolean activeCached;

    public TokenStore(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public TokenStore(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    /** A token that names no agent: any role but agent, or an agent token that binds at first use. */
    public CreatedToken create(String name, Role role) {
        return create(name, role, List.of());
    }

    /**
     * A new token; {@code agentIds} (agent role only) are the agents it acts for, and no other.
     *
     * @throws IllegalArgumentException for a blank or too long name, agent ids on another role, or an agent
     *     id that is blank, outside the limits of {@link SessionField#AGENT_ID} or holds control characters
     */
    public CreatedToken create(String name, Role role, Collection<String> agentIds) {
        Objects.requireNonNull(role, "role");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("token name must not be blank");
        }
        Optional<Violation> problem = TokenField.NAME.spec().check(name);
        if (problem.isPresent()) {
            throw new IllegalArgumentException("token name " + problem.get().message());
        }
        List<String> agents = agentIds(role, agentIds);
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        TokenInfo info = new TokenInfo(UUID.randomUUID().toString(), name.strip(), role, clock.instant(), null, agents);
        try (Connection c = dataSource.getConnection()) {
            if (find(c, "name", info.name()).isPresent()) {
                throw new TokenNameTakenException(info.name());
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO api_token (id, name, role, token_hash, created_at) VALUES (?,?,?,?,?)")) {
                ps.setString(1, info.id());
                ps.setString(2, info.name());
                ps.setString(3, role.name());
                ps.setString(4, sha256Hex(secret));
                ps.setObject(5, OffsetDateTime.ofInstant(info.createdAt(), ZoneOffset.UTC));
                ps.executeUpdate();
                for (String agentId : agents) {
                    insertAgent(c, info.id(), agentId, NAMED);
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                throw new TokenNameTakenException(info.name());
            }
            throw new TokenStoreException("cannot create token " + info.name(), e);
        }
        activeCacheValid = false;
        return new CreatedToken(info, secret);
    }

    /** The active token whose secret this is, compared in constant time; empty for unknown or revoked. */
    public Optional<TokenInfo> verify(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String hash = sha256Hex(secret);
        try (Connection c = dataSource.getConnection()) {
            Optional<Row> row = find(c, "token_hash", hash);
            if (row.isEmpty()) {
                return Optional.empty();
            }
            boolean same = MessageDigest.isEqual(
                    hash.getBytes(StandardCharsets.US_ASCII), row.get().hash().getBytes(StandardCharsets.US_ASCII));
            return same && row.get().info().active() ? Optional.of(row.get().info()) : Optional.empty();
        } catch (SQLException e) {
            throw new TokenStoreException("cannot verify a token", e);
        }
    }

    /**
     * Binds an agent token that names no agent yet to {@code agentId}, its first. The token's row is locked
     * while it looks, so that two first requests for different agents bind exactly one of them.
     *
     * @return the token's agent ids afterwards: {@code agentId} alone, or what it was bound to before
     */
    public List<String> bindAtFirstUse(String tokenId, String agentId) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement lock = c.prepareStatement("SELECT id FROM api_token WHERE id = ? FOR UPDATE")) {
                    lock.setString(1, tokenId);
                    lock.executeQuery().close();
                }
                List<String> bound = agentIds(c, tokenId);
                if (bound.isEmpty()) {
                    insertAgent(c, tokenId, agentId, FIRST_USE);
                    bound = List.of(agentId);
                }
                c.commit();
                return bound;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new TokenStoreException("cannot bind token " + tokenId + " to agent " + agentId, e);
        }
    }

    /** Revokes the named token; false when there is no active token of that name. */
    public boolean revoke(String name) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE api_token SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL")) {
            ps.setObject(1, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            ps.setString(2, name);
            boolean changed = ps.executeUpdate() > 0;
            activeCacheValid = false;
            return changed;
        } catch (SQLException e) {
            throw new TokenStoreException("cannot revoke token " + name, e);
        }
    }

    /** All tokens, active and revoked, by name. Secrets are not stored, so they are not listed. */
    public List<TokenInfo> list() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT id, name, role, token_hash, created_at, revoked_at FROM api_token ORDER BY name");
                ResultSet rs = ps.executeQuery()) {
            List<TokenInfo> out = new ArrayList<>();
            while (rs.next()) {
                out.add(row(c, rs).info());
            }
            return out;
        } catch (SQLException e) {
            throw new TokenStoreException("cannot list tokens", e);
        }
    }

    /** Whether any token is active (cached for two seconds, reset by create and revoke here). */
    public boolean hasActiveTokens() {
        long now = System.nanoTime();
        if (activeCacheValid && now - activeCheckedNanos < ACTIVE_CACHE.toNanos()) {
            return activeCached;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM api_token WHERE revoked_at IS NULL");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            activeCached = rs.getLong(1) > 0;
            activeCheckedNanos = now;
            activeCacheValid = true;
            return activeCached;
        } catch (SQLException e) {
            throw new TokenStoreException("cannot count tokens", e);
        }
    }

    private record Row(TokenInfo info, String hash) {}

    private static Optional<Row> find(Connection c, String column, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, name, role, token_hash, created_at, revoked_at FROM api_token WHERE " + column + " = ?")) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(c, rs)) : Optional.empty();
            }
        }
    }

    private static Row row(Connection c, ResultSet rs) throws SQLException {
        OffsetDateTime revoked = rs.getObject("revoked_at", OffsetDateTime.class);
        String id = rs.getString("id");
        return new Row(
                new TokenInfo(
                        id,
                        rs.getString("name"),
                        Role.valueOf(rs.getString("role")),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        revoked == null ? null : revoked.toInstant(),
                        agentIds(c, id)),
                rs.getString("token_hash"));
    }

    private static List<String> agentIds(Connection c, String tokenId) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT agent_id FROM api_token_agent WHERE token_id = ? ORDER BY agent_id")) {
            ps.setString(1, tokenId);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> ids = new ArrayList<>();
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
                return ids;
            }
        }
    }

    private void insertAgent(Connection c, String tokenId, String agentId, String how) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO api_token_agent (token_id, agent_id, bound_how, bound_at) VALUES (?,?,?,?)")) {
            ps.setString(1, tokenId);
            ps.setString(2, agentId);
            ps.setString(3, how);
            ps.setObject(4, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            ps.executeUpdate();
        }
    }

    /** The agent ids a new token names, checked: only agent tokens name any. */
    private static List<String> agentIds(Role role, Collection<String> requested) {
        if (requested == null || requested.isEmpty()) {
            return List.of();
        }
        if (role != Role.AGENT) {
            throw new IllegalArgumentException("only agent tokens name agent ids; this token's role is "
                    + role.name().toLowerCase(java.util.Locale.ROOT));
        }
        Set<String> ids = new TreeSet<>();
        for (String raw : requested) {
            String id = raw == null ? "" : raw.strip();
            Optional<Violation> problem = SessionField.AGENT_ID.spec().check(id);
            if (id.isEmpty() || problem.isPresent() || id.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("agent id '" + (raw == null ? "" : raw.replaceAll("\\p{Cntrl}", "?"))
                        + "' must not be blank, "
                        + problem.map(Violation::message).orElse("must not hold control characters"));
            }
            ids.add(id);
        }
        return List.copyOf(ids);
    }

    static String sha256Hex(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
