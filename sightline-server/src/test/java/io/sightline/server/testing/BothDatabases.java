package io.sightline.server.testing;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.ParameterDeclarations;

/**
 * Runs a parameterised test once on H2 and once on PostgreSQL, each with a fresh database:
 * <pre>{@code
 * @ParameterizedTest(name = "{0}")
 * @ArgumentsSource(BothDatabases.class)
 * void storesIt(TestDatabase db) { ... db.open() ... }
 * }</pre>
 * The databases are created lazily per invocation and closed (dropped) by JUnit afterwards, since
 * {@link TestDatabase} is {@link AutoCloseable}.
 */
public final class BothDatabases implements ArgumentsProvider {
    @Override
    public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
        return Stream.<Supplier<TestDatabase>>of(TestDatabase::h2, TestDatabase::postgres)
                .map(s -> Arguments.of(s.get()));
    }
}
